/* td-okta-classic.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-aws-credentials.h"
#include "td-error.h"
#include "td-factor.h"
#include "td-json.h"
#include "td-okta-classic.h"

/* Okta documents no push polling interval; it rate-limits fast pollers, and
 * polls closer than a second apart have broken other tools. */
#define MIN_POLL_INTERVAL_MS 1000
#define DEFAULT_POLL_INTERVAL_MS 2000
#define DEFAULT_PUSH_TIMEOUT_S 300
#define MAX_TRANSPORT_FAILURES 3
#define MAX_CODE_TRIES 3
#define MAX_CODE_SENDS 2
#define DEFAULT_RATE_LIMIT_WAIT_S 30
#define MAX_RATE_LIMIT_WAIT_S 120

struct _TdOktaClassic
{
  GObject     parent_instance;

  TdHttp     *http;
  TdPrompter *prompter;
  char       *org_url;
  char       *username;
  char       *password;
  char       *mfa_method;
  char       *mfa_response;
  gboolean    mfa_response_used;
  guint       poll_interval_ms;
  guint       push_timeout_s;
  GStrv       factor_methods;
};

static void td_okta_classic_sign_in_flow_init (TdSignInFlowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TdOktaClassic, td_okta_classic, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TD_TYPE_SIGN_IN_FLOW,
                                                      td_okta_classic_sign_in_flow_init))

typedef enum {
  STEP_AUTHN,
  STEP_SKIP,
  STEP_VERIFY_PUSH,
  STEP_POLL,
  STEP_SEND_CODE,
  STEP_VERIFY_CODE,
  STEP_CANCEL,
} Step;

typedef struct {
  char      *redirect_url;
  char      *state_token;
  char      *cancel_href;
  JsonNode  *root;
  GPtrArray *factors;
  TdFactor  *factor;
  Step       step;
  gboolean   challenge_shown;
  guint      transport_failures;
  guint      code_tries;
  guint      code_sends;
  gint64     push_deadline;
  GError    *pending_error;
} Transaction;

static void
transaction_free (Transaction *transaction)
{
  g_free (transaction->redirect_url);
  td_secret_free (transaction->state_token);
  g_free (transaction->cancel_href);
  g_clear_pointer (&transaction->root, json_node_unref);
  g_clear_pointer (&transaction->factors, g_ptr_array_unref);
  g_clear_pointer (&transaction->factor, td_factor_free);
  g_clear_error (&transaction->pending_error);
  g_free (transaction);
}

static void
td_okta_classic_finalize (GObject *object)
{
  TdOktaClassic *self = (TdOktaClassic *) object;

  g_clear_object (&self->http);
  g_clear_object (&self->prompter);
  g_free (self->org_url);
  g_free (self->username);
  td_secret_free (self->password);
  g_free (self->mfa_method);
  td_secret_free (self->mfa_response);
  g_strfreev (self->factor_methods);

  G_OBJECT_CLASS (td_okta_classic_parent_class)->finalize (object);
}

static void
td_okta_classic_class_init (TdOktaClassicClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = td_okta_classic_finalize;
}

static void
td_okta_classic_init (TdOktaClassic *self)
{
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->push_timeout_s = DEFAULT_PUSH_TIMEOUT_S;
}

/**
 * td_okta_classic_new:
 * @http: the HTTP session of the run
 * @prompter: the prompter for factors, codes and security answers
 * @org_url: the Okta org origin, `https://acme.okta.com`
 */
TdOktaClassic *
td_okta_classic_new (TdHttp     *http,
                     TdPrompter *prompter,
                     const char *org_url)
{
  TdOktaClassic *self;

  g_return_val_if_fail (TD_IS_HTTP (http), NULL);
  g_return_val_if_fail (TD_IS_PROMPTER (prompter), NULL);
  g_return_val_if_fail (org_url != NULL, NULL);

  self = g_object_new (TD_TYPE_OKTA_CLASSIC, NULL);
  self->http = g_object_ref (http);
  self->prompter = g_object_ref (prompter);
  self->org_url = td_http_dup_origin (org_url);

  return self;
}

void
td_okta_classic_set_credentials (TdOktaClassic *self,
                                 const char    *username,
                                 const char    *password)
{
  g_return_if_fail (TD_IS_OKTA_CLASSIC (self));

  g_free (self->username);
  self->username = g_strdup (username);
  td_secret_free (self->password);
  self->password = g_strdup (password);
}

void
td_okta_classic_set_mfa (TdOktaClassic *self,
                         const char    *method,
                         const char    *response)
{
  g_return_if_fail (TD_IS_OKTA_CLASSIC (self));

  g_free (self->mfa_method);
  self->mfa_method = g_strdup (method);
  td_secret_free (self->mfa_response);
  self->mfa_response = g_strdup (response);
  self->mfa_response_used = FALSE;
}

