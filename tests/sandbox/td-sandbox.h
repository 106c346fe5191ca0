/* td-sandbox.h: state shared by the parts of the sandbox server
 *
 * The sandbox is a local HTTPS stand-in for an Okta Classic org, its AWS app
 * tile and AWS STS, all on one origin. It exists for the tests, the README
 * demo and the benchmark, and nothing outside this folder links it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Okta transactions, session tokens and SAML assertions all expire after
 * five minutes, as they do on a real org. */
#define TD_SANDBOX_LIFETIME_US (5 * G_TIME_SPAN_MINUTE)

#define TD_SANDBOX_PASSWORD "correct horse battery staple"

/* libsoup 3.2 has no name for 429 Too Many Requests. */
#define TD_SANDBOX_STATUS_TOO_MANY_REQUESTS 429

typedef struct _TdSandbox TdSandbox;
typedef struct _TdSandboxUser TdSandboxUser;

struct _TdSandbox
{
  SoupServer *server;
  SoupServer *foreign_server;
  char       *base_url;          /* https://127.0.0.1:PORT, no trailing slash */
  char       *foreign_url;
  guint       port;
  guint       foreign_port;
  guint       poll_waits;
  gboolean    verbose;

  guint       next_connection;
  JsonArray  *requests;          /* one object per request on either port */
  gint64      stat_requests;
  gint64      stat_foreign_requests;
  gint64      stat_authn;
  gint64      stat_cancelled;
  gint64      stat_sts_calls;

  GHashTable *transactions;      /* state token -> TdSandboxTransaction */
  GHashTable *session_tokens;    /* session token -> TdSandboxSessionToken */
  GHashTable *sessions;          /* sid cookie -> TdSandboxSession */
  GHashTable *used_passcodes;    /* "login factor-id passcode" -> itself */
  GHashTable *assertions;        /* base64 SAMLResponse -> TdSandboxAssertion */
  GHashTable *access_keys;       /* access key id -> TdSandboxAccessKey */
};

/* An Okta authentication transaction, from primary authentication (or a
 * step-up page) to SUCCESS. */
typedef struct
{
  char       *state_token;
  char       *login;
  const TdSandboxUser *user;
  JsonArray  *factors;           /* the factor objects sent in MFA_REQUIRED */
  gint64      created_us;
  gboolean    step_up;           /* started by the step-up page of a tile */
  gboolean    password_warn;     /* waiting for POST /api/v1/authn/skip */

  char       *factor_id;         /* factor of the current challenge */
  guint       verify_count;      /* POSTs to the verify link of factor_id */
  gboolean    push_resent;
  guint       sends;             /* SMS or voice calls requested */
  gboolean    code_sent;
} TdSandboxTransaction;

typedef struct
{
  char    *login;
  gboolean step_up_done;
  gint64   created_us;
} TdSandboxSessionToken;

typedef struct
{
  char    *login;
  gboolean step_up_done;
} TdSandboxSession;

/* One role/provider pair of a tile. */
typedef struct
{
  const char *value;             /* the AttributeValue text, order and spaces as sent */
  const char *role_arn;
  const char *principal_arn;
  guint       max_duration;      /* the role's MaxSessionDuration, seconds */
  gboolean    denied;            /* STS returns AccessDenied for this role */
} TdSandboxRole;

typedef struct
{
  char               *login;
  const char         *destination;   /* the SAML endpoint the form posts to */
  const TdSandboxRole *roles;
  gint64              issued_us;
} TdSandboxAssertion;

typedef struct
{
  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  char *arn;
  char *user_id;
  char *account;
  gint64 expires_us;             /* g_get_real_time () clock */
} TdSandboxAccessKey;

/* td-sandbox.c */
void  td_sandbox_reply          (SoupServerMessage *msg,
                                 guint              status,
                                 const char        *content_type,
                                 const char        *body);
void  td_sandbox_reply_json     (SoupServerMessage *msg,
                                 guint              status,
                                 JsonNode          *node);
char *td_sandbox_random_string  (const char        *alphabet,
                                 guint              length);
char *td_sandbox_format_time    (gint64             real_time_us,
                                 gboolean           milliseconds);
char *td_sandbox_escape_javascript (const char *text);
char *td_sandbox_rebase         (TdSandbox         *self,
                                 const char        *text);
char *td_sandbox_load_resource  (const char        *name);
const char *td_sandbox_get_body (SoupServerMessage *msg,
                                 gsize             *length);

/* td-sandbox-okta.c */
void  td_sandbox_okta_init      (TdSandbox         *self);
void  td_sandbox_okta_handle    (TdSandbox         *self,
                                 SoupServerMessage *msg,
                                 const char        *path);
char *td_sandbox_okta_start_step_up (TdSandbox     *self,
                                 const char        *login);
char *td_sandbox_okta_new_session_token (TdSandbox *self,
                                 const char        *login,
                                 gboolean           step_up_done);

/* td-sandbox-tile.c */
void  td_sandbox_tile_init      (TdSandbox         *self);
void  td_sandbox_tile_handle_redirect (TdSandbox   *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query);
void  td_sandbox_tile_handle_app (TdSandbox        *self,
                                 SoupServerMessage *msg,
                                 const char        *path);
void  td_sandbox_tile_handle_sign_in (TdSandbox    *self,
                                 SoupServerMessage *msg,
                                 const char        *from_uri);

/* td-sandbox-sts.c */
void  td_sandbox_sts_init       (TdSandbox         *self);
void  td_sandbox_sts_handle     (TdSandbox         *self,
                                 SoupServerMessage *msg);

G_END_DECLS
