/* td-saml.h: the AWS roles and session attributes of a SAML assertion
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <libxml/tree.h>

#include "td-error.h"

G_BEGIN_DECLS

/* Maximum size of the decoded SAML Response. Okta assertions are a few
 * kilobytes, and STS accepts at most 100 000 base64 characters of
 * `SAMLAssertion`, about 75 000 bytes decoded. */
#define TD_SAML_MAX_DECODED_SIZE (1024 * 1024)

/**
 * TdRole:
 * @role_arn: the IAM role ARN, `arn:<partition>:iam::<account>:role/<path/name>`
 * @principal_arn: the ARN of the IAM SAML provider that the role trusts
 *
 * One role/provider pair from the `https://aws.amazon.com/SAML/Attributes/Role`
 * attribute, in the order AssumeRoleWithSAML takes them.
 */
typedef struct {
  char *role_arn;
  char *principal_arn;
} TdRole;

GType   td_role_get_type        (void) G_GNUC_CONST;
TdRole *td_role_new             (const char   *role_arn,
                                 const char   *principal_arn);
TdRole *td_role_copy            (const TdRole *role);
void    td_role_free            (TdRole       *role);
char   *td_role_dup_account_id  (const TdRole *role);
char   *td_role_dup_name        (const TdRole *role);
char   *td_role_dup_partition   (const TdRole *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdRole, td_role_free)

typedef struct _TdSamlAssertion TdSamlAssertion;

TdSamlAssertion *td_saml_assertion_parse                  (const char      *base64,
                                                           const char      *source_url,
                                                           GError         **error);
GPtrArray       *td_saml_assertion_get_roles              (TdSamlAssertion *self);
const TdRole    *td_saml_assertion_lookup_role            (TdSamlAssertion *self,
                                                           const char      *role_arn);
gint64           td_saml_assertion_get_session_duration   (TdSamlAssertion *self);
const char      *td_saml_assertion_get_role_session_name  (TdSamlAssertion *self);
const char      *td_saml_assertion_get_base64             (TdSamlAssertion *self);
void             td_saml_assertion_free                   (TdSamlAssertion *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdSamlAssertion, td_saml_assertion_free)

/* Parses untrusted XML (a SAML Response or an STS reply) with entity
 * substitution, DTD loading and network access off, and rejects any document
 * with a DOCTYPE. Errors use @code and carry only the line and column, never
 * document text. Shared by td-saml.c and td-sts.c. */
xmlDoc          *td_xml_read_untrusted                    (const char      *data,
                                                           gsize            length,
                                                           TdError          code,
                                                           GError         **error);

/* Returns the first element child of @parent whose local name is @name, in
 * any namespace, or NULL. */
xmlNode         *td_xml_find_child                        (xmlNode         *parent,
                                                           const char      *name);

G_END_DECLS
