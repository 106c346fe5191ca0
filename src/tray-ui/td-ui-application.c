/* td-ui-application.c: the window process of the tray application
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-error.h"
#include "td-agent.h"
#include "td-prompt.h"
#include "td-code-dialog.h"
#include "td-password-dialog.h"
#include "td-choice-dialog.h"
#include "td-status-window.h"
#include "td-preferences-window.h"
#include "td-ui-application.h"

/**
 * TdUiApplication:
 *
 * `tokendito-tray-ui --agent BUS_NAME (--preferences | --status | --prompt ID)`.
 * The agent starts one process per window it needs. Each process is not
 * unique and opens one window. It exits when its last window closes or
 * when the agent leaves the session bus. `--preferences` also works without an
 * agent, on the settings file alone.
 */
struct _TdUiApplication
{
  GtkApplication  parent_instance;

  char           *agent_name;
  gboolean        show_preferences;
  gboolean        show_status;
  gint64          prompt_id;

  TdAgent        *agent;
  GSettings      *settings;
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (TdUiApplication, td_ui_application, GTK_TYPE_APPLICATION)

/* Exit status for a command line that cannot be run, as the CLI uses. */
#define EXIT_USAGE 2

static const GOptionEntry option_entries[] = {
  { "agent", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Bus name of the tokendito-tray agent that started this window"), N_("BUS_NAME") },
  { "preferences", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the preferences window"), NULL },
  { "status", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the status window (needs --agent)"), NULL },
  { "prompt", 0, 0, G_OPTION_ARG_INT64, NULL,
    N_("Show the dialog for the agent's prompt ID (needs --agent)"), N_("ID") },
  { NULL }
};

/* Returns the settings file: $TOKENDITO_CONFIG_FILE when set, so that tests
 * and scripts can point at another file, or NULL for ~/.aws/okta_auth. */
static const char *
get_settings_path (void)
{
  const char *path = g_getenv ("TOKENDITO_CONFIG_FILE");

  return path != NULL && path[0] != '\0' ? path : NULL;
}

/* Returns the application settings, or NULL when the schema is not
 * installed; g_settings_new() would abort the process instead. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, TD_SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("The GSettings schema %s is not installed; the application settings "
                 "cannot be changed", TD_SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
show_preferences (TdUiApplication *self)
{
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (TD_IS_PREFERENCES_WINDOW (l->data))
        window = l->data;
    }

  if (window == NULL)
    {
      if (self->settings == NULL)
        self->settings = create_settings ();
      window = GTK_WINDOW (td_preferences_window_new (GTK_APPLICATION (self), get_settings_path (),
                                                      self->settings));
      if (self->agent != NULL)
        td_preferences_window_set_agent (TD_PREFERENCES_WINDOW (window), self->agent);
    }

  gtk_window_present (window);
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  show_preferences (TD_UI_APPLICATION (user_data));
}

static GtkWidget *
create_dialog (TdUiApplication *self,
               TdPrompt        *prompt)
{
  switch (td_prompt_get_kind (prompt))
    {
    case TD_AGENT_PROMPT_PASSWORD:
      return td_password_dialog_new (GTK_APPLICATION (self), prompt);
    case TD_AGENT_PROMPT_PASSCODE:
    case TD_AGENT_PROMPT_ANSWER:
      return td_code_dialog_new (GTK_APPLICATION (self), prompt);
    case TD_AGENT_PROMPT_CHOOSE_FACTOR:
    case TD_AGENT_PROMPT_CHOOSE_ROLE:
      return td_choice_dialog_new (GTK_APPLICATION (self), prompt);
    default:
      g_assert_not_reached ();
    }
}

static void
prompt_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TdUiApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = NULL;

  prompt = td_prompt_load_finish (TD_AGENT (source), result, &error);
  if (prompt == NULL)
    {
      g_printerr ("tokendito-tray-ui: %s\n", error->message);
      self->exit_status = TD_EXIT_FAILURE;
    }
  else
    gtk_window_present (GTK_WINDOW (create_dialog (self, prompt)));

  /* Released after the dialog exists, so that the application does not
   * quit in between. */
  g_application_release (G_APPLICATION (self));
}

static void
agent_vanished_cb (TdUiApplication *self)
{
  g_debug ("The agent left; closing every window");
  g_application_quit (G_APPLICATION (self));
}

static gboolean
connect_agent (TdUiApplication  *self,
               GError          **error)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));

