/* td-tray-application.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "td-aws-credentials.h"
#include "td-aws-files.h"
#include "td-error.h"
#include "td-http.h"
#include "td-refresh.h"
#include "td-secret-store.h"
#include "td-settings.h"
#include "td-tray-application.h"
#include "td-tray-profile.h"
#include "td-tray-prompter.h"

#define APPLICATION_ID "io.github.tokendito.Tokendito"
#define OBJECT_PATH "/io/github/tokendito/Tokendito"
#define MENU_PATH OBJECT_PATH "/menus/tray"
#define AGENT_PATH OBJECT_PATH "/Agent"
#define AGENT_INTERFACE "io.github.tokendito.Tokendito.Agent"
#define WATCHER_NAME "org.kde.StatusNotifierWatcher"

/* Used when the GSettings schema is not installed (a build tree). */
#define DEFAULT_MARGIN_MINUTES 10
/* Failed scheduled refreshes are retried after 1, 2, 4 … minutes, at most
 * this many, instead of prompting again and again. */
#define MAX_BACKOFF_MINUTES 60
/* Notification text taken from profile names or servers is cut to this. */
#define MAX_NOTIFICATION_TEXT 200
/* After a push is rejected, times out or is cancelled, no new sign-in of
 * that Okta user starts for this long. Any local process can request a
 * refresh over D-Bus, and a stream of pushes wears users down until they
 * approve one (MFA fatigue). */
#define MFA_COOLDOWN_SECONDS 30

static const char agent_xml[] =
  "<node>"
  "  <interface name='" AGENT_INTERFACE "'>"
  "    <method name='GetProfiles'>"
  "      <arg type='a(sssx)' name='profiles' direction='out'/>"
  "    </method>"
  "    <signal name='ProfilesChanged'/>"
  "    <method name='GetKnownChoices'>"
  "      <arg type='s' name='profile' direction='in'/>"
  "      <arg type='as' name='factors' direction='out'/>"
  "      <arg type='as' name='roles' direction='out'/>"
  "    </method>"
  "    <method name='GetPrompt'>"
  "      <arg type='u' name='id' direction='in'/>"
  "      <arg type='s' name='kind' direction='out'/>"
  "      <arg type='s' name='profile' direction='out'/>"
  "      <arg type='s' name='title' direction='out'/>"
  "      <arg type='s' name='message' direction='out'/>"
  "      <arg type='a(ssb)' name='choices' direction='out'/>"
  "    </method>"
  "    <method name='AnswerText'>"
  "      <arg type='u' name='id' direction='in'/>"
  "      <arg type='s' name='text' direction='in'/>"
  "    </method>"
  "    <method name='AnswerTextRemember'>"
  "      <arg type='u' name='id' direction='in'/>"
  "      <arg type='s' name='text' direction='in'/>"
  "      <arg type='b' name='remember' direction='in'/>"
  "    </method>"
  "    <method name='AnswerChoice'>"
  "      <arg type='u' name='id' direction='in'/>"
  "      <arg type='i' name='index' direction='in'/>"
  "    </method>"
  "    <method name='CancelPrompt'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <signal name='PromptAdded'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='kind'/>"
  "      <arg type='s' name='profile'/>"
  "    </signal>"
  "    <signal name='PromptClosed'>"
  "      <arg type='u' name='id'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct {
  guint      id;
  char      *kind;
  char      *profile;
  char      *message;
  GPtrArray *choices;
  GTask     *task;
} Prompt;

struct _TdTrayApplication
{
  GApplication     parent_instance;

  GPtrArray       *profiles;
  GHashTable      *http_by_account;
  GHashTable      *busy_accounts;
  GHashTable      *mfa_declined_at;
  GHashTable      *timers;
  GHashTable      *prompts;
  guint            next_prompt_id;
  GMenu           *menu;
  GSettings       *settings;
  GDBusNodeInfo   *agent_info;
  guint            menu_export_id;
  guint            agent_registration_id;
  guint            watcher_id;
  gboolean         tray_host;
  gboolean         watcher_known;
  gboolean         activate_pending;
  GSubprocess     *icon_helper;
  TdSecretStore   *secret_store;
  GCancellable    *cancellable;
  guint            sleep_subscription;
  GDBusConnection *system_bus;
};

G_DEFINE_FINAL_TYPE (TdTrayApplication, td_tray_application, G_TYPE_APPLICATION)

static void refresh_profile (TdTrayApplication *self, TdTrayProfile *profile, gboolean user_initiated);
static void schedule_profile (TdTrayApplication *self, TdTrayProfile *profile);

static void
prompt_free (Prompt *prompt)
{
  g_free (prompt->kind);
  g_free (prompt->profile);
  g_free (prompt->message);
  g_clear_pointer (&prompt->choices, g_ptr_array_unref);
  g_clear_object (&prompt->task);
  g_free (prompt);
}

/* ---- Paths and settings ---- */

static char *
dup_settings_path (void)
{
  const char *path = g_getenv ("TOKENDITO_CONFIG_FILE");

  return path && *path ? g_strdup (path) : td_settings_dup_default_path ();
}

static guint
get_margin_seconds (TdTrayApplication *self)
{
  const char *override = g_getenv ("TOKENDITO_REFRESH_MARGIN_SECONDS");

  /* Tests use a margin of seconds; users set minutes in the preferences. */
  if (override != NULL && *override != '\0')
    return (guint) g_ascii_strtoull (override, NULL, 10);

  if (self->settings != NULL)
    return g_settings_get_uint (self->settings, "refresh-margin") * 60;

  return DEFAULT_MARGIN_MINUTES * 60;
}

