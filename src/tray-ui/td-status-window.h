/* td-status-window.h: the window listing the profiles and their state
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-agent.h"

G_BEGIN_DECLS

#define TD_TYPE_STATUS_WINDOW (td_status_window_get_type ())

G_DECLARE_FINAL_TYPE (TdStatusWindow, td_status_window, TD, STATUS_WINDOW, GtkWindow)

GtkWidget *td_status_window_new (GtkApplication *application,
                                 TdAgent        *agent);

G_END_DECLS
