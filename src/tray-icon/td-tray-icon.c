/* td-tray-icon.c: tokendito-tray-icon, the tray icon of the agent
 *
 * Shows the menu model that tokendito-tray exports on the session bus as a
 * StatusNotifierItem through libayatana-appindicator, with the agent's
 * actions inserted as "app", and follows the state of the agent's "icon"
 * action. The process exits when the agent's bus name disappears.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <locale.h>

#include <gtk/gtk.h>
#include <libayatana-appindicator/app-indicator.h>

#include "td-error.h"
#include "td-menu-fixup.h"

#define INDICATOR_ID "io.github.tokendito.Tokendito"
#define INDICATOR_TITLE "Tokendito"
#define ICON_ACTION "icon"
#define FALLBACK_ICON "io.github.tokendito.Tokendito-fresh-symbolic"
#define DEFAULT_OBJECT_PATH "/io/github/tokendito/Tokendito"
#define DEFAULT_MENU_PATH "/io/github/tokendito/Tokendito/menus/tray"

typedef struct {
  GMainLoop       *loop;
  GDBusConnection *connection;
  GDBusActionGroup *actions;
  GDBusMenuModel  *model;
  GtkWidget       *menu;
  AppIndicator    *indicator;
  guint            watch_id;
} TrayIcon;

static void
tray_icon_clear (TrayIcon *self)
{
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  g_clear_object (&self->indicator);
  g_clear_pointer (&self->menu, gtk_widget_destroy);
  g_clear_object (&self->model);
  g_clear_object (&self->actions);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrayIcon, tray_icon_clear)

static void
update_icon (TrayIcon *self)
{
  g_autoptr(GVariant) state = NULL;
  const char *icon_name = NULL;

  if (g_action_group_has_action (G_ACTION_GROUP (self->actions), ICON_ACTION))
    state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions), ICON_ACTION);

  if (state != NULL && g_variant_is_of_type (state, G_VARIANT_TYPE_STRING))
    icon_name = g_variant_get_string (state, NULL);

  if (icon_name == NULL || *icon_name == '\0')
    {
      g_debug ("Action app.%s is missing or its state is not a non-empty string; showing %s",
               ICON_ACTION, FALLBACK_ICON);
      icon_name = FALLBACK_ICON;
    }

  g_debug ("Showing icon %s", icon_name);
  app_indicator_set_icon_full (self->indicator, icon_name, INDICATOR_TITLE);
}

static void
action_added_or_removed_cb (GActionGroup *group,
                 const char   *action_name,
                 gpointer      user_data)
{
  if (g_str_equal (action_name, ICON_ACTION))
    update_icon (user_data);
}

static void
action_state_changed_cb (GActionGroup *group,
                         const char   *action_name,
                         GVariant     *state,
                         gpointer      user_data)
{
  if (g_str_equal (action_name, ICON_ACTION))
    update_icon (user_data);
}

static void
agent_vanished_cb (GDBusConnection *connection,
                   const char      *name,
                   gpointer         user_data)
{
  TrayIcon *self = user_data;

  g_debug ("Agent %s left the session bus; exiting", name);
  g_main_loop_quit (self->loop);
}

static void
follow_icon_action (TrayIcon *self)
{
  g_signal_connect (self->actions, "action-added", G_CALLBACK (action_added_or_removed_cb), self);
  g_signal_connect (self->actions, "action-removed", G_CALLBACK (action_added_or_removed_cb), self);
  g_signal_connect (self->actions, "action-state-changed",
                    G_CALLBACK (action_state_changed_cb), self);

  /* A GDBusActionGroup fetches the actions only when first queried. This
   * query starts that, shows the fallback icon until the reply arrives,
   * and "action-added" then shows the agent's icon. */
  update_icon (self);
}

