/* test-aws-files.c: writing the AWS credentials and config files
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "td-aws-files.h"
#include "td-error.h"
#include "td-ini.h"
#include "td-test-utils.h"

/* The credentials of 008-sts-success.xml. */
#define STS_KEY_ID "ASIA1234567890EXAMPL"
#define STS_SECRET "abcdEXAMPLEsecret/0123456789+abcdEXAMPLE"
#define STS_TOKEN "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleTOKEN+with/slashes+and+plus=="
#define STS_EXPIRES "2024-03-05T15:02:12Z"

typedef struct {
  char             *home;
  char             *aws_dir;
  char             *credentials_path;
  char             *config_path;
  TdAwsCredentials *credentials;
} Fixture;

static TdAwsCredentials *
make_credentials (const char *key_id,
                  const char *secret,
                  const char *token)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  TdAwsCredentials *credentials = td_aws_credentials_new ();

  credentials->access_key_id = g_strdup (key_id);
  credentials->secret_access_key = g_strdup (secret);
  credentials->session_token = g_strdup (token);
  credentials->expiration = g_date_time_new_from_iso8601 (STS_EXPIRES, utc);

  return credentials;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->home = td_test_make_tmpdir ();
  fixture->aws_dir = g_build_filename (fixture->home, ".aws", NULL);
  fixture->credentials_path = g_build_filename (fixture->aws_dir, "credentials", NULL);
  fixture->config_path = g_build_filename (fixture->aws_dir, "config", NULL);
  fixture->credentials = make_credentials (STS_KEY_ID, STS_SECRET, STS_TOKEN);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  td_test_rm_rf (fixture->home);
  g_free (fixture->home);
  g_free (fixture->aws_dir);
  g_free (fixture->credentials_path);
  g_free (fixture->config_path);
  td_aws_credentials_free (fixture->credentials);
}

static TdAwsFilesUpdate
make_update (Fixture    *fixture,
             const char *profile)
{
  TdAwsFilesUpdate update = {
    .credentials_path = fixture->credentials_path,
    .config_path = fixture->config_path,
    .profile = profile,
    .credentials = fixture->credentials,
    .default_region = "us-east-1",
    .default_output = "json",
  };

  return update;
}

static void
write_ok (const TdAwsFilesUpdate *update)
{
  g_autoptr(GError) error = NULL;

  td_aws_files_write (update, &error);
  g_assert_no_error (error);
}

static void
copy_data_file (const char *name,
                const char *path)
{
  g_autofree char *contents = td_test_read_data (name, NULL);

  td_test_write_file (path, contents);
}

static void
assert_file_equals (const char *path,
                    const char *expected)
{
  g_autofree char *contents = td_test_read_file (path);

  g_assert_nonnull (contents);
  g_assert_cmpstr (contents, ==, expected);
}

static guint
get_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);

  return st.st_mode & 07777;
}

/* Inserts the expiry line after the aws_session_token line of @section in
 * @text. The expected files 028-*.after.ini and 033-*.after.ini list only
 * the three standard keys. Our writer also writes x_security_token_expires,
 * the expiry key that saml2aws and gimme-aws-creds write, so the expected
 * text gets that line too. */
static char *
insert_expiry_line (const char *text,
                    const char *section)
{
  g_autofree char *header = g_strdup_printf ("[%s]\n", section);
  const char *start = strstr (text, header);
  const char *token;
  const char *line_end;

  g_assert_nonnull (start);
  token = strstr (start, "aws_session_token = ");
  g_assert_nonnull (token);
  line_end = strchr (token, '\n');
  g_assert_nonnull (line_end);

  return g_strdup_printf ("%.*s\nx_security_token_expires = " STS_EXPIRES "%s",
                          (int) (line_end - text), text, line_end);
}

static void
assert_no_temporary_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".tmp-"));
}

static TdIni *
parse_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  TdIni *ini;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  ini = td_ini_new_from_data (contents, length, &error);
  g_assert_no_error (error);

  return ini;
}

static void
test_comments_preserved (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *after = td_test_read_data ("028-comments.credentials.after.ini", NULL);
  g_autofree char *expected = insert_expiry_line (after, "Admin");
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  copy_data_file ("028-comments.credentials.before.ini", fixture->credentials_path);
  write_ok (&update);

  assert_file_equals (fixture->credentials_path, expected);
  g_assert_cmpuint (get_mode (fixture->credentials_path), ==, 0600);
  assert_no_temporary_files (fixture->aws_dir);
}

