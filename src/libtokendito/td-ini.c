/* td-ini.c: a line-preserving INI document
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-error.h"
#include "td-ini.h"

#define NO_INDEX G_MAXUINT

typedef enum {
  LINE_BLANK,
  LINE_COMMENT,
  LINE_SECTION,
  LINE_KEY,
  LINE_CONTINUATION,
} LineKind;

typedef struct {
  char       *text;     /* the line without its line ending */
  const char *eol;      /* a static string: "", "\n" or "\r\n" */

  /* Derived from the text by classify_lines (). */
  LineKind    kind;
  guint       indent;   /* leading whitespace characters */
  guint       section;  /* index into TdIni.sections, NO_INDEX before the first header */
  guint       owner;    /* LINE_CONTINUATION: index of the key line it belongs to */
  guint       block_end;/* LINE_KEY: index of its last continuation line, or its own */
  char       *name;     /* LINE_KEY: the key as written; LINE_SECTION: the section name */
  char       *value;    /* LINE_KEY: the value, continuation lines joined with "\n" */
} Line;

struct _TdIni {
  GPtrArray *lines;     /* Line */
  GArray    *sections;  /* guint: index of the header line */
};

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

/* Lines of okta_auth and of the credentials file contain secrets. */
static void
line_free (Line *line)
{
  wipe_string (line->text);
  g_free (line->name);
  wipe_string (line->value);
  g_free (line);
}

static Line *
line_new (const char *text,
          gssize      length,
          const char *eol)
{
  Line *line = g_new0 (Line, 1);

  line->text = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);
  line->eol = eol;

  return line;
}

static Line *
get_line (GPtrArray *lines,
          guint      index)
{
  return g_ptr_array_index (lines, index);
}

static gboolean
set_line_error (GError     **error,
                guint        index,
                const char  *reason)
{
  g_set_error (error, TD_ERROR, TD_ERROR_CONFIG, _("line %u %s"), index + 1, reason);
  return FALSE;
}

/* Python's str.strip() also trims other whitespace, but ASCII is what
 * appears in these files. */
static char *
dup_stripped (const char *start,
              gsize       length)
{
  return g_strstrip (g_strndup (start, length));
}

static gboolean
classify_section (Line     *line,
                  guint     index,
                  const char *start,
                  GError  **error)
{
  const char *close = strchr (start + 1, ']');
  const char *rest;

  if (close == NULL)
    return set_line_error (error, index, "starts a section header but has no closing ‘]’");

  if (close == start + 1)
    return set_line_error (error, index, "is a section header with an empty name");

  /* configparser ignores what follows the header; we allow only a comment there
   * so that a typo such as "[a]b" is reported instead of dropped. */
  rest = close + 1;
  while (g_ascii_isspace (*rest))
    rest++;
  if (*rest != '\0' && *rest != '#' && *rest != ';')
    return set_line_error (error, index, "has text after the section header; only a comment may follow ‘]’");

  line->kind = LINE_SECTION;
  line->name = g_strndup (start + 1, close - start - 1);

  return TRUE;
}

static gboolean
classify_key (Line        *line,
              guint        index,
              const char  *start,
              GError     **error)
{
  gsize key_length = strcspn (start, "=:");

  if (start[key_length] == '\0')
    return set_line_error (error, index, "is not a section header, a comment or a ‘key = value’ line");

  line->name = dup_stripped (start, key_length);
  if (line->name[0] == '\0')
    return set_line_error (error, index, "has no key before the ‘=’");

  if (line->section == NO_INDEX)
    return set_line_error (error, index, "has a key before the first section header");

  line->kind = LINE_KEY;
  line->value = dup_stripped (start + key_length + 1, strlen (start + key_length + 1));

  return TRUE;
}

/* Joins the continuation lines into the value of each key line, as
 * configparser does. Blank lines inside the block become empty lines,
 * trailing ones are dropped, and comment lines are skipped. */
static void
join_values (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      Line *key = get_line (lines, i);
      g_autoptr(GString) value = NULL;
      guint pending_blanks = 0;

      if (key->kind != LINE_KEY || key->block_end == i)
        continue;

      value = g_string_new (key->value);
      for (guint j = i + 1; j <= key->block_end; j++)
        {
          Line *line = get_line (lines, j);
          g_autofree char *stripped = NULL;

          if (line->kind == LINE_BLANK)
            pending_blanks++;
          if (line->kind != LINE_CONTINUATION)
            continue;

          for (; pending_blanks > 0; pending_blanks--)
            g_string_append_c (value, '\n');
          stripped = dup_stripped (line->text, strlen (line->text));
          g_string_append_printf (value, "\n%s", stripped);
        }

      g_free (key->value);
      key->value = g_string_free (g_steal_pointer (&value), FALSE);
    }
}

