/* td-secret-store.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "td-aws-credentials.h"
#include "td-error.h"
#include "td-json.h"
#include "td-secret-store.h"

#define KIND_PASSWORD "password"
#define KIND_SESSION "okta-session"
#define SCHEMA_VERSION "1"

#define COLLECTION_INTERFACE "org.freedesktop.Secret.Collection"
#define PROPERTIES_INTERFACE "org.freedesktop.DBus.Properties"
#define DBUS_CALL_TIMEOUT_MS 25000

/* Every item carries the schema name (libsecret's `xdg:schema` attribute)
 * and a format version, so that a later format can be stored beside this one. */
static const SecretSchema secret_schema = {
  "io.github.tokendito.Tokendito.Secret",
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "org", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "version", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

struct _TdSecretStore
{
  GObject        parent_instance;

  SecretService *service;
};

G_DEFINE_FINAL_TYPE (TdSecretStore, td_secret_store, G_TYPE_OBJECT)

typedef enum {
  ACTION_STORE,
  ACTION_LOOKUP,
  ACTION_CLEAR,
} Action;

/* One store, lookup or clear request, kept as the task data. */
typedef struct {
  Action       action;
  const char  *kind;
  char        *org;
  char        *user;
  GHashTable  *attributes;
  char        *label;
  SecretValue *value;
} Operation;

static void
operation_free (Operation *operation)
{
  g_free (operation->org);
  g_free (operation->user);
  g_clear_pointer (&operation->attributes, g_hash_table_unref);
  g_free (operation->label);
  g_clear_pointer (&operation->value, secret_value_unref);
  g_free (operation);
}

TdOktaSession *
td_okta_session_new (const char *cookie,
                     GDateTime  *expires)
{
  TdOktaSession *session;

  g_return_val_if_fail (cookie != NULL, NULL);
  g_return_val_if_fail (expires != NULL, NULL);

  session = g_new0 (TdOktaSession, 1);
  session->cookie = g_strdup (cookie);
  session->expires = g_date_time_ref (expires);

  return session;
}

void
td_okta_session_free (TdOktaSession *session)
{
  if (session == NULL)
    return;

  td_secret_free (session->cookie);
  g_clear_pointer (&session->expires, g_date_time_unref);
  g_free (session);
}

static void
td_secret_store_finalize (GObject *object)
{
  TdSecretStore *self = (TdSecretStore *) object;

  g_clear_object (&self->service);

  G_OBJECT_CLASS (td_secret_store_parent_class)->finalize (object);
}

static void
td_secret_store_class_init (TdSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = td_secret_store_finalize;
}

static void
td_secret_store_init (TdSecretStore *self)
{
}

/**
 * td_secret_store_new:
 *
 * Creates a store for Okta passwords and sessions in the Secret Service
 * (gnome-keyring, KWallet, KeePassXC). It connects to the session bus on
 * first use. It calls the service over D-Bus and never uses libsecret's file
 * backend, so nothing is written to a file when the service is missing.
 */
TdSecretStore *
td_secret_store_new (void)
{
  return g_object_new (TD_TYPE_SECRET_STORE, NULL);
}

static const char *
describe_kind (const char *kind)
{
  return g_str_equal (kind, KIND_PASSWORD) ? "Okta password" : "Okta session";
}

static const char *
describe_action (Action action)
{
  switch (action)
    {
    case ACTION_STORE:
      return "store";
    case ACTION_LOOKUP:
      return "read";
    case ACTION_CLEAR:
    default:
      return "remove";
    }
}

/* Sets TD_ERROR_KEYRING with a message that starts with what was requested,
 * followed by @reason. Neither part may contain a secret. */
static void G_GNUC_PRINTF (2, 3)
return_keyring_error (GTask      *task,
                      const char *reason_format,
                      ...)
{
  Operation *operation = g_task_get_task_data (task);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, reason_format);
  reason = g_strdup_vprintf (reason_format, args);
  va_end (args);

  g_task_return_new_error (task, TD_ERROR, TD_ERROR_KEYRING,
                           _("Cannot %s the %s of %s at %s: %s"),
                           describe_action (operation->action),
                           describe_kind (operation->kind),
                           operation->user, operation->org, reason);
}

