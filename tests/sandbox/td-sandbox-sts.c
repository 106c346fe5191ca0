/* td-sandbox-sts.c: AWS STS AssumeRoleWithSAML and GetCallerIdentity
 *
 * STS handles POST / on the org's own origin, with the Query API's form
 * body and XML replies. It accepts only SAML assertions the tile part issued,
 * and GetCallerIdentity accepts only keys issued here, signed with AWS
 * Signature Version 4 as the AWS CLI signs them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-sandbox.h"

#define STS_NAMESPACE "https://sts.amazonaws.com/doc/2011-06-15/"
#define UPPER_ALPHANUMERIC "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define BASE64_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#define MIN_DURATION 900
#define MAX_DURATION 43200
#define DEFAULT_DURATION 3600

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("<ErrorResponse xmlns=\"" STS_NAMESPACE "\">\n"
                          "  <Error>\n"
                          "    <Type>Sender</Type>\n"
                          "    <Code>%s</Code>\n"
                          "    <Message>%s</Message>\n"
                          "  </Error>\n"
                          "  <RequestId>%s</RequestId>\n"
                          "</ErrorResponse>\n",
                          code, escaped, request_id);
  td_sandbox_reply (msg, status, "text/xml", body);
}

static void
reply_duration_over_role_max (SoupServerMessage *msg)
{
  g_autofree char *body = td_sandbox_load_resource ("008-sts-validation-error-duration.xml");

  td_sandbox_reply (msg, SOUP_STATUS_BAD_REQUEST, "text/xml", body);
}

/* Splits arn:<partition>:iam::<account>:role/<path/><name> into its parts;
 * the assumed-role ARN uses the name without the path. */
static void
split_role_arn (const char  *role_arn,
                char       **partition,
                char       **account,
                char       **role_name)
{
  g_auto(GStrv) fields = g_strsplit (role_arn, ":", 6);

  g_assert (g_strv_length (fields) == 6);
  *partition = g_strdup (fields[1]);
  *account = g_strdup (fields[4]);
  *role_name = g_strdup (strrchr (fields[5], '/') + 1);
}

static TdSandboxAccessKey *
issue_access_key (TdSandbox                *self,
                  const TdSandboxAssertion *assertion,
                  const TdSandboxRole      *role,
                  guint                     duration)
{
  TdSandboxAccessKey *key = g_new0 (TdSandboxAccessKey, 1);
  g_autofree char *partition = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *key_suffix = td_sandbox_random_string (UPPER_ALPHANUMERIC, 16);
  g_autofree char *role_id = td_sandbox_random_string (UPPER_ALPHANUMERIC, 17);
  g_autofree char *token_head = td_sandbox_random_string (BASE64_ALPHABET, 180);
  g_autofree char *token_tail = td_sandbox_random_string (BASE64_ALPHABET, 170);

  split_role_arn (role->role_arn, &partition, &key->account, &role_name);
  key->access_key_id = g_strconcat ("ASIA", key_suffix, NULL);

  /* Real secrets and session tokens are base64-like. Each one here gets a
   * `/` and a `+`, and the token `=` padding, so a client that escapes or
   * decodes them by mistake fails every time. */
  key->secret_access_key = td_sandbox_random_string (BASE64_ALPHABET, 40);
  key->secret_access_key[10] = '/';
  key->secret_access_key[25] = '+';
  key->session_token = g_strconcat ("IQoJb3JpZ2luX2Vj", token_head, "+/", token_tail, "==", NULL);

  key->arn = g_strdup_printf ("arn:%s:sts::%s:assumed-role/%s/%s",
                              partition, key->account, role_name, assertion->login);
  key->user_id = g_strdup_printf ("AROA%s:%s", role_id, assertion->login);
  key->expires_us = g_get_real_time () + (gint64) duration * G_USEC_PER_SEC;
  g_hash_table_insert (self->access_keys, key->access_key_id, key);

  return key;
}

