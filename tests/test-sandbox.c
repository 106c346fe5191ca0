/* test-sandbox.c: tests of the sandbox server itself, with plain libsoup
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "td-test-sandbox.h"
#include "td-test-utils.h"

#define PASSWORD "correct horse battery staple"
#define AWS_CLI "/usr/bin/aws"

typedef struct
{
  TdTestSandbox *sandbox;
  SoupSession   *session;     /* trusts the sandbox's CA */
  const char    *url;
} Fixture;

static SoupSession *
new_session_trusting (const char *ca_file)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  if (ca_file == NULL)
    return soup_session_new ();

  database = g_tls_file_database_new (ca_file, &error);
  g_assert_no_error (error);

  return soup_session_new_with_options ("tls-database", database, NULL);
}

/* @data is one extra argument for the sandbox, or NULL. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = td_test_sandbox_start (data, NULL);
  fixture->session = new_session_trusting (td_test_sandbox_get_ca_file (fixture->sandbox));
  fixture->url = td_test_sandbox_get_url (fixture->sandbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->sandbox, td_test_sandbox_stop);
}

/* HTTP helpers. */

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} SendResult;

static void
send_and_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SendResult *send_result = user_data;

  send_result->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &send_result->error);
  send_result->done = TRUE;
}

/* Sends @msg and runs the thread-default main context until its body is read. */
static GBytes *
send_and_read (SoupSession  *session,
               SoupMessage  *msg,
               GError      **error)
{
  SendResult result = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_and_read_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);

  if (result.error != NULL)
    g_propagate_error (error, result.error);

  return result.body;
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             const char *content_type,
             const char *body)
{
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  /* libsoup sends a POST that is not marked idempotent on a new connection
   * every time; the flag lets the tests count kept-alive connections. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  return msg;
}

static char *
send_message (Fixture     *fixture,
              SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = send_and_read (fixture->session, msg, &error);
  g_assert_no_error (error);

  /* g_strndup () turns the NULL data of an empty body into NULL. */
  if (g_bytes_get_size (body) == 0)
    return g_strdup ("");

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
post_json (Fixture    *fixture,
           const char *url,
           const char *json,
           guint      *status)
{
  g_autoptr(SoupMessage) msg = new_message ("POST", url, "application/json", json);
  g_autofree char *text = send_message (fixture, msg);

  *status = soup_message_get_status (msg);
  return parse_object (text);
}

static JsonObject *
post_authn (Fixture    *fixture,
            const char *login,
            const char *password,
            guint      *status)
{
  g_autofree char *url = g_strconcat (fixture->url, "/api/v1/authn", NULL);
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", login, password);

  return post_json (fixture, url, body, status);
}

static JsonObject *
post_state (Fixture    *fixture,
            const char *url,
            const char *state_token,
            const char *extra_member)
{
  g_autofree char *body = NULL;
  guint status;
  JsonObject *reply;

  body = g_strdup_printf ("{\"stateToken\":\"%s\"%s%s}", state_token,
                          extra_member != NULL ? "," : "", extra_member != NULL ? extra_member : "");
  reply = post_json (fixture, url, body, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  return reply;
}

static const char *
get_factor_href (JsonObject *reply,
                 guint       index)
{
  JsonObject *embedded = json_object_get_object_member (reply, "_embedded");
  JsonArray *factors = json_object_get_array_member (embedded, "factors");
  JsonObject *factor = json_array_get_object_element (factors, index);
  JsonObject *links = json_object_get_object_member (factor, "_links");

  return json_object_get_string_member (json_object_get_object_member (links, "verify"), "href");
}

static const char *
get_next_href (JsonObject *reply)
{
  JsonObject *links = json_object_get_object_member (reply, "_links");

  return json_object_get_string_member (json_object_get_object_member (links, "next"), "href");
}

static void
assert_okta_error (JsonObject *reply,
                   const char *code)
{
  g_assert_cmpstr (json_object_get_string_member_with_default (reply, "errorCode", NULL), ==, code);
  g_assert_nonnull (json_object_get_string_member_with_default (reply, "errorSummary", NULL));
  g_assert_true (json_object_has_member (reply, "errorCauses"));
}

/* Okta, tile and STS flows. */

static char *
verify_totp (Fixture    *fixture,
             JsonObject *mfa_required,
             const char *code,
             guint      *status,
             JsonObject **reply)
{
  const char *state_token = json_object_get_string_member (mfa_required, "stateToken");
  g_autofree char *body = g_strdup_printf ("{\"stateToken\":\"%s\",\"passCode\":\"%s\"}", state_token, code);

  *reply = post_json (fixture, get_factor_href (mfa_required, 0), body, status);

  return g_strdup (json_object_get_string_member_with_default (*reply, "sessionToken", NULL));
}

static char *
sign_in_totp (Fixture    *fixture,
              const char *login)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) reply = NULL;
  guint status;
  char *session_token;

  mfa_required = post_authn (fixture, login, PASSWORD, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (mfa_required, "status"), ==, "MFA_REQUIRED");

  session_token = verify_totp (fixture, mfa_required, "123456", &status, &reply);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, "SUCCESS");
  g_assert_nonnull (session_token);

  return session_token;
}

static SoupMessage *
request_session_cookie (Fixture    *fixture,
                        const char *session_token,
                        const char *redirect_url)
{
  g_autofree char *query = soup_form_encode ("token", session_token, "redirectUrl", redirect_url, NULL);
  g_autofree char *url = g_strconcat (fixture->url, "/login/sessionCookieRedirect?", query, NULL);
  SoupMessage *msg = new_message ("GET", url, NULL, NULL);
  g_autofree char *body = send_message (fixture, msg);

  return msg;
}

/* Returns the `sid=...` pair of the Set-Cookie header. */
static char *
open_session (Fixture    *fixture,
              const char *session_token,
              const char *app)
{
  g_autofree char *app_url = g_strdup_printf ("%s/home/amazon_aws/%s/272", fixture->url, app);
  g_autoptr(SoupMessage) msg = request_session_cookie (fixture, session_token, app_url);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *cookie = soup_message_headers_get_one (headers, "Set-Cookie");

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Location"), ==, app_url);
  g_assert_nonnull (cookie);
  g_assert_true (g_str_has_prefix (cookie, "sid="));
  g_assert_nonnull (strstr (cookie, "; Secure"));
  g_assert_nonnull (strstr (cookie, "; HttpOnly"));

  return g_strndup (cookie, strcspn (cookie, ";"));
}

