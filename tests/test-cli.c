/* test-cli.c: end-to-end runs of the tokendito command against the sandbox
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "td-test-sandbox.h"
#include "td-test-utils.h"

#define PASSWORD "correct horse battery staple"
#define AWS_CLI "/usr/bin/aws"

typedef struct {
  TdTestSandbox *sandbox;
  char          *tmpdir;
  char          *credentials;
  char          *config;
  char          *settings;
  GStrv          env;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
cli_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "tokendito", NULL);

  return path;
}

static void
fixture_set_up_with (Fixture    *fixture,
                     const char *sandbox_arg)
{
  g_autofree char *home = NULL;
  g_autofree char *endpoint = NULL;

  fixture->sandbox = td_test_sandbox_start (sandbox_arg, NULL);
  fixture->tmpdir = td_test_make_tmpdir ();
  home = g_build_filename (fixture->tmpdir, "home", NULL);
  g_mkdir_with_parents (home, 0700);
  fixture->credentials = g_build_filename (fixture->tmpdir, "aws", "credentials", NULL);
  fixture->config = g_build_filename (fixture->tmpdir, "aws", "config", NULL);
  fixture->settings = g_build_filename (fixture->tmpdir, "okta_auth", NULL);
  endpoint = g_strdup_printf ("%s/", td_test_sandbox_get_url (fixture->sandbox));

  /* A clean environment: nothing of the developer's own AWS or Okta
   * settings reaches the command. */
  fixture->env = g_environ_setenv (NULL, "PATH", "/usr/bin:/bin", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "HOME", home, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "LC_ALL", "C.UTF-8", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "TZ", "UTC", TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_SHARED_CREDENTIALS_FILE", fixture->credentials, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_CONFIG_FILE", fixture->config, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "AWS_ENDPOINT_URL_STS", endpoint, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "OKTA_PASSWORD", PASSWORD, TRUE);
  fixture->env = g_environ_setenv (fixture->env, "TOKENDITO_PUSH_POLL_INTERVAL", "1000", TRUE);
  if (g_getenv ("G_SLICE") != NULL)
    fixture->env = g_environ_setenv (fixture->env, "G_SLICE", g_getenv ("G_SLICE"), TRUE);
  for (const char *const *name = (const char *const[]) { "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", NULL };
       *name != NULL; name++)
    if (g_getenv (*name) != NULL)
      fixture->env = g_environ_setenv (fixture->env, *name, g_getenv (*name), TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->sandbox, td_test_sandbox_stop);
  td_test_rm_rf (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->credentials);
  g_free (fixture->config);
  g_free (fixture->settings);
  g_strfreev (fixture->env);
}

static char *
app_url (Fixture    *fixture,
         const char *app)
{
  return g_strdup_printf ("%s/home/amazon_aws/%s/272", td_test_sandbox_get_url (fixture->sandbox), app);
}

/* Runs the command with stdin from /dev/null (no terminal) and the
 * sandbox's CA trusted, then the arguments given, NULL-terminated. */
static void
run_cli (Fixture    *fixture,
         Run        *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, g_strdup (cli_path ()));
  g_ptr_array_add (argv, g_strdup ("--ca-bundle"));
  g_ptr_array_add (argv, g_strdup (td_test_sandbox_get_ca_file (fixture->sandbox)));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, fixture->env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : 128 + WTERMSIG (run->status);

  if (g_test_verbose ())
    g_printerr ("--- exit %d\n--- stdout\n%s--- stderr\n%s", run->status, run->out, run->err);
}

static char *
read_key (const char *path,
          const char *section,
          const char *key)
{
  g_autofree char *contents = td_test_read_file (path);
  g_auto(GStrv) lines = NULL;
  g_autofree char *header = g_strdup_printf ("[%s]", section);
  gboolean inside = FALSE;

  if (contents == NULL)
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (lines[i][0] == '[')
        {
          inside = g_str_equal (g_strstrip (lines[i]), header);
          continue;
        }
      if (!inside)
        continue;

      parts = g_strsplit (lines[i], "=", 2);
      if (parts[0] != NULL && parts[1] != NULL && g_str_equal (g_strstrip (parts[0]), key))
        return g_strdup (g_strstrip (parts[1]));
    }

  return NULL;
}