void
td_okta_classic_set_poll_interval (TdOktaClassic *self,
                                   guint          milliseconds)
{
  g_return_if_fail (TD_IS_OKTA_CLASSIC (self));

  self->poll_interval_ms = MAX (milliseconds, MIN_POLL_INTERVAL_MS);
}

/**
 * td_okta_classic_get_factor_methods:
 *
 * Returns: (nullable): the supported factors of the last MFA challenge, as
 *   `provider:type` MFA methods, or %NULL when Okta asked for none
 */
const char * const *
td_okta_classic_get_factor_methods (TdOktaClassic *self)
{
  g_return_val_if_fail (TD_IS_OKTA_CLASSIC (self), NULL);

  return (const char * const *) self->factor_methods;
}

void
td_okta_classic_set_push_timeout (TdOktaClassic *self,
                                  guint          seconds)
{
  g_return_if_fail (TD_IS_OKTA_CLASSIC (self));

  self->push_timeout_s = seconds;
}

static void
wipe_bytes (gpointer data)
{
  char *text = data;

  explicit_bzero (text, strlen (text));
  g_free (text);
}

/* Builds a JSON body that contains secrets. The text is wiped when freed. */
static GBytes *
build_body (Transaction *transaction,
            const char  *first_member,
            ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *member = first_member;
  char *text;
  va_list args;

  json_builder_begin_object (builder);
  if (transaction != NULL && transaction->state_token != NULL)
    {
      json_builder_set_member_name (builder, "stateToken");
      json_builder_add_string_value (builder, transaction->state_token);
    }

  va_start (args, first_member);
  while (member != NULL)
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, value);
      member = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  return g_bytes_new_with_free_func (text, strlen (text), wipe_bytes, text);
}

static void reply_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

/* Posts @body to @href, a link from Okta's last reply. Links are followed
 * only on the org's own origin, so the state token never leaves it. */
static void
post_step (GTask      *task,
           Step        step,
           const char *href,
           GBytes     *body)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  g_autofree char *origin = NULL;

  if (href == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                               _("Okta's reply has no link to continue the sign-in"));
      g_object_unref (task);
      return;
    }

  if (!td_http_url_has_origin (href, self->org_url))
    {
      origin = td_http_dup_origin (href);
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                               _("Okta sent a link to %s, outside the org %s; it was not followed "
                               "so that the sign-in transaction stays within the org"),
                               origin ? origin : "an invalid URL", self->org_url);
      g_object_unref (task);
      return;
    }

  transaction->step = step;
  td_http_request_async (self->http, "POST", href, "application/json", "application/json", body,
                         step == STEP_POLL ? TD_HTTP_RETRY_SAFE : TD_HTTP_FLAGS_NONE,
                         g_task_get_cancellable (task), reply_cb, task);
}

static void
cancel_reply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;

  body = td_http_request_finish (TD_HTTP (object), result, NULL, NULL);
  g_debug ("Okta transaction cancelled%s", body ? "" : " (the request failed)");

  g_task_return_error (task, g_steal_pointer (&transaction->pending_error));
  g_object_unref (task);
}

/* Ends the sign-in with @error. A transaction still open in Okta is
 * cancelled first, best effort and whatever @error is, so that a pending
 * push stops asking the phone. */
static void
fail (GTask  *task,
      GError *error)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;

  td_prompter_notify (self->prompter, TD_NOTICE_DONE, NULL);

  if (transaction->state_token == NULL || transaction->cancel_href == NULL ||
      !td_http_url_has_origin (transaction->cancel_href, self->org_url))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  transaction->pending_error = error;
  transaction->step = STEP_CANCEL;
  body = build_body (transaction, NULL);
  td_http_request_async (self->http, "POST", transaction->cancel_href, "application/json",
                         "application/json", body, TD_HTTP_FLAGS_NONE, NULL, cancel_reply_cb, task);
}

static void
fail_literal (GTask      *task,
              TdError     code,
              const char *message)
{
  fail (task, g_error_new_literal (TD_ERROR, code, message));
}

static void
session_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  GBytes *page;

  page = td_http_get_page_finish (TD_HTTP (object), result, NULL, &error);
  if (page == NULL)
    {
      g_prefix_error (&error, _("Opening the AWS app with the new Okta session failed: "));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_task_return_pointer (task, page, (GDestroyNotify) g_bytes_unref);
  g_object_unref (task);
}

/* Exchanges the one-time session token for an Okta session cookie and
 * lands on the app page in the same redirect chain. */
static void
open_session (GTask      *task,
              const char *session_token)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  g_autofree char *token = g_uri_escape_string (session_token, NULL, FALSE);
  g_autofree char *redirect = g_uri_escape_string (transaction->redirect_url, NULL, FALSE);
  char *url;

  td_prompter_notify (self->prompter, TD_NOTICE_DONE, NULL);
  g_clear_pointer (&transaction->state_token, td_secret_free);

  url = g_strdup_printf ("%s/login/sessionCookieRedirect?token=%s&redirectUrl=%s",
                         self->org_url, token, redirect);
  g_debug ("Okta sign-in succeeded; opening the session");
  td_http_get_page_async (self->http, url, self->org_url, g_task_get_cancellable (task),
                          session_page_cb, task);
  td_secret_free (url);
  explicit_bzero (token, strlen (token));
}

