/* td-okta-classic.h: sign-in through the Okta Classic authentication API
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-http.h"
#include "td-prompter.h"
#include "td-sign-in-flow.h"

G_BEGIN_DECLS

#define TD_TYPE_OKTA_CLASSIC (td_okta_classic_get_type ())

G_DECLARE_FINAL_TYPE (TdOktaClassic, td_okta_classic, TD, OKTA_CLASSIC, GObject)

TdOktaClassic *td_okta_classic_new               (TdHttp        *http,
                                                  TdPrompter    *prompter,
                                                  const char    *org_url);
void           td_okta_classic_set_credentials   (TdOktaClassic *self,
                                                  const char    *username,
                                                  const char    *password);
void           td_okta_classic_set_mfa           (TdOktaClassic *self,
                                                  const char    *method,
                                                  const char    *response);
void           td_okta_classic_set_poll_interval (TdOktaClassic *self,
                                                  guint          milliseconds);
void           td_okta_classic_set_push_timeout  (TdOktaClassic *self,
                                                  guint          seconds);
const char * const *td_okta_classic_get_factor_methods (TdOktaClassic *self);

G_END_DECLS
