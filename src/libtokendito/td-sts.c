/* td-sts.c: the AWS STS AssumeRoleWithSAML request and response
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * No network code lives here. The caller sends the request and hands the
 * reply to td_sts_parse_response(). The request body carries the SAML
 * assertion and the reply carries the secret key and session token, so
 * neither ever goes into a message.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-sts.h"

/* STS replies are about 2 KiB, so anything far larger is not STS. */
#define MAX_RESPONSE_SIZE (1024 * 1024)

/* Maximum length of an STS error message put into our errors, in characters. */
#define MAX_SHOWN_MESSAGE 512

/* A run of base64 characters this long in an STS error message could be
 * part of the assertion echoed back, so it is replaced before showing. */
#define MIN_REDACTED_RUN 64

#define REGION_PATTERN "^[a-z]{2}(-[a-z]+)+-[0-9]+$"

/* The STS host is `sts.<region>.<dns_suffix>`. The default region is used
 * when none is configured. */
static const struct {
  const char *partition;
  const char *default_region;
  const char *dns_suffix;
} partitions[] = {
  { "aws", "us-east-1", "amazonaws.com" },
  { "aws-us-gov", "us-gov-west-1", "amazonaws.com" },
  { "aws-cn", "cn-north-1", "amazonaws.com.cn" },
};

/* ---------------------------------------------------------------------------
 * Endpoint
 */

static gint
find_partition (const char *partition)
{
  for (guint i = 0; i < G_N_ELEMENTS (partitions); i++)
    {
      if (g_strcmp0 (partitions[i].partition, partition) == 0)
        return i;
    }

  return -1;
}

/**
 * td_partition_get_default_region:
 * @partition: an AWS partition such as `aws`, `aws-us-gov` or `aws-cn`
 *
 * Returns: (nullable): the region used when none is configured:
 *   `us-east-1`, `us-gov-west-1` or `cn-north-1`; %NULL for other partitions
 */
const char *
td_partition_get_default_region (const char *partition)
{
  gint index;

  g_return_val_if_fail (partition != NULL, NULL);

  index = find_partition (partition);
  return index >= 0 ? partitions[index].default_region : NULL;
}

/* Returns the partition that a region name belongs to. GovCloud regions start
 * with `us-gov-` and China regions with `cn-`. The isolated partitions are
 * not known here and fall under `aws`. */
static const char *
get_region_partition (const char *region)
{
  if (g_str_has_prefix (region, "us-gov-"))
    return "aws-us-gov";

  if (g_str_has_prefix (region, "cn-"))
    return "aws-cn";

  return "aws";
}

static const char *
lookup_env (const char * const *envp,
            const char         *name)
{
  const char *value;

  if (envp != NULL)
    value = g_environ_getenv ((char **) envp, name);
  else
    value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static char *
check_endpoint_override (const char  *variable,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  g_autofree char *redacted_url = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("%s is not a valid absolute URL. Set it to an https:// URL, or unset it "
                   "to use the regional STS endpoint"),
                   variable);
      return NULL;
    }

  redacted_url = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);

  /* The request carries the SAML assertion and the reply the credentials. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("%s is %s, but the STS endpoint must be an https:// URL because the SAML "
                   "assertion and the credentials travel over it"),
                   variable, redacted_url);
      return NULL;
    }

  g_debug ("Using the STS endpoint %s from %s", redacted_url, variable);
  return g_strdup (value);
}

/* Returns the endpoint set in the environment, or NULL with @error unset
 * when there is none, following the AWS SDK order: AWS_ENDPOINT_URL_STS,
 * then AWS_ENDPOINT_URL, both ignored when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is `true`. */
static char *
dup_endpoint_override (const char * const  *envp,
                       GError             **error)
{
  static const char *const variables[] = { "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL" };
  const char *ignore = lookup_env (envp, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

  if (ignore != NULL && g_ascii_strcasecmp (ignore, "true") == 0)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = lookup_env (envp, variables[i]);

      if (value != NULL)
        return check_endpoint_override (variables[i], value, error);
    }

  return NULL;
}

static gboolean
check_region (const char  *partition,
              const char  *region,
              GError     **error)
{
  const char *region_partition;

  if (!g_regex_match_simple (REGION_PATTERN, region, 0, 0))
    {
      g_autofree char *escaped = g_strescape (region, NULL);

      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("“%s” is not a valid AWS region name. Set a region such as us-east-1"),
                   escaped);
      return FALSE;
    }

  region_partition = get_region_partition (region);
  if (find_partition (partition) >= 0 && strcmp (region_partition, partition) != 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The region %s belongs to the %s partition, but the role is in the %s "
                   "partition. Set a region of the %s partition, such as %s"),
                   region, region_partition, partition, partition,
                   td_partition_get_default_region (partition));
      return FALSE;
    }

  return TRUE;
}

