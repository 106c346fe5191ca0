/* td-refresh.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-app-page.h"
#include "td-aws-credentials.h"
#include "td-aws-files.h"
#include "td-error.h"
#include "td-okta-classic.h"
#include "td-refresh.h"
#include "td-saml.h"
#include "td-secret-store.h"
#include "td-sts.h"

/* A step-up page can follow a sign-in; more than this is a loop. */
#define MAX_STEP_UPS 2
#define HOUR 3600
#define MAX_SESSION_HOURS 12
#define DEFAULT_SESSION_HOURS 2

struct _TdRefresh
{
  GObject     parent_instance;

  TdSettings *settings;
  TdPrompter *prompter;
  TdHttp     *http;
  GStrv       envp;
  gboolean    try_session;
  TdSecretStore *secret_store;
  gboolean    report_keyring_errors;
};

G_DEFINE_FINAL_TYPE (TdRefresh, td_refresh, G_TYPE_OBJECT)

typedef struct {
  char             *app_url;
  char             *org_url;
  char             *username;
  char             *password;
  TdOktaClassic    *flow;
  guint             step_ups;
  char             *page_partition;
  TdSamlAssertion  *assertion;
  TdRole           *role;
  char             *endpoint;
  /* The session length search, in whole hours (see next_probe()). */
  gint64            first_duration;
  gint64            probe_duration;
  gint              good_hours;
  gint              max_hours;
  TdAwsCredentials *credentials;
  gint64            credentials_duration;
  gboolean          signed_in;
  gboolean          password_from_keyring;
  gboolean          keyring_failed;
  gboolean          session_loaded;
  TdRefreshResult  *result;
} Job;

static void
job_free (Job *job)
{
  g_free (job->app_url);
  g_free (job->org_url);
  g_free (job->username);
  td_secret_free (job->password);
  g_clear_object (&job->flow);
  g_free (job->page_partition);
  g_clear_pointer (&job->assertion, td_saml_assertion_free);
  g_clear_pointer (&job->role, td_role_free);
  g_free (job->endpoint);
  g_clear_pointer (&job->credentials, td_aws_credentials_free);
  g_clear_pointer (&job->result, td_refresh_result_free);
  g_free (job);
}

void
td_refresh_result_free (TdRefreshResult *result)
{
  if (result == NULL)
    return;

  g_free (result->profile);
  g_free (result->profile_origin);
  g_free (result->role_arn);
  g_free (result->credentials_path);
  g_free (result->config_path);
  g_clear_pointer (&result->expiration, g_date_time_unref);
  g_strfreev (result->roles);
  g_strfreev (result->factor_methods);
  g_free (result);
}

static void
td_refresh_finalize (GObject *object)
{
  TdRefresh *self = (TdRefresh *) object;

  g_clear_object (&self->prompter);
  g_clear_object (&self->http);
  g_clear_object (&self->secret_store);
  g_strfreev (self->envp);

  G_OBJECT_CLASS (td_refresh_parent_class)->finalize (object);
}

static void
td_refresh_class_init (TdRefreshClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = td_refresh_finalize;
}

static void
td_refresh_init (TdRefresh *self)
{
  self->http = td_http_new ();
}

/**
 * td_refresh_new:
 * @settings: the resolved settings; must outlive the refresh
 * @prompter: the prompter for what the settings leave open
 * @envp: (nullable): the environment to read AWS variables from; %NULL for
 *   the process environment
 */
TdRefresh *
td_refresh_new (TdSettings         *settings,
                TdPrompter         *prompter,
                const char * const *envp)
{
  TdRefresh *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (TD_IS_PROMPTER (prompter), NULL);

  self = g_object_new (TD_TYPE_REFRESH, NULL);
  self->settings = settings;
  self->prompter = g_object_ref (prompter);
  self->envp = envp ? g_strdupv ((char **) envp) : g_get_environ ();

  return self;
}

/**
 * td_refresh_set_http:
 * @self: a #TdRefresh
 * @http: the HTTP session to use, shared with other refreshes of the same
 *   Okta org so that they share its cookies and connections
 */
