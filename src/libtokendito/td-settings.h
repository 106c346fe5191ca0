/* td-settings.h: the settings of one run
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TdSettingSource:
 * @TD_SETTING_SOURCE_NONE: the setting has no value
 * @TD_SETTING_SOURCE_FILE_DEFAULT: the `[default]` section of the settings file
 * @TD_SETTING_SOURCE_FILE_PROFILE: the chosen profile of the settings file
 * @TD_SETTING_SOURCE_ENVIRONMENT: an environment variable
 * @TD_SETTING_SOURCE_COMMAND_LINE: a command-line option
 *
 * Where a value came from, in increasing precedence.
 */
typedef enum {
  TD_SETTING_SOURCE_NONE,
  TD_SETTING_SOURCE_FILE_DEFAULT,
  TD_SETTING_SOURCE_FILE_PROFILE,
  TD_SETTING_SOURCE_ENVIRONMENT,
  TD_SETTING_SOURCE_COMMAND_LINE,
} TdSettingSource;

/* The canonical setting keys, as tokendito 1.x names them in okta_auth. */
#define TD_SETTING_OKTA_AWS_APP_URL "okta_aws_app_url"
#define TD_SETTING_OKTA_USERNAME    "okta_username"
#define TD_SETTING_OKTA_PASSWORD    "okta_password"
#define TD_SETTING_MFA_METHOD       "mfa_method"
#define TD_SETTING_MFA_RESPONSE     "mfa_response"
#define TD_SETTING_ROLE_ARN         "role_arn"
#define TD_SETTING_AWS_REGION       "aws_region"
#define TD_SETTING_AWS_OUTPUT       "aws_output"
#define TD_SETTING_AWS_PROFILE      "aws_profile"
#define TD_SETTING_CA_BUNDLE        "ca_bundle"
#define TD_SETTING_LOGLEVEL         "loglevel"
#define TD_SETTING_OUTPUT_FILE      "output_file"

/**
 * TdSettings:
 *
 * The settings of one run, each with the source and origin of its value.
 * A value from a higher #TdSettingSource replaces one from a lower source,
 * never the other way round. Values are wiped from memory when replaced
 * or freed, because one of them is the password.
 */
typedef struct _TdSettings TdSettings;

TdSettings       *td_settings_new                (void);
void              td_settings_free               (TdSettings          *self);

const char * const *td_settings_get_keys         (void);
const char       *td_settings_canonicalize_key   (const char          *name);

gboolean          td_settings_set                (TdSettings          *self,
                                                  const char          *key,
                                                  const char          *value,
                                                  TdSettingSource      source,
                                                  const char          *origin);
const char       *td_settings_get                (TdSettings          *self,
                                                  const char          *key);
TdSettingSource   td_settings_get_source         (TdSettings          *self,
                                                  const char          *key);
const char       *td_settings_get_origin         (TdSettings          *self,
                                                  const char          *key);

char             *td_settings_dup_default_path   (void);
gboolean          td_settings_load_file          (TdSettings          *self,
                                                  const char          *path,
                                                  const char          *profile,
                                                  GError             **error);
void              td_settings_load_environment   (TdSettings          *self,
                                                  const char * const  *envp);

gboolean          td_settings_validate           (TdSettings          *self,
                                                  GError             **error);
gboolean          td_settings_check_app_url      (const char          *url,
                                                  const char          *origin,
                                                  GError             **error);
char             *td_settings_dup_org_url        (TdSettings          *self);

char            **td_settings_list_profiles      (const char          *path,
                                                  GError             **error);
gboolean          td_settings_save_profile       (const char          *path,
                                                  const char          *profile,
                                                  const char * const  *keys,
                                                  const char * const  *values,
                                                  GError             **error);
gboolean          td_settings_remove_profile     (const char          *path,
                                                  const char          *profile,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdSettings, td_settings_free)

G_END_DECLS
