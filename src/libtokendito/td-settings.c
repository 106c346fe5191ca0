/* td-settings.c: the settings of one run
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-aws-credentials.h"
#include "td-aws-files.h"
#include "td-error.h"
#include "td-ini.h"
#include "td-settings.h"

#define EXPECTED_APP_URL "https://<org>/home/amazon_aws/<app-id>/<number>"

typedef struct {
  const char *key;
  const char *alias;           /* the tokendito 2.x name in okta_auth, or NULL */
  const char *variable;        /* the tokendito 1.x environment variable */
  const char *variable_2x;     /* the tokendito 2.x environment variable */
} KeyInfo;

static const KeyInfo key_infos[] = {
  { TD_SETTING_OKTA_AWS_APP_URL, "okta_tile", "OKTA_AWS_APP_URL", "TOKENDITO_OKTA_TILE" },
  { TD_SETTING_OKTA_USERNAME, NULL, "OKTA_USERNAME", "TOKENDITO_OKTA_USERNAME" },
  { TD_SETTING_OKTA_PASSWORD, NULL, "OKTA_PASSWORD", "TOKENDITO_OKTA_PASSWORD" },
  { TD_SETTING_MFA_METHOD, "okta_mfa", "MFA_METHOD", "TOKENDITO_OKTA_MFA" },
  { TD_SETTING_MFA_RESPONSE, "okta_mfa_response", "MFA_RESPONSE", "TOKENDITO_OKTA_MFA_RESPONSE" },
  { TD_SETTING_ROLE_ARN, "aws_role_arn", "ROLE_ARN", "TOKENDITO_AWS_ROLE_ARN" },
  { TD_SETTING_AWS_REGION, NULL, "AWS_REGION", "TOKENDITO_AWS_REGION" },
  { TD_SETTING_AWS_OUTPUT, NULL, "AWS_OUTPUT", "TOKENDITO_AWS_OUTPUT" },
  { TD_SETTING_AWS_PROFILE, NULL, "AWS_PROFILE", "TOKENDITO_AWS_PROFILE" },
  { TD_SETTING_CA_BUNDLE, NULL, "CA_BUNDLE", "TOKENDITO_CA_BUNDLE" },
  { TD_SETTING_LOGLEVEL, NULL, "LOGLEVEL", "TOKENDITO_USER_LOGLEVEL" },
  { TD_SETTING_OUTPUT_FILE, NULL, "OUTPUT_FILE", "TOKENDITO_USER_LOG_OUTPUT_FILE" },
};

static const char * const canonical_keys[] = {
  TD_SETTING_OKTA_AWS_APP_URL, TD_SETTING_OKTA_USERNAME, TD_SETTING_OKTA_PASSWORD,
  TD_SETTING_MFA_METHOD, TD_SETTING_MFA_RESPONSE, TD_SETTING_ROLE_ARN,
  TD_SETTING_AWS_REGION, TD_SETTING_AWS_OUTPUT, TD_SETTING_AWS_PROFILE,
  TD_SETTING_CA_BUNDLE, TD_SETTING_LOGLEVEL, TD_SETTING_OUTPUT_FILE, NULL,
};

typedef struct {
  char            *value;
  TdSettingSource  source;
  char            *origin;
} Entry;

struct _TdSettings {
  GHashTable *entries;   /* canonical key (static) → Entry */
};

static void
entry_free (Entry *entry)
{
  td_secret_free (entry->value);
  g_free (entry->origin);
  g_free (entry);
}

TdSettings *
td_settings_new (void)
{
  TdSettings *self = g_new0 (TdSettings, 1);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entry_free);

  return self;
}

void
td_settings_free (TdSettings *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->entries);
  g_free (self);
}

/**
 * td_settings_get_keys:
 *
 * Returns: (transfer none): the canonical setting keys
 */
const char * const *
td_settings_get_keys (void)
{
  return canonical_keys;
}

static const KeyInfo *
find_key_info (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_infos); i++)
    {
      if (g_ascii_strcasecmp (name, key_infos[i].key) == 0
          || (key_infos[i].alias != NULL && g_ascii_strcasecmp (name, key_infos[i].alias) == 0))
        return &key_infos[i];
    }

  return NULL;
}