void
td_refresh_set_http (TdRefresh *self,
                     TdHttp    *http)
{
  g_return_if_fail (TD_IS_REFRESH (self));
  g_return_if_fail (TD_IS_HTTP (http));

  g_set_object (&self->http, http);
}

/**
 * td_refresh_set_try_session:
 * @self: a #TdRefresh
 * @try_session: whether to open the app link with the Okta session already
 *   in the cookie jar before signing in
 */
void
td_refresh_set_try_session (TdRefresh *self,
                            gboolean   try_session)
{
  g_return_if_fail (TD_IS_REFRESH (self));

  self->try_session = try_session;
}

/**
 * td_refresh_set_secret_store:
 * @self: a #TdRefresh
 * @store: (nullable): the keyring to read the Okta session and password
 *   from, and to keep a new session in
 * @report_errors: whether a keyring that cannot be used is reported through
 *   the prompter as a warning (the tray) or only logged (the command line)
 */
void
td_refresh_set_secret_store (TdRefresh     *self,
                             TdSecretStore *store,
                             gboolean       report_errors)
{
  g_return_if_fail (TD_IS_REFRESH (self));

  g_set_object (&self->secret_store, store);
  self->report_keyring_errors = report_errors;
}

TdHttp *
td_refresh_get_http (TdRefresh *self)
{
  g_return_val_if_fail (TD_IS_REFRESH (self), NULL);

  return self->http;
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* ---- Writing the AWS files ---- */

/* A keyring problem does not stop a refresh. It is reported once, and
 * nothing is kept in a file instead. */
static void
keyring_failed (GTask        *task,
                const GError *error)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (job->keyring_failed)
    return;

  job->keyring_failed = TRUE;
  if (self->report_keyring_errors)
    td_prompter_notify (self->prompter, TD_NOTICE_WARNING, error->message);
  else
    g_info ("%s", error->message);
}

static void
return_result (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&job->result), (GDestroyNotify) td_refresh_result_free);
  g_object_unref (task);
}

static void
store_session_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!td_secret_store_store_session_finish (TD_SECRET_STORE (object), result, &error))
    keyring_failed (task, error);
  else
    g_debug ("Okta session stored in the keyring");

  return_result (task);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GDateTime) expires = NULL;
  char *cookie = NULL;
  GError *error = NULL;

  if (!td_aws_files_write_finish (result, &error))
    {
      return_error (task, error);
      return;
    }

  /* A new Okta session is kept so that the next refresh needs no sign-in. */
  if (self->secret_store != NULL && job->signed_in && !job->keyring_failed && job->username != NULL)
    cookie = td_http_dup_session_cookie (self->http, job->org_url, &expires);

  if (cookie == NULL)
    {
      return_result (task);
      return;
    }

  /* Okta's session cookie usually has no expiry of its own; the session
   * ends on the server. NOTE: two hours is Okta's default session lifetime,
   * an estimate for orgs that changed it: a session that ended earlier is
   * noticed on the next refresh, which then signs in again. */
  if (expires == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      expires = g_date_time_add_hours (now, DEFAULT_SESSION_HOURS);
    }

  td_secret_store_store_session_async (self->secret_store, job->org_url, job->username, cookie,
                                       expires, NULL, store_session_cb, task);
  td_secret_free (cookie);
}

static GStrv
dup_role_arns (TdSamlAssertion *assertion)
{
  GPtrArray *roles = td_saml_assertion_get_roles (assertion);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < roles->len; i++)
    g_strv_builder_add (builder, ((const TdRole *) g_ptr_array_index (roles, i))->role_arn);

  return g_strv_builder_end (builder);
}

