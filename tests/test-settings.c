/* test-settings.c: the settings of one run
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "td-error.h"
#include "td-settings.h"
#include "td-test-utils.h"

/* The log domain of the core library, whose warnings the tests expect. */
#define LIBRARY_DOMAIN "Tokendito"

#define APP_URL "https://acme.okta.com/home/amazon_aws/0oa1a2b3c4d5e6f7g8h9/272"

static char *
write_settings (const char *tmpdir,
                const char *contents)
{
  char *path = g_build_filename (tmpdir, "okta_auth", NULL);

  td_test_write_file (path, contents);

  return path;
}

static TdSettings *
load_ok (const char *path,
         const char *profile)
{
  g_autoptr(GError) error = NULL;
  TdSettings *settings = td_settings_new ();

  td_settings_load_file (settings, path, profile, &error);
  g_assert_no_error (error);

  return settings;
}

static void
test_profile_inherits_default (void)
{
  g_autofree char *path = td_test_data_path ("037-okta_auth-values.ini");
  g_autoptr(TdSettings) settings = load_ok (path, "prod");

  g_assert_cmpstr (td_settings_get (settings, "okta_username"), ==, "jane.doe@acme.example");
  g_assert_cmpstr (td_settings_get (settings, "mfa_method"), ==, "push");
  g_assert_cmpstr (td_settings_get (settings, "aws_region"), ==, "us-west-2");
  g_assert_cmpint (td_settings_get_source (settings, "aws_region"), ==, TD_SETTING_SOURCE_FILE_DEFAULT);
  g_assert_cmpstr (td_settings_get_origin (settings, "aws_region"), ==, "037-okta_auth-values.ini [default]");
  g_assert_cmpstr (td_settings_get (settings, "okta_aws_app_url"), ==, APP_URL);
  g_assert_cmpint (td_settings_get_source (settings, "okta_aws_app_url"), ==, TD_SETTING_SOURCE_FILE_PROFILE);
  g_assert_cmpstr (td_settings_get_origin (settings, "okta_aws_app_url"), ==, "037-okta_auth-values.ini [prod]");
}

static void
test_password_literal (void)
{
  g_autofree char *path = td_test_data_path ("037-okta_auth-values.ini");
  g_autoptr(TdSettings) settings = load_ok (path, "prod");
  g_autoptr(GError) error = NULL;

  /* No % interpolation, no comment cutting, no escapes, trailing space trimmed. */
  g_assert_cmpstr (td_settings_get (settings, "okta_password"), ==, "50%off;#not-a-comment\\x41");
  g_assert_true (td_settings_validate (settings, &error));
  g_assert_no_error (error);
}

static void
test_dev_quotes_and_comment (void)
{
  g_autofree char *path = td_test_data_path ("037-okta_auth-values.ini");
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autoptr(GError) error = NULL;

  g_test_expect_message (LIBRARY_DOMAIN, G_LOG_LEVEL_WARNING, "*quotes*okta_username*okta_auth-values.ini [dev]*");
  td_settings_load_file (settings, path, "dev", &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_cmpstr (td_settings_get (settings, "okta_username"), ==, "jane.doe@acme.example");
  g_assert_cmpstr (td_settings_get (settings, "mfa_method"), ==, "token:software:totp");
  g_assert_false (td_settings_validate (settings, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "okta_aws_app_url"));
  g_assert_nonnull (strstr (error->message, "Inline comments are not allowed"));
  g_assert_cmpint (td_error_get_exit_status (error), ==, TD_EXIT_CONFIG);
}

static void
test_password_quotes_kept (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir, "[default]\nokta_password = \"quoted\"\n"
                                                  "mfa_method = 'push'\n");
  g_autoptr(TdSettings) settings = NULL;

  g_test_expect_message (LIBRARY_DOMAIN, G_LOG_LEVEL_WARNING, "*quotes*mfa_method*");
  settings = load_ok (path, NULL);
  g_test_assert_expected_messages ();

  g_assert_cmpstr (td_settings_get (settings, "okta_password"), ==, "\"quoted\"");
  g_assert_cmpstr (td_settings_get (settings, "mfa_method"), ==, "push");
  td_test_rm_rf (tmpdir);
}

