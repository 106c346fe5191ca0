/* test-secret-store.c: TdSecretStore against a private gnome-keyring
 *
 * run-with-keyring.sh runs this program once per environment and names the
 * environment in TD_TEST_KEYRING, as that script describes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "td-error.h"
#include "td-secret-store.h"
#include "td-aws-credentials.h"
#include "td-test-utils.h"

#define ORG_ACME "https://acme.okta.com"
#define ORG_OTHER "https://other.okta.com"
#define USER_JANE "jane@acme.example"
#define USER_JOHN "john@acme.example"
#define SCHEMA_NAME "io.github.tokendito.Tokendito.Secret"

/* The schema as the store must write it, kept separately from the store's
 * own copy so that a change to the stored name or attributes fails here. */
static const SecretSchema expected_schema = {
  SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "org", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "version", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Every log message of the program, to check that no secret reaches one. */
static GString *captured_log;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        {
          g_string_append (captured_log, fields[i].value);
          g_string_append_c (captured_log, '\n');
        }
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Synchronous wrappers: each runs the default main context until the
 * asynchronous call has finished. */

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static gboolean
store_password (TdSecretStore  *store,
                const char     *org,
                const char     *user,
                const char     *password,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_store_password_async (store, org, user, password, NULL, on_result, &result);
  return td_secret_store_store_password_finish (store, wait_for (&result), error);
}

static char *
lookup_password (TdSecretStore  *store,
                 const char     *org,
                 const char     *user,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_lookup_password_async (store, org, user, NULL, on_result, &result);
  return td_secret_store_lookup_password_finish (store, wait_for (&result), error);
}

static gboolean
clear_password (TdSecretStore  *store,
                const char     *org,
                const char     *user,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_clear_password_async (store, org, user, NULL, on_result, &result);
  return td_secret_store_clear_password_finish (store, wait_for (&result), error);
}

static gboolean
store_session (TdSecretStore  *store,
               const char     *org,
               const char     *user,
               const char     *cookie,
               GDateTime      *expires,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_store_session_async (store, org, user, cookie, expires, NULL, on_result, &result);
  return td_secret_store_store_session_finish (store, wait_for (&result), error);
}

static TdOktaSession *
lookup_session (TdSecretStore  *store,
                const char     *org,
                const char     *user,
                GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_lookup_session_async (store, org, user, NULL, on_result, &result);
  return td_secret_store_lookup_session_finish (store, wait_for (&result), error);
}

static gboolean
clear_session (TdSecretStore  *store,
               const char     *org,
               const char     *user,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_secret_store_clear_session_async (store, org, user, NULL, on_result, &result);
  return td_secret_store_clear_session_finish (store, wait_for (&result), error);
}

/* Direct access to the keyring, bypassing TdSecretStore. Searches go over
 * D-Bus rather than through secret_password_search_sync(), whose item
 * objects in libsecret 0.20.5 leave allocations that LeakSanitizer reports. */

static GVariant *
call_secret_service (const char         *path,
                     const char         *interface,
                     const char         *method,
                     GVariant           *parameters,
                     const GVariantType *reply_type)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", path, interface, method,
                                       parameters, reply_type, G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);

  return reply;
}

/* Returns the D-Bus paths of the items, locked or not, that carry the
 * expected schema name and these attributes. */
static GStrv
search_items (const char *kind,
              const char *org,
              const char *user)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_auto(GVariantBuilder) attributes = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  g_autofree const char **unlocked = NULL;
  g_autofree const char **locked = NULL;

  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", SCHEMA_NAME);
  g_variant_builder_add (&attributes, "{ss}", "kind", kind);
  g_variant_builder_add (&attributes, "{ss}", "org", org);
  g_variant_builder_add (&attributes, "{ss}", "user", user);
  g_variant_builder_add (&attributes, "{ss}", "version", "1");

  reply = call_secret_service ("/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                               "SearchItems", g_variant_new ("(@a{ss})", g_variant_builder_end (&attributes)),
                               G_VARIANT_TYPE ("(aoao)"));
  g_variant_get (reply, "(^a&o^a&o)", &unlocked, &locked);
  g_strv_builder_addv (paths, unlocked);
  g_strv_builder_addv (paths, locked);

  return g_strv_builder_end (paths);
}

static guint
count_items (const char *kind,
             const char *org,
             const char *user)
{
  g_auto(GStrv) items = search_items (kind, org, user);

  return g_strv_length (items);
}

