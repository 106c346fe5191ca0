/* td-preferences-window.c: the profiles of okta_auth and the application settings
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-ini.h"
#include "td-settings.h"
#include "td-profile-editor.h"
#include "td-preferences-window.h"

/**
 * TdPreferencesWindow:
 *
 * Two pages. “Profiles” lists the sections of the settings file
 * (`okta_auth`) with actions to add, edit and remove one; editing happens in
 * a #TdProfileEditor. “Application” binds the GSettings keys
 * `refresh-margin` (minutes), `start-at-login` and `notify-on-success`; keys
 * the installed schema lacks are hidden, and without the schema the page
 * says so instead.
 */
struct _TdPreferencesWindow
{
  GtkWindow        parent_instance;

  char            *path;
  GSettings       *settings;

  GtkListBox      *profile_list;
  GtkEntry        *new_profile_entry;
  GtkLabel        *error_label;
  TdProfileEditor *editor;
  GtkLabel        *settings_unavailable_label;
  GtkWidget       *settings_grid;
  GtkSpinButton   *refresh_margin_spin;
  GtkSwitch       *start_at_login_switch;
  GtkSwitch       *notify_switch;
};

G_DEFINE_FINAL_TYPE (TdPreferencesWindow, td_preferences_window, GTK_TYPE_WINDOW)

static void
show_error (TdPreferencesWindow *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
get_selected_profile (TdPreferencesWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->profile_list);

  return row != NULL ? gtk_widget_get_name (GTK_WIDGET (row)) : NULL;
}

static GtkListBoxRow *
append_row (TdPreferencesWindow *self,
            const char          *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_set (label, "margin-top", 8, "margin-bottom", 8, "margin-start", 12, "margin-end", 12, NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_name (row, name);
  gtk_list_box_append (self->profile_list, row);

  return GTK_LIST_BOX_ROW (row);
}

/* Lists the profiles of the file again and selects @select, or the first
 * profile when @select is %NULL or gone. */
static void
reload_profiles (TdPreferencesWindow *self,
                 const char          *select)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = NULL;
  g_autofree char *wanted = g_strdup (select);
  GtkListBoxRow *selected = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list))) != NULL)
    gtk_list_box_remove (self->profile_list, child);

  profiles = td_settings_list_profiles (self->path, &error);
  if (profiles == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; profiles[i] != NULL; i++)
    {
      GtkListBoxRow *row = append_row (self, profiles[i]);

      if (selected == NULL || g_strcmp0 (profiles[i], wanted) == 0)
        selected = row;
    }

  gtk_list_box_select_row (self->profile_list, selected);
}

static void
row_selected_cb (TdPreferencesWindow *self,
                 GtkListBoxRow       *row)
{
  g_autoptr(GError) error = NULL;
  const char *profile = row != NULL ? gtk_widget_get_name (GTK_WIDGET (row)) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.remove-profile", profile != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), FALSE);
  if (profile == NULL)
    return;

  if (!td_profile_editor_load (self->editor, self->path, profile, &error))
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->editor), TRUE);
}

static void
profile_saved_cb (TdPreferencesWindow *self,
                  const char          *profile)
{
  reload_profiles (self, profile);
}

static void
add_profile_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_profile_entry))));
  g_autoptr(GError) error = NULL;

  if (name[0] == '\0')
    {
      show_error (self, _("Type a name for the new profile first."));
      return;
    }

  if (!td_ini_check_section_name (name, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* The profile reaches the file when the editor saves it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_str_equal (gtk_widget_get_name (child), name))
        {
          gtk_list_box_select_row (self->profile_list, GTK_LIST_BOX_ROW (child));
          gtk_editable_set_text (GTK_EDITABLE (self->new_profile_entry), "");
          return;
        }
    }

  gtk_list_box_select_row (self->profile_list, append_row (self, name));
  gtk_editable_set_text (GTK_EDITABLE (self->new_profile_entry), "");
}

static void
new_profile_activate_cb (TdPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.add-profile", NULL);
}

static void
forget_auto_refresh (TdPreferencesWindow *self,
                     const char          *profile)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  if (self->settings == NULL)
    return;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, TD_SETTINGS_KEY_AUTO_REFRESH))
    return;

  names = g_settings_get_strv (self->settings, TD_SETTINGS_KEY_AUTO_REFRESH);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_str_equal (names[i], profile))
        g_strv_builder_add (builder, names[i]);
    }

  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, TD_SETTINGS_KEY_AUTO_REFRESH, (const char * const *) kept);
}

