/* test-app-page.c: the pages the Okta AWS app link can return
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-app-page.h"
#include "td-error.h"
#include "td-test-utils.h"

#define APP_URL "https://acme.okta.com/home/amazon_aws/0oa1a2b3c4d5e6f7g8h9/272"

static TdAppPage *
parse_string (const char  *html,
              GError     **error)
{
  return td_app_page_parse (html, strlen (html), APP_URL, error);
}

static TdAppPage *
parse_data (const char  *name,
            GError     **error)
{
  gsize length = 0;
  g_autofree char *html = td_test_read_data (name, &length);

  return td_app_page_parse (html, length, APP_URL, error);
}

static void
assert_no_password_hint (const char *message)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);

  g_assert_null (strstr (lower, "password"));
}

/* Returns a page whose only form contains @form_body and posts to @action. */
static char *
build_form_page (const char *action,
                 const char *form_body)
{
  return g_strdup_printf ("<!DOCTYPE html><html><head><title>Signing in</title></head><body>"
                          "<form id=\"appForm\" action=\"%s\" method=\"POST\">%s</form>"
                          "</body></html>",
                          action, form_body);
}

/* --- SAML form (case 012 A) ---------------------------------------------- */

static void
test_saml_form_references (void)
{
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gsize expected_length = 0;
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;

  page = parse_data ("012-app-page-saml-form.html", &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->kind, ==, TD_APP_PAGE_SAML_FORM);
  g_assert_null (strstr (page->saml_response, "&#"));
  g_assert_cmpstr (page->form_action, ==, "https://signin.aws.amazon.com/saml");
  g_assert_cmpstr (page->partition, ==, "aws");
  g_assert_cmpstr (page->title, ==, "Signing in to Amazon Web Services");
  g_assert_null (page->state_token);

  expected = td_test_read_data ("005-saml-assertion-multi-role.xml", &expected_length);
  decoded = g_base64_decode (page->saml_response, &decoded_length);
  g_assert_cmpmem (decoded, decoded_length, expected, expected_length);
}

static void
test_saml_form_markup_variants (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "<input name=\"SAMLResponse\" type=\"hidden\" value=\"QU&#x2b;D&#x3d;\"/>", "QU+D=" },
    { "<input type='hidden' value='QU&#43;D&#61;' name='SAMLResponse'>", "QU+D=" },
    { "<input type=hidden value=QUJD name=SAMLResponse>", "QUJD" },
    { "<INPUT NAME=\"SAMLResponse\" VALUE=\"QU&amp;D\">", "QU&D" },
    { "<input value=\"\n  QUJD  \n\" name=\"SAMLResponse\" />", "QUJD" },
    { "<div><table><tr><td><input name=\"SAMLResponse\" value=\"QUJD\"></td></tr></table></div>", "QUJD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = build_form_page ("https://signin.aws.amazon.com/saml", cases[i].input);
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("Markup: %s", cases[i].input);
      page = parse_string (html, &error);
      g_assert_no_error (error);
      g_assert_cmpint (page->kind, ==, TD_APP_PAGE_SAML_FORM);
      g_assert_cmpstr (page->saml_response, ==, cases[i].expected);
      g_assert_cmpstr (page->form_action, ==, "https://signin.aws.amazon.com/saml");
    }
}

