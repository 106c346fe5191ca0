/* td-tray-prompter.h: questions asked through notifications and dialogs
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-prompter.h"
#include "td-tray-application.h"

G_BEGIN_DECLS

#define TD_TYPE_TRAY_PROMPTER (td_tray_prompter_get_type ())

G_DECLARE_FINAL_TYPE (TdTrayPrompter, td_tray_prompter, TD, TRAY_PROMPTER, GObject)

TdTrayPrompter *td_tray_prompter_new              (TdTrayApplication *application,
                                                   const char        *profile,
                                                   gboolean           user_initiated);
gboolean        td_tray_prompter_get_remember     (TdTrayPrompter    *self);
void            td_tray_prompter_set_remember     (TdTrayPrompter    *self,
                                                   gboolean           remember);
const char     *td_tray_prompter_get_password     (TdTrayPrompter    *self);

G_END_DECLS