static char *
fetch_tile (Fixture    *fixture,
            const char *cookie,
            const char *app)
{
  g_autofree char *url = g_strdup_printf ("%s/home/amazon_aws/%s/272?fromHome=true", fixture->url, app);
  g_autoptr(SoupMessage) msg = new_message ("GET", url, NULL, NULL);
  char *page;

  if (cookie != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
  page = send_message (fixture, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  return page;
}

/* Resolves the hexadecimal character references (`&#x2b;`) that the
 * sandbox writes in attribute values. */
static char *
decode_character_references (const char *text)
{
  GString *decoded = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      char *end = NULL;
      guint64 code;

      if (g_str_has_prefix (p, "&#x") && (code = g_ascii_strtoull (p + 3, &end, 16)) > 0 && *end == ';')
        {
          g_string_append_c (decoded, (char) code);
          p = end;
        }
      else
        g_string_append_c (decoded, *p);
    }

  return g_string_free (decoded, FALSE);
}

static char *
extract_between (const char *text,
                 const char *start,
                 const char *end)
{
  const char *from = strstr (text, start);
  const char *to;

  if (from == NULL)
    return NULL;
  from += strlen (start);
  to = strstr (from, end);
  g_assert_nonnull (to);

  return g_strndup (from, to - from);
}

static char *
extract_saml_response (const char *page)
{
  g_autofree char *raw = extract_between (page, "name=\"SAMLResponse\" type=\"hidden\" value=\"", "\"");

  g_assert_nonnull (raw);
  return decode_character_references (raw);
}

static char *
decode_saml (const char *base64)
{
  gsize length;
  g_autofree guchar *xml = g_base64_decode (base64, &length);

  return g_strndup ((const char *) xml, length);
}

static char *
sign_in_to_tile (Fixture    *fixture,
                 const char *login,
                 const char *app)
{
  g_autofree char *session_token = sign_in_totp (fixture, login);
  g_autofree char *cookie = open_session (fixture, session_token, app);
  g_autofree char *page = fetch_tile (fixture, cookie, app);

  return extract_saml_response (page);
}

static char *
post_sts (Fixture    *fixture,
          const char *form,
          guint      *status)
{
  g_autofree char *url = g_strconcat (fixture->url, "/", NULL);
  g_autoptr(SoupMessage) msg = new_message ("POST", url, "application/x-www-form-urlencoded", form);
  char *body = send_message (fixture, msg);

  *status = soup_message_get_status (msg);
  return body;
}

static char *
assume_role (Fixture    *fixture,
             const char *saml,
             const char *role_arn,
             const char *duration,
             guint      *status)
{
  g_autofree char *form = NULL;

  form = soup_form_encode ("Action", "AssumeRoleWithSAML", "Version", "2011-06-15",
                           "RoleArn", role_arn,
                           "PrincipalArn", "arn:aws:iam::123456789012:saml-provider/AcmeOkta",
                           "SAMLAssertion", saml, "DurationSeconds", duration, NULL);

  return post_sts (fixture, form, status);
}

static char *
extract_element (const char *xml,
                 const char *name)
{
  g_autofree char *start = g_strdup_printf ("<%s>", name);
  g_autofree char *end = g_strdup_printf ("</%s>", name);

  return extract_between (xml, start, end);
}

/* TLS. */

static void
test_ready_line (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *foreign_url = td_test_sandbox_get_foreign_url (fixture->sandbox);

  g_assert_true (g_str_has_prefix (fixture->url, "https://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (foreign_url, "https://127.0.0.1:"));
  g_assert_cmpstr (fixture->url, !=, foreign_url);
  g_assert_false (g_str_has_suffix (fixture->url, "/"));
}

static GError *
fetch_with_ca (Fixture    *fixture,
               const char *ca_file)
{
  g_autoptr(SoupSession) session = new_session_trusting (ca_file);
  g_autofree char *url = g_strconcat (fixture->url, "/login/default", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = send_and_read (session, msg, &error);

  return error;
}

static void
test_tls_default_trust_rejected (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = fetch_with_ca (fixture, NULL);

  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_tls_other_ca_rejected (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *cert_dir = g_path_get_dirname (td_test_sandbox_get_ca_file (fixture->sandbox));
  g_autofree char *other_ca = g_build_filename (cert_dir, "other-ca.crt", NULL);
  g_autoptr(GError) error = fetch_with_ca (fixture, other_ca);

  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_tls_ca_accepted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = fetch_with_ca (fixture, td_test_sandbox_get_ca_file (fixture->sandbox));

  g_assert_no_error (error);
}

/* Okta authn API. */

static void
test_authn_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;
  guint status;

  reply = post_authn (fixture, "push@example.com", "correct horse battery", &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  assert_okta_error (reply, "E0000004");
  g_assert_cmpstr (json_object_get_string_member (reply, "errorSummary"), ==, "Authentication failed");
}

static void
test_authn_unknown_user (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;
  guint status;

  reply = post_authn (fixture, "nobody@example.com", PASSWORD, &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  assert_okta_error (reply, "E0000004");
}

static void
test_authn_malformed_body (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *bodies[] = { "", "{\"username\":", "[1,2]", "\"push@example.com\"" };
  g_autofree char *url = g_strconcat (fixture->url, "/api/v1/authn", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) reply = NULL;
      guint status;

      g_test_message ("body: %s", bodies[i]);
      reply = post_json (fixture, url, bodies[i], &status);
      g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
      assert_okta_error (reply, "E0000003");
    }
}

static void
test_authn_missing_state_token (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) no_token = NULL;
  g_autoptr(JsonObject) wrong_token = NULL;
  g_autoptr(JsonObject) cancel = NULL;
  g_autofree char *cancel_url = g_strconcat (fixture->url, "/api/v1/authn/cancel", NULL);
  guint status;

  mfa_required = post_authn (fixture, "push@example.com", PASSWORD, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  no_token = post_json (fixture, get_factor_href (mfa_required, 0), "{}", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  assert_okta_error (no_token, "E0000011");

  wrong_token = post_json (fixture, get_factor_href (mfa_required, 0), "{\"stateToken\":\"00wrong\"}", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  assert_okta_error (wrong_token, "E0000011");

  cancel = post_json (fixture, cancel_url, "{\"stateToken\":\"\"}", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  assert_okta_error (cancel, "E0000011");
}

static void
test_authn_totp_to_sts (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oademo");
  g_autofree char *xml = decode_saml (saml);
  g_autofree char *reply = NULL;
  g_autofree char *access_key_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *session_token = NULL;
  g_autofree char *arn = NULL;
  guint status;

  g_assert_nonnull (strstr (xml, "<saml2:Assertion "));
  g_assert_nonnull (strstr (xml, "arn:aws:iam::123456789012:role/Engineer,"
                                 "arn:aws:iam::123456789012:saml-provider/AcmeOkta"));
  g_assert_nonnull (strstr (xml, ">totp@example.com</saml2:AttributeValue>"));

  reply = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Engineer", "3600", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  access_key_id = extract_element (reply, "AccessKeyId");
  g_assert_true (g_regex_match_simple ("^ASIA[A-Z0-9]{16}$", access_key_id, 0, 0));
  secret = extract_element (reply, "SecretAccessKey");
  g_assert_cmpuint (strlen (secret), ==, 40);
  g_assert_nonnull (strchr (secret, '/'));
  g_assert_nonnull (strchr (secret, '+'));
  session_token = extract_element (reply, "SessionToken");
  g_assert_nonnull (strchr (session_token, '+'));
  g_assert_nonnull (strchr (session_token, '/'));
  g_assert_nonnull (strchr (session_token, '='));
  arn = extract_element (reply, "Arn");
  g_assert_cmpstr (arn, ==, "arn:aws:sts::123456789012:assumed-role/Engineer/totp@example.com");
}

static void
test_authn_totp_invalid_code (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *codes[] = { "000000", "12345", "1234567", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(JsonObject) mfa_required = NULL;
      g_autoptr(JsonObject) reply = NULL;
      g_autofree char *session_token = NULL;
      JsonArray *causes;
      guint status;

      g_test_message ("passCode: \"%s\"", codes[i]);
      mfa_required = post_authn (fixture, "google@example.com", PASSWORD, &status);
      session_token = verify_totp (fixture, mfa_required, codes[i], &status, &reply);
      g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
      g_assert_null (session_token);
      assert_okta_error (reply, "E0000068");
      causes = json_object_get_array_member (reply, "errorCauses");
      g_assert_cmpuint (json_array_get_length (causes), ==, 1);
    }
}

static void
test_authn_totp_number_rejected (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *body = NULL;
  guint status;

  /* 123456 as a JSON number: a client that stores codes as integers loses
   * leading zeros, so the sandbox accepts only strings. */
  mfa_required = post_authn (fixture, "totp@example.com", PASSWORD, &status);
  body = g_strdup_printf ("{\"stateToken\":\"%s\",\"passCode\":123456}",
                          json_object_get_string_member (mfa_required, "stateToken"));
  reply = post_json (fixture, get_factor_href (mfa_required, 0), body, &status);

  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  assert_okta_error (reply, "E0000068");
}

static void
test_authn_totp_replayed_code (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *first = sign_in_totp (fixture, "totp@example.com");
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *second = NULL;
  guint status;

  mfa_required = post_authn (fixture, "totp@example.com", PASSWORD, &status);
  second = verify_totp (fixture, mfa_required, "123456", &status, &reply);

  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  g_assert_null (second);
  assert_okta_error (reply, "E0000082");
}

typedef struct
{
  const char *login;
  guint       status;
  const char *okta_status;    /* NULL: an error reply */
  const char *content_type;
} StatusCase;

static void
test_authn_statuses (Fixture       *fixture,
                     gconstpointer  data)
{
  const StatusCase cases[] = {
    { "expired@example.com", 200, "PASSWORD_EXPIRED", "application/json" },
    { "locked@example.com", 200, "LOCKED_OUT", "application/json" },
    { "enroll@example.com", 200, "MFA_ENROLL", "application/json" },
    { "warn@example.com", 200, "PASSWORD_WARN", "application/json" },
    { "weird@example.com", 200, "SOMETHING_NEW", "application/json" },
    { "nomfa@example.com", 200, "SUCCESS", "application/json" },
    { "ratelimit@example.com", 429, NULL, "application/json" },
    { "html@example.com", 500, NULL, "text/html" },
    { "empty@example.com", 502, NULL, NULL },
  };
  g_autofree char *url = g_strconcat (fixture->url, "/api/v1/authn", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}",
                                               cases[i].login);
      g_autoptr(SoupMessage) msg = new_message ("POST", url, "application/json", json);
      g_autofree char *body = send_message (fixture, msg);
      SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

      g_test_message ("user: %s", cases[i].login);
      g_assert_cmpuint (soup_message_get_status (msg), ==, cases[i].status);
      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, cases[i].content_type);
      if (cases[i].okta_status != NULL)
        {
          g_autoptr(JsonObject) reply = parse_object (body);

          g_assert_cmpstr (json_object_get_string_member (reply, "status"), ==, cases[i].okta_status);
          g_assert_null (strstr (body, "acme.okta.com"));
        }
      if (cases[i].status == 429)
        g_assert_nonnull (soup_message_headers_get_one (headers, "X-Rate-Limit-Reset"));
      if (cases[i].content_type == NULL)
        g_assert_cmpstr (body, ==, "");
    }
}

static void
test_authn_multi_factors (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *types[] = { "push", "token:software:totp", "token:software:totp", "sms",
                          "call", "question", "web", "webauthn" };
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *factors;
  guint status;

  reply = post_authn (fixture, "multi@example.com", PASSWORD, &status);
  factors = json_object_get_array_member (json_object_get_object_member (reply, "_embedded"), "factors");

  g_assert_cmpuint (json_array_get_length (factors), ==, G_N_ELEMENTS (types));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      JsonObject *factor = json_array_get_object_element (factors, i);

      g_assert_cmpstr (json_object_get_string_member (factor, "factorType"), ==, types[i]);
      g_assert_true (g_str_has_prefix (get_factor_href (reply, i), fixture->url));
    }
  g_assert_false (json_object_has_member (json_array_get_object_element (factors, 0), "profile"));
}

static void
test_authn_password_warn_skip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) warn = NULL;
  g_autoptr(JsonObject) skipped = NULL;
  g_autoptr(JsonObject) success = NULL;
  g_autofree char *session_token = NULL;
  const char *skip_href;
  guint status;

  warn = post_authn (fixture, "warn@example.com", PASSWORD, &status);
  g_assert_cmpstr (json_object_get_string_member (warn, "status"), ==, "PASSWORD_WARN");
  skip_href = json_object_get_string_member (json_object_get_object_member (
                json_object_get_object_member (warn, "_links"), "skip"), "href");
  g_assert_true (g_str_has_prefix (skip_href, fixture->url));

  skipped = post_state (fixture, skip_href, json_object_get_string_member (warn, "stateToken"), NULL);
  g_assert_cmpstr (json_object_get_string_member (skipped, "status"), ==, "MFA_REQUIRED");

  session_token = verify_totp (fixture, skipped, "123456", &status, &success);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (session_token);
}

static void
test_authn_cancel_counted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) expired = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *cancel_url = g_strconcat (fixture->url, "/api/v1/authn/cancel", NULL);
  const char *state_token;
  guint status;

  expired = post_authn (fixture, "expired@example.com", PASSWORD, &status);
  state_token = json_object_get_string_member (expired, "stateToken");
  cancelled = post_state (fixture, cancel_url, state_token, NULL);

  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "cancelled"), ==, 1);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "authn"), ==, 1);

  /* The state token ends with the transaction. */
  again = post_json (fixture, cancel_url, "{\"stateToken\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
}