static void
test_saml_form_partitions (void)
{
  static const struct {
    const char *action;
    const char *expected_action;
    const char *partition;
  } cases[] = {
    { "https://signin.aws.amazon.com/saml", NULL, "aws" },
    { "https://us-east-2.signin.aws.amazon.com/saml", NULL, "aws" },
    { "https://SIGNIN.AWS.AMAZON.COM./saml", NULL, "aws" },
    { "https://signin.amazonaws-us-gov.com/saml", NULL, "aws-us-gov" },
    { "https://us-gov-east-1.signin.amazonaws-us-gov.com/saml", NULL, "aws-us-gov" },
    { "https&#x3a;&#x2f;&#x2f;signin.amazonaws-us-gov.com&#x2f;saml", "https://signin.amazonaws-us-gov.com/saml", "aws-us-gov" },
    { "https://signin.amazonaws.cn/saml", NULL, "aws-cn" },
    { "https://cn-north-1.signin.amazonaws.cn/saml", NULL, "aws-cn" },
    { "https://a.b.signin.amazonaws.cn/saml", NULL, "aws" },
    { "https://signin.aws.amazon.com.evil.example/saml", NULL, "aws" },
    { "https://evilsignin.amazonaws.cn/saml", NULL, "aws" },
    { "javascript:alert(1)", NULL, "aws" },
    { "/saml", "https://acme.okta.com/saml", "aws" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = build_form_page (cases[i].action, "<input name=\"SAMLResponse\" value=\"QUJD\">");
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;
      const char *expected_action = cases[i].expected_action ? cases[i].expected_action : cases[i].action;

      g_test_message ("Action: %s", cases[i].action);
      page = parse_string (html, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (page->partition, ==, cases[i].partition);
      g_assert_cmpstr (page->form_action, ==, expected_action);
    }
}

static void
test_saml_form_without_action (void)
{
  const char *html = "<html><body><form><input name=\"SAMLResponse\" value=\"QUJD\"></form></body></html>";
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_string (html, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->saml_response, ==, "QUJD");
  g_assert_null (page->form_action);
  g_assert_cmpstr (page->partition, ==, "aws");
  g_assert_null (page->title);
}

static void
test_saml_form_empty_value (void)
{
  static const char *const inputs[] = {
    "<input name=\"SAMLResponse\" value=\"\">",
    "<input name=\"SAMLResponse\" value=\"   \">",
    "<input name=\"SAMLResponse\">",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *html = build_form_page ("https://signin.aws.amazon.com/saml", inputs[i]);
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = parse_string (html, &error);
      g_assert_null (page);
      g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
      g_assert_nonnull (strstr (error->message, "empty SAMLResponse"));
      g_assert_nonnull (strstr (error->message, APP_URL));
    }
}

static void
test_saml_form_duplicates (void)
{
  g_autofree char *same = build_form_page ("https://signin.aws.amazon.com/saml",
                                           "<input name=\"SAMLResponse\" value=\"QUJD\">"
                                           "<input name=\"SAMLResponse\" value=\" QUJD \">");
  g_autofree char *different = build_form_page ("https://signin.aws.amazon.com/saml",
                                                 "<input name=\"SAMLResponse\" value=\"QUJD\">"
                                                 "<input name=\"SAMLResponse\" value=\"RUZH\">");
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(TdAppPage) rejected = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_string (same, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->saml_response, ==, "QUJD");

  rejected = parse_string (different, &error);
  g_assert_null (rejected);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "several SAMLResponse fields"));
  g_assert_null (strstr (error->message, "QUJD"));
  g_assert_null (strstr (error->message, "RUZH"));
}

/* --- federation form (case 012 B) ---------------------------------------- */

static void
test_federation_form (void)
{
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_data ("012-app-page-federation-form.html", &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, APP_URL));
  g_assert_nonnull (strstr (error->message, "signin.aws.amazon.com/federation"));
  g_assert_nonnull (strstr (error->message, "not a SAML assertion"));
  g_assert_nonnull (strstr (error->message, "AWS Account Federation (SAML)"));
  g_assert_null (strstr (error->message, "SigninToken-->"));
}

static void
test_federation_token_only (void)
{
  g_autofree char *html = build_form_page ("https://signin.aws.amazon.com/oauth",
                                           "<input name=\"SigninToken\" value=\"TOKENabc123\">");
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_string (html, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "AWS Account Federation (SAML)"));
  g_assert_null (strstr (error->message, "TOKENabc123"));
}

/* --- step-up (case 011) -------------------------------------------------- */

static void
test_step_up_json (void)
{
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_data ("011-extra-verification-page.html", &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->kind, ==, TD_APP_PAGE_STEP_UP);
  g_assert_cmpstr (page->state_token, ==, "00Zq7-EXAMPLEstepUpToken-AbcDef");
  g_assert_cmpstr (page->title, ==, "Acme - Extra Verification");
  g_assert_null (page->saml_response);
}

static void
test_step_up_forms (void)
{
  static const struct {
    const char *script;
    const char *expected;
  } cases[] = {
    { "var stateToken = '00Zq7\\x2DEXAMPLEstepUpToken\\x2DAbcDef';", "00Zq7-EXAMPLEstepUpToken-AbcDef" },
    { "var stateToken = \"00Zq7\\x2DEXAMPLE\\x5FAbc\";", "00Zq7-EXAMPLE_Abc" },
    { "var   stateToken='tok\\u002Done';", "tok-one" },
    { "var x = 1;\nvar stateToken = 'first';\nvar y = {\"stateToken\":\"second\"};", "first" },
    { "var y = {\"stateToken\":\"json\"};\nvar stateToken = \"double\";", "double" },
    { "var stateToken = '';\nvar d = {\"stateToken\" : \"fromJson\"};", "fromJson" },
    { "var stateTokenExpiry = 'no';\nvar d = {\"stateToken\":\"yes\"};", "yes" },
    { "myvar stateToken = 'no';\nvar d = {\"stateToken\":\"yes\"};", "yes" },
    { "var stateToken = 'has space';\nvar d = {\"stateToken\":\"clean\"};", "clean" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = g_strdup_printf ("<html><head><title>Acme - Extra Verification</title>"
                                               "<script>%s</script></head><body></body></html>",
                                               cases[i].script);
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("Script: %s", cases[i].script);
      page = parse_string (html, &error);
      g_assert_no_error (error);
      g_assert_cmpint (page->kind, ==, TD_APP_PAGE_STEP_UP);
      g_assert_cmpstr (page->state_token, ==, cases[i].expected);
    }
}

static void
test_step_up_unterminated (void)
{
  const char *html = "<html><head><title>Acme - Extra Verification</title>"
                     "<script>var stateToken = 'never closed\n;</script></head></html>";
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_string (html, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "Acme - Extra Verification"));
  g_assert_nonnull (strstr (error->message, "No SAML form was found"));
}