static gboolean
is_auto_refresh (TdTrayApplication *self,
                 TdTrayProfile     *profile)
{
  g_auto(GStrv) names = NULL;

  if (self->settings == NULL)
    return TRUE;

  names = g_settings_get_strv (self->settings, "auto-refresh-profiles");
  return g_strv_contains ((const char * const *) names, td_tray_profile_get_name (profile)) ||
         g_strv_contains ((const char * const *) names, "*");
}

static TdTrayProfile *
find_profile (TdTrayApplication *self,
              const char        *name)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TdTrayProfile *profile = g_ptr_array_index (self->profiles, i);

      if (g_strcmp0 (td_tray_profile_get_name (profile), name) == 0)
        return profile;
    }

  return NULL;
}

/* ---- Notifications ---- */

/* Keeps notification text plain: servers with body markup would render
 * tags and links, and bidirectional overrides could disguise the text. */
static char *
sanitize (const char *text)
{
  GString *clean = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == '<' || c == '>' || c == '&' || g_unichar_iscntrl (c) ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        continue;
      g_string_append_unichar (clean, c);
      if (clean->len >= MAX_NOTIFICATION_TEXT)
        break;
    }

  return g_string_free (clean, FALSE);
}

static void
send_notification (TdTrayApplication *self,
                   const char        *id,
                   const char        *title,
                   const char        *body,
                   GNotificationPriority priority,
                   const char        *button_label,
                   const char        *button_action,
                   const char        *profile)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *clean_title = sanitize (title);
  g_autofree char *clean_body = sanitize (body);

  notification = g_notification_new (clean_title);
  g_notification_set_body (notification, clean_body);
  g_notification_set_priority (notification, priority);
  if (button_label != NULL)
    g_notification_add_button_with_target (notification, button_label, button_action, "s", profile);

  g_application_send_notification (G_APPLICATION (self), id, notification);
}

void
td_tray_application_show_challenge (TdTrayApplication *self,
                                    const char        *profile,
                                    const char        *number)
{
  g_autofree char *id = g_strdup_printf ("push-%s", profile);
  g_autofree char *title = g_strdup_printf (_("Approve the sign-in for %s"), profile);
  g_autofree char *body = g_strdup_printf (_("In Okta Verify, choose %s."), number);

  send_notification (self, id, title, body, G_NOTIFICATION_PRIORITY_URGENT,
                     _("Cancel"), "app.cancel", profile);
}

void
td_tray_application_notify (TdTrayApplication *self,
                            const char        *profile,
                            TdNotice           kind,
                            const char        *message)
{
  g_autofree char *id = g_strdup_printf ("push-%s", profile);
  TdTrayProfile *tray_profile = find_profile (self, profile);

  switch (kind)
    {
    case TD_NOTICE_DONE:
      g_application_withdraw_notification (G_APPLICATION (self), id);
      if (tray_profile != NULL && td_tray_profile_get_state (tray_profile) == TD_TRAY_PROFILE_WAITING)
        td_tray_profile_set_state (tray_profile, TD_TRAY_PROFILE_REFRESHING);
      return;

    case TD_NOTICE_INFO:
      g_debug ("%s: %s", profile, message);
      /* A push is pending, or a code is about to be sent: the notification
       * shows it until the number or the result arrives. */
      if (tray_profile != NULL && message != NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Signing in for %s"), profile);

          td_tray_profile_set_state (tray_profile, TD_TRAY_PROFILE_WAITING);
          send_notification (self, id, title, message, G_NOTIFICATION_PRIORITY_HIGH,
                             _("Cancel"), "app.cancel", profile);
        }
      return;

    case TD_NOTICE_WARNING:
    default:
      {
        g_autofree char *warning_id = g_strdup_printf ("warning-%s", profile);

        send_notification (self, warning_id, profile, message, G_NOTIFICATION_PRIORITY_NORMAL,
                           NULL, NULL, NULL);
      }
      return;
    }
}

/* ---- Menu and D-Bus state ---- */

static const char *
overall_icon (TdTrayApplication *self)
{
  gboolean refreshing = FALSE;
  gboolean attention = FALSE;
  gboolean failed = FALSE;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      switch (td_tray_profile_get_state (g_ptr_array_index (self->profiles, i)))
        {
        case TD_TRAY_PROFILE_REFRESHING:
          refreshing = TRUE;
          break;
        case TD_TRAY_PROFILE_WAITING:
        case TD_TRAY_PROFILE_EXPIRED:
          attention = TRUE;
          break;
        case TD_TRAY_PROFILE_FAILED:
          failed = TRUE;
          break;
        case TD_TRAY_PROFILE_FRESH:
        case TD_TRAY_PROFILE_IDLE:
        default:
          break;
        }
    }

  if (failed)
    return APPLICATION_ID "-failed-symbolic";
  if (attention)
    return APPLICATION_ID "-attention-symbolic";
  if (refreshing)
    return APPLICATION_ID "-refreshing-symbolic";

  return APPLICATION_ID "-fresh-symbolic";
}

static void
rebuild_menu (TdTrayApplication *self)
{
  g_autoptr(GMenu) actions = g_menu_new ();

  g_menu_remove_all (self->menu);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      TdTrayProfile *profile = g_ptr_array_index (self->profiles, i);
      const char *name = td_tray_profile_get_name (profile);
      g_autoptr(GMenu) section = g_menu_new ();
      g_autoptr(GMenuItem) state = NULL;
      g_autoptr(GMenuItem) refresh = NULL;
      g_autofree char *label = td_tray_profile_dup_label (profile);
      g_autofree char *state_text = g_strdup_printf ("%s: %s", name, label);
      g_autofree char *refresh_text = g_strdup_printf (_("Refresh %s"), name);

      /* A label without an action is shown greyed out: it only informs. */
      state = g_menu_item_new (state_text, "app.noop");
      refresh = g_menu_item_new (refresh_text, NULL);
      g_menu_item_set_action_and_target (refresh, "app.refresh", "s", name);
      g_menu_append_item (section, state);
      g_menu_append_item (section, refresh);
      g_menu_append_section (self->menu, NULL, G_MENU_MODEL (section));
    }

  g_menu_append (actions, _("Refresh all"), "app.refresh-all");
  g_menu_append (actions, _("Preferences…"), "app.preferences");
  g_menu_append (actions, _("Quit"), "app.quit");
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (actions));
}

