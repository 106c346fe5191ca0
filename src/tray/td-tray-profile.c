/* td-tray-profile.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n.h>

#include "td-tray-profile.h"

struct _TdTrayProfile
{
  GObject             parent_instance;

  char               *name;
  TdTrayProfileState  state;
  GDateTime          *expiration;
  char               *reason;
  char               *aws_profile;
  guint               failures;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (TdTrayProfile, td_tray_profile, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
td_tray_profile_dispose (GObject *object)
{
  TdTrayProfile *self = (TdTrayProfile *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (td_tray_profile_parent_class)->dispose (object);
}

static void
td_tray_profile_finalize (GObject *object)
{
  TdTrayProfile *self = (TdTrayProfile *) object;

  g_free (self->name);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self->reason);
  g_free (self->aws_profile);

  G_OBJECT_CLASS (td_tray_profile_parent_class)->finalize (object);
}

static void
td_tray_profile_class_init (TdTrayProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = td_tray_profile_dispose;
  object_class->finalize = td_tray_profile_finalize;

  /**
   * TdTrayProfile::changed:
   *
   * Emitted when the state, expiration or failure reason changes.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_tray_profile_init (TdTrayProfile *self)
{
}

TdTrayProfile *
td_tray_profile_new (const char *name)
{
  TdTrayProfile *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (TD_TYPE_TRAY_PROFILE, NULL);
  self->name = g_strdup (name);

  return self;
}

const char *
td_tray_profile_get_name (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  return self->name;
}

TdTrayProfileState
td_tray_profile_get_state (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), TD_TRAY_PROFILE_IDLE);

  return self->state;
}

void
td_tray_profile_set_state (TdTrayProfile      *self,
                           TdTrayProfileState  state)
{
  g_return_if_fail (TD_IS_TRAY_PROFILE (self));

  if (self->state == state)
    return;

  self->state = state;
  g_signal_emit (self, signals[CHANGED], 0);
}

GDateTime *
td_tray_profile_get_expiration (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  return self->expiration;
}

/* Sets a successful refresh's expiry; the profile becomes fresh. */
void
td_tray_profile_set_expiration (TdTrayProfile *self,
                                GDateTime     *expiration)
{
  g_return_if_fail (TD_IS_TRAY_PROFILE (self));

  g_clear_pointer (&self->expiration, g_date_time_unref);
  self->expiration = expiration ? g_date_time_ref (expiration) : NULL;
  g_clear_pointer (&self->reason, g_free);
  self->failures = 0;
  self->state = TD_TRAY_PROFILE_FRESH;
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
td_tray_profile_get_reason (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  return self->reason;
}

void
td_tray_profile_set_failed (TdTrayProfile *self,
                            const char    *reason)
{
  g_return_if_fail (TD_IS_TRAY_PROFILE (self));

  g_free (self->reason);
  self->reason = g_strdup (reason);
  self->failures++;
  self->state = TD_TRAY_PROFILE_FAILED;
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
td_tray_profile_get_aws_profile (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  return self->aws_profile;
}

void
td_tray_profile_set_aws_profile (TdTrayProfile *self,
                                 const char    *aws_profile)
{
  g_return_if_fail (TD_IS_TRAY_PROFILE (self));

  g_free (self->aws_profile);
  self->aws_profile = g_strdup (aws_profile);
}

guint
td_tray_profile_get_failures (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), 0);

  return self->failures;
}

GCancellable *
td_tray_profile_get_cancellable (TdTrayProfile *self)
{
  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  return self->cancellable;
}

void
td_tray_profile_set_cancellable (TdTrayProfile *self,
                                 GCancellable  *cancellable)
{
  g_return_if_fail (TD_IS_TRAY_PROFILE (self));

  g_set_object (&self->cancellable, cancellable);
}

const char *
td_tray_profile_state_to_string (TdTrayProfileState state)
{
  switch (state)
    {
    case TD_TRAY_PROFILE_FRESH:
      return "fresh";
    case TD_TRAY_PROFILE_EXPIRED:
      return "expired";
    case TD_TRAY_PROFILE_REFRESHING:
      return "refreshing";
    case TD_TRAY_PROFILE_WAITING:
      return "waiting";
    case TD_TRAY_PROFILE_FAILED:
      return "failed";
    case TD_TRAY_PROFILE_IDLE:
    default:
      return "idle";
    }
}

/* Returns the state as the menu shows it: "valid until 14:05", "failed:
 * …". A fresh profile whose expiry has passed reads as expired. */
char *
td_tray_profile_dup_label (TdTrayProfile *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (TD_IS_TRAY_PROFILE (self), NULL);

  switch (self->state)
    {
    case TD_TRAY_PROFILE_FRESH:
      if (self->expiration == NULL)
        return g_strdup (_("valid"));
      if (g_date_time_compare (self->expiration, now) <= 0)
        return g_strdup (_("expired"));
      local = g_date_time_to_local (self->expiration);
      {
        g_autoptr(GDateTime) today = g_date_time_new_now_local ();

        /* The date is shown only when it is not today. */
        if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (today) &&
            g_date_time_get_year (local) == g_date_time_get_year (today))
          time = g_date_time_format (local, "%H:%M");
        else
          time = g_date_time_format (local, "%Y-%m-%d %H:%M");
      }
      return g_strdup_printf (_("valid until %s"), time);

    case TD_TRAY_PROFILE_EXPIRED:
      return g_strdup (_("expired"));

    case TD_TRAY_PROFILE_REFRESHING:
      return g_strdup (_("refreshing"));

    case TD_TRAY_PROFILE_WAITING:
      return g_strdup (_("waiting for approval"));

    case TD_TRAY_PROFILE_FAILED:
      return g_strdup_printf (_("failed: %s"), self->reason ? self->reason : _("unknown error"));

    case TD_TRAY_PROFILE_IDLE:
    default:
      return g_strdup (_("not refreshed yet"));
    }
}
