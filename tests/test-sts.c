/* test-sts.c: the STS endpoint, the AssumeRoleWithSAML body and STS replies
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-sts.h"
#include "td-test-utils.h"

#define ADMIN_ROLE "arn:aws:iam::123456789012:role/Admin"
#define PROVIDER "arn:aws:iam::123456789012:saml-provider/AcmeOkta"
#define SECRET_KEY "abcdEXAMPLEsecret/0123456789+abcdEXAMPLE"
#define SESSION_TOKEN "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleTOKEN+with/slashes+and+plus=="

static const char *const empty_environment[] = { NULL };

static char *
build_error_reply (const char *code,
                   const char *message)
{
  return g_strdup_printf ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                          "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                          "<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>",
                          code, message);
}

static void
assert_no_secret_in (const char *message)
{
  g_assert_null (strstr (message, SECRET_KEY));
  g_assert_null (strstr (message, SESSION_TOKEN));
  g_assert_null (strstr (message, "abcdEXAMPLEsecret"));
  g_assert_null (strstr (message, "IQoJb3JpZ2lu"));
}

/* --- partitions and endpoints (case 006) --------------------------------- */

static void
test_partition_default_region (void)
{
  g_assert_cmpstr (td_partition_get_default_region ("aws"), ==, "us-east-1");
  g_assert_cmpstr (td_partition_get_default_region ("aws-us-gov"), ==, "us-gov-west-1");
  g_assert_cmpstr (td_partition_get_default_region ("aws-cn"), ==, "cn-north-1");
  g_assert_null (td_partition_get_default_region ("aws-iso"));
}

static void
test_endpoint_regional (void)
{
  static const struct {
    const char *partition;
    const char *region;
    const char *expected;
  } cases[] = {
    { "aws", NULL, "https://sts.us-east-1.amazonaws.com/" },
    { "aws", "", "https://sts.us-east-1.amazonaws.com/" },
    { "aws", "eu-west-1", "https://sts.eu-west-1.amazonaws.com/" },
    { "aws-us-gov", NULL, "https://sts.us-gov-west-1.amazonaws.com/" },
    { "aws-us-gov", "us-gov-east-1", "https://sts.us-gov-east-1.amazonaws.com/" },
    { "aws-cn", NULL, "https://sts.cn-north-1.amazonaws.com.cn/" },
    { "aws-cn", "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;

      endpoint = td_sts_dup_endpoint (cases[i].partition, cases[i].region, empty_environment, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (endpoint, ==, cases[i].expected);
    }
}

static void
test_endpoint_region_mismatch (void)
{
  static const struct {
    const char *partition;
    const char *region;
  } cases[] = {
    { "aws-us-gov", "eu-west-1" },
    { "aws", "us-gov-west-1" },
    { "aws", "cn-north-1" },
    { "aws-cn", "us-east-1" },
    { "aws-cn", "us-gov-east-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;

      endpoint = td_sts_dup_endpoint (cases[i].partition, cases[i].region, empty_environment, &error);
      g_assert_null (endpoint);
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, cases[i].partition));
      g_assert_nonnull (strstr (error->message, cases[i].region));
    }
}

static void
test_endpoint_region_invalid (void)
{
  static const char *const regions[] = {
    "evil.example/x", "US-EAST-1", "us-east-1.", "us-east", "us_east_1", "us-east-1 ", "-1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;

      endpoint = td_sts_dup_endpoint ("aws", regions[i], empty_environment, &error);
      g_assert_null (endpoint);
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, "not a valid AWS region"));
    }
}