static void
test_uppercase_keys (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *after = td_test_read_data ("033-uppercase-keys.credentials.after.ini", NULL);
  g_autofree char *expected = insert_expiry_line (after, "Admin");
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  copy_data_file ("033-uppercase-keys.credentials.before.ini", fixture->credentials_path);
  write_ok (&update);

  assert_file_equals (fixture->credentials_path, expected);
}

static void
test_stale_security_token (Fixture       *fixture,
                           gconstpointer  data)
{
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->credentials_path,
                      "[Admin]\naws_security_token = stale\naws_access_key_id = old\n"
                      "[other]\naws_security_token = keep\n");
  write_ok (&update);

  assert_file_equals (fixture->credentials_path,
                      "[Admin]\naws_access_key_id = " STS_KEY_ID "\n"
                      "aws_secret_access_key = " STS_SECRET "\n"
                      "aws_session_token = " STS_TOKEN "\n"
                      "x_security_token_expires = " STS_EXPIRES "\n"
                      "[other]\naws_security_token = keep\n");
}

static void
test_nested_preserved (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *expected = td_test_read_data ("029-nested.config.after.ini", NULL);
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  update.region = "eu-central-1";
  update.output = "json";
  copy_data_file ("029-nested.config.before.ini", fixture->config_path);
  write_ok (&update);

  assert_file_equals (fixture->config_path, expected);
}

static void
test_duplicate_second_run (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TdAwsCredentials) second = make_credentials ("ASIASECONDRUN0000002", "second/secret", "second+token");
  g_autoptr(TdIni) ini = NULL;
  g_autoptr(GArray) sections = NULL;
  g_auto(GStrv) keys = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->credentials_path, "");
  write_ok (&update);
  update.credentials = second;
  write_ok (&update);

  ini = parse_file (fixture->credentials_path);
  sections = td_ini_find_sections (ini, "Admin");
  g_assert_cmpuint (td_ini_get_n_sections (ini), ==, 1);
  g_assert_cmpuint (sections->len, ==, 1);
  keys = td_ini_dup_keys (ini, 0);
  g_assert_cmpuint (g_strv_length (keys), ==, 4);
  g_assert_cmpstr (td_ini_get_value (ini, 0, "aws_access_key_id"), ==, "ASIASECONDRUN0000002");
  g_assert_cmpstr (td_ini_get_value (ini, 0, "aws_secret_access_key"), ==, "second/secret");
  g_assert_cmpstr (td_ini_get_value (ini, 0, "aws_session_token"), ==, "second+token");
}

/* A repeated section is rejected, not repaired, because picking one copy
 * could drop keys the user still needs. */
static void
test_duplicate_rejected (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *before = td_test_read_data ("032-duplicate-section.credentials.before.ini", NULL);
  g_autoptr(GError) error = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->credentials_path, before);
  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
  g_assert_nonnull (strstr (error->message, "[Admin]"));
  g_assert_nonnull (strstr (error->message, "lines 1 and 10"));
  g_assert_nonnull (strstr (error->message, "AWS CLI cannot read a file with repeated sections"));
  g_assert_cmpint (td_error_get_exit_status (error), ==, TD_EXIT_CONFIG);
  assert_file_equals (fixture->credentials_path, before);
  g_assert_false (g_file_test (fixture->config_path, G_FILE_TEST_EXISTS));
  assert_no_temporary_files (fixture->aws_dir);
}

static void
test_duplicate_config_rejected (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *config = "[profile Admin]\nregion = a\n\n[profile admin]\n\n[profile Admin]\nregion = b\n";
  g_autoptr(GError) error = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->config_path, config);
  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, fixture->config_path));
  g_assert_nonnull (strstr (error->message, "[profile Admin]"));
  g_assert_nonnull (strstr (error->message, "lines 1 and 6"));
  assert_file_equals (fixture->config_path, config);
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
}

static void
assert_no_region_or_output (const char *path)
{
  g_autoptr(TdIni) ini = parse_file (path);

  for (guint s = 0; s < td_ini_get_n_sections (ini); s++)
    {
      g_assert_false (g_str_has_prefix (td_ini_get_section_name (ini, s), "profile "));
      g_assert_null (td_ini_get_value (ini, s, "region"));
      g_assert_null (td_ini_get_value (ini, s, "output"));
    }
}

