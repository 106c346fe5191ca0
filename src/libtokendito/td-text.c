/* td-text.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-text.h"

static gboolean
is_unsafe (gunichar c)
{
  /* Control characters would let a server's text move the cursor, clear
   * the screen or retitle the terminal; bidirectional overrides could make
   * it read differently from what it is. */
  if (c == '\n' || c == '\t')
    return FALSE;

  return g_unichar_iscntrl (c) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * td_text_dup_printable:
 * @text: (nullable): text that may come from a server
 * @max_chars: the longest result, in characters, before "…" is added
 *
 * Returns a copy of @text for a terminal or a notification: invalid UTF-8
 * and control characters other than newline and tab become U+FFFD, and
 * text longer than @max_chars is cut.
 */
char *
td_text_dup_printable (const char *text,
                       gsize       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *printable = g_string_new (NULL);
  gsize count = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (count++ >= max_chars)
        {
          g_string_append (printable, "…");
          break;
        }

      g_string_append_unichar (printable, is_unsafe (c) ? 0xfffd : c);
    }

  return g_string_free (printable, FALSE);
}
