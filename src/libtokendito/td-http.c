/* td-http.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-error.h"
#include "td-http.h"
#include "td-tls-database.h"

/* Replies larger than this are not Okta pages, JSON or STS documents. */
#define MAX_BODY_SIZE (8 * 1024 * 1024)
#define READ_CHUNK_SIZE (64 * 1024)
#define MAX_ATTEMPTS 3
#define MAX_REDIRECTS 10
#define DEFAULT_RETRY_DELAY_MS 500
/* The session's time-out applies to each read, so a server that sends a
 * byte now and then could hold a request for ever. This bounds a whole
 * attempt, from connecting to the last byte of the reply. */
#define MAX_ATTEMPT_SECONDS 60

struct _TdHttp
{
  GObject      parent_instance;

  SoupSession *session;
  TdTlsDatabase *database;
  GHashTable  *ca_files;
  GPtrArray   *aws_databases;
  GPtrArray   *aws_ca_files;
  guint        retry_delay_ms;
  guint        request_count;
  guint        handshake_count;
};

G_DEFINE_FINAL_TYPE (TdHttp, td_http, G_TYPE_OBJECT)

typedef struct {
  char        *method;
  char        *url;
  char        *accept;
  char        *content_type;
  GBytes      *body;
  TdHttpFlags  flags;
  guint        attempt;
  gint64       started_at;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray  *received;
  GCancellable *attempt_cancellable;
  GCancellable *task_cancellable;
  gulong        cancelled_id;
  guint         deadline_id;
  gboolean      timed_out;
} Request;

static void
stop_deadline (Request *request)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
}

static void
request_free (Request *request)
{
  stop_deadline (request);
  if (request->task_cancellable != NULL)
    g_cancellable_disconnect (request->task_cancellable, request->cancelled_id);
  g_clear_object (&request->task_cancellable);
  g_clear_object (&request->attempt_cancellable);
  g_free (request->method);
  g_free (request->url);
  g_free (request->accept);
  g_free (request->content_type);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->received, g_byte_array_unref);
  g_free (request);
}

static void
td_http_finalize (GObject *object)
{
  TdHttp *self = (TdHttp *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->database);
  g_clear_pointer (&self->ca_files, g_hash_table_unref);
  g_clear_pointer (&self->aws_databases, g_ptr_array_unref);
  g_clear_pointer (&self->aws_ca_files, g_ptr_array_unref);

  G_OBJECT_CLASS (td_http_parent_class)->finalize (object);
}

static void
td_http_class_init (TdHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_http_finalize;
}

static void
td_http_init (TdHttp *self)
{
  g_autoptr(SoupCookieJar) cookies = soup_cookie_jar_new ();

  /* One session per run, so connections (and TLS handshakes) are reused.
   * The proxy resolver is GIO's default, which follows the system settings. */
  self->session = soup_session_new_with_options ("user-agent", "tokendito/" PACKAGE_VERSION,
                                                 "timeout", 30,
                                                 "idle-timeout", 60,
                                                 NULL);
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (cookies));

  self->aws_databases = g_ptr_array_new_with_free_func (g_object_unref);
  self->aws_ca_files = g_ptr_array_new_with_free_func (g_free);
  self->ca_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
}

TdHttp *
td_http_new (void)
{
  return g_object_new (TD_TYPE_HTTP, NULL);
}

SoupSession *
td_http_get_session (TdHttp *self)
{
  g_return_val_if_fail (TD_IS_HTTP (self), NULL);

  return self->session;
}

guint
td_http_get_request_count (TdHttp *self)
{
  g_return_val_if_fail (TD_IS_HTTP (self), 0);

  return self->request_count;
}

guint
td_http_get_handshake_count (TdHttp *self)
{
  g_return_val_if_fail (TD_IS_HTTP (self), 0);

  return self->handshake_count;
}

void
td_http_set_retry_delay (TdHttp *self,
                         guint   milliseconds)
{
  g_return_if_fail (TD_IS_HTTP (self));

  self->retry_delay_ms = milliseconds;
}

