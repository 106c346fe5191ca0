/* test-ini.c: the line-preserving INI document
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-error.h"
#include "td-ini.h"
#include "td-test-utils.h"

static TdIni *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  TdIni *ini = td_ini_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (ini);

  return ini;
}

static TdIni *
parse_data_file (const char *name)
{
  g_autofree char *text = td_test_read_data (name, NULL);

  return parse_ok (text);
}

static void
assert_serialises_to (TdIni      *ini,
                      const char *expected)
{
  g_autofree char *data = td_ini_to_data (ini, NULL);

  g_assert_cmpstr (data, ==, expected);
}

static guint
section_of (TdIni      *ini,
            const char *name)
{
  guint section = G_MAXUINT;

  g_assert_true (td_ini_lookup_section (ini, name, &section));

  return section;
}

static void
test_roundtrip_unchanged (void)
{
  const char *files[] = {
    "028-comments.credentials.before.ini",
    "029-nested.config.before.ini",
    "032-duplicate-section.credentials.before.ini",
    "033-uppercase-keys.credentials.before.ini",
    "035-profile-naming.config.before.ini",
    "037-okta_auth-values.ini",
  };
  const char *texts[] = {
    "",
    "\n\n",
    "[a]\r\nk = v\r\n",
    "[a]\nk = v",
    "; only a comment",
    "[a]\n  # indented comment\nk=v\n\tcontinued\n\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = td_test_read_data (files[i], NULL);
      g_autoptr(TdIni) ini = parse_ok (text);

      assert_serialises_to (ini, text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(TdIni) ini = parse_ok (texts[i]);

      assert_serialises_to (ini, texts[i]);
    }
}

static void
test_sections_with_lines (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("028-comments.credentials.before.ini");

  g_assert_cmpuint (td_ini_get_n_sections (ini), ==, 3);
  g_assert_cmpstr (td_ini_get_section_name (ini, 0), ==, "personal");
  g_assert_cmpuint (td_ini_get_section_line (ini, 0), ==, 2);
  g_assert_cmpstr (td_ini_get_section_name (ini, 1), ==, "Admin");
  g_assert_cmpuint (td_ini_get_section_line (ini, 1), ==, 7);
  g_assert_cmpstr (td_ini_get_section_name (ini, 2), ==, "ci");
  g_assert_cmpuint (td_ini_get_section_line (ini, 2), ==, 14);
}

static void
test_sections_case_sensitive (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[admin]\na = 1\n[Admin]\na = 2\n[ Admin ]\na = 3\n");
  g_autoptr(GArray) found = td_ini_find_sections (ini, "Admin");

  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (g_array_index (found, guint, 0), ==, 1);
  g_assert_cmpstr (td_ini_get_value (ini, section_of (ini, "admin"), "a"), ==, "1");
  g_assert_cmpstr (td_ini_get_value (ini, section_of (ini, " Admin "), "a"), ==, "3");
  g_assert_false (td_ini_lookup_section (ini, "ADMIN", NULL));
}

static void
test_sections_repeated (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("032-duplicate-section.credentials.before.ini");
  g_autoptr(GArray) found = td_ini_find_sections (ini, "Admin");

  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpuint (td_ini_get_section_line (ini, g_array_index (found, guint, 0)), ==, 1);
  g_assert_cmpuint (td_ini_get_section_line (ini, g_array_index (found, guint, 1)), ==, 10);
}

static void
test_keys_case_insensitive (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("033-uppercase-keys.credentials.before.ini");
  guint admin = section_of (ini, "Admin");
  g_auto(GStrv) keys = td_ini_dup_keys (ini, admin);
  const char *expected[] = { "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                             "region", NULL };

  g_assert_cmpstr (td_ini_get_value (ini, admin, "aws_access_key_id"), ==, "ASIAOLDOLDOLDOLDOLD1");
  g_assert_cmpstr (td_ini_get_value (ini, admin, "AWS_SESSION_TOKEN"), ==, "oldEXAMPLEtoken");
  g_assert_cmpstrv (keys, expected);
}

static void
test_keys_colon_and_spacing (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n  spaced   =   v  \nregion: eu-west-1\n"
                                   "url=https://x.example:8443/p\nempty =\n");
  guint a = section_of (ini, "a");

  g_assert_cmpstr (td_ini_get_value (ini, a, "region"), ==, "eu-west-1");
  g_assert_cmpstr (td_ini_get_value (ini, a, "url"), ==, "https://x.example:8443/p");
  g_assert_cmpstr (td_ini_get_value (ini, a, "spaced"), ==, "v");
  g_assert_cmpstr (td_ini_get_value (ini, a, "empty"), ==, "");
  g_assert_null (td_ini_get_value (ini, a, "missing"));
}

static void
test_comments_never_keys (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n# region = us-east-1\n  ; output = json\nk = v\n");
  guint a = section_of (ini, "a");
  g_auto(GStrv) keys = td_ini_dup_keys (ini, a);
  const char *expected[] = { "k", NULL };

  g_assert_null (td_ini_get_value (ini, a, "region"));
  g_assert_null (td_ini_get_value (ini, a, "output"));
  g_assert_cmpstrv (keys, expected);
}

static void
test_nested_lines (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("029-nested.config.before.ini");
  guint admin = section_of (ini, "profile Admin");
  guint other = section_of (ini, "profile other");

  g_assert_cmpstr (td_ini_get_value (ini, admin, "output"), ==, "text");
  g_assert_cmpuint (td_ini_get_key_line (ini, admin, "output", 0), ==, 12);
  g_assert_cmpuint (td_ini_get_key_line (ini, admin, "output", 1), ==, 0);
  g_assert_cmpstr (td_ini_get_value (ini, admin, "s3"), ==,
                   "\nmax_queue_size = 10000\noutput = nested-value-must-stay");
  g_assert_null (td_ini_get_value (ini, admin, "max_queue_size"));
  g_assert_cmpstr (td_ini_get_value (ini, admin, "cli_pager"), ==, "");
  g_assert_cmpstr (td_ini_get_value (ini, other, "region"), ==, "ap-southeast-2");
}

static void
test_multiline_value (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\nk = first\n  second\n\n  # comment\n\tthird\n\nnext = 1\n");
  guint a = section_of (ini, "a");

  g_assert_cmpstr (td_ini_get_value (ini, a, "k"), ==, "first\nsecond\n\nthird");
  g_assert_cmpstr (td_ini_get_value (ini, a, "next"), ==, "1");
}

static void
test_literal_values (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("037-okta_auth-values.ini");
  guint prod = section_of (ini, "prod");
  guint dev = section_of (ini, "dev");

  g_assert_cmpstr (td_ini_get_value (ini, prod, "okta_password"), ==, "50%off;#not-a-comment\\x41");
  g_assert_cmpstr (td_ini_get_value (ini, dev, "okta_aws_app_url"), ==,
                   "https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272 # dev tile");
  g_assert_cmpstr (td_ini_get_value (ini, dev, "okta_username"), ==, "\"jane.doe@acme.example\"");
}

static void
test_crlf_kept (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\r\nk = old\r\n# c\r\n");
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "k", "new", NULL };
  const char *values[] = { "v", "w", NULL };

  td_ini_set_values (ini, 0, keys, values, &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\r\nk = v\r\nnew = w\r\n# c\r\n");
}

static void
assert_parse_error (const char *text,
                    gsize       length,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdIni) ini = td_ini_new_from_data (text, length, &error);

  g_assert_null (ini);
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, expected));
}

/* Passes the length of a literal, which may contain NUL bytes. */
#define ASSERT_PARSE_ERROR(literal, expected) \
  assert_parse_error (literal, sizeof (literal) - 1, expected)