static void
reply_credentials (SoupServerMessage        *msg,
                   const TdSandboxAssertion *assertion,
                   const TdSandboxAccessKey *key)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *expiration = td_sandbox_format_time (key->expires_us, FALSE);
  g_autofree char *login = g_markup_escape_text (assertion->login, -1);
  g_autofree char *user_id = g_markup_escape_text (key->user_id, -1);
  g_autofree char *arn = g_markup_escape_text (key->arn, -1);
  g_autofree char *qualifier = td_sandbox_random_string (BASE64_ALPHABET, 27);
  g_autofree char *body = NULL;

  body = g_strdup_printf (
    "<AssumeRoleWithSAMLResponse xmlns=\"" STS_NAMESPACE "\">\n"
    "  <AssumeRoleWithSAMLResult>\n"
    "    <Audience>%s</Audience>\n"
    "    <AssumedRoleUser>\n"
    "      <AssumedRoleId>%s</AssumedRoleId>\n"
    "      <Arn>%s</Arn>\n"
    "    </AssumedRoleUser>\n"
    "    <Credentials>\n"
    "      <AccessKeyId>%s</AccessKeyId>\n"
    "      <SecretAccessKey>%s</SecretAccessKey>\n"
    "      <SessionToken>%s</SessionToken>\n"
    "      <Expiration>%s</Expiration>\n"
    "    </Credentials>\n"
    "    <Issuer>http://www.okta.com/exk1a2b3c4d5e6f7g8h9</Issuer>\n"
    "    <NameQualifier>%s=</NameQualifier>\n"
    "    <PackedPolicySize>6</PackedPolicySize>\n"
    "    <SourceIdentity></SourceIdentity>\n"
    "    <Subject>%s</Subject>\n"
    "    <SubjectType>unspecified</SubjectType>\n"
    "  </AssumeRoleWithSAMLResult>\n"
    "  <ResponseMetadata>\n"
    "    <RequestId>%s</RequestId>\n"
    "  </ResponseMetadata>\n"
    "</AssumeRoleWithSAMLResponse>\n",
    assertion->destination, user_id, arn, key->access_key_id, key->secret_access_key,
    key->session_token, expiration, qualifier, login, request_id);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/xml", body);
}

static const TdSandboxRole *
find_role (const TdSandboxAssertion *assertion,
           const char               *role_arn,
           const char               *principal_arn)
{
  for (const TdSandboxRole *role = assertion->roles; role->value != NULL; role++)
    {
      if (g_strcmp0 (role->role_arn, role_arn) == 0 && g_strcmp0 (role->principal_arn, principal_arn) == 0)
        return role;
    }

  return NULL;
}

/* Reads DurationSeconds; a missing value means STS's default of one hour. */
static gboolean
parse_duration (const char *text,
                guint      *duration)
{
  guint64 value;

  if (text == NULL)
    {
      *duration = DEFAULT_DURATION;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, MIN_DURATION, MAX_DURATION, &value, NULL))
    return FALSE;

  *duration = value;
  return TRUE;
}

static void
assume_role_with_saml (TdSandbox         *self,
                       SoupServerMessage *msg,
                       GHashTable        *form)
{
  const char *role_arn = g_hash_table_lookup (form, "RoleArn");
  const char *principal_arn = g_hash_table_lookup (form, "PrincipalArn");
  const char *saml = g_hash_table_lookup (form, "SAMLAssertion");
  const TdSandboxAssertion *assertion;
  const TdSandboxRole *role;
  guint duration;

  if (role_arn == NULL || principal_arn == NULL || saml == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "MissingParameter",
                   "The request must contain RoleArn, PrincipalArn and SAMLAssertion.");
      return;
    }

  /* The assertion must be byte for byte one this server issued: a client
   * that sends it with `+` unescaped in the form body gets spaces here. */
  assertion = g_hash_table_lookup (self->assertions, saml);
  if (assertion == NULL || g_get_monotonic_time () - assertion->issued_us > TD_SANDBOX_LIFETIME_US)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidIdentityToken", "Invalid SAML assertion");
      return;
    }

  role = find_role (assertion, role_arn, principal_arn);
  if (role == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidIdentityToken",
                   "The RoleArn and PrincipalArn pair is not one of the roles in the SAML assertion.");
      return;
    }

  if (!parse_duration (g_hash_table_lookup (form, "DurationSeconds"), &duration))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "ValidationError",
                   "DurationSeconds must be a whole number of seconds from 900 to 43200.");
      return;
    }
  if (duration > role->max_duration)
    {
      reply_duration_over_role_max (msg);
      return;
    }

  if (role->denied)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "AccessDenied",
                   "Not authorized to perform sts:AssumeRoleWithSAML on this role.");
      return;
    }

  reply_credentials (msg, assertion, issue_access_key (self, assertion, role, duration));
}

/* AWS Signature Version 4. */