/* --- pages that end the sign-in ------------------------------------------ */

static void
test_second_factor_page (void)
{
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_data ("010-app-page-second-factor.html", &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, APP_URL));
  g_assert_nonnull (strstr (error->message, "requires another factor"));
  g_assert_null (strstr (error->message, "no AWS access"));
  assert_no_password_hint (error->message);
}

static void
test_second_factor_hidden_input (void)
{
  const char *html = "<html><head><title>Acme</title></head><body>"
                     "<form action=\"/login/do-login\" method=\"post\">"
                     "<input type=\"hidden\" name=\"fromURI\" value=\"/policy/second-factor?fromURI=%2Fapp&amp;ruleId=r1\"/>"
                     "</form></body></html>";
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = parse_string (html, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "requires another factor"));
  assert_no_password_hint (error->message);
}

static void
test_sign_in_page (void)
{
  static const char *const pages[] = {
    "<html><head><title>Acme - Sign In</title></head><body><div id=\"signin-container\"></div></body></html>",
    "<html><head><title>Acme</title></head><body><form action=\"/login/do-login\"></form>"
    "<script>var stateToken = ''; var fromUri = '\\x2Fapp\\x2FUserHome';</script></body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = parse_string (pages[i], &error);
      g_assert_null (page);
      g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
      g_assert_nonnull (strstr (error->message, "sign-in page"));
      g_assert_nonnull (strstr (error->message, "did not accept the Okta session"));
      g_assert_nonnull (strstr (error->message, APP_URL));
      assert_no_password_hint (error->message);
    }
}

static void
test_access_denied_page (void)
{
  static const struct {
    const char *html;
    const char *named;
  } cases[] = {
    { "<html><head><title>403 - Access Denied</title></head><body></body></html>", "403 - Access Denied" },
    { "<html><head><title>Acme</title></head><body><h1>Your app access is locked</h1></body></html>",
      "Your app access is locked" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = parse_string (cases[i].html, &error);
      g_assert_null (page);
      g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_nonnull (strstr (error->message, "denied or locked"));
    }
}

static void
test_other_page (void)
{
  static const struct {
    const char *html;
    const char *named;
  } cases[] = {
    /* The org dashboard that an org URL leads to (case 013). */
    { "<html><head><title>\n  Acme -\tMy Apps </title></head><body><div id=\"dashboard\"></div></body></html>",
      "“Acme - My Apps”" },
    { "<html><body><p>Hello</p></body></html>", "“untitled page”" },
    { "<html><head><title>   </title></head></html>", "“untitled page”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = parse_string (cases[i].html, &error);
      g_assert_null (page);
      g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
      g_assert_nonnull (strstr (error->message, "No SAML form was found"));
      g_assert_nonnull (strstr (error->message, cases[i].named));
      assert_no_password_hint (error->message);
    }
}

static void
test_page_url_query_hidden (void)
{
  const char *html = "<html><head><title>Acme</title></head></html>";
  const char *url = "https://acme.okta.com/login/sessionCookieRedirect?token=SESSIONsecret123&redirectUrl=x";
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = td_app_page_parse (html, strlen (html), url, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "https://acme.okta.com/login/sessionCookieRedirect"));
  g_assert_null (strstr (error->message, "SESSIONsecret123"));
}

/* --- malformed pages ----------------------------------------------------- */

static void
test_malformed_empty (void)
{
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = td_app_page_parse ("", 0, APP_URL, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "empty"));
}

static void
test_malformed_too_large (void)
{
  gsize length = TD_APP_PAGE_MAX_SIZE + 1;
  g_autofree char *html = g_malloc (length);
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  memset (html, ' ', length);
  memcpy (html, "<html><input name=SAMLResponse value=QUJD>", 42);

  page = td_app_page_parse (html, length, APP_URL, &error);
  g_assert_null (page);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "maximum"));
}

static void
test_malformed_deep_nesting (void)
{
  g_autoptr(GString) html = g_string_new ("<html><body>");
  g_autoptr(TdAppPage) page = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append (html, "<span>");
  g_string_append (html, "<input name=\"SAMLResponse\" value=\"QUJD\">");

  /* libxml2 2.9 drops elements past its nesting limit, newer versions may
   * keep them. Either way the walk must not run out of stack. */
  page = td_app_page_parse (html->str, html->len, APP_URL, &error);
  g_assert_true ((page == NULL) != (error == NULL));
  if (page != NULL)
    g_assert_cmpstr (page->saml_response, ==, "QUJD");
  else
    g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
}