/* Push. */

/* Runs a push to its end and returns the factorResult (or status) of each
 * reply, comma-separated, with "#N" after a reply that carries the number
 * challenge N. */
static char *
run_push (Fixture    *fixture,
          const char *login,
          guint       max_replies)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *href = NULL;
  const char *state_token;
  guint status;

  mfa_required = post_authn (fixture, login, PASSWORD, &status);
  state_token = json_object_get_string_member (mfa_required, "stateToken");
  href = g_strdup (get_factor_href (mfa_required, 0));

  for (guint i = 0; i < max_replies; i++)
    {
      g_autoptr(JsonObject) reply = post_state (fixture, href, state_token, NULL);
      const char *result = json_object_get_string_member_with_default (reply, "factorResult", NULL);
      JsonNode *answer = json_object_get_member (reply, "_embedded") != NULL
        ? json_object_get_member (json_object_get_object_member (reply, "_embedded"), "factor") : NULL;

      if (result == NULL)
        {
          g_ptr_array_add (results, g_strdup (json_object_get_string_member (reply, "status")));
          break;
        }

      answer = answer != NULL ? json_object_get_member (json_node_get_object (answer), "_embedded") : NULL;
      if (answer != NULL)
        {
          JsonObject *challenge = json_object_get_object_member (json_node_get_object (answer), "challenge");
          JsonNode *number = json_object_get_member (challenge, "correctAnswer");

          g_assert_cmpint (json_node_get_value_type (number), ==, G_TYPE_INT64);
          g_ptr_array_add (results, g_strdup_printf ("%s#%" G_GINT64_FORMAT, result, json_node_get_int (number)));
        }
      else
        g_ptr_array_add (results, g_strdup (result));

      g_free (href);
      href = g_strdup (get_next_href (reply));
    }
  g_ptr_array_add (results, NULL);

  return g_strjoinv (",", (char **) results->pdata);
}