static const char *
get_link (JsonObject *object,
          const char *name)
{
  return td_json_get_string (td_json_get_object (td_json_get_object (object, "_links"), name), "href");
}

static const char *
get_resend_link (JsonObject     *object,
                 const TdFactor *factor)
{
  JsonObject *links = td_json_get_object (object, "_links");
  JsonArray *resend = td_json_get_array (links, "resend");
  const char *fallback = NULL;

  if (resend == NULL)
    return td_json_get_string (td_json_get_object (links, "resend"), "href");

  for (guint i = 0; i < json_array_get_length (resend); i++)
    {
      JsonNode *node = json_array_get_element (resend, i);
      JsonObject *link = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = td_json_get_string (link, "name");
      const char *href = td_json_get_string (link, "href");

      if (href == NULL)
        continue;
      if (fallback == NULL)
        fallback = href;
      if (factor != NULL && name != NULL && g_ascii_strcasecmp (name, factor->type) == 0)
        return href;
    }

  return fallback;
}

/* ---- MFA: passcodes, sent codes and security questions ---- */

static void verify_factor (GTask *task, TdFactor *factor);

/* Normalises a typed code: Okta Verify shows "012 345", and a pasted code
 * may carry a newline. The code stays a string, so a leading zero stays. */
static char *
normalise_code (const char *input,
                gboolean    digits_only,
                char      **problem)
{
  GString *code = g_string_new (NULL);

  for (const char *p = input; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          *problem = g_strdup (_("The code contains control characters; type it again"));
          goto invalid;
        }
      g_string_append_c (code, *p);
    }

  if (code->len == 0)
    return g_string_free (code, FALSE);

  if (digits_only)
    {
      gboolean all_digits = TRUE;

      for (gsize i = 0; i < code->len; i++)
        all_digits = all_digits && g_ascii_isdigit (code->str[i]);

      if (!all_digits || code->len < 6 || code->len > 8)
        {
          *problem = g_strdup (_("A code has 6 to 8 digits; type it again"));
          goto invalid;
        }
    }

  return g_string_free (code, FALSE);

invalid:
  explicit_bzero (code->str, code->len);
  g_string_free (code, TRUE);
  return NULL;
}

static gboolean
factor_needs_digits (const TdFactor *factor)
{
  return g_ascii_strcasecmp (factor->type, "token:software:totp") == 0 ||
         g_ascii_strcasecmp (factor->type, "token:hotp") == 0 ||
         td_factor_get_kind (factor) == TD_FACTOR_KIND_SENT_CODE;
}

static void
send_code (GTask *task,
           char  *code)
{
  Transaction *transaction = g_task_get_task_data (task);
  TdFactor *factor = transaction->factor;
  g_autoptr(GBytes) body = NULL;

  if (td_factor_get_kind (factor) == TD_FACTOR_KIND_QUESTION)
    body = build_body (transaction, "answer", code, NULL);
  else
    body = build_body (transaction, "passCode", code, NULL);
  td_secret_free (code);

  transaction->code_tries++;
  post_step (task, STEP_VERIFY_CODE, factor->verify_href, body);
}

static void ask_code (GTask *task);

static void
resend_code (GTask *task)
{
  Transaction *transaction = g_task_get_task_data (task);
  JsonObject *reply = transaction->root ? json_node_get_object (transaction->root) : NULL;
  const char *href = get_resend_link (reply, transaction->factor);
  g_autoptr(GBytes) body = build_body (transaction, NULL);

  transaction->code_sends++;
  post_step (task, STEP_SEND_CODE, href ? href : transaction->factor->verify_href, body);
}

static void
ask_code_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  TdFactor *factor = transaction->factor;
  g_autofree char *problem = NULL;
  GError *error = NULL;
  char *answer;
  char *code;

  answer = td_prompter_ask_finish (TD_PROMPTER (object), result, &error);
  if (answer == NULL)
    {
      fail (task, error);
      return;
    }

  if (td_factor_get_kind (factor) == TD_FACTOR_KIND_QUESTION)
    {
      send_code (task, answer);
      return;
    }

  code = normalise_code (answer, factor_needs_digits (factor), &problem);
  td_secret_free (answer);

  if (code != NULL && *code == '\0' && td_factor_get_kind (factor) == TD_FACTOR_KIND_SENT_CODE &&
      transaction->code_sends < MAX_CODE_SENDS)
    {
      /* An empty line requests a new code, as the prompt explains. */
      td_secret_free (code);
      resend_code (task);
      return;
    }

  if (code == NULL || *code == '\0')
    {
      td_secret_free (code);
      td_prompter_notify (TD_PROMPTER (object), TD_NOTICE_WARNING,
                          problem ? problem : _("No code was entered"));
      ask_code (task);
      return;
    }

  send_code (task, code);
}

