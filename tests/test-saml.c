/* test-saml.c: roles and attributes of the SAML assertion, and hostile XML
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-saml.h"
#include "td-test-utils.h"

#define SOURCE_URL "https://acme.okta.com/home/amazon_aws/0oa1a2b3c4d5e6f7g8h9/272"
#define ROLE_NAME_ATTRIBUTE "https://aws.amazon.com/SAML/Attributes/Role"

/* A canary string inside the assertion, which no error message may contain. */
#define CANARY "CANARYjane7d1f0c"

static char *
encode (const char *xml)
{
  return g_base64_encode ((const guchar *) xml, strlen (xml));
}

/* Wraps an AttributeStatement body in an Okta-style Response. */
static char *
build_response (const char *statement_body)
{
  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                          "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                          "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
                          "<saml2:Subject><saml2:NameID>" CANARY "</saml2:NameID></saml2:Subject>"
                          "<saml2:AttributeStatement>%s</saml2:AttributeStatement>"
                          "</saml2:Assertion></saml2p:Response>",
                          statement_body);
}

static char *
build_role_response (const char *value)
{
  g_autofree char *attribute = g_strdup_printf ("<saml2:Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\">"
                                                "<saml2:AttributeValue>%s</saml2:AttributeValue>"
                                                "</saml2:Attribute>",
                                                value);

  return build_response (attribute);
}

static TdSamlAssertion *
parse_xml (const char  *xml,
           GError     **error)
{
  g_autofree char *base64 = encode (xml);

  return td_saml_assertion_parse (base64, SOURCE_URL, error);
}

static void
assert_role (TdSamlAssertion *assertion,
             guint            index,
             const char      *role_arn,
             const char      *principal_arn)
{
  GPtrArray *roles = td_saml_assertion_get_roles (assertion);
  const TdRole *role;

  g_assert_cmpuint (index, <, roles->len);
  role = g_ptr_array_index (roles, index);
  g_assert_cmpstr (role->role_arn, ==, role_arn);
  g_assert_cmpstr (role->principal_arn, ==, principal_arn);
}

static void
assert_no_secret_in (const char *message)
{
  g_assert_null (strstr (message, CANARY));
  g_assert_null (strstr (message, "saml2:"));
}

/* --- case 005 ------------------------------------------------------------ */

static TdSamlAssertion *
parse_multi_role_data (void)
{
  g_autofree char *xml = td_test_read_data ("005-saml-assertion-multi-role.xml", NULL);
  g_autoptr(GError) error = NULL;
  TdSamlAssertion *assertion;

  assertion = parse_xml (xml, &error);
  g_assert_no_error (error);
  g_assert_nonnull (assertion);

  return assertion;
}

static void
test_roles_either_order (void)
{
  g_autoptr(TdSamlAssertion) assertion = parse_multi_role_data ();

  g_assert_cmpuint (td_saml_assertion_get_roles (assertion)->len, ==, 3);
  assert_role (assertion, 0, "arn:aws:iam::123456789012:role/ReadOnly",
               "arn:aws:iam::123456789012:saml-provider/AcmeOkta");
  assert_role (assertion, 1, "arn:aws:iam::123456789012:role/Admin",
               "arn:aws:iam::123456789012:saml-provider/AcmeOkta");
  assert_role (assertion, 2, "arn:aws:iam::210987654321:role/teams/platform/Deployer",
               "arn:aws:iam::210987654321:saml-provider/AcmeOkta");
}

static void
test_attributes_session (void)
{
  g_autoptr(TdSamlAssertion) assertion = parse_multi_role_data ();

  g_assert_cmpint (td_saml_assertion_get_session_duration (assertion), ==, 28800);
  g_assert_cmpstr (td_saml_assertion_get_role_session_name (assertion), ==, "jane.doe@acme.example");
}

static void
test_roles_lookup (void)
{
  g_autoptr(TdSamlAssertion) assertion = parse_multi_role_data ();
  const TdRole *role;

  role = td_saml_assertion_lookup_role (assertion, "arn:aws:iam::123456789012:role/ReadOnly");
  g_assert_nonnull (role);
  g_assert_cmpstr (role->principal_arn, ==, "arn:aws:iam::123456789012:saml-provider/AcmeOkta");

  role = td_saml_assertion_lookup_role (assertion, "arn:aws:iam::123456789012:role/Nobody");
  g_assert_null (role);

  role = td_saml_assertion_lookup_role (assertion, "arn:aws:iam::123456789012:saml-provider/AcmeOkta");
  g_assert_null (role);
}

