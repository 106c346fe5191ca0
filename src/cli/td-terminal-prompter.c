/* td-terminal-prompter.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#include "td-aws-credentials.h"
#include "td-error.h"
#include "td-terminal-prompter.h"
#include "td-text.h"

/* Invalid menu entries are asked again this many times before giving up. */
#define MAX_MENU_TRIES 5
/* Prompts, labels and notices may quote text from Okta. */
#define MAX_TEXT_CHARS 1000

static void
print_text (const char *before,
            const char *text,
            const char *after)
{
  g_autofree char *printable = td_text_dup_printable (text, MAX_TEXT_CHARS);

  fprintf (stderr, "%s%s%s", before, printable, after);
}

struct _TdTerminalPrompter
{
  GObject           parent_instance;

  GDataInputStream *input;
  gboolean          interactive;
  gboolean          echo_off;
  struct termios    saved_termios;
};

static void td_terminal_prompter_iface_init (TdPrompterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TdTerminalPrompter, td_terminal_prompter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TD_TYPE_PROMPTER, td_terminal_prompter_iface_init))

static void
td_terminal_prompter_finalize (GObject *object)
{
  TdTerminalPrompter *self = (TdTerminalPrompter *) object;

  td_terminal_prompter_restore_echo (self);
  g_clear_object (&self->input);

  G_OBJECT_CLASS (td_terminal_prompter_parent_class)->finalize (object);
}

static void
td_terminal_prompter_class_init (TdTerminalPrompterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = td_terminal_prompter_finalize;
}

static void
td_terminal_prompter_init (TdTerminalPrompter *self)
{
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);

  self->input = g_data_input_stream_new (stdin_stream);
  self->interactive = isatty (STDIN_FILENO);
}

TdTerminalPrompter *
td_terminal_prompter_new (void)
{
  return g_object_new (TD_TYPE_TERMINAL_PROMPTER, NULL);
}

/* Turns echo back on; also called when the program is interrupted in the
 * middle of a password prompt. */
void
td_terminal_prompter_restore_echo (TdTerminalPrompter *self)
{
  g_return_if_fail (TD_IS_TERMINAL_PROMPTER (self));

  if (!self->echo_off)
    return;

  tcsetattr (STDIN_FILENO, TCSADRAIN, &self->saved_termios);
  self->echo_off = FALSE;
  fputc ('\n', stderr);
}

static void
turn_echo_off (TdTerminalPrompter *self)
{
  struct termios quiet;

  if (!self->interactive || tcgetattr (STDIN_FILENO, &self->saved_termios) != 0)
    return;

  quiet = self->saved_termios;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  if (tcsetattr (STDIN_FILENO, TCSADRAIN, &quiet) == 0)
    self->echo_off = TRUE;
}

static gboolean
td_terminal_prompter_is_interactive (TdPrompter *prompter)
{
  return TD_TERMINAL_PROMPTER (prompter)->interactive;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdTerminalPrompter *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *line;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  td_terminal_prompter_restore_echo (self);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (line == NULL)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_NEEDS_INPUT,
                               _("The input ended before an answer was given"));
      return;
    }

  g_task_return_pointer (task, line, (GDestroyNotify) td_secret_free);
}

/* Reads one line. Echo of a secret is turned off by the caller before it
 * prints the prompt, so that nothing typed after the prompt is echoed. */
static void
read_line_async (TdTerminalPrompter  *self,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, cancellable,
                                       read_line_cb, task);
}

static char *
read_line_finish (TdTerminalPrompter  *self,
                  GAsyncResult        *result,
                  GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ask_line_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *line;

  line = read_line_finish (TD_TERMINAL_PROMPTER (object), result, &error);
  if (line == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, line, (GDestroyNotify) td_secret_free);
}

static void
td_terminal_prompter_ask_async (TdPrompter          *prompter,
                                TdPromptKind         kind,
                                const char          *message,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TdTerminalPrompter *self = TD_TERMINAL_PROMPTER (prompter);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, td_terminal_prompter_ask_async);
  if (kind != TD_PROMPT_USERNAME)
    turn_echo_off (self);
  print_text ("", message, ": ");
  fflush (stderr);

  read_line_async (self, cancellable, ask_line_cb, task);
}

