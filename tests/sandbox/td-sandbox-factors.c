/* td-sandbox-factors.c: POST /api/v1/authn/factors/<id>/verify[/resend]
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-sandbox-okta.h"

#define TOTP_CODE "123456"
#define YUBIKEY_CODE "cccccbhkevejEXAMPLE"
#define PHONE_CODE "654321"
#define SECURITY_ANSWER "fluffy"
#define CORRECT_ANSWER 47

typedef enum {
  PUSH_WAITING,
  PUSH_WAITING_WITH_NUMBER,
  PUSH_SUCCESS,
  PUSH_REJECTED,
  PUSH_TIMEOUT,
  PUSH_DROP_CONNECTION,
} PushReply;

typedef struct
{
  JsonObject *object;
  const char *id;
  const char *type;
  const char *provider;
  const char *verify_href;
} Factor;

static gboolean
find_factor (TdSandboxTransaction *transaction,
             const char           *id,
             Factor               *factor)
{
  guint count = transaction->factors != NULL ? json_array_get_length (transaction->factors) : 0;

  for (guint i = 0; i < count; i++)
    {
      JsonObject *object = json_array_get_object_element (transaction->factors, i);
      JsonObject *links, *verify;

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), id) != 0)
        continue;

      links = json_object_get_object_member (object, "_links");
      verify = json_object_get_object_member (links, "verify");
      factor->object = object;
      factor->id = id;
      factor->type = json_object_get_string_member (object, "factorType");
      factor->provider = json_object_get_string_member (object, "provider");
      factor->verify_href = json_object_get_string_member (verify, "href");
      return TRUE;
    }

  return FALSE;
}

static void
reply_body (SoupServerMessage *msg,
            JsonObject        *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, body);
  td_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

/* Builds the _embedded.factor of a challenge: the listed factor without its
 * links, and with the number to pick when @correct_answer is not 0. */
static JsonObject *
build_challenge_factor (const Factor *factor,
                        int           correct_answer)
{
  JsonObject *object = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* json_node_copy () shares nested objects, so copy member by member. */
  json_object_iter_init (&iter, factor->object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_strcmp0 (name, "_links") != 0)
        json_object_set_member (object, name, json_node_copy (member));
    }

  if (correct_answer != 0)
    {
      JsonObject *embedded = json_object_new ();
      JsonObject *challenge = json_object_new ();

      json_object_set_int_member (challenge, "correctAnswer", correct_answer);
      json_object_set_object_member (embedded, "challenge", challenge);
      json_object_set_object_member (object, "_embedded", embedded);
    }

  return object;
}

static void
reply_challenge (TdSandbox            *self,
                 SoupServerMessage    *msg,
                 TdSandboxTransaction *transaction,
                 const Factor         *factor,
                 const char           *factor_result,
                 const char           *next_href,
                 int                   correct_answer)
{
  JsonObject *body = td_sandbox_okta_begin_body (transaction, "MFA_CHALLENGE");
  JsonObject *embedded = json_object_new ();
  JsonObject *links = json_object_new ();
  JsonArray *resend = json_array_new ();
  JsonObject *resend_link = json_object_new ();
  gboolean is_push = g_strcmp0 (factor->type, "push") == 0;
  g_autofree char *prev_href = g_strconcat (self->base_url, "/api/v1/authn/previous", NULL);
  g_autofree char *resend_href = g_strconcat (factor->verify_href, "/resend", NULL);

  json_object_set_string_member (body, "factorResult", factor_result);
  json_object_set_string_member (body, "challengeType", "FACTOR");
  if (transaction->verify_count <= 1)
    json_object_set_object_member (embedded, "user", td_sandbox_okta_build_user (transaction->login));
  json_object_set_object_member (embedded, "factor", build_challenge_factor (factor, correct_answer));
  json_object_set_object_member (body, "_embedded", embedded);

  td_sandbox_okta_add_link (links, "next", is_push ? "poll" : "verify", next_href);
  td_sandbox_okta_add_cancel_link (self, links);
  td_sandbox_okta_add_link (links, "prev", NULL, prev_href);
  json_object_set_string_member (resend_link, "name", factor->type);
  json_object_set_string_member (resend_link, "href", resend_href);
  json_array_add_object_element (resend, resend_link);
  json_object_set_array_member (links, "resend", resend);
  json_object_set_object_member (body, "_links", links);

  reply_body (msg, body);
}

static void
reply_invalid_passcode (SoupServerMessage *msg)
{
  td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000068", "Invalid Passcode/Answer",
                               "Your passcode doesn't match our records. Please try again.");
}

/* Closes the connection without an HTTP reply, as a proxy or load balancer
 * that drops a request does. */
static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

/* Push: which reply the verify_count-th POST gets (1 is the verify itself,
 * every later one a poll). */
