/* test-tray-ui.c: the tray windows against the fake agent
 *
 * Run by run-ui-tests.sh, which starts an X server, a private session bus
 * and fake-agent.py. The windows are driven through GTK: buttons are
 * activated as a click would, entries are filled, and the fake agent's
 * record of calls is compared with what each window must send.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "td-error.h"
#include "td-prompter.h"
#include "td-settings.h"
#include "td-test-utils.h"
#include "td-agent.h"
#include "td-prompt.h"
#include "td-code-dialog.h"
#include "td-password-dialog.h"
#include "td-choice-dialog.h"
#include "td-status-window.h"
#include "td-profile-editor.h"
#include "td-preferences-window.h"

#define CONTROL_PATH      "/io/github/tokendito/Test"
#define CONTROL_INTERFACE "io.github.tokendito.Test"

/* How long a test waits for a window or the agent, in microseconds: far
 * above the few milliseconds each step takes, so that only a real hang
 * fails. */
#define WAIT_TIMEOUT_US (10 * G_USEC_PER_SEC)

static GDBusConnection *bus;
static TdAgent *agent;

/* ---- the fake agent ---- */

static GVariant *
control_call (const char *method,
              GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = g_dbus_connection_call_sync (bus, td_agent_get_bus_name (agent), CONTROL_PATH,
                                       CONTROL_INTERFACE, method, parameters, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  return reply;
}

/* Returns the calls the fake agent recorded, as compact JSON. */
static char *
dup_calls (void)
{
  g_autoptr(GVariant) reply = control_call ("GetCalls", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *json;

  g_variant_get (reply, "(&s)", &json);
  node = json_from_string (json, &error);
  g_assert_no_error (error);

  return json_to_string (node, FALSE);
}

static guint
count_calls (void)
{
  g_autoptr(GVariant) reply = control_call ("GetCalls", NULL);
  g_autoptr(JsonNode) node = NULL;
  const char *json;

  g_variant_get (reply, "(&s)", &json);
  node = json_from_string (json, NULL);

  return json_array_get_length (json_node_get_array (node));
}

/* Runs the main loop until the agent has recorded @n calls, then a little
 * longer so that a wrong extra call is recorded too. */
static void
wait_for_calls (guint n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;
  gint64 settle;

  while (count_calls () < n && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  settle = g_get_monotonic_time () + 200000;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
}

static void
iterate_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
}

static void
prompt_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Reads prompt @id; returns NULL and sets @error when the client rejects it. */
static TdPrompt *
load_prompt (guint    id,
             GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  td_prompt_load_async (agent, id, NULL, prompt_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return td_prompt_load_finish (agent, result, error);
}

static void
setup (gpointer       fixture,
       gconstpointer  data)
{
  g_autoptr(GVariant) reply = control_call ("ClearCalls", NULL);
}

static void
teardown (gpointer       fixture,
          gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  iterate_for (50);
}

static GtkWidget *
get_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);

  return GTK_WIDGET (child);
}

/* Activates @button the way a click does, and lets GTK finish the press
 * animation that delays "clicked". */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  iterate_for (400);
}

static void
show (GtkWidget *window)
{
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (100);
}

/* ---- prompt parsing ---- */

static void
test_prompt_wrong_type (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = NULL;

  prompt = td_prompt_new_from_reply (agent, 1, g_variant_new ("(ss)", "passcode", "work"), &error);

  g_assert_null (prompt);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "(ss)"));
}

static void
test_prompt_unknown_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (6, &error);

  g_assert_null (prompt);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "fingerprint"));
}

static void
test_prompt_no_enabled_choice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (7, &error);

  g_assert_null (prompt);
  g_assert_error (error, TD_ERROR, TD_ERROR_SERVER);
}

static void
test_prompt_unknown_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (99, &error);

  g_assert_null (prompt);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "prompt 99"));
}