  if (connection == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   "There is no session bus, so the agent %s cannot be reached",
                   self->agent_name);
      return FALSE;
    }

  self->agent = td_agent_new (connection, self->agent_name, error);
  if (self->agent == NULL)
    return FALSE;

  g_signal_connect_object (self->agent, "vanished", G_CALLBACK (agent_vanished_cb), self,
                           G_CONNECT_SWAPPED);

  return TRUE;
}

static void
td_ui_application_activate (GApplication *application)
{
  TdUiApplication *self = TD_UI_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (self->agent_name != NULL && self->agent == NULL && !connect_agent (self, &error))
    {
      g_printerr ("tokendito-tray-ui: %s\n", error->message);
      self->exit_status = TD_EXIT_FAILURE;
      return;
    }

  if (self->show_preferences)
    {
      show_preferences (self);
      return;
    }

  if (self->show_status)
    {
      gtk_window_present (GTK_WINDOW (td_status_window_new (GTK_APPLICATION (self), self->agent)));
      return;
    }

  g_application_hold (application);
  td_prompt_load_async (self->agent, (guint) self->prompt_id, NULL, prompt_loaded_cb,
                        g_object_ref (self));
}

/* Checks the options before anything connects; returns an exit status, or
 * -1 to go on. */
static int
td_ui_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  TdUiApplication *self = TD_UI_APPLICATION (application);
  guint n_windows;

  g_variant_dict_lookup (options, "agent", "s", &self->agent_name);
  self->show_preferences = g_variant_dict_contains (options, "preferences");
  self->show_status = g_variant_dict_contains (options, "status");
  self->prompt_id = -1;
  g_variant_dict_lookup (options, "prompt", "x", &self->prompt_id);

  n_windows = self->show_preferences + self->show_status + (self->prompt_id != -1);
  if (n_windows != 1)
    {
      g_printerr (_("tokendito-tray-ui: give exactly one of --preferences, --status and --prompt ID\n"));
      return EXIT_USAGE;
    }

  if (self->prompt_id != -1 && (self->prompt_id < 0 || self->prompt_id > G_MAXUINT32))
    {
      g_printerr (_("tokendito-tray-ui: the prompt ID %lld is out of range; "
                    "use the ID the agent passed\n"), (long long) self->prompt_id);
      return EXIT_USAGE;
    }

  if (self->agent_name == NULL && !self->show_preferences)
    {
      g_printerr (_("tokendito-tray-ui: --status and --prompt need --agent BUS_NAME; "
                    "the tokendito-tray agent passes it\n"));
      return EXIT_USAGE;
    }

  return -1;
}

static void
td_ui_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "preferences", preferences_action_cb },
  };

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (td_ui_application_parent_class)->startup (application);

  /* GtkApplication, unlike AdwApplication, does not load style.css itself. */
  gtk_css_provider_load_from_resource (css, "/io/github/tokendito/Tokendito/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);
}

static void
td_ui_application_dispose (GObject *object)
{
  TdUiApplication *self = TD_UI_APPLICATION (object);

  g_clear_object (&self->agent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (td_ui_application_parent_class)->dispose (object);
}

static void
td_ui_application_finalize (GObject *object)
{
  TdUiApplication *self = TD_UI_APPLICATION (object);

  g_free (self->agent_name);

  G_OBJECT_CLASS (td_ui_application_parent_class)->finalize (object);
}

static void
td_ui_application_class_init (TdUiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = td_ui_application_dispose;
  object_class->finalize = td_ui_application_finalize;
  application_class->activate = td_ui_application_activate;
  application_class->startup = td_ui_application_startup;
  application_class->handle_local_options = td_ui_application_handle_local_options;
}

static void
td_ui_application_init (TdUiApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Shows a window of the Tokendito tray application."));
}

/**
 * td_ui_application_get_exit_status:
 * @self: the application
 *
 * Returns: %TD_EXIT_FAILURE when the agent or its prompt could not be
 *   read, otherwise %TD_EXIT_OK
 */
int
td_ui_application_get_exit_status (TdUiApplication *self)
{
  g_return_val_if_fail (TD_IS_UI_APPLICATION (self), TD_EXIT_FAILURE);

  return self->exit_status;
}

/**
 * td_ui_application_new:
 *
 * Returns: (transfer full): the application
 */
TdUiApplication *
td_ui_application_new (void)
{
  return g_object_new (TD_TYPE_UI_APPLICATION,
                       "application-id", "io.github.tokendito.Tokendito.Ui",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/tokendito/Tokendito/ui",
                       NULL);
}
