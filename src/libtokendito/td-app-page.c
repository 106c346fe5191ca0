/* td-app-page.c: what the Okta AWS app link returned
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * With a valid session the app link returns an auto-post form carrying the
 * SAMLResponse. Okta returns the same HTTP 200 for a step-up page, its
 * sign-in page, a second-factor redirect, an access-denied page and a
 * federation form. So the page itself is read to tell them apart and to give
 * an error that points the user the right way.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <libxml/HTMLparser.h>

#include "td-app-page.h"
#include "td-aws-credentials.h"
#include "td-error.h"

/* Maximum title length kept, in characters, because titles go into error messages. */
#define MAX_TITLE_CHARS 200

#define SECOND_FACTOR_PATH "/policy/second-factor"
#define APP_LINK_FORM "https://<org>/home/amazon_aws/<app-id>/<number>"

/* Everything the classification needs, collected in one pass over the tree. */
typedef struct {
  char      *title;
  GPtrArray *headings;          /* char*, text of h1 to h6 */
  GPtrArray *forms;             /* xmlNode* <form>, borrowed */
  GPtrArray *saml_inputs;       /* xmlNode* <input name=SAMLResponse>, borrowed */
  GPtrArray *signin_token_inputs; /* xmlNode* <input name=SigninToken>, borrowed */
  GPtrArray *from_uri_inputs;   /* xmlNode* <input name=fromURI>, borrowed */
  GPtrArray *scripts;           /* char*, text of each <script> */
} PageScan;