static void
test_prompt_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (3, &error);
  GPtrArray *choices;
  TdChoice *billing;

  g_assert_no_error (error);
  g_assert_cmpint (td_prompt_get_kind (prompt), ==, TD_AGENT_PROMPT_CHOOSE_ROLE);
  g_assert_cmpstr (td_prompt_get_profile (prompt), ==, "prod");
  choices = td_prompt_get_choices (prompt);
  g_assert_cmpuint (choices->len, ==, 4);
  billing = g_ptr_array_index (choices, 3);
  g_assert_cmpstr (billing->label, ==, "Billing");
  g_assert_cmpstr (billing->group, ==, "Account: 222222222222 (dev)");
  g_assert_false (billing->enabled);
}

/* ---- code dialog ---- */

static GtkWidget *
create_code_dialog (guint id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (id, &error);
  GtkWidget *dialog;

  g_assert_no_error (error);
  dialog = td_code_dialog_new (NULL, prompt);
  show (dialog);

  return dialog;
}

static void
test_code_dialog_answer (gpointer      fixture,
                         gconstpointer data)
{
  GtkWidget *dialog = create_code_dialog (1);
  GtkWidget *entry = get_child (dialog, TD_TYPE_CODE_DIALOG, "code_entry");
  GtkWidget *ok = get_child (dialog, TD_TYPE_CODE_DIALOG, "ok_button");
  g_autofree char *calls = NULL;

  g_assert_false (gtk_widget_get_sensitive (ok));
  gtk_editable_set_text (GTK_EDITABLE (entry), "123456");
  click (ok);
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"AnswerText\",\"args\":[1,\"123456\"]}]");
}

static void
test_code_dialog_enter_key (gpointer      fixture,
                            gconstpointer data)
{
  GtkWidget *dialog = create_code_dialog (1);
  GtkWidget *entry = get_child (dialog, TD_TYPE_CODE_DIALOG, "code_entry");
  g_autofree char *calls = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), "654321");
  /* The inner GtkText handles Enter and activates the default button. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
  iterate_for (400);
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"AnswerText\",\"args\":[1,\"654321\"]}]");
}

static void
test_code_dialog_cancel (gpointer      fixture,
                         gconstpointer data)
{
  GtkWidget *dialog = create_code_dialog (1);
  g_autofree char *calls = NULL;

  click (get_child (dialog, TD_TYPE_CODE_DIALOG, "cancel_button"));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"CancelPrompt\",\"args\":[1]}]");
}

static void
test_code_dialog_close_cancels (gpointer      fixture,
                                gconstpointer data)
{
  GtkWidget *dialog = create_code_dialog (5);
  g_autofree char *calls = NULL;

  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"CancelPrompt\",\"args\":[5]}]");
}

static void
test_code_dialog_withdrawn (gpointer      fixture,
                            gconstpointer data)
{
  GtkWidget *dialog = create_code_dialog (1);
  g_autoptr(GVariant) reply = NULL;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  reply = control_call ("ClosePrompt", g_variant_new ("(u)", 1));
  iterate_for (300);

  g_assert_null (dialog);
  g_assert_cmpuint (count_calls (), ==, 0);
}

/* ---- password dialog ---- */

static void
check_password_dialog (gboolean    remember,
                       const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (2, &error);
  GtkWidget *dialog;
  g_autofree char *calls = NULL;

  g_assert_no_error (error);
  dialog = td_password_dialog_new (NULL, prompt);
  show (dialog);
  gtk_editable_set_text (GTK_EDITABLE (get_child (dialog, TD_TYPE_PASSWORD_DIALOG, "password_entry")),
                         "correct horse");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_child (dialog, TD_TYPE_PASSWORD_DIALOG,
                                                            "remember_check")), remember);
  click (get_child (dialog, TD_TYPE_PASSWORD_DIALOG, "ok_button"));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, expected);
}

static void
test_password_dialog_remember (gpointer      fixture,
                               gconstpointer data)
{
  check_password_dialog (TRUE,
                         "[{\"method\":\"AnswerTextRemember\",\"args\":[2,\"correct horse\",true]}]");
}

