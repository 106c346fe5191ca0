/* td-tray-application.h: the agent that keeps profiles fresh
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

#include "td-prompter.h"

G_BEGIN_DECLS

#define TD_TYPE_TRAY_APPLICATION (td_tray_application_get_type ())

G_DECLARE_FINAL_TYPE (TdTrayApplication, td_tray_application, TD, TRAY_APPLICATION, GApplication)

TdTrayApplication *td_tray_application_new        (void);
guint              td_tray_application_add_prompt (TdTrayApplication *self,
                                                   const char        *kind,
                                                   const char        *profile,
                                                   const char        *message,
                                                   GPtrArray         *choices,
                                                   gboolean           open_now,
                                                   GTask             *task);
void               td_tray_application_remove_prompt (TdTrayApplication *self,
                                                      guint              id);
void               td_tray_application_show_challenge (TdTrayApplication *self,
                                                       const char        *profile,
                                                       const char        *number);
void               td_tray_application_notify     (TdTrayApplication *self,
                                                   const char        *profile,
                                                   TdNotice           kind,
                                                   const char        *message);

G_END_DECLS
