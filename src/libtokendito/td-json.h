/* td-json.h: defensive readers for JSON replies
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Each getter accepts a NULL object and returns NULL (or @fallback) when the
 * member is missing or of another type, so that a reply that lacks a member
 * is an error the caller reports, never a crash. */
JsonObject  *td_json_get_object  (JsonObject  *object,
                                  const char  *member);
JsonArray   *td_json_get_array   (JsonObject  *object,
                                  const char  *member);
const char  *td_json_get_string  (JsonObject  *object,
                                  const char  *member);
gint64       td_json_get_int     (JsonObject  *object,
                                  const char  *member,
                                  gint64       fallback);
char        *td_json_dup_scalar  (JsonObject  *object,
                                  const char  *member);
JsonObject  *td_json_parse_object (GBytes     *bytes,
                                   JsonNode  **root);

G_END_DECLS
