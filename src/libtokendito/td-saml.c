/* td-saml.c: the AWS roles and session attributes of a SAML assertion
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The assertion is read but not trusted, because STS checks its signature.
 * This file only extracts what the user chooses from. Error messages leave
 * the assertion out, and role ARNs are the only parts of it they contain.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "td-aws-credentials.h"
#include "td-saml.h"

#define ROLE_ATTRIBUTE "https://aws.amazon.com/SAML/Attributes/Role"
#define ROLE_SESSION_NAME_ATTRIBUTE "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
#define SESSION_DURATION_ATTRIBUTE "https://aws.amazon.com/SAML/Attributes/SessionDuration"

/* The partition is `aws[-a-z]*` so that aws, aws-us-gov, aws-cn and the
 * isolated partitions all pass. Role names and paths use the IAM name
 * characters. SAML provider names allow word characters, `.` and `-`. */
#define ROLE_ARN_PATTERN \
  "^arn:aws[-a-z]*:iam::[0-9]{12}:role/([A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]+$"
#define PROVIDER_ARN_PATTERN \
  "^arn:aws[-a-z]*:iam::[0-9]{12}:saml-provider/[A-Za-z0-9._-]+$"

/* Maximum length in bytes of a Role attribute value quoted in a warning. */
#define MAX_QUOTED_VALUE 256

struct _TdSamlAssertion
{
  char      *base64;            /* a secret; sent to STS unchanged */
  char      *source_url;
  GPtrArray *roles;             /* TdRole*, first-seen order, no duplicates */
  char      *role_session_name;
  gint64     session_duration;
};

G_DEFINE_BOXED_TYPE (TdRole, td_role, td_role_copy, td_role_free)

/* ---------------------------------------------------------------------------
 * Untrusted XML
 */

/* libxml2 reports every DOCTYPE through this callback, with or without an
 * internal subset, before it reads any declaration. Stopping here means no
 * entity is ever declared, so neither entity expansion (billion laughs) nor
 * external entities (XXE) can happen. */
static void
reject_doctype_cb (void          *user_data,
                   const xmlChar *name,
                   const xmlChar *external_id,
                   const xmlChar *system_id)
{
  xmlParserCtxt *ctxt = user_data;

  ctxt->_private = GINT_TO_POINTER (TRUE);
  xmlStopParser (ctxt);
}

static int
get_untrusted_parse_options (void)
{
  /* XML_PARSE_NOENT is left out on purpose, because despite its name it turns
   * entity substitution on. NOERROR and NOWARNING keep libxml2 from printing the
   * offending line, which may contain the assertion, to stderr. */
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

#if LIBXML_VERSION >= 21300
  options |= XML_PARSE_NO_XXE;
#endif

  return options;
}

xmlDoc *
td_xml_read_untrusted (const char  *data,
                       gsize        length,
                       TdError      code,
                       GError     **error)
{
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gboolean saw_doctype;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0 || length > G_MAXINT)
    {
      g_set_error (error, TD_ERROR, code,
                   "The document is empty or larger than %d bytes", G_MAXINT);
      return NULL;
    }

  /* Requiring UTF-8 up front also rejects UTF-16 and embedded NUL bytes, so
   * libxml2 never has to guess an encoding. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, TD_ERROR, code,
                           "The document is not valid UTF-8 text");
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    g_error ("libxml2 could not allocate a parser context");

  ctxt->sax->internalSubset = reject_doctype_cb;
  ctxt->_private = GINT_TO_POINTER (FALSE);

  doc = xmlCtxtReadMemory (ctxt, data, (int) length, NULL, "UTF-8",
                           get_untrusted_parse_options ());
  saw_doctype = GPOINTER_TO_INT (ctxt->_private);

  if (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))
    saw_doctype = TRUE;

  if (saw_doctype)
    {
      g_set_error_literal (error, TD_ERROR, code,
                           "The document has a DOCTYPE declaration, which is "
                           "rejected because it can declare entities");
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || !ctxt->wellFormed)
    {
      const xmlError *last = xmlCtxtGetLastError (ctxt);

      /* Only the position is reported, because libxml2's own message can
       * quote document text. */
      g_set_error (error, TD_ERROR, code,
                   "The document is not well-formed XML (libxml2 error %d at line %d, column %d)",
                   last ? last->code : 0, last ? last->line : 0, last ? last->int2 : 0);
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error_literal (error, TD_ERROR, code,
                           "The document has no root element");
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  xmlFreeParserCtxt (ctxt);

  return doc;
}