/* Derives kind, section, owner and value of every line from the texts. */
static gboolean
classify_lines (GPtrArray  *lines,
                GArray     *sections,
                GError    **error)
{
  guint section = NO_INDEX;
  guint owner = NO_INDEX;

  g_array_set_size (sections, 0);

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = get_line (lines, i);
      const char *start = line->text;

      g_clear_pointer (&line->name, g_free);
      g_clear_pointer (&line->value, g_free);
      line->section = section;
      line->owner = NO_INDEX;
      line->block_end = i;

      while (g_ascii_isspace (*start))
        start++;
      line->indent = start - line->text;

      if (*start == '\0')
        {
          line->kind = LINE_BLANK;
          continue;
        }

      if (*start == '#' || *start == ';')
        {
          line->kind = LINE_COMMENT;
          continue;
        }

      /* A line indented deeper than the key before it continues that key,
       * even across blank and comment lines, as in configparser. */
      if (owner != NO_INDEX && line->indent > get_line (lines, owner)->indent)
        {
          line->kind = LINE_CONTINUATION;
          line->owner = owner;
          get_line (lines, owner)->block_end = i;
          continue;
        }

      if (*start == '[')
        {
          if (!classify_section (line, i, start, error))
            return FALSE;

          section = sections->len;
          line->section = section;
          g_array_append_val (sections, i);
          owner = NO_INDEX;
          continue;
        }

      if (!classify_key (line, i, start, error))
        return FALSE;
      owner = i;
    }

  join_values (lines);

  return TRUE;
}

static gboolean
check_line_bytes (const char  *start,
                  gsize        length,
                  guint        index,
                  GError     **error)
{
  if (memchr (start, '\0', length) != NULL)
    return set_line_error (error, index, "contains a NUL byte; the file is not a text file");

  if (memchr (start, '\r', length) != NULL)
    return set_line_error (error, index, "contains a carriage return that does not end the line");

  if (!g_utf8_validate_len (start, length, NULL))
    return set_line_error (error, index, "is not valid UTF-8; save the file as UTF-8");

  return TRUE;
}

static gboolean
split_lines (GPtrArray   *lines,
             const char  *data,
             gsize        length,
             GError     **error)
{
  const char *end = data + length;
  const char *start = data;

  while (start < end)
    {
      const char *newline = memchr (start, '\n', end - start);
      const char *text_end = newline != NULL ? newline : end;
      const char *eol = newline != NULL ? "\n" : "";

      if (newline != NULL && text_end > start && text_end[-1] == '\r')
        {
          text_end--;
          eol = "\r\n";
        }

      if (!check_line_bytes (start, text_end - start, lines->len, error))
        return FALSE;

      g_ptr_array_add (lines, line_new (start, text_end - start, eol));
      start = newline != NULL ? newline + 1 : end;
    }

  return TRUE;
}

/**
 * td_ini_new:
 *
 * Creates an empty document.
 *
 * Returns: (transfer full): the document
 */
TdIni *
td_ini_new (void)
{
  TdIni *self = g_new0 (TdIni, 1);

  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  self->sections = g_array_new (FALSE, FALSE, sizeof (guint));

  return self;
}

/**
 * td_ini_new_from_data:
 * @data: the bytes of the file
 * @length: the length of @data
 * @error: return location for a %TD_ERROR_CONFIG error whose message names
 *   the line at fault; the caller adds the file name
 *
 * Parses @data with the grammar described at #TdIni.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
TdIni *
td_ini_new_from_data (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(TdIni) self = td_ini_new ();

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Python opens these files as UTF-8 without BOM, so the AWS CLI and
   * tokendito 1.x read a BOM as part of the first line and reject the file. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_CONFIG,
                           _("line 1 starts with a UTF-8 byte order mark, which the AWS CLI "
                           "cannot read; save the file as UTF-8 without a byte order mark"));
      return NULL;
    }

  if (!split_lines (self->lines, data, length, error))
    return NULL;

  if (!classify_lines (self->lines, self->sections, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
td_ini_free (TdIni *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->lines);
  g_array_unref (self->sections);
  g_free (self);
}

/**
 * td_ini_to_data:
 * @self: a document
 * @length: (out) (optional): the length of the result
 *
 * Serialises the document. An unedited document gives back the bytes it was
 * parsed from.
 *
 * Returns: (transfer full): the bytes, NUL-terminated
 */