static PushReply
choose_push_reply (TdSandbox            *self,
                   TdSandboxTransaction *transaction)
{
  guint count = transaction->verify_count;

  switch (transaction->user->push_script)
    {
    case TD_SANDBOX_PUSH_NORMAL:
    case TD_SANDBOX_PUSH_OFF_ORIGIN:
      return count <= 1 + self->poll_waits ? PUSH_WAITING : PUSH_SUCCESS;
    case TD_SANDBOX_PUSH_NUMBER_CHALLENGE:
      if (count == 1)
        return PUSH_WAITING;
      return count <= 3 ? PUSH_WAITING_WITH_NUMBER : PUSH_SUCCESS;
    case TD_SANDBOX_PUSH_REJECT:
      return count <= 2 ? PUSH_WAITING : PUSH_REJECTED;
    case TD_SANDBOX_PUSH_TIMEOUT:
      /* The reply to the resend itself is the one WAITING after a resend. */
      if (transaction->push_resent)
        return PUSH_SUCCESS;
      return count <= 2 ? PUSH_WAITING : PUSH_TIMEOUT;
    case TD_SANDBOX_PUSH_FLAKY:
      /* The verify and polls 1 and 2 wait, poll 3 is dropped, poll 4 succeeds. */
      if (count <= 3)
        return PUSH_WAITING;
      return count == 4 ? PUSH_DROP_CONNECTION : PUSH_SUCCESS;
    default:
      g_assert_not_reached ();
    }
}

static void
reply_push (TdSandbox            *self,
            SoupServerMessage    *msg,
            TdSandboxTransaction *transaction,
            const Factor         *factor)
{
  g_autofree char *next_href = g_strdup (factor->verify_href);

  if (transaction->user->push_script == TD_SANDBOX_PUSH_OFF_ORIGIN)
    {
      g_free (next_href);
      next_href = g_strconcat (self->foreign_url, factor->verify_href + strlen (self->base_url), NULL);
    }

  switch (choose_push_reply (self, transaction))
    {
    case PUSH_WAITING:
      reply_challenge (self, msg, transaction, factor, "WAITING", next_href, 0);
      break;
    case PUSH_WAITING_WITH_NUMBER:
      reply_challenge (self, msg, transaction, factor, "WAITING", next_href, CORRECT_ANSWER);
      break;
    case PUSH_REJECTED:
      reply_challenge (self, msg, transaction, factor, "REJECTED", next_href, 0);
      break;
    case PUSH_TIMEOUT:
      reply_challenge (self, msg, transaction, factor, "TIMEOUT", next_href, 0);
      break;
    case PUSH_DROP_CONNECTION:
      drop_connection (msg);
      break;
    case PUSH_SUCCESS:
      td_sandbox_okta_reply_success (self, msg, transaction);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* SMS and voice call: a POST without passCode sends the code. */
static void
send_phone_code (TdSandbox            *self,
                 SoupServerMessage    *msg,
                 TdSandboxTransaction *transaction,
                 const Factor         *factor)
{
  transaction->sends++;
  if (transaction->user->sms_rate_limited && transaction->sends == 1)
    {
      td_sandbox_okta_set_rate_limit_headers (msg);
      td_sandbox_okta_reply_error (msg, TD_SANDBOX_STATUS_TOO_MANY_REQUESTS, "E0000109",
                                   "An SMS message was recently sent. Please wait 30 seconds before trying again.",
                                   NULL);
      return;
    }

  transaction->code_sent = TRUE;
  reply_challenge (self, msg, transaction, factor, "CHALLENGE", factor->verify_href, 0);
}

static void
verify_phone (TdSandbox            *self,
              SoupServerMessage    *msg,
              TdSandboxTransaction *transaction,
              const Factor         *factor,
              JsonObject           *request)
{
  JsonNode *pass_code = json_object_get_member (request, "passCode");

  if (pass_code == NULL)
    send_phone_code (self, msg, transaction, factor);
  else if (transaction->code_sent && JSON_NODE_HOLDS_VALUE (pass_code)
           && g_strcmp0 (json_node_get_string (pass_code), PHONE_CODE) == 0)
    td_sandbox_okta_reply_success (self, msg, transaction);
  else
    reply_invalid_passcode (msg);
}

/* TOTP and YubiKey codes: each accepted code is spent for good on that
 * user's factor, like a real org refuses a code twice in its time window. */
static void
verify_token (TdSandbox            *self,
              SoupServerMessage    *msg,
              TdSandboxTransaction *transaction,
              const Factor         *factor,
              JsonObject           *request,
              const char           *expected)
{
  JsonNode *pass_code = json_object_get_member (request, "passCode");
  const char *code = NULL;
  g_autofree char *replay_key = NULL;

  /* A passcode sent as a JSON number has lost any leading zero, so only a
   * string counts. */
  if (pass_code != NULL && json_node_get_value_type (pass_code) == G_TYPE_STRING)
    code = json_node_get_string (pass_code);
  if (g_strcmp0 (code, expected) != 0)
    {
      reply_invalid_passcode (msg);
      return;
    }

  replay_key = g_strdup_printf ("%s %s %s", transaction->login, factor->id, code);
  if (g_hash_table_contains (self->used_passcodes, replay_key))
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000082",
                                   "Each code can only be used once. Please wait for a new code and try again.",
                                   "Each code can only be used once. Please wait for a new code and try again.");
      return;
    }

  g_hash_table_add (self->used_passcodes, g_steal_pointer (&replay_key));
  td_sandbox_okta_reply_success (self, msg, transaction);
}