static GTlsDatabase *
load_ca_file (const char  *path,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  GList *certificates;
  GTlsDatabase *database;

  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("CA bundle %s does not exist or is not a regular file"), path);
      return NULL;
    }

  certificates = g_tls_certificate_list_new_from_file (absolute, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("CA bundle %s contains no PEM certificate%s%s"), path,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  g_list_free_full (certificates, g_object_unref);

  /* GTlsFileDatabase needs an absolute path. */
  database = g_tls_file_database_new (absolute, &local_error);
  if (database == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("CA bundle %s cannot be loaded: %s"), path, local_error->message);
      return NULL;
    }

  return database;
}

static void
ensure_database (TdHttp *self)
{
  if (self->database != NULL)
    return;

  self->database = td_tls_database_new ();
  soup_session_set_tls_database (self->session, G_TLS_DATABASE (self->database));
}

/**
 * td_http_add_ca_file:
 * @self: a #TdHttp
 * @path: a PEM file of certificate authorities
 * @error: return location for a #GError
 *
 * Trusts the CAs of @path for every request, in addition to the system's
 * trust store. This is for TLS-inspecting corporate proxies and for tests.
 * Verification is never turned off.
 */
gboolean
td_http_add_ca_file (TdHttp      *self,
                     const char  *path,
                     GError     **error)
{
  GTlsDatabase *database;

  g_return_val_if_fail (TD_IS_HTTP (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A session shared by several refreshes gets the same bundle each time. */
  if (g_hash_table_contains (self->ca_files, path))
    return TRUE;

  database = load_ca_file (path, error);
  if (database == NULL)
    return FALSE;

  g_hash_table_add (self->ca_files, g_strdup (path));
  g_debug ("Trusting the CAs of %s for every host", path);
  ensure_database (self);
  td_tls_database_add (self->database, database);
  g_object_unref (database);

  return TRUE;
}

/**
 * td_http_add_late_ca_file:
 * @self: a #TdHttp
 * @path: a PEM file of certificate authorities
 *
 * Trusts the CAs of @path for every host, like td_http_add_ca_file(), but
 * reads the file only when the system store does not trust a server. For
 * `SSL_CERT_FILE` and `CURL_CA_BUNDLE`, which usually name the system
 * bundle itself. A missing file is skipped.
 */
void
td_http_add_late_ca_file (TdHttp     *self,
                          const char *path)
{
  g_autofree char *absolute = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (TD_IS_HTTP (self));
  g_return_if_fail (path != NULL);

  absolute = g_canonicalize_filename (path, NULL);
  key = g_strconcat ("late:", absolute, NULL);
  if (g_hash_table_contains (self->ca_files, key) || !g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    return;

  g_hash_table_add (self->ca_files, g_steal_pointer (&key));
  ensure_database (self);
  td_tls_database_add_late_file (self->database, absolute);
}

/**
 * td_http_add_aws_ca_file:
 *
 * Like td_http_add_ca_file(), but only for requests sent with %TD_HTTP_AWS
 * (`AWS_CA_BUNDLE`). Unlike botocore, which replaces the trust store with
 * that bundle, the system store stays trusted as well. The file is only
 * read when an AWS endpoint presents a certificate the system does not
 * trust: `AWS_CA_BUNDLE` often names the whole system bundle, and parsing
 * it costs tens of milliseconds.
 */
gboolean
td_http_add_aws_ca_file (TdHttp      *self,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TD_IS_HTTP (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("CA bundle %s does not exist or is not a regular file"), path);
      return FALSE;
    }

  /* Kept apart from the every-host bundles by a prefix in the same set. */
  key = g_strconcat ("aws:", path, NULL);
  if (g_hash_table_contains (self->ca_files, key))
    return TRUE;

  g_hash_table_add (self->ca_files, g_steal_pointer (&key));
  g_ptr_array_add (self->aws_ca_files, g_strdup (path));

  return TRUE;
}

static void
load_aws_ca_files (TdHttp *self)
{
  for (guint i = 0; i < self->aws_ca_files->len; i++)
    {
      const char *path = g_ptr_array_index (self->aws_ca_files, i);
      g_autoptr(GError) error = NULL;
      GTlsDatabase *database = load_ca_file (path, &error);

      if (database == NULL)
        {
          g_warning ("AWS_CA_BUNDLE: %s", error->message);
          continue;
        }

      g_debug ("Trusting the CAs of %s for AWS endpoints", path);
      g_ptr_array_add (self->aws_databases, database);
    }

  g_ptr_array_set_size (self->aws_ca_files, 0);
}

/* The Okta session cookie: `sid` on Classic orgs, `idx` on Identity Engine. */
static const char * const session_cookie_names[] = { "sid", "idx" };

/**
 * td_http_dup_session_cookie:
 * @self: a #TdHttp
 * @org_url: the Okta org
 * @expires: (out) (optional) (nullable): when the cookie expires, or %NULL
 *   for a cookie that lasts as long as the browser session
 *
 * Returns: (nullable): the value of the Okta session cookie for @org_url;
 *   a secret, freed with td_secret_free()
 */
char *
td_http_dup_session_cookie (TdHttp      *self,
                            const char  *org_url,
                            GDateTime  **expires)
{
  SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (self->session, SOUP_TYPE_COOKIE_JAR));
  g_autofree char *root = g_strconcat (org_url, "/", NULL);
  /* A cookie with Path=/ applies only to a URI whose path is "/". */
  g_autoptr(GUri) uri = g_uri_parse (root, G_URI_FLAGS_NONE, NULL);
  GSList *cookies;
  char *value = NULL;

  g_return_val_if_fail (TD_IS_HTTP (self), NULL);

  if (expires != NULL)
    *expires = NULL;
  if (jar == NULL || uri == NULL)
    return NULL;

  cookies = soup_cookie_jar_get_cookie_list (jar, uri, TRUE);
  for (GSList *l = cookies; l != NULL && value == NULL; l = l->next)
    {
      SoupCookie *cookie = l->data;

      for (guint i = 0; i < G_N_ELEMENTS (session_cookie_names); i++)
        {
          if (!g_str_equal (soup_cookie_get_name (cookie), session_cookie_names[i]))
            continue;

          value = g_strdup (soup_cookie_get_value (cookie));
          if (expires != NULL && soup_cookie_get_expires (cookie) != NULL)
            *expires = g_date_time_ref (soup_cookie_get_expires (cookie));
          break;
        }
    }
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);

  return value;
}