static void
test_base64_kept (void)
{
  g_autofree char *xml = td_test_read_data ("005-saml-assertion-multi-role.xml", NULL);
  g_autofree char *base64 = encode (xml);
  g_autofree char *padded = g_strdup_printf ("  %s\n", base64);
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  assertion = td_saml_assertion_parse (padded, SOURCE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (td_saml_assertion_get_base64 (assertion), ==, base64);
}

static void
test_base64_wrapped_lines (void)
{
  g_autofree char *xml = td_test_read_data ("005-saml-assertion-multi-role.xml", NULL);
  g_autofree char *base64 = encode (xml);
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; base64[i] != '\0'; i++)
    {
      if (i > 0 && i % 76 == 0)
        g_string_append (wrapped, "\r\n");
      g_string_append_c (wrapped, base64[i]);
    }

  assertion = td_saml_assertion_parse (wrapped->str, SOURCE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (td_saml_assertion_get_roles (assertion)->len, ==, 3);
}

/* --- role accessors and partitions (case 006) ---------------------------- */

static void
test_role_accessors (void)
{
  g_autoptr(TdRole) role = td_role_new ("arn:aws:iam::210987654321:role/teams/platform/Deployer",
                                        "arn:aws:iam::210987654321:saml-provider/AcmeOkta");
  g_autoptr(TdRole) copy = td_role_copy (role);
  g_autofree char *name = td_role_dup_name (role);
  g_autofree char *account_id = td_role_dup_account_id (role);
  g_autofree char *partition = td_role_dup_partition (role);

  g_assert_cmpstr (name, ==, "Deployer");
  g_assert_cmpstr (account_id, ==, "210987654321");
  g_assert_cmpstr (partition, ==, "aws");
  g_assert_cmpstr (copy->role_arn, ==, role->role_arn);
  g_assert_cmpstr (copy->principal_arn, ==, role->principal_arn);
  g_assert_true (copy->role_arn != role->role_arn);
}

static void
test_role_accessors_invalid (void)
{
  g_autoptr(TdRole) role = td_role_new ("not-an-arn", "arn:aws:iam::210987654321:saml-provider/AcmeOkta");
  g_autofree char *name = td_role_dup_name (role);
  g_autofree char *account_id = td_role_dup_account_id (role);
  g_autofree char *partition = td_role_dup_partition (role);

  g_assert_null (name);
  g_assert_null (account_id);
  g_assert_null (partition);
}

static void
test_roles_partitions (void)
{
  static const struct {
    const char *value;
    const char *role_arn;
    const char *partition;
    const char *name;
  } cases[] = {
    { "arn:aws-us-gov:iam::123456789012:role/GovAdmin,arn:aws-us-gov:iam::123456789012:saml-provider/AcmeOkta",
      "arn:aws-us-gov:iam::123456789012:role/GovAdmin", "aws-us-gov", "GovAdmin" },
    { "arn:aws-cn:iam::123456789012:role/CnReadOnly,arn:aws-cn:iam::123456789012:saml-provider/AcmeOkta",
      "arn:aws-cn:iam::123456789012:role/CnReadOnly", "aws-cn", "CnReadOnly" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = build_role_response (cases[i].value);
      g_autoptr(TdSamlAssertion) assertion = NULL;
      g_autoptr(GError) error = NULL;
      const TdRole *role;
      g_autofree char *partition = NULL;
      g_autofree char *name = NULL;

      assertion = parse_xml (xml, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (td_saml_assertion_get_roles (assertion)->len, ==, 1);

      role = g_ptr_array_index (td_saml_assertion_get_roles (assertion), 0);
      partition = td_role_dup_partition (role);
      name = td_role_dup_name (role);
      g_assert_cmpstr (role->role_arn, ==, cases[i].role_arn);
      g_assert_cmpstr (partition, ==, cases[i].partition);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* --- namespaces ---------------------------------------------------------- */

static void
test_namespaces_any_prefix (void)
{
  static const char *const documents[] = {
    "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
    "<saml:Assertion><saml:AttributeStatement>"
    "<saml:Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\"><saml:AttributeValue>"
    "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/AcmeOkta"
    "</saml:AttributeValue></saml:Attribute>"
    "</saml:AttributeStatement></saml:Assertion></samlp:Response>",

    "<Response xmlns=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
    "<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\"><AttributeStatement>"
    "<Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\"><AttributeValue>"
    "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/AcmeOkta"
    "</AttributeValue></Attribute>"
    "</AttributeStatement></Assertion></Response>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(TdSamlAssertion) assertion = NULL;
      g_autoptr(GError) error = NULL;

      assertion = parse_xml (documents[i], &error);
      g_assert_no_error (error);
      assert_role (assertion, 0, "arn:aws:iam::123456789012:role/Admin",
                   "arn:aws:iam::123456789012:saml-provider/AcmeOkta");
    }
}

static void
test_roles_outside_statement_ignored (void)
{
  const char *xml =
    "<Response><Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\"><AttributeValue>"
    "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/AcmeOkta"
    "</AttributeValue></Attribute></Response>";
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  assertion = parse_xml (xml, &error);
  g_assert_error (error, TD_ERROR, TD_ERROR_NO_ROLES);
  g_assert_null (assertion);
}

/* --- case 004 and malformed values --------------------------------------- */

static void
assert_no_roles_error (const GError *error)
{
  g_assert_error (error, TD_ERROR, TD_ERROR_NO_ROLES);
  g_assert_nonnull (strstr (error->message, SOURCE_URL));
  g_assert_nonnull (strstr (error->message, "No AWS role/provider pair was found"));
  g_assert_nonnull (strstr (error->message, "role assignment"));
  assert_no_secret_in (error->message);
}

static void
test_no_roles_attribute_missing (void)
{
  g_autofree char *xml = build_response ("<saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\">"
                                         "<saml2:AttributeValue>jane.doe@acme.example</saml2:AttributeValue>"
                                         "</saml2:Attribute>");
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  assertion = parse_xml (xml, &error);
  g_assert_null (assertion);
  assert_no_roles_error (error);
}

static void
test_no_roles_empty_value (void)
{
  g_autofree char *xml = build_response ("<saml2:Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\">"
                                         "<saml2:AttributeValue/></saml2:Attribute>");
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("Tokendito", G_LOG_LEVEL_WARNING, "*Skipping the Role value*");
  assertion = parse_xml (xml, &error);
  g_test_assert_expected_messages ();
  g_assert_null (assertion);
  assert_no_roles_error (error);
}

static void
test_no_roles_one_half (void)
{
  g_autofree char *xml = build_role_response ("arn:aws:iam::123456789012:role/Admin");
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("Tokendito", G_LOG_LEVEL_WARNING, "*Skipping the Role value*role/Admin*");
  assertion = parse_xml (xml, &error);
  g_test_assert_expected_messages ();
  g_assert_null (assertion);
  assert_no_roles_error (error);
}

static void
test_roles_malformed_skipped (void)
{
  static const struct {
    const char *value;
    const char *reason;
  } cases[] = {
    { "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:role/B", "*two role ARNs*" },
    { "arn:aws:iam::123456789012:saml-provider/A,arn:aws:iam::123456789012:saml-provider/B", "*two SAML provider ARNs*" },
    { "arn:aws:iam::12345678901:role/A,arn:aws:iam::123456789012:saml-provider/P", "*not a valid*" },
    { "arn:azure:iam::123456789012:role/A,arn:azure:iam::123456789012:saml-provider/P", "*not a valid*" },
    { "arn:aws:iam::123456789012:role/,arn:aws:iam::123456789012:saml-provider/P", "*not a valid*" },
    { "arn:aws:iam::123456789012:role/A B,arn:aws:iam::123456789012:saml-provider/P", "*not a valid*" },
    { "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P,extra", "*not two*" },
    { "arn:aws:iam::123456789012:role/A,arn:aws-cn:iam::123456789012:saml-provider/P", "*different partitions*" },
    { ",", "*not a valid*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *good = g_strdup_printf ("<saml2:Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\">"
                                               "<saml2:AttributeValue>%s</saml2:AttributeValue>"
                                               "<saml2:AttributeValue>arn:aws:iam::123456789012:role/Good,"
                                               "arn:aws:iam::123456789012:saml-provider/AcmeOkta</saml2:AttributeValue>"
                                               "</saml2:Attribute>",
                                               cases[i].value);
      g_autofree char *xml = build_response (good);
      g_autoptr(TdSamlAssertion) assertion = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("Role value: %s", cases[i].value);
      g_test_expect_message ("Tokendito", G_LOG_LEVEL_WARNING, cases[i].reason);
      assertion = parse_xml (xml, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_cmpuint (td_saml_assertion_get_roles (assertion)->len, ==, 1);
      assert_role (assertion, 0, "arn:aws:iam::123456789012:role/Good",
                   "arn:aws:iam::123456789012:saml-provider/AcmeOkta");
    }
}

static void
test_session_duration_invalid (void)
{
  static const char *const values[] = { "abc", "-5", "0", "", "12h", "99999999999999999999999" };
  const char *role = "<saml2:Attribute Name=\"" ROLE_NAME_ATTRIBUTE "\"><saml2:AttributeValue>"
                     "arn:aws:iam::123456789012:role/A,arn:aws:iam::123456789012:saml-provider/P"
                     "</saml2:AttributeValue></saml2:Attribute>";

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *body = g_strdup_printf ("%s<saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\">"
                                               "<saml2:AttributeValue>%s</saml2:AttributeValue></saml2:Attribute>",
                                               role, values[i]);
      g_autofree char *xml = build_response (body);
      g_autoptr(TdSamlAssertion) assertion = NULL;
      g_autoptr(GError) error = NULL;

      assertion = parse_xml (xml, &error);
      g_assert_no_error (error);
      g_assert_cmpint (td_saml_assertion_get_session_duration (assertion), ==, 0);
      g_assert_null (td_saml_assertion_get_role_session_name (assertion));
    }
}

/* --- base64 -------------------------------------------------------------- */

static void
test_base64_invalid (void)
{
  static const char *const inputs[] = {
    "", "   ", "\n", "abc", "ab!d", "ab=c", "a===", "====", "QUJD QUJD", "QUJD\tQUJD",
    "QUJD&#x2b;QUJD", "QUJD=QUJD", "\xff\xfe\xfd\xfc",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(TdSamlAssertion) assertion = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("Input %u", i);
      assertion = td_saml_assertion_parse (inputs[i], SOURCE_URL, &error);
      g_assert_null (assertion);
      g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
      g_assert_nonnull (strstr (error->message, "not valid base64"));
      g_assert_nonnull (strstr (error->message, SOURCE_URL));
    }
}

static void
test_base64_too_large (void)
{
  gsize decoded_size = TD_SAML_MAX_DECODED_SIZE + 3;
  g_autofree char *base64 = g_malloc (decoded_size / 3 * 4 + 1);
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  memset (base64, 'A', decoded_size / 3 * 4);
  base64[decoded_size / 3 * 4] = '\0';

  assertion = td_saml_assertion_parse (base64, SOURCE_URL, &error);
  g_assert_null (assertion);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, "maximum"));
}

/* --- hostile and broken XML ---------------------------------------------- */

static void
assert_rejected_xml (const char *xml,
                     gsize       length,
                     const char *expected_text)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) xml, length);
  g_autoptr(TdSamlAssertion) assertion = NULL;
  g_autoptr(GError) error = NULL;

  assertion = td_saml_assertion_parse (base64, SOURCE_URL, &error);
  g_assert_null (assertion);
  g_assert_error (error, TD_ERROR, TD_ERROR_APP_PAGE);
  g_assert_nonnull (strstr (error->message, SOURCE_URL));
  g_assert_nonnull (strstr (error->message, expected_text));
  assert_no_secret_in (error->message);
  g_assert_null (strstr (error->message, "root:"));
}