static void
page_scan_clear (PageScan *scan)
{
  g_clear_pointer (&scan->title, g_free);
  g_clear_pointer (&scan->headings, g_ptr_array_unref);
  g_clear_pointer (&scan->forms, g_ptr_array_unref);
  g_clear_pointer (&scan->saml_inputs, g_ptr_array_unref);
  g_clear_pointer (&scan->signin_token_inputs, g_ptr_array_unref);
  g_clear_pointer (&scan->from_uri_inputs, g_ptr_array_unref);
  g_clear_pointer (&scan->scripts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageScan, page_scan_clear)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---------------------------------------------------------------------------
 * JavaScript string escapes
 */

static int
parse_hex (const char *p,
           guint       digits)
{
  int value = 0;

  for (guint i = 0; i < digits; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* Appends @code_point, replacing NUL and lone surrogates with U+FFFD so that
 * the result is a valid, NUL-terminated UTF-8 string. */
static void
append_code_point (GString  *out,
                   gunichar  code_point)
{
  if (code_point == 0 || !g_unichar_validate (code_point))
    code_point = 0xFFFD;

  g_string_append_unichar (out, code_point);
}

/* Decodes a `\uXXXX` escape at @p (on the `u`), joining a surrogate pair
 * written as two escapes. Returns the number of bytes read, or 0 when the
 * escape is malformed. */
static gsize
read_unicode_escape (const char *p,
                     gunichar   *code_point)
{
  int unit;
  int low;

  if (p[1] == '{')
    {
      const char *end = strchr (p + 2, '}');
      gsize digits = end ? (gsize) (end - (p + 2)) : 0;
      int value;

      if (digits == 0 || digits > 6 || (value = parse_hex (p + 2, digits)) < 0 || value > 0x10FFFF)
        return 0;
      *code_point = value;
      return digits + 3;
    }

  unit = parse_hex (p + 1, 4);
  if (unit < 0)
    return 0;

  if (unit >= 0xD800 && unit <= 0xDBFF && p[5] == '\\' && p[6] == 'u' &&
      (low = parse_hex (p + 7, 4)) >= 0xDC00 && low <= 0xDFFF)
    {
      *code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      return 11;
    }

  *code_point = unit;
  return 5;
}

/**
 * td_js_unescape:
 * @text: the body of a JavaScript string literal, without its quotes
 *
 * Decodes the escapes Okta pages use: `\xNN`, `\uNNNN` (with surrogate pairs),
 * `\u{N…}`, `\n`, `\r`, `\t`, `\b`, `\f`, `\v`, and a backslash before any
 * other character, which stands for that character (`\/`, `\\`, `\'`, `\"`).
 * A malformed `\x` or `\u` escape is kept as written. NUL and lone
 * surrogates become U+FFFD.
 *
 * Returns: (transfer full): the decoded text
 */
char *
td_js_unescape (const char *text)
{
  GString *out;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));

  while (*p != '\0')
    {
      gunichar code_point = 0;
      gsize used = 0;
      int byte;

      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      p++;
      switch (*p)
        {
        case 'x':
          byte = parse_hex (p + 1, 2);
          if (byte >= 0)
            {
              code_point = byte;
              used = 3;
            }
          break;

        case 'u':
          used = read_unicode_escape (p, &code_point);
          break;

        case 'n': code_point = '\n'; used = 1; break;
        case 'r': code_point = '\r'; used = 1; break;
        case 't': code_point = '\t'; used = 1; break;
        case 'b': code_point = '\b'; used = 1; break;
        case 'f': code_point = '\f'; used = 1; break;
        case 'v': code_point = '\v'; used = 1; break;
        case '0': code_point = 0; used = 1; break;

        case '\r':
          /* A line continuation adds nothing to the string. */
          p += (p[1] == '\n') ? 2 : 1;
          continue;

        case '\n':
          p++;
          continue;

        default:
          /* Any other escaped character stands for itself. Copying it here
           * keeps an escaped backslash from starting a new escape. */
          g_string_append_c (out, *p++);
          continue;
        }

      if (used > 0)
        {
          append_code_point (out, code_point);
          p += used;
        }
      else
        {
          /* A malformed \x or \u escape is kept as written. */
          g_string_append_c (out, '\\');
        }
    }

  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------
 * JavaScript values in scripts
 */

typedef enum {
  JS_VAR_SINGLE_QUOTED,   /* var name = '…' */
  JS_VAR_DOUBLE_QUOTED,   /* var name = "…" */
  JS_JSON_MEMBER,         /* "name":"…" */
} JsForm;

static gboolean
is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '$';
}

static const char *
skip_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Returns the raw body of the string literal whose opening @quote is at @p,
 * or NULL when it is not closed on the same line. */
static char *
dup_literal_body (const char *p,
                  char        quote)
{
  const char *start;

  if (*p != quote)
    return NULL;

  start = ++p;
  while (*p != '\0' && *p != quote && *p != '\n')
    p += (*p == '\\' && p[1] != '\0') ? 2 : 1;

  if (*p != quote)
    return NULL;

  return g_strndup (start, p - start);
}

/* Checks that `var` and at least one space come right before @name_start. */
static gboolean
follows_var_keyword (const char *script,
                     const char *name_start)
{
  const char *p = name_start;

  if (p == script || !g_ascii_isspace (p[-1]))
    return FALSE;

  while (p > script && g_ascii_isspace (p[-1]))
    p--;

  if (p - script < 3 || strncmp (p - 3, "var", 3) != 0)
    return FALSE;

  return p - script == 3 || !is_identifier_char (p[-4]);
}

/* Returns the raw literal assigned to the occurrence of @name at @match in
 * the given @form, or NULL when that occurrence has another form. */
static char *
dup_literal_at (const char *script,
                const char *match,
                const char *name,
                JsForm      form)
{
  const char *after = match + strlen (name);
  const char *p;

  if (form == JS_JSON_MEMBER)
    {
      if (match == script || match[-1] != '"' || *after != '"')
        return NULL;

      p = skip_spaces (after + 1);
      if (*p != ':')
        return NULL;
      return dup_literal_body (skip_spaces (p + 1), '"');
    }

  if (is_identifier_char (*after) || !follows_var_keyword (script, match))
    return NULL;

  p = skip_spaces (after);
  if (*p != '=')
    return NULL;
  return dup_literal_body (skip_spaces (p + 1), form == JS_VAR_SINGLE_QUOTED ? '\'' : '"');
}

/* Appends the decoded value of every assignment to @name in @form found in
 * @scripts to @values, in page order. */
static void
collect_js_values (GPtrArray  *scripts,
                   const char *name,
                   JsForm      form,
                   GPtrArray  *values)
{
  for (guint i = 0; i < scripts->len; i++)
    {
      const char *script = g_ptr_array_index (scripts, i);

      for (const char *match = strstr (script, name); match != NULL;
           match = strstr (match + 1, name))
        {
          g_autofree char *raw = dup_literal_at (script, match, name, form);

          if (raw != NULL)
            g_ptr_array_add (values, td_js_unescape (raw));
        }
    }
}

static gboolean
is_plausible_token (const char *token)
{
  if (*token == '\0')
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isgraph (*p) || *p == '"' || *p == '\\')
        return FALSE;
    }

  return TRUE;
}