static void
test_profile_case_sensitive (void)
{
  g_autofree char *path = td_test_data_path ("037-okta_auth-values.ini");
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (td_settings_load_file (settings, path, "Prod", &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "[Prod]"));
  g_assert_nonnull (strstr (error->message, "default, prod, dev"));
  g_assert_null (td_settings_get (settings, "okta_username"));
}

static void
test_missing_file (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (tmpdir, "okta_auth", NULL);
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (td_settings_load_file (settings, path, "default", &error));
  g_assert_no_error (error);
  g_assert_false (td_settings_load_file (settings, path, "prod", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "--configure"));
  td_test_rm_rf (tmpdir);
}

static void
assert_app_url_rejected (const char *url,
                         const char *expected)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (td_settings_check_app_url (url, "--okta-aws-app-url", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "--okta-aws-app-url"));
}

static void
test_org_url_rejected (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir, "[default]\nokta_aws_app_url = https://acme.okta.com/\n"
                                                  "okta_username = jane.doe@acme.example\n");
  g_autoptr(TdSettings) settings = load_ok (path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (td_settings_validate (settings, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "is the Okta org URL, not the link of the AWS app"));
  g_assert_nonnull (strstr (error->message, "https://<org>/home/amazon_aws/<app-id>/<number>"));
  g_assert_null (strstr (error->message, "password"));
  g_assert_cmpint (td_error_get_exit_status (error), ==, TD_EXIT_CONFIG);

  assert_app_url_rejected ("https://acme.okta.com", "is the Okta org URL");
  td_test_rm_rf (tmpdir);
}

static void
test_app_url_rejected (void)
{
  assert_app_url_rejected ("http://acme.okta.com/home/amazon_aws/0oa1/272", "must start with https://");
  assert_app_url_rejected ("https://acme.okta.com/home/amazon_aws/0oa1/272 ; tile", "Inline comments are not allowed");
  assert_app_url_rejected ("https://acme.okta.com/home/amazon_aws/0oa1/272\nmore", "white space");
  assert_app_url_rejected ("acme.okta.com/home/amazon_aws/0oa1/272", "not a valid URL");
  assert_app_url_rejected ("https:///home/amazon_aws/0oa1/272", "not a valid URL");
}

static void
test_app_url_accepted (void)
{
  const char *urls[] = {
    APP_URL,
    APP_URL "?fromHome=true",
    APP_URL "/",
    "https://acme.okta.com/home/amazon_aws_govcloud/0oa1a2b3c4d5e6f7g8h9/123",
    "https://acme.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml",
    "https://login.acme.example:8443/home/amazon_aws/0oa1a2b3c4d5e6f7g8h9/272",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (td_settings_check_app_url (urls[i], "test", &error));
      g_assert_no_error (error);
    }
}

