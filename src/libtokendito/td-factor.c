/* td-factor.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-factor.h"
#include "td-json.h"

static char *
dup_detail (JsonObject *profile,
            const char *type)
{
  static const char * const members[] = {
    "name", "phoneNumber", "questionText", "authenticatorName", "credentialId",
  };

  if (profile == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      const char *value = td_json_get_string (profile, members[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }

  return NULL;
}

/**
 * td_factor_new_from_json:
 * @object: one entry of `_embedded.factors`
 *
 * Reads a factor defensively: Okta leaves out `profile` for some push
 * factors, so only the id, type and verify link are required.
 *
 * Returns: (nullable): the factor, or %NULL when a required member is missing
 */
TdFactor *
td_factor_new_from_json (JsonObject *object)
{
  const char *id = td_json_get_string (object, "id");
  const char *type = td_json_get_string (object, "factorType");
  const char *verify = td_json_get_string (td_json_get_object (td_json_get_object (object, "_links"),
                                                               "verify"),
                                           "href");
  const char *provider = td_json_get_string (object, "provider");
  TdFactor *factor;

  if (id == NULL || type == NULL || verify == NULL)
    return NULL;

  factor = g_new0 (TdFactor, 1);
  factor->id = g_strdup (id);
  factor->type = g_strdup (type);
  factor->provider = g_strdup (provider ? provider : "UNKNOWN");
  factor->detail = dup_detail (td_json_get_object (object, "profile"), type);
  factor->verify_href = g_strdup (verify);

  return factor;
}

void
td_factor_free (TdFactor *factor)
{
  if (factor == NULL)
    return;

  g_free (factor->id);
  g_free (factor->type);
  g_free (factor->provider);
  g_free (factor->detail);
  g_free (factor->verify_href);
  g_free (factor);
}

TdFactorKind
td_factor_get_kind (const TdFactor *factor)
{
  const char *type = factor->type;

  if (g_ascii_strcasecmp (type, "push") == 0)
    return TD_FACTOR_KIND_PUSH;

  if (g_ascii_strcasecmp (type, "token:software:totp") == 0 ||
      g_ascii_strcasecmp (type, "token:hardware") == 0 ||
      g_ascii_strcasecmp (type, "token:hotp") == 0 ||
      g_ascii_strcasecmp (type, "token") == 0)
    return TD_FACTOR_KIND_PASSCODE;

  if (g_ascii_strcasecmp (type, "sms") == 0 ||
      g_ascii_strcasecmp (type, "call") == 0 ||
      g_ascii_strcasecmp (type, "email") == 0)
    return TD_FACTOR_KIND_SENT_CODE;

  if (g_ascii_strcasecmp (type, "question") == 0)
    return TD_FACTOR_KIND_QUESTION;

  /* Duo (`web`), WebAuthn, U2F and FastPass need a browser or a device
   * protocol that this flow does not speak. */
  return TD_FACTOR_KIND_UNSUPPORTED;
}

/* Returns a one-line label such as "push  OKTA  Jane's iPhone". */
char *
td_factor_dup_label (const TdFactor *factor)
{
  const char *detail = factor->detail;
  const char *suffix = "";

  if (detail == NULL)
    detail = td_factor_get_kind (factor) == TD_FACTOR_KIND_PUSH ? _("(device name unknown)") : "";

  if (td_factor_get_kind (factor) == TD_FACTOR_KIND_UNSUPPORTED)
    suffix = _("  [not supported]");

  return g_strdup_printf ("%s  %s  %s%s", factor->type, factor->provider, detail, suffix);
}

static gboolean
is_provider (GPtrArray  *factors,
             const char *name)
{
  for (guint i = 0; i < factors->len; i++)
    {
      const TdFactor *factor = g_ptr_array_index (factors, i);

      if (g_ascii_strcasecmp (factor->provider, name) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
factor_matches (const TdFactor *factor,
                const char     *method)
{
  const char *colon;

  if (g_str_equal (factor->id, method))
    return TRUE;

  if (g_ascii_strcasecmp (factor->type, method) == 0)
    return TRUE;

  /* "PROVIDER:TYPE", for example "google:token:software:totp". */
  colon = strchr (method, ':');
  if (colon != NULL &&
      g_ascii_strncasecmp (factor->provider, method, colon - method) == 0 &&
      factor->provider[colon - method] == '\0' &&
      g_ascii_strcasecmp (factor->type, colon + 1) == 0)
    return TRUE;

  return FALSE;
}

/**
 * td_factor_select:
 * @factors: (element-type TdFactor): the enrolled factors, in Okta's order
 * @method: (nullable): the `mfa_method` setting
 * @notice: (out) (optional): why @method did not select a factor as given
 *
 * Selects the factors that @method names: a factor id, a factor type
 * (case-insensitive, as tokendito 1.x did, but never a partial match), or
 * `PROVIDER:TYPE`. A provider alone selects nothing, with a @notice.
 *
 * Returns: (transfer container) (element-type TdFactor): the matching
 *   factors (borrowed); all of them when @method is empty, none when nothing
 *   matches
 */
GPtrArray *
td_factor_select (GPtrArray   *factors,
                  const char  *method,
                  char       **notice)
{
  GPtrArray *matches = g_ptr_array_new ();

  if (method == NULL || *method == '\0')
    {
      for (guint i = 0; i < factors->len; i++)
        g_ptr_array_add (matches, g_ptr_array_index (factors, i));
      return matches;
    }

  for (guint i = 0; i < factors->len; i++)
    {
      TdFactor *factor = g_ptr_array_index (factors, i);

      if (factor_matches (factor, method))
        g_ptr_array_add (matches, factor);
    }

  if (matches->len == 0 && notice != NULL)
    {
      if (is_provider (factors, method))
        *notice = g_strdup_printf (_("MFA method “%s” is a provider, not a factor type; use a factor "
                                     "type such as push, token:software:totp, sms, call or question, "
                                     "or PROVIDER:TYPE such as %s:push"), method, method);
      else
        *notice = g_strdup_printf (_("MFA method “%s” matches no enrolled factor"), method);
    }

  return matches;
}