static void
tray_icon_start (TrayIcon   *self,
                 const char *agent,
                 const char *object_path,
                 const char *menu_path)
{
  DbusmenuServer *server = NULL;

  self->loop = g_main_loop_new (NULL, FALSE);

  /* Watch before anything else, so an agent that is already gone ends the
   * process instead of leaving an empty icon behind. */
  self->watch_id = g_bus_watch_name_on_connection (self->connection, agent,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   NULL, agent_vanished_cb, self, NULL);

  self->actions = g_dbus_action_group_get (self->connection, agent, object_path);
  self->model = g_dbus_menu_model_get (self->connection, agent, menu_path);
  self->menu = g_object_ref_sink (gtk_menu_new_from_model (G_MENU_MODEL (self->model)));
  gtk_widget_insert_action_group (self->menu, "app", G_ACTION_GROUP (self->actions));

  self->indicator = app_indicator_new (INDICATOR_ID, FALLBACK_ICON,
                                       APP_INDICATOR_CATEGORY_APPLICATION_STATUS);
  app_indicator_set_title (self->indicator, INDICATOR_TITLE);
  app_indicator_set_status (self->indicator, APP_INDICATOR_STATUS_ACTIVE);
  app_indicator_set_menu (self->indicator, GTK_MENU (self->menu));
  g_object_get (self->indicator, "dbus-menu-server", &server, NULL);
  td_menu_fixup_attach (GTK_MENU (self->menu), server);
  g_object_unref (server);

  follow_icon_action (self);
  g_debug ("Showing the menu %s of agent %s (actions at %s)", menu_path, agent, object_path);
}

static gboolean
check_options (const char  *agent,
               const char  *object_path,
               const char  *menu_path,
               GError     **error)
{
  if (agent == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "missing --agent: give the bus name of tokendito-tray");
      return FALSE;
    }

  if (!g_dbus_is_name (agent))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "invalid --agent \"%s\": give a D-Bus bus name such as :1.42", agent);
      return FALSE;
    }

  if (!g_variant_is_object_path (object_path))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "invalid --object-path \"%s\": give a D-Bus object path such as %s",
                   object_path, DEFAULT_OBJECT_PATH);
      return FALSE;
    }

  if (!g_variant_is_object_path (menu_path))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "invalid --menu-path \"%s\": give a D-Bus object path such as %s",
                   menu_path, DEFAULT_MENU_PATH);
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(TrayIcon) self = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *object_path = g_strdup (DEFAULT_OBJECT_PATH);
  g_autofree char *menu_path = g_strdup (DEFAULT_MENU_PATH);
  const GOptionEntry entries[] = {
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent,
      "Bus name of the tokendito-tray agent whose menu is shown", "BUS_NAME" },
    { "object-path", 0, 0, G_OPTION_ARG_STRING, &object_path,
      "Object path of the agent's actions (org.gtk.Actions)", "PATH" },
    { "menu-path", 0, 0, G_OPTION_ARG_STRING, &menu_path,
      "Object path of the agent's tray menu (org.gtk.Menus)", "PATH" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  /* The tray host draws the menu and this process never does, so GL and
   * the accessibility bridge would only cost memory. With GL, GTK 3.24
   * mapped Mesa and LLVM at display open: 77 MB RSS instead of 21 MB, as
   * the first GTK 3 client of a fresh Xvfb display (tests/tray). */
  g_setenv ("GDK_GL", "disable", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Show the menu of the Tokendito agent as a tray icon.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gtk_get_option_group (FALSE));

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !check_options (agent, object_path, menu_path, &error))
    {
      g_printerr ("tokendito-tray-icon: %s\n", error->message);
      return TD_EXIT_CONFIG;
    }

  if (!gtk_init_check (&argc, &argv))
    {
      g_printerr ("tokendito-tray-icon: cannot open the display \"%s\"; set DISPLAY or WAYLAND_DISPLAY\n",
                  g_getenv ("DISPLAY") != NULL ? g_getenv ("DISPLAY") : "");
      return TD_EXIT_FAILURE;
    }

  self.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (self.connection == NULL)
    {
      g_printerr ("tokendito-tray-icon: cannot connect to the session bus: %s\n", error->message);
      return TD_EXIT_FAILURE;
    }

  tray_icon_start (&self, agent, object_path, menu_path);
  g_main_loop_run (self.loop);

  return TD_EXIT_OK;
}
