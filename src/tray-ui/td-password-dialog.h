/* td-password-dialog.h: the dialog for the Okta password
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-prompt.h"

G_BEGIN_DECLS

#define TD_TYPE_PASSWORD_DIALOG (td_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TdPasswordDialog, td_password_dialog, TD, PASSWORD_DIALOG, GtkWindow)

GtkWidget *td_password_dialog_new (GtkApplication *application,
                                   TdPrompt       *prompt);

G_END_DECLS