static char *
run_aws_cli (Fixture    *fixture,
             const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_strdupv (fixture->env);
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  env = g_environ_setenv (env, "AWS_CA_BUNDLE", td_test_sandbox_get_ca_file (fixture->sandbox), TRUE);
  env = g_environ_unsetenv (env, "AWS_ENDPOINT_URL_STS");
  env = g_environ_setenv (env, "AWS_PAGER", "", TRUE);
  g_ptr_array_add (argv, (char *) AWS_CLI);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("aws failed: %s\n", err);

  return g_strstrip (out);
}

static void
test_totp_writes_profile (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *region = NULL;
  g_autofree char *output = NULL;
  struct stat info;

  run_cli (fixture, &run, "-u", "totp@example.com", "-ou", url, "-mm", "token:software:totp",
           "-mr", "123456", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Wrote AWS profile Engineer"));

  key = read_key (fixture->credentials, "Engineer", "aws_access_key_id");
  secret = read_key (fixture->credentials, "Engineer", "aws_secret_access_key");
  token = read_key (fixture->credentials, "Engineer", "aws_session_token");
  expires = read_key (fixture->credentials, "Engineer", "x_security_token_expires");
  region = read_key (fixture->config, "profile Engineer", "region");
  output = read_key (fixture->config, "profile Engineer", "output");
  g_assert_true (g_str_has_prefix (key, "ASIA"));
  g_assert_nonnull (secret);
  g_assert_nonnull (token);
  g_assert_nonnull (expires);
  g_assert_cmpstr (region, ==, "us-east-1");
  g_assert_cmpstr (output, ==, "json");

  g_assert_cmpint (stat (fixture->credentials, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  /* The whole job takes five requests on one TLS connection: authn,
   * verify, the session redirect, the tile and STS. */
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "requests"), ==, 5);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "connections"), ==, 1);
}

static void
test_aws_cli_reads_profile (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *aws_key = NULL;
  g_autofree char *aws_region = NULL;
  g_autofree char *identity = NULL;

  if (!g_file_test (AWS_CLI, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("Debian's awscli is not installed");
      return;
    }

  run_cli (fixture, &run, "-u", "totp@example.com", "-ou", url, "-mm", "token:software:totp",
           "-mr", "123456", "--aws-profile", "dev", "--aws-region", "eu-west-1", NULL);
  g_assert_cmpint (run.status, ==, 0);

  key = read_key (fixture->credentials, "dev", "aws_access_key_id");
  aws_key = run_aws_cli (fixture, "configure", "get", "aws_access_key_id", "--profile", "dev", NULL);
  aws_region = run_aws_cli (fixture, "configure", "get", "region", "--profile", "dev", NULL);
  g_assert_cmpstr (aws_key, ==, key);
  g_assert_cmpstr (aws_region, ==, "eu-west-1");

  /* The sandbox checks the key, the session token and the signature. */
  identity = run_aws_cli (fixture, "sts", "get-caller-identity", "--profile", "dev",
                          "--endpoint-url", td_test_sandbox_get_url (fixture->sandbox),
                          "--output", "text", "--query", "Arn", NULL);
  g_assert_cmpstr (identity, ==, "arn:aws:sts::123456789012:assumed-role/Engineer/totp@example.com");
}

static void
test_push_number_challenge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonArray) requests = NULL;
  const char *first;
  gint64 last_poll = -1;
  guint polls = 0;

  run_cli (fixture, &run, "-u", "challenge@example.com", "-ou", url, "-mm", "push", NULL);

  g_assert_cmpint (run.status, ==, 0);
  first = strstr (run.err, "choose 47");
  g_assert_nonnull (first);
  g_assert_null (strstr (first + 1, "choose 47"));

  /* Polls are at least a second apart. */
  requests = td_test_sandbox_dup_requests (fixture->sandbox);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      gint64 time_ms = json_object_get_int_member (request, "time_ms");

      if (!g_str_has_suffix (json_object_get_string_member (request, "path"), "/verify"))
        continue;
      if (last_poll >= 0)
        g_assert_cmpint (time_ms - last_poll, >=, 1000);
      last_poll = time_ms;
      polls++;
    }
  g_assert_cmpuint (polls, ==, 4);
}

static void
test_push_rejected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "reject@example.com", "-ou", url, "-mm", "push", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "rejected"));
  g_assert_false (g_file_test (fixture->credentials, G_FILE_TEST_EXISTS));
}

static void
test_push_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "timeout@example.com", "-ou", url, "-mm", "push", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "timed out"));
}

static void
test_push_lost_poll (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "flaky@example.com", "-ou", url, "-mm", "push", NULL);

  g_assert_cmpint (run.status, ==, 0);
}

