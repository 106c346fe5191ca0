/* td-prompt.c: one question of the agent, as the dialogs see it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-error.h"
#include "td-prompter.h"
#include "td-prompt.h"

/**
 * TdPrompt:
 *
 * A prompt read with the agent's `GetPrompt`, and the calls that answer or
 * cancel it. A prompt is finished by its first answer or cancellation, or
 * when the agent withdraws it (#TdPrompt::closed); later calls do nothing,
 * so that closing a dialog after OK does not also cancel the prompt.
 */
struct _TdPrompt
{
  GObject       parent_instance;

  TdAgent      *agent;
  guint         id;
  TdAgentPromptKind  kind;
  char         *profile;
  char         *title;
  char         *message;
  GPtrArray    *choices;
  gboolean      finished;
};

G_DEFINE_FINAL_TYPE (TdPrompt, td_prompt, G_TYPE_OBJECT)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kind_names[] = {
  [TD_AGENT_PROMPT_PASSWORD] = "password",
  [TD_AGENT_PROMPT_PASSCODE] = "passcode",
  [TD_AGENT_PROMPT_ANSWER] = "answer",
  [TD_AGENT_PROMPT_CHOOSE_FACTOR] = "choose-factor",
  [TD_AGENT_PROMPT_CHOOSE_ROLE] = "choose-role",
};

static void
td_prompt_dispose (GObject *object)
{
  TdPrompt *self = TD_PROMPT (object);

  if (self->agent != NULL)
    g_signal_handlers_disconnect_by_data (self->agent, self);
  g_clear_object (&self->agent);

  G_OBJECT_CLASS (td_prompt_parent_class)->dispose (object);
}

static void
td_prompt_finalize (GObject *object)
{
  TdPrompt *self = TD_PROMPT (object);

  g_free (self->profile);
  g_free (self->title);
  g_free (self->message);
  g_clear_pointer (&self->choices, g_ptr_array_unref);

  G_OBJECT_CLASS (td_prompt_parent_class)->finalize (object);
}

static void
td_prompt_class_init (TdPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = td_prompt_dispose;
  object_class->finalize = td_prompt_finalize;

  /**
   * TdPrompt::closed:
   *
   * The agent withdrew the prompt before this process answered it.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_prompt_init (TdPrompt *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) td_choice_free);
}

static void
prompt_closed_cb (TdAgent  *agent,
                  guint     id,
                  TdPrompt *self)
{
  if (id != self->id || self->finished)
    return;

  g_debug ("The agent closed prompt %u", id);
  self->finished = TRUE;
  g_signal_emit (self, signals[CLOSED], 0);
}

static gboolean
parse_kind (const char   *name,
            TdAgentPromptKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (name, kind_names[i]))
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Copies the choices of a choose-* prompt, which needs at least one entry
 * the user can pick; other kinds ignore their choices. */
static gboolean
parse_choices (TdPrompt  *self,
               GVariant  *choices,
               GError   **error)
{
  GVariantIter iter;
  const char *label, *group;
  gboolean enabled, any_enabled = FALSE;

  if (self->kind != TD_AGENT_PROMPT_CHOOSE_FACTOR && self->kind != TD_AGENT_PROMPT_CHOOSE_ROLE)
    return TRUE;

  g_variant_iter_init (&iter, choices);
  while (g_variant_iter_next (&iter, "(&s&sb)", &label, &group, &enabled))
    {
      g_ptr_array_add (self->choices, td_choice_new (label, group[0] != '\0' ? group : NULL, enabled));
      any_enabled |= enabled;
    }

  if (!any_enabled)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   "Prompt %u (%s) has no choice that can be picked (%u listed); "
                   "the agent sent an invalid prompt", self->id, kind_names[self->kind],
                   self->choices->len);
      return FALSE;
    }

  return TRUE;
}

/**
 * td_prompt_new_from_reply:
 * @agent: the agent that owns the prompt
 * @id: the prompt id
 * @reply: the reply of `GetPrompt`, of type `(ssssa(ssb))`
 * @error: return location for a %TD_ERROR_SERVER error
 *
 * Checks and copies a `GetPrompt` reply: the kind must be known and a
 * choose-* prompt must offer an enabled choice.
 *
 * Returns: (transfer full) (nullable): the prompt, or %NULL on error
 */
TdPrompt *
td_prompt_new_from_reply (TdAgent   *agent,
                          guint      id,
                          GVariant  *reply,
                          GError   **error)
{
  g_autoptr(TdPrompt) self = NULL;
  g_autoptr(GVariant) choices = NULL;
  const char *kind;

  g_return_val_if_fail (TD_IS_AGENT (agent), NULL);
  g_return_val_if_fail (reply != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(ssssa(ssb))")))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   "The agent's reply to GetPrompt(%u) has the type %s instead of "
                   "(ssssa(ssb)); the agent and tokendito-tray-ui do not match, reinstall them",
                   id, g_variant_get_type_string (reply));
      return NULL;
    }

  self = g_object_new (TD_TYPE_PROMPT, NULL);
  self->id = id;
  g_variant_get (reply, "(&ssss@a(ssb))", &kind, &self->profile, &self->title,
                 &self->message, &choices);

  if (!parse_kind (kind, &self->kind))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_SERVER,
                   "Prompt %u has the unknown kind “%s”; the agent and tokendito-tray-ui "
                   "do not match, reinstall them", id, kind);
      return NULL;
    }

  if (!parse_choices (self, choices, error))
    return NULL;

  self->agent = g_object_ref (agent);
  g_signal_connect (agent, "prompt-closed", G_CALLBACK (prompt_closed_cb), self);

  return g_steal_pointer (&self);
}