/**
 * td_http_set_session_cookie:
 *
 * Puts a stored Okta session cookie (`sid`) back into the cookie jar, so
 * that the next request to @org_url is made in that session.
 */
void
td_http_set_session_cookie (TdHttp     *self,
                            const char *org_url,
                            const char *value,
                            GDateTime  *expires)
{
  SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (self->session, SOUP_TYPE_COOKIE_JAR));
  g_autoptr(GUri) uri = g_uri_parse (org_url, G_URI_FLAGS_NONE, NULL);
  SoupCookie *cookie;

  g_return_if_fail (TD_IS_HTTP (self));
  g_return_if_fail (value != NULL);

  if (jar == NULL || uri == NULL || g_uri_get_host (uri) == NULL)
    return;

  cookie = soup_cookie_new ("sid", value, g_uri_get_host (uri), "/", -1);
  soup_cookie_set_secure (cookie, TRUE);
  soup_cookie_set_http_only (cookie, TRUE);
  if (expires != NULL)
    soup_cookie_set_expires (cookie, expires);
  soup_cookie_jar_add_cookie (jar, cookie);
}

char *
td_http_dup_origin (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  int port;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_scheme (uri) == NULL)
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if (port < 0 || (port == 443 && g_str_equal (g_uri_get_scheme (uri), "https")))
    return g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), host);

  return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), host, port);
}

/* Returns whether @url is on @origin; links and redirects are followed only
 * then, so that state and session tokens never leave the Okta org. */
gboolean
td_http_url_has_origin (const char *url,
                        const char *origin)
{
  g_autofree char *url_origin = td_http_dup_origin (url);
  g_autofree char *expected = td_http_dup_origin (origin);

  return url_origin != NULL && expected != NULL &&
         g_str_has_prefix (url_origin, "https://") &&
         g_str_equal (url_origin, expected);
}

