/* td-cli-options.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "td-aws-credentials.h"
#include "td-cli-options.h"
#include "td-error.h"

/* tokendito 1.x has options with two-letter short forms after a single
 * dash (`-op NAME`). GOption supports only one-letter short options, so these
 * are rewritten to their long forms before parsing. */
static const struct {
  const char *short_form;
  const char *long_form;
} two_letter_options[] = {
  { "-ou", "--okta-aws-app-url" },
  { "-op", "--okta-profile" },
  { "-ao", "--aws-output" },
  { "-ap", "--aws-profile" },
  { "-mm", "--mfa-method" },
  { "-mr", "--mfa-response" },
};

/* Options that are settings, by the setting key they set. */
static const struct {
  const char *option;
  const char *key;
} setting_options[] = {
  { "--username", "okta_username" },
  { "--password", "okta_password" },
  { "--okta-aws-app-url", "okta_aws_app_url" },
  { "--aws-region", "aws_region" },
  { "--aws-output", "aws_output" },
  { "--aws-profile", "aws_profile" },
  { "--mfa-method", "mfa_method" },
  { "--mfa-response", "mfa_response" },
  { "--role-arn", "role_arn" },
  { "--output-file", "output_file" },
  { "--loglevel", "loglevel" },
  { "--ca-bundle", "ca_bundle" },
};

static const char *
expand_two_letter (const char *arg,
                   const char **value)
{
  *value = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (two_letter_options); i++)
    {
      gsize length = strlen (two_letter_options[i].short_form);

      if (strncmp (arg, two_letter_options[i].short_form, length) != 0)
        continue;
      if (arg[length] == '\0')
        return two_letter_options[i].long_form;
      if (arg[length] == '=')
        {
          *value = arg + length + 1;
          return two_letter_options[i].long_form;
        }
    }

  return NULL;
}

static void
normalise_arguments (int    *argc,
                     char ***argv)
{
  for (int i = 1; i < *argc; i++)
    {
      const char *value;
      const char *long_form;

      if (g_str_equal ((*argv)[i], "--"))
        break;

      long_form = expand_two_letter ((*argv)[i], &value);
      if (long_form == NULL)
        continue;

      if (value != NULL)
        (*argv)[i] = g_strdup_printf ("%s=%s", long_form, value);
      else
        (*argv)[i] = g_strdup (long_form);
    }
}

/* Wipes the value of --password (or -p) in the process's own argument
 * memory, so it lingers there for as short a time as possible. Other users
 * may still have seen it in the process list, and --help warns of that. */
static void
wipe_password_arguments (int    argc,
                         char **original)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = original[i];

      if (arg == NULL || g_str_equal (arg, "--"))
        break;

      if ((g_str_equal (arg, "-p") || g_str_equal (arg, "--password")) && i + 1 < argc)
        explicit_bzero (original[i + 1], strlen (original[i + 1]));
      else if (g_str_has_prefix (arg, "--password="))
        explicit_bzero (original[i] + strlen ("--password="), strlen (arg) - strlen ("--password="));
      else if (g_str_has_prefix (arg, "-p") && strlen (arg) > 2 && arg[1] == 'p')
        explicit_bzero (original[i] + 2, strlen (arg) - 2);
    }
}