static void
test_profile_naming (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = td_test_read_data ("035-profile-naming.config.before.ini", NULL);
  g_autofree char *after = td_test_read_data ("035-profile-naming.config.after.ini", NULL);
  TdAwsFilesUpdate update = make_update (fixture, "Admin");
  g_autoptr(TdIni) credentials = NULL;
  struct stat st_before, st_after;

  td_test_write_file (fixture->config_path, before);
  td_test_write_file (fixture->credentials_path, "");
  g_assert_cmpint (stat (fixture->config_path, &st_before), ==, 0);

  /* Run 1: the profile has its own region and output, and none is asked for. */
  write_ok (&update);
  g_assert_cmpint (stat (fixture->config_path, &st_after), ==, 0);
  assert_file_equals (fixture->config_path, before);
  g_assert_cmpuint (st_after.st_ino, ==, st_before.st_ino);

  /* Run 2: a new profile, then the default profile. */
  update.profile = "ReadOnly";
  write_ok (&update);
  update.profile = "default";
  write_ok (&update);

  assert_file_equals (fixture->config_path, after);
  assert_no_region_or_output (fixture->credentials_path);
  credentials = parse_file (fixture->credentials_path);
  g_assert_cmpuint (td_ini_get_n_sections (credentials), ==, 3);
  g_assert_cmpstr (td_ini_get_section_name (credentials, 0), ==, "Admin");
  g_assert_cmpstr (td_ini_get_section_name (credentials, 1), ==, "ReadOnly");
  g_assert_cmpstr (td_ini_get_section_name (credentials, 2), ==, "default");
}

static void
test_default_section_variants (Fixture       *fixture,
                               gconstpointer  data)
{
  TdAwsFilesUpdate update = make_update (fixture, "default");

  td_test_write_file (fixture->config_path, "[profile default]\nregion = us-west-2\n");
  write_ok (&update);
  assert_file_equals (fixture->config_path, "[profile default]\nregion = us-west-2\noutput = json\n");

  td_test_write_file (fixture->config_path, "[profile x]\nregion = us-west-2\n");
  write_ok (&update);
  assert_file_equals (fixture->config_path,
                      "[profile x]\nregion = us-west-2\n\n[default]\noutput = json\nregion = us-east-1\n");
}

static void
test_region_replaced (Fixture       *fixture,
                      gconstpointer  data)
{
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->config_path, "[profile Admin]\nregion = eu-west-1\noutput = table\n");
  update.region = "ap-south-1";
  write_ok (&update);

  assert_file_equals (fixture->config_path, "[profile Admin]\nregion = ap-south-1\noutput = table\n");
}

static void
test_named_profile_default_untouched (Fixture       *fixture,
                                      gconstpointer  data)
{
  const char *original = "[default]\naws_access_key_id = AKIAEXAMPLEDEFAULT01\n"
                         "aws_secret_access_key = defaultEXAMPLEsecret00000000000000000000\n";
  g_autofree char *contents = NULL;
  g_autoptr(TdIni) ini = NULL;
  guint dev;
  TdAwsFilesUpdate update = make_update (fixture, "dev");

  td_test_write_file (fixture->credentials_path, original);
  write_ok (&update);

  contents = td_test_read_file (fixture->credentials_path);
  g_assert_true (g_str_has_prefix (contents, original));
  ini = parse_file (fixture->credentials_path);
  g_assert_true (td_ini_lookup_section (ini, "dev", &dev));
  g_assert_cmpstr (td_ini_get_value (ini, dev, "aws_access_key_id"), ==, STS_KEY_ID);
  g_assert_cmpstr (td_ini_get_value (ini, 0, "aws_access_key_id"), ==, "AKIAEXAMPLEDEFAULT01");
}

static void
test_umask_zero (Fixture       *fixture,
                 gconstpointer  data)
{
  TdAwsFilesUpdate update = make_update (fixture, "Admin");
  mode_t old_umask = umask (0);

  write_ok (&update);
  umask (old_umask);

  g_assert_cmpuint (get_mode (fixture->aws_dir), ==, 0700);
  g_assert_cmpuint (get_mode (fixture->credentials_path), ==, 0600);
  g_assert_cmpuint (get_mode (fixture->config_path), ==, 0600);
}