static char *
td_terminal_prompter_ask_finish (TdPrompter    *prompter,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char      *title;
  GPtrArray *choices;
  guint      tries;
} Menu;

static void
menu_free (Menu *menu)
{
  g_free (menu->title);
  g_ptr_array_unref (menu->choices);
  g_free (menu);
}

static void
print_menu (Menu *menu)
{
  const char *group = NULL;

  print_text ("", menu->title ? menu->title : _("Choose one"), ":\n");
  for (guint i = 0; i < menu->choices->len; i++)
    {
      const TdChoice *choice = g_ptr_array_index (menu->choices, i);

      if (choice->group != NULL && g_strcmp0 (choice->group, group) != 0)
        {
          group = choice->group;
          print_text ("  ", group, "\n");
        }

      g_autofree char *label = td_text_dup_printable (choice->label, MAX_TEXT_CHARS);

      fprintf (stderr, "%s  [%u] %s\n", choice->group ? "  " : "", i + 1, label);
    }
}

static void choose_line_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
ask_choice (GTask *task)
{
  TdTerminalPrompter *self = g_task_get_source_object (task);
  Menu *menu = g_task_get_task_data (task);

  fprintf (stderr, _("Enter a number from 1 to %u: "), menu->choices->len);
  fflush (stderr);
  read_line_async (self, g_task_get_cancellable (task), choose_line_cb, task);
}

static void
choose_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Menu *menu = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  GError *error = NULL;
  guint64 number = 0;

  line = read_line_finish (TD_TERMINAL_PROMPTER (object), result, &error);
  if (line == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_strstrip (line);
  if (g_ascii_string_to_unsigned (line, 10, 1, menu->choices->len, &number, NULL))
    {
      const TdChoice *choice = g_ptr_array_index (menu->choices, number - 1);

      if (choice->enabled)
        {
          g_task_return_int (task, (gssize) number - 1);
          g_object_unref (task);
          return;
        }

      fprintf (stderr, _("“%s” is not supported; choose another entry.\n"), choice->label);
    }
  else
    {
      fprintf (stderr, _("“%s” is not a number from 1 to %u.\n"), line, menu->choices->len);
    }

  if (++menu->tries >= MAX_MENU_TRIES)
    {
      g_task_return_new_error (task, TD_ERROR, TD_ERROR_NEEDS_INPUT, _("No valid entry was chosen"));
      g_object_unref (task);
      return;
    }

  ask_choice (task);
}

static void
td_terminal_prompter_choose_async (TdPrompter          *prompter,
                                   const char          *title,
                                   GPtrArray           *choices,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (prompter, cancellable, callback, user_data);
  Menu *menu = g_new0 (Menu, 1);

  g_task_set_source_tag (task, td_terminal_prompter_choose_async);
  menu->title = g_strdup (title);
  menu->choices = g_ptr_array_ref (choices);
  g_task_set_task_data (task, menu, (GDestroyNotify) menu_free);

  print_menu (menu);
  ask_choice (task);
}

static int
td_terminal_prompter_choose_finish (TdPrompter    *prompter,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return (int) g_task_propagate_int (G_TASK (result), error);
}

static void
td_terminal_prompter_show_challenge (TdPrompter *prompter,
                                     const char *number)
{
  print_text (_("Okta Verify asks for a number: choose "), number, _(" on your device.\n"));
  fflush (stderr);
}

static void
td_terminal_prompter_notify (TdPrompter *prompter,
                             TdNotice    kind,
                             const char *message)
{
  switch (kind)
    {
    case TD_NOTICE_INFO:
      print_text ("", message, "\n");
      break;

    case TD_NOTICE_WARNING:
      print_text (_("Warning: "), message, "\n");
      break;

    case TD_NOTICE_DONE:
    default:
      return;
    }

  fflush (stderr);
}

static void
td_terminal_prompter_iface_init (TdPrompterInterface *iface)
{
  iface->is_interactive = td_terminal_prompter_is_interactive;
  iface->ask_async = td_terminal_prompter_ask_async;
  iface->ask_finish = td_terminal_prompter_ask_finish;
  iface->choose_async = td_terminal_prompter_choose_async;
  iface->choose_finish = td_terminal_prompter_choose_finish;
  iface->show_challenge = td_terminal_prompter_show_challenge;
  iface->notify = td_terminal_prompter_notify;
}
