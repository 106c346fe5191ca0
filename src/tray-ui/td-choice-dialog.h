/* td-choice-dialog.h: the dialog for choosing an MFA factor or an AWS role
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-prompt.h"

G_BEGIN_DECLS

#define TD_TYPE_CHOICE_DIALOG (td_choice_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TdChoiceDialog, td_choice_dialog, TD, CHOICE_DIALOG, GtkWindow)

GtkWidget *td_choice_dialog_new (GtkApplication *application,
                                 TdPrompt       *prompt);

G_END_DECLS