static void
test_password_dialog_forget (gpointer      fixture,
                             gconstpointer data)
{
  check_password_dialog (FALSE,
                         "[{\"method\":\"AnswerTextRemember\",\"args\":[2,\"correct horse\",false]}]");
}

/* ---- choice dialog ---- */

static GtkWidget *
create_choice_dialog (guint id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TdPrompt) prompt = load_prompt (id, &error);
  GtkWidget *dialog;

  g_assert_no_error (error);
  dialog = td_choice_dialog_new (NULL, prompt);
  show (dialog);

  return dialog;
}

static GtkListBoxRow *
get_row (GtkWidget *dialog,
         int        index)
{
  GtkListBox *list = GTK_LIST_BOX (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "choice_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);

  return row;
}

static const char *
get_header_text (GtkListBoxRow *row)
{
  GtkWidget *header = gtk_list_box_row_get_header (row);

  return header != NULL ? gtk_label_get_text (GTK_LABEL (header)) : NULL;
}

static const char *
get_row_text (GtkListBoxRow *row)
{
  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
}

static void
test_choice_dialog_role_headers (gpointer      fixture,
                                 gconstpointer data)
{
  GtkWidget *dialog = create_choice_dialog (3);
  GtkListBox *list = GTK_LIST_BOX (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "choice_list"));

  g_assert_cmpstr (get_row_text (get_row (dialog, 0)), ==, "Admin");
  g_assert_cmpstr (get_header_text (get_row (dialog, 0)), ==, "Account: 111111111111 (prod)");
  g_assert_cmpstr (get_row_text (get_row (dialog, 1)), ==, "ReadOnly");
  g_assert_null (get_header_text (get_row (dialog, 1)));
  g_assert_cmpstr (get_row_text (get_row (dialog, 2)), ==, "Engineer");
  g_assert_cmpstr (get_header_text (get_row (dialog, 2)), ==, "Account: 222222222222 (dev)");
  g_assert_cmpstr (get_row_text (get_row (dialog, 3)), ==, "Billing");
  g_assert_null (get_header_text (get_row (dialog, 3)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (get_row (dialog, 3))));
  g_assert_null (gtk_list_box_get_row_at_index (list, 4));
}

static void
test_choice_dialog_role_answer (gpointer      fixture,
                                gconstpointer data)
{
  GtkWidget *dialog = create_choice_dialog (3);
  GtkListBox *list = GTK_LIST_BOX (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "choice_list"));
  g_autofree char *calls = NULL;

  gtk_list_box_select_row (list, get_row (dialog, 2));
  click (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "ok_button"));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"AnswerChoice\",\"args\":[3,2]}]");
}

static void
test_choice_dialog_disabled_row (gpointer      fixture,
                                 gconstpointer data)
{
  GtkWidget *dialog = create_choice_dialog (3);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_emit_by_name (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "choice_list"),
                         "row-activated", get_row (dialog, 3));
  iterate_for (200);

  g_assert_nonnull (dialog);
  g_assert_cmpuint (count_calls (), ==, 0);
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
}

static void
test_choice_dialog_factor (gpointer      fixture,
                           gconstpointer data)
{
  GtkWidget *dialog = create_choice_dialog (4);
  g_autofree char *calls = NULL;

  g_assert_null (get_header_text (get_row (dialog, 0)));
  g_assert_null (get_header_text (get_row (dialog, 1)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (get_row (dialog, 3))));

  g_signal_emit_by_name (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "choice_list"),
                         "row-activated", get_row (dialog, 1));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"AnswerChoice\",\"args\":[4,1]}]");
}

static void
test_choice_dialog_cancel (gpointer      fixture,
                           gconstpointer data)
{
  GtkWidget *dialog = create_choice_dialog (4);
  g_autofree char *calls = NULL;

  click (get_child (dialog, TD_TYPE_CHOICE_DIALOG, "cancel_button"));
  wait_for_calls (1);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==, "[{\"method\":\"CancelPrompt\",\"args\":[4]}]");
}

/* ---- status window ---- */

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

static void
wait_for_rows (GtkListBox *list,
               guint       n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (count_rows (list) != n && g_get_monotonic_time () < deadline)
    iterate_for (10);
}