static void
return_locked_error (GTask *task)
{
  return_keyring_error (task,
                        "the keyring is locked, or its unlock prompt was dismissed. "
                        "Unlock the default keyring (for example in Seahorse) and try again.");
}

/* Maps a libsecret or D-Bus failure into TD_ERROR_KEYRING, saying which of
 * the known failures it is. Cancellation is passed through unchanged. */
static void
return_secret_service_error (GTask  *task,
                             GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      return_keyring_error (task,
                            "no Secret Service is running on the session bus. Start "
                            "gnome-keyring or another Secret Service provider and try again.");
      return;
    }

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      return_locked_error (task);
      return;
    }

  /* When D-Bus activation starts gnome-keyring 42 without a login keyring,
   * CreateItem on the "default" alias fails with UnknownMethod. */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    {
      return_keyring_error (task,
                            "the Secret Service has no default keyring (%s). Create a "
                            "default keyring (for example in Seahorse) and try again.",
                            error->message);
      return;
    }

  return_keyring_error (task, "the Secret Service failed: %s", error->message);
}

/* An Okta org is an origin such as https://acme.okta.com. Its host appears
 * in the item label that keyring managers show. */
static char *
dup_org_host (const char  *org,
              GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (org, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *path = uri ? g_uri_get_path (uri) : NULL;

  if (uri == NULL ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (*path != '\0' && !g_str_equal (path, "/")) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_CONFIG,
                   _("Okta org %s is not an origin; give it as https://acme.okta.com, without a path"),
                   org);
      return NULL;
    }

  return g_strdup (g_uri_get_host (uri));
}

static char *
build_label (const char *kind,
             const char *user,
             const char *host)
{
  if (g_str_equal (kind, KIND_PASSWORD))
    return g_strdup_printf ("Tokendito password for %s at %s", user, host);

  return g_strdup_printf ("Tokendito Okta session for %s at %s", user, host);
}

static void
run_action (GTask *task);

static void
on_service_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TdSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SecretService *service;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_secret_service_error (task, error);
      return;
    }

  /* Another request may have set the service first. Both refer to libsecret's
   * one shared instance, so replacing it changes nothing. */
  g_clear_object (&self->service);
  self->service = service;
  run_action (g_steal_pointer (&task));
}

static void
on_bus_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  /* libsecret would fail the same way, but connecting first separates a
   * missing bus from the other failures of the Secret Service. */
  connection = g_bus_get_finish (result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_keyring_error (task,
                              "there is no D-Bus session bus (%s). Run it inside a "
                              "desktop session, or start a session bus with dbus-run-session.",
                              error->message);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_service_get (SECRET_SERVICE_NONE, cancellable, on_service_ready, g_steal_pointer (&task));
}

/* Starts an operation on the item of @kind for @org and @user. Takes
 * ownership of @value, which only a store passes. */
static void
start_operation (TdSecretStore       *self,
                 Action               action,
                 const char          *kind,
                 const char          *org,
                 const char          *user,
                 SecretValue         *value,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  Operation *operation;

  g_task_set_source_tag (task, source_tag);

  operation = g_new0 (Operation, 1);
  operation->action = action;
  operation->kind = kind;
  operation->org = g_strdup (org);
  operation->user = g_strdup (user);
  operation->value = value;
  g_task_set_task_data (task, operation, (GDestroyNotify) operation_free);

  host = dup_org_host (org, &error);
  if (host == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  operation->label = build_label (kind, user, host);
  operation->attributes = secret_attributes_build (&secret_schema,
                                                   "kind", kind,
                                                   "org", org,
                                                   "user", user,
                                                   "version", SCHEMA_VERSION,
                                                   NULL);

  if (self->service != NULL)
    {
      run_action (g_steal_pointer (&task));
      return;
    }

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus_ready, g_steal_pointer (&task));
}