static void
test_malformed_nul (void)
{
  ASSERT_PARSE_ERROR ("[a]\nk = v\0x\n", "line 2 contains a NUL byte");
}

static void
test_malformed_utf8 (void)
{
  ASSERT_PARSE_ERROR ("[a]\nk = v\n# caf\xE9\n", "line 3 is not valid UTF-8");
}

static void
test_malformed_bom (void)
{
  ASSERT_PARSE_ERROR ("\xEF\xBB\xBF[a]\nk = v\n", "byte order mark");
}

static void
test_malformed_lone_cr (void)
{
  ASSERT_PARSE_ERROR ("[a]\nk = v\rw = x\n", "line 2 contains a carriage return");
}

static void
test_malformed_lines (void)
{
  const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "k = v\n[a]\n", "line 1 has a key before the first section header" },
    { "[a]\njust words\n", "line 2 is not a section header" },
    { "[a\nk = v\n", "line 1 starts a section header but has no closing" },
    { "[]\n", "line 1 is a section header with an empty name" },
    { "[a]\n= v\n", "line 2 has no key" },
    { "[a]x\n", "line 1 has text after the section header" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parse_error (cases[i].text, strlen (cases[i].text), cases[i].expected);
}

static void
test_header_comment_allowed (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[profile a] # work account\nk = v\n");

  g_assert_cmpstr (td_ini_get_section_name (ini, 0), ==, "profile a");
}