static void
test_push_poll_waits (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *results = run_push (fixture, "push@example.com", 10);

  /* Started with --poll-waits=3. */
  g_assert_cmpstr (results, ==, "WAITING,WAITING,WAITING,WAITING,SUCCESS");
}

static void
test_push_default_poll_waits (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *results = run_push (fixture, "twopush@example.com", 10);

  g_assert_cmpstr (results, ==, "WAITING,WAITING,SUCCESS");
}

static void
test_push_number_challenge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *results = run_push (fixture, "challenge@example.com", 10);

  g_assert_cmpstr (results, ==, "WAITING,WAITING#47,WAITING#47,SUCCESS");
}

static void
test_push_rejected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *results = run_push (fixture, "reject@example.com", 4);

  g_assert_cmpstr (results, ==, "WAITING,WAITING,REJECTED,REJECTED");
}

static void
test_push_timeout_resend (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *results = run_push (fixture, "timeout@example.com", 3);
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) timed_out = NULL;
  g_autoptr(JsonObject) resent = NULL;
  g_autoptr(JsonObject) success = NULL;
  g_autofree char *resend_href = NULL;
  const char *state_token;
  guint status;

  g_assert_cmpstr (results, ==, "WAITING,WAITING,TIMEOUT");

  mfa_required = post_authn (fixture, "timeout@example.com", PASSWORD, &status);
  state_token = json_object_get_string_member (mfa_required, "stateToken");
  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&timed_out, json_object_unref);
      timed_out = post_state (fixture, get_factor_href (mfa_required, 0), state_token, NULL);
    }
  resend_href = g_strdup (json_object_get_string_member (json_array_get_object_element (
                  json_object_get_array_member (json_object_get_object_member (timed_out, "_links"), "resend"), 0),
                  "href"));
  g_assert_true (g_str_has_suffix (resend_href, "/verify/resend"));

  resent = post_state (fixture, resend_href, state_token, NULL);
  g_assert_cmpstr (json_object_get_string_member (resent, "factorResult"), ==, "WAITING");
  success = post_state (fixture, get_next_href (resent), state_token, NULL);
  g_assert_cmpstr (json_object_get_string_member (success, "status"), ==, "SUCCESS");
}

static void
test_push_flaky_poll_dropped (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) success = NULL;
  g_autofree char *body = NULL;
  const char *href;
  guint status;

  mfa_required = post_authn (fixture, "flaky@example.com", PASSWORD, &status);
  href = get_factor_href (mfa_required, 0);
  body = g_strdup_printf ("{\"stateToken\":\"%s\"}", json_object_get_string_member (mfa_required, "stateToken"));

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) waiting = post_json (fixture, href, body, &status);

      g_assert_cmpstr (json_object_get_string_member (waiting, "factorResult"), ==, "WAITING");
    }

  {
    g_autoptr(SoupMessage) msg = new_message ("POST", href, "application/json", body);
    g_autoptr(GBytes) reply = NULL;
    g_autoptr(GError) error = NULL;

    /* An idempotent message would be re-sent by libsoup on a new connection
     * and hide the dropped one. */
    soup_message_remove_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
    reply = send_and_read (fixture->session, msg, &error);
    g_assert_nonnull (error);
    g_assert_null (reply);
  }

  success = post_json (fixture, href, body, &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (success, "status"), ==, "SUCCESS");
}

