/* td-cli-options.h: the command line of tokendito 1.x
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "td-settings.h"

G_BEGIN_DECLS

/**
 * TdCliOptions:
 * @version: `--version` was given
 * @configure: `--configure` was given
 * @no_keyring: `--no-keyring` was given
 * @config_file: (nullable): `--config-file`
 * @okta_profile: (nullable): `--okta-profile`
 * @values: setting key → value, for the options that are settings
 */
typedef struct {
  gboolean    version;
  gboolean    configure;
  gboolean    no_keyring;
  char       *config_file;
  char       *okta_profile;
  GHashTable *values;
} TdCliOptions;

TdCliOptions *td_cli_options_parse     (int            *argc,
                                        char         ***argv,
                                        GError        **error);
void          td_cli_options_apply     (TdCliOptions   *options,
                                        TdSettings     *settings);
void          td_cli_options_free      (TdCliOptions   *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdCliOptions, td_cli_options_free)

G_END_DECLS
