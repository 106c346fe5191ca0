/* td-aws-credentials.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <string.h>

#include "td-aws-credentials.h"

G_DEFINE_BOXED_TYPE (TdAwsCredentials, td_aws_credentials,
                     td_aws_credentials_copy, td_aws_credentials_free)

void
td_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

TdAwsCredentials *
td_aws_credentials_new (void)
{
  return g_new0 (TdAwsCredentials, 1);
}

TdAwsCredentials *
td_aws_credentials_copy (const TdAwsCredentials *self)
{
  TdAwsCredentials *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = td_aws_credentials_new ();
  copy->access_key_id = g_strdup (self->access_key_id);
  copy->secret_access_key = g_strdup (self->secret_access_key);
  copy->session_token = g_strdup (self->session_token);
  copy->expiration = self->expiration ? g_date_time_ref (self->expiration) : NULL;
  copy->assumed_role_arn = g_strdup (self->assumed_role_arn);

  return copy;
}

void
td_aws_credentials_free (TdAwsCredentials *self)
{
  if (self == NULL)
    return;

  g_free (self->access_key_id);
  td_secret_free (self->secret_access_key);
  td_secret_free (self->session_token);
  g_clear_pointer (&self->expiration, g_date_time_unref);
  g_free (self->assumed_role_arn);
  g_free (self);
}