/**
 * td_sts_dup_endpoint:
 * @partition: the partition of the role ARN
 * @region: (nullable): the configured region, or %NULL for the partition's
 *   default region
 * @envp: (nullable) (array zero-terminated=1): the environment to read, or
 *   %NULL for the environment of the process
 * @error: return location for a #GError
 *
 * Chooses the STS endpoint: `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`
 * (unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else the regional
 * endpoint of @region in @partition. The region is checked against the
 * partition in every case, because it is also written to the AWS config.
 *
 * Returns: (transfer full) (nullable): the endpoint URL, or %NULL with
 *   %TD_ERROR_CONFIG
 */
char *
td_sts_dup_endpoint (const char          *partition,
                     const char          *region,
                     const char * const  *envp,
                     GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *override = NULL;
  gint index;

  g_return_val_if_fail (partition != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  index = find_partition (partition);
  if (region == NULL || *region == '\0')
    region = td_partition_get_default_region (partition);

  if (region != NULL && !check_region (partition, region, error))
    return NULL;

  override = dup_endpoint_override (envp, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (override != NULL)
    return g_steal_pointer (&override);

  if (index < 0 || region == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("No STS endpoint is known for the partition %s. Set AWS_ENDPOINT_URL_STS "
                   "to the STS endpoint of that partition"),
                   partition);
      return NULL;
    }

  return g_strdup_printf ("https://sts.%s.%s/", region, partitions[index].dns_suffix);
}

/* ---------------------------------------------------------------------------
 * Request
 */

static void
append_form_field (GString    *body,
                   const char *name,
                   const char *value)
{
  g_string_append_c (body, '&');
  g_string_append (body, name);
  g_string_append_c (body, '=');

  /* Only unreserved characters stay as they are, so `+`, `/` and `=` in the
   * base64 assertion become %2B, %2F and %3D. A raw `+` would reach STS as a
   * space and corrupt the assertion. */
  g_string_append_uri_escaped (body, value, NULL, FALSE);
}

/**
 * td_sts_build_assume_role_with_saml_body:
 * @role: the role to assume and its SAML provider
 * @saml_base64: the base64 SAML Response, as returned by
 *   td_saml_assertion_get_base64()
 * @duration_seconds: the session length to request, clamped to
 *   %TD_STS_MIN_DURATION…%TD_STS_MAX_DURATION
 *
 * Builds the `application/x-www-form-urlencoded` body of an
 * AssumeRoleWithSAML request.
 *
 * Returns: (transfer full): the body; it contains the assertion, so free it
 *   with td_secret_free()
 */
char *
td_sts_build_assume_role_with_saml_body (const TdRole *role,
                                         const char   *saml_base64,
                                         gint64        duration_seconds)
{
  GString *body;
  gint64 duration;

  g_return_val_if_fail (role != NULL, NULL);
  g_return_val_if_fail (role->role_arn != NULL, NULL);
  g_return_val_if_fail (role->principal_arn != NULL, NULL);
  g_return_val_if_fail (saml_base64 != NULL, NULL);

  duration = CLAMP (duration_seconds, TD_STS_MIN_DURATION, TD_STS_MAX_DURATION);

  /* Sized up front so that the string is never reallocated, which would
   * leave copies of the assertion in freed memory. */
  body = g_string_sized_new (3 * (strlen (saml_base64) + strlen (role->role_arn) +
                                  strlen (role->principal_arn)) + 256);

  g_string_append (body, "Action=AssumeRoleWithSAML&Version=2011-06-15");
  append_form_field (body, "RoleArn", role->role_arn);
  append_form_field (body, "PrincipalArn", role->principal_arn);
  append_form_field (body, "SAMLAssertion", saml_base64);
  g_string_append_printf (body, "&DurationSeconds=%" G_GINT64_FORMAT, duration);

  return g_string_free (body, FALSE);
}

/* ---------------------------------------------------------------------------
 * Response
 */

/* Returns the trimmed text of the child @name of @parent, or NULL. The
 * libxml2 copy is wiped because the text may be a secret. */
static char *
dup_child_text (xmlNode    *parent,
                const char *name)
{
  xmlNode *child = td_xml_find_child (parent, name);
  xmlChar *content;
  char *text;

  if (child == NULL || (content = xmlNodeGetContent (child)) == NULL)
    return NULL;

  text = g_strstrip (g_strdup ((const char *) content));
  explicit_bzero (content, strlen ((const char *) content));
  xmlFree (content);

  return text;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

/* Returns the STS error message ready for display. Control characters become
 * spaces, long base64 runs are redacted and the text is truncated. */
static char *
dup_display_message (const char *message)
{
  g_autofree char *valid = g_utf8_make_valid (message ? message : "", -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;

  while (*p != '\0')
    {
      gsize run = 0;

      while (is_base64_char (p[run]))
        run++;

      if (run >= MIN_REDACTED_RUN)
        g_string_append (out, "[redacted]");
      else if (run > 0)
        g_string_append_len (out, p, run);
      else
        g_string_append_c (out, g_ascii_iscntrl (*p) ? ' ' : *p);

      p += MAX (run, 1);
    }

  if (g_utf8_strlen (out->str, -1) > MAX_SHOWN_MESSAGE)
    {
      g_autofree char *cut = g_utf8_substring (out->str, 0, MAX_SHOWN_MESSAGE);

      g_string_assign (out, cut);
      g_string_append (out, "…");
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
is_plausible_code (const char *code)
{
  gsize length = strlen (code);

  return length > 0 && length <= 100 &&
         strspn (code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:_-") == length;
}

static gboolean
mentions_duration (const char *message)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);

  return strstr (lower, "durationseconds") != NULL || strstr (lower, "maxsessionduration") != NULL;
}

/* Maps an STS ErrorResponse to an error and a TdStsFailure. */
static void
set_sts_error (xmlNode       *root,
               guint          http_status,
               TdStsFailure  *failure,
               GError       **error)
{
  xmlNode *error_node = td_xml_find_child (root, "Error");
  g_autofree char *code = dup_child_text (error_node, "Code");
  g_autofree char *raw_message = dup_child_text (error_node, "Message");
  g_autofree char *message = dup_display_message (raw_message);

  *failure = TD_STS_FAILURE_OTHER;

  if (code == NULL || !is_plausible_code (code))
    g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                 _("AWS STS returned HTTP %u with an error reply that has no valid error code. "
                 "Try again later"),
                 http_status);
  else if (strcmp (code, "Throttling") == 0 || strcmp (code, "IDPCommunicationError") == 0)
    {
      *failure = TD_STS_FAILURE_THROTTLED;
      g_set_error (error, TD_ERROR, TD_ERROR_RATE_LIMITED,
                   _("AWS STS asked to retry later (%s: %s). Wait a minute and try again"),
                   code, message);
    }
  else if (http_status >= 500)
    g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                 _("AWS STS failed with HTTP %u (%s: %s). Try again later"),
                 http_status, code, message);
  else if (strcmp (code, "ValidationError") == 0 && mentions_duration (message))
    {
      *failure = TD_STS_FAILURE_DURATION_TOO_LONG;
      g_set_error (error, TD_ERROR, TD_ERROR_STS,
                   _("AWS STS rejected the requested session duration (%s: %s). Request a shorter "
                   "session; the maximum is the role's MaxSessionDuration in IAM"),
                   code, message);
    }
  else if (strcmp (code, "ExpiredTokenException") == 0)
    {
      *failure = TD_STS_FAILURE_EXPIRED_ASSERTION;
      g_set_error (error, TD_ERROR, TD_ERROR_STS,
                   _("The SAML assertion expired before AWS STS accepted it (%s: %s). Sign in "
                   "again, and check that the system clock is correct"),
                   code, message);
    }
  else if (strcmp (code, "AccessDenied") == 0)
    g_set_error (error, TD_ERROR, TD_ERROR_STS,
                 _("AWS STS denied access (%s: %s). The trust policy of the role does not allow "
                 "this SAML provider; ask the AWS admin to check it"),
                 code, message);
  else if (strcmp (code, "InvalidIdentityToken") == 0)
    g_set_error (error, TD_ERROR, TD_ERROR_STS,
                 _("AWS STS rejected the SAML assertion (%s: %s). The SAML provider ARN or its "
                 "metadata in IAM does not match the Okta app; ask the AWS admin to check the "
                 "IAM SAML provider"),
                 code, message);
  else if (strcmp (code, "IDPRejectedClaim") == 0)
    g_set_error (error, TD_ERROR, TD_ERROR_STS,
                 _("AWS STS rejected a claim of the SAML assertion (%s: %s). Ask the Okta admin "
                 "to check the role mapping of the AWS app"),
                 code, message);
  else if (strcmp (code, "RegionDisabledException") == 0)
    g_set_error (error, TD_ERROR, TD_ERROR_STS,
                 _("AWS STS is not activated in this region (%s: %s). Choose another region, or "
                 "ask the AWS admin to activate STS in this one"),
                 code, message);
  else
    g_set_error (error, TD_ERROR, TD_ERROR_STS,
                 _("AWS STS refused to issue credentials (%s: %s). Check the role and the SAML "
                 "provider in IAM"),
                 code, message);
}

static gboolean
check_present (const char  *value,
               const char  *name,
               GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;

  g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
               _("The AssumeRoleWithSAML reply from AWS STS has no %s value. Try again later"),
               name);
  return FALSE;
}

static TdAwsCredentials *
read_credentials (xmlNode  *root,
                  GError  **error)
{
  xmlNode *result = td_xml_find_child (root, "AssumeRoleWithSAMLResult");
  xmlNode *credentials_node = td_xml_find_child (result, "Credentials");
  g_autoptr(TdAwsCredentials) credentials = td_aws_credentials_new ();
  g_autofree char *expiration = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;

  /* The values are copied as they are: `+`, `/` and `=` in the secret key
   * and the session token are part of them. */
  credentials->access_key_id = dup_child_text (credentials_node, "AccessKeyId");
  credentials->secret_access_key = dup_child_text (credentials_node, "SecretAccessKey");
  credentials->session_token = dup_child_text (credentials_node, "SessionToken");
  credentials->assumed_role_arn = dup_child_text (td_xml_find_child (result, "AssumedRoleUser"), "Arn");
  expiration = dup_child_text (credentials_node, "Expiration");

  if (!check_present (credentials->access_key_id, "AccessKeyId", error) ||
      !check_present (credentials->secret_access_key, "SecretAccessKey", error) ||
      !check_present (credentials->session_token, "SessionToken", error) ||
      !check_present (expiration, "Expiration", error))
    return NULL;

  parsed = g_date_time_new_from_iso8601 (expiration, utc);
  if (parsed == NULL)
    {
      g_autofree char *escaped = g_strescape (expiration, NULL);

      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   _("The Expiration value “%s” from AWS STS is not an ISO 8601 time. Try again later"),
                   escaped);
      return NULL;
    }
  credentials->expiration = g_date_time_to_utc (parsed);

  return g_steal_pointer (&credentials);
}

