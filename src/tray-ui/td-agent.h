/* td-agent.h: the tray agent, seen from the window process
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the agent exports its interface, as src/tray/PROTOCOL.md fixes it. */
#define TD_AGENT_OBJECT_PATH   "/io/github/tokendito/Tokendito/Agent"
#define TD_AGENT_INTERFACE     "io.github.tokendito.Tokendito.Agent"
#define TD_AGENT_ACTIONS_PATH  "/io/github/tokendito/Tokendito"

#define TD_TYPE_AGENT (td_agent_get_type ())

G_DECLARE_FINAL_TYPE (TdAgent, td_agent, TD, AGENT, GObject)

TdAgent      *td_agent_new                 (GDBusConnection      *connection,
                                            const char           *bus_name,
                                            GError              **error);
const char   *td_agent_get_bus_name        (TdAgent              *self);
GActionGroup *td_agent_get_actions         (TdAgent              *self);

void          td_agent_call                (TdAgent              *self,
                                            const char           *method,
                                            GVariant             *parameters,
                                            const GVariantType   *reply_type,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GVariant     *td_agent_call_finish         (TdAgent              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