char *
td_ini_to_data (TdIni *self,
                gsize *length)
{
  GString *data;

  g_return_val_if_fail (self != NULL, NULL);

  data = g_string_new (NULL);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = get_line (self->lines, i);

      g_string_append (data, line->text);
      g_string_append (data, line->eol);
    }

  if (length != NULL)
    *length = data->len;

  return g_string_free (data, FALSE);
}

guint
td_ini_get_n_sections (TdIni *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sections->len;
}

static Line *
get_header (TdIni *self,
            guint  section)
{
  return get_line (self->lines, g_array_index (self->sections, guint, section));
}

/**
 * td_ini_get_section_name:
 * @self: a document
 * @section: a section index, below td_ini_get_n_sections()
 *
 * Returns: the name between the brackets, exactly as written
 */
const char *
td_ini_get_section_name (TdIni *self,
                         guint  section)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section < self->sections->len, NULL);

  return get_header (self, section)->name;
}

/**
 * td_ini_get_section_line:
 * @self: a document
 * @section: a section index, below td_ini_get_n_sections()
 *
 * Returns: the 1-based line number of the section header
 */
guint
td_ini_get_section_line (TdIni *self,
                         guint  section)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (section < self->sections->len, 0);

  return g_array_index (self->sections, guint, section) + 1;
}

/**
 * td_ini_find_sections:
 * @self: a document
 * @name: a section name, compared case-sensitively
 *
 * Finds every section called @name. More than one means the file has a
 * repeated section, which the AWS CLI rejects.
 *
 * Returns: (transfer full) (element-type guint): the section indexes in file order
 */
GArray *
td_ini_find_sections (TdIni      *self,
                      const char *name)
{
  GArray *found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  found = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->sections->len; i++)
    {
      if (g_str_equal (get_header (self, i)->name, name))
        g_array_append_val (found, i);
    }

  return found;
}

/**
 * td_ini_lookup_section:
 * @self: a document
 * @name: a section name, compared case-sensitively
 * @section: (out) (optional): the index of the first section called @name
 *
 * Returns: %TRUE if the document has a section called @name
 */
gboolean
td_ini_lookup_section (TdIni      *self,
                       const char *name,
                       guint      *section)
{
  g_autoptr(GArray) found = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  found = td_ini_find_sections (self, name);
  if (found->len == 0)
    return FALSE;

  if (section != NULL)
    *section = g_array_index (found, guint, 0);

  return TRUE;
}

/* Returns the line range [first, end) of the lines after the header. */
static void
get_section_range (TdIni *self,
                   guint  section,
                   guint *first,
                   guint *end)
{
  *first = g_array_index (self->sections, guint, section) + 1;
  *end = section + 1 < self->sections->len
         ? g_array_index (self->sections, guint, section + 1)
         : self->lines->len;
}

/**
 * td_ini_dup_keys:
 * @self: a document
 * @section: a section index
 *
 * Lists the keys of @section, lower-cased, in the order of their first line.
 * A key written twice is listed once.
 *
 * Returns: (transfer full): the keys
 */
char **
td_ini_dup_keys (TdIni *self,
                 guint  section)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint first, end;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section < self->sections->len, NULL);

  get_section_range (self, section, &first, &end);
  for (guint i = first; i < end; i++)
    {
      Line *line = get_line (self->lines, i);
      char *key;

      if (line->kind != LINE_KEY)
        continue;

      key = g_ascii_strdown (line->name, -1);
      if (g_hash_table_add (seen, key))
        g_strv_builder_add (builder, key);
    }

  return g_strv_builder_end (builder);
}

/* Returns the index of the nth key line called @key in @section, or NO_INDEX. */
static guint
find_key_line (TdIni      *self,
               guint       section,
               const char *key,
               guint       nth)
{
  guint first, end;

  get_section_range (self, section, &first, &end);
  for (guint i = first; i < end; i++)
    {
      Line *line = get_line (self->lines, i);

      if (line->kind != LINE_KEY || g_ascii_strcasecmp (line->name, key) != 0)
        continue;
      if (nth == 0)
        return i;
      nth--;
    }

  return NO_INDEX;
}