static void
publish_state (TdTrayApplication *self)
{
  GAction *icon = g_action_map_lookup_action (G_ACTION_MAP (self), "icon");
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));

  rebuild_menu (self);
  if (icon != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (icon), g_variant_new_string (overall_icon (self)));

  if (connection != NULL)
    g_dbus_connection_emit_signal (connection, NULL, AGENT_PATH, AGENT_INTERFACE,
                                   "ProfilesChanged", NULL, NULL);
}

static void
profile_changed_cb (TdTrayProfile     *profile,
                    TdTrayApplication *self)
{
  publish_state (self);
}

/* ---- The windows process ---- */

static char *
find_helper (const char *name)
{
  const char *dir = g_getenv ("TOKENDITO_HELPER_DIR");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self_path ? g_path_get_dirname (self_path) : NULL;
  g_autofree char *candidate = NULL;

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, name, NULL);

  candidate = g_build_filename (LIBEXECDIR, name, NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&candidate);

  /* In the build tree the helpers sit in sibling folders. */
  if (self_dir != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (self_dir);
      g_autofree char *sub = g_strcmp0 (name, "tokendito-tray-icon") == 0 ? g_strdup ("tray-icon") : g_strdup ("tray-ui");

      g_free (candidate);
      candidate = g_build_filename (parent, sub, name, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }

  return g_find_program_in_path (name);
}

static void
spawn_ui (TdTrayApplication *self,
          const char        *first_arg,
          const char        *second_arg)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *path = find_helper ("tokendito-tray-ui");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || connection == NULL)
    {
      g_warning ("Cannot open a window: tokendito-tray-ui was not found");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, path, "--agent",
                              g_dbus_connection_get_unique_name (connection),
                              first_arg, second_arg, NULL);
  if (process == NULL)
    g_warning ("Cannot start %s: %s", path, error->message);
  else
    g_subprocess_wait_async (process, NULL, NULL, NULL);
}

/* ---- Prompts ---- */

guint
td_tray_application_add_prompt (TdTrayApplication *self,
                                const char        *kind,
                                const char        *profile,
                                const char        *message,
                                GPtrArray         *choices,
                                gboolean           open_now,
                                GTask             *task)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  Prompt *prompt = g_new0 (Prompt, 1);
  g_autofree char *id_text = NULL;
  TdTrayProfile *tray_profile = find_profile (self, profile);

  prompt->id = ++self->next_prompt_id;
  prompt->kind = g_strdup (kind);
  prompt->profile = g_strdup (profile);
  prompt->message = g_strdup (message);
  prompt->choices = choices ? g_ptr_array_ref (choices) : NULL;
  prompt->task = g_object_ref (task);
  g_hash_table_insert (self->prompts, GUINT_TO_POINTER (prompt->id), prompt);

  if (tray_profile != NULL)
    td_tray_profile_set_state (tray_profile, TD_TRAY_PROFILE_WAITING);

  if (connection != NULL)
    g_dbus_connection_emit_signal (connection, NULL, AGENT_PATH, AGENT_INTERFACE, "PromptAdded",
                                   g_variant_new ("(uss)", prompt->id, kind, profile), NULL);

  id_text = g_strdup_printf ("%u", prompt->id);
  if (open_now)
    {
      spawn_ui (self, "--prompt", id_text);
    }
  else
    {
      g_autofree char *notification_id = g_strdup_printf ("prompt-%s", profile);
      g_autofree char *title = g_strdup_printf (_("Sign-in needed for %s"), profile);

      send_notification (self, notification_id, title, message, G_NOTIFICATION_PRIORITY_HIGH,
                         _("Answer"), "app.enter-code", profile);
    }

  return prompt->id;
}

void
td_tray_application_remove_prompt (TdTrayApplication *self,
                                   guint              id)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  Prompt *prompt = g_hash_table_lookup (self->prompts, GUINT_TO_POINTER (id));
  g_autofree char *notification_id = NULL;

  if (prompt == NULL)
    return;

  notification_id = g_strdup_printf ("prompt-%s", prompt->profile);
  g_application_withdraw_notification (G_APPLICATION (self), notification_id);
  g_hash_table_remove (self->prompts, GUINT_TO_POINTER (id));

  if (connection != NULL)
    g_dbus_connection_emit_signal (connection, NULL, AGENT_PATH, AGENT_INTERFACE, "PromptClosed",
                                   g_variant_new ("(u)", id), NULL);
}

static Prompt *
find_prompt_of_profile (TdTrayApplication *self,
                        const char        *profile)
{
  GHashTableIter iter;
  Prompt *prompt;

  g_hash_table_iter_init (&iter, self->prompts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &prompt))
    if (g_strcmp0 (prompt->profile, profile) == 0)
      return prompt;

  return NULL;
}

static void
cancel_prompts_of_profile (TdTrayApplication *self,
                           const char        *profile)
{
  Prompt *prompt;

  while ((prompt = find_prompt_of_profile (self, profile)) != NULL)
    {
      g_task_return_new_error (prompt->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      td_tray_application_remove_prompt (self, prompt->id);
    }
}

/* ---- Agent D-Bus interface ---- */

static GVariant *
build_profiles (TdTrayApplication *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sssx)"));
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TdTrayProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *label = td_tray_profile_dup_label (profile);
      GDateTime *expiration = td_tray_profile_get_expiration (profile);

      g_variant_builder_add (&builder, "(sssx)", td_tray_profile_get_name (profile),
                             td_tray_profile_state_to_string (td_tray_profile_get_state (profile)),
                             label, expiration ? g_date_time_to_unix (expiration) : (gint64) 0);
    }

  return g_variant_new ("(a(sssx))", &builder);
}