/**
 * td_settings_canonicalize_key:
 * @name: a setting name as found in okta_auth, in any case
 *
 * Maps a tokendito 1.x or 2.x setting name to its canonical key.
 *
 * Returns: (nullable): the canonical key, or %NULL for an unknown name
 */
const char *
td_settings_canonicalize_key (const char *name)
{
  const KeyInfo *info;

  g_return_val_if_fail (name != NULL, NULL);

  info = find_key_info (name);

  return info != NULL ? info->key : NULL;
}

static gboolean
is_canonical_key (const char *key)
{
  return g_strv_contains (canonical_keys, key);
}

/**
 * td_settings_set:
 * @self: the settings
 * @key: a canonical key
 * @value: (nullable): the value; %NULL or empty counts as unset and is ignored
 * @source: where @value comes from
 * @origin: a label for messages, such as `--aws-profile`, `AWS_PROFILE` or
 *   `okta_auth [prod]`
 *
 * Stores @value unless @key already has a value from a higher source. A
 * value from the same source replaces the earlier one.
 *
 * Returns: %TRUE if @value was stored
 */
gboolean
td_settings_set (TdSettings      *self,
                 const char      *key,
                 const char      *value,
                 TdSettingSource  source,
                 const char      *origin)
{
  const KeyInfo *info;
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL && is_canonical_key (key), FALSE);
  g_return_val_if_fail (source != TD_SETTING_SOURCE_NONE, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  if (value == NULL || value[0] == '\0')
    return FALSE;

  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL && entry->source > source)
    {
      g_debug ("Keeping %s from %s over the value from %s", key, entry->origin, origin);
      return FALSE;
    }

  info = find_key_info (key);
  entry = g_new0 (Entry, 1);
  entry->value = g_strdup (value);
  entry->source = source;
  entry->origin = g_strdup (origin);
  g_hash_table_replace (self->entries, (gpointer) info->key, entry);

  return TRUE;
}

static Entry *
lookup_entry (TdSettings *self,
              const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL && is_canonical_key (key), NULL);

  return g_hash_table_lookup (self->entries, key);
}

/**
 * td_settings_get:
 * @self: the settings
 * @key: a canonical key
 *
 * Returns: (nullable): the value of @key, or %NULL if no source set it
 */
const char *
td_settings_get (TdSettings *self,
                 const char *key)
{
  Entry *entry = lookup_entry (self, key);

  return entry != NULL ? entry->value : NULL;
}

TdSettingSource
td_settings_get_source (TdSettings *self,
                        const char *key)
{
  Entry *entry = lookup_entry (self, key);

  return entry != NULL ? entry->source : TD_SETTING_SOURCE_NONE;
}

/**
 * td_settings_get_origin:
 * @self: the settings
 * @key: a canonical key
 *
 * Returns: (nullable): the label of where the value of @key came from
 */
const char *
td_settings_get_origin (TdSettings *self,
                        const char *key)
{
  Entry *entry = lookup_entry (self, key);

  return entry != NULL ? entry->origin : NULL;
}

/**
 * td_settings_dup_default_path:
 *
 * Returns: (transfer full): `~/.aws/okta_auth`, the settings file of tokendito 1.x
 */
char *
td_settings_dup_default_path (void)
{
  return g_build_filename (g_get_home_dir (), ".aws", "okta_auth", NULL);
}

