/* td-profile-editor.c: the form for one profile of okta_auth
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-settings.h"
#include "td-agent.h"
#include "td-profile-editor.h"

/**
 * TdProfileEditor:
 *
 * Edits one profile (section) of the settings file `okta_auth`. The form
 * shows the profile's own values; values it inherits from `[default]` appear
 * as placeholder text. Saving checks the app URL, role ARN and AWS profile
 * name, shows what is wrong next to the form, and writes the section with
 * td_settings_save_profile(), which keeps comments and other profiles. The
 * “Refresh automatically” switch edits the GSettings key
 * `auto-refresh-profiles` and is hidden when no #GSettings is set.
 */

/* The fields of the form, in the order of the settings file. */
typedef enum {
  FIELD_APP_URL,
  FIELD_USERNAME,
  FIELD_MFA_METHOD,
  FIELD_ROLE_ARN,
  FIELD_AWS_PROFILE,
  FIELD_AWS_REGION,
  FIELD_AWS_OUTPUT,
  N_FIELDS
} Field;

static const char * const field_keys[N_FIELDS] = {
  [FIELD_APP_URL] = TD_SETTING_OKTA_AWS_APP_URL,
  [FIELD_USERNAME] = TD_SETTING_OKTA_USERNAME,
  [FIELD_MFA_METHOD] = TD_SETTING_MFA_METHOD,
  [FIELD_ROLE_ARN] = TD_SETTING_ROLE_ARN,
  [FIELD_AWS_PROFILE] = TD_SETTING_AWS_PROFILE,
  [FIELD_AWS_REGION] = TD_SETTING_AWS_REGION,
  [FIELD_AWS_OUTPUT] = TD_SETTING_AWS_OUTPUT,
};

struct _TdProfileEditor
{
  GtkBox       parent_instance;

  GSettings   *settings;
  TdAgent     *agent;
  GCancellable *choices_cancellable;
  GtkListStore *roles;
  GHashTable  *offered_factors;
  char        *path;
  char        *profile;
  /* Whether the profile's own section has the key, so that emptying a
   * field writes an empty value instead of leaving the old one. */
  gboolean     in_file[N_FIELDS];

  GtkEntry    *entries[N_FIELDS];
  char        *placeholders[N_FIELDS];

  GtkLabel    *heading_label;
  GtkEntry    *app_url_entry;
  GtkLabel    *app_url_error_label;
  GtkEntry    *username_entry;
  GtkComboBox *mfa_combo;
  GtkEntry    *role_arn_entry;
  GtkEntry    *aws_profile_entry;
  GtkEntry    *region_entry;
  GtkComboBox *output_combo;
  GtkSwitch   *auto_refresh_switch;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (TdProfileEditor, td_profile_editor, GTK_TYPE_BOX)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  /* The error is already shown next to the form. */
  if (!td_profile_editor_save (TD_PROFILE_EDITOR (widget), &error))
    g_debug ("Profile not saved: %s", error->message);
}

static void
app_url_changed_cb (TdProfileEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->app_url_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->app_url_entry), "error");
}

static void
td_profile_editor_dispose (GObject *object)
{
  TdProfileEditor *self = TD_PROFILE_EDITOR (object);

  g_cancellable_cancel (self->choices_cancellable);
  g_clear_object (&self->choices_cancellable);
  g_clear_object (&self->agent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (td_profile_editor_parent_class)->dispose (object);
}

static void
td_profile_editor_finalize (GObject *object)
{
  TdProfileEditor *self = TD_PROFILE_EDITOR (object);

  g_free (self->path);
  g_free (self->profile);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->placeholders[i]);
  g_clear_object (&self->roles);
  g_clear_pointer (&self->offered_factors, g_hash_table_unref);

  G_OBJECT_CLASS (td_profile_editor_parent_class)->finalize (object);
}

