/* td-http.h: the one HTTP session of a run
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* libsoup 3.2 has no name for this status. */
#define TD_HTTP_STATUS_TOO_MANY_REQUESTS 429

/**
 * TdHttpFlags:
 * @TD_HTTP_FLAGS_NONE: no flags
 * @TD_HTTP_RETRY_SAFE: sending the request again has no further effect on the
 *   server, so it is retried with backoff on 429, 5xx and transport errors
 * @TD_HTTP_AWS: the request goes to an AWS endpoint, where `AWS_CA_BUNDLE`
 *   applies as well
 */
typedef enum {
  TD_HTTP_FLAGS_NONE = 0,
  TD_HTTP_RETRY_SAFE = 1 << 0,
  TD_HTTP_AWS        = 1 << 1,
} TdHttpFlags;

#define TD_TYPE_HTTP (td_http_get_type ())

G_DECLARE_FINAL_TYPE (TdHttp, td_http, TD, HTTP, GObject)

TdHttp   *td_http_new                   (void);
gboolean  td_http_add_ca_file           (TdHttp               *self,
                                         const char           *path,
                                         GError              **error);
void      td_http_add_late_ca_file      (TdHttp               *self,
                                         const char           *path);
gboolean  td_http_add_aws_ca_file       (TdHttp               *self,
                                         const char           *path,
                                         GError              **error);
void      td_http_set_retry_delay       (TdHttp               *self,
                                         guint                 milliseconds);
guint     td_http_get_request_count     (TdHttp               *self);
guint     td_http_get_handshake_count   (TdHttp               *self);
SoupSession *td_http_get_session        (TdHttp               *self);

void      td_http_request_async         (TdHttp               *self,
                                         const char           *method,
                                         const char           *url,
                                         const char           *accept,
                                         const char           *content_type,
                                         GBytes               *body,
                                         TdHttpFlags           flags,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GBytes   *td_http_request_finish        (TdHttp               *self,
                                         GAsyncResult         *result,
                                         SoupMessage         **message,
                                         GError              **error);

void      td_http_get_page_async        (TdHttp               *self,
                                         const char           *url,
                                         const char           *origin,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GBytes   *td_http_get_page_finish       (TdHttp               *self,
                                         GAsyncResult         *result,
                                         char                **final_url,
                                         GError              **error);

char     *td_http_dup_session_cookie    (TdHttp               *self,
                                         const char           *org_url,
                                         GDateTime           **expires);
void      td_http_set_session_cookie    (TdHttp               *self,
                                         const char           *org_url,
                                         const char           *value,
                                         GDateTime            *expires);

char     *td_http_dup_origin            (const char           *url);
gboolean  td_http_url_has_origin        (const char           *url,
                                         const char           *origin);
char     *td_http_dup_loggable_url      (GUri                 *uri);

G_END_DECLS