static void
write_files (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  const char *profile = td_settings_get (self->settings, "aws_profile");
  g_autofree char *partition = td_role_dup_partition (job->role);
  TdRefreshResult *result;
  TdAwsFilesUpdate update = { 0 };

  result = g_new0 (TdRefreshResult, 1);
  if (profile != NULL && *profile != '\0')
    {
      result->profile = g_strdup (profile);
      result->profile_origin = g_strdup (td_settings_get_origin (self->settings, "aws_profile"));
    }
  else
    {
      result->profile = td_role_dup_name (job->role);
      result->profile_origin = g_strdup ("role name");
    }
  result->role_arn = g_strdup (job->role->role_arn);
  result->credentials_path = td_aws_files_dup_credentials_path ((const char * const *) self->envp);
  result->config_path = td_aws_files_dup_config_path ((const char * const *) self->envp);
  result->expiration = job->credentials->expiration ? g_date_time_ref (job->credentials->expiration) : NULL;
  result->duration = job->credentials_duration;
  result->requested_duration = job->first_duration;
  result->signed_in = job->signed_in;
  result->factor_methods = g_strdupv ((char **) td_okta_classic_get_factor_methods (job->flow));
  result->roles = dup_role_arns (job->assertion);
  job->result = result;

  g_debug ("Writing AWS profile %s (name from %s)", result->profile, result->profile_origin);

  update.credentials_path = result->credentials_path;
  update.config_path = result->config_path;
  update.profile = result->profile;
  update.credentials = job->credentials;
  update.region = td_settings_get (self->settings, "aws_region");
  update.output = td_settings_get (self->settings, "aws_output");
  update.default_region = td_partition_get_default_region (partition);
  update.default_output = "json";

  td_aws_files_write_async (&update, g_task_get_cancellable (task), write_cb, task);
}

/* ---- STS ---- */

static void assume_role (GTask *task);

/* Sets the next session length to try. The role's maximum cannot be read
 * before a role is assumed, so after STS refuses a length as longer than the
 * role allows, this is a binary search over whole hours between
 * @good_hours, the shortest length not yet tried (one hour, which every
 * role allows, at first), and @max_hours, the longest not yet refused. */
static void
next_probe (Job *job)
{
  job->max_hours = MAX (job->max_hours, 1);
  job->probe_duration = (gint64) ((job->good_hours + job->max_hours + 1) / 2) * HOUR;
}

static void
assume_role_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TdAwsCredentials) credentials = NULL;
  TdStsFailure failure = TD_STS_FAILURE_NONE;
  GError *error = NULL;
  gint hours = (gint) (job->probe_duration / HOUR);
  gsize length;
  const char *data;

  body = td_http_request_finish (TD_HTTP (object), result, &message, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("AWS STS: "));
      return_error (task, error);
      return;
    }

  data = g_bytes_get_data (body, &length);
  credentials = td_sts_parse_response (data, length, soup_message_get_status (message), &failure, &error);

  if (credentials != NULL)
    {
      g_debug ("STS issued credentials for %" G_GINT64_FORMAT " s", job->probe_duration);
      g_clear_pointer (&job->credentials, td_aws_credentials_free);
      job->credentials = g_steal_pointer (&credentials);
      job->credentials_duration = job->probe_duration;
      job->good_hours = hours + 1;

      if (job->probe_duration == job->first_duration || job->good_hours > job->max_hours)
        {
          write_files (task);
          return;
        }

      next_probe (job);
      assume_role (task);
      return;
    }

  if (failure == TD_STS_FAILURE_DURATION_TOO_LONG && job->probe_duration > HOUR)
    {
      g_clear_error (&error);
      job->max_hours = MIN (job->max_hours, hours - (job->probe_duration % HOUR == 0 ? 1 : 0));
      if (job->credentials != NULL && job->good_hours > job->max_hours)
        {
          write_files (task);
          return;
        }

      next_probe (job);
      g_debug ("The role allows less than %" G_GINT64_FORMAT " s; trying %" G_GINT64_FORMAT " s",
               (gint64) hours * HOUR, job->probe_duration);
      assume_role (task);
      return;
    }

  return_error (task, error);
}

static void
wipe_text (gpointer data)
{
  explicit_bzero (data, strlen (data));
  g_free (data);
}

