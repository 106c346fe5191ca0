/* td-tray-main.c: the tokendito-tray agent
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "td-log.h"
#include "td-tray-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TdTrayApplication) application = NULL;
  TdLogLevel level = TD_LOG_LEVEL_INFO;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  td_log_level_parse (g_getenv ("TOKENDITO_LOGLEVEL"), &level);
  td_log_setup (level, NULL, NULL);

  application = td_tray_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