static char *
sha256_hex (const char *data,
            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static GBytes *
hmac_sha256 (GBytes     *key,
             const char *data)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  gsize key_length;
  const guchar *key_data = g_bytes_get_data (key, &key_length);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, key_data, key_length);
  g_hmac_update (hmac, (const guchar *) data, -1);
  g_hmac_get_digest (hmac, digest, &length);

  return g_bytes_new (digest, length);
}

static char *
hex_encode (GBytes *bytes)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  GString *hex = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);

  return g_string_free (hex, FALSE);
}

static char *
uri_encode (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted, re-encoded `name=value` pairs of the query string. */
static char *
canonical_query (const char *query)
{
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GPtrArray) encoded = g_ptr_array_new_with_free_func (g_free);

  if (query == NULL || *query == '\0')
    return g_strdup ("");

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (pairs[i], "=", 2);
      g_autofree char *name = g_uri_unescape_string (parts[0], NULL);
      g_autofree char *value = g_uri_unescape_string (parts[1] != NULL ? parts[1] : "", NULL);
      g_autofree char *encoded_name = uri_encode (name != NULL ? name : "");
      g_autofree char *encoded_value = uri_encode (value != NULL ? value : "");

      g_ptr_array_add (encoded, g_strconcat (encoded_name, "=", encoded_value, NULL));
    }
  g_ptr_array_sort (encoded, compare_strings);
  g_ptr_array_add (encoded, NULL);

  return g_strjoinv ("&", (char **) encoded->pdata);
}

/* `name:value` lines for the signed headers, values trimmed and with runs
 * of spaces collapsed. */
static char *
canonical_headers (SoupMessageHeaders *headers,
                   const char         *signed_headers)
{
  g_auto(GStrv) names = g_strsplit (signed_headers, ";", -1);
  GString *lines = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_list (headers, names[i]);
      g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
      g_autoptr(GRegex) spaces = g_regex_new ("  +", 0, 0, NULL);
      g_autofree char *collapsed = g_regex_replace_literal (spaces, trimmed, -1, 0, " ", 0, NULL);

      g_string_append_printf (lines, "%s:%s\n", names[i], collapsed);
    }

  return g_string_free (lines, FALSE);
}

typedef struct
{
  char *access_key_id;
  char *scope;              /* date/region/service/aws4_request */
  char *date;
  char *region;
  char *service;
  char *signed_headers;
  char *signature;
} Authorization;

static void
authorization_clear (Authorization *authorization)
{
  g_free (authorization->access_key_id);
  g_free (authorization->scope);
  g_free (authorization->date);
  g_free (authorization->region);
  g_free (authorization->service);
  g_free (authorization->signed_headers);
  g_free (authorization->signature);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Authorization, authorization_clear)

/* Parses `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request,
 * SignedHeaders=a;b, Signature=HEX`. */
static gboolean
parse_authorization (const char    *header,
                     Authorization *authorization)
{
  const char *prefix = "AWS4-HMAC-SHA256 ";
  g_auto(GStrv) fields = NULL;

  if (header == NULL || !g_str_has_prefix (header, prefix))
    return FALSE;

  fields = g_strsplit (header + strlen (prefix), ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *field = g_strstrip (fields[i]);

      if (g_str_has_prefix (field, "Credential="))
        {
          g_auto(GStrv) scope = g_strsplit (field + strlen ("Credential="), "/", 2);

          if (g_strv_length (scope) == 2)
            {
              authorization->access_key_id = g_strdup (scope[0]);
              authorization->scope = g_strdup (scope[1]);
            }
        }
      else if (g_str_has_prefix (field, "SignedHeaders="))
        authorization->signed_headers = g_strdup (field + strlen ("SignedHeaders="));
      else if (g_str_has_prefix (field, "Signature="))
        authorization->signature = g_strdup (field + strlen ("Signature="));
    }

  if (authorization->scope != NULL)
    {
      g_auto(GStrv) scope = g_strsplit (authorization->scope, "/", -1);

      if (g_strv_length (scope) != 4 || g_strcmp0 (scope[3], "aws4_request") != 0)
        return FALSE;
      authorization->date = g_strdup (scope[0]);
      authorization->region = g_strdup (scope[1]);
      authorization->service = g_strdup (scope[2]);
    }

  return authorization->access_key_id != NULL && authorization->date != NULL
         && authorization->signed_headers != NULL && authorization->signature != NULL;
}