static gboolean
node_is_element (xmlNode    *node,
                 const char *local_name)
{
  return node->type == XML_ELEMENT_NODE &&
         xmlStrEqual (node->name, (const xmlChar *) local_name);
}

xmlNode *
td_xml_find_child (xmlNode    *parent,
                   const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (parent == NULL)
    return NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (node_is_element (child, name))
        return child;
    }

  return NULL;
}

/* ---------------------------------------------------------------------------
 * TdRole
 */

TdRole *
td_role_new (const char *role_arn,
             const char *principal_arn)
{
  TdRole *role;

  g_return_val_if_fail (role_arn != NULL, NULL);
  g_return_val_if_fail (principal_arn != NULL, NULL);

  role = g_new0 (TdRole, 1);
  role->role_arn = g_strdup (role_arn);
  role->principal_arn = g_strdup (principal_arn);

  return role;
}

TdRole *
td_role_copy (const TdRole *role)
{
  g_return_val_if_fail (role != NULL, NULL);

  return td_role_new (role->role_arn, role->principal_arn);
}

void
td_role_free (TdRole *role)
{
  if (role == NULL)
    return;

  g_free (role->role_arn);
  g_free (role->principal_arn);
  g_free (role);
}

/* Returns field @index of the colon-separated ARN @arn, or NULL. */
static char *
dup_arn_field (const char *arn,
               guint       index)
{
  g_auto(GStrv) fields = NULL;

  if (arn == NULL)
    return NULL;

  fields = g_strsplit (arn, ":", 6);
  if (g_strv_length (fields) != 6 || strcmp (fields[0], "arn") != 0)
    return NULL;

  return g_strdup (fields[index]);
}

/**
 * td_role_dup_account_id:
 * @role: a role
 *
 * Returns: (transfer full) (nullable): the 12-digit AWS account id of the
 *   role ARN, or %NULL when the ARN has none
 */
char *
td_role_dup_account_id (const TdRole *role)
{
  g_autofree char *account_id = NULL;

  g_return_val_if_fail (role != NULL, NULL);

  account_id = dup_arn_field (role->role_arn, 4);
  if (account_id == NULL || strlen (account_id) != 12 ||
      strspn (account_id, "0123456789") != 12)
    return NULL;

  return g_steal_pointer (&account_id);
}

/**
 * td_role_dup_name:
 * @role: a role
 *
 * Returns: (transfer full) (nullable): the role name without its path, for
 *   example `Deployer` for `role/teams/platform/Deployer`
 */
char *
td_role_dup_name (const TdRole *role)
{
  g_autofree char *resource = NULL;
  const char *name;

  g_return_val_if_fail (role != NULL, NULL);

  resource = dup_arn_field (role->role_arn, 5);
  if (resource == NULL || !g_str_has_prefix (resource, "role/"))
    return NULL;

  name = strrchr (resource, '/') + 1;
  if (*name == '\0')
    return NULL;

  return g_strdup (name);
}

/**
 * td_role_dup_partition:
 * @role: a role
 *
 * Returns: (transfer full) (nullable): the partition of the role ARN, such
 *   as `aws`, `aws-us-gov` or `aws-cn`
 */
char *
td_role_dup_partition (const TdRole *role)
{
  g_autofree char *partition = NULL;

  g_return_val_if_fail (role != NULL, NULL);

  partition = dup_arn_field (role->role_arn, 1);
  if (partition == NULL || *partition == '\0')
    return NULL;

  return g_steal_pointer (&partition);
}

/* ---------------------------------------------------------------------------
 * Role attribute values
 */

typedef enum {
  ARN_KIND_INVALID,
  ARN_KIND_ROLE,
  ARN_KIND_PROVIDER,
} ArnKind;

