/* td-terminal-prompter.h: questions asked on the terminal
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-prompter.h"

G_BEGIN_DECLS

#define TD_TYPE_TERMINAL_PROMPTER (td_terminal_prompter_get_type ())

G_DECLARE_FINAL_TYPE (TdTerminalPrompter, td_terminal_prompter, TD, TERMINAL_PROMPTER, GObject)

TdTerminalPrompter *td_terminal_prompter_new             (void);
void                td_terminal_prompter_restore_echo    (TdTerminalPrompter *self);

G_END_DECLS