/* The query and user info are left out: the query of a session redirect
 * carries a session token. */
char *
td_http_dup_loggable_url (GUri *uri)
{
  return g_uri_join (G_URI_FLAGS_NONE,
                     g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri),
                     g_uri_get_path (uri), NULL, NULL);
}

static gboolean
verify_with_databases (GPtrArray           *databases,
                       GTlsCertificate     *certificate,
                       GSocketConnectable  *identity)
{
  for (guint i = 0; i < databases->len; i++)
    {
      GTlsCertificateFlags flags;

      flags = g_tls_database_verify_chain (g_ptr_array_index (databases, i), certificate,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, NULL);
      if (flags == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  TdHttp *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GUri *uri = soup_message_get_uri (message);
  g_autoptr(GSocketConnectable) identity = NULL;

  /* Only an unknown issuer can be fixed by a CA bundle. An expired
   * certificate or a wrong host name is rejected whatever is trusted. The
   * bundles of every host are already in the session's TLS database; this
   * adds those of AWS endpoints. */
  if (errors != G_TLS_CERTIFICATE_UNKNOWN_CA || (request->flags & TD_HTTP_AWS) == 0)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));

  if ((request->flags & TD_HTTP_AWS) != 0)
    load_aws_ca_files (self);

  if ((request->flags & TD_HTTP_AWS) != 0 &&
      verify_with_databases (self->aws_databases, certificate, identity))
    return TRUE;

  return FALSE;
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  TdHttp *self = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    {
      self->handshake_count++;
      g_debug ("TLS handshake with %s", g_uri_get_host (soup_message_get_uri (message)));
    }
}

static void send_attempt (GTask *task);

static gboolean
retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;

  send_attempt (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
maybe_retry (GTask      *task,
             const char *reason)
{
  TdHttp *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint delay;

  if ((request->flags & TD_HTTP_RETRY_SAFE) == 0 || request->attempt >= MAX_ATTEMPTS)
    return FALSE;

  delay = self->retry_delay_ms << (request->attempt - 1);
  g_debug ("Retrying %s %s in %u ms (%s)", request->method,
           g_uri_get_host (soup_message_get_uri (request->message)), delay, reason);
  g_timeout_add (delay, retry_timeout_cb, g_object_ref (task));

  return TRUE;
}

static void
log_completion (Request *request)
{
  g_autofree char *url = td_http_dup_loggable_url (soup_message_get_uri (request->message));
  gint64 elapsed_ms = (g_get_monotonic_time () - request->started_at) / 1000;

  g_debug ("%s %s -> %u (%" G_GINT64_FORMAT " ms, %u bytes)", request->method, url,
           soup_message_get_status (request->message), elapsed_ms,
           request->received ? request->received->len : 0);
}

static void
set_transport_error (GError      **error,
                     Request      *request,
                     const GError *cause)
{
  GUri *uri = soup_message_get_uri (request->message);
  const char *host = g_uri_get_host (uri);

  if (g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      GTlsCertificateFlags flags = soup_message_get_tls_peer_certificate_errors (request->message);
      const char *reason = "the certificate is not valid";

      if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
        reason = "it is signed by an unknown certificate authority";
      else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
        reason = "it is for another host name";
      else if (flags & G_TLS_CERTIFICATE_EXPIRED)
        reason = "it has expired";

      g_set_error (error, TD_ERROR, TD_ERROR_NETWORK,
                   _("The TLS certificate of %s is not trusted: %s. If a proxy inspects "
                   "TLS traffic, give its CA certificate with --ca-bundle FILE or "
                   "ca_bundle in the okta_auth profile (AWS_CA_BUNDLE for AWS endpoints)"),
                   host, reason);
      return;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_NETWORK,
                   _("The request to %s timed out; check the network connection"), host);
      return;
    }

  g_set_error (error, TD_ERROR, TD_ERROR_NETWORK,
               _("The request to %s failed: %s"), host, cause->message);
}