static GVariant *
build_prompt (Prompt *prompt)
{
  GVariantBuilder choices;

  g_variant_builder_init (&choices, G_VARIANT_TYPE ("a(ssb)"));
  for (guint i = 0; prompt->choices != NULL && i < prompt->choices->len; i++)
    {
      const TdChoice *choice = g_ptr_array_index (prompt->choices, i);

      g_variant_builder_add (&choices, "(ssb)", choice->label, choice->group ? choice->group : "",
                             choice->enabled);
    }

  return g_variant_new ("(ssssa(ssb))", prompt->kind, prompt->profile,
                        g_str_has_prefix (prompt->kind, "choose-") ? prompt->message : prompt->profile,
                        prompt->message, &choices);
}

static void
agent_method_call_cb (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  TdTrayApplication *self = user_data;
  Prompt *prompt = NULL;
  guint id = 0;

  if (g_str_equal (method_name, "GetProfiles"))
    {
      g_dbus_method_invocation_return_value (invocation, build_profiles (self));
      return;
    }

  /* The factors Okta listed and the roles the app offered, once a refresh
   * has seen them, for the preferences window to offer. */
  if (g_str_equal (method_name, "GetKnownChoices"))
    {
      const char *name = NULL;
      TdTrayProfile *profile;
      const char * const *factors = NULL;
      const char * const *roles = NULL;

      g_variant_get (parameters, "(&s)", &name);
      profile = find_profile (self, name);
      if (profile != NULL)
        {
          factors = g_object_get_data (G_OBJECT (profile), "factor-methods");
          roles = g_object_get_data (G_OBJECT (profile), "roles");
        }

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as^as)",
                                                            factors ? factors : (const char * const[]) { NULL },
                                                            roles ? roles : (const char * const[]) { NULL }));
      return;
    }

  g_variant_get_child (parameters, 0, "u", &id);
  prompt = g_hash_table_lookup (self->prompts, GUINT_TO_POINTER (id));
  if (prompt == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             "No pending prompt %u", id);
      return;
    }

  if (g_str_equal (method_name, "GetPrompt"))
    {
      g_dbus_method_invocation_return_value (invocation, build_prompt (prompt));
      return;
    }

  if (g_str_equal (method_name, "AnswerText") || g_str_equal (method_name, "AnswerTextRemember"))
    {
      const char *text = NULL;
      gboolean remember = FALSE;

      if (g_str_equal (method_name, "AnswerText"))
        g_variant_get (parameters, "(u&s)", &id, &text);
      else
        g_variant_get (parameters, "(u&sb)", &id, &text, &remember);

      if (g_str_has_prefix (prompt->kind, "choose-"))
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "Prompt %u expects a choice", id);
          return;
        }

      if (remember && TD_IS_TRAY_PROMPTER (g_task_get_source_object (prompt->task)))
        td_tray_prompter_set_remember (g_task_get_source_object (prompt->task), TRUE);
      g_task_return_pointer (prompt->task, g_strdup (text), (GDestroyNotify) td_secret_free);
    }
  else if (g_str_equal (method_name, "AnswerChoice"))
    {
      gint32 index = -1;

      g_variant_get (parameters, "(ui)", &id, &index);
      if (!g_str_has_prefix (prompt->kind, "choose-") || prompt->choices == NULL ||
          index < 0 || (guint) index >= prompt->choices->len)
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "Invalid choice %d for prompt %u", index, id);
          return;
        }
      g_task_return_int (prompt->task, index);
    }
  else
    {
      g_task_return_new_error (prompt->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }

  td_tray_application_remove_prompt (self, id);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable agent_vtable = { agent_method_call_cb, NULL, NULL, { 0 } };

/* ---- Refreshing ---- */

typedef struct {
  TdTrayApplication *application;
  TdTrayProfile     *profile;
  TdTrayPrompter    *prompter;
  TdSettings        *settings;
  char              *org;
  /* The Okta org and user name: one sign-in, one session and one cookie
   * jar serve every profile of the same account, never another user's. */
  char              *account;
  gboolean           user_initiated;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->application);
  g_clear_object (&refresh->profile);
  g_clear_object (&refresh->prompter);
  g_clear_pointer (&refresh->settings, td_settings_free);
  g_free (refresh->org);
  g_free (refresh->account);
  g_free (refresh);
}

static void
start_next_of_account (TdTrayApplication *self,
                       const char        *account)
{
  g_hash_table_remove (self->busy_accounts, account);

  /* Profiles of the same org that waited for this sign-in now reuse its
   * session: no second MFA prompt. */
  for (guint i = 0; i < self->profiles->len; i++)
    {
      TdTrayProfile *profile = g_ptr_array_index (self->profiles, i);
      const char *queued = g_object_get_data (G_OBJECT (profile), "queued-account");

      if (queued != NULL && g_str_equal (queued, account))
        {
          gboolean user_initiated = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (profile), "queued-user"));

          g_object_set_data (G_OBJECT (profile), "queued-account", NULL);
          refresh_profile (self, profile, user_initiated);
          return;
        }
    }
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TdTrayApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!td_secret_store_store_password_finish (TD_SECRET_STORE (object), result, &error))
    {
      g_warning ("Cannot remember the password: %s", error->message);
      send_notification (self, "keyring", _("The password was not remembered"), error->message,
                         G_NOTIFICATION_PRIORITY_HIGH, NULL, NULL, NULL);
    }
}

/* Stores the password typed in the dialog when "Remember password" was
 * checked, once Okta has accepted it. */
