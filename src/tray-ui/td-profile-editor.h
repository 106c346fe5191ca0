/* td-profile-editor.h: the form for one profile of okta_auth
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-agent.h"

G_BEGIN_DECLS

/* The GSettings key that lists the profiles the agent refreshes by itself. */
#define TD_SETTINGS_KEY_AUTO_REFRESH "auto-refresh-profiles"

#define TD_TYPE_PROFILE_EDITOR (td_profile_editor_get_type ())

G_DECLARE_FINAL_TYPE (TdProfileEditor, td_profile_editor, TD, PROFILE_EDITOR, GtkBox)

void        td_profile_editor_set_settings (TdProfileEditor *self,
                                           GSettings        *settings);
void        td_profile_editor_set_agent   (TdProfileEditor  *self,
                                           TdAgent          *agent);
gboolean    td_profile_editor_load        (TdProfileEditor  *self,
                                           const char       *path,
                                           const char       *profile,
                                           GError          **error);
gboolean    td_profile_editor_save        (TdProfileEditor  *self,
                                           GError          **error);
const char *td_profile_editor_get_profile (TdProfileEditor  *self);

G_END_DECLS
