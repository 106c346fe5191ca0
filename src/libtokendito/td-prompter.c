/* td-prompter.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-prompter.h"

G_DEFINE_INTERFACE (TdPrompter, td_prompter, G_TYPE_OBJECT)

static void
td_prompter_default_init (TdPrompterInterface *iface)
{
}

TdChoice *
td_choice_new (const char *label,
               const char *group,
               gboolean    enabled)
{
  TdChoice *choice = g_new0 (TdChoice, 1);

  choice->label = g_strdup (label);
  choice->group = g_strdup (group);
  choice->enabled = enabled;

  return choice;
}

void
td_choice_free (TdChoice *choice)
{
  if (choice == NULL)
    return;

  g_free (choice->label);
  g_free (choice->group);
  g_free (choice);
}

gboolean
td_prompter_is_interactive (TdPrompter *self)
{
  g_return_val_if_fail (TD_IS_PROMPTER (self), FALSE);

  return TD_PROMPTER_GET_IFACE (self)->is_interactive (self);
}

void
td_prompter_ask_async (TdPrompter          *self,
                       TdPromptKind         kind,
                       const char          *message,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (TD_IS_PROMPTER (self));
  g_return_if_fail (message != NULL);

  TD_PROMPTER_GET_IFACE (self)->ask_async (self, kind, message, cancellable, callback, user_data);
}

char *
td_prompter_ask_finish (TdPrompter    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (TD_IS_PROMPTER (self), NULL);

  return TD_PROMPTER_GET_IFACE (self)->ask_finish (self, result, error);
}

void
td_prompter_choose_async (TdPrompter          *self,
                          const char          *title,
                          GPtrArray           *choices,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (TD_IS_PROMPTER (self));
  g_return_if_fail (choices != NULL && choices->len > 0);

  TD_PROMPTER_GET_IFACE (self)->choose_async (self, title, choices, cancellable, callback, user_data);
}

int
td_prompter_choose_finish (TdPrompter    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (TD_IS_PROMPTER (self), -1);

  return TD_PROMPTER_GET_IFACE (self)->choose_finish (self, result, error);
}

void
td_prompter_show_challenge (TdPrompter *self,
                            const char *number)
{
  g_return_if_fail (TD_IS_PROMPTER (self));
  g_return_if_fail (number != NULL);

  TD_PROMPTER_GET_IFACE (self)->show_challenge (self, number);
}

void
td_prompter_notify (TdPrompter *self,
                    TdNotice    kind,
                    const char *message)
{
  g_return_if_fail (TD_IS_PROMPTER (self));

  TD_PROMPTER_GET_IFACE (self)->notify (self, kind, message);
}
