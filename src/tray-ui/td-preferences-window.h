/* td-preferences-window.h: the profiles of okta_auth and the application settings
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-agent.h"

G_BEGIN_DECLS

/* The application settings (refresh-margin, start-at-login, …). */
#define TD_SETTINGS_SCHEMA_ID "io.github.tokendito.Tokendito"

#define TD_TYPE_PREFERENCES_WINDOW (td_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TdPreferencesWindow, td_preferences_window, TD, PREFERENCES_WINDOW, GtkWindow)

void       td_preferences_window_set_agent (TdPreferencesWindow *self,
                                            TdAgent             *agent);
GtkWidget *td_preferences_window_new (GtkApplication *application,
                                      const char     *path,
                                      GSettings      *settings);

G_END_DECLS