static void
test_push_interrupted (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  const char *argv[] = { cli_path (), "--ca-bundle", td_test_sandbox_get_ca_file (fixture->sandbox),
                         "-u", "push@example.com", "-ou", url, "-mm", "push", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;

  g_spawn_async (NULL, (char **) argv, fixture->env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* Wait until the push is pending, then interrupt as Ctrl-C does. */
  for (guint i = 0; i < 100 && td_test_sandbox_get_stat (fixture->sandbox, "requests") < 2; i++)
    g_usleep (50 * 1000);
  kill (pid, SIGINT);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 130);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "cancelled"), ==, 1);
}

static void
test_account_states (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *user;
    int         status;
    const char *message;
  } cases[] = {
    { "expired@example.com", 1, "has expired" },
    { "locked@example.com", 1, "locked out" },
    { "enroll@example.com", 1, "no MFA factor enrolled" },
    { "weird@example.com", 1, "SOMETHING_NEW" },
    { "ratelimit@example.com", 1, "rate limit" },
    { "html@example.com", 1, "not a JSON object" },
    { "empty@example.com", 1, "(empty)" },
    { "nobody@example.com", 1, "rejected the user name or password" },
  };
  g_autofree char *url = app_url (fixture, "0oademo");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      g_test_message ("user %s", cases[i].user);
      run_cli (fixture, &run, "-u", cases[i].user, "-ou", url, NULL);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_null (strstr (run.err, PASSWORD));
    }

  g_assert_false (g_file_test (fixture->credentials, G_FILE_TEST_EXISTS));
}

static void
test_password_warn (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "warn@example.com", "-ou", url, "-mr", "123456", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "expires in 3 days"));
}

static void
test_mfa_ambiguous (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };
  g_auto(Run) provider = { 0 };
  g_auto(Run) hardware = { 0 };

  run_cli (fixture, &run, "-u", "twopush@example.com", "-ou", url, "-mm", "push", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "opf1a2b3c4d5e6f7g8h9"));
  g_assert_nonnull (strstr (run.err, "opf9z8y7x6w5v4u3t2s1"));

  run_cli (fixture, &provider, "-u", "twopush@example.com", "-ou", url, "-mm", "OKTA", NULL);
  g_assert_cmpint (provider.status, ==, 2);
  g_assert_nonnull (strstr (provider.err, "is a provider"));

  run_cli (fixture, &hardware, "-u", "twopush@example.com", "-ou", url, "-mm", "token:hardware",
           "-mr", "cccccbhkevejEXAMPLE", NULL);
  g_assert_cmpint (hardware.status, ==, 0);
}

static void
test_totp_invalid_code (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) wrong = { 0 };
  g_auto(Run) malformed = { 0 };

  run_cli (fixture, &wrong, "-u", "totp@example.com", "-ou", url, "-mr", "000000", NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "doesn't match our records"));

  run_cli (fixture, &malformed, "-u", "totp@example.com", "-ou", url, "-mr", "0123a5", NULL);
  g_assert_cmpint (malformed.status, ==, 1);
  g_assert_nonnull (strstr (malformed.err, "6 to 8 digits"));
}

static void
test_sms_rate_limit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "sms429@example.com", "-ou", url, "-mm", "sms", "-mr", "654321", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "sent recently"));
}

static void
test_roles (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oamulti");
  g_auto(Run) listing = { 0 };
  g_auto(Run) admin = { 0 };
  g_autofree char *token = NULL;

  run_cli (fixture, &listing, "-u", "nomfa@example.com", "-ou", url, NULL);
  g_assert_cmpint (listing.status, ==, 2);
  g_assert_nonnull (strstr (listing.err, "--role-arn arn:aws:iam::123456789012:role/ReadOnly"));
  g_assert_nonnull (strstr (listing.err, "--role-arn arn:aws:iam::123456789012:role/Admin"));
  g_assert_nonnull (strstr (listing.err, "--role-arn arn:aws:iam::210987654321:role/teams/platform/Deployer"));

  /* Admin allows one hour; the assertion allows eight. */
  run_cli (fixture, &admin, "-u", "nomfa@example.com", "-ou", url,
           "-R", "arn:aws:iam::123456789012:role/Admin", NULL);
  g_assert_cmpint (admin.status, ==, 0);
  g_assert_nonnull (strstr (admin.out, "shortened to 3600 s"));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "sts_calls"), ==, 4);
  token = read_key (fixture->credentials, "Admin", "aws_session_token");
  g_assert_nonnull (token);
}