static void
remember_password (TdTrayApplication *self,
                   Refresh           *refresh)
{
  const char *password = td_tray_prompter_get_password (refresh->prompter);
  const char *username = td_settings_get (refresh->settings, "okta_username");

  if (self->secret_store == NULL || password == NULL || username == NULL || *refresh->org == '\0')
    return;

  td_secret_store_store_password_async (self->secret_store, refresh->org, username, password,
                                        NULL, password_stored_cb, g_object_ref (self));
}

static void
note_mfa_refused (TdTrayApplication *self,
                  const char        *account)
{
  gint64 *when = g_new (gint64, 1);

  *when = g_get_monotonic_time ();
  g_hash_table_replace (self->mfa_declined_at, g_strdup (account), when);
}

/* Returns the seconds left before a new sign-in of @account may start. */
static gint64
mfa_cooldown_left (TdTrayApplication *self,
                   const char        *account)
{
  gint64 *when = g_hash_table_lookup (self->mfa_declined_at, account);
  gint64 left;

  if (when == NULL)
    return 0;

  left = MFA_COOLDOWN_SECONDS - (g_get_monotonic_time () - *when) / G_USEC_PER_SEC;
  return MAX (left, 0);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refresh *refresh = user_data;
  TdTrayApplication *self = refresh->application;
  const char *name = td_tray_profile_get_name (refresh->profile);
  g_autoptr(TdRefreshResult) outcome = NULL;
  g_autoptr(GError) error = NULL;

  outcome = td_refresh_run_finish (TD_REFRESH (object), result, &error);
  cancel_prompts_of_profile (self, name);
  td_tray_application_notify (self, name, TD_NOTICE_DONE, NULL);
  td_tray_profile_set_cancellable (refresh->profile, NULL);

  if (outcome != NULL)
    {
      g_message ("Refreshed %s: AWS profile %s%s", name, outcome->profile,
                 outcome->signed_in ? " (signed in)" : " (Okta session reused)");
      td_tray_profile_set_aws_profile (refresh->profile, outcome->profile);
      if (outcome->factor_methods != NULL)
        g_object_set_data_full (G_OBJECT (refresh->profile), "factor-methods",
                                g_strdupv (outcome->factor_methods), (GDestroyNotify) g_strfreev);
      g_object_set_data_full (G_OBJECT (refresh->profile), "roles", g_strdupv (outcome->roles),
                              (GDestroyNotify) g_strfreev);
      td_tray_profile_set_expiration (refresh->profile, outcome->expiration);
      remember_password (self, refresh);

      if (self->settings != NULL && g_settings_get_boolean (self->settings, "notify-on-success"))
        {
          g_autofree char *body = td_tray_profile_dup_label (refresh->profile);
          g_autofree char *id = g_strdup_printf ("done-%s", name);
          g_autofree char *title = g_strdup_printf (_("%s refreshed"), name);

          send_notification (self, id, title, body, G_NOTIFICATION_PRIORITY_LOW, NULL, NULL, NULL);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      note_mfa_refused (self, refresh->account);
      g_message ("Refresh of %s cancelled", name);
      td_tray_profile_set_failed (refresh->profile, _("cancelled"));
    }
  else
    {
      g_autofree char *id = g_strdup_printf ("failed-%s", name);
      g_autofree char *title = g_strdup_printf (_("Refreshing %s failed"), name);

      if (g_error_matches (error, TD_ERROR, TD_ERROR_MFA_REJECTED) ||
          g_error_matches (error, TD_ERROR, TD_ERROR_MFA_TIMEOUT))
        note_mfa_refused (self, refresh->account);
      g_warning ("Refresh of %s failed: %s", name, error->message);
      td_tray_profile_set_failed (refresh->profile, error->message);
      send_notification (self, id, title, error->message, G_NOTIFICATION_PRIORITY_HIGH,
                         _("Retry"), "app.retry", name);
    }

  schedule_profile (self, refresh->profile);
  start_next_of_account (self, refresh->account);
  refresh_free (refresh);

#ifdef __GLIBC__
  /* The agent runs all day and mostly sleeps: give the memory a sign-in
   * used for replies, assertions and TLS back to the system. */
  malloc_trim (0);
#endif
}

static TdHttp *
http_for_account (TdTrayApplication *self,
                  const char        *account)
{
  TdHttp *http = g_hash_table_lookup (self->http_by_account, account);

  if (http == NULL)
    {
      http = td_http_new ();
      g_hash_table_insert (self->http_by_account, g_strdup (account), http);
    }

  return http;
}

static void
refresh_profile (TdTrayApplication *self,
                 TdTrayProfile     *profile,
                 gboolean           user_initiated)
{
  const char *name = td_tray_profile_get_name (profile);
  g_autofree char *path = dup_settings_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TdRefresh) job = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  Refresh *refresh;

  /* A burst of requests for a profile already refreshing adds nothing. */
  if (td_tray_profile_get_cancellable (profile) != NULL ||
      g_object_get_data (G_OBJECT (profile), "queued-account") != NULL)
    {
      g_debug ("%s is already being refreshed", name);
      return;
    }

  refresh = g_new0 (Refresh, 1);
  refresh->application = g_object_ref (self);
  refresh->profile = g_object_ref (profile);
  refresh->user_initiated = user_initiated;
  refresh->settings = td_settings_new ();

  if (!td_settings_load_file (refresh->settings, path, name, &error) ||
      !td_settings_validate (refresh->settings, &error))
    {
      td_tray_profile_set_failed (profile, error->message);
      refresh_free (refresh);
      return;
    }
  td_settings_load_environment (refresh->settings, NULL);

  refresh->org = td_settings_dup_org_url (refresh->settings);
  if (refresh->org == NULL)
    refresh->org = g_strdup ("");
  refresh->account = g_strdup_printf ("%s %s", refresh->org,
                                      td_settings_get (refresh->settings, "okta_username") ?: "");

  if (mfa_cooldown_left (self, refresh->account) > 0)
    {
      g_autofree char *reason = g_strdup_printf (_("a push was refused; try again in %lld s"),
                                                 (long long) mfa_cooldown_left (self, refresh->account));

      g_message ("Not refreshing %s: %s", name, reason);
      td_tray_profile_set_failed (profile, reason);
      /* A scheduled profile keeps its timer: the backoff outlasts the pause. */
      schedule_profile (self, profile);
      refresh_free (refresh);
      return;
    }

  if (g_hash_table_contains (self->busy_accounts, refresh->account))
    {
      g_debug ("%s waits for the sign-in to %s in progress", name, refresh->org);
      g_object_set_data_full (G_OBJECT (profile), "queued-account", g_strdup (refresh->account), g_free);
      g_object_set_data (G_OBJECT (profile), "queued-user", GINT_TO_POINTER (user_initiated));
      td_tray_profile_set_state (profile, TD_TRAY_PROFILE_REFRESHING);
      refresh_free (refresh);
      return;
    }
  g_hash_table_add (self->busy_accounts, g_strdup (refresh->account));

  refresh->prompter = td_tray_prompter_new (self, name, user_initiated);
  job = td_refresh_new (refresh->settings, TD_PROMPTER (refresh->prompter), NULL);
  td_refresh_set_http (job, http_for_account (self, refresh->account));
  td_refresh_set_try_session (job, TRUE);
  td_refresh_set_secret_store (job, self->secret_store, TRUE);

  cancellable = g_cancellable_new ();
  td_tray_profile_set_cancellable (profile, cancellable);
  td_tray_profile_set_state (profile, TD_TRAY_PROFILE_REFRESHING);
  g_message ("Refreshing %s%s", name, user_initiated ? "" : " (scheduled)");
  td_refresh_run_async (job, cancellable, refresh_done_cb, refresh);
}