static void
assume_role (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  char *text;

  text = td_sts_build_assume_role_with_saml_body (job->role, td_saml_assertion_get_base64 (job->assertion),
                                                   job->probe_duration);
  body = g_bytes_new_with_free_func (text, strlen (text), wipe_text, text);

  g_debug ("AssumeRoleWithSAML for %s, %" G_GINT64_FORMAT " s", job->role->role_arn, job->probe_duration);
  td_http_request_async (self->http, "POST", job->endpoint, "text/xml",
                         "application/x-www-form-urlencoded", body,
                         TD_HTTP_AWS | TD_HTTP_RETRY_SAFE, g_task_get_cancellable (task),
                         assume_role_cb, task);
}

static void
start_sts (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *partition = td_role_dup_partition (job->role);
  gint64 allowed = td_saml_assertion_get_session_duration (job->assertion);
  GError *error = NULL;

  job->endpoint = td_sts_dup_endpoint (partition, td_settings_get (self->settings, "aws_region"),
                                       (const char * const *) self->envp, &error);
  if (job->endpoint == NULL)
    {
      return_error (task, error);
      return;
    }

  /* Ask for the longest session the assertion allows; without a
   * SessionDuration attribute, the longest STS allows. */
  if (allowed <= 0)
    allowed = MAX_SESSION_HOURS * HOUR;
  job->first_duration = CLAMP (allowed, 900, MAX_SESSION_HOURS * HOUR);
  job->probe_duration = job->first_duration;
  job->good_hours = 1;
  job->max_hours = (gint) (job->first_duration / HOUR);

  assume_role (task);
}

/* ---- Roles ---- */

static char *
describe_roles (GPtrArray *roles)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < roles->len; i++)
    {
      const TdRole *role = g_ptr_array_index (roles, i);

      g_string_append_printf (text, "\n  --role-arn %s", role->role_arn);
    }

  return g_string_free (text, FALSE);
}

static void
choose_role_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GPtrArray *roles = g_object_get_data (G_OBJECT (task), "roles");
  GError *error = NULL;
  int choice;

  choice = td_prompter_choose_finish (TD_PROMPTER (object), result, &error);
  if (choice < 0 || (guint) choice >= roles->len)
    {
      return_error (task, error ? error : g_error_new_literal (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                                               _("No AWS role was chosen")));
      return;
    }

  job->role = td_role_copy (g_ptr_array_index (roles, choice));
  start_sts (task);
}

static gint
compare_by_account (gconstpointer a,
                    gconstpointer b)
{
  const TdRole *role_a = *(const TdRole **) a;
  const TdRole *role_b = *(const TdRole **) b;
  g_autofree char *account_a = td_role_dup_account_id (role_a);
  g_autofree char *account_b = td_role_dup_account_id (role_b);

  return g_strcmp0 (account_a, account_b);
}

static void
choose_role (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GPtrArray *roles = td_saml_assertion_get_roles (job->assertion);
  const char *requested = td_settings_get (self->settings, "role_arn");
  g_autoptr(GPtrArray) choices = NULL;
  g_autofree char *listing = NULL;
  GPtrArray *sorted;

  if (requested != NULL && *requested != '\0')
    {
      const TdRole *role = td_saml_assertion_lookup_role (job->assertion, requested);

      if (role == NULL)
        {
          listing = describe_roles (roles);
          return_error (task, g_error_new (TD_ERROR, TD_ERROR_CONFIG,
                                           _("The role %s is not among the roles the Okta app "
                                           "offers; choose one of:%s"), requested, listing));
          return;
        }

      job->role = td_role_copy (role);
      start_sts (task);
      return;
    }

  if (roles->len == 1)
    {
      job->role = td_role_copy (g_ptr_array_index (roles, 0));
      start_sts (task);
      return;
    }

  if (!td_prompter_is_interactive (self->prompter))
    {
      listing = describe_roles (roles);
      return_error (task, g_error_new (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                       _("The Okta app offers %u AWS roles; choose one with "
                                       "--role-arn:%s"), roles->len, listing));
      return;
    }

  /* Listed grouped by account, in the assertion's order within each. */
  sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) td_role_free);
  for (guint i = 0; i < roles->len; i++)
    g_ptr_array_add (sorted, td_role_copy (g_ptr_array_index (roles, i)));
  g_ptr_array_sort (sorted, compare_by_account);
  g_object_set_data_full (G_OBJECT (task), "roles", sorted, (GDestroyNotify) g_ptr_array_unref);

  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) td_choice_free);
  for (guint i = 0; i < sorted->len; i++)
    {
      const TdRole *role = g_ptr_array_index (sorted, i);
      g_autofree char *account = td_role_dup_account_id (role);
      g_autofree char *group = g_strdup_printf (_("Account %s"), account);

      g_ptr_array_add (choices, td_choice_new (role->role_arn, group, TRUE));
    }

  td_prompter_choose_async (self->prompter, _("Choose an AWS role"), choices,
                            g_task_get_cancellable (task), choose_role_cb, task);
}

