/* td-sandbox-okta.c: the Okta Classic authentication API (/api/v1/authn)
 *
 * Primary authentication, resuming a transaction, PASSWORD_WARN skip and
 * cancel are here, and factor verification is in td-sandbox-factors.c. Bodies
 * follow the recorded Okta replies in tests/data and the cases they come
 * from, with every link rebased onto the sandbox's own origin.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-sandbox-okta.h"

#define LINK_HINTS ",\"hints\":{\"allow\":[\"POST\"]}"
#define FACTOR_LINKS(id) \
  ",\"_links\":{\"verify\":{\"href\":\"https://acme.okta.com/api/v1/authn/factors/" id "/verify\"" \
  LINK_HINTS "}}}"
#define FACTOR(id, type, provider, profile) \
  "{\"id\":\"" id "\",\"factorType\":\"" type "\",\"provider\":\"" provider \
  "\",\"vendorName\":\"" provider "\"" profile FACTOR_LINKS (id)
#define PROFILE(json) ",\"profile\":" json

#define PUSH_FACTOR(id, name, device) \
  FACTOR (id, "push", "OKTA", PROFILE ("{\"credentialId\":\"user@example.com\",\"deviceType\":\"" device \
                                       "\",\"name\":\"" name "\",\"platform\":\"IOS\",\"version\":\"17.2\"}"))
#define OKTA_TOTP_FACTOR(id) \
  FACTOR (id, "token:software:totp", "OKTA", PROFILE ("{\"credentialId\":\"user@example.com\"}"))
#define GOOGLE_TOTP_FACTOR(id) \
  FACTOR (id, "token:software:totp", "GOOGLE", PROFILE ("{\"credentialId\":\"user@example.com\"}"))

static const char demo_push[] = "[" PUSH_FACTOR ("opf1a2b3c4d5e6f7g8h9", "Demo Phone", "SmartPhone_IPhone") "]";
static const char okta_totp[] = "[" OKTA_TOTP_FACTOR ("ost1a2b3c4d5e6f7g8h9") "]";
static const char google_totp[] = "[" GOOGLE_TOTP_FACTOR ("uft1a2b3c4d5e6f7g8h9") "]";
static const char sms[] =
  "[" FACTOR ("sms1a2b3c4d5e6f7g8h9", "sms", "OKTA", PROFILE ("{\"phoneNumber\":\"+1 XXX-XXX-0100\"}")) "]";
static const char call[] =
  "[" FACTOR ("clf1a2b3c4d5e6f7g8h9", "call", "OKTA",
              PROFILE ("{\"phoneNumber\":\"+1 XXX-XXX-0100\",\"phoneExtension\":null}")) "]";
static const char question[] =
  "[" FACTOR ("ufs1a2b3c4d5e6f7g8h9", "question", "OKTA",
              PROFILE ("{\"question\":\"name_of_first_plush_toy\","
                       "\"questionText\":\"What is the name of your first stuffed animal?\"}")) "]";
/* The five factors of a user with two phones and three token kinds. */
static const char two_push[] =
  "[" PUSH_FACTOR ("opf1a2b3c4d5e6f7g8h9", "Old iPhone", "SmartPhone_IPhone")
  "," PUSH_FACTOR ("opf9z8y7x6w5v4u3t2s1", "Work Pixel", "SmartPhone_Android")
  "," OKTA_TOTP_FACTOR ("ost1a2b3c4d5e6f7g8h9")
  "," GOOGLE_TOTP_FACTOR ("uft1a2b3c4d5e6f7g8h9")
  "," FACTOR ("ykf1a2b3c4d5e6f7g8h9", "token:hardware", "YUBICO", PROFILE ("{\"credentialId\":\"cccccbhkevej\"}"))
  "]";
/* The step-up of a tile has its own factor, so that a code the user already
 * spent on primary authentication does not count as a replay. */
static const char step_up_totp[] = "[" OKTA_TOTP_FACTOR ("ost9s8t7e6p5u4p3a2b1") "]";

/* Bodies of Okta's other primary authentication states. The placeholders
 * STATE_TOKEN and EXPIRES_AT are replaced per transaction. */