static ArnKind
classify_arn (const char *arn)
{
  if (strstr (arn, ":role/") != NULL)
    return g_regex_match_simple (ROLE_ARN_PATTERN, arn, 0, 0) ? ARN_KIND_ROLE : ARN_KIND_INVALID;

  if (strstr (arn, ":saml-provider/") != NULL)
    return g_regex_match_simple (PROVIDER_ARN_PATTERN, arn, 0, 0) ? ARN_KIND_PROVIDER : ARN_KIND_INVALID;

  return ARN_KIND_INVALID;
}

/* Returns the role/provider pair in @value, or NULL with the reason in
 * @reason. Either order is valid for AWS, so each half is classified by its
 * resource type, not by its position. */
static TdRole *
parse_role_value (const char  *value,
                  const char **reason)
{
  g_auto(GStrv) halves = g_strsplit (value, ",", -1);
  const char *role_arn = NULL;
  const char *provider_arn = NULL;
  g_autofree char *role_partition = NULL;
  g_autofree char *provider_partition = NULL;

  if (g_strv_length (halves) != 2)
    {
      *reason = "it is not two comma-separated ARNs";
      return NULL;
    }

  for (guint i = 0; i < 2; i++)
    {
      char *arn = g_strstrip (halves[i]);

      switch (classify_arn (arn))
        {
        case ARN_KIND_ROLE:
          if (role_arn != NULL)
            {
              *reason = "it has two role ARNs and no SAML provider ARN";
              return NULL;
            }
          role_arn = arn;
          break;

        case ARN_KIND_PROVIDER:
          if (provider_arn != NULL)
            {
              *reason = "it has two SAML provider ARNs and no role ARN";
              return NULL;
            }
          provider_arn = arn;
          break;

        case ARN_KIND_INVALID:
        default:
          *reason = "one half is not a valid IAM role or SAML provider ARN";
          return NULL;
        }
    }

  /* STS is called in one partition, so a pair that spans two cannot work. */
  role_partition = dup_arn_field (role_arn, 1);
  provider_partition = dup_arn_field (provider_arn, 1);
  if (g_strcmp0 (role_partition, provider_partition) != 0)
    {
      *reason = "the role and the SAML provider are in different partitions";
      return NULL;
    }

  return td_role_new (role_arn, provider_arn);
}