/* ---- The app page ---- */

static void sign_in (GTask *task, const char *state_token);

/* Continues with the page the app link returned: a step-up page goes back
 * to the sign-in flow, a SAML form goes on to the roles. */
static void
handle_page (GTask  *task,
             GBytes *page_bytes)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(TdAppPage) page = NULL;
  GError *error = NULL;
  gsize length;
  const char *html;

  html = g_bytes_get_data (page_bytes, &length);
  page = td_app_page_parse (html ? html : "", length, job->app_url, &error);
  if (page == NULL)
    {
      return_error (task, error);
      return;
    }

  if (page->kind == TD_APP_PAGE_STEP_UP)
    {
      /* Identity Engine state handles start with "02."; the Classic
       * authentication API rejects them as invalid tokens, and every
       * retry would fail the same way. */
      if (g_str_has_prefix (page->state_token, "02."))
        {
          return_error (task, g_error_new (TD_ERROR, TD_ERROR_UNSUPPORTED,
                                           _("The Okta app at %s asks for verification through the "
                                           "Okta Identity Engine, which tokendito does not support "
                                           "yet"), job->app_url));
          return;
        }

      if (++job->step_ups > MAX_STEP_UPS)
        {
          return_error (task, g_error_new (TD_ERROR, TD_ERROR_APP_PAGE,
                                           _("Okta asked for extra verification more than %d times "
                                           "for %s; giving up"), MAX_STEP_UPS, job->app_url));
          return;
        }

      g_debug ("The app asks for extra verification (%s)", page->title ? page->title : "untitled page");
      sign_in (task, page->state_token);
      return;
    }

  job->page_partition = g_strdup (page->partition);
  job->assertion = td_saml_assertion_parse (page->saml_response, job->app_url, &error);
  if (job->assertion == NULL)
    {
      return_error (task, error);
      return;
    }

  choose_role (task);
}

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;

  td_secret_store_clear_password_finish (TD_SECRET_STORE (object), result, NULL);
  return_error (task, g_object_steal_data (G_OBJECT (task), "pending-error"));
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) page_bytes = NULL;
  GError *error = NULL;

  page_bytes = td_sign_in_flow_sign_in_finish (TD_SIGN_IN_FLOW (object), result, &error);
  if (page_bytes == NULL)
    {
      /* A stored password that Okta rejects is not sent again and again. */
      if (job->password_from_keyring && g_error_matches (error, TD_ERROR, TD_ERROR_AUTH_FAILED))
        {
          g_prefix_error (&error, _("The password stored in the keyring was removed: "));
          g_object_set_data (G_OBJECT (task), "pending-error", error);
          td_secret_store_clear_password_async (self->secret_store, job->org_url, job->username,
                                                NULL, clear_password_cb, task);
          return;
        }

      return_error (task, error);
      return;
    }

  job->signed_in = TRUE;
  handle_page (task, page_bytes);
}

static void
sign_in (GTask      *task,
         const char *state_token)
{
  Job *job = g_task_get_task_data (task);

  td_sign_in_flow_sign_in_async (TD_SIGN_IN_FLOW (job->flow), state_token, job->app_url,
                                 g_task_get_cancellable (task), sign_in_cb, task);
}

/* ---- User name and password ---- */