static void
test_modes_enforced_and_kept (Fixture       *fixture,
                              gconstpointer  data)
{
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  td_test_write_file (fixture->credentials_path, "[x]\nk = v\n");
  td_test_write_file (fixture->config_path, "[profile x]\nregion = a\n");
  g_assert_cmpint (g_chmod (fixture->credentials_path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (fixture->config_path, 0644), ==, 0);

  write_ok (&update);

  g_assert_cmpuint (get_mode (fixture->credentials_path), ==, 0600);
  g_assert_cmpuint (get_mode (fixture->config_path), ==, 0644);
}

static void
test_symlink_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dotfiles = g_build_filename (fixture->home, "dotfiles", NULL);
  g_autofree char *target = g_build_filename (dotfiles, "aws-credentials", NULL);
  g_autofree char *link = NULL;
  g_autoptr(TdIni) ini = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");
  struct stat st;

  td_test_write_file (target, "[other]\nk = v\n");
  g_assert_cmpint (g_mkdir (fixture->aws_dir, 0700), ==, 0);
  g_assert_cmpint (symlink (target, fixture->credentials_path), ==, 0);

  write_ok (&update);

  g_assert_cmpint (lstat (fixture->credentials_path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link = g_file_read_link (fixture->credentials_path, NULL);
  g_assert_cmpstr (link, ==, target);
  ini = parse_file (target);
  g_assert_cmpstr (td_ini_get_value (ini, 1, "aws_access_key_id"), ==, STS_KEY_ID);
  g_assert_cmpuint (get_mode (target), ==, 0600);
  assert_no_temporary_files (dotfiles);
}

/* A link to a missing file is rejected rather than followed, so that a
 * planted link cannot make us create a file in a place of its choosing. */
static void
test_symlink_dangling (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->home, "missing", "credentials", NULL);
  g_autoptr(GError) error = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");
  struct stat st;

  g_assert_cmpint (g_mkdir (fixture->aws_dir, 0700), ==, 0);
  g_assert_cmpint (symlink (target, fixture->credentials_path), ==, 0);

  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, "symbolic link"));
  g_assert_nonnull (strstr (error->message, target));
  g_assert_cmpint (lstat (fixture->credentials_path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

static void
test_other_writable_directory (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  g_assert_cmpint (g_mkdir (fixture->aws_dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (fixture->aws_dir, 0777), ==, 0);

  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, "writable by other users"));
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
}

/* The subprocess half of test_read_only_directory. */
static void
write_in_read_only_directory (void)
{
  const char *home = g_getenv ("TD_TEST_READ_ONLY_HOME");
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  TdAwsFilesUpdate update;

  g_assert_nonnull (home);
  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  fixture.aws_dir = g_build_filename (home, ".aws", NULL);
  fixture.credentials_path = g_build_filename (fixture.aws_dir, "credentials", NULL);
  fixture.config_path = g_build_filename (fixture.aws_dir, "config", NULL);
  fixture.credentials = make_credentials (STS_KEY_ID, STS_SECRET, STS_TOKEN);
  update = make_update (&fixture, "Admin");

  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, "Could not create a temporary file in"));
  g_assert_nonnull (strstr (error->message, fixture.aws_dir));
  g_assert_nonnull (strstr (error->message, "writable"));
  fixture.home = NULL;
  g_free (fixture.aws_dir);
  g_free (fixture.credentials_path);
  g_free (fixture.config_path);
  td_aws_credentials_free (fixture.credentials);
}

/* Root ignores directory permissions, so the write runs in a subprocess
 * that drops to the user "nobody" (uid 65534) when the tests run as root. */