static void
ask_code (GTask *task)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  TdFactor *factor = transaction->factor;
  g_autofree char *message = NULL;
  g_autofree char *problem = NULL;
  TdPromptKind kind = TD_PROMPT_PASSCODE;

  /* A code given on the command line is used for the first challenge only,
   * so a code is never sent twice. */
  if (self->mfa_response != NULL && !self->mfa_response_used)
    {
      char *code;

      self->mfa_response_used = TRUE;
      if (td_factor_get_kind (factor) == TD_FACTOR_KIND_QUESTION)
        code = g_strdup (self->mfa_response);
      else
        code = normalise_code (self->mfa_response, factor_needs_digits (factor), &problem);

      if (code == NULL || *code == '\0')
        {
          td_secret_free (code);
          fail (task, g_error_new (TD_ERROR, TD_ERROR_MFA_INVALID,
                                   _("The MFA response given with --mfa-response is not valid for "
                                   "the %s factor: %s"), factor->type,
                                   problem ? problem : "it is empty"));
          return;
        }

      send_code (task, code);
      return;
    }

  if (!td_prompter_is_interactive (self->prompter))
    {
      if (self->mfa_response_used)
        fail (task, g_error_new (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                 _("Okta asks for a second %s code (the code given with "
                                 "--mfa-response answered the first challenge and is never sent "
                                 "twice); run tokendito in a terminal to type the new code"),
                                 factor->type));
      else
        fail (task, g_error_new (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                 _("The %s factor needs a code, and there is no terminal to ask for "
                                 "it; give it with --mfa-response CODE"), factor->type));
      return;
    }

  switch (td_factor_get_kind (factor))
    {
    case TD_FACTOR_KIND_QUESTION:
      kind = TD_PROMPT_ANSWER;
      message = g_strdup_printf (_("Answer to “%s”"), factor->detail ? factor->detail : _("security question"));
      break;

    case TD_FACTOR_KIND_SENT_CODE:
      message = g_strdup_printf (_("Code sent by %s to %s (press Enter to get a new code)"),
                                 factor->type, factor->detail ? factor->detail : _("your phone"));
      break;

    case TD_FACTOR_KIND_PASSCODE:
    case TD_FACTOR_KIND_PUSH:
    case TD_FACTOR_KIND_UNSUPPORTED:
    default:
      message = g_strdup_printf (_("Code from %s (%s)"), factor->provider, factor->type);
      break;
    }

  td_prompter_ask_async (self->prompter, kind, message, g_task_get_cancellable (task),
                         ask_code_cb, task);
}

/* ---- MFA: Okta Verify push ---- */

static gboolean
poll_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  JsonObject *reply = json_node_get_object (transaction->root);
  g_autoptr(GBytes) body = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      /* Cancelled while waiting: still end the Okta transaction. */
      fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in cancelled")));
      return G_SOURCE_REMOVE;
    }

  body = build_body (transaction, NULL);
  post_step (task, STEP_POLL, get_link (reply, "next"), body);

  return G_SOURCE_REMOVE;
}

static void
schedule_poll (GTask *task)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);

  if (g_get_monotonic_time () > transaction->push_deadline)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_MFA_TIMEOUT,
                               _("The push was not answered within %u seconds; run again, or "
                               "choose another factor with --mfa-method"), self->push_timeout_s));
      return;
    }

  g_timeout_add (self->poll_interval_ms, poll_timeout_cb, task);
}

static void
show_number_challenge (GTask      *task,
                       JsonObject *reply)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  JsonObject *factor = td_json_get_object (td_json_get_object (reply, "_embedded"), "factor");
  JsonObject *challenge = td_json_get_object (td_json_get_object (factor, "_embedded"), "challenge");
  g_autofree char *number = td_json_dup_scalar (challenge, "correctAnswer");

  /* Okta repeats the number in every poll until the user responds, so it
   * is shown once. It is missing or null until Okta requires it. */
  if (number == NULL || transaction->challenge_shown)
    return;

  transaction->challenge_shown = TRUE;
  td_prompter_show_challenge (self->prompter, number);
}

static void
resend_push_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  JsonObject *reply = json_node_get_object (transaction->root);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  int choice;

  choice = td_prompter_choose_finish (TD_PROMPTER (object), result, &error);
  if (choice < 0)
    {
      fail (task, error);
      return;
    }

  if (choice != 0)
    {
      fail_literal (task, TD_ERROR_MFA_TIMEOUT, _("The push timed out on the device"));
      return;
    }

  transaction->challenge_shown = FALSE;
  transaction->push_deadline = g_get_monotonic_time () +
    (gint64) ((TdOktaClassic *) g_task_get_source_object (task))->push_timeout_s * G_USEC_PER_SEC;
  body = build_body (transaction, NULL);
  post_step (task, STEP_VERIFY_PUSH, get_resend_link (reply, transaction->factor), body);
}

