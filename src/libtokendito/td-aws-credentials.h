/* td-aws-credentials.h: temporary AWS credentials issued by STS
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TdAwsCredentials:
 * @access_key_id: the access key id (`ASIA…`)
 * @secret_access_key: the secret access key; a secret
 * @session_token: the session token; a secret
 * @expiration: when the credentials stop working (UTC)
 * @assumed_role_arn: (nullable): the ARN of the assumed-role session
 *
 * Credentials returned by `AssumeRoleWithSAML`. The secret fields are wiped
 * when the structure is freed.
 */
typedef struct {
  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;
  GDateTime *expiration;
  char      *assumed_role_arn;
} TdAwsCredentials;

GType             td_aws_credentials_get_type (void) G_GNUC_CONST;
TdAwsCredentials *td_aws_credentials_new      (void);
TdAwsCredentials *td_aws_credentials_copy     (const TdAwsCredentials *self);
void              td_aws_credentials_free     (TdAwsCredentials       *self);

/* Overwrites @secret with zeros and frees it; for passwords, codes and tokens. */
void              td_secret_free              (char                   *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdAwsCredentials, td_aws_credentials_free)

G_END_DECLS
