/* td-sandbox.c: start-up, request routing and the control endpoints
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>

#include "td-sandbox.h"

static GQuark connection_number_quark;

/* Helpers shared by the other parts. */

void
td_sandbox_reply (SoupServerMessage *msg,
                  guint              status,
                  const char        *content_type,
                  const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                      body, strlen (body));
}

void
td_sandbox_reply_json (SoupServerMessage *msg,
                       guint              status,
                       JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  td_sandbox_reply (msg, status, "application/json", text);
}

char *
td_sandbox_random_string (const char *alphabet,
                          guint       length)
{
  gsize alphabet_length = strlen (alphabet);
  GString *text = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    g_string_append_c (text, alphabet[g_random_int_range (0, alphabet_length)]);

  return g_string_free (text, FALSE);
}

/* Formats a g_get_real_time () value as UTC ISO 8601, the way Okta (with
 * milliseconds) and STS (without) write times. */
char *
td_sandbox_format_time (gint64   real_time_us,
                        gboolean milliseconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (real_time_us / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  if (!milliseconds)
    return g_strdup_printf ("%sZ", seconds);

  return g_strdup_printf ("%s.%03dZ", seconds,
                          (int) ((real_time_us % G_USEC_PER_SEC) / 1000));
}

/* Writes @text as the body of a JavaScript string literal the way Okta's
 * pages do: letters, digits and dots as they are, the rest as \xNN. */
char *
td_sandbox_escape_javascript (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.')
        g_string_append_c (escaped, *p);
      else
        g_string_append_printf (escaped, "\\x%02X", (guchar) *p);
    }

  return g_string_free (escaped, FALSE);
}

/* Replaces the org URL of the recorded cases, plain and JavaScript-escaped,
 * with this server's own base URL. */
char *
td_sandbox_rebase (TdSandbox  *self,
                   const char *text)
{
  g_autoptr(GString) rebased = g_string_new (text);
  g_autofree char *escaped_base = td_sandbox_escape_javascript (self->base_url);

  g_string_replace (rebased, "https://acme.okta.com", self->base_url, 0);
  g_string_replace (rebased, "https\\x3A\\x2F\\x2Facme.okta.com", escaped_base, 0);

  return g_string_free (g_steal_pointer (&rebased), FALSE);
}

char *
td_sandbox_load_resource (const char *name)
{
  g_autofree char *path = g_strconcat ("/org/tokendito/Sandbox/", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Resource %s is missing from the sandbox binary: %s", path, error->message);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

const char *
td_sandbox_get_body (SoupServerMessage *msg,
                     gsize             *length)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flattened = soup_message_body_flatten (body);

  /* soup_message_body_flatten () keeps the flattened data in @body, so the
   * pointer stays valid for the life of @msg. */
  *length = body->length;
  return body->data != NULL ? body->data : "";
}

/* The request log and the control endpoints. */

static guint
get_connection_number (TdSandbox         *self,
                       SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  guint number;

  /* The number lives on the socket itself, so a new socket that happens to
   * reuse a freed address still gets a new number. */
  number = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (socket), connection_number_quark));
  if (number == 0)
    {
      number = ++self->next_connection;
      g_object_set_qdata (G_OBJECT (socket), connection_number_quark, GUINT_TO_POINTER (number));
    }

  return number;
}

static void
record_request (TdSandbox         *self,
                SoupServerMessage *msg,
                const char        *path,
                guint              port)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "method", soup_server_message_get_method (msg));
  json_object_set_string_member (entry, "path", path);
  json_object_set_int_member (entry, "port", port);
  json_object_set_int_member (entry, "connection", get_connection_number (self, msg));
  json_object_set_int_member (entry, "time_ms", g_get_monotonic_time () / 1000);
  json_array_add_object_element (self->requests, entry);

  self->stat_requests++;
}