static void
handle_push_result (GTask      *task,
                    JsonObject *reply)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  const char *result = td_json_get_string (reply, "factorResult");
  g_autoptr(GPtrArray) choices = NULL;

  if (g_strcmp0 (result, "WAITING") == 0)
    {
      transaction->transport_failures = 0;
      show_number_challenge (task, reply);
      schedule_poll (task);
      return;
    }

  if (g_strcmp0 (result, "REJECTED") == 0)
    {
      fail_literal (task, TD_ERROR_MFA_REJECTED,
                    _("The push was rejected on the device; run again to send a new one"));
      return;
    }

  if (g_strcmp0 (result, "TIMEOUT") != 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_SERVER,
                               _("The push ended with the unexpected result “%s”"),
                               result ? result : "(none)"));
      return;
    }

  if (!td_prompter_is_interactive (self->prompter) || get_resend_link (reply, transaction->factor) == NULL)
    {
      fail_literal (task, TD_ERROR_MFA_TIMEOUT,
                    _("The push timed out on the device; run again, or choose another factor "
                    "with --mfa-method"));
      return;
    }

  td_prompter_notify (self->prompter, TD_NOTICE_DONE, NULL);
  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) td_choice_free);
  g_ptr_array_add (choices, td_choice_new (_("Send the push again"), NULL, TRUE));
  g_ptr_array_add (choices, td_choice_new (_("Give up"), NULL, TRUE));
  td_prompter_choose_async (self->prompter, _("The push timed out"), choices,
                            g_task_get_cancellable (task), resend_push_cb, task);
}

/* ---- Factor selection ---- */

static void
verify_factor (GTask    *task,
               TdFactor *factor)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  g_autofree char *label = td_factor_dup_label (factor);
  g_autofree char *message = NULL;
  g_autoptr(GBytes) body = NULL;

  g_debug ("Verifying factor %s (%s, %s)", factor->id, factor->type, factor->provider);

  switch (td_factor_get_kind (factor))
    {
    case TD_FACTOR_KIND_PUSH:
      transaction->push_deadline = g_get_monotonic_time () + (gint64) self->push_timeout_s * G_USEC_PER_SEC;
      message = g_strdup_printf (_("Okta Verify push sent to %s; approve it on the device"),
                                 factor->detail ? factor->detail : _("your device"));
      td_prompter_notify (self->prompter, TD_NOTICE_INFO, message);
      body = build_body (transaction, NULL);
      post_step (task, STEP_VERIFY_PUSH, factor->verify_href, body);
      return;

    case TD_FACTOR_KIND_SENT_CODE:
      transaction->code_sends++;
      body = build_body (transaction, NULL);
      post_step (task, STEP_SEND_CODE, factor->verify_href, body);
      return;

    case TD_FACTOR_KIND_PASSCODE:
    case TD_FACTOR_KIND_QUESTION:
      ask_code (task);
      return;

    case TD_FACTOR_KIND_UNSUPPORTED:
    default:
      fail (task, g_error_new (TD_ERROR, TD_ERROR_UNSUPPORTED,
                               _("The factor %s (%s) is not supported by tokendito; choose another "
                               "one with --mfa-method"), factor->type, factor->provider));
      return;
    }
}

static void
choose_factor_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  GPtrArray *candidates = g_object_get_data (G_OBJECT (task), "candidates");
  GError *error = NULL;
  int choice;

  choice = td_prompter_choose_finish (TD_PROMPTER (object), result, &error);
  if (choice < 0 || (guint) choice >= candidates->len)
    {
      fail (task, error ? error : g_error_new_literal (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                                       _("No MFA factor was chosen")));
      return;
    }

  g_clear_pointer (&transaction->factor, td_factor_free);
  transaction->factor = g_ptr_array_steal_index (candidates, choice);
  verify_factor (task, transaction->factor);
}

static char *
describe_factors (GPtrArray *factors)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < factors->len; i++)
    {
      const TdFactor *factor = g_ptr_array_index (factors, i);
      g_autofree char *label = td_factor_dup_label (factor);

      g_string_append_printf (text, "\n  %s  (--mfa-method %s)", label, factor->id);
    }

  return g_string_free (text, FALSE);
}

static TdFactor *
copy_factor (const TdFactor *factor)
{
  TdFactor *copy = g_new0 (TdFactor, 1);

  copy->id = g_strdup (factor->id);
  copy->type = g_strdup (factor->type);
  copy->provider = g_strdup (factor->provider);
  copy->detail = g_strdup (factor->detail);
  copy->verify_href = g_strdup (factor->verify_href);

  return copy;
}

/* Keeps the supported factors Okta listed, as MFA methods a settings
 * editor can offer. */
static void
remember_factor_methods (TdOktaClassic *self,
                         GPtrArray     *factors)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < factors->len; i++)
    {
      const TdFactor *factor = g_ptr_array_index (factors, i);
      g_autofree char *provider = g_ascii_strdown (factor->provider, -1);
      g_autofree char *method = g_strdup_printf ("%s:%s", provider, factor->type);

      if (td_factor_get_kind (factor) != TD_FACTOR_KIND_UNSUPPORTED)
        g_strv_builder_add (builder, method);
    }

  g_strfreev (self->factor_methods);
  self->factor_methods = g_strv_builder_end (builder);
}

