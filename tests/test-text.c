/* test-text.c: server text made safe for terminals and notifications
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "td-text.h"

static void
test_control_characters_replaced (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "plain text", "plain text" },
    { "line one\nline two\tend", "line one\nline two\tend" },
    { "\x1b]0;owned\x07title", "\xef\xbf\xbd]0;owned\xef\xbf\xbdtitle" },
    { "\x1b[2J", "\xef\xbf\xbd[2J" },
    { "back\rspace\x7f", "back\xef\xbf\xbdspace\xef\xbf\xbd" },
    { "\xc2\x9b" "31m", "\xef\xbf\xbd" "31m" },
    { "abc\xe2\x80\xae" "fed", "abc\xef\xbf\xbd" "fed" },
    { "caf\xc3\xa9", "caf\xc3\xa9" },
    { "bad \xff byte", "bad \xef\xbf\xbd byte" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *printable = td_text_dup_printable (cases[i].input, 100);

      g_assert_cmpstr (printable, ==, cases[i].expected);
    }
}

static void
test_long_text_cut (void)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *printable = td_text_dup_printable (long_text, 10);
  g_autofree char *empty = td_text_dup_printable (NULL, 10);

  g_assert_cmpstr (printable, ==, "xxxxxxxxxx…");
  g_assert_cmpstr (empty, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/printable/control-characters", test_control_characters_replaced);
  g_test_add_func ("/text/printable/long-text-cut", test_long_text_cut);

  return g_test_run ();
}
