/* td-menu-fixup.c: correct the toggle properties libdbusmenu-gtk exports
 *
 * GTK 3 builds every item of a menu made from a GMenuModel as a
 * GtkCheckMenuItem subclass (GtkModelMenuItem), so libdbusmenu-gtk 16.04
 * exports each one with toggle-type "checkmark" and toggle-state 0, and
 * StatusNotifierItem hosts draw an empty checkbox beside every entry. The
 * parser also updates toggle-state only when an item is activated, before the
 * new action state has come back over D-Bus. This file rewrites both
 * properties from the item's real role and state.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "td-menu-fixup.h"

#include <libdbusmenu-glib/server.h>
#include <libdbusmenu-gtk/parser.h>

#define FIXUP_CONNECTED_KEY "td-menu-fixup-connected"
#define FIXUP_IDLE_KEY "td-menu-fixup-idle"

static void fixup_shell (GtkMenuShell *shell,
                         GtkMenu      *root);

/* GTK 3.24's GtkModelMenuItem always returns NORMAL from its "action-role"
 * getter, but it does set the matching ATK role, so the role is read there. */
static const char *
get_toggle_type (GtkWidget *widget)
{
  AtkRole role;

  if (!GTK_IS_CHECK_MENU_ITEM (widget))
    return NULL;

  role = atk_object_get_role (gtk_widget_get_accessible (widget));
  if (role == ATK_ROLE_CHECK_MENU_ITEM)
    return DBUSMENU_MENUITEM_TOGGLE_CHECK;
  if (role == ATK_ROLE_RADIO_MENU_ITEM)
    return DBUSMENU_MENUITEM_TOGGLE_RADIO;

  return NULL;
}

static void
sync_toggle_properties (GtkWidget *widget)
{
  DbusmenuMenuitem *item;
  const char *toggle_type;
  gboolean active;

  item = dbusmenu_gtk_parse_get_cached_item (widget);
  if (item == NULL)
    {
      g_debug ("Menu item %p has no exported dbusmenu item yet; its toggle properties stay as they are",
               widget);
      return;
    }

  toggle_type = get_toggle_type (widget);
  if (toggle_type == NULL)
    {
      dbusmenu_menuitem_property_remove (item, DBUSMENU_MENUITEM_PROP_TOGGLE_TYPE);
      dbusmenu_menuitem_property_remove (item, DBUSMENU_MENUITEM_PROP_TOGGLE_STATE);
      return;
    }

  active = gtk_check_menu_item_get_active (GTK_CHECK_MENU_ITEM (widget));
  dbusmenu_menuitem_property_set (item, DBUSMENU_MENUITEM_PROP_TOGGLE_TYPE, toggle_type);
  dbusmenu_menuitem_property_set_int (item, DBUSMENU_MENUITEM_PROP_TOGGLE_STATE,
                                      active ? DBUSMENU_MENUITEM_TOGGLE_STATE_CHECKED
                                             : DBUSMENU_MENUITEM_TOGGLE_STATE_UNCHECKED);
}

static void
item_notify_cb (GtkWidget  *widget,
                GParamSpec *pspec,
                gpointer    user_data)
{
  sync_toggle_properties (widget);
}

static void
item_activate_cb (GtkWidget *widget,
                  gpointer   user_data)
{
  sync_toggle_properties (widget);
}

/* Handlers are connected after the parser's own, so they run last and
 * their values are the ones exported. */