/* Returns the Refresh button of a status row, the last child of its box. */
static GtkWidget *
get_refresh_button (GtkListBoxRow *row)
{
  return gtk_widget_get_last_child (gtk_list_box_row_get_child (row));
}

static const char *
get_state_text (GtkListBoxRow *row)
{
  GtkWidget *text_box = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (text_box)));
}

static void
wait_until_sensitive (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  while (!gtk_widget_is_sensitive (widget) && g_get_monotonic_time () < deadline)
    iterate_for (10);
}

static void
test_status_window_lists_profiles (gpointer      fixture,
                                   gconstpointer data)
{
  GtkWidget *window = td_status_window_new (NULL, agent);
  GtkListBox *list = GTK_LIST_BOX (get_child (window, TD_TYPE_STATUS_WINDOW, "profile_list"));

  show (window);
  wait_for_rows (list, 3);

  g_assert_cmpuint (count_rows (list), ==, 3);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))), ==, "work");
  g_assert_cmpstr (get_state_text (gtk_list_box_get_row_at_index (list, 0)), ==, "valid until 14:05");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1))), ==, "prod");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 2))), ==, "sandbox");
}

static void
test_status_window_profiles_changed (gpointer      fixture,
                                     gconstpointer data)
{
  GtkWidget *window = td_status_window_new (NULL, agent);
  GtkListBox *list = GTK_LIST_BOX (get_child (window, TD_TYPE_STATUS_WINDOW, "profile_list"));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) restore = NULL;

  show (window);
  wait_for_rows (list, 3);
  reply = control_call ("SetProfiles",
                        g_variant_new ("(s)", "[[\"dev\", \"refreshing\", \"refreshing…\", 0]]"));
  wait_for_rows (list, 1);

  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))), ==, "dev");
  g_assert_cmpstr (get_state_text (gtk_list_box_get_row_at_index (list, 0)), ==, "refreshing…");

  restore = control_call ("SetProfiles", g_variant_new ("(s)",
    "[[\"work\", \"fresh\", \"valid until 14:05\", 1796390700],"
    " [\"prod\", \"expired\", \"expired at 09:12\", 1796366000],"
    " [\"sandbox\", \"failed\", \"sign-in failed: the MFA code was rejected\", 0]]"));
}

static void
test_status_window_refresh_buttons (gpointer      fixture,
                                    gconstpointer data)
{
  GtkWidget *window = td_status_window_new (NULL, agent);
  GtkListBox *list = GTK_LIST_BOX (get_child (window, TD_TYPE_STATUS_WINDOW, "profile_list"));
  GtkWidget *refresh;
  g_autofree char *calls = NULL;

  show (window);
  wait_for_rows (list, 3);
  refresh = get_refresh_button (gtk_list_box_get_row_at_index (list, 1));
  wait_until_sensitive (refresh);

  click (refresh);
  click (get_child (window, TD_TYPE_STATUS_WINDOW, "refresh_all_button"));
  wait_for_calls (2);

  calls = dup_calls ();
  g_assert_cmpstr (calls, ==,
                   "[{\"action\":\"refresh\",\"target\":\"prod\"},"
                   "{\"action\":\"refresh-all\",\"target\":null}]");
}

/* ---- preferences ---- */

static const char okta_auth[] =
  "# Okta settings for tokendito\n"
  "[default]\n"
  "okta_username = jane.doe@acme.example\n"
  "mfa_method = push\n"
  "\n"
  "# The production tile\n"
  "[work]\n"
  "; keep the query, the tile needs it\n"
  "okta_aws_app_url = https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272?fromHome=true\n"
  "aws_region = eu-west-1\n"
  "\n"
  "# Sandbox account\n"
  "[sandbox]\n"
  "okta_aws_app_url = https://acme.oktapreview.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/123\n";

typedef struct {
  char      *dir;
  char      *path;
  GSettings *settings;
} PrefsFixture;

