/* td-refresh.h: one refresh of one profile, from sign-in to the AWS files
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-http.h"
#include "td-prompter.h"
#include "td-secret-store.h"
#include "td-settings.h"

G_BEGIN_DECLS

/**
 * TdRefreshResult:
 * @profile: the AWS profile written
 * @profile_origin: where the profile name came from (`--aws-profile`,
 *   `AWS_PROFILE`, `okta_auth [prod]`, `role name`)
 * @role_arn: the role assumed
 * @credentials_path: the credentials file written
 * @config_path: the config file written
 * @expiration: when the credentials expire (UTC)
 * @duration: the session length obtained, in seconds
 * @requested_duration: the session length first asked for, in seconds
 * @signed_in: whether the refresh signed in to Okta, rather than reusing
 *   the session in the cookie jar
 * @roles: the role ARNs the SAML assertion offered
 * @factor_methods: (nullable): the supported MFA factors Okta listed, as
 *   `provider:type` methods, or %NULL when no MFA was asked for
 */
typedef struct {
  char      *profile;
  char      *profile_origin;
  char      *role_arn;
  char      *credentials_path;
  char      *config_path;
  GDateTime *expiration;
  gint64     duration;
  gint64     requested_duration;
  gboolean   signed_in;
  GStrv      roles;
  GStrv      factor_methods;
} TdRefreshResult;

void td_refresh_result_free (TdRefreshResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRefreshResult, td_refresh_result_free)

#define TD_TYPE_REFRESH (td_refresh_get_type ())

G_DECLARE_FINAL_TYPE (TdRefresh, td_refresh, TD, REFRESH, GObject)

TdRefresh       *td_refresh_new             (TdSettings          *settings,
                                             TdPrompter          *prompter,
                                             const char * const  *envp);
TdHttp          *td_refresh_get_http        (TdRefresh           *self);
void             td_refresh_set_http        (TdRefresh           *self,
                                             TdHttp              *http);
void             td_refresh_set_try_session (TdRefresh           *self,
                                             gboolean             try_session);
void             td_refresh_set_secret_store (TdRefresh          *self,
                                              TdSecretStore      *store,
                                              gboolean            report_errors);
void             td_refresh_run_async       (TdRefresh           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
TdRefreshResult *td_refresh_run_finish      (TdRefresh           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