TdCliOptions *
td_cli_options_parse (int      *argc,
                      char   ***argv,
                      GError  **error)
{
  g_autoptr(TdCliOptions) options = g_new0 (TdCliOptions, 1);
  g_autoptr(GOptionContext) context = NULL;
  char *values[G_N_ELEMENTS (setting_options)] = { NULL };
  char **original = g_memdup2 (*argv, sizeof (char *) * (*argc + 1));
  int original_argc = *argc;
  g_auto(GStrv) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean parsed;
  const GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, &options->version, N_("Show the version and exit"), NULL },
    { "configure", 'c', 0, G_OPTION_ARG_NONE, &options->configure,
      N_("Ask for the settings of a profile and save them in the settings file"), NULL },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &options->no_keyring,
      N_("Neither read nor keep the Okta session and password in the keyring"), NULL },
    { "username", 'u', 0, G_OPTION_ARG_STRING, &values[0], N_("Okta user name (also OKTA_USERNAME)"), N_("USERNAME") },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &values[1],
      N_("Okta password (also OKTA_PASSWORD); other users can see it in the process list, so "
      "prefer the prompt"), N_("PASSWORD") },
    { "config-file", 'C', 0, G_OPTION_ARG_FILENAME, &options->config_file,
      N_("Settings file to read instead of ~/.aws/okta_auth"), N_("FILE") },
    { "okta-aws-app-url", 0, 0, G_OPTION_ARG_STRING, &values[2],
      N_("Okta AWS app URL, the link of the AWS tile (short form -ou)"), N_("URL") },
    { "okta-profile", 0, 0, G_OPTION_ARG_STRING, &options->okta_profile,
      N_("Profile (section) of the settings file to use; default “default” (short form -op)"), N_("NAME") },
    { "aws-region", 'r', 0, G_OPTION_ARG_STRING, &values[3],
      N_("Region written for the AWS profile; default: keep the profile's, else us-east-1 "
      "(us-gov-west-1, cn-north-1 in those partitions)"), N_("REGION") },
    { "aws-output", 0, 0, G_OPTION_ARG_STRING, &values[4],
      N_("Output format written for the AWS profile; default: keep the profile's, else json "
      "(short form -ao)"), N_("FORMAT") },
    { "aws-profile", 0, 0, G_OPTION_ARG_STRING, &values[5],
      N_("AWS profile to write; default: AWS_PROFILE, then the settings file, then the role's name "
      "(short form -ap)"), N_("NAME") },
    { "mfa-method", 0, 0, G_OPTION_ARG_STRING, &values[6],
      N_("MFA factor: a factor type (push, token:software:totp, token:hardware, sms, call, question), "
      "PROVIDER:TYPE, or a factor id (short form -mm)"), N_("METHOD") },
    { "mfa-response", 0, 0, G_OPTION_ARG_STRING, &values[7],
      N_("Answer to the first MFA challenge, such as a TOTP code (short form -mr)"), N_("CODE") },
    { "role-arn", 'R', 0, G_OPTION_ARG_STRING, &values[8], N_("IAM role to assume"), N_("ARN") },
    { "output-file", 'o', 0, G_OPTION_ARG_FILENAME, &values[9], N_("Append the log to this file"), N_("FILE") },
    { "loglevel", 'l', 0, G_OPTION_ARG_STRING, &values[10],
      N_("Log level: DEBUG, INFO, WARN or ERROR; default WARN"), N_("LEVEL") },
    { "ca-bundle", 0, 0, G_OPTION_ARG_FILENAME, &values[11],
      N_("PEM file of extra certificate authorities to trust for every host, for "
      "TLS-inspecting proxies (also TOKENDITO_CA_BUNDLE)"), N_("FILE") },
    { NULL }
  };

  normalise_arguments (argc, argv);
  copy = g_strdupv (*argv);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Sign in to Okta and write temporary AWS credentials from an "
                                  "AWS app tile."));
  g_option_context_set_description (context,
                                    _("Settings come from, highest first: the command line, the "
                                    "environment (OKTA_USERNAME, OKTA_PASSWORD, the other "
                                    "settings by their upper-case names, and TOKENDITO_ names), "
                                    "the chosen profile of ~/.aws/okta_auth, its [default] "
                                    "section, then built-in defaults. The AWS profile name comes "
                                    "from --aws-profile, AWS_PROFILE, aws_profile in the settings "
                                    "file, then the role's name.\n\n"
                                    "AWS variables: AWS_SHARED_CREDENTIALS_FILE and "
                                    "AWS_CONFIG_FILE choose the files written, "
                                    "AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL the STS endpoint, "
                                    "AWS_CA_BUNDLE extra CAs for STS; SSL_CERT_FILE and "
                                    "CURL_CA_BUNDLE extra CAs for every host.\n\n"
                                    "Exit status: 0 success; 1 sign-in, MFA, network or AWS "
                                    "failure; 2 invalid settings, a choice that needs an option "
                                    "when there is no terminal, no AWS role in the SAML "
                                    "assertion, or AWS files that cannot be updated; 130 "
                                    "interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  parsed = g_option_context_parse_strv (context, &copy, &local_error);
  wipe_password_arguments (original_argc, original);
  g_free (original);
  if (!parsed)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG, _("Invalid command line: %s; see --help"),
                   local_error->message);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        td_secret_free (values[i]);
      return NULL;
    }

  if (copy[0] != NULL && copy[1] != NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("Invalid command line: unexpected argument “%s”"), copy[1]);
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        td_secret_free (values[i]);
      return NULL;
    }

  options->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) td_secret_free);
  for (guint i = 0; i < G_N_ELEMENTS (setting_options); i++)
    if (values[i] != NULL)
      g_hash_table_insert (options->values, (gpointer) setting_options[i].key, values[i]);

  return g_steal_pointer (&options);
}

/* Sets the options that are settings, at the highest precedence. */
void
td_cli_options_apply (TdCliOptions *options,
                      TdSettings   *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_options); i++)
    {
      const char *value = g_hash_table_lookup (options->values, setting_options[i].key);

      if (value != NULL)
        td_settings_set (settings, setting_options[i].key, value, TD_SETTING_SOURCE_COMMAND_LINE,
                         setting_options[i].option);
    }
}

void
td_cli_options_free (TdCliOptions *options)
{
  if (options == NULL)
    return;

  g_free (options->config_file);
  g_free (options->okta_profile);
  g_clear_pointer (&options->values, g_hash_table_unref);
  g_free (options);
}