static void
remove_response_cb (GtkDialog           *dialog,
                    int                  response,
                    TdPreferencesWindow *self)
{
  g_autofree char *profile = g_strdup (g_object_get_data (G_OBJECT (dialog), "td-profile"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) profiles = NULL;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT)
    return;

  /* A profile that was added but never saved is not in the file, and
   * removing it only drops its row. */
  profiles = td_settings_list_profiles (self->path, &error);
  if (profiles == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (g_strv_contains ((const char * const *) profiles, profile)
      && !td_settings_remove_profile (self->path, profile, &error))
    {
      show_error (self, error->message);
      return;
    }

  forget_auto_refresh (self, profile);
  reload_profiles (self, NULL);
}

static void
remove_profile_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (widget);
  const char *profile = get_selected_profile (self);
  g_autofree char *path = self->path != NULL ? g_strdup (self->path) : td_settings_dup_default_path ();
  GtkWidget *dialog;

  if (profile == NULL)
    return;

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove the profile [%s]?"), profile);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Its section, with the comments inside it, is deleted from %s. "
                                              "Credentials already written to the AWS files stay."), path);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Remove"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "destructive-action");
  g_object_set_data_full (G_OBJECT (dialog), "td-profile", g_strdup (profile), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
td_preferences_window_dispose (GObject *object)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (object);

  /* Removing the rows selects none, and the editor may be gone by then. */
  if (self->profile_list != NULL)
    g_signal_handlers_disconnect_by_data (self->profile_list, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (td_preferences_window_parent_class)->dispose (object);
}

static void
td_preferences_window_finalize (GObject *object)
{
  TdPreferencesWindow *self = TD_PREFERENCES_WINDOW (object);

  g_free (self->path);

  G_OBJECT_CLASS (td_preferences_window_parent_class)->finalize (object);
}

static void
td_preferences_window_class_init (TdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_preferences_window_dispose;
  object_class->finalize = td_preferences_window_finalize;

  gtk_widget_class_install_action (widget_class, "prefs.add-profile", NULL, add_profile_cb);
  gtk_widget_class_install_action (widget_class, "prefs.remove-profile", NULL, remove_profile_cb);

  g_type_ensure (TD_TYPE_PROFILE_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-preferences-window.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "add_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "remove_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, profile_list);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, new_profile_entry);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, settings_unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, refresh_margin_spin);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, start_at_login_switch);
  gtk_widget_class_bind_template_child (widget_class, TdPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, profile_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_profile_activate_cb);
}

static void
td_preferences_window_init (TdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.remove-profile", FALSE);
}

/* Binds @key to @property of @widget, or hides @widget and its label when
 * the schema lacks the key. */
static void
bind_setting (TdPreferencesWindow *self,
              GSettingsSchema     *schema,
              const char          *key,
              gpointer             widget,
              const char          *property)
{
  GtkWidget *label = gtk_widget_get_prev_sibling (GTK_WIDGET (widget));

  if (!g_settings_schema_has_key (schema, key))
    {
      g_debug ("The schema %s has no key %s; hiding its control", TD_SETTINGS_SCHEMA_ID, key);
      gtk_widget_set_visible (GTK_WIDGET (widget), FALSE);
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  g_settings_bind (self->settings, key, widget, property, G_SETTINGS_BIND_DEFAULT);
}

static void
bind_settings (TdPreferencesWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->settings_unavailable_label), self->settings == NULL);
  gtk_widget_set_visible (self->settings_grid, self->settings != NULL);
  if (self->settings == NULL)
    return;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  bind_setting (self, schema, "refresh-margin", self->refresh_margin_spin, "value");
  bind_setting (self, schema, "start-at-login", self->start_at_login_switch, "active");
  bind_setting (self, schema, "notify-on-success", self->notify_switch, "active");
}

/**
 * td_preferences_window_set_agent:
 * @self: a #TdPreferencesWindow
 * @agent: (nullable): the running agent, which offers the factors and roles
 *   it has seen
 */
void
td_preferences_window_set_agent (TdPreferencesWindow *self,
                                 TdAgent             *agent)
{
  g_return_if_fail (TD_IS_PREFERENCES_WINDOW (self));

  td_profile_editor_set_agent (self->editor, agent);
}

/**
 * td_preferences_window_new:
 * @application: (nullable): the application
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @settings: (nullable): the application settings (schema
 *   `io.github.tokendito.Tokendito`), or %NULL when the schema is not
 *   installed
 *
 * Creates the preferences window with the first profile selected.
 *
 * Returns: (transfer none): the window, not yet shown; GTK owns it until it
 *   is destroyed
 */
GtkWidget *
td_preferences_window_new (GtkApplication *application,
                           const char     *path,
                           GSettings      *settings)
{
  TdPreferencesWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TD_TYPE_PREFERENCES_WINDOW, "application", application, NULL);
  self->path = g_strdup (path);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;

  td_profile_editor_set_settings (self->editor, settings);
  bind_settings (self);
  reload_profiles (self, NULL);

  return GTK_WIDGET (self);
}