static const char password_expired_body[] =
  "{\"stateToken\":\"STATE_TOKEN\",\"expiresAt\":\"EXPIRES_AT\",\"status\":\"PASSWORD_EXPIRED\","
  "\"_embedded\":{\"user\":{\"id\":\"00u1a2b3c4d5e6f7g8h9\",\"passwordChanged\":\"2023-12-01T09:00:00.000Z\","
  "\"profile\":{\"login\":\"LOGIN\",\"firstName\":\"Jane\",\"lastName\":\"Doe\",\"locale\":\"en\","
  "\"timeZone\":\"America/New_York\"}},"
  "\"policy\":{\"complexity\":{\"minLength\":12,\"minLowerCase\":1,\"minUpperCase\":1,\"minNumber\":1,"
  "\"minSymbol\":0,\"excludeUsername\":true},\"age\":{\"minAgeMinutes\":0,\"historyCount\":4}}},"
  "\"_links\":{\"next\":{\"name\":\"changePassword\","
  "\"href\":\"https://acme.okta.com/api/v1/authn/credentials/change_password\"" LINK_HINTS "},"
  "\"cancel\":{\"href\":\"https://acme.okta.com/api/v1/authn/cancel\"" LINK_HINTS "}}}";
static const char password_warn_body[] =
  "{\"stateToken\":\"STATE_TOKEN\",\"expiresAt\":\"EXPIRES_AT\",\"status\":\"PASSWORD_WARN\","
  "\"_embedded\":{\"user\":{\"id\":\"00u1a2b3c4d5e6f7g8h9\",\"profile\":{\"login\":\"LOGIN\"}},"
  "\"policy\":{\"expiration\":{\"passwordExpireDays\":3},\"complexity\":{\"minLength\":12}}},"
  "\"_links\":{\"next\":{\"name\":\"changePassword\","
  "\"href\":\"https://acme.okta.com/api/v1/authn/credentials/change_password\"" LINK_HINTS "},"
  "\"skip\":{\"name\":\"skip\",\"href\":\"https://acme.okta.com/api/v1/authn/skip\"" LINK_HINTS "},"
  "\"cancel\":{\"href\":\"https://acme.okta.com/api/v1/authn/cancel\"" LINK_HINTS "}}}";
static const char locked_out_body[] =
  "{\"status\":\"LOCKED_OUT\",\"expiresAt\":\"EXPIRES_AT\",\"_links\":{\"next\":{\"name\":\"unlock\","
  "\"href\":\"https://acme.okta.com/api/v1/authn/recovery/unlock\"" LINK_HINTS "}}}";
static const char enroll_body[] =
  "{\"stateToken\":\"STATE_TOKEN\",\"status\":\"MFA_ENROLL\",\"_embedded\":{\"user\":{\"id\":\"00u1a2b3c4d5e6f7g8h9\","
  "\"profile\":{\"login\":\"LOGIN\"}},\"factors\":[{\"factorType\":\"push\",\"provider\":\"OKTA\","
  "\"status\":\"NOT_SETUP\",\"enrollment\":\"REQUIRED\"}]},"
  "\"_links\":{\"cancel\":{\"href\":\"https://acme.okta.com/api/v1/authn/cancel\"}}}";
static const char unknown_status_body[] =
  "{\"stateToken\":\"STATE_TOKEN\",\"expiresAt\":\"EXPIRES_AT\",\"status\":\"SOMETHING_NEW\","
  "\"_links\":{\"cancel\":{\"href\":\"https://acme.okta.com/api/v1/authn/cancel\"" LINK_HINTS "}}}";
static const char html_error_page[] =
  "<!DOCTYPE html>\n<html><head><title>Acme - Error</title></head>\n"
  "<body><h1>500 Internal Server Error</h1>\n"
  "<p>Something went wrong on our side. Try again later.</p></body></html>\n";