static void
test_push_off_origin_link (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) waiting = NULL;
  guint status;

  mfa_required = post_authn (fixture, "offorigin@example.com", PASSWORD, &status);
  waiting = post_state (fixture, get_factor_href (mfa_required, 0),
                        json_object_get_string_member (mfa_required, "stateToken"), NULL);

  g_assert_true (g_str_has_prefix (get_next_href (waiting), td_test_sandbox_get_foreign_url (fixture->sandbox)));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "foreign_requests"), ==, 0);
}

/* SMS. */

static void
test_sms_rate_limit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) limited = NULL;
  g_autoptr(JsonObject) challenge = NULL;
  g_autoptr(JsonObject) success = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *text = NULL;
  const char *state_token;
  const char *reset;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  mfa_required = post_authn (fixture, "sms429@example.com", PASSWORD, &status);
  state_token = json_object_get_string_member (mfa_required, "stateToken");
  body = g_strdup_printf ("{\"stateToken\":\"%s\"}", state_token);

  msg = new_message ("POST", get_factor_href (mfa_required, 0), "application/json", body);
  text = send_message (fixture, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
  limited = parse_object (text);
  assert_okta_error (limited, "E0000109");
  reset = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Rate-Limit-Reset");
  g_assert_nonnull (reset);
  g_assert_cmpint (g_ascii_strtoll (reset, NULL, 10), >=, now + 1);
  g_assert_cmpint (g_ascii_strtoll (reset, NULL, 10), <=, now + 10);

  challenge = post_state (fixture, get_factor_href (mfa_required, 0), state_token, NULL);
  g_assert_cmpstr (json_object_get_string_member (challenge, "factorResult"), ==, "CHALLENGE");
  success = post_state (fixture, get_next_href (challenge), state_token, "\"passCode\":\"654321\"");
  g_assert_cmpstr (json_object_get_string_member (success, "status"), ==, "SUCCESS");
}

/* Session and tile. */

static void
test_session_token_one_time (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *cookie = open_session (fixture, session_token, "0oademo");
  g_autofree char *app_url = g_strconcat (fixture->url, "/home/amazon_aws/0oademo/272", NULL);
  g_autofree char *sign_in_url = g_strconcat (fixture->url, "/login/default", NULL);
  g_autoptr(SoupMessage) again = request_session_cookie (fixture, session_token, app_url);
  SoupMessageHeaders *headers = soup_message_get_response_headers (again);

  g_assert_cmpuint (soup_message_get_status (again), ==, SOUP_STATUS_FOUND);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Location"), ==, sign_in_url);
  g_assert_null (soup_message_headers_get_one (headers, "Set-Cookie"));
}

static void
test_session_foreign_redirect_rejected (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *foreign = g_strconcat (td_test_sandbox_get_foreign_url (fixture->sandbox),
                                          "/home/amazon_aws/0oademo/272", NULL);
  const char *targets[] = { foreign, "https://evil.example/", "not a url", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(SoupMessage) msg = request_session_cookie (fixture, session_token, targets[i]);

      g_test_message ("redirectUrl: %s", targets[i]);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
      g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie"));
    }

  /* The rejected redirects did not spend the token. */
  g_free (open_session (fixture, session_token, "0oademo"));
}

static void
test_tile_without_session (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *cookies[] = { NULL, "sid=unknown", "other=1" };

  for (gsize i = 0; i < G_N_ELEMENTS (cookies); i++)
    {
      g_autofree char *page = fetch_tile (fixture, cookies[i], "0oademo");

      g_test_message ("cookie: %s", cookies[i]);
      g_assert_nonnull (strstr (page, "<title>Acme - Sign In</title>"));
      g_assert_nonnull (strstr (page, "action=\"/login/do-login\""));
      g_assert_null (strstr (page, "SAMLResponse"));
      g_assert_null (strstr (page, "second\\x2Dfactor"));
    }
}

static void
test_tile_saml_form_encoding (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *cookie = open_session (fixture, session_token, "0oagov");
  g_autofree char *page = fetch_tile (fixture, cookie, "0oagov");
  g_autofree char *raw_value = extract_between (page, "name=\"SAMLResponse\" type=\"hidden\" value=\"", "\"");
  g_autofree char *action = extract_between (page, "<form id=\"appForm\" action=\"", "\"");
  g_autofree char *decoded_action = decode_character_references (action);
  g_autofree char *saml = extract_saml_response (page);
  g_autofree char *xml = decode_saml (saml);

  g_assert_cmpstr (action, ==, "https&#x3a;&#x2f;&#x2f;signin.amazonaws-us-gov.com&#x2f;saml");
  g_assert_cmpstr (decoded_action, ==, "https://signin.amazonaws-us-gov.com/saml");
  g_assert_null (strchr (raw_value, '+'));
  g_assert_null (strchr (raw_value, '='));
  g_assert_nonnull (strstr (raw_value, "&#x3d;"));
  g_assert_nonnull (strstr (xml, "arn:aws-us-gov:iam::123456789012:role/GovAdmin"));
  g_assert_nonnull (strstr (xml, "<saml2:Audience>urn:amazon:webservices:govcloud</saml2:Audience>"));
}

static void
test_tile_assertion_unique (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *cookie = open_session (fixture, session_token, "0oamulti");
  g_autofree char *first_page = fetch_tile (fixture, cookie, "0oamulti");
  g_autofree char *second_page = fetch_tile (fixture, cookie, "0oamulti");
  g_autofree char *first = extract_saml_response (first_page);
  g_autofree char *second = extract_saml_response (second_page);
  g_autofree char *xml = decode_saml (first);

  g_assert_cmpstr (first, !=, second);
  g_assert_nonnull (strstr (xml, "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider"));
  g_assert_nonnull (strstr (xml, "\n          arn:aws:iam::210987654321:role/teams/platform/Deployer, arn:"));
  g_assert_nonnull (strstr (xml, ">28800</saml2:AttributeValue>"));
}

static void
test_tile_no_roles (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oanoroles");
  g_autofree char *xml = decode_saml (saml);

  g_assert_null (strstr (xml, "Attributes/Role\""));
  g_assert_nonnull (strstr (xml, "Attributes/RoleSessionName\""));
}

