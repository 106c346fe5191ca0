/* td-text.h: text from servers made safe to show
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *td_text_dup_printable (const char *text,
                             gsize       max_chars);

G_END_DECLS
