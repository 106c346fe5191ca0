/* td-tray-profile.h: one okta_auth profile kept fresh by the agent
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TdTrayProfileState:
 * @TD_TRAY_PROFILE_IDLE: never refreshed by this agent; expiry unknown
 * @TD_TRAY_PROFILE_FRESH: credentials valid until the expiration
 * @TD_TRAY_PROFILE_EXPIRED: credentials expired
 * @TD_TRAY_PROFILE_REFRESHING: a refresh is running
 * @TD_TRAY_PROFILE_WAITING: a refresh waits for the user (push, code)
 * @TD_TRAY_PROFILE_FAILED: the last refresh failed
 */
typedef enum {
  TD_TRAY_PROFILE_IDLE,
  TD_TRAY_PROFILE_FRESH,
  TD_TRAY_PROFILE_EXPIRED,
  TD_TRAY_PROFILE_REFRESHING,
  TD_TRAY_PROFILE_WAITING,
  TD_TRAY_PROFILE_FAILED,
} TdTrayProfileState;

#define TD_TYPE_TRAY_PROFILE (td_tray_profile_get_type ())

G_DECLARE_FINAL_TYPE (TdTrayProfile, td_tray_profile, TD, TRAY_PROFILE, GObject)

TdTrayProfile      *td_tray_profile_new             (const char          *name);
const char         *td_tray_profile_get_name        (TdTrayProfile       *self);
TdTrayProfileState  td_tray_profile_get_state       (TdTrayProfile       *self);
void                td_tray_profile_set_state       (TdTrayProfile       *self,
                                                     TdTrayProfileState   state);
GDateTime          *td_tray_profile_get_expiration  (TdTrayProfile       *self);
void                td_tray_profile_set_expiration  (TdTrayProfile       *self,
                                                     GDateTime           *expiration);
const char         *td_tray_profile_get_reason      (TdTrayProfile       *self);
void                td_tray_profile_set_failed      (TdTrayProfile       *self,
                                                     const char          *reason);
const char         *td_tray_profile_get_aws_profile (TdTrayProfile       *self);
void                td_tray_profile_set_aws_profile (TdTrayProfile       *self,
                                                     const char          *aws_profile);
guint               td_tray_profile_get_failures    (TdTrayProfile       *self);
GCancellable       *td_tray_profile_get_cancellable (TdTrayProfile       *self);
void                td_tray_profile_set_cancellable (TdTrayProfile       *self,
                                                     GCancellable        *cancellable);
char               *td_tray_profile_dup_label       (TdTrayProfile       *self);
const char         *td_tray_profile_state_to_string (TdTrayProfileState   state);

G_END_DECLS