static void
set_three (TdIni      *ini,
           guint       section,
           const char *key_id,
           const char *secret,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "aws_access_key_id", "aws_secret_access_key", "aws_session_token", NULL };
  const char *values[] = { key_id, secret, token, NULL };

  td_ini_set_values (ini, section, keys, values, &error);
  g_assert_no_error (error);
}

#define NEW_KEY_ID "ASIA1234567890EXAMPL"
#define NEW_SECRET "abcdEXAMPLEsecret/0123456789+abcdEXAMPLE"
#define NEW_TOKEN "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleTOKEN+with/slashes+and+plus=="

static void
test_edit_comments_preserved (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("028-comments.credentials.before.ini");
  g_autofree char *expected = td_test_read_data ("028-comments.credentials.after.ini", NULL);

  set_three (ini, section_of (ini, "Admin"), NEW_KEY_ID, NEW_SECRET, NEW_TOKEN);
  assert_serialises_to (ini, expected);
}

static void
test_edit_uppercase_keys (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("033-uppercase-keys.credentials.before.ini");
  g_autofree char *expected = td_test_read_data ("033-uppercase-keys.credentials.after.ini", NULL);

  set_three (ini, section_of (ini, "Admin"), NEW_KEY_ID, NEW_SECRET, NEW_TOKEN);
  assert_serialises_to (ini, expected);
}

static void
test_edit_nested_untouched (void)
{
  g_autoptr(TdIni) ini = parse_data_file ("029-nested.config.before.ini");
  g_autofree char *expected = td_test_read_data ("029-nested.config.after.ini", NULL);
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "output", "region", NULL };
  const char *values[] = { "json", "eu-central-1", NULL };

  td_ini_set_values (ini, section_of (ini, "profile Admin"), keys, values, &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, expected);
}

static void
test_edit_later_copies_removed (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\nRegion = x\nother = 1\nREGION=y\n  nested = 2\n"
                                   "# keep\n[b]\nregion = z\n");

  g_autoptr(GError) error = NULL;

  td_ini_set_value (ini, section_of (ini, "a"), "region", "eu-west-1", &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\nregion = eu-west-1\nother = 1\n# keep\n[b]\nregion = z\n");
}

static void
test_edit_insert_after_last_key (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n# head\nk = 1\n  nested = 2\n# tail\n\n[b]\nk = 3\n");
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "zeta", "alpha", NULL };
  const char *values[] = { "z", "a", NULL };

  td_ini_set_values (ini, section_of (ini, "a"), keys, values, &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\n# head\nk = 1\n  nested = 2\nzeta = z\nalpha = a\n# tail\n\n"
                             "[b]\nk = 3\n");
}