/* Reads and parses the settings file; *ini stays NULL if it does not exist. */
static gboolean
read_settings_file (const char  *path,
                    TdIni      **ini,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  *ini = NULL;
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG, _("Could not read the settings file %s: %s"),
                   path, local_error->message);
      return FALSE;
    }

  *ini = td_ini_new_from_data (contents, length, &local_error);
  explicit_bzero (contents, length);
  if (*ini == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The settings file %s is invalid: %s; fix the file and try again"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* configparser, which tokendito 1.x reads the file with, rejects a
 * repeated section or key, so we do not guess which copy was meant. */
static gboolean
check_no_repeats (TdIni       *ini,
                  const char  *path,
                  GError     **error)
{
  for (guint s = 0; s < td_ini_get_n_sections (ini); s++)
    {
      const char *name = td_ini_get_section_name (ini, s);
      g_autoptr(GArray) copies = td_ini_find_sections (ini, name);
      g_auto(GStrv) keys = td_ini_dup_keys (ini, s);

      if (copies->len > 1)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                       _("The settings file %s has the section [%s] twice, at lines %u and %u; "
                       "merge them into one"), path, name,
                       td_ini_get_section_line (ini, g_array_index (copies, guint, 0)),
                       td_ini_get_section_line (ini, g_array_index (copies, guint, 1)));
          return FALSE;
        }

      for (guint k = 0; keys[k] != NULL; k++)
        {
          guint second = td_ini_get_key_line (ini, s, keys[k], 1);

          if (second == 0)
            continue;

          g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                       _("The settings file %s sets %s twice in [%s], at lines %u and %u; "
                       "remove one"), path, keys[k], name,
                       td_ini_get_key_line (ini, s, keys[k], 0), second);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
may_be_quoted (const char *key)
{
  return g_str_equal (key, TD_SETTING_OKTA_USERNAME)
         || g_str_equal (key, TD_SETTING_OKTA_AWS_APP_URL)
         || g_str_equal (key, TD_SETTING_MFA_METHOD);
}

/* Removes one matching pair of quotes around @value. Users add them out of
 * shell habit, but tokendito 1.x would send them to Okta as part of the name.
 * A password keeps its quotes, since they may belong to it. */
static char *
dup_unquoted (const char *key,
              const char *value,
              const char *origin)
{
  gsize length = strlen (value);

  if (!may_be_quoted (key) || length < 2 || value[0] != value[length - 1]
      || (value[0] != '"' && value[0] != '\''))
    return g_strdup (value);

  g_warning ("Removed the quotes around the value of %s in %s; values in this file are "
             "taken literally, so write them without quotes", key, origin);

  return g_strndup (value + 1, length - 2);
}

/* Applies the keys of @section. Canonical names are applied after the 2.x
 * aliases, so that a section with both keeps the canonical one. */
static void
apply_section (TdSettings      *self,
               TdIni           *ini,
               guint            section,
               TdSettingSource  source,
               const char      *origin)
{
  g_auto(GStrv) keys = td_ini_dup_keys (ini, section);

  for (int pass = 0; pass < 2; pass++)
    {
      for (guint k = 0; keys[k] != NULL; k++)
        {
          const char *canonical = td_settings_canonicalize_key (keys[k]);
          g_autofree char *value = NULL;

          if (canonical == NULL)
            {
              if (pass == 0)
                g_warning ("Ignoring the unknown setting %s in %s (line %u)", keys[k], origin,
                           td_ini_get_key_line (ini, section, keys[k], 0));
              continue;
            }

          if (g_str_equal (canonical, keys[k]) != (pass == 1))
            continue;

          value = dup_unquoted (canonical, td_ini_get_value (ini, section, keys[k]), origin);
          td_settings_set (self, canonical, value, source, origin);
          if (g_str_equal (canonical, TD_SETTING_OKTA_PASSWORD))
            explicit_bzero (value, strlen (value));
        }
    }
}

static char *
join_profiles (TdIni *ini)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint s = 0; s < td_ini_get_n_sections (ini); s++)
    g_string_append_printf (names, "%s%s", s > 0 ? ", " : "", td_ini_get_section_name (ini, s));

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * td_settings_load_file:
 * @self: the settings
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @profile: (nullable): the profile (section) to use, or %NULL for `default`
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Loads @profile from the settings file, with the values of `[default]`
 * filling its gaps, as tokendito 1.x does. Sections match by exact name. A
 * missing file is fine for the `default` profile; a missing named profile is
 * an error listing the profiles the file has. Quotes around the values of
 * `okta_username`, `okta_aws_app_url` and `mfa_method` are removed with a
 * warning.
 *
 * Returns: %TRUE on success
 */