/* Looks for the state token in the order the widget versions write it:
 * `var stateToken = '…'`, then `var stateToken = "…"`, then the JSON member
 * inside `oktaData`. An empty value, as on the second-factor page, means
 * there is none. */
static char *
find_state_token (GPtrArray *scripts)
{
  static const JsForm forms[] = { JS_VAR_SINGLE_QUOTED, JS_VAR_DOUBLE_QUOTED, JS_JSON_MEMBER };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) td_secret_free);

      collect_js_values (scripts, "stateToken", forms[f], values);

      for (guint i = 0; i < values->len; i++)
        {
          const char *token = g_ptr_array_index (values, i);

          if (is_plausible_token (token))
            return g_strdup (token);

          if (*token != '\0')
            g_debug ("Ignoring a stateToken on the app page: it has characters that a state token never has");
        }
    }

  return NULL;
}

/* ---------------------------------------------------------------------------
 * Tree walk
 */

static char *
dup_prop (xmlNode    *node,
          const char *name)
{
  g_autofree xmlChar *value = xmlGetProp (node, (const xmlChar *) name);

  if (value == NULL)
    return NULL;

  return g_strdup ((const char *) value);
}

static char *
dup_text (xmlNode *node)
{
  g_autofree xmlChar *content = xmlNodeGetContent (node);

  return g_strdup (content ? (const char *) content : "");
}

/* Collapses runs of whitespace and control characters into one space, trims
 * the ends and cuts the text at MAX_TITLE_CHARS characters. */
static char *
dup_display_text (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p++)
    {
      gboolean blank = g_ascii_isspace (*p) || g_ascii_iscntrl (*p);

      if (!blank)
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  if (g_utf8_strlen (out->str, -1) > MAX_TITLE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (out->str, 0, MAX_TITLE_CHARS);

      g_string_assign (out, cut);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_heading (const xmlChar *name)
{
  return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
}

static void
scan_input (PageScan *scan,
            xmlNode  *input)
{
  g_autofree char *name = dup_prop (input, "name");

  if (name == NULL)
    return;

  if (strcmp (name, "SAMLResponse") == 0)
    g_ptr_array_add (scan->saml_inputs, input);
  else if (strcmp (name, "SigninToken") == 0)
    g_ptr_array_add (scan->signin_token_inputs, input);
  else if (strcmp (name, "fromURI") == 0)
    g_ptr_array_add (scan->from_uri_inputs, input);
}

static void
scan_element (PageScan *scan,
              xmlNode  *element)
{
  const xmlChar *name = element->name;

  if (xmlStrEqual (name, (const xmlChar *) "title") && scan->title == NULL)
    {
      g_autofree char *text = dup_text (element);

      scan->title = dup_display_text (text);
    }
  else if (is_heading (name))
    {
      g_autofree char *text = dup_text (element);

      g_ptr_array_add (scan->headings, dup_display_text (text));
    }
  else if (xmlStrEqual (name, (const xmlChar *) "form"))
    g_ptr_array_add (scan->forms, element);
  else if (xmlStrEqual (name, (const xmlChar *) "input"))
    scan_input (scan, element);
  else if (xmlStrEqual (name, (const xmlChar *) "script"))
    g_ptr_array_add (scan->scripts, dup_text (element));
}

/* Returns the node after @node in document order. It avoids recursion
 * because a hostile page can nest elements deeper than the stack allows. */
static xmlNode *
next_in_document (xmlNode *node)
{
  if (node->type == XML_ELEMENT_NODE && node->children != NULL)
    return node->children;

  for (; node != NULL; node = node->parent)
    {
      if (node->next != NULL)
        return node->next;
    }

  return NULL;
}

static void
scan_document (PageScan *scan,
               xmlDoc   *doc)
{
  scan->headings = g_ptr_array_new_with_free_func (g_free);
  scan->forms = g_ptr_array_new ();
  scan->saml_inputs = g_ptr_array_new ();
  scan->signin_token_inputs = g_ptr_array_new ();
  scan->from_uri_inputs = g_ptr_array_new ();
  scan->scripts = g_ptr_array_new_with_free_func (g_free);

  for (xmlNode *node = xmlDocGetRootElement (doc); node != NULL; node = next_in_document (node))
    {
      if (node->type == XML_ELEMENT_NODE)
        scan_element (scan, node);
    }

  if (scan->title != NULL && *scan->title == '\0')
    g_clear_pointer (&scan->title, g_free);
}

/* ---------------------------------------------------------------------------
 * Forms and URLs
 */

/* Returns the form that contains @input. The HTML parser can close a form early
 * on malformed markup (a form inside a table, for example), so a page with a
 * single form falls back to that form. */
static xmlNode *
find_enclosing_form (PageScan *scan,
                     xmlNode  *input)
{
  for (xmlNode *node = input->parent; node != NULL; node = node->parent)
    {
      if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, (const xmlChar *) "form"))
        return node;
    }

  return scan->forms->len == 1 ? g_ptr_array_index (scan->forms, 0) : NULL;
}