/* Ends a lookup or clear that found nothing to read or remove, once the
 * default collection is known to be unlocked. */
static void
return_nothing_found (GTask *task)
{
  Operation *operation = g_task_get_task_data (task);

  if (operation->action == ACTION_LOOKUP)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_locked_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) locked = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_secret_service_error (task, error);
      return;
    }

  g_variant_get (reply, "(v)", &locked);
  if (!g_variant_is_of_type (locked, G_VARIANT_TYPE_BOOLEAN) || g_variant_get_boolean (locked))
    {
      return_locked_error (task);
      return;
    }

  return_nothing_found (task);
}

static void
on_alias_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GDBusProxy *service = G_DBUS_PROXY (source);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *path;

  reply = g_dbus_proxy_call_finish (service, result, &error);
  if (reply == NULL)
    {
      return_secret_service_error (task, error);
      return;
    }

  /* The Secret Service API returns "/" for an alias that is not set. With no
   * default collection, this store cannot have stored anything. */
  g_variant_get (reply, "(&o)", &path);
  if (g_str_equal (path, "/"))
    {
      return_nothing_found (task);
      return;
    }

  /* The Locked property is read from the service, not from libsecret's
   * cached proxy, which misses a Lock made by another client until its
   * PropertiesChanged signal has been dispatched. */
  g_dbus_connection_call (g_dbus_proxy_get_connection (service),
                          g_dbus_proxy_get_name (service),
                          path,
                          PROPERTIES_INTERFACE,
                          "Get",
                          g_variant_new ("(ss)", COLLECTION_INTERFACE, "Locked"),
                          G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE,
                          DBUS_CALL_TIMEOUT_MS,
                          cancellable,
                          on_locked_read,
                          g_steal_pointer (&task));
}

/* libsecret 0.20.5 returns a locked item that it could not unlock as "not
 * found" without an error, after its unlock prompt was dismissed or could
 * not be shown. So an empty result only means "none stored" when the
 * default collection is unlocked.
 * NOTE: only the default collection is checked; an item that the user moved
 * to another locked collection reads as none stored. */
static void
check_default_collection (GTask *task)
{
  TdSecretStore *self = g_task_get_source_object (task);

  g_dbus_proxy_call (G_DBUS_PROXY (self->service),
                     "ReadAlias",
                     g_variant_new ("(s)", SECRET_COLLECTION_DEFAULT),
                     G_DBUS_CALL_FLAGS_NONE,
                     DBUS_CALL_TIMEOUT_MS,
                     g_task_get_cancellable (task),
                     on_alias_read,
                     task);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    {
      return_secret_service_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_service_clear_finish (SECRET_SERVICE (source), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error != NULL)
    {
      return_secret_service_error (task, error);
      return;
    }

  check_default_collection (g_steal_pointer (&task));
}

/* Reads the session document {"sid": "…", "expires": "RFC 3339"}. Returns
 * NULL and sets @reason (never containing the cookie) when it is malformed. */
static TdOktaSession *
parse_session (const char  *text,
               const char **reason)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) expires = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *sid;
  const char *expires_text;

  /* NOTE: json-glib keeps its own copies of the cookie, which are freed but
   * not wiped. */
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    {
      *reason = "it is not JSON";
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = "it is not a JSON object";
      return NULL;
    }
  object = json_node_get_object (root);

  sid = td_json_get_string (object, "sid");
  if (sid == NULL || *sid == '\0')
    {
      *reason = "the \"sid\" member is missing or empty";
      return NULL;
    }

  expires_text = td_json_get_string (object, "expires");
  if (expires_text != NULL)
    expires = g_date_time_new_from_iso8601 (expires_text, NULL);
  if (expires == NULL)
    {
      *reason = "the \"expires\" member is missing or not an RFC 3339 time";
      return NULL;
    }

  return td_okta_session_new (sid, expires);
}