/**
 * td_ini_get_value:
 * @self: a document
 * @section: a section index
 * @key: a key, compared case-insensitively
 *
 * Looks up the value of the first line called @key in @section. The value is
 * trimmed and taken literally; continuation lines are joined with "\n", so a
 * nested AWS block such as `s3 =` returns "\nmax_queue_size = 10000".
 *
 * Returns: (nullable): the value, or %NULL if @section has no such key
 */
const char *
td_ini_get_value (TdIni      *self,
                  guint       section,
                  const char *key)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (section < self->sections->len, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = find_key_line (self, section, key, 0);
  if (index == NO_INDEX)
    return NULL;

  return get_line (self->lines, index)->value;
}

/**
 * td_ini_get_key_line:
 * @self: a document
 * @section: a section index
 * @key: a key, compared case-insensitively
 * @nth: 0 for the first line called @key, 1 for the second, …
 *
 * Finds where @key is written. With @nth 1 it shows whether a key is repeated.
 *
 * Returns: the 1-based line number, or 0 if there is no such line
 */
guint
td_ini_get_key_line (TdIni      *self,
                     guint       section,
                     const char *key,
                     guint       nth)
{
  guint index;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (section < self->sections->len, 0);
  g_return_val_if_fail (key != NULL, 0);

  index = find_key_line (self, section, key, nth);

  return index == NO_INDEX ? 0 : index + 1;
}

static gboolean
has_line_break (const char *text)
{
  return strpbrk (text, "\r\n") != NULL;
}

static gboolean
has_outer_space (const char *text)
{
  gsize length = strlen (text);

  return length > 0 && (g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]));
}

/**
 * td_ini_check_section_name:
 * @name: a section name to be written
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Checks that `[@name]` reads back as one header with exactly this name.
 *
 * Returns: %TRUE if @name can be written
 */
gboolean
td_ini_check_section_name (const char  *name,
                           GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (name[0] == '\0' || !g_utf8_validate (name, -1, NULL)
      || has_line_break (name) || strchr (name, ']') != NULL)
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_CONFIG,
                           _("invalid section name: it must be non-empty UTF-8 "
                           "without line breaks or ‘]’"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_key (const char  *key,
           GError     **error)
{
  if (key[0] == '\0' || !g_utf8_validate (key, -1, NULL) || has_line_break (key)
      || has_outer_space (key) || strpbrk (key, "=:[") != NULL
      || key[0] == '#' || key[0] == ';')
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_CONFIG,
                           _("invalid key name: it must be non-empty UTF-8 without line "
                           "breaks, outer spaces, ‘=’, ‘:’ or ‘[’, and not start a comment"));
      return FALSE;
    }

  return TRUE;
}

/* Values may be secrets, so the messages name the key but never the value. */
static gboolean
check_value (const char  *key,
             const char  *value,
             GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("the value of %s is not valid UTF-8"), key);
      return FALSE;
    }

  if (has_line_break (value))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("the value of %s contains a line break, which the file format cannot store"),
                   key);
      return FALSE;
    }

  if (has_outer_space (value))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("the value of %s starts or ends with white space, which readers trim; "
                   "remove it"), key);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_pairs (const char * const  *keys,
             const char * const  *values,
             GError             **error)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_return_val_if_fail (values[i] != NULL, FALSE);

      if (!check_key (keys[i], error) || !check_value (keys[i], values[i], error))
        return FALSE;

      for (guint j = 0; j < i; j++)
        {
          if (g_ascii_strcasecmp (keys[i], keys[j]) == 0)
            {
              g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                           _("the key %s is given twice"), keys[i]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* New lines use the line ending of the first line that has one. */
static const char *
get_document_eol (TdIni *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = get_line (self->lines, i);

      if (line->eol[0] != '\0')
        return line->eol;
    }

  return "\n";
}

static char *
format_key_line (const char *indent,
                 gsize       indent_length,
                 const char *key,
                 const char *value)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);

  /* An empty value is written as "key =", without a trailing space. */
  return g_strdup_printf ("%.*s%s =%s%s", (int) indent_length, indent, lower,
                          value[0] != '\0' ? " " : "", value);
}

/* Replaces self->lines with @lines and classifies them again. The edits
 * never change how an untouched line reads: a replaced key line keeps its
 * indentation, removed keys go with their continuation lines, and new keys
 * go after the last key block of the section. */