/**
 * td_sts_parse_response:
 * @body: the body of the STS reply
 * @length: the length of @body in bytes
 * @http_status: the HTTP status of the reply
 * @failure: (out) (optional): what the caller can do next
 * @error: return location for a #GError
 *
 * Reads an AssumeRoleWithSAML reply. An `ErrorResponse` becomes
 * %TD_ERROR_STS, or %TD_ERROR_RATE_LIMITED for throttling, with the STS code,
 * the message and the next step. A body that is empty or not an STS XML
 * reply becomes %TD_ERROR_SERVER naming @http_status.
 *
 * Returns: (transfer full) (nullable): the credentials, or %NULL with
 *   @error set
 */
TdAwsCredentials *
td_sts_parse_response (const char    *body,
                       gsize          length,
                       guint          http_status,
                       TdStsFailure  *failure,
                       GError       **error)
{
  TdStsFailure unused_failure;
  g_autoptr(GError) local_error = NULL;
  xmlDoc *doc;
  xmlNode *root;
  TdAwsCredentials *credentials = NULL;

  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (failure == NULL)
    failure = &unused_failure;
  *failure = TD_STS_FAILURE_OTHER;

  if (length == 0 || length > MAX_RESPONSE_SIZE)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   _("AWS STS returned HTTP %u with %s body. Try again later, and check "
                   "AWS_ENDPOINT_URL_STS and any proxy if it keeps failing"),
                   http_status, length == 0 ? "an empty" : "an oversized");
      return NULL;
    }

  doc = td_xml_read_untrusted (body, length, TD_ERROR_SERVER, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   _("AWS STS returned HTTP %u with a body that is not an STS XML reply (%s). "
                   "Try again later, and check AWS_ENDPOINT_URL_STS and any proxy if it keeps failing"),
                   http_status, local_error->message);
      return NULL;
    }

  root = xmlDocGetRootElement (doc);

  if (xmlStrEqual (root->name, (const xmlChar *) "ErrorResponse"))
    set_sts_error (root, http_status, failure, error);
  else if (!xmlStrEqual (root->name, (const xmlChar *) "AssumeRoleWithSAMLResponse") || http_status != 200)
    g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                 _("AWS STS returned HTTP %u with an unexpected XML reply. Try again later, and "
                 "check AWS_ENDPOINT_URL_STS and any proxy if it keeps failing"),
                 http_status);
  else if ((credentials = read_credentials (root, error)) != NULL)
    *failure = TD_STS_FAILURE_NONE;

  xmlFreeDoc (doc);

  return credentials;
}