static void
td_profile_editor_class_init (TdProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_profile_editor_dispose;
  object_class->finalize = td_profile_editor_finalize;

  /**
   * TdProfileEditor::saved:
   * @profile: the profile name
   *
   * The profile was written to the settings file.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action_cb);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-profile-editor.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "save_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, app_url_entry);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, app_url_error_label);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, username_entry);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, mfa_combo);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, role_arn_entry);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, aws_profile_entry);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, region_entry);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, output_combo);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, auto_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, TdProfileEditor, error_label);
}

static void
td_profile_editor_init (TdProfileEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entries[FIELD_APP_URL] = self->app_url_entry;
  self->entries[FIELD_USERNAME] = self->username_entry;
  self->entries[FIELD_MFA_METHOD] = GTK_ENTRY (gtk_combo_box_get_child (self->mfa_combo));
  self->entries[FIELD_ROLE_ARN] = self->role_arn_entry;
  self->entries[FIELD_AWS_PROFILE] = self->aws_profile_entry;
  self->entries[FIELD_AWS_REGION] = self->region_entry;
  self->entries[FIELD_AWS_OUTPUT] = GTK_ENTRY (gtk_combo_box_get_child (self->output_combo));

  for (guint i = 0; i < N_FIELDS; i++)
    self->placeholders[i] = g_strdup (gtk_entry_get_placeholder_text (self->entries[i]));

  g_signal_connect_swapped (self->app_url_entry, "changed", G_CALLBACK (app_url_changed_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->auto_refresh_switch), FALSE);

  /* Roles seen by the agent complete the role ARN as it is typed. */
  self->offered_factors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->roles = gtk_list_store_new (1, G_TYPE_STRING);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  {
    g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

    gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->roles));
    gtk_entry_completion_set_text_column (completion, 0);
    gtk_entry_completion_set_minimum_key_length (completion, 0);
    gtk_entry_set_completion (self->role_arn_entry, completion);
  }
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/**
 * td_profile_editor_set_settings:
 * @self: the editor
 * @settings: (nullable): the application settings, with the key
 *   `auto-refresh-profiles` of type `as`
 *
 * Sets where the “Refresh automatically” switch is stored. Without it, or
 * when the key is missing, the switch is hidden.
 */
void
td_profile_editor_set_settings (TdProfileEditor *self,
                                GSettings       *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  gboolean usable = FALSE;

  g_return_if_fail (TD_IS_PROFILE_EDITOR (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);

  if (settings != NULL)
    {
      g_object_get (settings, "settings-schema", &schema, NULL);
      usable = g_settings_schema_has_key (schema, TD_SETTINGS_KEY_AUTO_REFRESH);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->auto_refresh_switch), usable);
  if (!usable)
    g_clear_object (&self->settings);
}

static const char *
get_field (TdProfileEditor *self,
           Field            field)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entries[field]));
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Shows a value inherited from [default] as the placeholder of an empty
 * field, so that the user sees what applies without copying it. */
static void
show_field (TdProfileEditor *self,
            TdSettings      *settings,
            Field            field,
            gboolean         profile_exists)
{
  const char *value = td_settings_get (settings, field_keys[field]);
  gboolean own = profile_exists
                 && td_settings_get_source (settings, field_keys[field]) == TD_SETTING_SOURCE_FILE_PROFILE;
  g_autofree char *inherited = NULL;

  self->in_file[field] = own;
  gtk_editable_set_text (GTK_EDITABLE (self->entries[field]), own ? value : "");

  if (!own && value != NULL)
    {
      inherited = g_strdup_printf (_("%s (from [default])"), value);
      gtk_entry_set_placeholder_text (self->entries[field], inherited);
    }
  else
    {
      gtk_entry_set_placeholder_text (self->entries[field], self->placeholders[field]);
    }
}