static void
test_xml_billion_laughs (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY l0 \"" CANARY "\">");
  g_autofree char *role = build_role_response ("&l9;");

  for (int i = 1; i <= 9; i++)
    g_string_append_printf (xml, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (xml, "]>");
  g_string_append (xml, strchr (role + 1, '<'));

  assert_rejected_xml (xml->str, xml->len, "DOCTYPE");
}

static void
test_xml_external_entity (void)
{
  g_autofree char *role = build_role_response ("&xxe;");
  g_autofree char *xml = g_strdup_printf ("<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>%s",
                                          strchr (role + 1, '<'));

  assert_rejected_xml (xml, strlen (xml), "DOCTYPE");
}

static void
test_xml_external_dtd (void)
{
  const char *xml = "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><r/>";

  assert_rejected_xml (xml, strlen (xml), "DOCTYPE");
}

static void
test_xml_deep_nesting (void)
{
  g_autoptr(GString) xml = g_string_new (NULL);

  for (int i = 0; i < 5000; i++)
    g_string_append (xml, "<a>");
  g_string_append (xml, CANARY);
  for (int i = 0; i < 5000; i++)
    g_string_append (xml, "</a>");

  assert_rejected_xml (xml->str, xml->len, "not well-formed");
}

static void
test_xml_truncated (void)
{
  g_autofree char *xml = td_test_read_data ("005-saml-assertion-multi-role.xml", NULL);
  gsize length = strlen (xml);

  for (gsize cut = 1; cut < length; cut += length / 7)
    assert_rejected_xml (xml, cut, "not well-formed");
}

