/* td-main.c: the tokendito command
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "td-aws-credentials.h"
#include "td-aws-files.h"
#include "td-cli-options.h"
#include "td-error.h"
#include "td-log.h"
#include "td-refresh.h"
#include "td-settings.h"
#include "td-terminal-prompter.h"
#include "td-text.h"

typedef struct {
  GMainLoop          *loop;
  GCancellable       *cancellable;
  TdTerminalPrompter *prompter;
  TdRefreshResult    *result;
  GError             *error;
} Run;

/* Error messages may quote text from Okta or STS. */
#define MAX_MESSAGE_CHARS 4000

static void
print_error (const char *message)
{
  g_autofree char *printable = td_text_dup_printable (message, MAX_MESSAGE_CHARS);

  g_printerr ("tokendito: %s\n", printable);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  /* The refresh ends the Okta transaction before it returns. */
  td_terminal_prompter_restore_echo (run->prompter);
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->result = td_refresh_run_finish (TD_REFRESH (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
print_summary (const TdRefreshResult *result)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *utc_text = NULL;
  g_autofree char *local_text = NULL;

  printf (_("Wrote AWS profile %s (name from %s) for %s\n"), result->profile, result->profile_origin,
          result->role_arn);
  printf (_("  credentials file: %s\n"), result->credentials_path);
  printf (_("  config file:      %s\n"), result->config_path);

  if (result->expiration != NULL)
    {
      local = g_date_time_to_local (result->expiration);
      utc_text = g_date_time_format (result->expiration, "%Y-%m-%d %H:%M:%S UTC");
      local_text = g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z");
      if (g_date_time_get_utc_offset (local) == 0)
        printf (_("  valid until:      %s\n"), utc_text);
      else
        printf (_("  valid until:      %s (%s local time)\n"), utc_text, local_text);
    }

  if (result->duration < result->requested_duration)
    printf (_("The session was shortened to %lld s because the role allows no more than that "
              "(the Okta app allows %lld s).\n"),
            (long long) result->duration, (long long) result->requested_duration);

  printf (_("Use it with: aws --profile %s sts get-caller-identity\n"), result->profile);
}

/* Credentials in the environment win over every file, so the profile just
 * written would be ignored by AWS tools started from this shell. */
static void
warn_about_environment (void)
{
  if (g_getenv ("AWS_ACCESS_KEY_ID") != NULL)
    g_printerr (_("Warning: AWS_ACCESS_KEY_ID is set in this environment; AWS tools use it instead "
                  "of the profile written.\n"));
}

/* A log appended to an AWS file would make the AWS CLI fail to read it. */
static gboolean
check_log_file (TdSettings  *settings,
                GError     **error)
{
  const char *output_file = td_settings_get (settings, "output_file");
  g_autofree char *log_path = NULL;
  char *aws_paths[] = { td_aws_files_dup_credentials_path (NULL), td_aws_files_dup_config_path (NULL) };
  gboolean clash = FALSE;

  if (output_file != NULL)
    {
      log_path = g_canonicalize_filename (output_file, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (aws_paths); i++)
        {
          g_autofree char *aws_path = g_canonicalize_filename (aws_paths[i], NULL);

          clash = clash || g_str_equal (log_path, aws_path);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (aws_paths); i++)
    g_free (aws_paths[i]);

  if (clash)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("The log file %s is an AWS credentials or config file; choose another "
                   "--output-file"), output_file);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_settings (TdCliOptions  *options,
               TdSettings    *settings,
               char         **settings_path,
               GError       **error)
{
  const char *profile = options->okta_profile ? options->okta_profile : "default";

  *settings_path = options->config_file ? g_strdup (options->config_file) : td_settings_dup_default_path ();

  /* --configure may create a profile the file does not have yet; it then
   * offers the [default] values. */
  if (options->configure)
    {
      g_auto(GStrv) profiles = td_settings_list_profiles (*settings_path, NULL);

      if (profiles == NULL || !g_strv_contains ((const char * const *) profiles, profile))
        profile = "default";
    }

  if (!td_settings_load_file (settings, *settings_path, profile, error))
    return FALSE;

  td_settings_load_environment (settings, NULL);
  td_cli_options_apply (options, settings);

  return check_log_file (settings, error);
}

static gboolean
setup_logging (TdSettings  *settings,
               GError     **error)
{
  const char *name = td_settings_get (settings, "loglevel");
  TdLogLevel level = TD_LOG_LEVEL_WARNING;

  if (name != NULL && !td_log_level_parse (name, &level))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("Invalid log level “%s”; use DEBUG, INFO, WARN or ERROR"), name);
      return FALSE;
    }

  return td_log_setup (level, td_settings_get (settings, "output_file"), error);
}

static char *
read_answer (const char *question,
             const char *current)
{
  char line[4096];

  if (current != NULL)
    fprintf (stderr, "%s [%s]: ", question, current);
  else
    fprintf (stderr, "%s: ", question);
  fflush (stderr);

  /* At the end of the input the current value, from the file or the
   * command line, is kept. */
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      fputc ('\n', stderr);
      return g_strdup (current);
    }

  g_strstrip (line);
  if (line[0] == '\0')
    return g_strdup (current);

  return g_strdup (line);
}