static gboolean
replace_lines (TdIni      *self,
               GPtrArray  *lines,
               GError    **error)
{
  g_autoptr(GArray) sections = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!classify_lines (lines, sections, error))
    {
      g_ptr_array_unref (lines);
      return FALSE;
    }

  g_ptr_array_unref (self->lines);
  g_array_unref (self->sections);
  self->lines = lines;
  self->sections = g_steal_pointer (&sections);

  return TRUE;
}

static void
add_line (GPtrArray  *lines,
          char       *text,
          const char *eol)
{
  Line *line = g_new0 (Line, 1);

  line->text = text;
  line->eol = eol;
  g_ptr_array_add (lines, line);
}

/* Copies @line into @lines, with a line ending if @needs_eol. */
static void
copy_line (GPtrArray  *lines,
           Line       *line,
           const char *text,
           gboolean    needs_eol,
           const char *eol)
{
  add_line (lines, g_strdup (text != NULL ? text : line->text),
            line->eol[0] == '\0' && needs_eol ? eol : line->eol);
}

/* Marks the key line @index and its continuation lines as removed. */
static void
mark_block_removed (TdIni    *self,
                    gboolean *removed,
                    guint     index)
{
  Line *key = get_line (self->lines, index);

  removed[index] = TRUE;
  for (guint j = index + 1; j <= key->block_end; j++)
    {
      if (get_line (self->lines, j)->kind == LINE_CONTINUATION)
        removed[j] = TRUE;
    }
}

/* Sets @keys as td_ini_set_values() does; missing keys go after the block
 * of the first @anchor line instead when the section has one. */
static gboolean
set_values_after (TdIni              *self,
                  guint               section,
                  const char * const *keys,
                  const char * const *values,
                  const char         *anchor,
                  GError            **error)
{
  g_autofree char **replacement = NULL;
  g_autofree gboolean *removed = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *lines;
  const char *eol;
  guint first, end, insert_after;

  if (!check_pairs (keys, values, error))
    return FALSE;

  replacement = g_new0 (char *, self->lines->len);
  removed = g_new0 (gboolean, self->lines->len);
  get_section_range (self, section, &first, &end);

  for (guint k = 0; keys[k] != NULL; k++)
    {
      guint index = find_key_line (self, section, keys[k], 0);
      Line *line;

      if (index == NO_INDEX)
        {
          g_ptr_array_add (missing, format_key_line ("", 0, keys[k], values[k]));
          continue;
        }

      line = get_line (self->lines, index);
      mark_block_removed (self, removed, index);
      removed[index] = FALSE;
      replacement[index] = format_key_line (line->text, line->indent, keys[k], values[k]);

      for (guint nth = 1; (index = find_key_line (self, section, keys[k], nth)) != NO_INDEX; nth++)
        mark_block_removed (self, removed, index);
    }

  /* New keys go after the last surviving key block, or after the header. */
  insert_after = first - 1;
  for (guint i = first; i < end; i++)
    {
      Line *line = get_line (self->lines, i);

      if (line->kind == LINE_KEY && !removed[i])
        insert_after = replacement[i] != NULL ? i : line->block_end;
    }

  if (anchor != NULL && find_key_line (self, section, anchor, 0) != NO_INDEX)
    {
      guint index = find_key_line (self, section, anchor, 0);

      insert_after = replacement[index] != NULL ? index : get_line (self->lines, index)->block_end;
    }

  eol = get_document_eol (self);
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      if (!removed[i])
        copy_line (lines, get_line (self->lines, i), replacement[i],
                   i == insert_after && missing->len > 0, eol);

      if (i == insert_after)
        {
          for (guint m = 0; m < missing->len; m++)
            add_line (lines, g_strdup (g_ptr_array_index (missing, m)), eol);
        }
    }

  for (guint i = 0; i < self->lines->len; i++)
    g_free (replacement[i]);

  return replace_lines (self, lines, error);
}

/**
 * td_ini_set_values:
 * @self: a document
 * @section: the index of the section to edit
 * @keys: (array zero-terminated=1): the keys to set
 * @values: (array): one value for each key
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Sets each key in @section, touching no line outside it. The first line of
 * a key (compared case-insensitively) becomes `key = value` with the key in
 * lower case, keeping its indentation and line ending; later lines of the
 * same key, and the continuation lines of every replaced or removed key, are
 * removed. Keys the section lacks are inserted, in the order of @keys, after
 * the last key line of the section and its continuation lines, or after the
 * header if the section has no key. Comment lines are never keys.
 *
 * Keys and values must not contain line breaks or outer white space; such
 * input is rejected, never escaped, and the document stays unchanged.
 *
 * Returns: %TRUE on success
 */