static GVariant *
get_item_property (const char *path,
                   const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value;

  reply = call_secret_service (path, "org.freedesktop.DBus.Properties", "Get",
                               g_variant_new ("(ss)", "org.freedesktop.Secret.Item", name),
                               G_VARIANT_TYPE ("(v)"));
  g_variant_get (reply, "(v)", &value);

  return value;
}

static void
store_raw_session (const char *org,
                   const char *user,
                   const char *document)
{
  g_autoptr(GError) error = NULL;
  gboolean stored;

  stored = secret_password_store_sync (&expected_schema, SECRET_COLLECTION_DEFAULT,
                                       "raw test item", document, NULL, &error,
                                       "kind", "okta-session", "org", org, "user", user,
                                       "version", "1", NULL);
  g_assert_no_error (error);
  g_assert_true (stored);
}

static char *
lookup_raw (const char *kind,
            const char *org,
            const char *user)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = secret_password_lookup_sync (&expected_schema, NULL, &error,
                                       "kind", kind, "org", org, "user", user,
                                       "version", "1", NULL);
  g_assert_no_error (error);

  return value;
}

/* Removes every item of the schema, so that each test starts empty. */
static void
clear_all_items (void)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (&expected_schema, NULL, &error, NULL);
  g_assert_no_error (error);
}

static GDateTime *
now_plus_seconds (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) whole = g_date_time_new_utc (g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now),
                                                    g_date_time_get_hour (now),
                                                    g_date_time_get_minute (now),
                                                    g_date_time_get_second (now));

  return g_date_time_add_seconds (whole, seconds);
}

/* Tests against an unlocked gnome-keyring. */

static void
test_password_round_trip (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *password;
  gboolean ok;

  clear_all_items ();

  ok = store_password (store, ORG_ACME, USER_JANE, "correct horse", &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "correct horse");
  td_secret_free (password);

  ok = clear_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_assert_cmpuint (count_items ("password", ORG_ACME, USER_JANE), ==, 0);
}

static void
test_password_replaced (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *password;

  clear_all_items ();

  store_password (store, ORG_ACME, USER_JANE, "first password", &error);
  g_assert_no_error (error);
  store_password (store, ORG_ACME, USER_JANE, "second password", &error);
  g_assert_no_error (error);

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "second password");
  td_secret_free (password);

  g_assert_cmpuint (count_items ("password", ORG_ACME, USER_JANE), ==, 1);
}