/* Asks for the app URL, user name and MFA method of one profile and saves
 * them, keeping the rest of the settings file as it is. */
static int
configure (TdCliOptions *options,
           TdSettings   *settings,
           const char   *settings_path)
{
  const char *profile = options->okta_profile ? options->okta_profile : "default";
  g_autofree char *url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *mfa_method = NULL;
  g_autoptr(GError) error = NULL;
  const char *keys[4] = { "okta_aws_app_url", "okta_username", NULL, NULL };
  const char *values[4] = { NULL };

  fprintf (stderr, _("Settings of profile [%s] in %s\n"), profile, settings_path);

  url = read_answer (_("Okta AWS app URL (the link of the AWS tile)"), td_settings_get (settings, "okta_aws_app_url"));
  if (url == NULL || !td_settings_check_app_url (url, "okta_aws_app_url", &error))
    {
      print_error (error ? error->message : _("No app URL was given"));
      return TD_EXIT_CONFIG;
    }

  username = read_answer (_("Okta user name"), td_settings_get (settings, "okta_username"));
  mfa_method = read_answer (_("MFA method (push, token:software:totp, sms, …; empty to choose each time)"),
                            td_settings_get (settings, "mfa_method"));

  values[0] = url;
  values[1] = username ? username : "";
  if (mfa_method != NULL && *mfa_method != '\0')
    {
      keys[2] = "mfa_method";
      values[2] = mfa_method;
    }

  if (!td_settings_save_profile (settings_path, profile, keys, values, &error))
    {
      print_error (error->message);
      return td_error_get_exit_status (error);
    }

  printf (_("Saved profile [%s] in %s\n"), profile, settings_path);
  return TD_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TdCliOptions) options = NULL;
  g_autoptr(TdSettings) settings = NULL;
  g_autoptr(TdRefresh) refresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_path = NULL;
  Run run = { 0 };
  guint interrupt_id;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  options = td_cli_options_parse (&argc, &argv, &error);
  if (options == NULL)
    {
      print_error (error->message);
      return TD_EXIT_CONFIG;
    }

  if (options->version)
    {
      printf ("tokendito %s\n", PACKAGE_VERSION);
      return TD_EXIT_OK;
    }

  settings = td_settings_new ();
  if (!load_settings (options, settings, &settings_path, &error) || !setup_logging (settings, &error))
    {
      print_error (error->message);
      return td_error_get_exit_status (error);
    }

  if (options->configure)
    return configure (options, settings, settings_path);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.prompter = td_terminal_prompter_new ();
  interrupt_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);

  refresh = td_refresh_new (settings, TD_PROMPTER (run.prompter), NULL);
  if (!options->no_keyring)
    {
      g_autoptr(TdSecretStore) store = td_secret_store_new ();

      td_refresh_set_secret_store (refresh, store, FALSE);
    }
  td_refresh_run_async (refresh, run.cancellable, refresh_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (interrupt_id);
  status = td_error_get_exit_status (run.error);
  if (run.error != NULL)
    {
      if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("tokendito: interrupted; the Okta sign-in was cancelled\n"));
      else
        {
          print_error (run.error->message);
          /* With --output-file the log also records how the run ended. */
          if (td_settings_get (settings, "output_file") != NULL)
            g_warning ("%s", run.error->message);
        }
    }
  else
    {
      print_summary (run.result);
      warn_about_environment ();
    }

  g_clear_pointer (&run.result, td_refresh_result_free);
  g_clear_error (&run.error);
  g_clear_object (&run.prompter);
  g_clear_object (&run.cancellable);
  g_main_loop_unref (run.loop);

  return status;
}