static void
test_read_only_directory (void)
{
  const char *original = "[Admin]\naws_access_key_id = OLD\n";
  Fixture fixture;

  if (g_test_subprocess ())
    {
      write_in_read_only_directory ();
      return;
    }

  fixture_set_up (&fixture, NULL);
  td_test_write_file (fixture.credentials_path, original);
  td_test_write_file (fixture.config_path, "");
  g_assert_cmpint (g_chmod (fixture.credentials_path, 0600), ==, 0);
  if (geteuid () == 0)
    {
      const char *paths[] = { fixture.home, fixture.aws_dir, fixture.credentials_path, fixture.config_path };

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        g_assert_cmpint (chown (paths[i], 65534, 65534), ==, 0);
    }
  g_assert_cmpint (g_chmod (fixture.aws_dir, 0500), ==, 0);

  g_setenv ("TD_TEST_READ_ONLY_HOME", fixture.home, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("TD_TEST_READ_ONLY_HOME");
  g_test_trap_assert_passed ();

  g_assert_cmpint (g_chmod (fixture.aws_dir, 0700), ==, 0);
  assert_file_equals (fixture.credentials_path, original);
  assert_no_temporary_files (fixture.aws_dir);
  fixture_tear_down (&fixture, NULL);
}

typedef struct {
  Fixture    *fixture;
  const char *profile;
  char       *last_key_id;
} WriterData;

static gpointer
writer_thread (gpointer user_data)
{
  WriterData *writer = user_data;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *key_id = g_strdup_printf ("ASIA%s%04u", writer->profile, i);
      g_autoptr(TdAwsCredentials) credentials = make_credentials (key_id, "secret", "token");
      TdAwsFilesUpdate update = make_update (writer->fixture, writer->profile);

      update.credentials = credentials;
      write_ok (&update);
      g_free (writer->last_key_id);
      writer->last_key_id = g_strdup (key_id);
    }

  return NULL;
}

static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  WriterData writers[2] = { { fixture, "one", NULL }, { fixture, "two", NULL } };
  GThread *threads[2];
  g_autoptr(TdIni) credentials = NULL;
  g_autoptr(TdIni) config = NULL;

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  credentials = parse_file (fixture->credentials_path);
  config = parse_file (fixture->config_path);
  g_assert_cmpuint (td_ini_get_n_sections (credentials), ==, 2);
  g_assert_cmpuint (td_ini_get_n_sections (config), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *config_name = g_strconcat ("profile ", writers[i].profile, NULL);
      guint section;

      g_assert_true (td_ini_lookup_section (credentials, writers[i].profile, &section));
      g_assert_cmpstr (td_ini_get_value (credentials, section, "aws_access_key_id"), ==,
                       writers[i].last_key_id);
      g_assert_true (td_ini_lookup_section (config, config_name, NULL));
      g_free (writers[i].last_key_id);
    }
  assert_no_temporary_files (fixture->aws_dir);
}

static void
assert_malformed_rejected (Fixture    *fixture,
                           const char *contents,
                           gsize       length,
                           const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gsize after_length;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  g_assert_cmpint (g_mkdir_with_parents (fixture->aws_dir, 0700), ==, 0);
  g_file_set_contents (fixture->credentials_path, contents, length, &error);
  g_assert_no_error (error);

  g_assert_false (td_aws_files_write (&update, &error));

  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
  g_assert_nonnull (strstr (error->message, fixture->credentials_path));
  g_assert_nonnull (strstr (error->message, expected));
  g_file_get_contents (fixture->credentials_path, &after, &after_length, NULL);
  g_assert_cmpmem (after, after_length, contents, length);
  assert_no_temporary_files (fixture->aws_dir);
}

#define ASSERT_MALFORMED_REJECTED(fixture, literal, expected) \
  assert_malformed_rejected (fixture, literal, sizeof (literal) - 1, expected)

static void
test_malformed_nul (Fixture       *fixture,
                    gconstpointer  data)
{
  ASSERT_MALFORMED_REJECTED (fixture, "[Admin]\naws_access_key_id = A\0B\n", "line 2 contains a NUL byte");
}

static void
test_malformed_utf8 (Fixture       *fixture,
                     gconstpointer  data)
{
  ASSERT_MALFORMED_REJECTED (fixture, "[Admin]\n# \xC3\x28\n", "line 2 is not valid UTF-8");
}

static void
test_malformed_bom (Fixture       *fixture,
                    gconstpointer  data)
{
  ASSERT_MALFORMED_REJECTED (fixture, "\xEF\xBB\xBF[Admin]\naws_access_key_id = A\n", "byte order mark");
}

