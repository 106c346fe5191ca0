/* td-test-sandbox.h: start the sandbox server from a test and query it
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _TdTestSandbox TdTestSandbox;

/* Starts tokendito-sandbox ($TD_SANDBOX) with the certificates in
 * $TD_TEST_CERT_DIR and waits for its READY line. The arguments after
 * @first_arg are extra command-line arguments, ending with NULL. Aborts the
 * test when the server does not start. */
TdTestSandbox *td_test_sandbox_start           (const char    *first_arg,
                                                ...);

/* Returns the org's base URL, https://127.0.0.1:PORT without a trailing slash. */
const char    *td_test_sandbox_get_url         (TdTestSandbox *self);

/* Returns the base URL of the foreign origin, which only counts requests. */
const char    *td_test_sandbox_get_foreign_url (TdTestSandbox *self);

/* Returns the path of the CA certificate that signed the server's certificate. */
const char    *td_test_sandbox_get_ca_file     (TdTestSandbox *self);

/* Returns the parsed GET /_sandbox/stats object. Free it with json_node_unref (). */
JsonNode      *td_test_sandbox_get_stats       (TdTestSandbox *self);

/* Returns one counter of /_sandbox/stats: "requests", "connections",
 * "foreign_requests", "authn", "cancelled" or "sts_calls". */
gint64         td_test_sandbox_get_stat        (TdTestSandbox *self,
                                                const char    *name);

/* Returns the request log, one object with method, path, port, connection
 * and time_ms per request. Free it with json_array_unref (). */
JsonArray     *td_test_sandbox_dup_requests    (TdTestSandbox *self);

/* Sends SIGTERM, waits for the server to exit and frees @self. */
void           td_test_sandbox_stop            (TdTestSandbox *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdTestSandbox, td_test_sandbox_stop)

G_END_DECLS
