/* td-sign-in-flow.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-sign-in-flow.h"

G_DEFINE_INTERFACE (TdSignInFlow, td_sign_in_flow, G_TYPE_OBJECT)

static void
td_sign_in_flow_default_init (TdSignInFlowInterface *iface)
{
}

void
td_sign_in_flow_sign_in_async (TdSignInFlow        *self,
                               const char          *state_token,
                               const char          *redirect_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (TD_IS_SIGN_IN_FLOW (self));
  g_return_if_fail (redirect_url != NULL);

  TD_SIGN_IN_FLOW_GET_IFACE (self)->sign_in_async (self, state_token, redirect_url,
                                                   cancellable, callback, user_data);
}

GBytes *
td_sign_in_flow_sign_in_finish (TdSignInFlow  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (TD_IS_SIGN_IN_FLOW (self), NULL);

  return TD_SIGN_IN_FLOW_GET_IFACE (self)->sign_in_finish (self, result, error);
}
