/* td-sandbox-okta.h: the users of the sandbox org and the authn helpers
 * shared by td-sandbox-okta.c and td-sandbox-factors.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-sandbox.h"

G_BEGIN_DECLS

typedef enum {
  TD_SANDBOX_USER_MFA,            /* MFA_REQUIRED with the user's factors */
  TD_SANDBOX_USER_NO_MFA,         /* SUCCESS at once */
  TD_SANDBOX_USER_PASSWORD_WARN,  /* PASSWORD_WARN, then MFA_REQUIRED after skip */
  TD_SANDBOX_USER_FIXED_BODY,     /* HTTP 200 with a fixed body */
  TD_SANDBOX_USER_RATE_LIMITED,   /* HTTP 429 E0000047 */
  TD_SANDBOX_USER_HTML_ERROR,     /* HTTP 500 with an HTML page */
  TD_SANDBOX_USER_EMPTY_ERROR,    /* HTTP 502 with an empty body */
} TdSandboxUserKind;

/* The replies to an Okta Verify push, by user. */
typedef enum {
  TD_SANDBOX_PUSH_NORMAL,            /* WAITING for --poll-waits polls, then SUCCESS */
  TD_SANDBOX_PUSH_NUMBER_CHALLENGE,  /* the 2nd and 3rd replies carry correctAnswer 47 */
  TD_SANDBOX_PUSH_REJECT,
  TD_SANDBOX_PUSH_TIMEOUT,
  TD_SANDBOX_PUSH_FLAKY,             /* the 3rd poll's connection is closed */
  TD_SANDBOX_PUSH_OFF_ORIGIN,        /* the poll link points at the foreign origin */
} TdSandboxPushScript;

struct _TdSandboxUser
{
  const char          *login;
  TdSandboxUserKind    kind;
  TdSandboxPushScript  push_script;
  const char          *factors_json;   /* JSON array; NULL for the recorded list of eight */
  const char          *body;           /* reply of FIXED_BODY and PASSWORD_WARN users */
  gboolean             sms_rate_limited;
};

void        td_sandbox_okta_reply_error            (SoupServerMessage    *msg,
                                                    guint                 status,
                                                    const char           *code,
                                                    const char           *summary,
                                                    const char           *cause);
void        td_sandbox_okta_reply_invalid_token    (SoupServerMessage    *msg);
void        td_sandbox_okta_set_rate_limit_headers (SoupServerMessage    *msg);
void        td_sandbox_okta_add_link               (JsonObject           *links,
                                                    const char           *relation,
                                                    const char           *name,
                                                    const char           *href);
void        td_sandbox_okta_add_cancel_link        (TdSandbox            *self,
                                                    JsonObject           *links);
JsonObject *td_sandbox_okta_build_user             (const char           *login);
JsonObject *td_sandbox_okta_begin_body             (TdSandboxTransaction *transaction,
                                                    const char           *status);
TdSandboxTransaction *td_sandbox_okta_lookup_transaction (TdSandbox      *self,
                                                    JsonObject           *request);
void        td_sandbox_okta_reply_success          (TdSandbox            *self,
                                                    SoupServerMessage    *msg,
                                                    TdSandboxTransaction *transaction);

/* td-sandbox-factors.c */
void        td_sandbox_factors_handle              (TdSandbox            *self,
                                                    SoupServerMessage    *msg,
                                                    const char           *path,
                                                    JsonObject           *request);

G_END_DECLS