static void
prefs_setup (PrefsFixture  *fixture,
             gconstpointer  data)
{
  setup (fixture, data);
  fixture->dir = td_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "okta_auth", NULL);
  td_test_write_file (fixture->path, okta_auth);
}

static void
prefs_teardown (PrefsFixture  *fixture,
                gconstpointer  data)
{
  teardown (fixture, data);
  g_clear_object (&fixture->settings);
  td_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Returns the application settings in a memory backend, or NULL (and marks
 * the test skipped) when the compiled schema is not available. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, TD_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_test_skip ("the schema io.github.tokendito.Tokendito is not compiled; set GSETTINGS_SCHEMA_DIR");
      return NULL;
    }

  return g_settings_new_full (schema, backend, NULL);
}

static GtkWidget *
create_preferences (PrefsFixture *fixture)
{
  GtkWidget *window = td_preferences_window_new (NULL, fixture->path, fixture->settings);

  show (window);

  return window;
}

static void
select_profile (GtkWidget *window,
                int        index)
{
  GtkListBox *list = GTK_LIST_BOX (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "profile_list"));

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, index));
}

static gpointer
get_editor_entry (GtkWidget  *window,
                  const char *name)
{
  GtkWidget *editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");

  return get_child (editor, TD_TYPE_PROFILE_EDITOR, name);
}

static void
click_save (GtkWidget *window)
{
  GtkWidget *editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");

  click (get_child (editor, TD_TYPE_PROFILE_EDITOR, "save_button"));
}

static void
test_preferences_lists_profiles (PrefsFixture  *fixture,
                                 gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkListBox *list = GTK_LIST_BOX (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "profile_list"));

  g_assert_cmpuint (count_rows (list), ==, 3);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0))), ==, "default");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1))), ==, "work");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 2))), ==, "sandbox");
}

static void
test_preferences_shows_inherited (PrefsFixture  *fixture,
                                  gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkEditable *username;

  select_profile (window, 1);
  username = get_editor_entry (window, "username_entry");

  g_assert_cmpstr (gtk_editable_get_text (get_editor_entry (window, "region_entry")), ==, "eu-west-1");
  g_assert_cmpstr (gtk_editable_get_text (username), ==, "");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (username)), ==,
                   "jane.doe@acme.example (from [default])");
}

static void
test_preferences_save_keeps_comments (PrefsFixture  *fixture,
                                      gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  g_autofree char *contents = NULL;

  select_profile (window, 1);
  gtk_editable_set_text (get_editor_entry (window, "username_entry"), "  john.roe@acme.example ");
  gtk_editable_set_text (get_editor_entry (window, "region_entry"), "us-west-2");
  click_save (window);

  contents = td_test_read_file (fixture->path);
  g_assert_cmpstr (contents, ==,
                   "# Okta settings for tokendito\n"
                   "[default]\n"
                   "okta_username = jane.doe@acme.example\n"
                   "mfa_method = push\n"
                   "\n"
                   "# The production tile\n"
                   "[work]\n"
                   "; keep the query, the tile needs it\n"
                   "okta_aws_app_url = https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272?fromHome=true\n"
                   "aws_region = us-west-2\n"
                   "okta_username = john.roe@acme.example\n"
                   "\n"
                   "# Sandbox account\n"
                   "[sandbox]\n"
                   "okta_aws_app_url = https://acme.oktapreview.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/123\n");
}

static void
test_preferences_invalid_url (PrefsFixture  *fixture,
                              gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkWidget *editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");
  GtkWidget *error_label = get_child (editor, TD_TYPE_PROFILE_EDITOR, "app_url_error_label");
  g_autofree char *contents = NULL;

  select_profile (window, 1);
  gtk_editable_set_text (get_editor_entry (window, "app_url_entry"),
                         "http://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272");
  click_save (window);

  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "https://"));
  contents = td_test_read_file (fixture->path);
  g_assert_cmpstr (contents, ==, okta_auth);

  gtk_editable_set_text (get_editor_entry (window, "app_url_entry"), "https://acme.okta.com/home/amazon_aws/0oa9/1");
  g_assert_false (gtk_widget_get_visible (error_label));
}

