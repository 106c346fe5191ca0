/* td-tray-ui-main.c: tokendito-tray-ui, the windows of the tray application
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "td-ui-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TdUiApplication) application = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = td_ui_application_new ();

  status = g_application_run (G_APPLICATION (application), argc, argv);

  return status != 0 ? status : td_ui_application_get_exit_status (application);
}