static const TdSandboxUser users[] = {
  { "push@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, demo_push },
  { "challenge@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NUMBER_CHALLENGE, demo_push },
  { "reject@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_REJECT, demo_push },
  { "timeout@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_TIMEOUT, demo_push },
  { "flaky@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_FLAKY, demo_push },
  { "offorigin@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_OFF_ORIGIN, demo_push },
  { "totp@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, okta_totp },
  { "google@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, google_totp },
  { "sms@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, sms },
  { "sms429@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, sms, NULL, TRUE },
  { "call@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, call },
  { "question@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, question },
  { "multi@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, NULL },
  { "twopush@example.com", TD_SANDBOX_USER_MFA, TD_SANDBOX_PUSH_NORMAL, two_push },
  { "nomfa@example.com", TD_SANDBOX_USER_NO_MFA },
  { "expired@example.com", TD_SANDBOX_USER_FIXED_BODY, 0, NULL, password_expired_body },
  { "locked@example.com", TD_SANDBOX_USER_FIXED_BODY, 0, NULL, locked_out_body },
  { "enroll@example.com", TD_SANDBOX_USER_FIXED_BODY, 0, NULL, enroll_body },
  { "warn@example.com", TD_SANDBOX_USER_PASSWORD_WARN, 0, okta_totp, password_warn_body },
  { "weird@example.com", TD_SANDBOX_USER_FIXED_BODY, 0, NULL, unknown_status_body },
  { "ratelimit@example.com", TD_SANDBOX_USER_RATE_LIMITED },
  { "html@example.com", TD_SANDBOX_USER_HTML_ERROR },
  { "empty@example.com", TD_SANDBOX_USER_EMPTY_ERROR },
};

static const TdSandboxUser *
find_user (const char *login)
{
  for (gsize i = 0; i < G_N_ELEMENTS (users); i++)
    {
      if (g_ascii_strcasecmp (users[i].login, login) == 0)
        return &users[i];
    }

  return NULL;
}

/* Replies and bodies shared with td-sandbox-factors.c. */

void
td_sandbox_okta_reply_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *summary,
                             const char        *cause)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *error_id = td_sandbox_random_string ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 22);
  g_autofree char *full_error_id = g_strconcat ("oae", error_id, NULL);
  JsonObject *object = json_object_new ();
  JsonArray *causes = json_array_new ();

  json_object_set_string_member (object, "errorCode", code);
  json_object_set_string_member (object, "errorSummary", summary);
  json_object_set_string_member (object, "errorLink", code);
  json_object_set_string_member (object, "errorId", full_error_id);
  if (cause != NULL)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "errorSummary", cause);
      json_array_add_object_element (causes, entry);
    }
  json_object_set_array_member (object, "errorCauses", causes);
  json_node_take_object (node, object);

  td_sandbox_reply_json (msg, status, node);
}

void
td_sandbox_okta_reply_invalid_token (SoupServerMessage *msg)
{
  td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000011", "Invalid token provided", NULL);
}

void
td_sandbox_okta_set_rate_limit_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            g_get_real_time () / G_USEC_PER_SEC + 2);

  soup_message_headers_replace (headers, "X-Rate-Limit-Limit", "1");
  soup_message_headers_replace (headers, "X-Rate-Limit-Remaining", "0");
  soup_message_headers_replace (headers, "X-Rate-Limit-Reset", reset);
}

void
td_sandbox_okta_add_link (JsonObject *links,
                          const char *relation,
                          const char *name,
                          const char *href)
{
  JsonObject *link = json_object_new ();
  JsonObject *hints = json_object_new ();
  JsonArray *allow = json_array_new ();

  if (name != NULL)
    json_object_set_string_member (link, "name", name);
  json_object_set_string_member (link, "href", href);
  json_array_add_string_element (allow, "POST");
  json_object_set_array_member (hints, "allow", allow);
  json_object_set_object_member (link, "hints", hints);
  json_object_set_object_member (links, relation, link);
}

void
td_sandbox_okta_add_cancel_link (TdSandbox  *self,
                                 JsonObject *links)
{
  g_autofree char *href = g_strconcat (self->base_url, "/api/v1/authn/cancel", NULL);

  td_sandbox_okta_add_link (links, "cancel", NULL, href);
}

JsonObject *
td_sandbox_okta_build_user (const char *login)
{
  JsonObject *user = json_object_new ();
  JsonObject *profile = json_object_new ();
  g_autofree char *id = g_strdup_printf ("00u%08x%09u", g_str_hash (login), (guint) strlen (login));
  g_autofree char *last_name = g_strndup (login, strcspn (login, "@"));

  json_object_set_string_member (user, "id", id);
  json_object_set_string_member (user, "passwordChanged", "2024-01-10T09:00:00.000Z");
  json_object_set_string_member (profile, "login", login);
  json_object_set_string_member (profile, "firstName", "Sandbox");
  json_object_set_string_member (profile, "lastName", last_name);
  json_object_set_string_member (profile, "locale", "en_US");
  json_object_set_string_member (profile, "timeZone", "America/New_York");
  json_object_set_object_member (user, "profile", profile);

  return user;
}

/* Starts a reply body with the fields every in-transaction reply has. */
JsonObject *
td_sandbox_okta_begin_body (TdSandboxTransaction *transaction,
                            const char           *status)
{
  JsonObject *body = json_object_new ();
  g_autofree char *expires_at = td_sandbox_format_time (g_get_real_time () + TD_SANDBOX_LIFETIME_US, TRUE);

  json_object_set_string_member (body, "stateToken", transaction->state_token);
  json_object_set_string_member (body, "expiresAt", expires_at);
  json_object_set_string_member (body, "status", status);

  return body;
}

static void
reply_body (SoupServerMessage *msg,
            JsonObject        *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, body);
  td_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

/* Session tokens and transactions. */

char *
td_sandbox_okta_new_session_token (TdSandbox  *self,
                                   const char *login,
                                   gboolean    step_up_done)
{
  TdSandboxSessionToken *record = g_new0 (TdSandboxSessionToken, 1);
  g_autofree char *suffix = td_sandbox_random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 27);
  char *token = g_strconcat ("20111", suffix, NULL);

  record->login = g_strdup (login);
  record->step_up_done = step_up_done;
  record->created_us = g_get_monotonic_time ();
  g_hash_table_insert (self->session_tokens, g_strdup (token), record);

  return token;
}

static void
transaction_free (gpointer data)
{
  TdSandboxTransaction *transaction = data;

  g_free (transaction->state_token);
  g_free (transaction->login);
  g_clear_pointer (&transaction->factors, json_array_unref);
  g_free (transaction->factor_id);
  g_free (transaction);
}

static void
session_token_free (gpointer data)
{
  TdSandboxSessionToken *record = data;

  g_free (record->login);
  g_free (record);
}

static JsonArray *
parse_factors (TdSandbox  *self,
               const char *factors_json)
{
  g_autofree char *rebased = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* The multi-factor user sends exactly the recorded list of eight factors. */
  if (factors_json == NULL)
    {
      g_autofree char *recorded = td_sandbox_load_resource ("002-authn-mfa-required-factors.json");
      JsonObject *embedded;

      rebased = td_sandbox_rebase (self, recorded);
      node = json_from_string (rebased, &error);
      g_assert_no_error (error);
      embedded = json_object_get_object_member (json_node_get_object (node), "_embedded");
      return json_array_ref (json_object_get_array_member (embedded, "factors"));
    }

  rebased = td_sandbox_rebase (self, factors_json);
  node = json_from_string (rebased, &error);
  g_assert_no_error (error);

  return json_array_ref (json_node_get_array (node));
}

static TdSandboxTransaction *
start_transaction (TdSandbox           *self,
                   const TdSandboxUser *user,
                   const char          *login,
                   const char          *factors_json)
{
  TdSandboxTransaction *transaction = g_new0 (TdSandboxTransaction, 1);
  g_autofree char *suffix = td_sandbox_random_string ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 40);

  transaction->state_token = g_strconcat ("00", suffix, NULL);
  transaction->login = g_strdup (login);
  transaction->user = user;
  transaction->created_us = g_get_monotonic_time ();
  if (factors_json != NULL || user->kind == TD_SANDBOX_USER_MFA)
    transaction->factors = parse_factors (self, factors_json);
  g_hash_table_insert (self->transactions, transaction->state_token, transaction);

  return transaction;
}

TdSandboxTransaction *
td_sandbox_okta_lookup_transaction (TdSandbox  *self,
                                    JsonObject *request)
{
  const char *state_token = json_object_get_string_member_with_default (request, "stateToken", NULL);
  TdSandboxTransaction *transaction;

  if (state_token == NULL)
    return NULL;

  transaction = g_hash_table_lookup (self->transactions, state_token);
  if (transaction == NULL)
    return NULL;

  if (g_get_monotonic_time () - transaction->created_us > TD_SANDBOX_LIFETIME_US)
    {
      g_hash_table_remove (self->transactions, state_token);
      return NULL;
    }

  return transaction;
}

char *
td_sandbox_okta_start_step_up (TdSandbox  *self,
                               const char *login)
{
  const TdSandboxUser *user = find_user (login);
  TdSandboxTransaction *transaction;

  g_assert (user != NULL);
  transaction = start_transaction (self, user, login, step_up_totp);
  transaction->step_up = TRUE;

  return g_strdup (transaction->state_token);
}

void
td_sandbox_okta_reply_success (TdSandbox            *self,
                               SoupServerMessage    *msg,
                               TdSandboxTransaction *transaction)
{
  JsonObject *body = json_object_new ();
  JsonObject *embedded = json_object_new ();
  JsonObject *links = json_object_new ();
  g_autofree char *expires_at = td_sandbox_format_time (g_get_real_time () + TD_SANDBOX_LIFETIME_US, TRUE);
  g_autofree char *session_token = NULL;

  session_token = td_sandbox_okta_new_session_token (self, transaction->login, transaction->step_up);
  json_object_set_string_member (body, "expiresAt", expires_at);
  json_object_set_string_member (body, "status", "SUCCESS");
  json_object_set_string_member (body, "sessionToken", session_token);
  json_object_set_object_member (embedded, "user", td_sandbox_okta_build_user (transaction->login));
  json_object_set_object_member (body, "_embedded", embedded);
  td_sandbox_okta_add_cancel_link (self, links);
  json_object_set_object_member (body, "_links", links);

  /* A state token ends with the transaction, as on a real org. */
  g_hash_table_remove (self->transactions, transaction->state_token);
  reply_body (msg, body);
}

static void
reply_mfa_required (TdSandbox            *self,
                    SoupServerMessage    *msg,
                    TdSandboxTransaction *transaction)
{
  JsonObject *body = td_sandbox_okta_begin_body (transaction, "MFA_REQUIRED");
  JsonObject *embedded = json_object_new ();
  JsonObject *policy = json_object_new ();
  JsonObject *links = json_object_new ();

  json_object_set_object_member (embedded, "user", td_sandbox_okta_build_user (transaction->login));
  json_object_set_array_member (embedded, "factors", json_array_ref (transaction->factors));
  json_object_set_boolean_member (policy, "allowRememberDevice", FALSE);
  json_object_set_int_member (policy, "rememberDeviceLifetimeInMinutes", 0);
  json_object_set_boolean_member (policy, "rememberDeviceByDefault", FALSE);
  json_object_set_object_member (policy, "factorsPolicyInfo", json_object_new ());
  json_object_set_object_member (embedded, "policy", policy);
  json_object_set_object_member (body, "_embedded", embedded);
  td_sandbox_okta_add_cancel_link (self, links);
  json_object_set_object_member (body, "_links", links);

  reply_body (msg, body);
}

static void
reply_template (TdSandbox            *self,
                SoupServerMessage    *msg,
                const char           *template,
                TdSandboxTransaction *transaction,
                const char           *login)
{
  g_autoptr(GString) text = g_string_new (template);
  g_autofree char *expires_at = td_sandbox_format_time (g_get_real_time () + TD_SANDBOX_LIFETIME_US, TRUE);
  g_autofree char *rebased = NULL;

  if (transaction != NULL)
    g_string_replace (text, "STATE_TOKEN", transaction->state_token, 0);
  g_string_replace (text, "EXPIRES_AT", expires_at, 0);
  g_string_replace (text, "LOGIN", login, 0);
  rebased = td_sandbox_rebase (self, text->str);

  td_sandbox_reply (msg, SOUP_STATUS_OK, "application/json", rebased);
}

/* The endpoints. */

static void
handle_primary (TdSandbox         *self,
                SoupServerMessage *msg,
                JsonObject        *request)
{
  const char *login = json_object_get_string_member_with_default (request, "username", NULL);
  const char *password = json_object_get_string_member_with_default (request, "password", NULL);
  const TdSandboxUser *user = login != NULL ? find_user (login) : NULL;
  TdSandboxTransaction *transaction;

  if (user == NULL || g_strcmp0 (password, TD_SANDBOX_PASSWORD) != 0)
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "E0000004", "Authentication failed", NULL);
      return;
    }

  switch (user->kind)
    {
    case TD_SANDBOX_USER_MFA:
      transaction = start_transaction (self, user, login, user->factors_json);
      reply_mfa_required (self, msg, transaction);
      break;
    case TD_SANDBOX_USER_NO_MFA:
      transaction = start_transaction (self, user, login, NULL);
      td_sandbox_okta_reply_success (self, msg, transaction);
      break;
    case TD_SANDBOX_USER_PASSWORD_WARN:
      transaction = start_transaction (self, user, login, user->factors_json);
      transaction->password_warn = TRUE;
      reply_template (self, msg, user->body, transaction, login);
      break;
    case TD_SANDBOX_USER_FIXED_BODY:
      /* A locked-out reply has no state token, so it starts no transaction. */
      transaction = strstr (user->body, "STATE_TOKEN") != NULL ? start_transaction (self, user, login, NULL) : NULL;
      reply_template (self, msg, user->body, transaction, login);
      break;
    case TD_SANDBOX_USER_RATE_LIMITED:
      td_sandbox_okta_set_rate_limit_headers (msg);
      td_sandbox_okta_reply_error (msg, TD_SANDBOX_STATUS_TOO_MANY_REQUESTS, "E0000047",
                                   "API call exceeded rate limit due to too many requests.", NULL);
      break;
    case TD_SANDBOX_USER_HTML_ERROR:
      td_sandbox_reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html", html_error_page);
      break;
    case TD_SANDBOX_USER_EMPTY_ERROR:
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* POST /api/v1/authn with only a state token returns the transaction's
 * current state. The step-up page of a tile starts its flow this way. */
static void
handle_resume (TdSandbox         *self,
               SoupServerMessage *msg,
               JsonObject        *request)
{
  TdSandboxTransaction *transaction = td_sandbox_okta_lookup_transaction (self, request);

  if (transaction == NULL)
    td_sandbox_okta_reply_invalid_token (msg);
  else if (transaction->password_warn)
    reply_template (self, msg, transaction->user->body, transaction, transaction->login);
  else if (transaction->factors != NULL)
    reply_mfa_required (self, msg, transaction);
  else
    td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000079",
                                 "This operation is not allowed in the current authentication state.", NULL);
}

static void
handle_skip (TdSandbox         *self,
             SoupServerMessage *msg,
             JsonObject        *request)
{
  TdSandboxTransaction *transaction = td_sandbox_okta_lookup_transaction (self, request);

  if (transaction == NULL)
    {
      td_sandbox_okta_reply_invalid_token (msg);
      return;
    }
  if (!transaction->password_warn)
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_FORBIDDEN, "E0000079",
                                   "This operation is not allowed in the current authentication state.", NULL);
      return;
    }

  transaction->password_warn = FALSE;
  reply_mfa_required (self, msg, transaction);
}

static void
handle_cancel (TdSandbox         *self,
               SoupServerMessage *msg,
               JsonObject        *request)
{
  TdSandboxTransaction *transaction = td_sandbox_okta_lookup_transaction (self, request);

  if (transaction == NULL)
    {
      td_sandbox_okta_reply_invalid_token (msg);
      return;
    }

  self->stat_cancelled++;
  g_hash_table_remove (self->transactions, transaction->state_token);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "application/json", "{}");
}