static void
verify_question (TdSandbox            *self,
                 SoupServerMessage    *msg,
                 TdSandboxTransaction *transaction,
                 JsonObject           *request)
{
  const char *answer = json_object_get_string_member_with_default (request, "answer", NULL);

  if (g_strcmp0 (answer, SECURITY_ANSWER) == 0)
    td_sandbox_okta_reply_success (self, msg, transaction);
  else
    td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000068", "Invalid Passcode/Answer",
                                 "Your answer doesn't match our records. Please try again.");
}

static void
verify_factor (TdSandbox            *self,
               SoupServerMessage    *msg,
               TdSandboxTransaction *transaction,
               const Factor         *factor,
               JsonObject           *request)
{
  if (g_strcmp0 (factor->type, "push") == 0)
    reply_push (self, msg, transaction, factor);
  else if (g_strcmp0 (factor->type, "token:software:totp") == 0)
    verify_token (self, msg, transaction, factor, request, TOTP_CODE);
  else if (g_strcmp0 (factor->type, "token:hardware") == 0)
    verify_token (self, msg, transaction, factor, request, YUBIKEY_CODE);
  else if (g_strcmp0 (factor->type, "sms") == 0 || g_strcmp0 (factor->type, "call") == 0)
    verify_phone (self, msg, transaction, factor, request);
  else if (g_strcmp0 (factor->type, "question") == 0)
    verify_question (self, msg, transaction, request);
  else
    td_sandbox_okta_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "E0000001", "Api validation failed: factorType",
                                 "The sandbox does not implement this factor type.");
}

static void
resend_factor (TdSandbox            *self,
               SoupServerMessage    *msg,
               TdSandboxTransaction *transaction,
               const Factor         *factor)
{
  if (g_strcmp0 (factor->type, "push") == 0)
    {
      transaction->push_resent = TRUE;
      transaction->verify_count = 1;
      reply_challenge (self, msg, transaction, factor, "WAITING", factor->verify_href, 0);
    }
  else if (g_strcmp0 (factor->type, "sms") == 0 || g_strcmp0 (factor->type, "call") == 0)
    {
      send_phone_code (self, msg, transaction, factor);
    }
  else
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "E0000001", "Api validation failed: resend",
                                   "Only push, SMS and voice call factors can be sent again.");
    }
}

/* Splits /api/v1/authn/factors/<id>/verify[/resend] into the factor id and
 * whether it is a resend. */
static char *
parse_factor_path (const char *path,
                   gboolean   *is_resend)
{
  const char *id = path + strlen ("/api/v1/authn/factors/");
  const char *slash = strchr (id, '/');

  if (slash == NULL || slash == id)
    return NULL;

  if (g_strcmp0 (slash, "/verify") == 0)
    *is_resend = FALSE;
  else if (g_strcmp0 (slash, "/verify/resend") == 0)
    *is_resend = TRUE;
  else
    return NULL;

  return g_strndup (id, slash - id);
}

void
td_sandbox_factors_handle (TdSandbox         *self,
                           SoupServerMessage *msg,
                           const char        *path,
                           JsonObject        *request)
{
  gboolean is_resend = FALSE;
  g_autofree char *factor_id = parse_factor_path (path, &is_resend);
  TdSandboxTransaction *transaction;
  Factor factor;

  if (factor_id == NULL)
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_NOT_FOUND, "E0000007", "Not found: Resource not found", path);
      return;
    }

  transaction = td_sandbox_okta_lookup_transaction (self, request);
  if (transaction == NULL)
    {
      td_sandbox_okta_reply_invalid_token (msg);
      return;
    }
  if (transaction->password_warn || !find_factor (transaction, factor_id, &factor))
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000079",
                                   "This operation is not allowed in the current authentication state.", NULL);
      return;
    }

  /* Choosing another factor starts its challenge from the beginning. */
  if (g_strcmp0 (transaction->factor_id, factor_id) != 0)
    {
      g_free (transaction->factor_id);
      transaction->factor_id = g_strdup (factor_id);
      transaction->verify_count = 0;
      transaction->push_resent = FALSE;
      transaction->sends = 0;
      transaction->code_sent = FALSE;
    }

  if (is_resend)
    {
      resend_factor (self, msg, transaction, &factor);
      return;
    }

  transaction->verify_count++;
  verify_factor (self, msg, transaction, &factor, request);
}