gboolean
td_ini_set_values (TdIni              *self,
                   guint               section,
                   const char * const *keys,
                   const char * const *values,
                   GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (section < self->sections->len, FALSE);
  g_return_val_if_fail (keys != NULL && values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_values_after (self, section, keys, values, NULL, error);
}

/**
 * td_ini_set_value_after:
 * @self: a document
 * @section: the index of the section to edit
 * @key: the key
 * @value: the value
 * @anchor: the key after which @key is inserted when it is missing
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Sets one key by the rules of td_ini_set_values(), except that a missing
 * @key is inserted after the line of @anchor and its continuation lines,
 * so that related keys stay together. Without an @anchor line the usual
 * place applies.
 *
 * Returns: %TRUE on success
 */
gboolean
td_ini_set_value_after (TdIni       *self,
                        guint        section,
                        const char  *key,
                        const char  *value,
                        const char  *anchor,
                        GError     **error)
{
  const char *keys[] = { key, NULL };
  const char *values[] = { value, NULL };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (section < self->sections->len, FALSE);
  g_return_val_if_fail (key != NULL && value != NULL && anchor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_values_after (self, section, keys, values, anchor, error);
}

/**
 * td_ini_set_value:
 * @self: a document
 * @section: the index of the section to edit
 * @key: the key
 * @value: the value
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Sets one key, by the rules of td_ini_set_values().
 *
 * Returns: %TRUE on success
 */
gboolean
td_ini_set_value (TdIni       *self,
                  guint        section,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  const char *keys[] = { key, NULL };
  const char *values[] = { value, NULL };

  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return td_ini_set_values (self, section, keys, values, error);
}

/**
 * td_ini_remove_key:
 * @self: a document
 * @section: the index of the section to edit
 * @key: the key, compared case-insensitively
 *
 * Removes every line of @key in @section, with their continuation lines.
 *
 * Returns: %TRUE if a line was removed
 */
gboolean
td_ini_remove_key (TdIni      *self,
                   guint       section,
                   const char *key)
{
  g_autofree gboolean *removed = NULL;
  GPtrArray *lines;
  guint index;
  gboolean success;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (section < self->sections->len, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (find_key_line (self, section, key, 0) == NO_INDEX)
    return FALSE;

  removed = g_new0 (gboolean, self->lines->len);
  for (guint nth = 0; (index = find_key_line (self, section, key, nth)) != NO_INDEX; nth++)
    mark_block_removed (self, removed, index);

  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      if (!removed[i])
        copy_line (lines, get_line (self->lines, i), NULL, FALSE, NULL);
    }

  /* Removing whole key blocks leaves every other line as it reads now. */
  success = replace_lines (self, lines, NULL);
  g_assert (success);

  return TRUE;
}

/**
 * td_ini_append_section:
 * @self: a document
 * @name: the section name
 * @keys: (array zero-terminated=1): the keys of the new section
 * @values: (array): one value for each key
 * @section: (out) (optional): the index of the new section
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Appends `[@name]` and its keys at the end. The last line gets a line
 * ending if it has none, one blank line separates the new section from a
 * non-empty document (unless the document already ends with a blank line),
 * and the document ends with exactly one line ending.
 *
 * Returns: %TRUE on success
 */
gboolean
td_ini_append_section (TdIni              *self,
                       const char         *name,
                       const char * const *keys,
                       const char * const *values,
                       guint              *section,
                       GError            **error)
{
  GPtrArray *lines;
  const char *eol;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (keys != NULL && values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!td_ini_check_section_name (name, error) || !check_pairs (keys, values, error))
    return FALSE;

  eol = get_document_eol (self);
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  for (guint i = 0; i < self->lines->len; i++)
    copy_line (lines, get_line (self->lines, i), NULL, TRUE, eol);

  if (self->lines->len > 0 && get_line (self->lines, self->lines->len - 1)->kind != LINE_BLANK)
    add_line (lines, g_strdup (""), eol);

  add_line (lines, g_strdup_printf ("[%s]", name), eol);
  for (guint k = 0; keys[k] != NULL; k++)
    add_line (lines, format_key_line ("", 0, keys[k], values[k]), eol);

  if (!replace_lines (self, lines, error))
    return FALSE;

  if (section != NULL)
    *section = self->sections->len - 1;

  return TRUE;
}