static void
test_tile_other_pages (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *cookie = open_session (fixture, session_token, "0oafederation");
  g_autofree char *federation = fetch_tile (fixture, cookie, "0oafederation");
  g_autofree char *second_factor = fetch_tile (fixture, cookie, "0oasecondfactor");

  g_assert_nonnull (strstr (federation, "action=\"https://signin.aws.amazon.com/federation\""));
  g_assert_null (strstr (federation, "SAMLResponse"));
  g_assert_nonnull (strstr (second_factor, "var fromUri = '\\x2Fpolicy\\x2Fsecond\\x2Dfactor"));
  g_assert_null (strstr (second_factor, "acme.okta.com"));
}

/* Decodes the JavaScript `\xNN` escapes of a string literal. */
static char *
unescape_javascript (const char *text)
{
  GString *decoded = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          g_string_append_c (decoded, (char) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3])));
          p += 3;
        }
      else
        g_string_append_c (decoded, *p);
    }

  return g_string_free (decoded, FALSE);
}

static void
test_tile_step_up (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) nomfa = NULL;
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) success = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *step_up_page = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *state_token = NULL;
  g_autofree char *authn_url = g_strconcat (fixture->url, "/api/v1/authn", NULL);
  g_autofree char *new_session_token = NULL;
  g_autofree char *new_cookie = NULL;
  g_autofree char *saml_page = NULL;
  guint status;

  nomfa = post_authn (fixture, "nomfa@example.com", PASSWORD, &status);
  cookie = open_session (fixture, json_object_get_string_member (nomfa, "sessionToken"), "0oastepup");
  step_up_page = fetch_tile (fixture, cookie, "0oastepup");
  g_assert_nonnull (strstr (step_up_page, "<title>Acme - Extra Verification</title>"));

  escaped_token = extract_between (step_up_page, "\"stateToken\":\"", "\"");
  g_assert_nonnull (escaped_token);
  state_token = unescape_javascript (escaped_token);
  g_assert_true (g_str_has_prefix (state_token, "00"));

  mfa_required = post_state (fixture, authn_url, state_token, NULL);
  g_assert_cmpstr (json_object_get_string_member (mfa_required, "status"), ==, "MFA_REQUIRED");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (mfa_required, "_embedded"), "factors")), ==, 1);

  new_session_token = verify_totp (fixture, mfa_required, "123456", &status, &success);
  g_assert_nonnull (new_session_token);
  new_cookie = open_session (fixture, new_session_token, "0oastepup");
  saml_page = fetch_tile (fixture, new_cookie, "0oastepup");
  g_assert_nonnull (strstr (saml_page, "name=\"SAMLResponse\""));
}

/* STS. */

static void
test_sts_modified_assertion (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oademo");
  g_autofree char *modified = g_strdup (saml);
  g_autofree char *reply = NULL;
  g_autofree char *code = NULL;
  guint status;

  modified[20] = modified[20] == 'A' ? 'B' : 'A';
  reply = assume_role (fixture, modified, "arn:aws:iam::123456789012:role/Engineer", "3600", &status);
  code = extract_element (reply, "Code");

  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (code, ==, "InvalidIdentityToken");
}

static void
test_sts_unescaped_plus_rejected (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oamulti");
  g_autofree char *form = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *code = NULL;
  guint status;

  /* Every assertion has a `+` somewhere once it is long enough; this one
   * is several kilobytes. Sent raw, it arrives as a space. */
  g_assert_nonnull (strchr (saml, '+'));
  form = g_strconcat ("Action=AssumeRoleWithSAML&Version=2011-06-15"
                      "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FReadOnly"
                      "&PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2FAcmeOkta"
                      "&SAMLAssertion=", saml, NULL);
  reply = post_sts (fixture, form, &status);
  code = extract_element (reply, "Code");

  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (code, ==, "InvalidIdentityToken");
}

static void
test_sts_duration_over_role_max (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oamulti");
  g_autofree char *too_long = NULL;
  g_autofree char *fits = NULL;
  g_autofree char *over_api_max = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expected = td_test_read_data ("008-sts-validation-error-duration.xml", NULL);
  guint status;

  too_long = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Admin", "7200", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (too_long, ==, expected);

  fits = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Admin", "3600", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  g_free (fits);
  fits = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/ReadOnly", "43200", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);

  over_api_max = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/ReadOnly", "43201", &status);
  code = extract_element (over_api_max, "Code");
  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (code, ==, "ValidationError");
}

