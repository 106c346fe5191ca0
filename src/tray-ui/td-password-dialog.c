/* td-password-dialog.c: the dialog for the Okta password
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-password-dialog.h"

/**
 * TdPasswordDialog:
 *
 * Asks for the Okta password of a `password` prompt, with a “Remember
 * password” check. OK sends `AnswerTextRemember`; Cancel, Escape or closing
 * the window sends `CancelPrompt`. The password stays in the entry's secure
 * buffer, which GTK wipes, and is cleared as soon as it is sent.
 */
struct _TdPasswordDialog
{
  GtkWindow         parent_instance;

  TdPrompt         *prompt;

  GtkLabel         *heading_label;
  GtkLabel         *message_label;
  GtkPasswordEntry *password_entry;
  GtkCheckButton   *remember_check;
  GtkButton        *ok_button;
};

G_DEFINE_FINAL_TYPE (TdPasswordDialog, td_password_dialog, GTK_TYPE_WINDOW)

static void
ok_clicked_cb (TdPasswordDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  gboolean remember = gtk_check_button_get_active (self->remember_check);

  if (password[0] == '\0')
    return;

  td_prompt_answer_text_remember (self->prompt, password, remember);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (TdPasswordDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
password_changed_cb (TdPasswordDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), password[0] != '\0');
}

static gboolean
td_password_dialog_close_request (GtkWindow *window)
{
  TdPasswordDialog *self = TD_PASSWORD_DIALOG (window);

  td_prompt_cancel (self->prompt);

  return GTK_WINDOW_CLASS (td_password_dialog_parent_class)->close_request (window);
}

static void
prompt_closed_cb (TdPasswordDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
td_password_dialog_dispose (GObject *object)
{
  TdPasswordDialog *self = TD_PASSWORD_DIALOG (object);

  if (self->prompt != NULL)
    g_signal_handlers_disconnect_by_data (self->prompt, self);
  g_clear_object (&self->prompt);

  G_OBJECT_CLASS (td_password_dialog_parent_class)->dispose (object);
}

static void
td_password_dialog_class_init (TdPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = td_password_dialog_dispose;
  window_class->close_request = td_password_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tokendito/Tokendito/ui/td-password-dialog.ui");
  /* Bound without a field, so that tests can find them by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, TdPasswordDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TdPasswordDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TdPasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, TdPasswordDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, TdPasswordDialog, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
td_password_dialog_init (TdPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->password_entry, "changed", G_CALLBACK (password_changed_cb), self);
}

/**
 * td_password_dialog_new:
 * @application: (nullable): the application
 * @prompt: a `password` prompt
 *
 * Creates the dialog for @prompt. It closes itself when the prompt is
 * answered, cancelled or withdrawn by the agent.
 *
 * Returns: (transfer none): the dialog, not yet shown; GTK owns it until it
 *   is destroyed
 */
GtkWidget *
td_password_dialog_new (GtkApplication *application,
                        TdPrompt       *prompt)
{
  TdPasswordDialog *self;
  g_autofree char *heading = NULL;
  const char *title, *message;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TD_IS_PROMPT (prompt), NULL);

  self = g_object_new (TD_TYPE_PASSWORD_DIALOG, "application", application, NULL);
  self->prompt = g_object_ref (prompt);
  g_signal_connect_swapped (prompt, "closed", G_CALLBACK (prompt_closed_cb), self);

  title = td_prompt_get_title (prompt);
  message = td_prompt_get_message (prompt);
  heading = g_strdup_printf (_("Okta password for %s"), td_prompt_get_profile (prompt));
  gtk_label_set_text (self->heading_label, title[0] != '\0' ? title : heading);
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message[0] != '\0');

  return GTK_WIDGET (self);
}