static void
complete_request (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  stop_deadline (request);
  guint status = soup_message_get_status (request->message);
  g_autoptr(GBytes) body = NULL;

  log_completion (request);

  if ((status == TD_HTTP_STATUS_TOO_MANY_REQUESTS || status >= 500) &&
      maybe_retry (task, soup_message_get_reason_phrase (request->message)))
    return;

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->received));
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  g_object_unref (task);
}

static void
fail_attempt (GTask  *task,
              GError *cause)
{
  g_autoptr(GError) owned = cause;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  stop_deadline (request);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) && request->timed_out)
    {
      g_clear_error (&owned);
      owned = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, _("no complete reply within %d s"),
                           MAX_ATTEMPT_SECONDS);
      cause = owned;
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&owned));
      g_object_unref (task);
      return;
    }

  if (!g_error_matches (cause, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
      maybe_retry (task, cause->message))
    return;

  set_transport_error (&error, request, cause);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (request->stream, NULL, NULL);
      complete_request (task);
      return;
    }

  if (request->received->len + g_bytes_get_size (chunk) > MAX_BODY_SIZE)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                               _("The reply from %s is larger than %d MiB"),
                               g_uri_get_host (soup_message_get_uri (request->message)),
                               MAX_BODY_SIZE / (1024 * 1024));
      g_object_unref (task);
      return;
    }

  g_byte_array_append (request->received, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, read_chunk_cb, task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&request->stream);
  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  g_clear_pointer (&request->received, g_byte_array_unref);
  request->received = g_byte_array_new ();
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, read_chunk_cb, task);
}

static gboolean
attempt_deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
task_cancelled_cb (GCancellable *cancellable,
                   Request      *request)
{
  if (request->attempt_cancellable != NULL)
    g_cancellable_cancel (request->attempt_cancellable);
}

/* Each attempt gets a new message, so a retry never re-sends a body that
 * was already consumed. */
static void
send_attempt (GTask *task)
{
  TdHttp *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, request->url);
  g_assert (request->message != NULL);

  /* libsoup opens a new connection for every POST unless the message is
   * flagged as one that may reuse a connection. Each step of the sign-in is sent once, in
   * order, so reuse costs nothing and saves a TLS handshake per step. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  headers = soup_message_get_request_headers (request->message);
  if (request->accept != NULL)
    soup_message_headers_replace (headers, "Accept", request->accept);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type, request->body);

  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (accept_certificate_cb), task);
  g_signal_connect (request->message, "network-event", G_CALLBACK (network_event_cb), self);

  request->attempt++;
  request->started_at = g_get_monotonic_time ();
  self->request_count++;

  /* Each attempt gets its own cancellable: cancelled with the task's, or
   * when the attempt takes too long. */
  stop_deadline (request);
  g_clear_object (&request->attempt_cancellable);
  request->attempt_cancellable = g_cancellable_new ();
  request->timed_out = FALSE;
  if (g_task_get_cancellable (task) != NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    g_cancellable_cancel (request->attempt_cancellable);
  request->deadline_id = g_timeout_add_seconds (MAX_ATTEMPT_SECONDS, attempt_deadline_cb, request);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, send_cb, task);
}

/**
 * td_http_request_async:
 * @self: a #TdHttp
 * @method: the HTTP method
 * @url: an absolute `https` URL
 * @accept: (nullable): the Accept header
 * @content_type: (nullable): the type of @body
 * @body: (nullable): the request body
 * @flags: #TdHttpFlags
 *
 * Sends one request and reads its reply, up to 8 MiB. Redirects are not
 * followed. An HTTP error status is not a #GError: the caller checks the
 * status of the message that td_http_request_finish() returns.
 */
void
td_http_request_async (TdHttp              *self,
                       const char          *method,
                       const char          *url,
                       const char          *accept,
                       const char          *content_type,
                       GBytes              *body,
                       TdHttpFlags          flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  Request *request;

  g_return_if_fail (TD_IS_HTTP (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_http_request_async);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_CONFIG,
                               _("Refusing to send a request to a URL that is not an https URL"));
      return;
    }

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->url = g_strdup (url);
  request->accept = g_strdup (accept);
  request->content_type = g_strdup (content_type);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (cancellable != NULL)
    {
      request->task_cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb),
                                                     request, NULL);
    }

  send_attempt (g_steal_pointer (&task));
}