static JsonObject *
parse_request (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  const char *body = td_sandbox_get_body (msg, &length);

  node = json_from_string (body, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_object_ref (json_node_get_object (node));
}

void
td_sandbox_okta_handle (TdSandbox         *self,
                        SoupServerMessage *msg,
                        const char        *path)
{
  g_autoptr(JsonObject) request = parse_request (msg);

  if (g_strcmp0 (path, "/api/v1/authn") == 0)
    self->stat_authn++;

  if (request == NULL)
    {
      td_sandbox_okta_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "E0000003",
                                   "The request body was not well-formed.",
                                   "The body must be a JSON object.");
      return;
    }

  if (g_strcmp0 (path, "/api/v1/authn") == 0)
    {
      if (json_object_has_member (request, "username"))
        handle_primary (self, msg, request);
      else
        handle_resume (self, msg, request);
    }
  else if (g_strcmp0 (path, "/api/v1/authn/skip") == 0)
    handle_skip (self, msg, request);
  else if (g_strcmp0 (path, "/api/v1/authn/cancel") == 0)
    handle_cancel (self, msg, request);
  else if (g_str_has_prefix (path, "/api/v1/authn/factors/"))
    td_sandbox_factors_handle (self, msg, path, request);
  else
    td_sandbox_okta_reply_error (msg, SOUP_STATUS_NOT_FOUND, "E0000007",
                                 "Not found: Resource not found", path);
}

void
td_sandbox_okta_init (TdSandbox *self)
{
  self->transactions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, transaction_free);
  self->session_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_token_free);
  self->used_passcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