gboolean
td_settings_load_file (TdSettings  *self,
                       const char  *path,
                       const char  *profile,
                       GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *default_origin = NULL;
  g_autofree char *profile_origin = NULL;
  g_autoptr(TdIni) ini = NULL;
  guint default_section, profile_section;
  gboolean has_default, has_profile;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL)
    path = default_path = td_settings_dup_default_path ();
  if (profile == NULL)
    profile = "default";

  if (!read_settings_file (path, &ini, error))
    return FALSE;

  if (ini == NULL && g_str_equal (profile, "default"))
    {
      g_debug ("No settings file at %s; using other sources only", path);
      return TRUE;
    }

  if (ini == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The settings file %s does not exist, so it has no profile [%s]; "
                   "create it with ‘tokendito --configure’"), path, profile);
      return FALSE;
    }

  if (!check_no_repeats (ini, path, error))
    return FALSE;

  has_default = td_ini_lookup_section (ini, "default", &default_section);
  has_profile = td_ini_lookup_section (ini, profile, &profile_section);
  if (!has_profile && !g_str_equal (profile, "default"))
    {
      g_autofree char *names = join_profiles (ini);

      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The profile [%s] is not in the settings file %s. Profile names are "
                   "case-sensitive; the file has: %s"), profile, path,
                   names[0] != '\0' ? names : "no profiles");
      return FALSE;
    }

  file_name = g_path_get_basename (path);
  default_origin = g_strdup_printf ("%s [default]", file_name);
  profile_origin = g_strdup_printf ("%s [%s]", file_name, profile);

  if (has_default)
    apply_section (self, ini, default_section,
                   g_str_equal (profile, "default") ? TD_SETTING_SOURCE_FILE_PROFILE
                                                    : TD_SETTING_SOURCE_FILE_DEFAULT,
                   default_origin);
  if (has_profile && !g_str_equal (profile, "default"))
    apply_section (self, ini, profile_section, TD_SETTING_SOURCE_FILE_PROFILE, profile_origin);

  return TRUE;
}

static const char *
lookup_variable (const char * const *envp,
                 const char         *name)
{
  const char *value = envp != NULL ? g_environ_getenv ((char **) envp, name) : g_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/**
 * td_settings_load_environment:
 * @self: the settings
 * @envp: (nullable): the environment, or %NULL for the process environment
 *
 * Loads each setting from its tokendito 1.x variable (the key in upper case,
 * such as `AWS_PROFILE`) and from its tokendito 2.x variable (such as
 * `TOKENDITO_AWS_PROFILE`), which wins when both are set. Empty variables
 * count as unset. The origin of each value is the variable name.
 */
void
td_settings_load_environment (TdSettings         *self,
                              const char * const *envp)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (key_infos); i++)
    {
      const char *names[] = { key_infos[i].variable, key_infos[i].variable_2x };

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          const char *value = lookup_variable (envp, names[n]);

          if (value != NULL)
            td_settings_set (self, key_infos[i].key, value, TD_SETTING_SOURCE_ENVIRONMENT, names[n]);
        }
    }
}

static gboolean
is_digits (const char *text)
{
  if (text[0] == '\0')
    return FALSE;

  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }

  return TRUE;
}

/* The path forms of an Okta AWS app link: the dashboard tile link
 * (commercial and GovCloud) and the embed link. */
static gboolean
is_known_app_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* A trailing slash leaves an empty last part. */
  if (n > 1 && parts[n - 1][0] == '\0')
    n--;

  if (n == 5 && parts[1][0] != '\0' && g_str_equal (parts[1], "home")
      && (g_str_equal (parts[2], "amazon_aws") || g_str_equal (parts[2], "amazon_aws_govcloud"))
      && parts[3][0] != '\0' && is_digits (parts[4]))
    return TRUE;

  return n == 6 && g_str_equal (parts[1], "app") && g_str_equal (parts[2], "amazon_aws")
         && parts[3][0] != '\0' && g_str_equal (parts[4], "sso") && g_str_equal (parts[5], "saml");
}