static void
fixup_item (GtkWidget *widget,
            GtkMenu   *root)
{
  GtkWidget *submenu;

  if (!GTK_IS_MENU_ITEM (widget) || GTK_IS_SEPARATOR_MENU_ITEM (widget))
    return;

  if (g_object_get_data (G_OBJECT (widget), FIXUP_CONNECTED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (widget), FIXUP_CONNECTED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_after (widget, "notify::action-role", G_CALLBACK (item_notify_cb), NULL);
      g_signal_connect_after (widget, "notify::active", G_CALLBACK (item_notify_cb), NULL);
      g_signal_connect_after (widget, "activate", G_CALLBACK (item_activate_cb), NULL);
    }

  sync_toggle_properties (widget);

  submenu = gtk_menu_item_get_submenu (GTK_MENU_ITEM (widget));
  if (submenu != NULL)
    fixup_shell (GTK_MENU_SHELL (submenu), root);
}

static gboolean
fixup_idle_cb (gpointer user_data)
{
  GtkMenu *root = user_data;

  g_object_set_data (G_OBJECT (root), FIXUP_IDLE_KEY, NULL);
  g_debug ("Correcting the toggle properties of the exported menu");
  fixup_shell (GTK_MENU_SHELL (root), root);

  return G_SOURCE_REMOVE;
}

/* libdbusmenu-gtk creates the exported items of new widgets, and sets
 * their toggle properties, in its own handlers, so the fix-up runs in an
 * idle after them. One idle covers any number of changes, such as a whole
 * section being rebuilt. */
static void
schedule_fixup (GtkMenu *root)
{
  guint idle_id;

  if (g_object_get_data (G_OBJECT (root), FIXUP_IDLE_KEY) != NULL)
    return;

  idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fixup_idle_cb, g_object_ref (root),
                             g_object_unref);
  g_object_set_data (G_OBJECT (root), FIXUP_IDLE_KEY, GUINT_TO_POINTER (idle_id));
}

static void
layout_updated_cb (DbusmenuServer *server,
                   guint           revision,
                   int             parent_id,
                   gpointer        user_data)
{
  schedule_fixup (GTK_MENU (user_data));
}

/* NOTE: no test reaches this handler alone, because the layout and the
 * item handlers above already trigger the fix-up. It covers the parser
 * setting a toggle property again on an existing item. The fix-up's own
 * changes emit this signal as well, and the idle they schedule then finds
 * nothing to change, so it does not repeat. */
static void
item_property_updated_cb (DbusmenuServer *server,
                          int             item_id,
                          const char     *property,
                          GVariant       *value,
                          gpointer        user_data)
{
  if (g_str_equal (property, DBUSMENU_MENUITEM_PROP_TOGGLE_TYPE) ||
      g_str_equal (property, DBUSMENU_MENUITEM_PROP_TOGGLE_STATE))
    schedule_fixup (GTK_MENU (user_data));
}

static void
fixup_shell (GtkMenuShell *shell,
             GtkMenu      *root)
{
  g_autoptr(GList) children = NULL;

  children = gtk_container_get_children (GTK_CONTAINER (shell));
  for (GList *l = children; l != NULL; l = l->next)
    fixup_item (GTK_WIDGET (l->data), root);
}

/**
 * td_menu_fixup_attach:
 * @menu: the menu passed to app_indicator_set_menu()
 * @server: the indicator's #DbusmenuServer (its "dbus-menu-server" property)
 *
 * Rewrites toggle-type and toggle-state of every item of @menu and its
 * submenus as @server exports them: plain items lose both, check and radio
 * items get the state of their action. The fix-up runs again in an idle
 * whenever the exported layout or a toggle property changes, for example
 * when the menu model changes or the parser rebuilds its items.
 */
void
td_menu_fixup_attach (GtkMenu        *menu,
                      DbusmenuServer *server)
{
  g_return_if_fail (GTK_IS_MENU (menu));
  g_return_if_fail (DBUSMENU_IS_SERVER (server));

  g_signal_connect_object (server, DBUSMENU_SERVER_SIGNAL_LAYOUT_UPDATED,
                           G_CALLBACK (layout_updated_cb), menu, G_CONNECT_AFTER);
  g_signal_connect_object (server, DBUSMENU_SERVER_SIGNAL_ID_PROP_UPDATE,
                           G_CALLBACK (item_property_updated_cb), menu, G_CONNECT_AFTER);
  fixup_shell (GTK_MENU_SHELL (menu), menu);
}