/* ---- Scheduling ---- */

static gboolean
timer_cb (gpointer user_data)
{
  TdTrayProfile *profile = user_data;
  TdTrayApplication *self = g_object_get_data (G_OBJECT (profile), "application");

  g_hash_table_remove (self->timers, profile);
  refresh_profile (self, profile, FALSE);

  return G_SOURCE_REMOVE;
}

/* Arms the timer of @profile: a margin before its expiry, or after a
 * backoff when the last refresh failed. Expiry is an absolute wall-clock
 * time but timers run on the monotonic clock, so they are armed again
 * after a resume and when the network comes back. */
static void
schedule_profile (TdTrayApplication *self,
                  TdTrayProfile     *profile)
{
  GDateTime *expiration = td_tray_profile_get_expiration (profile);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 delay;
  guint id;

  g_hash_table_remove (self->timers, profile);
  if (!is_auto_refresh (self, profile))
    return;

  if (td_tray_profile_get_state (profile) == TD_TRAY_PROFILE_FAILED)
    {
      guint failures = td_tray_profile_get_failures (profile);

      delay = (gint64) MIN (1u << MIN (failures - 1, 6u), MAX_BACKOFF_MINUTES) * 60;
    }
  else if (expiration != NULL)
    {
      delay = g_date_time_difference (expiration, now) / G_USEC_PER_SEC - get_margin_seconds (self);
    }
  else
    {
      return;
    }

  delay = MAX (delay, 0);
  g_debug ("Next refresh of %s in %" G_GINT64_FORMAT " s", td_tray_profile_get_name (profile), delay);
  g_object_set_data (G_OBJECT (profile), "application", self);
  id = g_timeout_add_seconds ((guint) MIN (delay, G_MAXUINT), timer_cb, profile);
  g_hash_table_insert (self->timers, profile, GUINT_TO_POINTER (id));
}

static void
reschedule_all (TdTrayApplication *self)
{
  for (guint i = 0; i < self->profiles->len; i++)
    schedule_profile (self, g_ptr_array_index (self->profiles, i));
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  gboolean sleeping = FALSE;

  g_variant_get (parameters, "(b)", &sleeping);
  if (!sleeping)
    {
      g_debug ("Resumed from suspend; checking every profile");
      reschedule_all (user_data);
    }
}

static void
network_changed_cb (GNetworkMonitor   *monitor,
                    gboolean           available,
                    TdTrayApplication *self)
{
  if (available)
    reschedule_all (self);
}

static void
cancel_timer (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

/* ---- Profiles ---- */

static void
load_profiles (TdTrayApplication *self)
{
  g_autofree char *path = dup_settings_path ();
  g_autofree char *credentials = td_aws_files_dup_credentials_path (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = td_settings_list_profiles (path, &error);

  if (names == NULL)
    {
      g_warning ("Cannot read the profiles of %s: %s", path, error ? error->message : "no profiles");
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(TdTrayProfile) profile = td_tray_profile_new (names[i]);
      g_autoptr(TdSettings) settings = td_settings_new ();
      const char *aws_profile;

      /* An AWS profile named in the settings locates the last credentials,
       * and so their expiry. */
      if (td_settings_load_file (settings, path, names[i], NULL) &&
          (aws_profile = td_settings_get (settings, "aws_profile")) != NULL)
        {
          g_autoptr(GDateTime) expiration = td_aws_files_read_expiration (credentials, aws_profile, NULL);

          td_tray_profile_set_aws_profile (profile, aws_profile);
          if (expiration != NULL)
            td_tray_profile_set_expiration (profile, expiration);
        }

      g_signal_connect_object (profile, "changed", G_CALLBACK (profile_changed_cb), self, 0);
      g_ptr_array_add (self->profiles, g_steal_pointer (&profile));
    }
}

/* ---- Actions ---- */

static void
refresh_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TdTrayApplication *self = user_data;
  TdTrayProfile *profile = find_profile (self, g_variant_get_string (parameter, NULL));

  if (profile != NULL)
    refresh_profile (self, profile, TRUE);
}

static void
refresh_all_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TdTrayApplication *self = user_data;

  for (guint i = 0; i < self->profiles->len; i++)
    refresh_profile (self, g_ptr_array_index (self->profiles, i), TRUE);
}

