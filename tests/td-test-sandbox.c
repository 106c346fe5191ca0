/* td-test-sandbox.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "td-test-sandbox.h"

struct _TdTestSandbox
{
  GSubprocess *process;
  char        *url;
  char        *foreign_url;
  char        *ca_file;
  SoupSession *session;       /* trusts ca_file, used for the control endpoints only */
};

/* Outside `meson test` the environment is not set, so fall back on the
 * build folder layout: tests/sandbox/ beside the test programs. */
static char *
find_sandbox_path (const char *variable,
                   const char *file_name)
{
  const char *value = g_getenv (variable);

  if (value != NULL && *value != '\0')
    return g_strdup (value);

  return g_test_build_filename (G_TEST_BUILT, "sandbox", file_name, NULL);
}

static void
read_ready_line (TdTestSandbox *self)
{
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;

  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  fields = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpstr (fields[0], ==, "READY");
  self->url = g_strdup (fields[1]);
  self->foreign_url = g_strdup (fields[2]);
}

TdTestSandbox *
td_test_sandbox_start (const char *first_arg,
                       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  TdTestSandbox *self = g_new0 (TdTestSandbox, 1);
  g_autofree char *program = find_sandbox_path ("TD_SANDBOX", "tokendito-sandbox");
  g_autofree char *cert_dir = find_sandbox_path ("TD_TEST_CERT_DIR", "");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "--cert-dir");
  g_ptr_array_add (argv, cert_dir);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* The server exits when its stdin closes, so it never outlives a test
   * that crashes before td_test_sandbox_stop (). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* NOTE: under AddressSanitizer the sandbox runs without leak checking:
   * it keeps per-request state until exit, which LeakSanitizer reports.
   * Memory errors in it still abort, and the client under test keeps leak
   * checking on. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strdup_printf ("%s:detect_leaks=0", g_getenv ("ASAN_OPTIONS"));

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  read_ready_line (self);

  self->ca_file = g_build_filename (cert_dir, "ca.crt", NULL);
  database = g_tls_file_database_new (self->ca_file, &error);
  g_assert_no_error (error);
  self->session = soup_session_new_with_options ("tls-database", database, NULL);

  return self;
}

const char *
td_test_sandbox_get_url (TdTestSandbox *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

const char *
td_test_sandbox_get_foreign_url (TdTestSandbox *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->foreign_url;
}

const char *
td_test_sandbox_get_ca_file (TdTestSandbox *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->ca_file;
}

static JsonNode *
get_control (TdTestSandbox *self,
             const char    *endpoint)
{
  g_autofree char *url = g_strconcat (self->url, endpoint, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  body = soup_session_send_and_read (self->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);

  return node;
}

JsonNode *
td_test_sandbox_get_stats (TdTestSandbox *self)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, NULL);

  node = get_control (self, "/_sandbox/stats");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return node;
}

gint64
td_test_sandbox_get_stat (TdTestSandbox *self,
                          const char    *name)
{
  g_autoptr(JsonNode) stats = NULL;
  JsonObject *object;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  stats = td_test_sandbox_get_stats (self);
  object = json_node_get_object (stats);
  g_assert_true (json_object_has_member (object, name));

  return json_object_get_int_member (object, name);
}

JsonArray *
td_test_sandbox_dup_requests (TdTestSandbox *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = get_control (self, "/_sandbox/requests");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_array_ref (json_node_get_array (node));
}

void
td_test_sandbox_stop (TdTestSandbox *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);

  /* A crash inside the server shows up here rather than as a confusing
   * network error in the next test. */
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_clear_object (&self->session);
  g_clear_object (&self->process);
  g_free (self->url);
  g_free (self->foreign_url);
  g_free (self->ca_file);
  g_free (self);
}