static void
choose_factor (GTask      *task,
               JsonObject *reply)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  JsonArray *list = td_json_get_array (td_json_get_object (reply, "_embedded"), "factors");
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autofree char *notice = NULL;
  GPtrArray *candidates;

  g_clear_pointer (&transaction->factors, g_ptr_array_unref);
  transaction->factors = g_ptr_array_new_with_free_func ((GDestroyNotify) td_factor_free);
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      TdFactor *factor = JSON_NODE_HOLDS_OBJECT (node) ? td_factor_new_from_json (json_node_get_object (node)) : NULL;

      if (factor != NULL)
        g_ptr_array_add (transaction->factors, factor);
      else
        g_debug ("Skipping a factor without id, type or verify link");
    }

  if (transaction->factors->len == 0)
    {
      fail_literal (task, TD_ERROR_SERVER, _("Okta asked for MFA but listed no usable factor"));
      return;
    }

  remember_factor_methods (self, transaction->factors);
  matches = td_factor_select (transaction->factors, self->mfa_method, &notice);
  if (matches->len == 1 && notice == NULL)
    {
      g_clear_pointer (&transaction->factor, td_factor_free);
      transaction->factor = copy_factor (g_ptr_array_index (matches, 0));
      verify_factor (task, transaction->factor);
      return;
    }

  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) td_factor_free);
  for (guint i = 0; i < (matches->len > 0 ? matches : transaction->factors)->len; i++)
    g_ptr_array_add (candidates, copy_factor (g_ptr_array_index (matches->len > 0 ? matches : transaction->factors, i)));
  g_object_set_data_full (G_OBJECT (task), "candidates", candidates, (GDestroyNotify) g_ptr_array_unref);

  if (!td_prompter_is_interactive (self->prompter))
    {
      g_autofree char *listing = describe_factors (candidates);

      fail (task, g_error_new (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                               _("%s%s; choose one with --mfa-method (a factor type, "
                               "PROVIDER:TYPE or a factor id):%s"),
                               notice ? notice : "Several MFA factors match",
                               notice ? "" : (self->mfa_method ? " the MFA method" : ""),
                               listing));
      return;
    }

  if (notice != NULL)
    td_prompter_notify (self->prompter, TD_NOTICE_WARNING, notice);

  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) td_choice_free);
  for (guint i = 0; i < candidates->len; i++)
    {
      const TdFactor *factor = g_ptr_array_index (candidates, i);
      g_autofree char *label = td_factor_dup_label (factor);

      g_ptr_array_add (choices, td_choice_new (label, NULL,
                                               td_factor_get_kind (factor) != TD_FACTOR_KIND_UNSUPPORTED));
    }

  td_prompter_choose_async (self->prompter, _("Choose an MFA factor"), choices,
                            g_task_get_cancellable (task), choose_factor_cb, task);
}

/* ---- Replies ---- */

static gint64
seconds_until_reset (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *reset = soup_message_headers_get_one (headers, "X-Rate-Limit-Reset");
  const char *date = soup_message_headers_get_one (headers, "Date");
  g_autoptr(GDateTime) server_now = date ? soup_date_time_new_from_http_string (date) : NULL;
  gint64 now = server_now ? g_date_time_to_unix (server_now) : g_get_real_time () / G_USEC_PER_SEC;
  gint64 reset_at;

  /* The reset time is in the server's clock, so it is compared with the
   * server's Date header rather than the local clock. */
  if (reset == NULL || !g_ascii_string_to_signed (reset, 10, 0, G_MAXINT64, &reset_at, NULL))
    return -1;

  return CLAMP (reset_at - now, 0, G_MAXINT64);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sign-in cancelled")));
      return G_SOURCE_REMOVE;
    }

  resend_code (task);
  return G_SOURCE_REMOVE;
}

static char *
describe_okta_error (JsonObject *reply,
                     guint       status)
{
  const char *code = td_json_get_string (reply, "errorCode");
  const char *summary = td_json_get_string (reply, "errorSummary");
  JsonArray *causes = td_json_get_array (reply, "errorCauses");
  const char *cause = NULL;

  if (causes != NULL && json_array_get_length (causes) > 0)
    {
      JsonNode *node = json_array_get_element (causes, 0);

      if (JSON_NODE_HOLDS_OBJECT (node))
        cause = td_json_get_string (json_node_get_object (node), "errorSummary");
    }

  if (cause != NULL && g_strcmp0 (cause, summary) != 0)
    return g_strdup_printf ("%s: %s (%s)", summary ? summary : "Okta error", cause, code ? code : "no code");

  return g_strdup_printf ("%s (%s, HTTP %u)", summary ? summary : "Okta refused the request",
                          code ? code : "no code", status);
}