static void
test_preferences_add_profile (PrefsFixture  *fixture,
                              gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkWidget *editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");
  GtkWidget *heading = get_child (editor, TD_TYPE_PROFILE_EDITOR, "heading_label");
  g_autofree char *contents = NULL;

  gtk_editable_set_text (GTK_EDITABLE (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "new_profile_entry")),
                         "dev");
  click (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "add_button"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, "New profile [dev]");

  gtk_editable_set_text (get_editor_entry (window, "app_url_entry"),
                         "https://acme.okta.com/home/amazon_aws/0oa5/99");
  gtk_editable_set_text (GTK_EDITABLE (gtk_combo_box_get_child (GTK_COMBO_BOX (get_editor_entry (window, "mfa_combo")))),
                         "token:software:totp");
  click_save (window);

  contents = td_test_read_file (fixture->path);
  g_assert_true (g_str_has_suffix (contents,
                                   "[dev]\n"
                                   "okta_aws_app_url = https://acme.okta.com/home/amazon_aws/0oa5/99\n"
                                   "mfa_method = token:software:totp\n"));
  g_assert_true (g_str_has_prefix (contents, okta_auth));
}

static void
respond_to_dialog (int response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window))
        {
          gtk_dialog_response (GTK_DIALOG (window), response);
          iterate_for (100);
          return;
        }
    }

  g_assert_not_reached ();
}

static void
test_preferences_remove_profile (PrefsFixture  *fixture,
                                 gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkWidget *remove = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "remove_button");
  g_autofree char *unchanged = NULL;
  g_autofree char *contents = NULL;

  select_profile (window, 1);
  click (remove);
  respond_to_dialog (GTK_RESPONSE_CANCEL);
  unchanged = td_test_read_file (fixture->path);
  g_assert_cmpstr (unchanged, ==, okta_auth);

  select_profile (window, 1);
  click (remove);
  respond_to_dialog (GTK_RESPONSE_ACCEPT);
  contents = td_test_read_file (fixture->path);
  g_assert_cmpstr (contents, ==,
                   "# Okta settings for tokendito\n"
                   "[default]\n"
                   "okta_username = jane.doe@acme.example\n"
                   "mfa_method = push\n"
                   "\n"
                   "# The production tile\n"
                   "\n"
                   "# Sandbox account\n"
                   "[sandbox]\n"
                   "okta_aws_app_url = https://acme.oktapreview.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/123\n");
}

static void
test_preferences_auto_refresh (PrefsFixture  *fixture,
                               gconstpointer  data)
{
  GtkWidget *window, *editor;
  g_auto(GStrv) names = NULL;

  fixture->settings = create_settings ();
  if (fixture->settings == NULL)
    return;

  window = create_preferences (fixture);
  editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");
  select_profile (window, 2);
  gtk_switch_set_active (GTK_SWITCH (get_child (editor, TD_TYPE_PROFILE_EDITOR, "auto_refresh_switch")), TRUE);
  click_save (window);

  names = g_settings_get_strv (fixture->settings, "auto-refresh-profiles");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "sandbox");
}

static void
test_preferences_app_settings (PrefsFixture  *fixture,
                               gconstpointer  data)
{
  GtkWidget *window;

  fixture->settings = create_settings ();
  if (fixture->settings == NULL)
    return;

  window = create_preferences (fixture);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_child (window, TD_TYPE_PREFERENCES_WINDOW,
                                                         "refresh_margin_spin")), 25);
  gtk_switch_set_active (GTK_SWITCH (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "notify_switch")), TRUE);

  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "refresh-margin"), ==, 25);
  g_assert_true (g_settings_get_boolean (fixture->settings, "notify-on-success"));
  g_assert_false (g_settings_get_boolean (fixture->settings, "start-at-login"));
}