/* Returns the form action resolved against @page_url, or as written when it
 * cannot be resolved, or NULL when the form has no action. */
static char *
dup_form_action (xmlNode    *form,
                 const char *page_url)
{
  g_autofree char *action = NULL;
  char *resolved;

  if (form == NULL || (action = dup_prop (form, "action")) == NULL)
    return NULL;

  g_strstrip (action);
  resolved = g_uri_resolve_relative (page_url, action, G_URI_FLAGS_NONE, NULL);

  return resolved ? resolved : g_steal_pointer (&action);
}

/* Returns @url without its query and fragment, which can carry tokens (for
 * example the sessionToken of a sessionCookieRedirect link). */
static char *
dup_url_for_message (const char *url)
{
  return g_strndup (url, strcspn (url, "?#"));
}

static char *
dup_url_path (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url[0] == '/')
    return g_strndup (url, strcspn (url, "?#"));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  return g_strdup (g_uri_get_path (uri));
}

static char *
dup_url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;
  gsize length;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return NULL;

  length = strlen (host);
  if (length > 0 && host[length - 1] == '.')
    length--;

  return g_ascii_strdown (host, length);
}

static gboolean
is_signin_host (const char *host,
                const char *signin_host)
{
  gsize host_length = strlen (host);
  gsize signin_length = strlen (signin_host);
  gsize label_length;

  if (strcmp (host, signin_host) == 0)
    return TRUE;

  /* Regional sign-in hosts add exactly one label: `<region>.signin.…`. */
  if (host_length <= signin_length + 1 ||
      host[host_length - signin_length - 1] != '.' ||
      strcmp (host + host_length - signin_length, signin_host) != 0)
    return FALSE;

  label_length = host_length - signin_length - 1;
  return strspn (host, "abcdefghijklmnopqrstuvwxyz0123456789-") == label_length;
}

/* Maps the host of the SAML form action to its AWS partition. Each
 * partition has one global sign-in host and regional ones below it. */
static char *
dup_partition_for_action (const char *action)
{
  static const struct {
    const char *host;
    const char *partition;
  } signin_hosts[] = {
    { "signin.aws.amazon.com", "aws" },
    { "signin.amazonaws-us-gov.com", "aws-us-gov" },
    { "signin.amazonaws.cn", "aws-cn" },
  };
  g_autofree char *host = action ? dup_url_host (action) : NULL;

  for (guint i = 0; host != NULL && i < G_N_ELEMENTS (signin_hosts); i++)
    {
      if (is_signin_host (host, signin_hosts[i].host))
        return g_strdup (signin_hosts[i].partition);
    }

  g_debug ("The SAML form posts to host %s, which is not an AWS sign-in host; assuming partition aws",
           host ? host : "(none)");
  return g_strdup ("aws");
}

/* ---------------------------------------------------------------------------
 * Classification
 */

static TdAppPage *
read_saml_form (PageScan    *scan,
                const char  *page_url,
                const char  *shown_url,
                GError     **error)
{
  g_autoptr(TdAppPage) page = g_new0 (TdAppPage, 1);
  xmlNode *input = g_ptr_array_index (scan->saml_inputs, 0);

  page->kind = TD_APP_PAGE_SAML_FORM;
  page->title = g_strdup (scan->title);
  page->saml_response = dup_prop (input, "value");
  if (page->saml_response == NULL)
    page->saml_response = g_strdup ("");
  g_strstrip (page->saml_response);

  for (guint i = 1; i < scan->saml_inputs->len; i++)
    {
      char *other = dup_prop (g_ptr_array_index (scan->saml_inputs, i), "value");
      gboolean same = other != NULL && strcmp (g_strstrip (other), page->saml_response) == 0;

      td_secret_free (other);
      if (!same)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                       _("The page returned by %s has several SAMLResponse fields with different "
                       "values, so the assertion to use is unclear. Check the app link and sign in again"),
                       shown_url);
          return NULL;
        }
    }

  if (*page->saml_response == '\0')
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The SAML form returned by %s has an empty SAMLResponse field. Sign in again, "
                   "and if it stays empty, ask the Okta admin to check the AWS app"),
                   shown_url);
      return NULL;
    }

  page->form_action = dup_form_action (find_enclosing_form (scan, input), page_url);
  page->partition = dup_partition_for_action (page->form_action);

  return g_steal_pointer (&page);
}