static void
show_auto_refresh (TdProfileEditor *self)
{
  g_auto(GStrv) names = NULL;

  if (self->settings == NULL)
    return;

  names = g_settings_get_strv (self->settings, TD_SETTINGS_KEY_AUTO_REFRESH);
  gtk_switch_set_active (self->auto_refresh_switch, g_strv_contains ((const char * const *) names,
                                                                     self->profile));
}

static void
known_choices_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TdProfileEditor) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **factors = NULL;
  g_autofree const char **roles = NULL;

  reply = td_agent_call_finish (TD_AGENT (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("No known factors and roles: %s", error->message);
      return;
    }

  g_variant_get (reply, "(^a&s^a&s)", &factors, &roles);

  for (guint i = 0; factors[i] != NULL; i++)
    {
      if (g_hash_table_contains (self->offered_factors, factors[i]))
        continue;
      g_hash_table_add (self->offered_factors, g_strdup (factors[i]));
      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (self->mfa_combo), factors[i]);
    }

  gtk_list_store_clear (self->roles);
  for (guint i = 0; roles[i] != NULL; i++)
    gtk_list_store_insert_with_values (self->roles, NULL, -1, 0, roles[i], -1);
}

/* Asks the agent which factors Okta listed and which roles the app
 * offered for this profile, once a refresh has seen them, and offers
 * them in the MFA method list and as role ARN completions. */
static void
request_known_choices (TdProfileEditor *self)
{
  if (self->agent == NULL || self->profile == NULL)
    return;

  g_cancellable_cancel (self->choices_cancellable);
  g_clear_object (&self->choices_cancellable);
  self->choices_cancellable = g_cancellable_new ();

  td_agent_call (self->agent, "GetKnownChoices", g_variant_new ("(s)", self->profile),
                 G_VARIANT_TYPE ("(asas)"), self->choices_cancellable, known_choices_cb,
                 g_object_ref (self));
}

/**
 * td_profile_editor_set_agent:
 * @self: a #TdProfileEditor
 * @agent: (nullable): the running agent, asked for the factors and roles
 *   it has seen
 */
void
td_profile_editor_set_agent (TdProfileEditor *self,
                             TdAgent         *agent)
{
  g_return_if_fail (TD_IS_PROFILE_EDITOR (self));

  g_set_object (&self->agent, agent);
  request_known_choices (self);
}

/**
 * td_profile_editor_load:
 * @self: the editor
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @profile: the profile to edit; a name the file lacks starts a new profile
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Fills the form with @profile as the settings file has it.
 *
 * Returns: %TRUE on success; on error the form is unchanged
 */
