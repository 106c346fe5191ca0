/* td-code-dialog.h: the dialog for a one-time code or a security answer
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gtk/gtk.h>

#include "td-prompt.h"

G_BEGIN_DECLS

#define TD_TYPE_CODE_DIALOG (td_code_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TdCodeDialog, td_code_dialog, TD, CODE_DIALOG, GtkWindow)

GtkWidget *td_code_dialog_new (GtkApplication *application,
                               TdPrompt       *prompt);

G_END_DECLS