static void
test_sts_wrong_role (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oademo");
  g_autofree char *reply = NULL;
  g_autofree char *code = NULL;
  guint status;

  reply = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Admin", "3600", &status);
  code = extract_element (reply, "Code");

  g_assert_cmpuint (status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (code, ==, "InvalidIdentityToken");
}

static void
test_sts_access_denied (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oadenied");
  g_autofree char *reply = NULL;
  g_autofree char *code = NULL;
  guint status;

  reply = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Denied", "3600", &status);
  code = extract_element (reply, "Code");

  g_assert_cmpuint (status, ==, SOUP_STATUS_FORBIDDEN);
  g_assert_cmpstr (code, ==, "AccessDenied");
}

static void
test_sts_malformed_request (Fixture       *fixture,
                            gconstpointer  data)
{
  const struct { const char *content_type; const char *body; const char *code; } cases[] = {
    { "application/x-www-form-urlencoded", "", "InvalidAction" },
    { "application/x-www-form-urlencoded", "Action=DeleteEverything", "InvalidAction" },
    { "application/x-www-form-urlencoded", "Action=AssumeRoleWithSAML&RoleArn=x", "MissingParameter" },
    { "application/json", "{\"Action\":\"AssumeRoleWithSAML\"}", "InvalidParameterValue" },
  };
  g_autofree char *url = g_strconcat (fixture->url, "/", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessage) msg = new_message ("POST", url, cases[i].content_type, cases[i].body);
      g_autofree char *reply = send_message (fixture, msg);
      g_autofree char *code = extract_element (reply, "Code");

      g_test_message ("body: %s", cases[i].body);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

typedef struct
{
  char *access_key_id;
  char *secret;
  char *session_token;
} Credentials;

static void
credentials_clear (Credentials *credentials)
{
  g_free (credentials->access_key_id);
  g_free (credentials->secret);
  g_free (credentials->session_token);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Credentials, credentials_clear)

static void
get_credentials (Fixture     *fixture,
                 Credentials *credentials)
{
  g_autofree char *saml = sign_in_to_tile (fixture, "totp@example.com", "0oademo");
  g_autofree char *reply = NULL;
  guint status;

  reply = assume_role (fixture, saml, "arn:aws:iam::123456789012:role/Engineer", "3600", &status);
  g_assert_cmpuint (status, ==, SOUP_STATUS_OK);
  credentials->access_key_id = extract_element (reply, "AccessKeyId");
  credentials->secret = extract_element (reply, "SecretAccessKey");
  credentials->session_token = extract_element (reply, "SessionToken");
}

/* Runs `aws sts get-caller-identity` against the sandbox and returns its
 * exit status; @output receives stdout and stderr. */
static int
run_aws_cli (Fixture           *fixture,
             const Credentials *credentials,
             const char        *home,
             char             **output)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = g_strconcat (fixture->url, "/", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", credentials->access_key_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", credentials->secret, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SESSION_TOKEN", credentials->session_token, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_DEFAULT_REGION", "us-east-1", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_EC2_METADATA_DISABLED", "true", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_CA_BUNDLE", td_test_sandbox_get_ca_file (fixture->sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_PAGER", "", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");

  process = g_subprocess_launcher_spawn (launcher, &error, AWS_CLI, "sts", "get-caller-identity",
                                         "--endpoint-url", endpoint, "--output", "json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, NULL, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_sts_caller_identity_aws_cli (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_auto(Credentials) credentials = { 0 };
  g_autofree char *home = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bad_output = NULL;
  g_autoptr(JsonObject) identity = NULL;

  if (!g_file_test (AWS_CLI, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("Debian's awscli (" AWS_CLI ") is not installed");
      return;
    }

  get_credentials (fixture, &credentials);
  home = td_test_make_tmpdir ();

  g_assert_cmpint (run_aws_cli (fixture, &credentials, home, &output), ==, 0);
  identity = parse_object (output);
  g_assert_cmpstr (json_object_get_string_member (identity, "Account"), ==, "123456789012");
  g_assert_cmpstr (json_object_get_string_member (identity, "Arn"), ==,
                   "arn:aws:sts::123456789012:assumed-role/Engineer/totp@example.com");

  /* The same key with a wrong secret signs differently. */
  credentials.secret[0] = credentials.secret[0] == 'A' ? 'B' : 'A';
  g_assert_cmpint (run_aws_cli (fixture, &credentials, home, &bad_output), !=, 0);
  g_assert_nonnull (strstr (bad_output, "SignatureDoesNotMatch"));

  td_test_rm_rf (home);
}

typedef struct
{
  const char *authorization;
  const char *token;
  const char *code;
} SignatureCase;

static void
test_sts_caller_identity_rejected (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(Credentials) credentials = { 0 };
  g_autofree char *url = g_strconcat (fixture->url, "/", NULL);
  g_autofree char *issued = NULL;
  g_autofree char *unknown = NULL;
  const char *scope = "/20240305/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=";
  const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
  SignatureCase cases[4];

  get_credentials (fixture, &credentials);
  issued = g_strconcat ("AWS4-HMAC-SHA256 Credential=", credentials.access_key_id, scope, zeros, NULL);
  unknown = g_strconcat ("AWS4-HMAC-SHA256 Credential=ASIAAAAAAAAAAAAAAAAA", scope, zeros, NULL);
  cases[0] = (SignatureCase) { issued, credentials.session_token, "SignatureDoesNotMatch" };
  cases[1] = (SignatureCase) { issued, "IQoJwrong", "InvalidClientTokenId" };
  cases[2] = (SignatureCase) { unknown, credentials.session_token, "InvalidClientTokenId" };
  cases[3] = (SignatureCase) { "Basic dXNlcjpwYXNz", credentials.session_token, "InvalidClientTokenId" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessage) msg = new_message ("POST", url, "application/x-www-form-urlencoded",
                                                "Action=GetCallerIdentity&Version=2011-06-15");
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
      g_autofree char *reply = NULL;
      g_autofree char *code = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": expecting %s", i, cases[i].code);
      soup_message_headers_replace (headers, "Authorization", cases[i].authorization);
      soup_message_headers_replace (headers, "X-Amz-Date", "20240305T140000Z");
      soup_message_headers_replace (headers, "X-Amz-Security-Token", cases[i].token);
      reply = send_message (fixture, msg);
      code = extract_element (reply, "Code");
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FORBIDDEN);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

/* Counters, the request log and the foreign origin. */

static void
test_stats_counters (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) wrong = NULL;
  g_autoptr(JsonObject) mfa_required = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *cancel_url = g_strconcat (fixture->url, "/api/v1/authn/cancel", NULL);
  g_autofree char *sts_reply = NULL;
  JsonObject *counters;
  guint status;

  stats = td_test_sandbox_get_stats (fixture->sandbox);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "requests"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "connections"), ==, 0);
  g_clear_pointer (&stats, json_node_unref);

  wrong = post_authn (fixture, "push@example.com", "wrong", &status);
  mfa_required = post_authn (fixture, "push@example.com", PASSWORD, &status);
  cancelled = post_state (fixture, cancel_url, json_object_get_string_member (mfa_required, "stateToken"), NULL);
  sts_reply = post_sts (fixture, "Action=GetCallerIdentity", &status);

  stats = td_test_sandbox_get_stats (fixture->sandbox);
  counters = json_node_get_object (stats);
  g_assert_cmpint (json_object_get_int_member (counters, "requests"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (counters, "connections"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counters, "authn"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counters, "cancelled"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counters, "sts_calls"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counters, "foreign_requests"), ==, 0);
}

static void
test_requests_log (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *session_token = sign_in_totp (fixture, "totp@example.com");
  g_autofree char *cookie = open_session (fixture, session_token, "0oademo");
  g_autoptr(JsonArray) requests = td_test_sandbox_dup_requests (fixture->sandbox);
  const char *paths[] = { "/api/v1/authn", "/api/v1/authn/factors/ost1a2b3c4d5e6f7g8h9/verify",
                          "/login/sessionCookieRedirect" };
  const char *methods[] = { "POST", "POST", "GET" };
  g_autofree char *port = g_strdup (strrchr (fixture->url, ':') + 1);
  gint64 now_ms = g_get_monotonic_time () / 1000;
  gint64 previous_ms = 0;

  g_assert_cmpuint (json_array_get_length (requests), ==, G_N_ELEMENTS (paths));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      JsonObject *entry = json_array_get_object_element (requests, i);
      gint64 time_ms = json_object_get_int_member (entry, "time_ms");

      g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, methods[i]);
      g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, paths[i]);
      g_assert_cmpint (json_object_get_int_member (entry, "port"), ==, g_ascii_strtoll (port, NULL, 10));
      g_assert_cmpint (json_object_get_int_member (entry, "connection"), ==, 1);
      g_assert_cmpint (time_ms, >=, previous_ms);
      g_assert_cmpint (time_ms, <=, now_ms);
      previous_ms = time_ms;
    }
}

