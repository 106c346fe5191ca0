/* td-ui-application.h: the window process of the tray application
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TD_TYPE_UI_APPLICATION (td_ui_application_get_type ())

G_DECLARE_FINAL_TYPE (TdUiApplication, td_ui_application, TD, UI_APPLICATION, GtkApplication)

TdUiApplication *td_ui_application_new             (void);
int              td_ui_application_get_exit_status (TdUiApplication *self);

G_END_DECLS