static gboolean
has_role (TdSamlAssertion *self,
          const TdRole    *role)
{
  for (guint i = 0; i < self->roles->len; i++)
    {
      const TdRole *known = g_ptr_array_index (self->roles, i);

      if (strcmp (known->role_arn, role->role_arn) == 0 &&
          strcmp (known->principal_arn, role->principal_arn) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
warn_skipped_value (TdSamlAssertion *self,
                    const char      *value,
                    const char      *reason)
{
  g_autofree char *truncated = NULL;
  g_autofree char *escaped = NULL;

  /* A Role value should contain only ARNs, which are not secrets. It is
   * escaped and truncated so that odd bytes cannot garble the terminal. */
  truncated = g_utf8_make_valid (value, MIN (strlen (value), MAX_QUOTED_VALUE));
  escaped = g_strescape (truncated, NULL);

  g_warning ("Skipping the Role value \"%s\" in the SAML assertion from %s: %s",
             escaped, self->source_url, reason);
}

static void
add_role_value (TdSamlAssertion *self,
                const char      *value)
{
  g_autoptr(TdRole) role = NULL;
  const char *reason = NULL;

  role = parse_role_value (value, &reason);
  if (role == NULL)
    {
      warn_skipped_value (self, value, reason);
      return;
    }

  if (has_role (self, role))
    return;

  g_ptr_array_add (self->roles, g_steal_pointer (&role));
}

/* ---------------------------------------------------------------------------
 * Attributes
 */

static char *
dup_trimmed_content (xmlNode *node)
{
  g_autofree xmlChar *content = xmlNodeGetContent (node);

  if (content == NULL)
    return g_strdup ("");

  return g_strstrip (g_strdup ((const char *) content));
}

static gint64
parse_session_duration (const char *text)
{
  gint64 seconds = 0;

  if (!g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &seconds, NULL))
    {
      g_debug ("Ignoring the SessionDuration attribute: it is not a positive whole number of seconds");
      return 0;
    }

  return seconds;
}

static void
read_attribute (TdSamlAssertion *self,
                xmlNode         *attribute)
{
  g_autofree xmlChar *name = xmlGetNoNsProp (attribute, (const xmlChar *) "Name");

  if (name == NULL)
    return;

  for (xmlNode *child = attribute->children; child != NULL; child = child->next)
    {
      g_autofree char *value = NULL;

      if (!node_is_element (child, "AttributeValue"))
        continue;

      value = dup_trimmed_content (child);

      if (xmlStrEqual (name, (const xmlChar *) ROLE_ATTRIBUTE))
        add_role_value (self, value);
      else if (xmlStrEqual (name, (const xmlChar *) ROLE_SESSION_NAME_ATTRIBUTE) &&
               self->role_session_name == NULL && *value != '\0')
        self->role_session_name = g_steal_pointer (&value);
      else if (xmlStrEqual (name, (const xmlChar *) SESSION_DURATION_ATTRIBUTE) &&
               self->session_duration == 0)
        self->session_duration = parse_session_duration (value);
    }
}

/* Visits every Attribute of every AttributeStatement, by local name so that
 * `saml2:`, `saml:` and unprefixed documents read the same. The recursion is
 * bounded by libxml2's nesting limit (256 levels without XML_PARSE_HUGE). */
static void
read_attributes (TdSamlAssertion *self,
                 xmlNode         *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (node_is_element (child, "Attribute") && node_is_element (node, "AttributeStatement"))
        read_attribute (self, child);
      else
        read_attributes (self, child);
    }
}

/* ---------------------------------------------------------------------------
 * Base64
 */

/* Checks @text strictly, because g_base64_decode() silently skips characters
 * outside the alphabet. Line breaks are allowed, as some identity providers
 * wrap the value. On success, stores the decoded size in @decoded_size. */
static gboolean
check_base64 (const char  *text,
              gsize       *decoded_size,
              const char **reason)
{
  gsize symbols = 0;
  gsize padding = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        continue;

      if (*p == '=')
        {
          padding++;
        }
      else if (g_ascii_isalnum (*p) || *p == '+' || *p == '/')
        {
          if (padding > 0)
            {
              *reason = "it has characters after the '=' padding";
              return FALSE;
            }
        }
      else
        {
          *reason = "it contains a character outside the base64 alphabet";
          return FALSE;
        }

      symbols++;
    }

  if (symbols == 0)
    {
      *reason = "it is empty";
      return FALSE;
    }

  if (symbols % 4 != 0 || padding > 2)
    {
      *reason = "its length or padding is not valid base64";
      return FALSE;
    }

  *decoded_size = symbols / 4 * 3 - padding;
  return TRUE;
}

static char *
decode_base64 (const char  *base64,
               const char  *source_url,
               gsize       *length,
               GError     **error)
{
  const char *reason = NULL;
  gsize decoded_size = 0;

  if (!check_base64 (base64, &decoded_size, &reason))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The SAMLResponse from %s is not valid base64 because %s. "
                   "Sign in again, and if it keeps failing, ask the Okta admin to check the AWS app"),
                   source_url, reason);
      return NULL;
    }

  if (decoded_size > TD_SAML_MAX_DECODED_SIZE)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   "The SAMLResponse from %s decodes to %" G_GSIZE_FORMAT " bytes, more than the "
                   "maximum of %d bytes; the app link may point at the wrong app",
                   source_url, decoded_size, TD_SAML_MAX_DECODED_SIZE);
      return NULL;
    }

  return (char *) g_base64_decode (base64, length);
}

/* ---------------------------------------------------------------------------
 * TdSamlAssertion
 */

static void
wipe_and_free (char  *data,
               gsize  length)
{
  if (data == NULL)
    return;

  explicit_bzero (data, length);
  g_free (data);
}

static gboolean
read_assertion_document (TdSamlAssertion  *self,
                         const char       *xml,
                         gsize             length,
                         GError          **error)
{
  xmlDoc *doc;
  g_autoptr(GError) local_error = NULL;

  doc = td_xml_read_untrusted (xml, length, TD_ERROR_APP_PAGE, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_APP_PAGE,
                   _("The SAML assertion from %s cannot be read: %s. "
                   "Sign in again, and if it keeps failing, ask the Okta admin to check the AWS app"),
                   self->source_url, local_error->message);
      return FALSE;
    }

  read_attributes (self, xmlDocGetRootElement (doc));
  xmlFreeDoc (doc);

  return TRUE;
}

