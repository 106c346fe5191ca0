/* td-secret-store.h: Okta passwords and sessions in the Secret Service
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TdOktaSession:
 * @cookie: the value of Okta's `sid` cookie, a secret
 * @expires: when Okta ends the session (UTC)
 *
 * An Okta session kept between runs, so that a refresh can sign in again
 * without the password or MFA. The cookie is wiped when the structure is
 * freed.
 */
typedef struct {
  char      *cookie;
  GDateTime *expires;
} TdOktaSession;

TdOktaSession *td_okta_session_new  (const char    *cookie,
                                     GDateTime     *expires);
void           td_okta_session_free (TdOktaSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdOktaSession, td_okta_session_free)

#define TD_TYPE_SECRET_STORE (td_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (TdSecretStore, td_secret_store, TD, SECRET_STORE, GObject)

TdSecretStore *td_secret_store_new                   (void);

void           td_secret_store_store_password_async  (TdSecretStore        *self,
                                                      const char           *org,
                                                      const char           *user,
                                                      const char           *password,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       td_secret_store_store_password_finish (TdSecretStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void           td_secret_store_lookup_password_async  (TdSecretStore       *self,
                                                       const char          *org,
                                                       const char          *user,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char          *td_secret_store_lookup_password_finish (TdSecretStore       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

void           td_secret_store_clear_password_async  (TdSecretStore        *self,
                                                      const char           *org,
                                                      const char           *user,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       td_secret_store_clear_password_finish (TdSecretStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void           td_secret_store_store_session_async   (TdSecretStore        *self,
                                                      const char           *org,
                                                      const char           *user,
                                                      const char           *cookie_value,
                                                      GDateTime            *expires,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       td_secret_store_store_session_finish  (TdSecretStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void           td_secret_store_lookup_session_async  (TdSecretStore        *self,
                                                      const char           *org,
                                                      const char           *user,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
TdOktaSession *td_secret_store_lookup_session_finish (TdSecretStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void           td_secret_store_clear_session_async   (TdSecretStore        *self,
                                                      const char           *org,
                                                      const char           *user,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean       td_secret_store_clear_session_finish  (TdSecretStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