static void
test_password_none_stored (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *password;
  gboolean ok;

  clear_all_items ();

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  ok = clear_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_session_round_trip (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expires = now_plus_seconds (3600);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(TdOktaSession) cleared = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  clear_all_items ();

  ok = store_session (store, ORG_ACME, USER_JANE, "102sid-cookie-value", expires, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  session = lookup_session (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpstr (session->cookie, ==, "102sid-cookie-value");
  g_assert_true (g_date_time_equal (session->expires, expires));

  ok = clear_session (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  cleared = lookup_session (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
}

static void
test_session_document (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2031, 5, 6, 7, 8, 9);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  JsonObject *object;

  clear_all_items ();

  store_session (store, ORG_ACME, USER_JANE, "sid-for-format", expires, &error);
  g_assert_no_error (error);

  document = lookup_raw ("okta-session", ORG_ACME, USER_JANE);
  g_assert_nonnull (document);

  json_parser_load_from_data (parser, document, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (object, "sid"), ==, "sid-for-format");
  g_assert_cmpstr (json_object_get_string_member (object, "expires"), ==, "2031-05-06T07:08:09Z");
}

static void
test_session_expired (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expired = now_plus_seconds (-60);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GError) error = NULL;

  clear_all_items ();

  store_session (store, ORG_ACME, USER_JANE, "expired-sid", expired, &error);
  g_assert_no_error (error);

  session = lookup_session (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (session);

  /* A lookup reports an expired session as none but never deletes it. */
  g_assert_cmpuint (count_items ("okta-session", ORG_ACME, USER_JANE), ==, 1);
}

static void
test_session_malformed (void)
{
  static const char *const documents[] = {
    "not JSON at all CANARY-SID-1",
    "[\"CANARY-SID-1\"]",
    "\"CANARY-SID-1\"",
    "{\"expires\":\"2099-01-01T00:00:00Z\"}",
    "{\"sid\":\"\",\"expires\":\"2099-01-01T00:00:00Z\"}",
    "{\"sid\":42,\"expires\":\"2099-01-01T00:00:00Z\"}",
    "{\"sid\":\"CANARY-SID-1\"}",
    "{\"sid\":\"CANARY-SID-1\",\"expires\":\"next tuesday\"}",
    "{\"sid\":\"CANARY-SID-1\",\"expires\":4102444800}",
    "{\"sid\":\"CANARY-SID-1\",\"expires\":\"2099-01-01T00:00:00Z\"",
  };
  g_autoptr(TdSecretStore) store = td_secret_store_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(TdOktaSession) session = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("stored document %" G_GSIZE_FORMAT, i);
      clear_all_items ();
      store_raw_session (ORG_ACME, USER_JANE, documents[i]);
      g_string_truncate (captured_log, 0);

      session = lookup_session (store, ORG_ACME, USER_JANE, &error);
      g_assert_no_error (error);
      g_assert_null (session);
      g_assert_nonnull (strstr (captured_log->str, "malformed"));
      g_assert_null (strstr (captured_log->str, "CANARY-SID-1"));
    }
}

static void
test_kinds_kept_apart (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expires = now_plus_seconds (600);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  clear_all_items ();

  store_password (store, ORG_ACME, USER_JANE, "jane's password", &error);
  g_assert_no_error (error);
  store_session (store, ORG_ACME, USER_JANE, "jane-sid", expires, &error);
  g_assert_no_error (error);

  clear_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  session = lookup_session (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpstr (session->cookie, ==, "jane-sid");
}

static void
test_accounts_kept_apart (void)
{
  static const struct {
    const char *org;
    const char *user;
    const char *password;
  } accounts[] = {
    { ORG_ACME, USER_JANE, "acme jane" },
    { ORG_ACME, USER_JOHN, "acme john" },
    { ORG_OTHER, USER_JANE, "other jane" },
    { ORG_OTHER, USER_JOHN, "other john" },
  };
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *password;

  clear_all_items ();

  for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      store_password (store, accounts[i].org, accounts[i].user, accounts[i].password, &error);
      g_assert_no_error (error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      password = lookup_password (store, accounts[i].org, accounts[i].user, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (password, ==, accounts[i].password);
      td_secret_free (password);
    }

  /* Clearing one account leaves the other three in place. */
  clear_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);

  password = lookup_password (store, ORG_ACME, USER_JANE, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  for (gsize i = 1; i < G_N_ELEMENTS (accounts); i++)
    {
      password = lookup_password (store, accounts[i].org, accounts[i].user, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (password, ==, accounts[i].password);
      td_secret_free (password);
    }
}

static void
assert_item_attributes (const char *kind,
                        const char *expected_label)
{
  g_auto(GStrv) items = search_items (kind, ORG_ACME, USER_JANE);
  g_autoptr(GVariant) attributes = NULL;
  g_autoptr(GVariant) label = NULL;
  const char *value;

  g_assert_cmpuint (g_strv_length (items), ==, 1);

  attributes = get_item_property (items[0], "Attributes");
  g_assert_true (g_variant_is_of_type (attributes, G_VARIANT_TYPE ("a{ss}")));
  g_assert_cmpuint (g_variant_n_children (attributes), ==, 5);
  g_assert_true (g_variant_lookup (attributes, "xdg:schema", "&s", &value));
  g_assert_cmpstr (value, ==, SCHEMA_NAME);
  g_assert_true (g_variant_lookup (attributes, "kind", "&s", &value));
  g_assert_cmpstr (value, ==, kind);
  g_assert_true (g_variant_lookup (attributes, "org", "&s", &value));
  g_assert_cmpstr (value, ==, ORG_ACME);
  g_assert_true (g_variant_lookup (attributes, "user", "&s", &value));
  g_assert_cmpstr (value, ==, USER_JANE);
  g_assert_true (g_variant_lookup (attributes, "version", "&s", &value));
  g_assert_cmpstr (value, ==, "1");

  label = get_item_property (items[0], "Label");
  g_assert_true (g_variant_is_of_type (label, G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (g_variant_get_string (label, NULL), ==, expected_label);
}

static void
test_item_attributes (void)
{
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expires = now_plus_seconds (600);
  g_autoptr(GError) error = NULL;

  clear_all_items ();

  store_password (store, ORG_ACME, USER_JANE, "labelled password", &error);
  g_assert_no_error (error);
  store_session (store, ORG_ACME, USER_JANE, "labelled-sid", expires, &error);
  g_assert_no_error (error);

  assert_item_attributes ("password",
                          "Tokendito password for jane@acme.example at acme.okta.com");
  assert_item_attributes ("okta-session",
                          "Tokendito Okta session for jane@acme.example at acme.okta.com");
}

static void
test_org_invalid (void)
{
  static const char *const orgs[] = {
    "acme.okta.com",
    "ftp://acme.okta.com",
    "https://acme.okta.com/app/aws/home",
    "https://acme.okta.com?x=1",
    "https://jane:pw@acme.okta.com",
    "",
  };
  g_autoptr(TdSecretStore) store = td_secret_store_new ();

  clear_all_items ();

  for (gsize i = 0; i < G_N_ELEMENTS (orgs); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("org \"%s\"", orgs[i]);
      ok = store_password (store, orgs[i], USER_JANE, "never stored", &error);
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      g_assert_false (ok);
    }

  g_assert_cmpuint (count_items ("password", ORG_ACME, USER_JANE), ==, 0);
}

/* Locked collection: the collection is locked with the Secret Service's Lock
 * method and unlocked again afterwards with gnome-keyring's own method, which
 * takes the keyring password without a prompt. */

static char *
dup_default_collection_path (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  g_assert_cmpstr (path, !=, "/");

  return path;
}

static void
lock_collection (GDBusConnection *bus,
                 const char      *path)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
unlock_collection (GDBusConnection *bus,
                   const char      *path)
{
  const char *password = g_getenv ("TD_TEST_KEYRING_PASSWORD");
  g_autoptr(GVariant) session_reply = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) ignored = NULL;
  g_autoptr(GError) error = NULL;
  const char *session_path;
  GVariant *secret;

  g_assert_nonnull (password);

  /* The "plain" algorithm sends the password unencrypted over the private
   * test bus, which is acceptable for a throw-away test password. */
  session_reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                               "org.freedesktop.Secret.Service", "OpenSession",
                                               g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                                               G_VARIANT_TYPE ("(vo)"),
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (session_reply, "(v&o)", &ignored, &session_path);

  secret = g_variant_new ("(o@ay@ays)", session_path,
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, password, strlen (password), 1),
                          "text/plain");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                                       "UnlockWithMasterPassword",
                                       g_variant_new ("(o@(oayays))", path, secret), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  GDBusConnection *bus;
  char            *collection;
  TdSecretStore   *store;
} LockedFixture;

static void
locked_setup (LockedFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(GDateTime) expires = now_plus_seconds (600);
  g_autoptr(GError) error = NULL;

  fixture->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  fixture->collection = dup_default_collection_path (fixture->bus);
  fixture->store = td_secret_store_new ();

  clear_all_items ();
  store_password (fixture->store, ORG_ACME, USER_JANE, "kept while locked", &error);
  g_assert_no_error (error);
  store_session (fixture->store, ORG_ACME, USER_JANE, "sid-kept-while-locked", expires, &error);
  g_assert_no_error (error);

  lock_collection (fixture->bus, fixture->collection);
}

static void
locked_teardown (LockedFixture *fixture,
                 gconstpointer  data)
{
  g_autofree char *password = NULL;

  unlock_collection (fixture->bus, fixture->collection);

  /* Nothing that failed while locked may have removed or replaced an item. */
  password = lookup_raw ("password", ORG_ACME, USER_JANE);
  g_assert_cmpstr (password, ==, "kept while locked");
  g_assert_cmpuint (count_items ("okta-session", ORG_ACME, USER_JANE), ==, 1);

  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->collection, g_free);
  g_clear_object (&fixture->bus);
}

static void
assert_locked_error (const GError *error)
{
  g_assert_error (error, TD_ERROR, TD_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, "keyring is locked"));
  g_assert_null (strstr (error->message, "kept while locked"));
}

static void
test_locked_store (LockedFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) expires = now_plus_seconds (600);
  g_autoptr(GError) password_error = NULL;
  g_autoptr(GError) session_error = NULL;
  gboolean ok;

  ok = store_password (fixture->store, ORG_ACME, USER_JANE, "replacement", &password_error);
  assert_locked_error (password_error);
  g_assert_false (ok);

  ok = store_session (fixture->store, ORG_ACME, USER_JANE, "replacement-sid", expires, &session_error);
  assert_locked_error (session_error);
  g_assert_false (ok);
}

static void
test_locked_lookup (LockedFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GError) password_error = NULL;
  g_autoptr(GError) session_error = NULL;
  char *password;

  password = lookup_password (fixture->store, ORG_ACME, USER_JANE, &password_error);
  assert_locked_error (password_error);
  g_assert_null (password);

  session = lookup_session (fixture->store, ORG_ACME, USER_JANE, &session_error);
  assert_locked_error (session_error);
  g_assert_null (session);
}

static void
test_locked_clear (LockedFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) password_error = NULL;
  g_autoptr(GError) session_error = NULL;
  gboolean ok;

  ok = clear_password (fixture->store, ORG_ACME, USER_JANE, &password_error);
  assert_locked_error (password_error);
  g_assert_false (ok);

  ok = clear_session (fixture->store, ORG_ACME, USER_JANE, &session_error);
  assert_locked_error (session_error);
  g_assert_false (ok);
}

/* Tests without a Secret Service, or without a session bus. */

/* Adds every regular file under @path to @files. */
static void
list_files (const char *path,
            GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        list_files (child, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&child));
    }
}

