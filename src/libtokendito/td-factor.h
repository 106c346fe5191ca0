/* td-factor.h: an MFA factor enrolled in Okta
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TdFactor:
 * @id: the factor id (`opf…`)
 * @type: the factor type (`push`, `token:software:totp`, `sms`, …)
 * @provider: the provider (`OKTA`, `GOOGLE`, `DUO`, …)
 * @detail: (nullable): the device name, phone number or question text
 * @verify_href: the URL of its verify link
 */
typedef struct {
  char *id;
  char *type;
  char *provider;
  char *detail;
  char *verify_href;
} TdFactor;

/**
 * TdFactorKind:
 * How a factor is verified.
 */
typedef enum {
  TD_FACTOR_KIND_UNSUPPORTED,
  TD_FACTOR_KIND_PUSH,
  TD_FACTOR_KIND_PASSCODE,
  TD_FACTOR_KIND_SENT_CODE,
  TD_FACTOR_KIND_QUESTION,
} TdFactorKind;

TdFactor     *td_factor_new_from_json (JsonObject     *object);
void          td_factor_free          (TdFactor       *factor);
TdFactorKind  td_factor_get_kind      (const TdFactor *factor);
char         *td_factor_dup_label     (const TdFactor *factor);
GPtrArray    *td_factor_select        (GPtrArray      *factors,
                                       const char     *method,
                                       char          **notice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdFactor, td_factor_free)

G_END_DECLS