static void
test_endpoint_overrides (void)
{
  static const struct {
    const char *environment[4];
    const char *expected;
  } cases[] = {
    { { "AWS_ENDPOINT_URL_STS=https://127.0.0.1:8443/sts", "AWS_ENDPOINT_URL=https://127.0.0.1:9443/", NULL },
      "https://127.0.0.1:8443/sts" },
    { { "AWS_ENDPOINT_URL=https://127.0.0.1:9443/", NULL }, "https://127.0.0.1:9443/" },
    { { "AWS_ENDPOINT_URL_STS=", "AWS_ENDPOINT_URL=https://127.0.0.1:9443/", NULL }, "https://127.0.0.1:9443/" },
    { { "AWS_ENDPOINT_URL_STS=https://127.0.0.1:8443/", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", NULL },
      "https://sts.us-east-1.amazonaws.com/" },
    { { "AWS_ENDPOINT_URL=https://127.0.0.1:8443/", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE", NULL },
      "https://sts.us-east-1.amazonaws.com/" },
    { { "AWS_ENDPOINT_URL_STS=https://127.0.0.1:8443/", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false", NULL },
      "https://127.0.0.1:8443/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;

      endpoint = td_sts_dup_endpoint ("aws", NULL, cases[i].environment, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (endpoint, ==, cases[i].expected);
    }
}

static void
test_endpoint_override_invalid (void)
{
  static const struct {
    const char *environment[2];
    const char *expected_text;
  } cases[] = {
    { { "AWS_ENDPOINT_URL_STS=http://127.0.0.1:8080/", NULL }, "must be an https:// URL" },
    { { "AWS_ENDPOINT_URL=ftp://127.0.0.1/", NULL }, "must be an https:// URL" },
    { { "AWS_ENDPOINT_URL_STS=not a url", NULL }, "not a valid absolute URL" },
    { { "AWS_ENDPOINT_URL_STS=https://", NULL }, "not a valid absolute URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = NULL;

      endpoint = td_sts_dup_endpoint ("aws", NULL, cases[i].environment, &error);
      g_assert_null (endpoint);
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, cases[i].expected_text));
      g_assert_nonnull (strstr (error->message, "AWS_ENDPOINT_URL"));
    }
}

static void
test_endpoint_override_hides_password (void)
{
  const char *environment[] = { "AWS_ENDPOINT_URL_STS=http://user:hunter2pass@127.0.0.1/", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  endpoint = td_sts_dup_endpoint ("aws", NULL, environment, &error);
  g_assert_null (endpoint);
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_null (strstr (error->message, "hunter2pass"));
}

static void
test_endpoint_process_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  g_setenv ("AWS_ENDPOINT_URL_STS", "https://127.0.0.1:7443/", TRUE);
  endpoint = td_sts_dup_endpoint ("aws", NULL, NULL, &error);
  g_unsetenv ("AWS_ENDPOINT_URL_STS");

  g_assert_no_error (error);
  g_assert_cmpstr (endpoint, ==, "https://127.0.0.1:7443/");
}

static void
test_endpoint_unknown_partition (void)
{
  const char *environment[] = { "AWS_ENDPOINT_URL_STS=https://127.0.0.1:7443/", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *overridden = NULL;

  endpoint = td_sts_dup_endpoint ("aws-iso", NULL, empty_environment, &error);
  g_assert_null (endpoint);
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "aws-iso"));
  g_clear_error (&error);

  overridden = td_sts_dup_endpoint ("aws-iso", NULL, environment, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (overridden, ==, "https://127.0.0.1:7443/");
}

/* --- request body (case 008) --------------------------------------------- */

static void
test_body_encoding (void)
{
  g_autoptr(TdRole) role = td_role_new (ADMIN_ROLE, PROVIDER);
  g_autofree char *body = td_sts_build_assume_role_with_saml_body (role, "ab+c/d==", 3600);

  g_assert_cmpstr (body, ==,
                   "Action=AssumeRoleWithSAML&Version=2011-06-15"
                   "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin"
                   "&PrincipalArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2FAcmeOkta"
                   "&SAMLAssertion=ab%2Bc%2Fd%3D%3D"
                   "&DurationSeconds=3600");
}

static void
test_body_round_trip (void)
{
  g_autofree char *xml = td_test_read_data ("005-saml-assertion-multi-role.xml", NULL);
  g_autofree char *base64 = g_base64_encode ((const guchar *) xml, strlen (xml));
  g_autoptr(TdRole) role = td_role_new (ADMIN_ROLE, PROVIDER);
  g_autofree char *body = td_sts_build_assume_role_with_saml_body (role, base64, 28800);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (strchr (base64, '+'));
  g_assert_null (strchr (body, '+'));

  fields = g_uri_parse_params (body, -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "SAMLAssertion"), ==, base64);
  g_assert_cmpstr (g_hash_table_lookup (fields, "RoleArn"), ==, ADMIN_ROLE);
  g_assert_cmpstr (g_hash_table_lookup (fields, "PrincipalArn"), ==, PROVIDER);
  g_assert_cmpstr (g_hash_table_lookup (fields, "DurationSeconds"), ==, "28800");
  g_assert_cmpstr (g_hash_table_lookup (fields, "Action"), ==, "AssumeRoleWithSAML");
  g_assert_cmpstr (g_hash_table_lookup (fields, "Version"), ==, "2011-06-15");
}

static void
test_body_duration_clamped (void)
{
  static const struct {
    gint64 requested;
    const char *expected;
  } cases[] = {
    { G_MININT64, "&DurationSeconds=900" },
    { -1, "&DurationSeconds=900" },
    { 0, "&DurationSeconds=900" },
    { 899, "&DurationSeconds=900" },
    { 900, "&DurationSeconds=900" },
    { 28800, "&DurationSeconds=28800" },
    { 43200, "&DurationSeconds=43200" },
    { 43201, "&DurationSeconds=43200" },
    { G_MAXINT64, "&DurationSeconds=43200" },
  };
  g_autoptr(TdRole) role = td_role_new (ADMIN_ROLE, PROVIDER);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = td_sts_build_assume_role_with_saml_body (role, "QUJD", cases[i].requested);

      g_assert_true (g_str_has_suffix (body, cases[i].expected));
    }
}

/* --- replies ------------------------------------------------------------- */

static void
test_response_success (void)
{
  gsize length = 0;
  g_autofree char *body = td_test_read_data ("008-sts-success.xml", &length);
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expiration = NULL;
  TdStsFailure failure = TD_STS_FAILURE_OTHER;

  credentials = td_sts_parse_response (body, length, 200, &failure, &error);
  g_assert_no_error (error);
  g_assert_cmpint (failure, ==, TD_STS_FAILURE_NONE);
  g_assert_cmpstr (credentials->access_key_id, ==, "ASIA1234567890EXAMPL");
  g_assert_cmpstr (credentials->secret_access_key, ==, SECRET_KEY);
  g_assert_cmpstr (credentials->session_token, ==, SESSION_TOKEN);
  g_assert_cmpstr (credentials->assumed_role_arn, ==,
                   "arn:aws:sts::123456789012:assumed-role/Admin/jane.doe@acme.example");

  expiration = g_date_time_format_iso8601 (credentials->expiration);
  g_assert_cmpstr (expiration, ==, "2024-03-05T15:02:12Z");
  g_assert_cmpint (g_date_time_get_utc_offset (credentials->expiration), ==, 0);
}

static void
test_response_duration_too_long (void)
{
  gsize length = 0;
  g_autofree char *body = td_test_read_data ("008-sts-validation-error-duration.xml", &length);
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  TdStsFailure failure = TD_STS_FAILURE_NONE;

  credentials = td_sts_parse_response (body, length, 400, &failure, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_STS);
  g_assert_cmpint (failure, ==, TD_STS_FAILURE_DURATION_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "ValidationError"));
  g_assert_nonnull (strstr (error->message, "exceeds the MaxSessionDuration set for this role"));
}

static void
test_response_error_codes (void)
{
  static const struct {
    const char *code;
    const char *message;
    guint status;
    int error_code;
    TdStsFailure failure;
    const char *advice;
  } cases[] = {
    { "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "trust policy" },
    { "InvalidIdentityToken", "Specified provider doesn't exist", 400,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "SAML provider" },
    { "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance", 400,
      TD_ERROR_STS, TD_STS_FAILURE_EXPIRED_ASSERTION, "Sign in again" },
    { "Throttling", "Rate exceeded", 400,
      TD_ERROR_RATE_LIMITED, TD_STS_FAILURE_THROTTLED, "try again" },
    { "IDPCommunicationError", "Could not reach the IdP", 400,
      TD_ERROR_RATE_LIMITED, TD_STS_FAILURE_THROTTLED, "try again" },
    { "RegionDisabledException", "STS is not activated in this region", 403,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "another region" },
    { "IDPRejectedClaim", "Claim rejected", 403,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "role mapping" },
    { "ValidationError", "1 validation error detected: Value at 'roleArn' failed", 400,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "Check the role" },
    { "InternalFailure", "An internal error occurred", 500,
      TD_ERROR_SERVER, TD_STS_FAILURE_OTHER, "HTTP 500" },
    { "SomethingNew", "A new kind of failure", 400,
      TD_ERROR_STS, TD_STS_FAILURE_OTHER, "Check the role" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = build_error_reply (cases[i].code, cases[i].message);
      g_autoptr(TdAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;
      TdStsFailure failure = TD_STS_FAILURE_NONE;

      g_test_message ("Code: %s", cases[i].code);
      credentials = td_sts_parse_response (body, strlen (body), cases[i].status, &failure, &error);
      g_assert_null (credentials);
      g_assert_error (error, TD_ERROR, cases[i].error_code);
      g_assert_cmpint (failure, ==, cases[i].failure);
      g_assert_nonnull (strstr (error->message, cases[i].code));
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, cases[i].advice));
    }
}

static void
test_response_failure_optional (void)
{
  g_autofree char *body = build_error_reply ("AccessDenied", "Denied");
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = td_sts_parse_response (body, strlen (body), 403, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_STS);
}

static void
test_response_message_redacted (void)
{
  g_autofree char *echoed = g_strnfill (300, 'Q');
  g_autofree char *message = g_strdup_printf ("Value '%s+abc==' at 'sAMLAssertion' failed\t", echoed);
  g_autofree char *body = build_error_reply ("ValidationError", message);
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = td_sts_parse_response (body, strlen (body), 400, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_STS);
  g_assert_nonnull (strstr (error->message, "[redacted]"));
  g_assert_nonnull (strstr (error->message, "at 'sAMLAssertion' failed"));
  g_assert_null (strstr (error->message, "QQQQQQQQ"));
}

static void
test_response_message_long (void)
{
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdAwsCredentials) credentials = NULL;

  for (int i = 0; i < 500; i++)
    g_string_append (message, "word ");
  body = build_error_reply ("AccessDenied", message->str);

  credentials = td_sts_parse_response (body, strlen (body), 403, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_STS);
  g_assert_cmpuint (strlen (error->message), <, 1000);
}

static void
test_response_not_xml (void)
{
  static const struct {
    const char *body;
    guint status;
  } cases[] = {
    { "<html><head><title>502 Bad Gateway</title></head><body><hr>nginx</body></html>", 502 },
    { "<!DOCTYPE html><html><body>Proxy login</body></html>", 200 },
    { "Service Unavailable", 503 },
    { "", 503 },
    { "{\"message\":\"forbidden\"}", 403 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *status = g_strdup_printf ("HTTP %u", cases[i].status);
      TdStsFailure failure = TD_STS_FAILURE_NONE;

      g_test_message ("Body: %s", cases[i].body);
      credentials = td_sts_parse_response (cases[i].body, strlen (cases[i].body), cases[i].status,
                                           &failure, &error);
      g_assert_null (credentials);
      g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
      g_assert_cmpint (failure, ==, TD_STS_FAILURE_OTHER);
      g_assert_nonnull (strstr (error->message, status));
    }
}

static void
test_response_unexpected_xml (void)
{
  gsize length = 0;
  g_autofree char *success = td_test_read_data ("008-sts-success.xml", &length);
  const char *other = "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>";
  const char *no_code = "<ErrorResponse><Error><Message>odd</Message></Error></ErrorResponse>";
  const char *bad_code = "<ErrorResponse><Error><Code>has space</Code></Error></ErrorResponse>";
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = td_sts_parse_response (success, length, 500, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  assert_no_secret_in (error->message);
  g_clear_error (&error);

  credentials = td_sts_parse_response (other, strlen (other), 200, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_clear_error (&error);

  credentials = td_sts_parse_response (no_code, strlen (no_code), 400, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "no valid error code"));
  g_clear_error (&error);

  credentials = td_sts_parse_response (bad_code, strlen (bad_code), 400, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
}

static void
test_response_missing_fields (void)
{
  static const struct {
    const char *removed;
    const char *replacement;
    const char *expected_text;
  } cases[] = {
    { "<AccessKeyId>ASIA1234567890EXAMPL</AccessKeyId>", "", "AccessKeyId" },
    { "<SecretAccessKey>" SECRET_KEY "</SecretAccessKey>", "<SecretAccessKey> </SecretAccessKey>", "SecretAccessKey" },
    { "<SessionToken>" SESSION_TOKEN "</SessionToken>", "", "SessionToken" },
    { "<Expiration>2024-03-05T15:02:12Z</Expiration>", "", "Expiration" },
    { "<Expiration>2024-03-05T15:02:12Z</Expiration>", "<Expiration>tomorrow</Expiration>", "ISO 8601" },
    { "<Credentials>", "<Other>", "AccessKeyId" },
  };
  g_autofree char *success = td_test_read_data ("008-sts-success.xml", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) body = g_string_new (success);
      g_autoptr(TdAwsCredentials) credentials = NULL;
      g_autoptr(GError) error = NULL;
      TdStsFailure failure = TD_STS_FAILURE_NONE;

      g_assert_cmpuint (g_string_replace (body, cases[i].removed, cases[i].replacement, 1), ==, 1);
      if (g_str_equal (cases[i].removed, "<Credentials>"))
        g_string_replace (body, "</Credentials>", "</Other>", 1);

      credentials = td_sts_parse_response (body->str, body->len, 200, &failure, &error);
      g_assert_null (credentials);
      g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
      g_assert_cmpint (failure, ==, TD_STS_FAILURE_OTHER);
      g_assert_nonnull (strstr (error->message, cases[i].expected_text));
      assert_no_secret_in (error->message);
    }
}

/* --- hostile replies ----------------------------------------------------- */

static void
assert_rejected_reply (const char *body,
                       gsize       length)
{
  g_autoptr(TdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  TdStsFailure failure = TD_STS_FAILURE_NONE;

  credentials = td_sts_parse_response (body, length, 200, &failure, &error);
  g_assert_null (credentials);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_assert_cmpint (failure, ==, TD_STS_FAILURE_OTHER);
  g_assert_nonnull (strstr (error->message, "HTTP 200"));
  assert_no_secret_in (error->message);
  g_assert_null (strstr (error->message, "root:"));
}

static void
test_hostile_entities (void)
{
  const char *laughs =
    "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
    "<ErrorResponse><Error><Code>X</Code><Message>&d;&d;&d;&d;</Message></Error></ErrorResponse>";
  const char *external =
    "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
    "<ErrorResponse><Error><Code>X</Code><Message>&xxe;</Message></Error></ErrorResponse>";

  assert_rejected_reply (laughs, strlen (laughs));
  assert_rejected_reply (external, strlen (external));
}

static void
test_hostile_deep_nesting (void)
{
  g_autoptr(GString) body = g_string_new ("<AssumeRoleWithSAMLResponse>");

  for (int i = 0; i < 2000; i++)
    g_string_append (body, "<x>");
  for (int i = 0; i < 2000; i++)
    g_string_append (body, "</x>");
  g_string_append (body, "</AssumeRoleWithSAMLResponse>");

  assert_rejected_reply (body->str, body->len);
}

static void
test_hostile_truncated (void)
{
  gsize length = 0;
  g_autofree char *success = td_test_read_data ("008-sts-success.xml", &length);

  for (gsize cut = 1; cut < length; cut += length / 11)
    assert_rejected_reply (success, cut);
}

static void
test_hostile_encoding (void)
{
  const char latin1[] = "<ErrorResponse><Error><Code>X</Code><Message>caf\xe9</Message></Error></ErrorResponse>";
  const char utf16[] = "\xff\xfe<\0E\0/\0>\0";
  const char nul[] = "<ErrorResponse>\0</ErrorResponse>";

  assert_rejected_reply (latin1, sizeof latin1 - 1);
  assert_rejected_reply (utf16, sizeof utf16 - 1);
  assert_rejected_reply (nul, sizeof nul - 1);
}

static void
test_hostile_huge (void)
{
  gsize length = 2 * 1024 * 1024;
  g_autofree char *body = g_malloc (length);

  memset (body, ' ', length);
  memcpy (body, "<ErrorResponse>", 15);

  assert_rejected_reply (body, length);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sts/partition/default-region", test_partition_default_region);
  g_test_add_func ("/sts/endpoint/regional", test_endpoint_regional);
  g_test_add_func ("/sts/endpoint/region-mismatch", test_endpoint_region_mismatch);
  g_test_add_func ("/sts/endpoint/region-invalid", test_endpoint_region_invalid);
  g_test_add_func ("/sts/endpoint/overrides", test_endpoint_overrides);
  g_test_add_func ("/sts/endpoint/override-invalid", test_endpoint_override_invalid);
  g_test_add_func ("/sts/endpoint/override-hides-password", test_endpoint_override_hides_password);
  g_test_add_func ("/sts/endpoint/process-environment", test_endpoint_process_environment);
  g_test_add_func ("/sts/endpoint/unknown-partition", test_endpoint_unknown_partition);
  g_test_add_func ("/sts/body/encoding", test_body_encoding);
  g_test_add_func ("/sts/body/round-trip", test_body_round_trip);
  g_test_add_func ("/sts/body/duration-clamped", test_body_duration_clamped);
  g_test_add_func ("/sts/response/success", test_response_success);
  g_test_add_func ("/sts/response/duration-too-long", test_response_duration_too_long);
  g_test_add_func ("/sts/response/error-codes", test_response_error_codes);
  g_test_add_func ("/sts/response/failure-optional", test_response_failure_optional);
  g_test_add_func ("/sts/response/message-redacted", test_response_message_redacted);
  g_test_add_func ("/sts/response/message-long", test_response_message_long);
  g_test_add_func ("/sts/response/not-xml", test_response_not_xml);
  g_test_add_func ("/sts/response/unexpected-xml", test_response_unexpected_xml);
  g_test_add_func ("/sts/response/missing-fields", test_response_missing_fields);
  g_test_add_func ("/sts/hostile/entities", test_hostile_entities);
  g_test_add_func ("/sts/hostile/deep-nesting", test_hostile_deep_nesting);
  g_test_add_func ("/sts/hostile/truncated", test_hostile_truncated);
  g_test_add_func ("/sts/hostile/encoding", test_hostile_encoding);
  g_test_add_func ("/sts/hostile/huge", test_hostile_huge);

  return g_test_run ();
}