static void
assert_no_file_under_home (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  list_files (g_get_home_dir (), files);
  for (guint i = 0; i < files->len; i++)
    g_test_message ("unexpected file %s", (const char *) files->pdata[i]);
  g_assert_cmpuint (files->len, ==, 0);
}

static void
assert_unavailable_error (const GError *error,
                          const char   *reason)
{
  g_assert_error (error, TD_ERROR, TD_ERROR_KEYRING);
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_null (strstr (error->message, "CANARY-PASSWORD-2"));
  g_assert_cmpint (td_error_get_exit_status (error), ==, 1);
}

static void
test_unavailable (gconstpointer data)
{
  const char *reason = data;
  g_autoptr(TdSecretStore) store = td_secret_store_new ();
  g_autoptr(GDateTime) expires = now_plus_seconds (600);
  g_autoptr(TdOktaSession) session = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GError) session_error = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) lookup_session_error = NULL;
  g_autoptr(GError) clear_error = NULL;
  char *password;
  gboolean ok;

  ok = store_password (store, ORG_ACME, USER_JANE, "CANARY-PASSWORD-2", &store_error);
  assert_unavailable_error (store_error, reason);
  g_assert_false (ok);

  ok = store_session (store, ORG_ACME, USER_JANE, "CANARY-PASSWORD-2", expires, &session_error);
  assert_unavailable_error (session_error, reason);
  g_assert_false (ok);

  password = lookup_password (store, ORG_ACME, USER_JANE, &lookup_error);
  assert_unavailable_error (lookup_error, reason);
  g_assert_null (password);

  session = lookup_session (store, ORG_ACME, USER_JANE, &lookup_session_error);
  assert_unavailable_error (lookup_session_error, reason);
  g_assert_null (session);

  ok = clear_password (store, ORG_ACME, USER_JANE, &clear_error);
  assert_unavailable_error (clear_error, reason);
  g_assert_false (ok);

  assert_no_file_under_home ();
}

