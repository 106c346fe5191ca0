/* td-agent.c: the tray agent, seen from the window process
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-agent.h"

/**
 * TdAgent:
 *
 * The agent (`tokendito-tray`) on the session bus: calls to its
 * `io.github.tokendito.Tokendito.Agent` interface and its exported actions.
 * The agent's signals are re-emitted as GObject signals, and
 * #TdAgent::vanished fires when the agent leaves the bus, which ends the
 * window process.
 */
struct _TdAgent
{
  GObject          parent_instance;

  GDBusConnection  *connection;
  GDBusActionGroup *actions;
  char             *bus_name;
  guint             signal_id;
  guint             watch_id;
};

G_DEFINE_FINAL_TYPE (TdAgent, td_agent, G_TYPE_OBJECT)

enum {
  PROFILES_CHANGED,
  PROMPT_CLOSED,
  VANISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
td_agent_dispose (GObject *object)
{
  TdAgent *self = TD_AGENT (object);

  if (self->watch_id != 0)
    {
      g_bus_unwatch_name (self->watch_id);
      self->watch_id = 0;
    }
  if (self->signal_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->connection, self->signal_id);
      self->signal_id = 0;
    }
  g_clear_object (&self->connection);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (td_agent_parent_class)->dispose (object);
}

static void
td_agent_finalize (GObject *object)
{
  TdAgent *self = TD_AGENT (object);

  g_free (self->bus_name);

  G_OBJECT_CLASS (td_agent_parent_class)->finalize (object);
}

static void
td_agent_class_init (TdAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = td_agent_dispose;
  object_class->finalize = td_agent_finalize;

  /**
   * TdAgent::profiles-changed:
   *
   * The agent's profile list or the state of a profile changed.
   */
  signals[PROFILES_CHANGED] =
    g_signal_new ("profiles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TdAgent::prompt-closed:
   * @id: the prompt id
   *
   * The agent withdrew a prompt (answered elsewhere, cancelled or timed out).
   */
  signals[PROMPT_CLOSED] =
    g_signal_new ("prompt-closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * TdAgent::vanished:
   *
   * The agent's bus name has no owner any more.
   */
  signals[VANISHED] =
    g_signal_new ("vanished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_agent_init (TdAgent *self)
{
}

static void
agent_signal_cb (GDBusConnection *connection,
                 const char      *sender_name,
                 const char      *object_path,
                 const char      *interface_name,
                 const char      *signal_name,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  TdAgent *self = user_data;

  if (g_str_equal (signal_name, "ProfilesChanged"))
    {
      g_signal_emit (self, signals[PROFILES_CHANGED], 0);
      return;
    }

  if (g_str_equal (signal_name, "PromptClosed")
      && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_signal_emit (self, signals[PROMPT_CLOSED], 0, (guint) id);
    }
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  TdAgent *self = user_data;

  g_debug ("The agent %s left the session bus", name);
  g_signal_emit (self, signals[VANISHED], 0);
}

/**
 * td_agent_new:
 * @connection: the session bus
 * @bus_name: the agent's bus name, usually its unique name
 * @error: return location for a %G_IO_ERROR_INVALID_ARGUMENT error
 *
 * Creates a proxy for the agent. No message is sent yet, and the agent is
 * never auto-started, because it is the agent that starts this process.
 *
 * Returns: (transfer full) (nullable): the agent, or %NULL on error
 */
TdAgent *
td_agent_new (GDBusConnection  *connection,
              const char       *bus_name,
              GError          **error)
{
  g_autoptr(TdAgent) self = NULL;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (bus_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_dbus_is_name (bus_name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid D-Bus name; pass the agent's bus name to --agent",
                   bus_name);
      return NULL;
    }

  self = g_object_new (TD_TYPE_AGENT, NULL);
  self->connection = g_object_ref (connection);
  self->bus_name = g_strdup (bus_name);
  self->actions = g_dbus_action_group_get (connection, bus_name, TD_AGENT_ACTIONS_PATH);

  /* The agent passes its unique name, and the bus matches a unique sender
   * only against that connection, so another program cannot close our
   * prompt by sending a look-alike PromptClosed. */
  self->signal_id = g_dbus_connection_signal_subscribe (connection, bus_name, TD_AGENT_INTERFACE,
                                                        NULL, TD_AGENT_OBJECT_PATH, NULL,
                                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                                        agent_signal_cb, self, NULL);
  self->watch_id = g_bus_watch_name_on_connection (connection, bus_name,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   NULL, name_vanished_cb, self, NULL);

  return g_steal_pointer (&self);
}

/**
 * td_agent_get_bus_name:
 * @self: the agent
 *
 * Returns: the bus name given to td_agent_new()
 */
const char *
td_agent_get_bus_name (TdAgent *self)
{
  g_return_val_if_fail (TD_IS_AGENT (self), NULL);

  return self->bus_name;
}

/**
 * td_agent_get_actions:
 * @self: the agent
 *
 * Returns: (transfer none): the agent's exported actions (`refresh`,
 *   `refresh-all`, `quit`, …), without the `app.` prefix
 */
GActionGroup *
td_agent_get_actions (TdAgent *self)
{
  g_return_val_if_fail (TD_IS_AGENT (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) g_variant_unref);
}

/**
 * td_agent_call:
 * @self: the agent
 * @method: a method of the agent interface
 * @parameters: (nullable): the arguments; a floating reference is sunk
 * @reply_type: (nullable): the expected reply type; a reply of another type
 *   is an error
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the reply
 * @user_data: data for @callback
 *
 * Calls @method of the agent interface.
 */
void
td_agent_call (TdAgent             *self,
               const char          *method,
               GVariant            *parameters,
               const GVariantType  *reply_type,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TD_IS_AGENT (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_agent_call);

  g_dbus_connection_call (self->connection, self->bus_name, TD_AGENT_OBJECT_PATH,
                          TD_AGENT_INTERFACE, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, cancellable,
                          call_done_cb, g_steal_pointer (&task));
}

/**
 * td_agent_call_finish:
 * @self: the agent
 * @result: the result passed to the callback
 * @error: return location for a %G_DBUS_ERROR or %G_IO_ERROR error
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL on error
 */
GVariant *
td_agent_call_finish (TdAgent       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (TD_IS_AGENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
