/* td-status-window.c: the window listing the profiles and their state
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-status-window.h"

/**
 * TdStatusWindow:
 *
 * Lists the agent's profiles (`GetProfiles`) with their state, and reloads
 * them on `ProfilesChanged`. Its buttons activate the agent's own actions
 * (`refresh::NAME`, `refresh-all`, `quit`), inserted on the window under the
 * `agent.` prefix so that they do not shadow this process's `app.` actions.
 */
struct _TdStatusWindow
{
  GtkWindow     parent_instance;

  TdAgent      *agent;
  GCancellable *cancellable;

  GtkListBox   *profile_list;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (TdStatusWindow, td_status_window, GTK_TYPE_WINDOW)

static void
td_status_window_dispose (GObject *object)
{
  TdStatusWindow *self = TD_STATUS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->agent != NULL)
    g_signal_handlers_disconnect_by_data (self->agent, self);
  g_clear_object (&self->agent);

  G_OBJECT_CLASS (td_status_window_parent_class)->dispose (object);
}

static void
td_status_window_class_init (TdStatusWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = td_status_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-status-window.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "refresh_all_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "preferences_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "quit_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdStatusWindow, profile_list);
  gtk_widget_class_bind_template_child (widget_class, TdStatusWindow, error_label);
}

static void
td_status_window_init (TdStatusWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
create_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A row: the profile name, its state text, and a button that activates the
 * agent's `refresh` action with the profile name as target. */
static GtkWidget *
create_row (const char *name,
            const char *state,
            const char *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Re_fresh"));
  g_autofree char *tooltip = g_strdup_printf (_("Refresh the credentials of %s now"), name);

  gtk_box_append (GTK_BOX (text_box), create_label (name, "td-profile-name"));
  gtk_box_append (GTK_BOX (text_box), create_label (label[0] != '\0' ? label : state, "dim-label"));
  gtk_widget_set_hexpand (text_box, TRUE);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agent.refresh");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (name));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), text_box);
  gtk_box_append (GTK_BOX (box), button);
  g_object_set (box, "margin-top", 6, "margin-bottom", 6, "margin-start", 12, "margin-end", 12, NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, name);

  return row;
}

static void
clear_list (TdStatusWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list))) != NULL)
    gtk_list_box_remove (self->profile_list, child);
}

static void
profiles_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TdStatusWindow *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *name, *state, *label;
  gint64 expiration;

  reply = td_agent_call_finish (TD_AGENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TD_STATUS_WINDOW (user_data);
  if (reply == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot read the profiles from Tokendito: %s"),
                                               error->message);

      g_warning ("GetProfiles failed: %s", error->message);
      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  clear_list (self);

  g_variant_get (reply, "(a(sssx))", &iter);
  while (g_variant_iter_next (iter, "(&s&s&sx)", &name, &state, &label, &expiration))
    gtk_list_box_append (self->profile_list, create_row (name, state, label));
}

static void
reload (TdStatusWindow *self)
{
  td_agent_call (self->agent, "GetProfiles", NULL, G_VARIANT_TYPE ("(a(sssx))"),
                 self->cancellable, profiles_cb, self);
}

/**
 * td_status_window_new:
 * @application: (nullable): the application
 * @agent: the agent
 *
 * Creates the status window and starts reading the profiles.
 *
 * Returns: (transfer none): the window, not yet shown; GTK owns it until it
 *   is destroyed
 */
GtkWidget *
td_status_window_new (GtkApplication *application,
                      TdAgent        *agent)
{
  TdStatusWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TD_IS_AGENT (agent), NULL);

  self = g_object_new (TD_TYPE_STATUS_WINDOW, "application", application, NULL);
  self->agent = g_object_ref (agent);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "agent", td_agent_get_actions (agent));
  g_signal_connect_swapped (agent, "profiles-changed", G_CALLBACK (reload), self);
  reload (self);

  return GTK_WIDGET (self);
}
