/* td-sts.h: the AWS STS AssumeRoleWithSAML request and response
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

#include "td-aws-credentials.h"
#include "td-saml.h"

G_BEGIN_DECLS

/* DurationSeconds bounds of AssumeRoleWithSAML. The role's
 * MaxSessionDuration in IAM may be lower than the maximum. */
#define TD_STS_MIN_DURATION 900
#define TD_STS_MAX_DURATION 43200

/**
 * TdStsFailure:
 * @TD_STS_FAILURE_NONE: STS issued credentials
 * @TD_STS_FAILURE_DURATION_TOO_LONG: the requested DurationSeconds is more
 *   than the role allows, so a retry with a shorter duration can succeed
 * @TD_STS_FAILURE_EXPIRED_ASSERTION: the SAML assertion expired, so a new
 *   sign-in is needed
 * @TD_STS_FAILURE_THROTTLED: STS requested a slowdown or could not reach the
 *   identity provider, so a later retry can succeed
 * @TD_STS_FAILURE_OTHER: any other failure, where a retry does not help
 *
 * What the caller can do after td_sts_parse_response().
 */
typedef enum {
  TD_STS_FAILURE_NONE,
  TD_STS_FAILURE_DURATION_TOO_LONG,
  TD_STS_FAILURE_EXPIRED_ASSERTION,
  TD_STS_FAILURE_THROTTLED,
  TD_STS_FAILURE_OTHER,
} TdStsFailure;

const char       *td_partition_get_default_region        (const char          *partition);

char             *td_sts_dup_endpoint                    (const char          *partition,
                                                          const char          *region,
                                                          const char * const  *envp,
                                                          GError             **error);

char             *td_sts_build_assume_role_with_saml_body (const TdRole       *role,
                                                          const char          *saml_base64,
                                                          gint64               duration_seconds);

TdAwsCredentials *td_sts_parse_response                  (const char          *body,
                                                          gsize                length,
                                                          guint                http_status,
                                                          TdStsFailure        *failure,
                                                          GError             **error);

G_END_DECLS