static void
cancel_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TdTrayApplication *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  TdTrayProfile *profile = find_profile (self, name);

  if (profile != NULL && td_tray_profile_get_cancellable (profile) != NULL)
    g_cancellable_cancel (td_tray_profile_get_cancellable (profile));
  cancel_prompts_of_profile (self, name);
}

static void
enter_code_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TdTrayApplication *self = user_data;
  Prompt *prompt = find_prompt_of_profile (self, g_variant_get_string (parameter, NULL));
  g_autofree char *id = NULL;

  if (prompt == NULL)
    return;

  id = g_strdup_printf ("%u", prompt->id);
  spawn_ui (self, "--prompt", id);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  spawn_ui (user_data, "--preferences", NULL);
}

static void
status_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  spawn_ui (user_data, "--status", NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
noop_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
}

static const GActionEntry actions[] = {
  { "refresh", refresh_activated, "s", NULL, NULL, { 0 } },
  { "retry", refresh_activated, "s", NULL, NULL, { 0 } },
  { "refresh-all", refresh_all_activated, NULL, NULL, NULL, { 0 } },
  { "cancel", cancel_activated, "s", NULL, NULL, { 0 } },
  { "enter-code", enter_code_activated, "s", NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "status", status_activated, NULL, NULL, NULL, { 0 } },
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "noop", noop_activated, NULL, NULL, NULL, { 0 } },
};

/* ---- Tray host ---- */

static void
spawn_icon_helper (TdTrayApplication *self)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *path = find_helper ("tokendito-tray-icon");
  g_autoptr(GError) error = NULL;

  if (self->icon_helper != NULL || connection == NULL)
    return;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_warning ("tokendito-tray-icon was not found; no tray icon is shown");
      return;
    }

  self->icon_helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, path, "--agent",
                                        g_dbus_connection_get_unique_name (connection),
                                        "--object-path", OBJECT_PATH, "--menu-path", MENU_PATH, NULL);
  if (self->icon_helper == NULL)
    g_warning ("Cannot start the tray icon: %s", error->message);
}

/* Without a tray host (GNOME without the AppIndicator extension) the
 * status window is how the profiles are reached. */
static void
show_status_without_tray (TdTrayApplication *self)
{
  if (!self->tray_host && g_getenv ("TOKENDITO_NO_WINDOWS") == NULL)
    spawn_ui (self, "--status", NULL);
}

/* The first callback of the name watcher reports whether a tray host
 * exists. A launch handled before it waits for it. */
static void
watcher_known (TdTrayApplication *self)
{
  self->watcher_known = TRUE;
  if (self->activate_pending)
    {
      self->activate_pending = FALSE;
      show_status_without_tray (self);
    }
}

static void
watcher_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  TdTrayApplication *self = user_data;

  self->tray_host = TRUE;
  spawn_icon_helper (self);
  watcher_known (self);
}

static void
watcher_vanished_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  TdTrayApplication *self = user_data;

  self->tray_host = FALSE;
  watcher_known (self);
}

/* ---- Start at login ---- */

static char *
dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

/* Inside Flatpak the Background portal writes the autostart entry. The
 * request is sent without waiting for the portal's reply, because the
 * user decides in the portal's own dialog. */
static void
request_background (TdTrayApplication *self,
                    gboolean           autostart)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  GVariantBuilder options;
  const char *commandline[] = { "tokendito-tray", "--background", NULL };

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Keep AWS profiles fresh in the background")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));

  g_dbus_connection_call (connection, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL, G_DBUS_CALL_FLAGS_NONE,
                          -1, NULL, NULL, NULL);
}

static void
write_autostart_entry (gboolean enabled)
{
  g_autofree char *path = dup_autostart_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *quoted = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Cannot remove %s: %s", path, g_strerror (errno));
      return;
    }

  quoted = g_shell_quote (program ? program : "tokendito-tray");
  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=Tokendito\n"
                              "Comment=Keep AWS profiles fresh\n"
                              "Exec=%s --background\n"
                              "Icon=" APPLICATION_ID "\n"
                              "NoDisplay=true\n"
                              "X-GNOME-Autostart-enabled=true\n", quoted);

  if (g_mkdir_with_parents (folder, 0700) != 0 ||
      !g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    g_warning ("Cannot write %s: %s", path, error ? error->message : g_strerror (errno));
}

static void
start_at_login_changed_cb (GSettings         *settings,
                           const char        *key,
                           TdTrayApplication *self)
{
  gboolean enabled = g_settings_get_boolean (settings, "start-at-login");

  g_debug ("Start at login: %s", enabled ? "on" : "off");
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    request_background (self, enabled);
  else
    write_autostart_entry (enabled);
}

/* ---- GApplication ---- */

static gboolean
td_tray_application_dbus_register (GApplication     *application,
                                   GDBusConnection  *connection,
                                   const char       *object_path,
                                   GError          **error)
{
  TdTrayApplication *self = TD_TRAY_APPLICATION (application);

  if (!G_APPLICATION_CLASS (td_tray_application_parent_class)->dbus_register (application, connection,
                                                                               object_path, error))
    return FALSE;

  self->menu_export_id = g_dbus_connection_export_menu_model (connection, MENU_PATH,
                                                              G_MENU_MODEL (self->menu), error);
  if (self->menu_export_id == 0)
    return FALSE;

  self->agent_registration_id = g_dbus_connection_register_object (connection, AGENT_PATH,
                                                                   self->agent_info->interfaces[0],
                                                                   &agent_vtable, self, NULL, error);
  return self->agent_registration_id != 0;
}