/* Returns the action of a form that posts a SigninToken to an AWS
 * `/federation` endpoint, or NULL. */
static char *
dup_federation_action (PageScan   *scan,
                       const char *page_url)
{
  for (guint i = 0; i < scan->forms->len; i++)
    {
      g_autofree char *action = dup_form_action (g_ptr_array_index (scan->forms, i), page_url);
      g_autofree char *path = action ? dup_url_path (action) : NULL;

      if (path != NULL && g_str_has_suffix (path, "/federation"))
        return g_steal_pointer (&action);
    }

  if (scan->signin_token_inputs->len > 0)
    return dup_form_action (find_enclosing_form (scan, g_ptr_array_index (scan->signin_token_inputs, 0)),
                            page_url);

  return NULL;
}

static gboolean
is_second_factor_uri (const char *uri)
{
  g_autofree char *path = dup_url_path (uri);

  if (path == NULL)
    return FALSE;

  if (strcmp (path, SECOND_FACTOR_PATH) != 0 && !g_str_has_prefix (path, SECOND_FACTOR_PATH "/"))
    return FALSE;

  g_debug ("The app page redirects to %s", path);
  return TRUE;
}

/* Checks the `fromUri` script variables and the hidden `fromURI` inputs for
 * a redirect to Okta's second-factor policy page. */
static gboolean
redirects_to_second_factor (PageScan *scan)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

  collect_js_values (scan->scripts, "fromUri", JS_VAR_SINGLE_QUOTED, uris);
  collect_js_values (scan->scripts, "fromUri", JS_VAR_DOUBLE_QUOTED, uris);
  collect_js_values (scan->scripts, "fromUri", JS_JSON_MEMBER, uris);

  for (guint i = 0; i < scan->from_uri_inputs->len; i++)
    {
      char *value = dup_prop (g_ptr_array_index (scan->from_uri_inputs, i), "value");

      if (value != NULL)
        g_ptr_array_add (uris, g_strstrip (value));
    }

  for (guint i = 0; i < uris->len; i++)
    {
      if (is_second_factor_uri (g_ptr_array_index (uris, i)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
text_contains (const char *text,
               const char *lower_needle)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  lower = g_ascii_strdown (text, -1);
  return strstr (lower, lower_needle) != NULL;
}

static gboolean
is_access_denied_text (const char *text)
{
  return text_contains (text, "access denied") || text_contains (text, "locked");
}

/* Returns the title or heading that mentions denied or locked access, or NULL. */
static const char *
find_access_denied_text (PageScan *scan)
{
  if (is_access_denied_text (scan->title))
    return scan->title;

  for (guint i = 0; i < scan->headings->len; i++)
    {
      const char *heading = g_ptr_array_index (scan->headings, i);

      if (is_access_denied_text (heading))
        return heading;
    }

  return NULL;
}

static gboolean
is_sign_in_page (PageScan   *scan,
                 const char *page_url)
{
  if (text_contains (scan->title, "sign in"))
    return TRUE;

  for (guint i = 0; i < scan->forms->len; i++)
    {
      g_autofree char *action = dup_form_action (g_ptr_array_index (scan->forms, i), page_url);
      g_autofree char *path = action ? dup_url_path (action) : NULL;

      if (path != NULL && g_str_has_suffix (path, "/login/do-login"))
        return TRUE;
    }

  return FALSE;
}

/* Sets the error that explains a page without a SAML form or state token. */
static void
set_page_error (PageScan    *scan,
                const char  *page_url,
                const char  *shown_url,
                GError     **error)
{
  const char *title = scan->title ? scan->title : "untitled page";
  g_autofree char *federation_action = dup_federation_action (scan, page_url);
  const char *denied_text;

  if (federation_action != NULL)
    {
      g_autofree char *host = dup_url_host (federation_action);
      g_autofree char *path = dup_url_path (federation_action);

      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The Okta app at %s posts a sign-in token to %s%s, not a SAML assertion. "
                   "Use the link of the AWS Account Federation (SAML) app instead"),
                   shown_url, host ? host : "", path ? path : "/federation");
    }
  else if (redirects_to_second_factor (scan))
    g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                 "The sign-on policy of the Okta app at %s requires another factor, which this "
                 "sign-in cannot satisfy (Okta redirects to " SECOND_FACTOR_PATH "). Ask the Okta "
                 "admin whether the app's sign-on rule can accept the factor used to sign in",
                 shown_url);
  else if ((denied_text = find_access_denied_text (scan)) != NULL)
    g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                 _("Okta returned the page “%s” for %s: access to the app is denied or locked. "
                 "Ask the Okta admin to assign the app to you or to unlock it"),
                 denied_text, shown_url);
  else if (is_sign_in_page (scan, page_url))
    g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                 "Okta returned its sign-in page “%s” for %s, so the app did not accept the Okta "
                 "session, or the URL is not an AWS app link. Check that the URL has the form "
                 APP_LINK_FORM ", then sign in again",
                 title, shown_url);
  else
    g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                 "No SAML form was found on the page “%s” returned by %s. Check that the URL is "
                 "the AWS app link, of the form " APP_LINK_FORM,
                 title, shown_url);
}

