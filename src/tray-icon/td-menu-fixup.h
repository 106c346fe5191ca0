/* td-menu-fixup.h: correct the toggle properties libdbusmenu-gtk exports
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>
#include <libdbusmenu-glib/server.h>

G_BEGIN_DECLS

void td_menu_fixup_attach (GtkMenu        *menu,
                           DbusmenuServer *server);

G_END_DECLS
