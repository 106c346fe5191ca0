/* td-tls-database.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include "td-tls-database.h"

/* Verifies a chain against the CAs of extra bundles first, then against the
 * system's trust store. A certificate either trusts is accepted; the checks
 * of host name, expiry and usage are those of the underlying databases.
 * Trying the bundles first spares loading the system store, which takes
 * tens of milliseconds, when a bundle is all a run needs (a TLS-inspecting
 * proxy, the sandbox). */
struct _TdTlsDatabase
{
  GTlsDatabase  parent_instance;

  GPtrArray    *extra;
};

G_DEFINE_FINAL_TYPE (TdTlsDatabase, td_tls_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
td_tls_database_verify_chain (GTlsDatabase             *database,
                              GTlsCertificate          *chain,
                              const char               *purpose,
                              GSocketConnectable       *identity,
                              GTlsInteraction          *interaction,
                              GTlsDatabaseVerifyFlags   flags,
                              GCancellable             *cancellable,
                              GError                  **error)
{
  TdTlsDatabase *self = TD_TLS_DATABASE (database);
  GTlsDatabase *system;

  for (guint i = 0; i < self->extra->len; i++)
    {
      GTlsCertificateFlags result;

      result = g_tls_database_verify_chain (g_ptr_array_index (self->extra, i), chain, purpose,
                                            identity, interaction, flags, cancellable, NULL);
      if (result == 0)
        return 0;
    }

  system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  if (system == NULL)
    return G_TLS_CERTIFICATE_UNKNOWN_CA;

  {
    GTlsCertificateFlags result;

    result = g_tls_database_verify_chain (system, chain, purpose, identity, interaction, flags,
                                          cancellable, error);
    g_object_unref (system);
    return result;
  }
}

static void
td_tls_database_finalize (GObject *object)
{
  TdTlsDatabase *self = (TdTlsDatabase *) object;

  g_clear_pointer (&self->extra, g_ptr_array_unref);

  G_OBJECT_CLASS (td_tls_database_parent_class)->finalize (object);
}

static void
td_tls_database_class_init (TdTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = td_tls_database_finalize;
  database_class->verify_chain = td_tls_database_verify_chain;
}

static void
td_tls_database_init (TdTlsDatabase *self)
{
  self->extra = g_ptr_array_new_with_free_func (g_object_unref);
}

TdTlsDatabase *
td_tls_database_new (void)
{
  return g_object_new (TD_TYPE_TLS_DATABASE, NULL);
}

void
td_tls_database_add (TdTlsDatabase *self,
                     GTlsDatabase  *extra)
{
  g_return_if_fail (TD_IS_TLS_DATABASE (self));
  g_return_if_fail (G_IS_TLS_DATABASE (extra));

  g_ptr_array_add (self->extra, g_object_ref (extra));
}

guint
td_tls_database_get_size (TdTlsDatabase *self)
{
  g_return_val_if_fail (TD_IS_TLS_DATABASE (self), 0);

  return self->extra->len;
}