GBytes *
td_http_request_finish (TdHttp        *self,
                        GAsyncResult  *result,
                        SoupMessage  **message,
                        GError       **error)
{
  Request *request;
  GBytes *body;

  g_return_val_if_fail (TD_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  request = g_task_get_task_data (G_TASK (result));
  if (message != NULL)
    *message = body != NULL && request->message ? g_object_ref (request->message) : NULL;

  return body;
}

typedef struct {
  char  *url;
  char  *origin;
  guint  hops;
} PageRequest;

static void
page_request_free (PageRequest *page)
{
  g_free (page->url);
  g_free (page->origin);
  g_free (page);
}

static void get_page_hop (GTask *task);

static void
get_page_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PageRequest *page = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = td_http_request_finish (TD_HTTP (object), result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                           "Location");
      g_autoptr(GUri) base = g_uri_parse (page->url, G_URI_FLAGS_NONE, NULL);
      g_autoptr(GUri) target = NULL;
      g_autofree char *target_origin = NULL;

      if (location != NULL && base != NULL)
        target = g_uri_parse_relative (base, location, G_URI_FLAGS_NONE, NULL);
      if (target == NULL)
        {
          g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                                   _("Okta answered with a redirect (HTTP %u) without a valid Location"),
                                   status);
          return;
        }

      g_free (page->url);
      page->url = g_uri_to_string (target);
      if (!td_http_url_has_origin (page->url, page->origin))
        {
          target_origin = td_http_dup_origin (page->url);
          g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                                   _("Okta redirected to %s, outside the Okta org %s; the redirect "
                                   "was not followed so that no session token leaves the org"),
                                   target_origin ? target_origin : "an invalid URL", page->origin);
          return;
        }

      if (++page->hops > MAX_REDIRECTS)
        {
          g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                                   _("Okta redirected more than %d times; giving up"), MAX_REDIRECTS);
          return;
        }

      get_page_hop (g_steal_pointer (&task));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr(GUri) uri = g_uri_parse (page->url, G_URI_FLAGS_NONE, NULL);
      g_autofree char *loggable = uri ? td_http_dup_loggable_url (uri) : g_strdup (page->origin);

      g_task_return_new_error (task, TD_ERROR, TD_ERROR_SERVER,
                               _("Okta answered HTTP %u (%s) for %s"), status,
                               soup_message_get_reason_phrase (message), loggable);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

static void
get_page_hop (GTask *task)
{
  TdHttp *self = g_task_get_source_object (task);
  PageRequest *page = g_task_get_task_data (task);

  td_http_request_async (self, "GET", page->url, "text/html,application/xhtml+xml", NULL, NULL,
                         TD_HTTP_FLAGS_NONE, g_task_get_cancellable (task), get_page_cb, task);
}

/**
 * td_http_get_page_async:
 * @self: a #TdHttp
 * @url: the page to get
 * @origin: the only origin redirects may lead to
 *
 * Gets a page, following redirects only while they stay on @origin and on
 * `https`. A final status other than 2xx is a %TD_ERROR_SERVER error.
 */
void
td_http_get_page_async (TdHttp              *self,
                        const char          *url,
                        const char          *origin,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PageRequest *page;

  g_return_if_fail (TD_IS_HTTP (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (origin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_http_get_page_async);

  page = g_new0 (PageRequest, 1);
  page->url = g_strdup (url);
  page->origin = g_strdup (origin);
  g_task_set_task_data (task, page, (GDestroyNotify) page_request_free);

  if (!td_http_url_has_origin (url, origin))
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_CONFIG,
                               _("The page to open is not on the Okta org %s"), origin);
      return;
    }

  get_page_hop (g_steal_pointer (&task));
}

GBytes *
td_http_get_page_finish (TdHttp        *self,
                         GAsyncResult  *result,
                         char         **final_url,
                         GError       **error)
{
  PageRequest *page;
  GBytes *body;

  g_return_val_if_fail (TD_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  page = g_task_get_task_data (G_TASK (result));
  if (final_url != NULL)
    *final_url = body != NULL ? g_strdup (page->url) : NULL;

  return body;
}