static void
test_outside_wrapper (void)
{
  g_test_skip ("TD_TEST_KEYRING is not set; run this test through run-with-keyring.sh "
               "so that it never touches the user's own keyring");
}

int
main (int    argc,
      char **argv)
{
  const char *environment = g_getenv ("TD_TEST_KEYRING");

  g_test_init (&argc, &argv, NULL);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  if (g_strcmp0 (environment, "running") == 0)
    {
      g_test_add_func ("/secret-store/password/round-trip", test_password_round_trip);
      g_test_add_func ("/secret-store/password/replaced", test_password_replaced);
      g_test_add_func ("/secret-store/password/none-stored", test_password_none_stored);
      g_test_add_func ("/secret-store/session/round-trip", test_session_round_trip);
      g_test_add_func ("/secret-store/session/document", test_session_document);
      g_test_add_func ("/secret-store/session/expired", test_session_expired);
      g_test_add_func ("/secret-store/session/malformed", test_session_malformed);
      g_test_add_func ("/secret-store/kinds/kept-apart", test_kinds_kept_apart);
      g_test_add_func ("/secret-store/accounts/kept-apart", test_accounts_kept_apart);
      g_test_add_func ("/secret-store/item/attributes-and-label", test_item_attributes);
      g_test_add_func ("/secret-store/org/invalid", test_org_invalid);
      g_test_add ("/secret-store/locked/store", LockedFixture, NULL,
                  locked_setup, test_locked_store, locked_teardown);
      g_test_add ("/secret-store/locked/lookup", LockedFixture, NULL,
                  locked_setup, test_locked_lookup, locked_teardown);
      g_test_add ("/secret-store/locked/clear", LockedFixture, NULL,
                  locked_setup, test_locked_clear, locked_teardown);
    }
  else if (g_strcmp0 (environment, "no-service") == 0)
    {
      g_test_add_data_func ("/secret-store/unavailable/no-service",
                            "no Secret Service is running", test_unavailable);
    }
  else if (g_strcmp0 (environment, "no-bus") == 0)
    {
      g_test_add_data_func ("/secret-store/unavailable/no-bus",
                            "there is no D-Bus session bus", test_unavailable);
    }
  else
    {
      g_test_add_func ("/secret-store/outside-wrapper", test_outside_wrapper);
    }

  return g_test_run ();
}