static void
test_reject_profile_names (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *names[] = { "x]\n[default", "a b", "", "foo!bar", "caf\xC3\xA9", "a\rb" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      TdAwsFilesUpdate update = make_update (fixture, names[i]);

      g_assert_false (td_aws_files_write (&update, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
    }

  g_assert_false (g_file_test (fixture->aws_dir, G_FILE_TEST_EXISTS));
}

static void
test_reject_values (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *secrets[] = { "abc\naws_access_key_id=AKIAINJECTED", "abc\rdef", "abc def" };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TdAwsCredentials) credentials = make_credentials (STS_KEY_ID, secrets[i], STS_TOKEN);
      TdAwsFilesUpdate update = make_update (fixture, "Admin");

      update.credentials = credentials;
      g_assert_false (td_aws_files_write (&update, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
      g_assert_nonnull (strstr (error->message, "secret access key"));
      g_assert_null (strstr (error->message, "abc"));
    }

  g_assert_false (g_file_test (fixture->aws_dir, G_FILE_TEST_EXISTS));
}

static char *
run_aws_configure_get (Fixture    *fixture,
                       const char *key,
                       const char *profile)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *output = NULL;
  const char *argv[] = { "/usr/bin/aws", "configure", "get", key, "--profile", profile, NULL };
  int status;

  envp = g_environ_setenv (NULL, "HOME", fixture->home, TRUE);
  envp = g_environ_setenv (envp, "PATH", "/usr/bin:/bin", TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", fixture->credentials_path, TRUE);
  envp = g_environ_setenv (envp, "AWS_CONFIG_FILE", fixture->config_path, TRUE);

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_strdup (g_strchomp (output));
}

static void
test_aws_cli_reads_files (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *key_id = NULL;
  g_autofree char *region = NULL;
  g_autofree char *ci_key_id = NULL;
  g_autofree char *nested_region = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  if (!g_file_test ("/usr/bin/aws", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/aws is not installed");
      return;
    }

  copy_data_file ("028-comments.credentials.before.ini", fixture->credentials_path);
  copy_data_file ("029-nested.config.before.ini", fixture->config_path);
  update.region = "eu-central-1";
  write_ok (&update);

  key_id = run_aws_configure_get (fixture, "aws_access_key_id", "Admin");
  region = run_aws_configure_get (fixture, "region", "Admin");
  ci_key_id = run_aws_configure_get (fixture, "aws_access_key_id", "ci");
  nested_region = run_aws_configure_get (fixture, "region", "default");
  g_assert_cmpstr (key_id, ==, STS_KEY_ID);
  g_assert_cmpstr (region, ==, "eu-central-1");
  g_assert_cmpstr (ci_key_id, ==, "AKIAEXAMPLECI0000001");
  g_assert_cmpstr (nested_region, ==, "us-east-1");
}

static void
test_read_expiration (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(GDateTime) missing = NULL;
  g_autofree char *text = NULL;
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  write_ok (&update);

  expiration = td_aws_files_read_expiration (fixture->credentials_path, "Admin", &error);
  g_assert_no_error (error);
  g_assert_nonnull (expiration);
  text = g_date_time_format_iso8601 (expiration);
  g_assert_cmpstr (text, ==, STS_EXPIRES);
  missing = td_aws_files_read_expiration (fixture->credentials_path, "other", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

static void
test_read_expiration_invalid (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiration = NULL;

  td_test_write_file (fixture->credentials_path, "[Admin]\nx_security_token_expires = soon\n");

  expiration = td_aws_files_read_expiration (fixture->credentials_path, "Admin", &error);
  g_assert_null (expiration);
  g_assert_error (error, TD_ERROR, TD_ERROR_AWS_FILES);
}

static void
test_paths_from_environment (void)
{
  const char *plain[] = { "HOME=/home/jane", NULL };
  const char *tilde[] = { "HOME=/home/jane", "AWS_SHARED_CREDENTIALS_FILE=~/creds",
                          "AWS_CONFIG_FILE=/etc/aws/config", NULL };
  const char *empty[] = { "HOME=/home/jane", "AWS_SHARED_CREDENTIALS_FILE=", NULL };
  g_autofree char *plain_credentials = td_aws_files_dup_credentials_path (plain);
  g_autofree char *plain_config = td_aws_files_dup_config_path (plain);
  g_autofree char *tilde_credentials = td_aws_files_dup_credentials_path (tilde);
  g_autofree char *tilde_config = td_aws_files_dup_config_path (tilde);
  g_autofree char *empty_credentials = td_aws_files_dup_credentials_path (empty);

  g_assert_cmpstr (plain_credentials, ==, "/home/jane/.aws/credentials");
  g_assert_cmpstr (plain_config, ==, "/home/jane/.aws/config");
  g_assert_cmpstr (tilde_credentials, ==, "/home/jane/creds");
  g_assert_cmpstr (tilde_config, ==, "/etc/aws/config");
  g_assert_cmpstr (empty_credentials, ==, "/home/jane/.aws/credentials");
}

typedef struct {
  gboolean  done;
  gboolean  success;
  GError   *error;
} AsyncResult;

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *outcome = user_data;

  outcome->success = td_aws_files_write_finish (result, &outcome->error);
  outcome->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
test_write_async (Fixture       *fixture,
                  gconstpointer  data)
{
  AsyncResult outcome = { FALSE, FALSE, NULL };
  g_autoptr(TdIni) ini = NULL;
  char profile[] = "Async";
  TdAwsFilesUpdate update = make_update (fixture, profile);

  td_aws_files_write_async (&update, NULL, write_done_cb, &outcome);
  /* The update is copied, so the caller's strings may change at once. */
  profile[0] = 'X';
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.success);
  ini = parse_file (fixture->credentials_path);
  g_assert_true (td_ini_lookup_section (ini, "Async", NULL));
}

static void
test_write_async_cancelled (Fixture       *fixture,
                            gconstpointer  data)
{
  AsyncResult outcome = { FALSE, FALSE, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TdAwsFilesUpdate update = make_update (fixture, "Admin");

  g_cancellable_cancel (cancellable);
  td_aws_files_write_async (&update, cancellable, write_done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (outcome.success);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  g_assert_false (g_file_test (fixture->credentials_path, G_FILE_TEST_EXISTS));
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/aws-files/credentials/comments-preserved", test_comments_preserved);
  ADD_TEST ("/aws-files/credentials/uppercase-keys", test_uppercase_keys);
  ADD_TEST ("/aws-files/credentials/stale-security-token", test_stale_security_token);
  ADD_TEST ("/aws-files/config/nested-preserved", test_nested_preserved);
  ADD_TEST ("/aws-files/config/profile-naming", test_profile_naming);
  ADD_TEST ("/aws-files/config/default-variants", test_default_section_variants);
  ADD_TEST ("/aws-files/config/region-replaced", test_region_replaced);
  ADD_TEST ("/aws-files/duplicate/second-run-updates", test_duplicate_second_run);
  ADD_TEST ("/aws-files/duplicate/rejected", test_duplicate_rejected);
  ADD_TEST ("/aws-files/duplicate/config-rejected", test_duplicate_config_rejected);
  ADD_TEST ("/aws-files/profile/default-untouched", test_named_profile_default_untouched);
  ADD_TEST ("/aws-files/mode/umask-zero", test_umask_zero);
  ADD_TEST ("/aws-files/mode/enforced-and-kept", test_modes_enforced_and_kept);
  ADD_TEST ("/aws-files/symlink/kept", test_symlink_kept);
  ADD_TEST ("/aws-files/symlink/dangling", test_symlink_dangling);
  ADD_TEST ("/aws-files/directory/other-writable", test_other_writable_directory);
  ADD_TEST ("/aws-files/concurrency/two-writers", test_concurrent_writers);
  ADD_TEST ("/aws-files/malformed/nul-byte", test_malformed_nul);
  ADD_TEST ("/aws-files/malformed/invalid-utf8", test_malformed_utf8);
  ADD_TEST ("/aws-files/malformed/bom", test_malformed_bom);
  ADD_TEST ("/aws-files/reject/profile-names", test_reject_profile_names);
  ADD_TEST ("/aws-files/reject/values", test_reject_values);
  ADD_TEST ("/aws-files/aws-cli/reads-written-files", test_aws_cli_reads_files);
  ADD_TEST ("/aws-files/expiration/read", test_read_expiration);
  ADD_TEST ("/aws-files/expiration/invalid", test_read_expiration_invalid);
  ADD_TEST ("/aws-files/async/write", test_write_async);
  ADD_TEST ("/aws-files/async/cancelled", test_write_async_cancelled);
  g_test_add_func ("/aws-files/directory/read-only", test_read_only_directory);
  g_test_add_func ("/aws-files/paths/environment", test_paths_from_environment);

  return g_test_run ();
}