static void
test_app_pages (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *app;
    int         status;
    const char *message;
  } cases[] = {
    { "0oafederation", 1, "federation" },
    { "0oasecondfactor", 1, "another factor" },
    { "0oanoroles", 2, "AWS role/provider pair" },
    { "0oadenied", 1, "AccessDenied" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = app_url (fixture, cases[i].app);
      g_auto(Run) run = { 0 };

      g_test_message ("app %s", cases[i].app);
      run_cli (fixture, &run, "-u", "nomfa@example.com", "-ou", url, NULL);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_null (strstr (run.err, "password"));
    }

  g_assert_false (g_file_test (fixture->credentials, G_FILE_TEST_EXISTS));
}

static void
test_partitions (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *gov = app_url (fixture, "0oagov");
  g_auto(Run) run = { 0 };
  g_auto(Run) mismatch = { 0 };
  g_autofree char *region = NULL;

  run_cli (fixture, &run, "-u", "nomfa@example.com", "-ou", gov, "-ap", "gov", NULL);
  g_assert_cmpint (run.status, ==, 0);
  region = read_key (fixture->config, "profile gov", "region");
  g_assert_cmpstr (region, ==, "us-gov-west-1");

  run_cli (fixture, &mismatch, "-u", "nomfa@example.com", "-ou", gov, "-r", "eu-west-1", NULL);
  g_assert_cmpint (mismatch.status, ==, 2);
  g_assert_nonnull (strstr (mismatch.err, "eu-west-1"));
  g_assert_nonnull (strstr (mismatch.err, "aws-us-gov"));
}

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  const char *argv[] = { cli_path (), "-u", "totp@example.com", "-ou", url, "-mr", "123456", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, fixture->env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &out, &err, &status, NULL);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "not trusted"));
  g_assert_nonnull (strstr (err, "--ca-bundle"));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "authn"), ==, 0);
}

static void
test_tls_environment_bundle (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const variables[] = { "SSL_CERT_FILE", "CURL_CA_BUNDLE" };
  g_autofree char *url = app_url (fixture, "0oademo");

  /* The bundles other TLS clients read from the environment are trusted
   * for every host, Okta and STS alike. */
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *argv[] = { cli_path (), "-u", "nomfa@example.com", "-ou", url, NULL };
      g_auto(GStrv) env = g_environ_setenv (g_strdupv (fixture->env), variables[i],
                                            td_test_sandbox_get_ca_file (fixture->sandbox), TRUE);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_test_message ("variable %s", variables[i]);
      g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                    &out, &err, &status, NULL);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_assert_nonnull (strstr (out, "Wrote AWS profile"));
    }
}

static void
test_duplicate_section_before_sign_in (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_autofree char *before = td_test_read_data ("032-duplicate-section.credentials.before.ini", NULL);
  g_autofree char *after = NULL;
  g_auto(Run) run = { 0 };

  td_test_write_file (fixture->credentials, before);

  run_cli (fixture, &run, "-u", "totp@example.com", "-ou", url, "-mr", "123456", "-ap", "Admin", NULL);

  /* The repeated section is found before the password is sent. */
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "lines 1 and 10"));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "authn"), ==, 0);
  after = td_test_read_file (fixture->credentials);
  g_assert_cmpstr (after, ==, before);
}

static void
test_missing_app_url (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) empty = { 0 };

  run_cli (fixture, &run, "-u", "totp@example.com", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No Okta AWS app URL is set"));

  run_cli (fixture, &empty, "-u", "totp@example.com", "-ou", "", NULL);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "requests"), ==, 0);
}

static void
test_configure_new_profile (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_autofree char *input = g_strdup_printf ("%s\njane@example.com\npush\n", url);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { cli_path (), "--configure", "-C", fixture->settings, "-op", "work", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  td_test_write_file (fixture->settings, "# kept comment\n[default]\nokta_username = old@example.com\n");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_environ (launcher, fixture->env);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  contents = td_test_read_file (fixture->settings);
  expected = g_strdup_printf ("# kept comment\n[default]\nokta_username = old@example.com\n\n"
                              "[work]\nokta_aws_app_url = %s\nokta_username = jane@example.com\n"
                              "mfa_method = push\n", url);
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_other_factors (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    const char *user;
    const char *method;
    const char *answer;
  } cases[] = {
    { "google@example.com", "google:token:software:totp", "123 456" },
    { "call@example.com", "call", "654321" },
    { "question@example.com", "question", "fluffy" },
    { "sms@example.com", "sms", "654321" },
  };
  g_autofree char *url = app_url (fixture, "0oademo");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      g_test_message ("user %s", cases[i].user);
      run_cli (fixture, &run, "-u", cases[i].user, "-ou", url, "-mm", cases[i].method,
               "-mr", cases[i].answer, "-ap", cases[i].method, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Wrote AWS profile"));
    }
}

static void
test_off_origin_link (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "offorigin@example.com", "-ou", url, "-mm", "push", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "outside the org"));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "foreign_requests"), ==, 0);
}

