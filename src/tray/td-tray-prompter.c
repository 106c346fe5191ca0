/* td-tray-prompter.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-aws-credentials.h"
#include "td-tray-prompter.h"

/* Answers the sign-in's questions for one refresh. A refresh the user
 * started from the menu opens its dialogs at once; a scheduled one shows a
 * notification whose button opens the dialog, so that nothing pops up
 * unasked. */
struct _TdTrayPrompter
{
  GObject            parent_instance;

  TdTrayApplication *application;
  char              *profile;
  gboolean           user_initiated;
  gboolean           remember;
  char              *password;
};

static void td_tray_prompter_iface_init (TdPrompterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TdTrayPrompter, td_tray_prompter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TD_TYPE_PROMPTER, td_tray_prompter_iface_init))

static void
td_tray_prompter_finalize (GObject *object)
{
  TdTrayPrompter *self = (TdTrayPrompter *) object;

  g_clear_weak_pointer (&self->application);
  g_free (self->profile);
  td_secret_free (self->password);

  G_OBJECT_CLASS (td_tray_prompter_parent_class)->finalize (object);
}

static void
td_tray_prompter_class_init (TdTrayPrompterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = td_tray_prompter_finalize;
}

static void
td_tray_prompter_init (TdTrayPrompter *self)
{
}

TdTrayPrompter *
td_tray_prompter_new (TdTrayApplication *application,
                      const char        *profile,
                      gboolean           user_initiated)
{
  TdTrayPrompter *self = g_object_new (TD_TYPE_TRAY_PROMPTER, NULL);

  g_set_weak_pointer (&self->application, application);
  self->profile = g_strdup (profile);
  self->user_initiated = user_initiated;

  return self;
}

gboolean
td_tray_prompter_get_remember (TdTrayPrompter *self)
{
  return self->remember;
}

void
td_tray_prompter_set_remember (TdTrayPrompter *self,
                               gboolean        remember)
{
  self->remember = remember;
}

/* Returns the password typed in the dialog when "Remember password" was
 * checked, so that it is stored once the sign-in succeeds. */
const char *
td_tray_prompter_get_password (TdTrayPrompter *self)
{
  return self->remember ? self->password : NULL;
}

static gboolean
td_tray_prompter_is_interactive (TdPrompter *prompter)
{
  return TD_TRAY_PROMPTER (prompter)->application != NULL;
}

static const char *
kind_name (TdPromptKind kind)
{
  switch (kind)
    {
    case TD_PROMPT_PASSWORD:
      return "password";
    case TD_PROMPT_ANSWER:
      return "answer";
    case TD_PROMPT_USERNAME:
      return "username";
    case TD_PROMPT_PASSCODE:
    default:
      return "passcode";
    }
}

static void
ask_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdTrayPrompter *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *answer;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (g_task_get_task_data (task), "password") == 0)
    {
      td_secret_free (self->password);
      self->password = g_strdup (answer);
    }

  g_task_return_pointer (task, answer, (GDestroyNotify) td_secret_free);
}

static void
td_tray_prompter_ask_async (TdPrompter          *prompter,
                            TdPromptKind         kind,
                            const char          *message,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  TdTrayPrompter *self = TD_TRAY_PROMPTER (prompter);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GTask *inner = g_task_new (self, cancellable, ask_done_cb, task);

  g_task_set_task_data (task, (gpointer) kind_name (kind), NULL);
  td_tray_application_add_prompt (self->application, kind_name (kind), self->profile, message,
                                  NULL, self->user_initiated, inner);
  g_object_unref (inner);
}

static char *
td_tray_prompter_ask_finish (TdPrompter    *prompter,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
td_tray_prompter_choose_async (TdPrompter          *prompter,
                               const char          *title,
                               GPtrArray           *choices,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TdTrayPrompter *self = TD_TRAY_PROMPTER (prompter);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  gboolean roles = choices->len > 0 && ((TdChoice *) g_ptr_array_index (choices, 0))->group != NULL;

  td_tray_application_add_prompt (self->application, roles ? "choose-role" : "choose-factor",
                                  self->profile, title, choices, self->user_initiated, task);
}

static int
td_tray_prompter_choose_finish (TdPrompter    *prompter,
                                GAsyncResult  *result,
                                GError       **error)
{
  return (int) g_task_propagate_int (G_TASK (result), error);
}

static void
td_tray_prompter_show_challenge (TdPrompter *prompter,
                                 const char *number)
{
  TdTrayPrompter *self = TD_TRAY_PROMPTER (prompter);

  if (self->application != NULL)
    td_tray_application_show_challenge (self->application, self->profile, number);
}

static void
td_tray_prompter_notify (TdPrompter *prompter,
                         TdNotice    kind,
                         const char *message)
{
  TdTrayPrompter *self = TD_TRAY_PROMPTER (prompter);

  if (self->application != NULL)
    td_tray_application_notify (self->application, self->profile, kind, message);
}

static void
td_tray_prompter_iface_init (TdPrompterInterface *iface)
{
  iface->is_interactive = td_tray_prompter_is_interactive;
  iface->ask_async = td_tray_prompter_ask_async;
  iface->ask_finish = td_tray_prompter_ask_finish;
  iface->choose_async = td_tray_prompter_choose_async;
  iface->choose_finish = td_tray_prompter_choose_finish;
  iface->show_challenge = td_tray_prompter_show_challenge;
  iface->notify = td_tray_prompter_notify;
}