static void
handle_error_reply (GTask       *task,
                    SoupMessage *message,
                    JsonObject  *reply)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  guint status = soup_message_get_status (message);
  const char *code = td_json_get_string (reply, "errorCode");
  g_autofree char *description = describe_okta_error (reply, status);

  if (transaction->step == STEP_VERIFY_CODE &&
      (g_strcmp0 (code, "E0000068") == 0 || g_strcmp0 (code, "E0000082") == 0))
    {
      const char *hint = g_strcmp0 (code, "E0000082") == 0 ? "; wait for the next code" : "";
      g_autofree char *text = g_strdup_printf ("%s%s", description, hint);

      if (td_prompter_is_interactive (self->prompter) && transaction->code_tries < MAX_CODE_TRIES &&
          (self->mfa_response == NULL || transaction->code_tries > 1 || !self->mfa_response_used))
        {
          td_prompter_notify (self->prompter, TD_NOTICE_WARNING, text);
          ask_code (task);
          return;
        }

      fail (task, g_error_new (TD_ERROR, TD_ERROR_MFA_INVALID, _("Okta rejected the code: %s"), text));
      return;
    }

  if (transaction->step == STEP_SEND_CODE && status == TD_HTTP_STATUS_TOO_MANY_REQUESTS &&
      transaction->code_sends < MAX_CODE_SENDS)
    {
      gint64 wait = seconds_until_reset (message);
      g_autofree char *text = NULL;

      if (wait < 0)
        wait = DEFAULT_RATE_LIMIT_WAIT_S;
      /* The reset time and the Date header have one-second resolution, so
       * one more second keeps the next send from coming just too early. */
      wait = MIN (wait + 1, MAX_RATE_LIMIT_WAIT_S);
      text = g_strdup_printf ("A code was sent recently (%s); sending a new one in %" G_GINT64_FORMAT " s",
                              description, wait);
      td_prompter_notify (self->prompter, TD_NOTICE_INFO, text);
      g_timeout_add_seconds (MAX (wait, 1), wait_done_cb, task);
      return;
    }

  if (status == TD_HTTP_STATUS_TOO_MANY_REQUESTS || g_strcmp0 (code, "E0000047") == 0)
    {
      gint64 wait = seconds_until_reset (message);

      if (wait >= 0)
        fail (task, g_error_new (TD_ERROR, TD_ERROR_RATE_LIMITED,
                                 "Okta rate limit reached: %s; try again in %" G_GINT64_FORMAT " s",
                                 description, wait));
      else
        fail (task, g_error_new (TD_ERROR, TD_ERROR_RATE_LIMITED,
                                 _("Okta rate limit reached: %s; try again later"), description));
      return;
    }

  if (g_strcmp0 (code, "E0000004") == 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_AUTH_FAILED,
                               _("Okta rejected the user name or password of %s (%s); check "
                               "them and run again"), self->username, description));
      return;
    }

  if (g_strcmp0 (code, "E0000011") == 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_SESSION_EXPIRED,
                               _("The Okta sign-in transaction is no longer valid (%s); run again"),
                               description));
      return;
    }

  fail (task, g_error_new (TD_ERROR, TD_ERROR_SERVER, _("Okta refused the request: %s"), description));
}