static char *
build_session_document (const char *cookie,
                        GDateTime  *expires)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) expires_utc = g_date_time_to_utc (expires);
  g_autofree char *expires_text = g_date_time_format_iso8601 (expires_utc);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sid");
  json_builder_add_string_value (builder, cookie);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_string_value (builder, expires_text);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* Turns a stored value into what the lookup returns: a password, a session
 * that has not expired, or NULL. */
static void
return_found_value (GTask       *task,
                    SecretValue *value)
{
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *reason = NULL;
  const char *text;

  text = secret_value_get_text (value);
  if (text == NULL)
    {
      g_debug ("Stored %s of %s at %s is not UTF-8 text; treating it as none",
               describe_kind (operation->kind), operation->user, operation->org);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (g_str_equal (operation->kind, KIND_PASSWORD))
    {
      g_task_return_pointer (task, g_strdup (text), (GDestroyNotify) td_secret_free);
      return;
    }

  session = parse_session (text, &reason);
  if (session == NULL)
    {
      g_debug ("Stored Okta session of %s at %s is malformed (%s); treating it as none",
               operation->user, operation->org, reason);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  now = g_date_time_new_now_utc ();
  if (g_date_time_compare (session->expires, now) <= 0)
    {
      g_debug ("Stored Okta session of %s at %s expired; treating it as none",
               operation->user, operation->org);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&session), (GDestroyNotify) td_okta_session_free);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SecretValue *value;

  value = secret_service_lookup_finish (SECRET_SERVICE (source), result, &error);
  if (error != NULL)
    {
      return_secret_service_error (task, error);
      return;
    }

  if (value == NULL)
    {
      check_default_collection (g_steal_pointer (&task));
      return;
    }

  return_found_value (task, value);
  secret_value_unref (value);
}

static void
run_action (GTask *task)
{
  TdSecretStore *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (operation->action)
    {
    case ACTION_STORE:
      secret_service_store (self->service, &secret_schema, operation->attributes,
                            SECRET_COLLECTION_DEFAULT, operation->label, operation->value,
                            cancellable, on_stored, task);
      break;

    case ACTION_LOOKUP:
      secret_service_lookup (self->service, &secret_schema, operation->attributes,
                             cancellable, on_looked_up, task);
      break;

    case ACTION_CLEAR:
      secret_service_clear (self->service, &secret_schema, operation->attributes,
                            cancellable, on_cleared, task);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
finish_boolean (TdSecretStore  *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (TD_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * td_secret_store_store_password_async:
 * @self: a #TdSecretStore
 * @org: the Okta org origin, such as `https://acme.okta.com`
 * @user: the Okta user name
 * @password: the password, copied until the request ends
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the password is stored
 * @user_data: data for @callback
 *
 * Stores @password in the default keyring, replacing the one stored for
 * @org and @user. Call this only when the user asked for it.
 */
void
td_secret_store_store_password_async (TdSecretStore       *self,
                                      const char          *org,
                                      const char          *user,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, ACTION_STORE, KIND_PASSWORD, org, user,
                   secret_value_new (password, -1, "text/plain"),
                   cancellable, callback, user_data,
                   td_secret_store_store_password_async);
}

/* Returns TRUE when the password was stored; otherwise sets a
 * TD_ERROR_KEYRING (or G_IO_ERROR_CANCELLED) error. */
gboolean
td_secret_store_store_password_finish (TdSecretStore  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return finish_boolean (self, result, td_secret_store_store_password_async, error);
}

/**
 * td_secret_store_lookup_password_async:
 * @self: a #TdSecretStore
 * @org: the Okta org origin
 * @user: the Okta user name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Reads the password stored for @org and @user. The Secret Service may show
 * its unlock prompt first.
 */
void
td_secret_store_lookup_password_async (TdSecretStore       *self,
                                       const char          *org,
                                       const char          *user,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, ACTION_LOOKUP, KIND_PASSWORD, org, user, NULL,
                   cancellable, callback, user_data,
                   td_secret_store_lookup_password_async);
}

/**
 * td_secret_store_lookup_password_finish:
 *
 * Returns: (transfer full) (nullable): the password, to be freed with
 *   td_secret_free(), or NULL without an error when none is stored. A locked
 *   keyring is an error, never "none stored".
 */
char *
td_secret_store_lookup_password_finish (TdSecretStore  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (TD_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_secret_store_lookup_password_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removes the password stored for @org and @user, if there is one. */
void
td_secret_store_clear_password_async (TdSecretStore       *self,
                                      const char          *org,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, ACTION_CLEAR, KIND_PASSWORD, org, user, NULL,
                   cancellable, callback, user_data,
                   td_secret_store_clear_password_async);
}

/* Returns TRUE when no password is stored any more, including when none was.
 * A locked keyring is an error. */
gboolean
td_secret_store_clear_password_finish (TdSecretStore  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return finish_boolean (self, result, td_secret_store_clear_password_async, error);
}

/**
 * td_secret_store_store_session_async:
 * @self: a #TdSecretStore
 * @org: the Okta org origin
 * @user: the Okta user name
 * @cookie_value: the value of Okta's `sid` cookie
 * @expires: when Okta ends the session
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the session is stored
 * @user_data: data for @callback
 *
 * Stores the Okta session of @user at @org as the JSON document
 * `{"sid": "…", "expires": "RFC 3339 time in UTC"}`, replacing the stored one.
 */
void
td_secret_store_store_session_async (TdSecretStore       *self,
                                     const char          *org,
                                     const char          *user,
                                     const char          *cookie_value,
                                     GDateTime           *expires,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *document = NULL;
  SecretValue *value;

  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (cookie_value != NULL && *cookie_value != '\0');
  g_return_if_fail (expires != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  document = build_session_document (cookie_value, expires);
  value = secret_value_new (document, -1, "text/plain");
  explicit_bzero (document, strlen (document));

  start_operation (self, ACTION_STORE, KIND_SESSION, org, user, value,
                   cancellable, callback, user_data,
                   td_secret_store_store_session_async);
}

/* Returns TRUE when the session was stored; otherwise sets an error. */
gboolean
td_secret_store_store_session_finish (TdSecretStore  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return finish_boolean (self, result, td_secret_store_store_session_async, error);
}

/* Reads the Okta session stored for @org and @user. */
void
td_secret_store_lookup_session_async (TdSecretStore       *self,
                                      const char          *org,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, ACTION_LOOKUP, KIND_SESSION, org, user, NULL,
                   cancellable, callback, user_data,
                   td_secret_store_lookup_session_async);
}

/**
 * td_secret_store_lookup_session_finish:
 *
 * Returns: (transfer full) (nullable): the session, or NULL without an error
 *   when none is stored, the stored one has expired or it is malformed. The
 *   stored item is left in place in each of these cases.
 */
TdOktaSession *
td_secret_store_lookup_session_finish (TdSecretStore  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (TD_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_secret_store_lookup_session_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removes the Okta session stored for @org and @user, if there is one. */
void
td_secret_store_clear_session_async (TdSecretStore       *self,
                                     const char          *org,
                                     const char          *user,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TD_IS_SECRET_STORE (self));
  g_return_if_fail (org != NULL);
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_operation (self, ACTION_CLEAR, KIND_SESSION, org, user, NULL,
                   cancellable, callback, user_data,
                   td_secret_store_clear_session_async);
}

/* Returns TRUE when no session is stored any more, including when none was. */
gboolean
td_secret_store_clear_session_finish (TdSecretStore  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return finish_boolean (self, result, td_secret_store_clear_session_async, error);
}