static gboolean
combo_has_text (GtkComboBox *combo,
                const char  *text)
{
  GtkTreeModel *model = gtk_combo_box_get_model (combo);
  GtkTreeIter iter;
  gboolean found = FALSE;

  for (gboolean valid = gtk_tree_model_get_iter_first (model, &iter); valid && !found;
       valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *value = NULL;

      gtk_tree_model_get (model, &iter, gtk_combo_box_get_entry_text_column (combo), &value, -1);
      found = g_strcmp0 (value, text) == 0;
    }

  return found;
}

static void
test_preferences_offers_known_choices (PrefsFixture  *fixture,
                                       gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkComboBox *mfa;
  GtkEntryCompletion *completion;
  GtkTreeModel *roles;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  td_preferences_window_set_agent (TD_PREFERENCES_WINDOW (window), agent);
  select_profile (window, 1);
  iterate_for (400);

  /* The fake agent has seen two factors and two roles for "work". */
  mfa = get_editor_entry (window, "mfa_combo");
  g_assert_true (combo_has_text (mfa, "okta:push"));
  g_assert_true (combo_has_text (mfa, "google:token:software:totp"));

  completion = gtk_entry_get_completion (GTK_ENTRY (get_editor_entry (window, "role_arn_entry")));
  g_assert_nonnull (completion);
  roles = gtk_entry_completion_get_model (completion);
  g_assert_cmpint (gtk_tree_model_iter_n_children (roles, NULL), ==, 2);

  /* A profile the agent has no data for offers no roles. */
  select_profile (window, 2);
  iterate_for (400);
  g_assert_cmpint (gtk_tree_model_iter_n_children (roles, NULL), ==, 0);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
test_preferences_no_schema (PrefsFixture  *fixture,
                            gconstpointer  data)
{
  GtkWidget *window = create_preferences (fixture);
  GtkWidget *editor = get_child (window, TD_TYPE_PREFERENCES_WINDOW, "editor");

  g_assert_true (gtk_widget_get_visible (get_child (window, TD_TYPE_PREFERENCES_WINDOW,
                                                    "settings_unavailable_label")));
  g_assert_false (gtk_widget_get_visible (get_child (window, TD_TYPE_PREFERENCES_WINDOW, "settings_grid")));
  g_assert_false (gtk_widget_get_visible (get_child (editor, TD_TYPE_PROFILE_EDITOR, "auto_refresh_switch")));
}

/* ---- td_settings_remove_profile ---- */

static void
test_settings_remove_last (PrefsFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (td_settings_remove_profile (fixture->path, "sandbox", &error));
  g_assert_no_error (error);

  contents = td_test_read_file (fixture->path);
  g_assert_cmpstr (contents, ==,
                   "# Okta settings for tokendito\n"
                   "[default]\n"
                   "okta_username = jane.doe@acme.example\n"
                   "mfa_method = push\n"
                   "\n"
                   "# The production tile\n"
                   "[work]\n"
                   "; keep the query, the tile needs it\n"
                   "okta_aws_app_url = https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272?fromHome=true\n"
                   "aws_region = eu-west-1\n"
                   "\n"
                   "# Sandbox account\n");
}

static void
test_settings_remove_missing (PrefsFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_false (td_settings_remove_profile (fixture->path, "Work", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);

  contents = td_test_read_file (fixture->path);
  g_assert_cmpstr (contents, ==, okta_auth);
}

static void
test_settings_remove_malformed (PrefsFixture  *fixture,
                                gconstpointer  data)
{
  static const char *const malformed[] = {
    "okta_username = before any section\n[work]\n",
    "[work]\nokta_username = a\n[work]\nokta_username = b\n",
    "[work\nokta_username = a\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;

      td_test_write_file (fixture->path, malformed[i]);
      g_assert_false (td_settings_remove_profile (fixture->path, "work", &error));
      g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
      contents = td_test_read_file (fixture->path);
      g_assert_cmpstr (contents, ==, malformed[i]);
    }
}

static void
test_settings_remove_no_file (PrefsFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "absent", NULL);

  g_assert_false (td_settings_remove_profile (path, "work", &error));
  g_assert_error (error, TD_ERROR, TD_ERROR_CONFIG);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *agent_name = g_getenv ("TD_FAKE_AGENT");

  g_test_init (&argc, &argv, NULL);

  if (agent_name == NULL || g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("needs DISPLAY and TD_FAKE_AGENT; run through run-ui-tests.sh");
      return g_test_run ();
    }

  gtk_init ();
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  agent = td_agent_new (bus, agent_name, &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add_vtable (path, sizeof (char), NULL, setup, func, teardown)
#define ADD_PREFS(path, func) \
  g_test_add_vtable (path, sizeof (PrefsFixture), NULL, (GTestFixtureFunc) prefs_setup, \
                     (GTestFixtureFunc) func, (GTestFixtureFunc) prefs_teardown)

  g_test_add_func ("/tray-ui/prompt/wrong-reply-type", test_prompt_wrong_type);
  g_test_add_func ("/tray-ui/prompt/unknown-kind", test_prompt_unknown_kind);
  g_test_add_func ("/tray-ui/prompt/no-enabled-choice", test_prompt_no_enabled_choice);
  g_test_add_func ("/tray-ui/prompt/unknown-id", test_prompt_unknown_id);
  g_test_add_func ("/tray-ui/prompt/fields", test_prompt_fields);
  ADD ("/tray-ui/code-dialog/answer", test_code_dialog_answer);
  ADD ("/tray-ui/code-dialog/enter-key", test_code_dialog_enter_key);
  ADD ("/tray-ui/code-dialog/cancel", test_code_dialog_cancel);
  ADD ("/tray-ui/code-dialog/close-cancels", test_code_dialog_close_cancels);
  ADD ("/tray-ui/code-dialog/withdrawn", test_code_dialog_withdrawn);
  ADD ("/tray-ui/password-dialog/remember", test_password_dialog_remember);
  ADD ("/tray-ui/password-dialog/forget", test_password_dialog_forget);
  ADD ("/tray-ui/choice-dialog/role-headers", test_choice_dialog_role_headers);
  ADD ("/tray-ui/choice-dialog/role-answer", test_choice_dialog_role_answer);
  ADD ("/tray-ui/choice-dialog/disabled-row", test_choice_dialog_disabled_row);
  ADD ("/tray-ui/choice-dialog/factor", test_choice_dialog_factor);
  ADD ("/tray-ui/choice-dialog/cancel", test_choice_dialog_cancel);
  ADD ("/tray-ui/status-window/lists-profiles", test_status_window_lists_profiles);
  ADD ("/tray-ui/status-window/profiles-changed", test_status_window_profiles_changed);
  ADD ("/tray-ui/status-window/refresh-buttons", test_status_window_refresh_buttons);
  ADD_PREFS ("/tray-ui/preferences/lists-profiles", test_preferences_lists_profiles);
  ADD_PREFS ("/tray-ui/preferences/shows-inherited", test_preferences_shows_inherited);
  ADD_PREFS ("/tray-ui/preferences/save-keeps-comments", test_preferences_save_keeps_comments);
  ADD_PREFS ("/tray-ui/preferences/invalid-url", test_preferences_invalid_url);
  ADD_PREFS ("/tray-ui/preferences/add-profile", test_preferences_add_profile);
  ADD_PREFS ("/tray-ui/preferences/remove-profile", test_preferences_remove_profile);
  ADD_PREFS ("/tray-ui/preferences/auto-refresh", test_preferences_auto_refresh);
  ADD_PREFS ("/tray-ui/preferences/app-settings", test_preferences_app_settings);
  ADD_PREFS ("/tray-ui/preferences/known-choices", test_preferences_offers_known_choices);
  ADD_PREFS ("/tray-ui/preferences/no-schema", test_preferences_no_schema);
  ADD_PREFS ("/settings/remove-profile/last", test_settings_remove_last);
  ADD_PREFS ("/settings/remove-profile/missing", test_settings_remove_missing);
  ADD_PREFS ("/settings/remove-profile/malformed", test_settings_remove_malformed);
  ADD_PREFS ("/settings/remove-profile/no-file", test_settings_remove_no_file);

  return g_test_run ();
}