static void
test_app_url_unusual_path (void)
{
  g_autoptr(GError) error = NULL;

  g_test_expect_message (LIBRARY_DOMAIN, G_LOG_LEVEL_WARNING, "*/home/custom_aws/0oa1/272*not a usual AWS app link*");
  g_assert_true (td_settings_check_app_url ("https://acme.okta.com/home/custom_aws/0oa1/272", "test", &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
}

static void
test_org_url_derived (void)
{
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autofree char *org = NULL;
  g_autofree char *org_with_port = NULL;

  g_assert_null (td_settings_dup_org_url (settings));
  td_settings_set (settings, "okta_aws_app_url", APP_URL "?fromHome=true", TD_SETTING_SOURCE_FILE_PROFILE, "file");
  org = td_settings_dup_org_url (settings);
  g_assert_cmpstr (org, ==, "https://acme.okta.com");

  td_settings_set (settings, "okta_aws_app_url", "https://127.0.0.1:8443/home/amazon_aws/0oa1/1",
                   TD_SETTING_SOURCE_COMMAND_LINE, "--okta-aws-app-url");
  org_with_port = td_settings_dup_org_url (settings);
  g_assert_cmpstr (org_with_port, ==, "https://127.0.0.1:8443");
}

static void
test_precedence_table (void)
{
  static const TdSettingSource sources[] = {
    TD_SETTING_SOURCE_FILE_DEFAULT, TD_SETTING_SOURCE_FILE_PROFILE,
    TD_SETTING_SOURCE_ENVIRONMENT, TD_SETTING_SOURCE_COMMAND_LINE,
  };
  static const char * const values[] = { "file-default", "file-profile", "environment", "command-line" };

  /* Every subset of sources, applied in both orders: the highest one wins. */
  for (guint mask = 1; mask < 16; mask++)
    {
      for (int reverse = 0; reverse < 2; reverse++)
        {
          g_autoptr(TdSettings) settings = td_settings_new ();
          guint highest = 0;

          for (guint n = 0; n < 4; n++)
            {
              guint i = reverse ? 3 - n : n;

              if ((mask & (1u << i)) == 0)
                continue;
              td_settings_set (settings, "role_arn", values[i], sources[i], values[i]);
              highest = MAX (highest, i);
            }

          g_assert_cmpstr (td_settings_get (settings, "role_arn"), ==, values[highest]);
          g_assert_cmpint (td_settings_get_source (settings, "role_arn"), ==, sources[highest]);
          g_assert_cmpstr (td_settings_get_origin (settings, "role_arn"), ==, values[highest]);
        }
    }
}

static void
test_empty_values_unset (void)
{
  g_autoptr(TdSettings) settings = td_settings_new ();

  g_assert_false (td_settings_set (settings, "aws_profile", "", TD_SETTING_SOURCE_COMMAND_LINE, "--aws-profile"));
  g_assert_false (td_settings_set (settings, "aws_profile", NULL, TD_SETTING_SOURCE_COMMAND_LINE, "--aws-profile"));
  g_assert_null (td_settings_get (settings, "aws_profile"));
  g_assert_cmpint (td_settings_get_source (settings, "aws_profile"), ==, TD_SETTING_SOURCE_NONE);
}

static void
test_aws_profile_from_environment (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir, "[default]\naws_profile = qa\n");
  const char *staging[] = { "AWS_PROFILE=staging", NULL };
  const char *default_env[] = { "AWS_PROFILE=default", NULL };
  g_autoptr(TdSettings) from_file = load_ok (path, NULL);
  g_autoptr(TdSettings) from_env = load_ok (path, NULL);
  g_autoptr(TdSettings) from_flag = load_ok (path, NULL);

  g_assert_cmpstr (td_settings_get (from_file, "aws_profile"), ==, "qa");

  td_settings_load_environment (from_env, staging);
  g_assert_cmpstr (td_settings_get (from_env, "aws_profile"), ==, "staging");
  g_assert_cmpstr (td_settings_get_origin (from_env, "aws_profile"), ==, "AWS_PROFILE");

  td_settings_set (from_flag, "aws_profile", "dev", TD_SETTING_SOURCE_COMMAND_LINE, "--aws-profile");
  td_settings_load_environment (from_flag, default_env);
  g_assert_cmpstr (td_settings_get (from_flag, "aws_profile"), ==, "dev");
  g_assert_cmpstr (td_settings_get_origin (from_flag, "aws_profile"), ==, "--aws-profile");
  td_test_rm_rf (tmpdir);
}

static void
test_environment_names (void)
{
  const char *envp[] = {
    "OKTA_USERNAME=one@acme.example",
    "TOKENDITO_OKTA_USERNAME=two@acme.example",
    "OKTA_PASSWORD=from-1x",
    "TOKENDITO_OKTA_PASSWORD=",
    "TOKENDITO_OKTA_TILE=" APP_URL,
    "TOKENDITO_OKTA_MFA=push",
    "TOKENDITO_OKTA_MFA_RESPONSE=123456",
    "TOKENDITO_AWS_ROLE_ARN=arn:aws:iam::123456789012:role/Admin",
    "AWS_REGION=eu-west-1",
    "TOKENDITO_AWS_OUTPUT=text",
    "CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt",
    "TOKENDITO_USER_LOGLEVEL=DEBUG",
    "okta_username=lower-case-is-not-read",
    NULL,
  };
  g_autoptr(TdSettings) settings = td_settings_new ();

  td_settings_load_environment (settings, envp);

  g_assert_cmpstr (td_settings_get (settings, "okta_username"), ==, "two@acme.example");
  g_assert_cmpstr (td_settings_get_origin (settings, "okta_username"), ==, "TOKENDITO_OKTA_USERNAME");
  g_assert_cmpstr (td_settings_get (settings, "okta_password"), ==, "from-1x");
  g_assert_cmpstr (td_settings_get (settings, "okta_aws_app_url"), ==, APP_URL);
  g_assert_cmpstr (td_settings_get (settings, "mfa_method"), ==, "push");
  g_assert_cmpstr (td_settings_get (settings, "mfa_response"), ==, "123456");
  g_assert_cmpstr (td_settings_get (settings, "role_arn"), ==, "arn:aws:iam::123456789012:role/Admin");
  g_assert_cmpstr (td_settings_get (settings, "aws_region"), ==, "eu-west-1");
  g_assert_cmpstr (td_settings_get_origin (settings, "aws_region"), ==, "AWS_REGION");
  g_assert_cmpstr (td_settings_get (settings, "aws_output"), ==, "text");
  g_assert_cmpstr (td_settings_get (settings, "ca_bundle"), ==, "/etc/ssl/certs/ca-certificates.crt");
  g_assert_cmpstr (td_settings_get (settings, "loglevel"), ==, "DEBUG");
  g_assert_cmpint (td_settings_get_source (settings, "loglevel"), ==, TD_SETTING_SOURCE_ENVIRONMENT);
}

static void
test_names_2x_in_file (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir,
                                          "[default]\nOKTA_TILE = " APP_URL "\nokta_mfa = push\n"
                                          "okta_mfa_response = 123456\naws_role_arn = arn:aws:iam::1:role/A\n"
                                          "[both]\nokta_aws_app_url = https://one.okta.com/home/amazon_aws/0oa1/1\n"
                                          "okta_tile = https://two.okta.com/home/amazon_aws/0oa2/2\n");
  g_autoptr(TdSettings) settings = load_ok (path, NULL);
  g_autoptr(TdSettings) both = load_ok (path, "both");

  g_assert_cmpstr (td_settings_get (settings, "okta_aws_app_url"), ==, APP_URL);
  g_assert_cmpstr (td_settings_get (settings, "mfa_method"), ==, "push");
  g_assert_cmpstr (td_settings_get (settings, "mfa_response"), ==, "123456");
  g_assert_cmpstr (td_settings_get (settings, "role_arn"), ==, "arn:aws:iam::1:role/A");
  g_assert_cmpstr (td_settings_get (both, "okta_aws_app_url"), ==, "https://one.okta.com/home/amazon_aws/0oa1/1");
  td_test_rm_rf (tmpdir);
}

