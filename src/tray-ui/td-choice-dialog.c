/* td-choice-dialog.c: the dialog for choosing an MFA factor or an AWS role
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-prompter.h"
#include "td-choice-dialog.h"

/**
 * TdChoiceDialog:
 *
 * Lists the choices of a `choose-factor` or `choose-role` prompt. Entries
 * with a group (the AWS account of a role) are listed under a header per
 * group; disabled entries are shown greyed out and cannot be selected. OK or
 * activating a row sends `AnswerChoice` with the index of the entry in the
 * prompt; Cancel, Escape or closing the window sends `CancelPrompt`.
 */
struct _TdChoiceDialog
{
  GtkWindow   parent_instance;

  TdPrompt   *prompt;

  GtkLabel   *heading_label;
  GtkLabel   *message_label;
  GtkListBox *choice_list;
  GtkButton  *ok_button;
};

G_DEFINE_FINAL_TYPE (TdChoiceDialog, td_choice_dialog, GTK_TYPE_WINDOW)

/* The index of the choice in the prompt, stored on each row. */
#define CHOICE_INDEX_KEY "td-choice-index"
#define CHOICE_GROUP_KEY "td-choice-group"

static int
get_row_index (GtkListBoxRow *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), CHOICE_INDEX_KEY));
}

static void
answer (TdChoiceDialog *self,
        GtkListBoxRow  *row)
{
  if (row == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (row)))
    return;

  td_prompt_answer_choice (self->prompt, get_row_index (row));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ok_clicked_cb (TdChoiceDialog *self)
{
  answer (self, gtk_list_box_get_selected_row (self->choice_list));
}

static void
row_activated_cb (TdChoiceDialog *self,
                  GtkListBoxRow  *row)
{
  answer (self, row);
}

static void
row_selected_cb (TdChoiceDialog *self,
                 GtkListBoxRow  *row)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), row != NULL);
}

static void
cancel_clicked_cb (TdChoiceDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
td_choice_dialog_close_request (GtkWindow *window)
{
  TdChoiceDialog *self = TD_CHOICE_DIALOG (window);

  td_prompt_cancel (self->prompt);

  return GTK_WINDOW_CLASS (td_choice_dialog_parent_class)->close_request (window);
}

static void
prompt_closed_cb (TdChoiceDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
td_choice_dialog_dispose (GObject *object)
{
  TdChoiceDialog *self = TD_CHOICE_DIALOG (object);

  /* Removing the rows selects none, and the OK button may be gone by then. */
  if (self->choice_list != NULL)
    g_signal_handlers_disconnect_by_data (self->choice_list, self);
  if (self->prompt != NULL)
    g_signal_handlers_disconnect_by_data (self->prompt, self);
  g_clear_object (&self->prompt);

  G_OBJECT_CLASS (td_choice_dialog_parent_class)->dispose (object);
}

static void
td_choice_dialog_class_init (TdChoiceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = td_choice_dialog_dispose;
  window_class->close_request = td_choice_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-choice-dialog.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdChoiceDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TdChoiceDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TdChoiceDialog, choice_list);
  gtk_widget_class_bind_template_child (widget_class, TdChoiceDialog, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
}

static void
td_choice_dialog_init (TdChoiceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The group is stored on the row, because headers are also updated while
 * the dialog is disposed, after the prompt is gone. */
static const char *
get_row_group (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), CHOICE_GROUP_KEY);
}

/* Puts a header above the first row of each group. Rows keep the order of
 * the prompt, so a group split by another one gets a second header rather
 * than rows that move away from the index the agent expects. */
static void
update_header_cb (GtkListBoxRow *row,
                  GtkListBoxRow *before,
                  gpointer       user_data)
{
  const char *group = get_row_group (row);
  GtkWidget *header;

  if (group == NULL
      || (before != NULL && g_strcmp0 (group, get_row_group (before)) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (group);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "td-group-header");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
create_row (TdChoice *choice,
            guint     index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (choice->label);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_start (label, choice->group != NULL ? 24 : 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data (G_OBJECT (row), CHOICE_INDEX_KEY, GUINT_TO_POINTER (index));
  g_object_set_data_full (G_OBJECT (row), CHOICE_GROUP_KEY, g_strdup (choice->group), g_free);

  if (!choice->enabled)
    {
      gtk_widget_set_sensitive (row, FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_tooltip_text (row, _("This entry cannot be used with Tokendito"));
    }

  return row;
}

static void
fill_list (TdChoiceDialog *self)
{
  GPtrArray *choices = td_prompt_get_choices (self->prompt);
  GtkWidget *first_enabled = NULL;

  for (guint i = 0; i < choices->len; i++)
    {
      TdChoice *choice = g_ptr_array_index (choices, i);
      GtkWidget *row = create_row (choice, i);

      gtk_list_box_append (self->choice_list, row);
      if (first_enabled == NULL && choice->enabled)
        first_enabled = row;
    }

  gtk_list_box_set_header_func (self->choice_list, update_header_cb, NULL, NULL);
  if (first_enabled != NULL)
    gtk_list_box_select_row (self->choice_list, GTK_LIST_BOX_ROW (first_enabled));
}

/**
 * td_choice_dialog_new:
 * @application: (nullable): the application
 * @prompt: a `choose-factor` or `choose-role` prompt
 *
 * Creates the dialog for @prompt. It closes itself when the prompt is
 * answered, cancelled or withdrawn by the agent.
 *
 * Returns: (transfer none): the dialog, not yet shown; GTK owns it until it
 *   is destroyed
 */
GtkWidget *
td_choice_dialog_new (GtkApplication *application,
                      TdPrompt       *prompt)
{
  TdChoiceDialog *self;
  g_autofree char *heading = NULL;
  const char *title, *message;
  gboolean is_role;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TD_IS_PROMPT (prompt), NULL);

  self = g_object_new (TD_TYPE_CHOICE_DIALOG, "application", application, NULL);
  self->prompt = g_object_ref (prompt);
  g_signal_connect_swapped (prompt, "closed", G_CALLBACK (prompt_closed_cb), self);

  is_role = td_prompt_get_kind (prompt) == TD_AGENT_PROMPT_CHOOSE_ROLE;
  if (is_role)
    heading = g_strdup_printf (_("Choose an AWS role for %s"), td_prompt_get_profile (prompt));
  else
    heading = g_strdup_printf (_("Choose an MFA method for %s"), td_prompt_get_profile (prompt));
  title = td_prompt_get_title (prompt);
  message = td_prompt_get_message (prompt);
  gtk_window_set_title (GTK_WINDOW (self), is_role ? _("AWS Role") : _("MFA Method"));
  gtk_label_set_text (self->heading_label, title[0] != '\0' ? title : heading);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message[0] != '\0');
  fill_list (self);

  return GTK_WIDGET (self);
}
