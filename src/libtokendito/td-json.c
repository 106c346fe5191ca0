/* td-json.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-json.h"

JsonObject *
td_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
td_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
td_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
td_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return fallback;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

/* Returns a string or an integer member as text; Okta sends the push
 * number challenge as a JSON number, other servers may send a string. */
char *
td_json_dup_scalar (JsonObject *object,
                    const char *member)
{
  JsonNode *node;
  GType type;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  /* A whole number written as 47.0 is still the number 47. */
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (value >= 0 && value < 1e9 && value == (double) (gint64) value)
        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
    }

  return NULL;
}

/* Okta replies nest a few levels deep. json-glib parses recursively, so a
 * hostile reply nested many thousands deep would overflow the stack. */
#define MAX_JSON_DEPTH 64

static gboolean
nesting_is_shallow (const char *data,
                    gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > MAX_JSON_DEPTH)
        return FALSE;
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * td_json_parse_object:
 * @bytes: a reply body
 * @root: (out): the parsed document, which owns the returned object
 *
 * Returns: (nullable): the root object, or %NULL when @bytes is not a JSON
 *   object (HTML, empty, an array, invalid JSON)
 */
JsonObject *
td_json_parse_object (GBytes    *bytes,
                      JsonNode **root)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  *root = NULL;
  if (data == NULL || length == 0)
    return NULL;

  if (!nesting_is_shallow (data, length))
    {
      g_debug ("Rejecting a JSON reply nested more than %d levels deep", MAX_JSON_DEPTH);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  *root = json_parser_steal_root (parser);

  return json_node_get_object (*root);
}