static char *
compute_signature (SoupServerMessage   *msg,
                   const Authorization *authorization,
                   const char          *secret_access_key)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  gsize body_length;
  const char *body = td_sandbox_get_body (msg, &body_length);
  const char *amz_date = soup_message_headers_get_one (headers, "X-Amz-Date");
  g_autofree char *query = canonical_query (g_uri_get_query (uri));
  g_autofree char *header_lines = canonical_headers (headers, authorization->signed_headers);
  g_autofree char *payload_hash = sha256_hex (body, body_length);
  g_autofree char *canonical_request = NULL;
  g_autofree char *request_hash = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *first_key = g_strconcat ("AWS4", secret_access_key, NULL);
  g_autoptr(GBytes) key = g_bytes_new (first_key, strlen (first_key));
  const char *steps[] = { authorization->date, authorization->region, authorization->service, "aws4_request" };
  g_autoptr(GBytes) signature = NULL;

  canonical_request = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s",
                                       soup_server_message_get_method (msg), g_uri_get_path (uri),
                                       query, header_lines, authorization->signed_headers, payload_hash);
  request_hash = sha256_hex (canonical_request, strlen (canonical_request));
  string_to_sign = g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s",
                                    amz_date != NULL ? amz_date : "", authorization->scope, request_hash);

  /* The signing key chains HMAC-SHA256 over the scope's four parts. */
  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GBytes *next = hmac_sha256 (key, steps[i]);

      g_bytes_unref (key);
      key = next;
    }
  signature = hmac_sha256 (key, string_to_sign);

  return hex_encode (signature);
}

static void
get_caller_identity (TdSandbox         *self,
                     SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(Authorization) authorization = { 0 };
  const char *security_token = soup_message_headers_get_one (headers, "X-Amz-Security-Token");
  TdSandboxAccessKey *key;
  g_autofree char *expected = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *body = NULL;

  if (!parse_authorization (soup_message_headers_get_one (headers, "Authorization"), &authorization))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "InvalidClientTokenId",
                   "The request has no valid AWS4-HMAC-SHA256 Authorization header.");
      return;
    }

  key = g_hash_table_lookup (self->access_keys, authorization.access_key_id);
  if (key == NULL || g_strcmp0 (security_token, key->session_token) != 0)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "InvalidClientTokenId",
                   "The access key ID or the session token was not issued by this server.");
      return;
    }
  if (g_get_real_time () >= key->expires_us)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "ExpiredToken", "The session token has expired.");
      return;
    }

  expected = compute_signature (msg, &authorization, key->secret_access_key);
  if (g_strcmp0 (expected, authorization.signature) != 0)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, "SignatureDoesNotMatch",
                   "The request signature does not match the one computed with the secret access key.");
      return;
    }

  request_id = g_uuid_string_random ();
  body = g_strdup_printf ("<GetCallerIdentityResponse xmlns=\"" STS_NAMESPACE "\">\n"
                          "  <GetCallerIdentityResult>\n"
                          "    <Arn>%s</Arn>\n"
                          "    <UserId>%s</UserId>\n"
                          "    <Account>%s</Account>\n"
                          "  </GetCallerIdentityResult>\n"
                          "  <ResponseMetadata>\n"
                          "    <RequestId>%s</RequestId>\n"
                          "  </ResponseMetadata>\n"
                          "</GetCallerIdentityResponse>\n",
                          key->arn, key->user_id, key->account, request_id);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/xml", body);
}

void
td_sandbox_sts_handle (TdSandbox         *self,
                       SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize length;
  const char *body = td_sandbox_get_body (msg, &length);
  g_autoptr(GHashTable) form = NULL;
  const char *action;

  self->stat_sts_calls++;
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidParameterValue",
                   "The request body must be application/x-www-form-urlencoded.");
      return;
    }

  form = soup_form_decode (body);
  action = g_hash_table_lookup (form, "Action");
  if (g_strcmp0 (action, "AssumeRoleWithSAML") == 0)
    assume_role_with_saml (self, msg, form);
  else if (g_strcmp0 (action, "GetCallerIdentity") == 0)
    get_caller_identity (self, msg);
  else
    reply_error (msg, SOUP_STATUS_BAD_REQUEST, "InvalidAction",
                 "The Action is missing or is not AssumeRoleWithSAML or GetCallerIdentity.");
}

static void
access_key_free (gpointer data)
{
  TdSandboxAccessKey *key = data;

  g_free (key->access_key_id);
  g_free (key->secret_access_key);
  g_free (key->session_token);
  g_free (key->arn);
  g_free (key->user_id);
  g_free (key->account);
  g_free (key);
}

void
td_sandbox_sts_init (TdSandbox *self)
{
  self->access_keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, access_key_free);
}