static void
test_foreign_counts_requests (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *url = g_strconcat (td_test_sandbox_get_foreign_url (fixture->sandbox),
                                      "/api/v1/authn/factors/opf1a2b3c4d5e6f7g8h9/verify?x=1", NULL);
  g_autoptr(SoupMessage) msg = new_message ("POST", url, "application/json", "{\"stateToken\":\"00x\"}");
  g_autofree char *body = send_message (fixture, msg);
  g_autoptr(JsonArray) requests = td_test_sandbox_dup_requests (fixture->sandbox);
  g_autofree char *foreign_port = g_strdup (strrchr (td_test_sandbox_get_foreign_url (fixture->sandbox), ':') + 1);
  JsonObject *entry;

  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "foreign_requests"), ==, 1);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "requests"), ==, 1);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "authn"), ==, 0);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  entry = json_array_get_object_element (requests, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, "/api/v1/authn/factors/opf1a2b3c4d5e6f7g8h9/verify");
  g_assert_cmpint (json_object_get_int_member (entry, "port"), ==, g_ascii_strtoll (foreign_port, NULL, 10));
}

/* Lifecycle, without the fixture. */

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
test_lifecycle_stdin_closed (void)
{
  g_autofree char *program = g_strdup (g_getenv ("TD_SANDBOX"));
  g_autofree char *cert_dir = g_strdup (g_getenv ("TD_TEST_CERT_DIR"));
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean done = FALSE;

  if (program == NULL || cert_dir == NULL)
    {
      g_test_skip ("TD_SANDBOX and TD_TEST_CERT_DIR are set by meson test only");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--cert-dir", cert_dir, NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "READY https://127.0.0.1:"));

  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  if (!done)
    g_subprocess_force_exit (process);
  g_assert_true (done);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
add_test (const char *path,
          const char *sandbox_arg,
          void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, sandbox_arg, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/sandbox/ready-line", NULL, test_ready_line);
  add_test ("/sandbox/tls/default-trust-rejected", NULL, test_tls_default_trust_rejected);
  add_test ("/sandbox/tls/other-ca-rejected", NULL, test_tls_other_ca_rejected);
  add_test ("/sandbox/tls/ca-accepted", NULL, test_tls_ca_accepted);
  add_test ("/sandbox/authn/wrong-password", NULL, test_authn_wrong_password);
  add_test ("/sandbox/authn/unknown-user", NULL, test_authn_unknown_user);
  add_test ("/sandbox/authn/malformed-body", NULL, test_authn_malformed_body);
  add_test ("/sandbox/authn/missing-state-token", NULL, test_authn_missing_state_token);
  add_test ("/sandbox/authn/totp-to-sts", NULL, test_authn_totp_to_sts);
  add_test ("/sandbox/authn/totp-invalid-code", NULL, test_authn_totp_invalid_code);
  add_test ("/sandbox/authn/totp-number-rejected", NULL, test_authn_totp_number_rejected);
  add_test ("/sandbox/authn/totp-replayed-code", NULL, test_authn_totp_replayed_code);
  add_test ("/sandbox/authn/statuses", NULL, test_authn_statuses);
  add_test ("/sandbox/authn/multi-factors", NULL, test_authn_multi_factors);
  add_test ("/sandbox/authn/password-warn-skip", NULL, test_authn_password_warn_skip);
  add_test ("/sandbox/authn/cancel-counted", NULL, test_authn_cancel_counted);
  add_test ("/sandbox/push/poll-waits", "--poll-waits=3", test_push_poll_waits);
  add_test ("/sandbox/push/default-poll-waits", NULL, test_push_default_poll_waits);
  add_test ("/sandbox/push/number-challenge", NULL, test_push_number_challenge);
  add_test ("/sandbox/push/rejected", NULL, test_push_rejected);
  add_test ("/sandbox/push/timeout-resend", NULL, test_push_timeout_resend);
  add_test ("/sandbox/push/flaky-poll-dropped", NULL, test_push_flaky_poll_dropped);
  add_test ("/sandbox/push/off-origin-link", NULL, test_push_off_origin_link);
  add_test ("/sandbox/sms/rate-limit", NULL, test_sms_rate_limit);
  add_test ("/sandbox/session/token-one-time", NULL, test_session_token_one_time);
  add_test ("/sandbox/session/foreign-redirect-rejected", NULL, test_session_foreign_redirect_rejected);
  add_test ("/sandbox/tile/without-session", NULL, test_tile_without_session);
  add_test ("/sandbox/tile/saml-form-encoding", NULL, test_tile_saml_form_encoding);
  add_test ("/sandbox/tile/assertion-unique", NULL, test_tile_assertion_unique);
  add_test ("/sandbox/tile/no-roles", NULL, test_tile_no_roles);
  add_test ("/sandbox/tile/other-pages", NULL, test_tile_other_pages);
  add_test ("/sandbox/tile/step-up", NULL, test_tile_step_up);
  add_test ("/sandbox/sts/modified-assertion", NULL, test_sts_modified_assertion);
  add_test ("/sandbox/sts/unescaped-plus-rejected", NULL, test_sts_unescaped_plus_rejected);
  add_test ("/sandbox/sts/duration-over-role-max", NULL, test_sts_duration_over_role_max);
  add_test ("/sandbox/sts/wrong-role", NULL, test_sts_wrong_role);
  add_test ("/sandbox/sts/access-denied", NULL, test_sts_access_denied);
  add_test ("/sandbox/sts/malformed-request", NULL, test_sts_malformed_request);
  add_test ("/sandbox/sts/caller-identity-aws-cli", NULL, test_sts_caller_identity_aws_cli);
  add_test ("/sandbox/sts/caller-identity-rejected", NULL, test_sts_caller_identity_rejected);
  add_test ("/sandbox/stats/counters", NULL, test_stats_counters);
  add_test ("/sandbox/requests/log", NULL, test_requests_log);
  add_test ("/sandbox/foreign/counts-requests", NULL, test_foreign_counts_requests);
  g_test_add_func ("/sandbox/lifecycle/stdin-closed", test_lifecycle_stdin_closed);

  return g_test_run ();
}
