/* td-ini.h: a line-preserving INI document
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TdIni:
 *
 * An INI document that keeps every line as it was read, so that writing an
 * unchanged document back gives the same bytes and an edit changes only the
 * lines it must.
 *
 * One grammar serves the AWS credentials file, the AWS config file and the
 * settings file `okta_auth`, because the AWS CLI (botocore) and tokendito 1.x
 * both read them with Python's `configparser` in its default, non-interpolating
 * setup:
 *
 * - a line whose first non-blank character is `#` or `;` is a comment;
 * - `[name]` starts a section; names compare exactly (case-sensitive);
 * - `key = value` or `key: value` (the first `=` or `:` splits), with the
 *   whitespace around key and value trimmed; keys compare case-insensitively;
 * - a line indented deeper than the key line before it continues that key,
 *   as a multi-line value or as the nested block of an `s3 =` key in the
 *   AWS config file, and is never a key of its own;
 * - values are literal: no interpolation, no inline comments, no escapes.
 *
 * Parsing rejects NUL bytes, invalid UTF-8, a byte order mark, a lone carriage
 * return, keys outside any section and lines that fit none of the forms above.
 * Line endings (`\n`, `\r\n` or none on the last line) are kept per line.
 */
typedef struct _TdIni TdIni;

TdIni       *td_ini_new               (void);
TdIni       *td_ini_new_from_data     (const char          *data,
                                       gsize                length,
                                       GError             **error);
void         td_ini_free              (TdIni               *self);

char        *td_ini_to_data           (TdIni               *self,
                                       gsize               *length);

guint        td_ini_get_n_sections    (TdIni               *self);
const char  *td_ini_get_section_name  (TdIni               *self,
                                       guint                section);
guint        td_ini_get_section_line  (TdIni               *self,
                                       guint                section);
GArray      *td_ini_find_sections     (TdIni               *self,
                                       const char          *name);
gboolean     td_ini_lookup_section    (TdIni               *self,
                                       const char          *name,
                                       guint               *section);

char       **td_ini_dup_keys          (TdIni               *self,
                                       guint                section);
const char  *td_ini_get_value         (TdIni               *self,
                                       guint                section,
                                       const char          *key);
guint        td_ini_get_key_line      (TdIni               *self,
                                       guint                section,
                                       const char          *key,
                                       guint                nth);

gboolean     td_ini_set_values        (TdIni               *self,
                                       guint                section,
                                       const char * const  *keys,
                                       const char * const  *values,
                                       GError             **error);
gboolean     td_ini_set_value         (TdIni               *self,
                                       guint                section,
                                       const char          *key,
                                       const char          *value,
                                       GError             **error);
gboolean     td_ini_set_value_after   (TdIni               *self,
                                       guint                section,
                                       const char          *key,
                                       const char          *value,
                                       const char          *anchor,
                                       GError             **error);
gboolean     td_ini_remove_key        (TdIni               *self,
                                       guint                section,
                                       const char          *key);
gboolean     td_ini_append_section    (TdIni               *self,
                                       const char          *name,
                                       const char * const  *keys,
                                       const char * const  *values,
                                       guint               *section,
                                       GError             **error);

gboolean     td_ini_check_section_name (const char         *name,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdIni, td_ini_free)

G_END_DECLS
