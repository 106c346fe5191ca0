/* td-aws-files.h: writing the AWS credentials and config files
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

#include "td-aws-credentials.h"

G_BEGIN_DECLS

/**
 * TdAwsFilesUpdate:
 * @credentials_path: the AWS credentials file
 * @config_path: the AWS config file
 * @profile: the AWS profile name, from the SDK character set
 * @credentials: the credentials to store
 * @region: (nullable): the region to set; %NULL keeps the profile's region
 * @output: (nullable): the output format to set; %NULL keeps the profile's
 * @default_region: (nullable): the region written only when the profile has none
 * @default_output: (nullable): the output format written only when the profile has none
 *
 * One profile update. The strings are borrowed for the duration of the call.
 */
typedef struct {
  const char             *credentials_path;
  const char             *config_path;
  const char             *profile;
  const TdAwsCredentials *credentials;
  const char             *region;
  const char             *output;
  const char             *default_region;
  const char             *default_output;
} TdAwsFilesUpdate;

/**
 * TdAwsFilesMode:
 * @TD_AWS_FILES_MODE_PRIVATE: the file always ends at mode 0600, because it
 *   contains secrets
 * @TD_AWS_FILES_MODE_KEEP: the file keeps its mode; a new file gets 0600
 *
 * The permission policy of td_aws_files_update_file().
 */
typedef enum {
  TD_AWS_FILES_MODE_PRIVATE,
  TD_AWS_FILES_MODE_KEEP,
} TdAwsFilesMode;

/**
 * TdAwsFilesEditFunc:
 * @path: the file being edited, for messages
 * @contents: (nullable): the current bytes, or %NULL if the file does not exist
 * @length: the length of @contents
 * @new_contents: (out) (transfer full) (nullable): the new bytes, or %NULL to
 *   leave the file as it is
 * @new_length: (out): the length of @new_contents
 * @user_data: the data given to td_aws_files_update_file()
 * @error: return location for an error, which td_aws_files_update_file() returns as is
 *
 * Computes the new contents of a file while its directory is locked.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*TdAwsFilesEditFunc) (const char  *path,
                                        const char  *contents,
                                        gsize        length,
                                        char       **new_contents,
                                        gsize       *new_length,
                                        gpointer     user_data,
                                        GError     **error);

gboolean   td_aws_files_write                 (const TdAwsFilesUpdate *update,
                                               GError                **error);
void       td_aws_files_write_async           (const TdAwsFilesUpdate *update,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean   td_aws_files_write_finish          (GAsyncResult           *result,
                                               GError                **error);

gboolean   td_aws_files_update_file           (const char             *path,
                                               TdAwsFilesMode          mode,
                                               TdAwsFilesEditFunc      edit,
                                               gpointer                user_data,
                                               GError                **error);

gboolean   td_aws_files_check_profile_name    (const char             *name,
                                               GError                **error);

gboolean   td_aws_files_check                 (const char             *credentials_path,
                                               const char             *config_path,
                                               const char             *profile,
                                               GError                **error);
char      *td_aws_files_dup_credentials_path  (const char * const     *envp);
char      *td_aws_files_dup_config_path       (const char * const     *envp);

GDateTime *td_aws_files_read_expiration       (const char             *credentials_path,
                                               const char             *profile,
                                               GError                **error);

G_END_DECLS