static void
get_prompt_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  TdPrompt *prompt;
  guint id = GPOINTER_TO_UINT (g_task_get_task_data (task));

  reply = td_agent_call_finish (TD_AGENT (source), result, &error);
  if (reply == NULL)
    {
      g_prefix_error (&error, "Cannot read prompt %u from the agent: ", id);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  prompt = td_prompt_new_from_reply (TD_AGENT (source), id, reply, &error);
  if (prompt == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, prompt, g_object_unref);
}

/**
 * td_prompt_load_async:
 * @agent: the agent
 * @id: the prompt id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the prompt is read
 * @user_data: data for @callback
 *
 * Reads prompt @id with the agent's `GetPrompt`.
 */
void
td_prompt_load_async (TdAgent             *agent,
                      guint                id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TD_IS_AGENT (agent));

  task = g_task_new (agent, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_prompt_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (id), NULL);

  /* The reply type is checked by td_prompt_new_from_reply(), which gives a
   * clearer message than the bus would. */
  td_agent_call (agent, "GetPrompt", g_variant_new ("(u)", id), NULL, cancellable,
                 get_prompt_cb, g_steal_pointer (&task));
}

/**
 * td_prompt_load_finish:
 * @agent: the agent passed to td_prompt_load_async()
 * @result: the result passed to the callback
 * @error: return location for a %TD_ERROR_SERVER, %G_DBUS_ERROR or
 *   %G_IO_ERROR error
 *
 * Returns: (transfer full) (nullable): the prompt, or %NULL on error
 */
TdPrompt *
td_prompt_load_finish (TdAgent       *agent,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, agent), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
td_prompt_get_id (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), 0);

  return self->id;
}

TdAgentPromptKind
td_prompt_get_kind (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), TD_AGENT_PROMPT_PASSWORD);

  return self->kind;
}

const char *
td_prompt_get_profile (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), NULL);

  return self->profile;
}

const char *
td_prompt_get_title (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), NULL);

  return self->title;
}

const char *
td_prompt_get_message (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), NULL);

  return self->message;
}

/**
 * td_prompt_get_choices:
 * @self: the prompt
 *
 * Returns: (transfer none) (element-type TdChoice): the choices, empty
 *   unless the kind is a choose-* kind
 */
GPtrArray *
td_prompt_get_choices (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), NULL);

  return self->choices;
}

/**
 * td_prompt_get_finished:
 * @self: the prompt
 *
 * Returns: whether the prompt was answered, cancelled or withdrawn
 */
gboolean
td_prompt_get_finished (TdPrompt *self)
{
  g_return_val_if_fail (TD_IS_PROMPT (self), TRUE);

  return self->finished;
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = td_agent_call_finish (TD_AGENT (source), result, &error);
  if (reply == NULL)
    g_warning ("Cannot send the reply to the agent: %s", error->message);

  if (application != NULL)
    g_application_release (application);
}

/* Sends the answer or cancellation. The application is held until the call
 * returns, because the dialog closes at once and the process would
 * otherwise exit with the message still unsent. */
static void
send (TdPrompt   *self,
      const char *method,
      GVariant   *parameters)
{
  GApplication *application = g_application_get_default ();

  if (self->finished)
    {
      g_variant_unref (g_variant_ref_sink (parameters));
      return;
    }

  self->finished = TRUE;
  if (application != NULL)
    g_application_hold (application);

  g_debug ("Sending %s for prompt %u", method, self->id);
  td_agent_call (self->agent, method, parameters, G_VARIANT_TYPE_UNIT, NULL, send_done_cb,
                 application != NULL ? g_object_ref (application) : NULL);
}

/**
 * td_prompt_answer_text:
 * @self: the prompt
 * @text: the password, passcode or answer
 *
 * Sends `AnswerText`, unless the prompt is finished.
 */
void
td_prompt_answer_text (TdPrompt   *self,
                       const char *text)
{
  g_return_if_fail (TD_IS_PROMPT (self));
  g_return_if_fail (text != NULL);

  send (self, "AnswerText", g_variant_new ("(us)", self->id, text));
}

/**
 * td_prompt_answer_text_remember:
 * @self: the prompt
 * @text: the password
 * @remember: whether the agent stores the password in the secret store
 *
 * Sends `AnswerTextRemember`, unless the prompt is finished.
 */
void
td_prompt_answer_text_remember (TdPrompt   *self,
                                const char *text,
                                gboolean    remember)
{
  g_return_if_fail (TD_IS_PROMPT (self));
  g_return_if_fail (text != NULL);

  send (self, "AnswerTextRemember", g_variant_new ("(usb)", self->id, text, remember));
}

/**
 * td_prompt_answer_choice:
 * @self: the prompt
 * @index: the index of the chosen entry in td_prompt_get_choices()
 *
 * Sends `AnswerChoice`, unless the prompt is finished.
 */
void
td_prompt_answer_choice (TdPrompt *self,
                         int       index)
{
  g_return_if_fail (TD_IS_PROMPT (self));
  g_return_if_fail (index >= 0 && (guint) index < self->choices->len);

  send (self, "AnswerChoice", g_variant_new ("(ui)", self->id, index));
}

/**
 * td_prompt_cancel:
 * @self: the prompt
 *
 * Sends `CancelPrompt`, unless the prompt is finished.
 */
void
td_prompt_cancel (TdPrompt *self)
{
  g_return_if_fail (TD_IS_PROMPT (self));

  send (self, "CancelPrompt", g_variant_new ("(u)", self->id));
}