static void
td_tray_application_dbus_unregister (GApplication    *application,
                                     GDBusConnection *connection,
                                     const char      *object_path)
{
  TdTrayApplication *self = TD_TRAY_APPLICATION (application);

  if (self->menu_export_id != 0)
    g_dbus_connection_unexport_menu_model (connection, self->menu_export_id);
  if (self->agent_registration_id != 0)
    g_dbus_connection_unregister_object (connection, self->agent_registration_id);
  self->menu_export_id = 0;
  self->agent_registration_id = 0;

  G_APPLICATION_CLASS (td_tray_application_parent_class)->dbus_unregister (application, connection, object_path);
}

static void
td_tray_application_startup (GApplication *application)
{
  TdTrayApplication *self = TD_TRAY_APPLICATION (application);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSimpleAction) icon = NULL;

  G_APPLICATION_CLASS (td_tray_application_parent_class)->startup (application);

  schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_signal_connect_object (self->settings, "changed::start-at-login",
                               G_CALLBACK (start_at_login_changed_cb), self, 0);
      g_signal_connect_object (self->settings, "changed::auto-refresh-profiles",
                               G_CALLBACK (reschedule_all), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::refresh-margin",
                               G_CALLBACK (reschedule_all), self, G_CONNECT_SWAPPED);
    }
  else
    g_debug ("GSettings schema %s is not installed; using defaults", APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  icon = g_simple_action_new_stateful ("icon", NULL, g_variant_new_string (APPLICATION_ID "-fresh-symbolic"));
  g_simple_action_set_enabled (icon, FALSE);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (icon));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "noop")), FALSE);

  load_profiles (self);
  publish_state (self);
  reschedule_all (self);

  self->watcher_id = g_bus_watch_name_on_connection (g_application_get_dbus_connection (application),
                                                     WATCHER_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                     watcher_appeared_cb, watcher_vanished_cb,
                                                     self, NULL);

  self->system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  if (self->system_bus != NULL)
    self->sleep_subscription =
      g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                          "org.freedesktop.login1.Manager", "PrepareForSleep",
                                          "/org/freedesktop/login1", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                          prepare_for_sleep_cb, self, NULL);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);

  /* The agent runs in the background with no window open. */
  g_application_hold (application);
}

static void
td_tray_application_activate (GApplication *application)
{
  TdTrayApplication *self = TD_TRAY_APPLICATION (application);

  if (!self->watcher_known)
    {
      self->activate_pending = TRUE;
      return;
    }

  show_status_without_tray (self);
}

static void
td_tray_application_shutdown (GApplication *application)
{
  TdTrayApplication *self = TD_TRAY_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->profiles->len; i++)
    {
      GCancellable *cancellable = td_tray_profile_get_cancellable (g_ptr_array_index (self->profiles, i));

      if (cancellable != NULL)
        g_cancellable_cancel (cancellable);
    }
  g_hash_table_remove_all (self->timers);
  if (self->watcher_id != 0)
    g_bus_unwatch_name (self->watcher_id);
  self->watcher_id = 0;
  if (self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  if (self->icon_helper != NULL)
    g_subprocess_send_signal (self->icon_helper, SIGTERM);

  G_APPLICATION_CLASS (td_tray_application_parent_class)->shutdown (application);
}

static void
td_tray_application_finalize (GObject *object)
{
  TdTrayApplication *self = (TdTrayApplication *) object;

  g_clear_pointer (&self->prompts, g_hash_table_unref);
  g_clear_pointer (&self->timers, g_hash_table_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->http_by_account, g_hash_table_unref);
  g_clear_pointer (&self->busy_accounts, g_hash_table_unref);
  g_clear_pointer (&self->mfa_declined_at, g_hash_table_unref);
  g_clear_object (&self->menu);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->agent_info, g_dbus_node_info_unref);
  g_clear_object (&self->icon_helper);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->system_bus);

  G_OBJECT_CLASS (td_tray_application_parent_class)->finalize (object);
}

static void
td_tray_application_class_init (TdTrayApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = td_tray_application_finalize;
  application_class->startup = td_tray_application_startup;
  application_class->activate = td_tray_application_activate;
  application_class->shutdown = td_tray_application_shutdown;
  application_class->dbus_register = td_tray_application_dbus_register;
  application_class->dbus_unregister = td_tray_application_dbus_unregister;
}

static void
td_tray_application_init (TdTrayApplication *self)
{
  static const GOptionEntry options[] = {
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start without opening a window"), NULL },
    { NULL }
  };

  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->http_by_account = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->busy_accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->mfa_declined_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, cancel_timer);
  self->prompts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) prompt_free);
  self->menu = g_menu_new ();
  self->agent_info = g_dbus_node_info_new_for_xml (agent_xml, NULL);
  self->cancellable = g_cancellable_new ();
  /* For the demo and the benchmarks, which must not touch the user's keyring. */
  if (g_getenv ("TOKENDITO_NO_KEYRING") == NULL)
    self->secret_store = td_secret_store_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

static int
handle_local_options_cb (GApplication *application,
                         GVariantDict *options,
                         gpointer      user_data)
{
  /* --background only starts the agent; activation would open a window. */
  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("tokendito-tray: %s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (application))
        return 0;
      g_application_hold (application);
      return -1;
    }

  return -1;
}

TdTrayApplication *
td_tray_application_new (void)
{
  TdTrayApplication *self = g_object_new (TD_TYPE_TRAY_APPLICATION,
                                          "application-id", APPLICATION_ID,
                                          "flags", G_APPLICATION_DEFAULT_FLAGS,
                                          NULL);

  g_signal_connect (self, "handle-local-options", G_CALLBACK (handle_local_options_cb), NULL);

  return self;
}