static TdSamlAssertion *
td_saml_assertion_new (const char *source_url)
{
  TdSamlAssertion *self = g_new0 (TdSamlAssertion, 1);

  self->source_url = g_strdup (source_url);
  self->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) td_role_free);

  return self;
}

/**
 * td_saml_assertion_parse:
 * @base64: the SAMLResponse value, with character references already resolved
 * @source_url: the app link the assertion came from, named in errors
 * @error: return location for a #GError
 *
 * Decodes @base64 and reads the role/provider pairs, the RoleSessionName and
 * the SessionDuration attributes. Role values that are not one role ARN and
 * one SAML provider ARN are skipped with a warning.
 *
 * Returns: (transfer full) (nullable): the assertion, or %NULL with
 *   %TD_ERROR_APP_PAGE when it cannot be decoded or parsed, or
 *   %TD_ERROR_NO_ROLES when it has no usable role/provider pair
 */
TdSamlAssertion *
td_saml_assertion_parse (const char  *base64,
                         const char  *source_url,
                         GError     **error)
{
  g_autoptr(TdSamlAssertion) self = NULL;
  char *xml;
  gsize length = 0;
  gboolean parsed;

  g_return_val_if_fail (base64 != NULL, NULL);
  g_return_val_if_fail (source_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = td_saml_assertion_new (source_url);
  self->base64 = g_strstrip (g_strdup (base64));

  xml = decode_base64 (self->base64, source_url, &length, error);
  if (xml == NULL)
    return NULL;

  parsed = read_assertion_document (self, xml, length, error);
  wipe_and_free (xml, length);
  if (!parsed)
    return NULL;

  if (self->roles->len == 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_NO_ROLES,
                   _("No AWS role/provider pair was found in the SAML assertion from %s. "
                   "Ask the Okta admin to check the role assignment of this AWS app"),
                   source_url);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * td_saml_assertion_get_roles:
 * @self: an assertion
 *
 * Returns: (transfer none) (element-type TdRole): the role/provider pairs in
 *   the order they first appear, without duplicates, and never empty
 */
GPtrArray *
td_saml_assertion_get_roles (TdSamlAssertion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->roles;
}

/**
 * td_saml_assertion_lookup_role:
 * @self: an assertion
 * @role_arn: the role ARN to look for, for example from `--role-arn`
 *
 * Returns: (transfer none) (nullable): the first pair whose role ARN equals
 *   @role_arn, or %NULL
 */
const TdRole *
td_saml_assertion_lookup_role (TdSamlAssertion *self,
                               const char      *role_arn)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (role_arn != NULL, NULL);

  for (guint i = 0; i < self->roles->len; i++)
    {
      const TdRole *role = g_ptr_array_index (self->roles, i);

      if (strcmp (role->role_arn, role_arn) == 0)
        return role;
    }

  return NULL;
}

/**
 * td_saml_assertion_get_session_duration:
 * @self: an assertion
 *
 * The SessionDuration attribute is what the Okta app requests. The role's
 * MaxSessionDuration in IAM may still be shorter.
 *
 * Returns: the SessionDuration attribute in seconds, or 0 when it is absent
 *   or not a positive whole number
 */
gint64
td_saml_assertion_get_session_duration (TdSamlAssertion *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->session_duration;
}

/**
 * td_saml_assertion_get_role_session_name:
 * @self: an assertion
 *
 * Returns: (transfer none) (nullable): the RoleSessionName attribute, trimmed,
 *   or %NULL when it is absent or empty
 */
const char *
td_saml_assertion_get_role_session_name (TdSamlAssertion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->role_session_name;
}

/**
 * td_saml_assertion_get_base64:
 * @self: an assertion
 *
 * Returns: (transfer none): the base64 SAMLResponse, trimmed of surrounding
 *   whitespace, to send to STS as `SAMLAssertion`; a secret
 */
const char *
td_saml_assertion_get_base64 (TdSamlAssertion *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->base64;
}

void
td_saml_assertion_free (TdSamlAssertion *self)
{
  if (self == NULL)
    return;

  td_secret_free (self->base64);
  g_free (self->source_url);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_free (self->role_session_name);
  g_free (self);
}
