/* td-prompt.h: one question of the agent, as the dialogs see it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-agent.h"

G_BEGIN_DECLS

/**
 * TdAgentPromptKind:
 * @TD_AGENT_PROMPT_PASSWORD: the Okta password (`password`)
 * @TD_AGENT_PROMPT_PASSCODE: a one-time code (`passcode`)
 * @TD_AGENT_PROMPT_ANSWER: the answer to a security question (`answer`)
 * @TD_AGENT_PROMPT_CHOOSE_FACTOR: an MFA factor to pick (`choose-factor`)
 * @TD_AGENT_PROMPT_CHOOSE_ROLE: an AWS role to pick (`choose-role`)
 *
 * The kinds of prompt that `GetPrompt` returns, with the string it uses.
 */
typedef enum {
  TD_AGENT_PROMPT_PASSWORD,
  TD_AGENT_PROMPT_PASSCODE,
  TD_AGENT_PROMPT_ANSWER,
  TD_AGENT_PROMPT_CHOOSE_FACTOR,
  TD_AGENT_PROMPT_CHOOSE_ROLE,
} TdAgentPromptKind;

#define TD_TYPE_PROMPT (td_prompt_get_type ())

G_DECLARE_FINAL_TYPE (TdPrompt, td_prompt, TD, PROMPT, GObject)

TdPrompt     *td_prompt_new_from_reply     (TdAgent      *agent,
                                            guint         id,
                                            GVariant     *reply,
                                            GError      **error);
void          td_prompt_load_async         (TdAgent              *agent,
                                            guint                 id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
TdPrompt     *td_prompt_load_finish        (TdAgent              *agent,
                                            GAsyncResult         *result,
                                            GError              **error);

guint         td_prompt_get_id             (TdPrompt     *self);
TdAgentPromptKind  td_prompt_get_kind           (TdPrompt     *self);
const char   *td_prompt_get_profile        (TdPrompt     *self);
const char   *td_prompt_get_title          (TdPrompt     *self);
const char   *td_prompt_get_message        (TdPrompt     *self);
GPtrArray    *td_prompt_get_choices        (TdPrompt     *self);
gboolean      td_prompt_get_finished       (TdPrompt     *self);

void          td_prompt_answer_text        (TdPrompt     *self,
                                            const char   *text);
void          td_prompt_answer_text_remember (TdPrompt   *self,
                                              const char *text,
                                              gboolean    remember);
void          td_prompt_answer_choice      (TdPrompt     *self,
                                            int           index);
void          td_prompt_cancel             (TdPrompt     *self);

G_END_DECLS