static void ask_missing (GTask *task);

static void
ask_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *answer;

  answer = td_prompter_ask_finish (TD_PROMPTER (object), result, &error);
  if (answer == NULL)
    {
      return_error (task, error);
      return;
    }

  if (job->username == NULL)
    {
      job->username = g_strstrip (answer);
      if (*job->username == '\0')
        g_clear_pointer (&job->username, g_free);
    }
  else
    {
      job->password = answer;
      if (*job->password == '\0')
        g_clear_pointer (&job->password, td_secret_free);
    }

  ask_missing (task);
}

static void
ask_missing (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *message = NULL;

  if (job->username != NULL && job->password != NULL)
    {
      td_okta_classic_set_credentials (job->flow, job->username, job->password);
      sign_in (task, NULL);
      return;
    }

  if (!td_prompter_is_interactive (self->prompter))
    {
      return_error (task, g_error_new (TD_ERROR, TD_ERROR_NEEDS_INPUT,
                                       _("No Okta %s is set and there is no terminal to ask for it; "
                                       "set %s"), job->username == NULL ? "user name" : "password",
                                       job->username == NULL ? "--username or OKTA_USERNAME"
                                                             : "OKTA_PASSWORD"));
      return;
    }

  if (job->username == NULL)
    {
      message = g_strdup_printf (_("Okta user name for %s"), job->org_url);
      td_prompter_ask_async (self->prompter, TD_PROMPT_USERNAME, message,
                             g_task_get_cancellable (task), ask_cb, task);
      return;
    }

  message = g_strdup_printf (_("Okta password for %s"), job->username);
  td_prompter_ask_async (self->prompter, TD_PROMPT_PASSWORD, message,
                         g_task_get_cancellable (task), ask_cb, task);
}

/* The app link returns a SAML form (or a step-up page) while the Okta
 * session in the cookie jar is valid, and a sign-in page once it is gone.
 * Only then does the user sign in again. */
static void
session_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GBytes) page_bytes = NULL;
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *html;

  page_bytes = td_http_get_page_finish (TD_HTTP (object), result, NULL, &error);
  if (page_bytes == NULL && (g_error_matches (error, TD_ERROR, TD_ERROR_NETWORK) ||
                             g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (page_bytes != NULL)
    {
      html = g_bytes_get_data (page_bytes, &length);
      page = td_app_page_parse (html ? html : "", length, job->app_url, NULL);
    }

  if (page != NULL)
    {
      g_debug ("The Okta session is still valid");
      handle_page (task, page_bytes);
      return;
    }

  g_debug ("No valid Okta session; signing in");
  ask_missing (task);
}

static void
open_app_or_sign_in (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (self->try_session || job->session_loaded)
    {
      g_debug ("Trying the current Okta session first");
      td_http_get_page_async (self->http, job->app_url, job->org_url, g_task_get_cancellable (task),
                              session_page_cb, task);
      return;
    }

  ask_missing (task);
}

static void
password_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *password;

  password = td_secret_store_lookup_password_finish (TD_SECRET_STORE (object), result, &error);
  if (error != NULL)
    keyring_failed (task, error);

  if (password != NULL)
    {
      g_debug ("Using the password stored in the keyring");
      job->password = password;
      job->password_from_keyring = TRUE;
    }

  open_app_or_sign_in (task);
}

static void
look_up_password (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (self->secret_store == NULL || job->keyring_failed || job->username == NULL || job->password != NULL)
    {
      open_app_or_sign_in (task);
      return;
    }

  td_secret_store_lookup_password_async (self->secret_store, job->org_url, job->username,
                                         g_task_get_cancellable (task), password_looked_up_cb, task);
}

static void
session_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = td_secret_store_lookup_session_finish (TD_SECRET_STORE (object), result, &error);
  if (error != NULL)
    keyring_failed (task, error);

  if (session != NULL)
    {
      g_debug ("Using the Okta session stored in the keyring");
      td_http_set_session_cookie (self->http, job->org_url, session->cookie, session->expires);
      job->session_loaded = TRUE;
    }

  look_up_password (task);
}