static void
handle_control (TdSandbox         *self,
                SoupServerMessage *msg,
                const char        *path)
{
  g_autoptr(JsonNode) node = NULL;

  if (g_strcmp0 (path, "/_sandbox/requests") == 0)
    {
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (node, self->requests);
    }
  else if (g_strcmp0 (path, "/_sandbox/stats") == 0)
    {
      JsonObject *stats = json_object_new ();

      json_object_set_int_member (stats, "requests", self->stat_requests);
      json_object_set_int_member (stats, "connections", self->next_connection);
      json_object_set_int_member (stats, "foreign_requests", self->stat_foreign_requests);
      json_object_set_int_member (stats, "authn", self->stat_authn);
      json_object_set_int_member (stats, "cancelled", self->stat_cancelled);
      json_object_set_int_member (stats, "sts_calls", self->stat_sts_calls);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, stats);
    }
  else
    {
      td_sandbox_reply (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "unknown control endpoint\n");
      return;
    }

  td_sandbox_reply_json (msg, SOUP_STATUS_OK, node);
}

static void
log_request (TdSandbox         *self,
             SoupServerMessage *msg,
             const char        *path,
             guint              port)
{
  if (!self->verbose)
    return;

  /* Only the path: query strings and bodies carry tokens and passwords. */
  g_message ("%s %s on port %u, connection %u: %u",
             soup_server_message_get_method (msg), path, port,
             get_connection_number (self, msg),
             soup_server_message_get_status (msg));
}

static gboolean
has_method (SoupServerMessage *msg,
            const char        *method)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), method) == 0)
    return TRUE;

  td_sandbox_reply (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
  return FALSE;
}

static void
route_request (TdSandbox         *self,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query)
{
  if (g_str_has_prefix (path, "/api/v1/authn"))
    {
      if (has_method (msg, "POST"))
        td_sandbox_okta_handle (self, msg, path);
    }
  else if (g_strcmp0 (path, "/login/sessionCookieRedirect") == 0)
    {
      if (has_method (msg, "GET"))
        td_sandbox_tile_handle_redirect (self, msg, query);
    }
  else if (g_str_has_prefix (path, "/login/"))
    {
      td_sandbox_tile_handle_sign_in (self, msg, "");
    }
  else if (g_str_has_prefix (path, "/home/amazon_aws/"))
    {
      if (has_method (msg, "GET"))
        td_sandbox_tile_handle_app (self, msg, path);
    }
  else if (g_strcmp0 (path, "/") == 0)
    {
      if (has_method (msg, "POST"))
        td_sandbox_sts_handle (self, msg);
    }
  else
    {
      td_sandbox_reply (msg, SOUP_STATUS_NOT_FOUND, "text/html",
                        "<html><head><title>Not Found</title></head><body>Not Found</body></html>\n");
    }
}

static void
handle_main_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TdSandbox *self = user_data;

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      handle_control (self, msg, path);
      return;
    }

  record_request (self, msg, path, self->port);
  route_request (self, msg, path, query);
  log_request (self, msg, path, self->port);
}

/* The foreign origin stands for any host that is not the Okta org: a
 * client that follows a link there has leaked a token. */
static void
handle_foreign_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  TdSandbox *self = user_data;

  record_request (self, msg, path, self->foreign_port);
  self->stat_foreign_requests++;
  if (self->verbose)
    g_message ("Foreign origin got %s %s, so a client followed a link off the org",
               soup_server_message_get_method (msg), path);
  td_sandbox_reply (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "foreign origin\n");
}

/* Start-up and shutdown. */