static void
handle_status (GTask      *task,
               JsonObject *reply)
{
  TdOktaClassic *self = g_task_get_source_object (task);
  Transaction *transaction = g_task_get_task_data (task);
  const char *status = td_json_get_string (reply, "status");

  g_debug ("Okta transaction status %s", status ? status : "(none)");

  if (g_strcmp0 (status, "SUCCESS") == 0)
    {
      const char *session_token = td_json_get_string (reply, "sessionToken");

      if (session_token == NULL || *session_token == '\0')
        {
          fail_literal (task, TD_ERROR_SERVER, _("Okta reported success but sent no session token"));
          return;
        }

      open_session (task, session_token);
      return;
    }

  if (g_strcmp0 (status, "MFA_REQUIRED") == 0)
    {
      choose_factor (task, reply);
      return;
    }

  if (g_strcmp0 (status, "MFA_CHALLENGE") == 0 && transaction->factor != NULL)
    {
      switch (td_factor_get_kind (transaction->factor))
        {
        case TD_FACTOR_KIND_PUSH:
          handle_push_result (task, reply);
          return;

        case TD_FACTOR_KIND_SENT_CODE:
        case TD_FACTOR_KIND_PASSCODE:
        case TD_FACTOR_KIND_QUESTION:
          ask_code (task);
          return;

        case TD_FACTOR_KIND_UNSUPPORTED:
        default:
          break;
        }
    }

  if (g_strcmp0 (status, "PASSWORD_WARN") == 0)
    {
      JsonObject *policy = td_json_get_object (td_json_get_object (reply, "_embedded"), "policy");
      gint64 days = td_json_get_int (td_json_get_object (policy, "expiration"), "passwordExpireDays", -1);
      g_autofree char *message = NULL;
      g_autoptr(GBytes) body = build_body (transaction, NULL);

      if (days >= 0)
        message = g_strdup_printf ("Your Okta password expires in %" G_GINT64_FORMAT " days; "
                                   "change it at %s", days, self->org_url);
      else
        message = g_strdup_printf (_("Your Okta password expires soon; change it at %s"), self->org_url);
      td_prompter_notify (self->prompter, TD_NOTICE_WARNING, message);

      post_step (task, STEP_SKIP, get_link (reply, "skip"), body);
      return;
    }

  if (g_strcmp0 (status, "PASSWORD_EXPIRED") == 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_ACCOUNT,
                               _("The Okta password of %s has expired; change it in a browser at %s, "
                               "then run again"), self->username, self->org_url));
      return;
    }

  if (g_strcmp0 (status, "LOCKED_OUT") == 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_ACCOUNT,
                               _("The Okta account %s is locked out; contact your Okta administrator"),
                               self->username));
      return;
    }

  if (g_strcmp0 (status, "MFA_ENROLL") == 0 || g_strcmp0 (status, "MFA_ENROLL_ACTIVATE") == 0)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_ACCOUNT,
                               _("The Okta account %s has no MFA factor enrolled; enroll one in a "
                               "browser at %s, then run again"), self->username, self->org_url));
      return;
    }

  fail (task, g_error_new (TD_ERROR, TD_ERROR_SERVER,
                           _("Okta answered with the unknown transaction status “%s”"),
                           status ? status : "(none)"));
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Transaction *transaction = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *reply;
  const char *state_token;
  const char *cancel;
  guint status;

  body = td_http_request_finish (TD_HTTP (object), result, &message, &error);
  if (body == NULL)
    {
      /* A poll lost to the network is sent again; the user does not have
       * to approve the push a second time. */
      if (transaction->step == STEP_POLL && g_error_matches (error, TD_ERROR, TD_ERROR_NETWORK) &&
          ++transaction->transport_failures < MAX_TRANSPORT_FAILURES)
        {
          g_debug ("Poll failed (%s); polling again", error->message);
          g_clear_error (&error);
          schedule_poll (task);
          return;
        }

      fail (task, error);
      return;
    }

  status = soup_message_get_status (message);
  reply = td_json_parse_object (body, &root);
  if (reply == NULL)
    {
      fail (task, g_error_new (TD_ERROR, TD_ERROR_SERVER,
                               _("Okta answered HTTP %u (%s) with a body that is not a JSON object%s"),
                               status, soup_message_get_reason_phrase (message),
                               g_bytes_get_size (body) == 0 ? " (empty)" : ""));
      return;
    }

  if (status >= 400 || td_json_get_string (reply, "errorCode") != NULL)
    {
      handle_error_reply (task, message, reply);
      return;
    }

  state_token = td_json_get_string (reply, "stateToken");
  if (state_token != NULL && *state_token != '\0')
    {
      td_secret_free (transaction->state_token);
      transaction->state_token = g_strdup (state_token);
    }

  cancel = get_link (reply, "cancel");
  if (cancel != NULL)
    {
      g_free (transaction->cancel_href);
      transaction->cancel_href = g_strdup (cancel);
    }

  g_clear_pointer (&transaction->root, json_node_unref);
  transaction->root = g_steal_pointer (&root);
  handle_status (task, json_node_get_object (transaction->root));
}

static void
td_okta_classic_sign_in_async (TdSignInFlow        *flow,
                               const char          *state_token,
                               const char          *redirect_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TdOktaClassic *self = TD_OKTA_CLASSIC (flow);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *authn = NULL;
  Transaction *transaction;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_okta_classic_sign_in_async);

  transaction = g_new0 (Transaction, 1);
  transaction->redirect_url = g_strdup (redirect_url);
  g_task_set_task_data (task, transaction, (GDestroyNotify) transaction_free);

  authn = g_strdup_printf ("%s/api/v1/authn", self->org_url);

  if (state_token != NULL)
    {
      g_debug ("Continuing the Okta transaction of a step-up page");
      transaction->state_token = g_strdup (state_token);
      body = build_body (transaction, NULL);
    }
  else
    {
      if (self->username == NULL || self->password == NULL)
        {
          g_task_return_new_error (task, TD_ERROR, TD_ERROR_CONFIG,
                                   _("An Okta user name and password are needed to sign in"));
          return;
        }

      g_debug ("Signing in to %s as %s", self->org_url, self->username);
      body = build_body (NULL, "username", self->username, "password", self->password, NULL);
    }

  post_step (g_steal_pointer (&task), STEP_AUTHN, authn, body);
}

static GBytes *
td_okta_classic_sign_in_finish (TdSignInFlow  *flow,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, flow), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
td_okta_classic_sign_in_flow_init (TdSignInFlowInterface *iface)
{
  iface->sign_in_async = td_okta_classic_sign_in_async;
  iface->sign_in_finish = td_okta_classic_sign_in_finish;
}
