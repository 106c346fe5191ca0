/* td-code-dialog.c: the dialog for a one-time code or a security answer
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-code-dialog.h"

/**
 * TdCodeDialog:
 *
 * Asks for the answer to a `passcode` or `answer` prompt in one hidden
 * entry. OK sends `AnswerText`; Cancel, Escape or closing the window sends
 * `CancelPrompt`.
 */
struct _TdCodeDialog
{
  GtkWindow  parent_instance;

  TdPrompt  *prompt;

  GtkLabel  *heading_label;
  GtkLabel  *message_label;
  GtkEntry  *code_entry;
  GtkButton *ok_button;
};

G_DEFINE_FINAL_TYPE (TdCodeDialog, td_code_dialog, GTK_TYPE_WINDOW)

static void
ok_clicked_cb (TdCodeDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  if (code[0] == '\0')
    return;

  td_prompt_answer_text (self->prompt, code);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (TdCodeDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
code_changed_cb (TdCodeDialog *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_entry));

  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), code[0] != '\0');
}

static gboolean
td_code_dialog_close_request (GtkWindow *window)
{
  TdCodeDialog *self = TD_CODE_DIALOG (window);

  td_prompt_cancel (self->prompt);

  return GTK_WINDOW_CLASS (td_code_dialog_parent_class)->close_request (window);
}

static void
prompt_closed_cb (TdCodeDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
td_code_dialog_dispose (GObject *object)
{
  TdCodeDialog *self = TD_CODE_DIALOG (object);

  if (self->prompt != NULL)
    g_signal_handlers_disconnect_by_data (self->prompt, self);
  g_clear_object (&self->prompt);

  G_OBJECT_CLASS (td_code_dialog_parent_class)->dispose (object);
}

static void
td_code_dialog_class_init (TdCodeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = td_code_dialog_dispose;
  window_class->close_request = td_code_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-code-dialog.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdCodeDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TdCodeDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TdCodeDialog, code_entry);
  gtk_widget_class_bind_template_child (widget_class, TdCodeDialog, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
td_code_dialog_init (TdCodeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->code_entry, "changed", G_CALLBACK (code_changed_cb), self);
}

static void
show_prompt (TdCodeDialog *self)
{
  const char *title = td_prompt_get_title (self->prompt);
  const char *message = td_prompt_get_message (self->prompt);
  g_autofree char *heading = NULL;

  if (td_prompt_get_kind (self->prompt) == TD_AGENT_PROMPT_PASSCODE)
    {
      /* The PIN purpose asks on-screen keyboards for digits only. */
      gtk_entry_set_input_purpose (self->code_entry, GTK_INPUT_PURPOSE_PIN);
      gtk_entry_set_placeholder_text (self->code_entry, _("Code"));
      heading = g_strdup_printf (_("Verification code for %s"), td_prompt_get_profile (self->prompt));
    }
  else
    {
      gtk_entry_set_input_purpose (self->code_entry, GTK_INPUT_PURPOSE_PASSWORD);
      gtk_entry_set_placeholder_text (self->code_entry, _("Answer"));
      heading = g_strdup_printf (_("Security question for %s"), td_prompt_get_profile (self->prompt));
    }

  gtk_label_set_text (self->heading_label, title[0] != '\0' ? title : heading);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message[0] != '\0');
}

/**
 * td_code_dialog_new:
 * @application: (nullable): the application
 * @prompt: a `passcode` or `answer` prompt
 *
 * Creates the dialog for @prompt. It closes itself when the prompt is
 * answered, cancelled or withdrawn by the agent.
 *
 * Returns: (transfer none): the dialog, not yet shown; GTK owns it until it
 *   is destroyed
 */
GtkWidget *
td_code_dialog_new (GtkApplication *application,
                    TdPrompt       *prompt)
{
  TdCodeDialog *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TD_IS_PROMPT (prompt), NULL);

  self = g_object_new (TD_TYPE_CODE_DIALOG, "application", application, NULL);
  self->prompt = g_object_ref (prompt);
  g_signal_connect_swapped (prompt, "closed", G_CALLBACK (prompt_closed_cb), self);
  show_prompt (self);

  return GTK_WIDGET (self);
}