static void
test_edit_insert_empty_section (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n# nothing yet\n\n[b]\nk = 3");
  g_autoptr(GError) error = NULL;

  td_ini_set_value (ini, section_of (ini, "a"), "k", "v", &error);
  g_assert_no_error (error);
  td_ini_set_value (ini, section_of (ini, "b"), "new", "w", &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\nk = v\n# nothing yet\n\n[b]\nk = 3\nnew = w\n");
}

static void
test_edit_comment_not_replaced (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n# region = old\nk = 1\n");
  g_autoptr(GError) error = NULL;

  td_ini_set_value (ini, 0, "region", "new", &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\n# region = old\nk = 1\nregion = new\n");
}

static void
test_edit_indent_kept (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n  k = 1\n  j = 2\n");
  g_autoptr(GError) error = NULL;

  /* Without its indentation, "  j = 2" would become a continuation of k. */
  td_ini_set_value (ini, 0, "k", "v", &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\n  k = v\n  j = 2\n");
  g_assert_cmpstr (td_ini_get_value (ini, 0, "j"), ==, "2");
}

static void
test_edit_empty_value (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n");
  g_autoptr(GError) error = NULL;

  td_ini_set_value (ini, 0, "cli_pager", "", &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\ncli_pager =\n");
}

static void
test_edit_remove_key (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\naws_security_token = x\n  more\nk = 1\nAWS_SECURITY_TOKEN=y\n");

  g_assert_true (td_ini_remove_key (ini, 0, "aws_security_token"));
  assert_serialises_to (ini, "[a]\nk = 1\n");
  g_assert_false (td_ini_remove_key (ini, 0, "aws_security_token"));
}

static void
test_append_empty_document (void)
{
  g_autoptr(TdIni) ini = td_ini_new ();
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "output", "region", NULL };
  const char *values[] = { "json", "us-east-1", NULL };
  guint section = G_MAXUINT;

  td_ini_append_section (ini, "profile ReadOnly", keys, values, &section, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (section, ==, 0);
  assert_serialises_to (ini, "[profile ReadOnly]\noutput = json\nregion = us-east-1\n");
}

static void
test_append_no_final_newline (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\nk = v");
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "x", NULL };
  const char *values[] = { "1", NULL };

  td_ini_append_section (ini, "b", keys, values, NULL, &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\nk = v\n\n[b]\nx = 1\n");
}

static void
test_append_after_blank (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\nk = v\n\n");
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "x", NULL };
  const char *values[] = { "1", NULL };

  td_ini_append_section (ini, "b", keys, values, NULL, &error);
  g_assert_no_error (error);
  assert_serialises_to (ini, "[a]\nk = v\n\n[b]\nx = 1\n");
}

static void
test_reject_injection (void)
{
  const char *original = "[default]\naws_access_key_id = AKIAEXAMPLEDEFAULT01\n";
  g_autoptr(TdIni) ini = parse_ok (original);
  const char *bad_values[] = { "x\n[default]", "a\raws_access_key_id=AKIA", " padded", "padded " };
  const char *bad_keys[] = { "a=b", "a:b", "#k", ";k", "[k", " k", "k\n", "" };
  const char *bad_names[] = { "x]\n[default", "a\rb", "a]b", "" };
  const char *no_keys[] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (td_ini_set_value (ini, 0, "k", bad_values[i], &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_null (strstr (error->message, bad_values[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (td_ini_set_value (ini, 0, bad_keys[i], "v", &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (td_ini_append_section (ini, bad_names[i], no_keys, no_keys, NULL, &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
    }

  assert_serialises_to (ini, original);
}

static void
test_reject_repeated_key_argument (void)
{
  g_autoptr(TdIni) ini = parse_ok ("[a]\n");
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "region", "REGION", NULL };
  const char *values[] = { "a", "b", NULL };

  g_assert_false (td_ini_set_values (ini, 0, keys, values, &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  assert_serialises_to (ini, "[a]\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ini/parse/roundtrip-unchanged", test_roundtrip_unchanged);
  g_test_add_func ("/ini/parse/sections-with-lines", test_sections_with_lines);
  g_test_add_func ("/ini/parse/sections-case-sensitive", test_sections_case_sensitive);
  g_test_add_func ("/ini/parse/sections-repeated", test_sections_repeated);
  g_test_add_func ("/ini/parse/keys-case-insensitive", test_keys_case_insensitive);
  g_test_add_func ("/ini/parse/colon-and-spacing", test_keys_colon_and_spacing);
  g_test_add_func ("/ini/aws/comments-never-keys", test_comments_never_keys);
  g_test_add_func ("/ini/aws/nested-lines", test_nested_lines);
  g_test_add_func ("/ini/okta-auth/multiline-value", test_multiline_value);
  g_test_add_func ("/ini/okta-auth/literal-values", test_literal_values);
  g_test_add_func ("/ini/parse/header-comment", test_header_comment_allowed);
  g_test_add_func ("/ini/malformed/nul-byte", test_malformed_nul);
  g_test_add_func ("/ini/malformed/invalid-utf8", test_malformed_utf8);
  g_test_add_func ("/ini/malformed/bom", test_malformed_bom);
  g_test_add_func ("/ini/malformed/lone-cr", test_malformed_lone_cr);
  g_test_add_func ("/ini/malformed/bad-lines", test_malformed_lines);
  g_test_add_func ("/ini/edit/crlf-kept", test_crlf_kept);
  g_test_add_func ("/ini/edit/comments-preserved", test_edit_comments_preserved);
  g_test_add_func ("/ini/edit/uppercase-keys", test_edit_uppercase_keys);
  g_test_add_func ("/ini/edit/nested-untouched", test_edit_nested_untouched);
  g_test_add_func ("/ini/edit/later-copies-removed", test_edit_later_copies_removed);
  g_test_add_func ("/ini/edit/insert-after-last-key", test_edit_insert_after_last_key);
  g_test_add_func ("/ini/edit/insert-empty-section", test_edit_insert_empty_section);
  g_test_add_func ("/ini/edit/comment-not-replaced", test_edit_comment_not_replaced);
  g_test_add_func ("/ini/edit/indent-kept", test_edit_indent_kept);
  g_test_add_func ("/ini/edit/empty-value", test_edit_empty_value);
  g_test_add_func ("/ini/edit/remove-key", test_edit_remove_key);
  g_test_add_func ("/ini/append/empty-document", test_append_empty_document);
  g_test_add_func ("/ini/append/no-final-newline", test_append_no_final_newline);
  g_test_add_func ("/ini/append/after-blank-line", test_append_after_blank);
  g_test_add_func ("/ini/edit/reject-injection", test_reject_injection);
  g_test_add_func ("/ini/edit/reject-repeated-key", test_reject_repeated_key_argument);

  return g_test_run ();
}