gboolean
td_profile_editor_load (TdProfileEditor  *self,
                        const char       *path,
                        const char       *profile,
                        GError          **error)
{
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_auto(GStrv) profiles = NULL;
  g_autofree char *heading = NULL;
  gboolean exists;

  g_return_val_if_fail (TD_IS_PROFILE_EDITOR (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  profiles = td_settings_list_profiles (path, error);
  if (profiles == NULL)
    return FALSE;

  /* A new profile is shown with what [default] would give it. */
  exists = g_strv_contains ((const char * const *) profiles, profile);
  if (!td_settings_load_file (settings, path, exists ? profile : "default", error))
    return FALSE;

  g_free (self->path);
  self->path = g_strdup (path);
  g_free (self->profile);
  self->profile = g_strdup (profile);

  for (guint i = 0; i < N_FIELDS; i++)
    show_field (self, settings, i, exists);

  if (exists)
    heading = g_strdup_printf (_("Profile [%s]"), profile);
  else
    heading = g_strdup_printf (_("New profile [%s]"), profile);
  gtk_label_set_text (self->heading_label, heading);
  show_error (self->error_label, NULL);
  show_error (self->app_url_error_label, NULL);
  show_auto_refresh (self);
  request_known_choices (self);

  return TRUE;
}

/* Checks the app URL, the role ARN and the AWS profile name, and shows the
 * first problem next to its field. */
static gboolean
check_fields (TdProfileEditor  *self,
              GError          **error)
{
  g_autofree char *file_name = g_path_get_basename (self->path != NULL ? self->path : "okta_auth");
  g_autofree char *origin = g_strdup_printf ("%s [%s]", file_name, self->profile);
  g_autoptr(TdSettings) settings = td_settings_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = g_strstrip (g_strdup (get_field (self, FIELD_APP_URL)));

  if (url[0] != '\0' && !td_settings_check_app_url (url, origin, &local_error))
    {
      show_error (self->app_url_error_label, local_error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->app_url_entry), "error");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  td_settings_set (settings, TD_SETTING_ROLE_ARN, get_field (self, FIELD_ROLE_ARN),
                   TD_SETTING_SOURCE_FILE_PROFILE, origin);
  td_settings_set (settings, TD_SETTING_AWS_PROFILE, get_field (self, FIELD_AWS_PROFILE),
                   TD_SETTING_SOURCE_FILE_PROFILE, origin);
  if (!td_settings_validate (settings, &local_error))
    {
      show_error (self->error_label, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
save_auto_refresh (TdProfileEditor *self)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) new_names = NULL;
  gboolean wanted;

  if (self->settings == NULL)
    return;

  names = g_settings_get_strv (self->settings, TD_SETTINGS_KEY_AUTO_REFRESH);
  wanted = gtk_switch_get_active (self->auto_refresh_switch);
  if (wanted == g_strv_contains ((const char * const *) names, self->profile))
    return;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_str_equal (names[i], self->profile))
        g_strv_builder_add (builder, names[i]);
    }
  if (wanted)
    g_strv_builder_add (builder, self->profile);

  new_names = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, TD_SETTINGS_KEY_AUTO_REFRESH, (const char * const *) new_names);
}

/**
 * td_profile_editor_save:
 * @self: the editor
 * @error: return location for a %TD_ERROR_CONFIG or %TD_ERROR_AWS_FILES error
 *
 * Checks the form, writes the profile to the settings file and stores the
 * “Refresh automatically” switch. Values are stripped of outer white space.
 * Errors are also shown in the form. An emptied field is written as an
 * empty value, which tokendito reads as unset.
 *
 * Returns: %TRUE if the profile was written
 */
gboolean
td_profile_editor_save (TdProfileEditor  *self,
                        GError          **error)
{
  const char *keys[N_FIELDS + 1] = { NULL };
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  guint n = 0;

  g_return_val_if_fail (TD_IS_PROFILE_EDITOR (self), FALSE);
  g_return_val_if_fail (self->profile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  show_error (self->error_label, NULL);
  if (!check_fields (self, error))
    return FALSE;

  /* NOTE: td_settings_save_profile() cannot remove a key, so an emptied
   * field leaves `key =` in the section, and [default] then applies. */
  for (guint i = 0; i < N_FIELDS; i++)
    {
      char *value = g_strstrip (g_strdup (get_field (self, i)));

      if (value[0] == '\0' && !self->in_file[i])
        {
          g_free (value);
          continue;
        }

      keys[n++] = field_keys[i];
      g_ptr_array_add (values, value);
    }
  g_ptr_array_add (values, NULL);

  if (!td_settings_save_profile (self->path, self->profile, keys,
                                 (const char * const *) values->pdata, &local_error))
    {
      show_error (self->error_label, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < N_FIELDS; i++)
    self->in_file[i] |= get_field (self, i)[0] != '\0';

  save_auto_refresh (self);
  g_signal_emit (self, signals[SAVED], 0, self->profile);

  return TRUE;
}

/**
 * td_profile_editor_get_profile:
 * @self: the editor
 *
 * Returns: (nullable): the profile being edited, or %NULL before the first
 *   td_profile_editor_load()
 */
const char *
td_profile_editor_get_profile (TdProfileEditor *self)
{
  g_return_val_if_fail (TD_IS_PROFILE_EDITOR (self), NULL);

  return self->profile;
}
