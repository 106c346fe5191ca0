/* td-tls-database.h: the system's CAs plus the CAs of a bundle
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TD_TYPE_TLS_DATABASE (td_tls_database_get_type ())

G_DECLARE_FINAL_TYPE (TdTlsDatabase, td_tls_database, TD, TLS_DATABASE, GTlsDatabase)

TdTlsDatabase *td_tls_database_new      (void);
void           td_tls_database_add      (TdTlsDatabase *self,
                                         GTlsDatabase  *extra);
void           td_tls_database_add_late_file (TdTlsDatabase *self,
                                              const char    *path);
guint          td_tls_database_get_size (TdTlsDatabase *self);

G_END_DECLS