/* A stored Okta session is tried first. The app link then returns the
 * SAML form, and no password or MFA is needed. */
static void
look_up_session (GTask *task)
{
  TdRefresh *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (self->secret_store == NULL || job->username == NULL)
    {
      open_app_or_sign_in (task);
      return;
    }

  td_secret_store_lookup_session_async (self->secret_store, job->org_url, job->username,
                                        g_task_get_cancellable (task), session_looked_up_cb, task);
}

static const char * const environment_bundles[] = { "SSL_CERT_FILE", "CURL_CA_BUNDLE" };

static gboolean
set_up_trust (TdRefresh  *self,
              GError    **error)
{
  const char *ca_bundle = td_settings_get (self->settings, "ca_bundle");
  const char *aws_ca_bundle = g_environ_getenv (self->envp, "AWS_CA_BUNDLE");

  if (ca_bundle != NULL && *ca_bundle != '\0' && !td_http_add_ca_file (self->http, ca_bundle, error))
    return FALSE;

  /* The bundles other TLS clients read from the environment, so that one
   * trust configuration covers Okta and STS behind an inspecting proxy. */
  for (guint i = 0; i < G_N_ELEMENTS (environment_bundles); i++)
    {
      const char *path = g_environ_getenv (self->envp, environment_bundles[i]);

      if (path != NULL && *path != '\0')
        td_http_add_late_ca_file (self->http, path);
    }

  if (aws_ca_bundle != NULL && *aws_ca_bundle != '\0' &&
      !td_http_add_aws_ca_file (self->http, aws_ca_bundle, error))
    {
      g_prefix_error (error, _("AWS_CA_BUNDLE: "));
      return FALSE;
    }

  return TRUE;
}

void
td_refresh_run_async (TdRefresh           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *poll_interval;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (TD_IS_REFRESH (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_refresh_run_async);

  job = g_new0 (Job, 1);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  /* Every setting is checked before the first request or prompt. */
  if (!td_settings_validate (self->settings, &error) || !set_up_trust (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* When the AWS profile is known before the sign-in, a file that cannot be
   * updated is reported before the user approves any MFA challenge. */
  if (td_settings_get (self->settings, "aws_profile") != NULL)
    {
      g_autofree char *credentials = td_aws_files_dup_credentials_path ((const char * const *) self->envp);
      g_autofree char *config = td_aws_files_dup_config_path ((const char * const *) self->envp);

      if (!td_aws_files_check (credentials, config, td_settings_get (self->settings, "aws_profile"), &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  job->app_url = g_strdup (td_settings_get (self->settings, "okta_aws_app_url"));
  job->org_url = td_settings_dup_org_url (self->settings);
  if (job->app_url == NULL || *job->app_url == '\0' || job->org_url == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_CONFIG,
                               _("No Okta AWS app URL is set; give it with --okta-aws-app-url (-ou), "
                               "set okta_aws_app_url in the okta_auth profile, or run "
                               "tokendito --configure"));
      return;
    }
  job->username = g_strdup (td_settings_get (self->settings, "okta_username"));
  job->password = g_strdup (td_settings_get (self->settings, "okta_password"));
  if (job->username != NULL && *job->username == '\0')
    g_clear_pointer (&job->username, g_free);
  if (job->password != NULL && *job->password == '\0')
    g_clear_pointer (&job->password, td_secret_free);

  job->flow = td_okta_classic_new (self->http, self->prompter, job->org_url);
  td_okta_classic_set_mfa (job->flow, td_settings_get (self->settings, "mfa_method"),
                           td_settings_get (self->settings, "mfa_response"));

  poll_interval = g_environ_getenv (self->envp, "TOKENDITO_PUSH_POLL_INTERVAL");
  if (poll_interval != NULL)
    td_okta_classic_set_poll_interval (job->flow, (guint) g_ascii_strtoull (poll_interval, NULL, 10));

  look_up_session (g_steal_pointer (&task));
}

TdRefreshResult *
td_refresh_run_finish (TdRefresh     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TD_IS_REFRESH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
