/* test-json.c: the defensive JSON readers
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-json.h"

static JsonObject *
parse (const char *text,
       JsonNode  **root)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return td_json_parse_object (bytes, root);
}

static void
test_object_accepted (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse ("{\"status\":\"SUCCESS\",\"n\":47,\"d\":47.0}", &root);
  g_autofree char *number = NULL;
  g_autofree char *whole = NULL;

  g_assert_nonnull (object);
  g_assert_cmpstr (td_json_get_string (object, "status"), ==, "SUCCESS");
  number = td_json_dup_scalar (object, "n");
  whole = td_json_dup_scalar (object, "d");
  g_assert_cmpstr (number, ==, "47");
  g_assert_cmpstr (whole, ==, "47");
}

static void
test_not_objects_rejected (void)
{
  static const char * const inputs[] = {
    "", "[]", "\"text\"", "47", "null", "<html><body>Error</body></html>", "{\"a\":", "{\"a\":1}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonNode) root = NULL;

      g_test_message ("input %s", inputs[i]);
      g_assert_null (parse (inputs[i], &root));
      g_assert_null (root);
    }
}

static void
test_deep_nesting_rejected (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"a\":");
  g_autoptr(JsonNode) root = NULL;

  /* Nested far beyond what json-glib's recursive parser survives. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  g_assert_null (parse (deep->str, &root));
}

static void
test_brackets_in_strings (void)
{
  g_autoptr(GString) text = g_string_new ("{\"a\":\"");
  g_autoptr(JsonNode) root = NULL;

  /* Brackets inside a string, and an escaped quote, are not nesting. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "[{");
  g_string_append (text, "\\\"\"}");

  g_assert_nonnull (parse (text->str, &root));
}

static void
test_getters_tolerate_wrong_types (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse ("{\"s\":1,\"o\":[],\"a\":{},\"i\":\"7\"}", &root);

  g_assert_nonnull (object);
  g_assert_null (td_json_get_string (object, "s"));
  g_assert_null (td_json_get_object (object, "o"));
  g_assert_null (td_json_get_array (object, "a"));
  g_assert_cmpint (td_json_get_int (object, "i", -1), ==, -1);
  g_assert_null (td_json_get_string (NULL, "s"));
  g_assert_null (td_json_get_string (object, "missing"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/object/accepted", test_object_accepted);
  g_test_add_func ("/json/object/not-objects-rejected", test_not_objects_rejected);
  g_test_add_func ("/json/object/deep-nesting-rejected", test_deep_nesting_rejected);
  g_test_add_func ("/json/object/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/json/getters/wrong-types", test_getters_tolerate_wrong_types);

  return g_test_run ();
}