static void
test_xml_not_utf8 (void)
{
  const char latin1[] = "<r>caf\xe9 " CANARY "</r>";
  const char utf16[] = "\xff\xfe<\0r\0/\0>\0";

  assert_rejected_xml (latin1, sizeof latin1 - 1, "not valid UTF-8");
  assert_rejected_xml (utf16, sizeof utf16 - 1, "not valid UTF-8");
}

static void
test_xml_not_xml (void)
{
  const char *inputs[] = { "hello " CANARY, "<html><body>" CANARY "</body>", "\x01\x02\x03" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_rejected_xml (inputs[i], strlen (inputs[i]), "not well-formed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/saml/roles/either-order", test_roles_either_order);
  g_test_add_func ("/saml/roles/lookup", test_roles_lookup);
  g_test_add_func ("/saml/roles/partitions", test_roles_partitions);
  g_test_add_func ("/saml/roles/malformed-skipped", test_roles_malformed_skipped);
  g_test_add_func ("/saml/roles/outside-statement-ignored", test_roles_outside_statement_ignored);
  g_test_add_func ("/saml/role/accessors", test_role_accessors);
  g_test_add_func ("/saml/role/accessors-invalid", test_role_accessors_invalid);
  g_test_add_func ("/saml/attributes/session", test_attributes_session);
  g_test_add_func ("/saml/attributes/duration-invalid", test_session_duration_invalid);
  g_test_add_func ("/saml/namespaces/any-prefix", test_namespaces_any_prefix);
  g_test_add_func ("/saml/no-roles/attribute-missing", test_no_roles_attribute_missing);
  g_test_add_func ("/saml/no-roles/empty-value", test_no_roles_empty_value);
  g_test_add_func ("/saml/no-roles/one-half", test_no_roles_one_half);
  g_test_add_func ("/saml/base64/kept-for-sts", test_base64_kept);
  g_test_add_func ("/saml/base64/wrapped-lines", test_base64_wrapped_lines);
  g_test_add_func ("/saml/base64/invalid", test_base64_invalid);
  g_test_add_func ("/saml/base64/too-large", test_base64_too_large);
  g_test_add_func ("/saml/xml/billion-laughs", test_xml_billion_laughs);
  g_test_add_func ("/saml/xml/external-entity", test_xml_external_entity);
  g_test_add_func ("/saml/xml/external-dtd", test_xml_external_dtd);
  g_test_add_func ("/saml/xml/deep-nesting", test_xml_deep_nesting);
  g_test_add_func ("/saml/xml/truncated", test_xml_truncated);
  g_test_add_func ("/saml/xml/not-utf8", test_xml_not_utf8);
  g_test_add_func ("/saml/xml/not-xml", test_xml_not_xml);

  return g_test_run ();
}
