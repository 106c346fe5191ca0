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
  GPtrArray    *late;
  GPtrArray    *late_files;
  GMutex        lock;
};

G_DEFINE_FINAL_TYPE (TdTlsDatabase, td_tls_database, G_TYPE_TLS_DATABASE)

/* Bundles named by the environment (SSL_CERT_FILE, CURL_CA_BUNDLE) often
 * are the whole system bundle, so they are parsed only when the system
 * store did not trust a chain. Handshakes run in a worker thread, hence
 * the lock. */
static GTlsCertificateFlags
verify_with_late_files (TdTlsDatabase           *self,
                        GTlsCertificate         *chain,
                        const char              *purpose,
                        GSocketConnectable      *identity,
                        GTlsInteraction         *interaction,
                        GTlsDatabaseVerifyFlags  flags,
                        GCancellable            *cancellable)
{
  g_autoptr(GPtrArray) databases = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->late_files->len; i++)
    {
      const char *path = g_ptr_array_index (self->late_files, i);
      g_autoptr(GError) error = NULL;
      GTlsDatabase *database = g_tls_file_database_new (path, &error);

      if (database == NULL)
        g_debug ("CA bundle %s cannot be loaded: %s", path, error->message);
      else
        g_ptr_array_add (self->late, database);
    }
  g_ptr_array_set_size (self->late_files, 0);
  databases = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->late->len; i++)
    g_ptr_array_add (databases, g_object_ref (g_ptr_array_index (self->late, i)));
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < databases->len; i++)
    {
      if (g_tls_database_verify_chain (g_ptr_array_index (databases, i), chain, purpose, identity,
                                       interaction, flags, cancellable, NULL) == 0)
        return 0;
    }

  return G_TLS_CERTIFICATE_UNKNOWN_CA;
}

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
  GTlsCertificateFlags system_result = G_TLS_CERTIFICATE_UNKNOWN_CA;
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
  if (system != NULL)
    {
      system_result = g_tls_database_verify_chain (system, chain, purpose, identity, interaction,
                                                   flags, cancellable, NULL);
      g_object_unref (system);
      if (system_result == 0)
        return 0;
    }

  if (verify_with_late_files (self, chain, purpose, identity, interaction, flags, cancellable) == 0)
    return 0;

  /* The system store's result explains best why a chain is not trusted. */
  return system_result;
}

static void
td_tls_database_finalize (GObject *object)
{
  TdTlsDatabase *self = (TdTlsDatabase *) object;

  g_clear_pointer (&self->extra, g_ptr_array_unref);
  g_clear_pointer (&self->late, g_ptr_array_unref);
  g_clear_pointer (&self->late_files, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

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
  self->late = g_ptr_array_new_with_free_func (g_object_unref);
  self->late_files = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
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

/* Adds a bundle that is read only when the system store does not trust a
 * chain; @path must be absolute. */
void
td_tls_database_add_late_file (TdTlsDatabase *self,
                               const char    *path)
{
  g_return_if_fail (TD_IS_TLS_DATABASE (self));
  g_return_if_fail (g_path_is_absolute (path));

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->late_files, g_strdup (path));
  g_mutex_unlock (&self->lock);
}

guint
td_tls_database_get_size (TdTlsDatabase *self)
{
  g_return_val_if_fail (TD_IS_TLS_DATABASE (self), 0);

  return self->extra->len;
}