static gboolean
check_url_text (const char  *url,
                const char  *origin,
                GError     **error)
{
  if (strstr (url, " #") != NULL || strstr (url, " ;") != NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("okta_aws_app_url (from %s) contains a comment after the URL. Inline "
                   "comments are not allowed, so the comment became part of the value; "
                   "move it to a line of its own"), origin);
      return FALSE;
    }

  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                       _("okta_aws_app_url (from %s) contains white space; give the URL "
                       "alone, in the form %s"), origin, EXPECTED_APP_URL);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * td_settings_check_app_url:
 * @url: an Okta AWS app URL
 * @origin: where @url came from, for messages
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Checks @url before any network use: https only, no white space (which is
 * how an inline comment shows up), and not the bare org URL. A path that is
 * not one of the known AWS app forms only gives a warning, because orgs can
 * name custom AWS apps differently.
 *
 * Returns: %TRUE if @url can be used
 */
gboolean
td_settings_check_app_url (const char  *url,
                           const char  *origin,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;

  g_return_val_if_fail (url != NULL && origin != NULL, FALSE);

  if (!check_url_text (url, origin, error))
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("okta_aws_app_url (from %s) is not a valid URL; copy the link of the AWS "
                   "tile on the Okta dashboard, of the form %s"), origin, EXPECTED_APP_URL);
      return FALSE;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("okta_aws_app_url (from %s) must start with https://, because the "
                   "password is sent to that site"), origin);
      return FALSE;
    }

  path = g_uri_get_path (uri);
  if (path[0] == '\0' || g_str_equal (path, "/"))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("okta_aws_app_url (from %s) is the Okta org URL, not the link of the "
                   "AWS app. Copy the link of the AWS tile on the Okta dashboard; it has "
                   "the form %s"), origin, EXPECTED_APP_URL);
      return FALSE;
    }

  if (!is_known_app_path (path))
    g_warning ("okta_aws_app_url (from %s) has the path %s, which is not a usual AWS app "
               "link (%s); continuing, since custom AWS apps exist", origin, path, EXPECTED_APP_URL);

  return TRUE;
}

static gboolean
check_loglevel (const char  *value,
                const char  *origin,
                GError     **error)
{
  static const char * const levels[] = { "debug", "info", "warn", "warning", "error", "critical", NULL };
  g_autofree char *lower = g_ascii_strdown (value, -1);

  if (g_strv_contains (levels, lower))
    return TRUE;

  g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
               _("loglevel (from %s) is invalid; use DEBUG, INFO, WARN or ERROR"), origin);
  return FALSE;
}

static gboolean
check_role_arn (const char  *value,
                const char  *origin,
                GError     **error)
{
  if (g_str_has_prefix (value, "arn:") && strstr (value, ":role/") != NULL)
    return TRUE;

  g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
               _("role_arn (from %s) is not an IAM role ARN; expected a value such as "
               "arn:aws:iam::123456789012:role/Engineer"), origin);
  return FALSE;
}