static void
test_unknown_key_warned (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir, "[default]\nokta_usrname = jane\n");
  g_autoptr(TdSettings) settings = NULL;

  g_test_expect_message (LIBRARY_DOMAIN, G_LOG_LEVEL_WARNING, "*unknown setting okta_usrname*line 2*");
  settings = load_ok (path, NULL);
  g_test_assert_expected_messages ();

  g_assert_null (td_settings_get (settings, "okta_username"));
  td_test_rm_rf (tmpdir);
}

static void
assert_load_error (const char *contents,
                   gsize       length,
                   const char *expected)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (tmpdir, "okta_auth", NULL);
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  g_assert_false (td_settings_load_file (settings, path, NULL, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_null (strstr (error->message, "hunter2"));
  td_test_rm_rf (tmpdir);
}

#define ASSERT_LOAD_ERROR(literal, expected) \
  assert_load_error (literal, sizeof (literal) - 1, expected)

static void
test_malformed_files (void)
{
  ASSERT_LOAD_ERROR ("[default]\nokta_password = hunter2\0\n", "line 2 contains a NUL byte");
  ASSERT_LOAD_ERROR ("[default]\nokta_password = hunter2\xFF\n", "line 2 is not valid UTF-8");
  ASSERT_LOAD_ERROR ("\xEF\xBB\xBF[default]\nokta_password = hunter2\n", "byte order mark");
  ASSERT_LOAD_ERROR ("okta_password = hunter2\n", "line 1 has a key before the first section header");
  ASSERT_LOAD_ERROR ("[default]\nokta_password hunter2\n", "line 2 is not a section header");
  ASSERT_LOAD_ERROR ("[default]\na = 1\n[prod]\n[default]\n", "section [default] twice, at lines 1 and 4");
  ASSERT_LOAD_ERROR ("[default]\nokta_password = hunter2\nOKTA_PASSWORD = hunter2\n",
                     "sets okta_password twice in [default], at lines 2 and 3");
}

static void
test_validate_values (void)
{
  const struct {
    const char *key;
    const char *value;
    const char *expected;
  } cases[] = {
    { "aws_profile", "my profile", "aws_profile (from test): Invalid AWS profile name" },
    { "aws_profile", "x]\n[default", "Invalid AWS profile name" },
    { "role_arn", "Admin", "not an IAM role ARN" },
    { "loglevel", "verbose", "loglevel (from test) is invalid" },
    { "ca_bundle", "/nonexistent/ca.pem", "/nonexistent/ca.pem, which is not a file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdSettings) settings = td_settings_new ();
      g_autoptr(GError) error = NULL;

      td_settings_set (settings, "okta_password", "CANARY-secret", TD_SETTING_SOURCE_COMMAND_LINE, "test");
      td_settings_set (settings, cases[i].key, cases[i].value, TD_SETTING_SOURCE_COMMAND_LINE, "test");
      g_assert_false (td_settings_validate (settings, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_null (strstr (error->message, "CANARY"));
    }
}

static void
test_save_keeps_comments (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir,
                                          "# okta_auth of jane\n[default]\nokta_username = jane\n"
                                          "; the old tile\nokta_aws_app_url = https://old.okta.com/home/amazon_aws/0oa0/1\n"
                                          "\n[prod]\nmfa_method = push\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TdSettings) settings = NULL;
  g_auto(GStrv) profiles = NULL;
  const char *keys[] = { "okta_aws_app_url", "okta_username", NULL };
  const char *values[] = { APP_URL, "jane.doe@acme.example", NULL };
  const char *expected_profiles[] = { "default", "prod", "new", NULL };
  struct stat st;

  td_settings_save_profile (path, "default", keys, values, &error);
  g_assert_no_error (error);
  td_settings_save_profile (path, "new", keys, values, &error);
  g_assert_no_error (error);

  {
    g_autofree char *contents = td_test_read_file (path);

    g_assert_cmpstr (contents, ==,
                     "# okta_auth of jane\n[default]\nokta_username = jane.doe@acme.example\n"
                     "; the old tile\nokta_aws_app_url = " APP_URL "\n"
                     "\n[prod]\nmfa_method = push\n"
                     "\n[new]\nokta_aws_app_url = " APP_URL "\nokta_username = jane.doe@acme.example\n");
  }
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);

  settings = load_ok (path, "prod");
  g_assert_cmpstr (td_settings_get (settings, "okta_aws_app_url"), ==, APP_URL);
  profiles = td_settings_list_profiles (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (profiles, expected_profiles);
  td_test_rm_rf (tmpdir);
}

static void
test_save_new_file (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (tmpdir, ".aws", "okta_auth", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *keys[] = { "okta_aws_app_url", NULL };
  const char *values[] = { APP_URL, NULL };

  td_settings_save_profile (path, "default", keys, values, &error);
  g_assert_no_error (error);

  contents = td_test_read_file (path);
  g_assert_cmpstr (contents, ==, "[default]\nokta_aws_app_url = " APP_URL "\n");
  td_test_rm_rf (tmpdir);
}

static void
test_save_rejected (void)
{
  g_autofree char *tmpdir = td_test_make_tmpdir ();
  g_autofree char *path = write_settings (tmpdir, "[default]\n");
  const char *bad_keys[] = { "okta_org", NULL };
  const char *bad_values[] = { "x", NULL };
  const char *keys[] = { "okta_password", NULL };
  const char *newline_values[] = { "CANARY\n[default]", NULL };
  g_autofree char *contents = NULL;

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (td_settings_save_profile (path, "default", bad_keys, bad_values, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (td_settings_save_profile (path, "default", keys, newline_values, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
    g_assert_null (strstr (error->message, "CANARY"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (td_settings_save_profile (path, "a]\n[default", keys, bad_values, &error));
    g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  }

  contents = td_test_read_file (path);
  g_assert_cmpstr (contents, ==, "[default]\n");
  td_test_rm_rf (tmpdir);
}

/* The example file at the top of the source tree must load and validate. */
static void
test_example_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "okta_auth.example", NULL);
  g_autoptr(TdSettings) settings = load_ok (path, "my_prod_okta_tile");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = td_settings_list_profiles (path, &error);
  const char *expected_profiles[] = { "default", "my_prod_okta_tile", NULL };

  g_assert_no_error (error);
  g_assert_cmpstrv (profiles, expected_profiles);
  g_assert_cmpstr (td_settings_get (settings, "okta_username"), ==, "jane.doe@acme.example");
  g_assert_cmpstr (td_settings_get (settings, "okta_aws_app_url"), ==,
                   "https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272?fromHome=true");
  g_assert_null (td_settings_get (settings, "okta_password"));
  g_assert_true (td_settings_validate (settings, &error));
  g_assert_no_error (error);
}

static void
test_list_profiles_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = td_settings_list_profiles ("/nonexistent/okta_auth", &error);

  g_assert_no_error (error);
  g_assert_nonnull (profiles);
  g_assert_cmpuint (g_strv_length (profiles), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/file/profile-inherits-default", test_profile_inherits_default);
  g_test_add_func ("/settings/file/password-literal", test_password_literal);
  g_test_add_func ("/settings/file/quotes-and-inline-comment", test_dev_quotes_and_comment);
  g_test_add_func ("/settings/file/password-quotes-kept", test_password_quotes_kept);
  g_test_add_func ("/settings/file/profile-case-sensitive", test_profile_case_sensitive);
  g_test_add_func ("/settings/file/missing", test_missing_file);
  g_test_add_func ("/settings/file/names-2x", test_names_2x_in_file);
  g_test_add_func ("/settings/file/unknown-key", test_unknown_key_warned);
  g_test_add_func ("/settings/file/malformed", test_malformed_files);
  g_test_add_func ("/settings/url/org-url-rejected", test_org_url_rejected);
  g_test_add_func ("/settings/url/rejected", test_app_url_rejected);
  g_test_add_func ("/settings/url/accepted", test_app_url_accepted);
  g_test_add_func ("/settings/url/unusual-path", test_app_url_unusual_path);
  g_test_add_func ("/settings/url/org-url-derived", test_org_url_derived);
  g_test_add_func ("/settings/precedence/table", test_precedence_table);
  g_test_add_func ("/settings/precedence/empty-unset", test_empty_values_unset);
  g_test_add_func ("/settings/environment/aws-profile", test_aws_profile_from_environment);
  g_test_add_func ("/settings/environment/names", test_environment_names);
  g_test_add_func ("/settings/validate/values", test_validate_values);
  g_test_add_func ("/settings/configure/keeps-comments", test_save_keeps_comments);
  g_test_add_func ("/settings/configure/new-file", test_save_new_file);
  g_test_add_func ("/settings/configure/rejected", test_save_rejected);
  g_test_add_func ("/settings/profiles/missing-file", test_list_profiles_missing);
  g_test_add_func ("/settings/file/example", test_example_file);

  return g_test_run ();
}