static void
test_org_url_rejected (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/", td_test_sandbox_get_url (fixture->sandbox));
  g_auto(Run) run = { 0 };

  run_cli (fixture, &run, "-u", "totp@example.com", "-ou", url, NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "/home/amazon_aws/"));
  g_assert_cmpint (td_test_sandbox_get_stat (fixture->sandbox, "requests"), ==, 0);
}

static void
test_settings_file_profile (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_autofree char *contents = g_strdup_printf ("# team settings\n[default]\nokta_username = totp@example.com\n"
                                               "mfa_method = token:software:totp\n\n[work]\n"
                                               "okta_aws_app_url = %s\naws_profile = qa\n", url);
  g_auto(Run) run = { 0 };
  g_auto(Run) env = { 0 };
  g_autofree char *key = NULL;

  td_test_write_file (fixture->settings, contents);

  run_cli (fixture, &run, "-C", fixture->settings, "-op", "work", "-mr", "123456", NULL);
  g_assert_cmpint (run.status, ==, 0);
  key = read_key (fixture->credentials, "qa", "aws_access_key_id");
  g_assert_nonnull (key);

  /* The command line beats the settings file, and AWS_PROFILE from the
   * environment beats the aws_profile of the settings file. */
  fixture->env = g_environ_setenv (fixture->env, "AWS_PROFILE", "staging", TRUE);
  run_cli (fixture, &env, "-C", fixture->settings, "-op", "work", "-u", "nomfa@example.com", NULL);
  g_assert_cmpint (env.status, ==, 0);
  g_assert_nonnull (strstr (env.out, "staging (name from AWS_PROFILE)"));
}

static void
test_aws_profile_from_environment (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oademo");
  g_auto(Run) run = { 0 };
  g_autofree char *key = NULL;

  fixture->env = g_environ_setenv (fixture->env, "AWS_PROFILE", "staging", TRUE);
  run_cli (fixture, &run, "-u", "nomfa@example.com", "-ou", url, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "staging (name from AWS_PROFILE)"));
  key = read_key (fixture->credentials, "staging", "aws_access_key_id");
  g_assert_nonnull (key);
}

static void
test_secrets_not_logged (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oamulti");
  g_autofree char *log_path = g_build_filename (fixture->tmpdir, "debug.log", NULL);
  g_auto(Run) run = { 0 };
  g_autofree char *log = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token = NULL;
  const char *outputs[3];

  run_cli (fixture, &run, "-u", "totp@example.com", "-ou", url, "-mr", "123456",
           "-R", "arn:aws:iam::123456789012:role/Admin", "--loglevel", "DEBUG", "-o", log_path, NULL);
  g_assert_cmpint (run.status, ==, 0);

  log = td_test_read_file (log_path);
  secret = read_key (fixture->credentials, "Admin", "aws_secret_access_key");
  token = read_key (fixture->credentials, "Admin", "aws_session_token");
  g_assert_nonnull (log);
  g_assert_nonnull (strstr (log, "POST"));
  outputs[0] = log;
  outputs[1] = run.out;
  outputs[2] = run.err;

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_assert_null (strstr (outputs[i], PASSWORD));
      g_assert_null (strstr (outputs[i], secret));
      g_assert_null (strstr (outputs[i], token));
      g_assert_null (strstr (outputs[i], "token="));
      g_assert_null (strstr (outputs[i], "stateToken"));
      g_assert_null (strstr (outputs[i], "SAMLResponse"));
      /* The start of every base64 SAML Response from the sandbox. */
      g_assert_null (strstr (outputs[i], "PD94bWwg"));
    }
}

static void
test_version_and_usage (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Run) version = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (fixture, &version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "tokendito "));

  run_cli (fixture, &bad, "--no-such-option", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--no-such-option"));
}

