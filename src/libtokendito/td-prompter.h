/* td-prompter.h: the interface through which the sign-in prompts the user
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TdPromptKind:
 * @TD_PROMPT_USERNAME: the Okta user name; shown as typed
 * @TD_PROMPT_PASSWORD: the Okta password; a secret, never echoed
 * @TD_PROMPT_PASSCODE: a one-time code (TOTP, SMS, call); a secret
 * @TD_PROMPT_ANSWER: the answer to a security question; a secret
 */
typedef enum {
  TD_PROMPT_USERNAME,
  TD_PROMPT_PASSWORD,
  TD_PROMPT_PASSCODE,
  TD_PROMPT_ANSWER,
} TdPromptKind;

/**
 * TdNotice:
 * @TD_NOTICE_INFO: progress the user may want to see ("Push sent to …")
 * @TD_NOTICE_WARNING: something the user should act on later
 * @TD_NOTICE_DONE: the pending challenge ended; withdraw what shows it
 */
typedef enum {
  TD_NOTICE_INFO,
  TD_NOTICE_WARNING,
  TD_NOTICE_DONE,
} TdNotice;

/**
 * TdChoice:
 * @label: what the user sees
 * @group: (nullable): the heading this entry is listed under (an AWS account)
 * @enabled: %FALSE for entries shown but not selectable (unsupported factors)
 */
typedef struct {
  char     *label;
  char     *group;
  gboolean  enabled;
} TdChoice;

TdChoice *td_choice_new  (const char *label,
                          const char *group,
                          gboolean    enabled);
void      td_choice_free (TdChoice   *choice);

#define TD_TYPE_PROMPTER (td_prompter_get_type ())

G_DECLARE_INTERFACE (TdPrompter, td_prompter, TD, PROMPTER, GObject)

/**
 * TdPrompterInterface:
 * @is_interactive: whether a person can respond now. When not, the
 *   sign-in fails with a message that lists the choices instead of prompting
 * @ask_async: prompts for a line of text; @message describes what is needed
 * @ask_finish: returns the text entered, which the caller wipes with
 *   td_secret_free()
 * @choose_async: prompts the user to pick one of @choices (#TdChoice)
 * @choose_finish: returns the index picked
 * @show_challenge: shows the number an Okta Verify push expects the user to pick
 * @notify: shows progress, a warning, or that the challenge is over
 *
 * Implemented by each front end: the terminal now, dialogs and
 * notifications in the tray application.
 */
struct _TdPrompterInterface
{
  GTypeInterface parent_iface;

  gboolean (*is_interactive) (TdPrompter          *self);
  void     (*ask_async)      (TdPrompter          *self,
                              TdPromptKind         kind,
                              const char          *message,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char    *(*ask_finish)     (TdPrompter          *self,
                              GAsyncResult        *result,
                              GError             **error);
  void     (*choose_async)   (TdPrompter          *self,
                              const char          *title,
                              GPtrArray           *choices,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  int      (*choose_finish)  (TdPrompter          *self,
                              GAsyncResult        *result,
                              GError             **error);
  void     (*show_challenge) (TdPrompter          *self,
                              const char          *number);
  void     (*notify)         (TdPrompter          *self,
                              TdNotice             kind,
                              const char          *message);
};

gboolean td_prompter_is_interactive (TdPrompter          *self);
void     td_prompter_ask_async      (TdPrompter          *self,
                                     TdPromptKind         kind,
                                     const char          *message,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char    *td_prompter_ask_finish     (TdPrompter          *self,
                                     GAsyncResult        *result,
                                     GError             **error);
void     td_prompter_choose_async   (TdPrompter          *self,
                                     const char          *title,
                                     GPtrArray           *choices,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
int      td_prompter_choose_finish  (TdPrompter          *self,
                                     GAsyncResult        *result,
                                     GError             **error);
void     td_prompter_show_challenge (TdPrompter          *self,
                                     const char          *number);
void     td_prompter_notify         (TdPrompter          *self,
                                     TdNotice             kind,
                                     const char          *message);

G_END_DECLS