static void
test_malformed_garbage (void)
{
  static const char *const inputs[] = {
    "\xff\xfe\x00<\x00h\x00",
    "<<<>>><!--",
    "<html><head><title>caf\xe9 \x01\x02</title></head></html>",
    "<script>var stateToken = '\\",
    "<html><body><form action=\"https://signin.aws.amazon.com/saml\"><input name=\"SAMLResponse\" value=\"QUJ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      gsize length = (i == 0) ? 7 : strlen (inputs[i]);
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("Input %u", i);
      page = td_app_page_parse (inputs[i], length, APP_URL, &error);

      /* Broken markup may still be read as some page. What matters is a
       * clean result and a readable message. */
      g_assert_true ((page == NULL) != (error == NULL));
      if (error != NULL)
        {
          g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
}

static void
test_malformed_truncated_data (void)
{
  gsize length = 0;
  g_autofree char *html = td_test_read_data ("012-app-page-saml-form.html", &length);

  for (gsize cut = 1; cut < length; cut += length / 9)
    {
      g_autoptr(TdAppPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = td_app_page_parse (html, cut, APP_URL, &error);
      g_assert_true ((page == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
    }
}

/* --- td_js_unescape ------------------------------------------------------ */

static void
test_js_unescape (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "", "" },
    { "plain", "plain" },
    { "\\x2Fpolicy\\x2Fsecond\\x2Dfactor\\x3F\\x3D\\x26\\x25", "/policy/second-factor?=&%" },
    { "\\x5f\\x5F", "__" },
    { "\\u0041\\u00e9", "Aé" },
    { "\\/\\\\\\'\\\"", "/\\'\"" },
    { "\\\\x41", "\\x41" },
    { "\\x4", "\\x4" },
    { "\\xZZ", "\\xZZ" },
    { "\\u00", "\\u00" },
    { "\\uD83D\\uDE00", "\xF0\x9F\x98\x80" },
    { "\\u{1F600}", "\xF0\x9F\x98\x80" },
    { "\\u{110000}", "\\u{110000}" },
    { "\\uD83D", "\xEF\xBF\xBD" },
    { "\\x00", "\xEF\xBF\xBD" },
    { "\\xE9", "é" },
    { "a\\nb\\tc", "a\nb\tc" },
    { "line\\\ncontinued", "linecontinued" },
    { "trailing\\", "trailing\\" },
    { "\\q", "q" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = td_js_unescape (cases[i].input);

      g_test_message ("Input: %s", cases[i].input);
      g_assert_cmpstr (output, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app-page/saml-form/character-references", test_saml_form_references);
  g_test_add_func ("/app-page/saml-form/markup-variants", test_saml_form_markup_variants);
  g_test_add_func ("/app-page/saml-form/partitions", test_saml_form_partitions);
  g_test_add_func ("/app-page/saml-form/without-action", test_saml_form_without_action);
  g_test_add_func ("/app-page/saml-form/empty-value", test_saml_form_empty_value);
  g_test_add_func ("/app-page/saml-form/duplicates", test_saml_form_duplicates);
  g_test_add_func ("/app-page/federation/form", test_federation_form);
  g_test_add_func ("/app-page/federation/token-only", test_federation_token_only);
  g_test_add_func ("/app-page/step-up/json-blob", test_step_up_json);
  g_test_add_func ("/app-page/step-up/token-forms", test_step_up_forms);
  g_test_add_func ("/app-page/step-up/unterminated", test_step_up_unterminated);
  g_test_add_func ("/app-page/second-factor/page", test_second_factor_page);
  g_test_add_func ("/app-page/second-factor/hidden-input", test_second_factor_hidden_input);
  g_test_add_func ("/app-page/sign-in/page", test_sign_in_page);
  g_test_add_func ("/app-page/access-denied/page", test_access_denied_page);
  g_test_add_func ("/app-page/other/page", test_other_page);
  g_test_add_func ("/app-page/errors/url-query-hidden", test_page_url_query_hidden);
  g_test_add_func ("/app-page/malformed/empty", test_malformed_empty);
  g_test_add_func ("/app-page/malformed/too-large", test_malformed_too_large);
  g_test_add_func ("/app-page/malformed/deep-nesting", test_malformed_deep_nesting);
  g_test_add_func ("/app-page/malformed/garbage", test_malformed_garbage);
  g_test_add_func ("/app-page/malformed/truncated", test_malformed_truncated_data);
  g_test_add_func ("/js-unescape/table", test_js_unescape);

  return g_test_run ();
}