/* Reads from @fd until @expected shows up or 15 seconds pass. */
static gboolean
wait_for_output (int         fd,
                 GString    *seen,
                 const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (strstr (seen->str, expected) == NULL)
    {
      char buffer[512];
      fd_set set;
      struct timeval wait = { 0, 100 * 1000 };
      ssize_t count;

      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("terminal output so far: %s", seen->str);
          return FALSE;
        }

      FD_ZERO (&set);
      FD_SET (fd, &set);
      if (select (fd + 1, &set, NULL, NULL, &wait) <= 0)
        continue;

      count = read (fd, buffer, sizeof buffer - 1);
      if (count <= 0)
        {
          g_test_message ("terminal closed; output: %s", seen->str);
          return FALSE;
        }
      g_string_append_len (seen, buffer, count);
    }

  return TRUE;
}

static void
test_terminal_prompts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = app_url (fixture, "0oastepup");
  g_autoptr(GString) seen = g_string_new (NULL);
  g_auto(GStrv) env = g_environ_unsetenv (g_strdupv (fixture->env), "OKTA_PASSWORD");
  int terminal;
  int status;
  pid_t pid;

  pid = forkpty (&terminal, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execve (cli_path (), (char *[]) { (char *) cli_path (), "--ca-bundle",
                                        (char *) td_test_sandbox_get_ca_file (fixture->sandbox),
                                        "-u", "push@example.com", "-ou", url, "-mm", "push", NULL },
              env);
      _exit (127);
    }

  /* The password is asked without echo; the step-up page then needs a
   * TOTP code, asked on the terminal too. */
  g_assert_true (wait_for_output (terminal, seen, "Okta password for push@example.com: "));
  g_assert_cmpint (write (terminal, PASSWORD "\n", strlen (PASSWORD) + 1), >, 0);
  /* The step-up offers only a TOTP factor, which "push" does not match,
   * so the factors are listed to choose from. */
  g_assert_true (wait_for_output (terminal, seen, "Enter a number from 1 to 1: "));
  g_assert_cmpint (write (terminal, "1\n", 2), ==, 2);
  g_assert_true (wait_for_output (terminal, seen, "Code from OKTA"));
  g_assert_null (strstr (seen->str, PASSWORD));
  g_assert_cmpint (write (terminal, "123 456\n", 8), ==, 8);
  g_assert_true (wait_for_output (terminal, seen, "Wrote AWS profile"));

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (terminal);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_null (strstr (seen->str, PASSWORD));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

  ADD ("/cli/totp/writes-profile", test_totp_writes_profile);
  ADD ("/cli/totp/invalid-code", test_totp_invalid_code);
  ADD ("/cli/aws-cli/reads-profile", test_aws_cli_reads_profile);
  ADD ("/cli/push/number-challenge", test_push_number_challenge);
  ADD ("/cli/push/rejected", test_push_rejected);
  ADD ("/cli/push/timeout", test_push_timeout);
  ADD ("/cli/push/lost-poll", test_push_lost_poll);
  ADD ("/cli/push/interrupted", test_push_interrupted);
  ADD ("/cli/okta/account-states", test_account_states);
  ADD ("/cli/okta/password-warn", test_password_warn);
  ADD ("/cli/mfa/ambiguous", test_mfa_ambiguous);
  ADD ("/cli/mfa/sms-rate-limit", test_sms_rate_limit);
  ADD ("/cli/mfa/other-factors", test_other_factors);
  ADD ("/cli/roles/list-and-step-down", test_roles);
  ADD ("/cli/app/pages", test_app_pages);
  ADD ("/cli/sts/partitions", test_partitions);
  ADD ("/cli/tls/untrusted", test_tls_untrusted);
  ADD ("/cli/tls/environment-bundle", test_tls_environment_bundle);
  ADD ("/cli/aws-files/duplicate-before-sign-in", test_duplicate_section_before_sign_in);
  ADD ("/cli/okta/off-origin-link", test_off_origin_link);
  ADD ("/cli/settings/org-url-rejected", test_org_url_rejected);
  ADD ("/cli/settings/missing-app-url", test_missing_app_url);
  ADD ("/cli/settings/configure-new-profile", test_configure_new_profile);
  ADD ("/cli/settings/file-profile", test_settings_file_profile);
  ADD ("/cli/settings/aws-profile-from-env", test_aws_profile_from_environment);
  ADD ("/cli/secrets/not-logged", test_secrets_not_logged);
  ADD ("/cli/options/version-and-usage", test_version_and_usage);
  ADD ("/cli/terminal/prompts", test_terminal_prompts);

  return g_test_run ();
}
