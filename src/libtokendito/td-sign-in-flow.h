/* td-sign-in-flow.h: one way of signing in to an Okta org
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TD_TYPE_SIGN_IN_FLOW (td_sign_in_flow_get_type ())

G_DECLARE_INTERFACE (TdSignInFlow, td_sign_in_flow, TD, SIGN_IN_FLOW, GObject)

/**
 * TdSignInFlowInterface:
 * @sign_in_async: signs in, then opens @redirect_url with the new Okta
 *   session; @state_token continues a transaction that Okta started itself
 *   (a step-up page), or is %NULL for a fresh sign-in
 * @sign_in_finish: returns the body of the page at @redirect_url
 *
 * The Okta Classic authentication API is one implementation. Others (the
 * Identity Engine IDX API, a stored session) return the same thing: the
 * app page, reached with a session in the shared HTTP cookie jar.
 */
struct _TdSignInFlowInterface
{
  GTypeInterface parent_iface;

  void    (*sign_in_async)  (TdSignInFlow        *self,
                             const char          *state_token,
                             const char          *redirect_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
  GBytes *(*sign_in_finish) (TdSignInFlow        *self,
                             GAsyncResult        *result,
                             GError             **error);
};

void    td_sign_in_flow_sign_in_async  (TdSignInFlow        *self,
                                        const char          *state_token,
                                        const char          *redirect_url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GBytes *td_sign_in_flow_sign_in_finish (TdSignInFlow        *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
