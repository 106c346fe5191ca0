/* td-app-page.h: what the Okta AWS app link returned
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Upper bound on an app page. Okta's auto-post form with a multi-role
 * assertion is about 20 KiB, and the step-up and sign-in pages are smaller. */
#define TD_APP_PAGE_MAX_SIZE (4 * 1024 * 1024)

/**
 * TdAppPageKind:
 * @TD_APP_PAGE_SAML_FORM: the auto-post form that carries the SAML assertion
 * @TD_APP_PAGE_STEP_UP: an "Extra Verification" page, after which the
 *   sign-in continues with its state token through the Okta authn API
 *
 * The pages that let the sign-in go on. Every other page is an error.
 */
typedef enum {
  TD_APP_PAGE_SAML_FORM,
  TD_APP_PAGE_STEP_UP,
} TdAppPageKind;

/**
 * TdAppPage:
 * @kind: what the page is
 * @saml_response: (nullable): for %TD_APP_PAGE_SAML_FORM, the base64
 *   SAMLResponse with character references resolved; a secret
 * @form_action: (nullable): for %TD_APP_PAGE_SAML_FORM, the form action,
 *   resolved against the page URL, or %NULL when the form has none
 * @partition: (nullable): for %TD_APP_PAGE_SAML_FORM, `aws`, `aws-us-gov` or
 *   `aws-cn`, from the host of the form action
 * @state_token: (nullable): for %TD_APP_PAGE_STEP_UP, the Okta state token
 *   with JavaScript escapes decoded; a secret
 * @title: (nullable): the page title, whitespace collapsed
 *
 * A parsed app page. The secret fields are wiped when it is freed.
 */
typedef struct {
  TdAppPageKind  kind;
  char          *saml_response;
  char          *form_action;
  char          *partition;
  char          *state_token;
  char          *title;
} TdAppPage;

TdAppPage *td_app_page_parse (const char *html,
                              gsize       length,
                              const char *page_url,
                              GError    **error);
void       td_app_page_free  (TdAppPage  *page);

char      *td_js_unescape    (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TdAppPage, td_app_page_free)

G_END_DECLS