static xmlDoc *
read_html (const char  *html,
           gsize        length,
           const char  *shown_url,
           GError     **error)
{
  xmlDoc *doc;

  if (length == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The page returned by %s is empty. Check the app link and sign in again"),
                   shown_url);
      return NULL;
    }

  if (length > TD_APP_PAGE_MAX_SIZE)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   "The page returned by %s is %" G_GSIZE_FORMAT " bytes, more than the maximum "
                   "of %d bytes for an Okta app page. Check the app link",
                   shown_url, length, TD_APP_PAGE_MAX_SIZE);
      return NULL;
    }

  /* Naming UTF-8 for valid UTF-8 input overrides a wrong `<meta charset>`,
   * which libxml2 2.9.14 would otherwise follow. Other input is left to
   * libxml2's detection. */
  doc = htmlReadMemory (html, (int) length, NULL,
                        g_utf8_validate_len (html, length, NULL) ? "UTF-8" : NULL,
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The page returned by %s cannot be parsed as HTML. Check the app link"),
                   shown_url);
    }

  return doc;
}

/**
 * td_app_page_parse:
 * @html: the body returned by the app link
 * @length: the length of @html in bytes
 * @page_url: the app link, used to resolve relative form actions and named
 *   in errors without its query string
 * @error: return location for a #GError
 *
 * Reads the page returned by the AWS app link. A SAML form gives
 * %TD_APP_PAGE_SAML_FORM, a page with a state token gives
 * %TD_APP_PAGE_STEP_UP. Every other page gives %TD_ERROR_APP_PAGE with a
 * message that names the page and the next step.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with @error set
 */
TdAppPage *
td_app_page_parse (const char  *html,
                   gsize        length,
                   const char  *page_url,
                   GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_auto(PageScan) scan = { 0 };
  g_autofree char *shown_url = NULL;
  g_autofree char *state_token = NULL;
  TdAppPage *page;

  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (page_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  shown_url = dup_url_for_message (page_url);

  doc = read_html (html, length, shown_url, error);
  if (doc == NULL)
    return NULL;

  scan_document (&scan, doc);

  if (scan.saml_inputs->len > 0)
    return read_saml_form (&scan, page_url, shown_url, error);

  state_token = find_state_token (scan.scripts);
  if (state_token != NULL)
    {
      page = g_new0 (TdAppPage, 1);
      page->kind = TD_APP_PAGE_STEP_UP;
      page->state_token = g_steal_pointer (&state_token);
      page->title = g_strdup (scan.title);
      return page;
    }

  set_page_error (&scan, page_url, shown_url, error);
  return NULL;
}

void
td_app_page_free (TdAppPage *page)
{
  if (page == NULL)
    return;

  td_secret_free (page->saml_response);
  g_free (page->form_action);
  g_free (page->partition);
  td_secret_free (page->state_token);
  g_free (page->title);
  g_free (page);
}