static SoupServer *
listen_on_loopback (GTlsCertificate  *certificate,
                    guint             port,
                    guint            *bound_port,
                    GError          **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  server = soup_server_new ("tls-certificate", certificate, "server-header", NULL, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  if (!soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return NULL;

  uris = soup_server_get_uris (server);
  *bound_port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&server);
}

static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_on_stdin_closed_cb (int          fd,
                         GIOCondition condition,
                         gpointer     user_data)
{
  char buffer[256];
  gssize count;

  count = read (fd, buffer, sizeof buffer);
  if (count > 0 || (count < 0 && errno == EINTR))
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Watches stdin only when it is a pipe or a socket. A parent with the other
 * end (a test) stops the server by closing it or by dying. From a shell,
 * stdin is /dev/null or a terminal, and reading either would end or stop a
 * background server at once. */
static void
watch_stdin (GMainLoop *loop)
{
  struct stat info;

  if (fstat (STDIN_FILENO, &info) != 0)
    return;
  if (!S_ISFIFO (info.st_mode) && !S_ISSOCK (info.st_mode))
    return;

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, quit_on_stdin_closed_cb, loop);
}

static gboolean
start_servers (TdSandbox   *self,
               const char  *cert_dir,
               guint        port,
               GError     **error)
{
  g_autofree char *cert_file = g_build_filename (cert_dir, "server.crt", NULL);
  g_autofree char *key_file = g_build_filename (cert_dir, "server.key", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;

  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    {
      g_prefix_error (error, "Failed to load %s and %s: ", cert_file, key_file);
      return FALSE;
    }

  self->server = listen_on_loopback (certificate, port, &self->port, error);
  if (self->server == NULL)
    {
      g_prefix_error (error, "Failed to listen on 127.0.0.1 port %u: ", port);
      return FALSE;
    }

  self->foreign_server = listen_on_loopback (certificate, 0, &self->foreign_port, error);
  if (self->foreign_server == NULL)
    {
      g_prefix_error (error, "Failed to listen on a second loopback port: ");
      return FALSE;
    }

  self->base_url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
  self->foreign_url = g_strdup_printf ("https://127.0.0.1:%u", self->foreign_port);
  soup_server_add_handler (self->server, NULL, handle_main_cb, self, NULL);
  soup_server_add_handler (self->foreign_server, NULL, handle_foreign_cb, self, NULL);

  return TRUE;
}

static void
td_sandbox_init (TdSandbox *self,
                 guint      poll_waits,
                 gboolean   verbose)
{
  self->poll_waits = poll_waits;
  self->verbose = verbose;
  self->requests = json_array_new ();

  td_sandbox_okta_init (self);
  td_sandbox_tile_init (self);
  td_sandbox_sts_init (self);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cert_dir = NULL;
  int port = 0;
  int poll_waits = 1;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "cert-dir", 0, 0, G_OPTION_ARG_FILENAME, &cert_dir,
      "Folder that contains server.crt and server.key (required)", "DIR" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      "TCP port of the org on 127.0.0.1; 0 picks a free one (default 0)", "N" },
    { "poll-waits", 0, 0, G_OPTION_ARG_INT, &poll_waits,
      "Polls answered WAITING after the first push verify answer (default 1)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log one line per request to stderr", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  TdSandbox self = { 0 };

  context = g_option_context_new ("- local HTTPS Okta org, AWS app tile and STS for tests");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("tokendito-sandbox: %s\n", error->message);
      return 2;
    }
  if (cert_dir == NULL || port < 0 || port > 65535 || poll_waits < 0)
    {
      g_printerr ("tokendito-sandbox: --cert-dir DIR is required, --port must be 0-65535 "
                  "and --poll-waits must not be negative; see --help\n");
      return 2;
    }

  connection_number_quark = g_quark_from_static_string ("td-sandbox-connection-number");
  td_sandbox_init (&self, poll_waits, verbose);
  if (!start_servers (&self, cert_dir, port, &error))
    {
      g_printerr ("tokendito-sandbox: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_on_signal_cb, loop);
  g_unix_signal_add (SIGINT, quit_on_signal_cb, loop);
  watch_stdin (loop);

  printf ("READY %s %s\n", self.base_url, self.foreign_url);
  fflush (stdout);
  if (verbose)
    g_message ("Serving the org on %s and the foreign origin on %s", self.base_url, self.foreign_url);

  g_main_loop_run (loop);

  if (verbose)
    g_message ("Stopping after %" G_GINT64_FORMAT " requests", self.stat_requests);
  soup_server_disconnect (self.server);
  soup_server_disconnect (self.foreign_server);
  g_free (self.base_url);
  g_free (self.foreign_url);

  return 0;
}