static gboolean
check_ca_bundle (const char  *value,
                 const char  *origin,
                 GError     **error)
{
  if (g_file_test (value, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
               _("ca_bundle (from %s) is %s, which is not a file; give the path of a PEM file "
               "with the certificate authorities to trust"), origin, value);
  return FALSE;
}

static gboolean
check_profile (const char  *value,
               const char  *origin,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (td_aws_files_check_profile_name (value, &local_error))
    return TRUE;

  g_set_error (error, TD_ERROR, TD_ERROR_CONFIG, _("aws_profile (from %s): %s"), origin,
               local_error->message);
  return FALSE;
}

/**
 * td_settings_validate:
 * @self: the settings
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Checks the values that are set: the app URL (see
 * td_settings_check_app_url()), the AWS profile name, the role ARN, the log
 * level and the CA bundle path. Missing values are not errors here, because
 * the caller may still prompt for them. No message contains the password.
 *
 * Returns: %TRUE if every value that is set is valid
 */
gboolean
td_settings_validate (TdSettings  *self,
                      GError     **error)
{
  static const struct {
    const char *key;
    gboolean  (*check) (const char *value, const char *origin, GError **error);
  } checks[] = {
    { TD_SETTING_OKTA_AWS_APP_URL, td_settings_check_app_url },
    { TD_SETTING_AWS_PROFILE, check_profile },
    { TD_SETTING_ROLE_ARN, check_role_arn },
    { TD_SETTING_LOGLEVEL, check_loglevel },
    { TD_SETTING_CA_BUNDLE, check_ca_bundle },
  };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      Entry *entry = lookup_entry (self, checks[i].key);

      if (entry != NULL && !checks[i].check (entry->value, entry->origin, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * td_settings_dup_org_url:
 * @self: the settings
 *
 * Derives the Okta org URL from the app URL, as tokendito 1.x does.
 *
 * Returns: (transfer full) (nullable): `scheme://host[:port]` of the app
 *   URL, or %NULL if it is unset or not a URL
 */
char *
td_settings_dup_org_url (TdSettings *self)
{
  g_autoptr(GUri) uri = NULL;
  const char *url;

  g_return_val_if_fail (self != NULL, NULL);

  url = td_settings_get (self, TD_SETTING_OKTA_AWS_APP_URL);
  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

/**
 * td_settings_list_profiles:
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Lists the profiles (sections) of the settings file in file order.
 *
 * Returns: (transfer full) (nullable): the names, empty if the file does
 *   not exist, or %NULL on error
 */
char **
td_settings_list_profiles (const char  *path,
                           GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(TdIni) ini = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = td_settings_dup_default_path ();

  if (!read_settings_file (path, &ini, error))
    return NULL;

  for (guint s = 0; ini != NULL && s < td_ini_get_n_sections (ini); s++)
    {
      const char *name = td_ini_get_section_name (ini, s);
      g_autoptr(GArray) copies = td_ini_find_sections (ini, name);

      if (g_array_index (copies, guint, 0) == s)
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

typedef struct {
  const char         *profile;
  const char * const *keys;
  const char * const *values;
} SaveData;

static gboolean
edit_settings_file (const char  *path,
                    const char  *contents,
                    gsize        length,
                    char       **new_contents,
                    gsize       *new_length,
                    gpointer     user_data,
                    GError     **error)
{
  SaveData *data = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TdIni) ini = NULL;
  g_autoptr(GArray) sections = NULL;

  ini = contents != NULL ? td_ini_new_from_data (contents, length, &local_error) : td_ini_new ();
  if (ini == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The settings file %s is invalid: %s; fix the file and try again"),
                   path, local_error->message);
      return FALSE;
    }

  sections = td_ini_find_sections (ini, data->profile);
  if (!check_no_repeats (ini, path, error))
    return FALSE;

  if (sections->len == 0
      && !td_ini_append_section (ini, data->profile, data->keys, data->values, NULL, error))
    return FALSE;
  if (sections->len == 1
      && !td_ini_set_values (ini, g_array_index (sections, guint, 0), data->keys, data->values, error))
    return FALSE;

  *new_contents = td_ini_to_data (ini, new_length);

  return TRUE;
}

/**
 * td_settings_save_profile:
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @profile: the profile (section) to add or update
 * @keys: (array zero-terminated=1): canonical keys to store
 * @values: (array): one value for each key
 * @error: return location for a %TD_ERROR_CONFIG or %TD_ERROR_AWS_FILES error
 *
 * Adds or updates one profile for `tokendito --configure`, keeping comments
 * and other profiles. The file is replaced atomically and ends at mode 0600,
 * because it may contain a password.
 *
 * Returns: %TRUE on success
 */
gboolean
td_settings_save_profile (const char          *path,
                          const char          *profile,
                          const char * const  *keys,
                          const char * const  *values,
                          GError             **error)
{
  g_autofree char *default_path = NULL;
  SaveData data = { profile, keys, values };

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (keys != NULL && values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!td_ini_check_section_name (profile, error))
    return FALSE;

  for (guint k = 0; keys[k] != NULL; k++)
    {
      if (!is_canonical_key (keys[k]))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                       _("Unknown setting %s; the settings are: okta_aws_app_url, okta_username, "
                       "okta_password, mfa_method, mfa_response, role_arn, aws_region, "
                       "aws_output, aws_profile, ca_bundle, loglevel, output_file"), keys[k]);
          return FALSE;
        }
    }

  if (path == NULL)
    path = default_path = td_settings_dup_default_path ();

  return td_aws_files_update_file (path, TD_AWS_FILES_MODE_PRIVATE, edit_settings_file, &data, error);
}

/* Returns the byte offset where 0-based line @line of @contents starts, or
 * @length when the text has fewer lines. */
static gsize
get_line_offset (const char *contents,
                 gsize       length,
                 guint       line)
{
  gsize offset = 0;

  for (guint i = 0; i < line && offset < length; i++)
    {
      const char *newline = memchr (contents + offset, '\n', length - offset);

      offset = newline != NULL ? (gsize) (newline - contents) + 1 : length;
    }

  return offset;
}

static gboolean
is_blank_or_comment (const char *line,
                     const char *end)
{
  while (line < end && (*line == ' ' || *line == '\t'))
    line++;

  return line == end || *line == '\n' || *line == '\r' || *line == '#' || *line == ';';
}

static gboolean
remove_settings_section (const char  *path,
                         const char  *contents,
                         gsize        length,
                         char       **new_contents,
                         gsize       *new_length,
                         gpointer     user_data,
                         GError     **error)
{
  const char *profile = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TdIni) ini = NULL;
  g_autoptr(TdIni) check = NULL;
  g_autoptr(GString) text = NULL;
  guint section, first, end;

  ini = contents != NULL ? td_ini_new_from_data (contents, length, &local_error) : td_ini_new ();
  if (ini == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The settings file %s is invalid: %s; fix the file and try again"),
                   path, local_error->message);
      return FALSE;
    }

  if (!check_no_repeats (ini, path, error))
    return FALSE;

  if (!td_ini_lookup_section (ini, profile, &section))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The profile [%s] is not in the settings file %s, so it cannot be "
                   "removed; profile names are case-sensitive"), profile, path);
      return FALSE;
    }

  /* The section runs from its header to the next header. Comments and blank
   * lines just above the next header stay, because they usually describe
   * the section that follows. */
  first = td_ini_get_section_line (ini, section) - 1;
  if (section + 1 < td_ini_get_n_sections (ini))
    {
      end = td_ini_get_section_line (ini, section + 1) - 1;
      while (end > first + 1)
        {
          gsize start = get_line_offset (contents, length, end - 1);
          gsize stop = get_line_offset (contents, length, end);

          if (!is_blank_or_comment (contents + start, contents + stop))
            break;
          end--;
        }
    }
  else
    {
      end = G_MAXUINT;
    }

  text = g_string_new_len (contents, get_line_offset (contents, length, first));
  g_string_append_len (text, contents + get_line_offset (contents, length, end),
                       length - get_line_offset (contents, length, end));

  check = td_ini_new_from_data (text->str, text->len, &local_error);
  if (check == NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("Removing the profile [%s] would leave the settings file %s invalid (%s); "
                   "edit the file by hand"), profile, path, local_error->message);
      return FALSE;
    }

  *new_length = text->len;
  *new_contents = g_string_free (g_steal_pointer (&text), FALSE);

  return TRUE;
}

/**
 * td_settings_remove_profile:
 * @path: (nullable): the settings file, or %NULL for `~/.aws/okta_auth`
 * @profile: the profile (section) to remove
 * @error: return location for a %TD_ERROR_CONFIG or %TD_ERROR_AWS_FILES error
 *
 * Removes one profile: its header, keys and the comments inside it, up to
 * the comments and blank lines just above the next section. Other lines
 * stay byte for byte. The file is replaced atomically and ends at mode 0600.
 *
 * Returns: %TRUE on success; a profile the file lacks is an error
 */
gboolean
td_settings_remove_profile (const char  *path,
                            const char  *profile,
                            GError     **error)
{
  g_autofree char *default_path = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL)
    path = default_path = td_settings_dup_default_path ();

  return td_aws_files_update_file (path, TD_AWS_FILES_MODE_PRIVATE, remove_settings_section,
                                   (gpointer) profile, error);
}
