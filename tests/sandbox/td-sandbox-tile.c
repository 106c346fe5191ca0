/* td-sandbox-tile.c: the Okta session cookie and the AWS app tiles
 *
 * GET /login/sessionCookieRedirect trades a one-time session token for a
 * `sid` cookie, and GET /home/amazon_aws/<app>/<n> returns, for a signed-in
 * browser, the auto-post SAML form Okta serves (or one of the other pages a
 * tile can return instead).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "td-sandbox.h"

#define OKTA_ISSUER "http://www.okta.com/exk1a2b3c4d5e6f7g8h9"
#define COMMERCIAL_SAML "https://signin.aws.amazon.com/saml"
#define ALPHANUMERIC "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

typedef enum {
  TILE_SAML,
  TILE_FEDERATION,
  TILE_SECOND_FACTOR,
  TILE_STEP_UP,
} TileKind;

typedef struct
{
  const char          *app;
  TileKind             kind;
  const char          *destination;
  const char          *audience;
  const TdSandboxRole *roles;              /* ends with an entry whose value is NULL */
  guint                session_duration;   /* SessionDuration attribute; 0 leaves it out */
} Tile;

static const TdSandboxRole engineer_roles[] = {
  { "arn:aws:iam::123456789012:role/Engineer,arn:aws:iam::123456789012:saml-provider/AcmeOkta",
    "arn:aws:iam::123456789012:role/Engineer", "arn:aws:iam::123456789012:saml-provider/AcmeOkta", 43200 },
  { NULL }
};

/* Provider first, role first, whitespace with ", ", and a duplicate. */
static const TdSandboxRole multi_roles[] = {
  { "arn:aws:iam::123456789012:saml-provider/AcmeOkta,arn:aws:iam::123456789012:role/ReadOnly",
    "arn:aws:iam::123456789012:role/ReadOnly", "arn:aws:iam::123456789012:saml-provider/AcmeOkta", 43200 },
  { "arn:aws:iam::123456789012:role/Admin,arn:aws:iam::123456789012:saml-provider/AcmeOkta",
    "arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:saml-provider/AcmeOkta", 3600 },
  { "\n          arn:aws:iam::210987654321:role/teams/platform/Deployer, "
    "arn:aws:iam::210987654321:saml-provider/AcmeOkta\n        ",
    "arn:aws:iam::210987654321:role/teams/platform/Deployer",
    "arn:aws:iam::210987654321:saml-provider/AcmeOkta", 43200 },
  { "arn:aws:iam::123456789012:saml-provider/AcmeOkta,arn:aws:iam::123456789012:role/ReadOnly",
    "arn:aws:iam::123456789012:role/ReadOnly", "arn:aws:iam::123456789012:saml-provider/AcmeOkta", 43200 },
  { NULL }
};

static const TdSandboxRole denied_roles[] = {
  { "arn:aws:iam::123456789012:role/Denied,arn:aws:iam::123456789012:saml-provider/AcmeOkta",
    "arn:aws:iam::123456789012:role/Denied", "arn:aws:iam::123456789012:saml-provider/AcmeOkta", 43200, TRUE },
  { NULL }
};

static const TdSandboxRole gov_roles[] = {
  { "arn:aws-us-gov:iam::123456789012:role/GovAdmin,arn:aws-us-gov:iam::123456789012:saml-provider/AcmeOkta",
    "arn:aws-us-gov:iam::123456789012:role/GovAdmin",
    "arn:aws-us-gov:iam::123456789012:saml-provider/AcmeOkta", 43200 },
  { NULL }
};

static const TdSandboxRole china_roles[] = {
  { "arn:aws-cn:iam::123456789012:role/CnReadOnly,arn:aws-cn:iam::123456789012:saml-provider/AcmeOkta",
    "arn:aws-cn:iam::123456789012:role/CnReadOnly",
    "arn:aws-cn:iam::123456789012:saml-provider/AcmeOkta", 43200 },
  { NULL }
};

static const TdSandboxRole no_roles[] = {
  { NULL }
};

static const Tile tiles[] = {
  { "0oademo", TILE_SAML, COMMERCIAL_SAML, "urn:amazon:webservices", engineer_roles },
  { "0oamulti", TILE_SAML, COMMERCIAL_SAML, "urn:amazon:webservices", multi_roles, 28800 },
  { "0oadenied", TILE_SAML, COMMERCIAL_SAML, "urn:amazon:webservices", denied_roles },
  { "0oagov", TILE_SAML, "https://signin.amazonaws-us-gov.com/saml", "urn:amazon:webservices:govcloud", gov_roles },
  { "0oacn", TILE_SAML, "https://signin.amazonaws.cn/saml", "urn:amazon:webservices:cn", china_roles },
  { "0oanoroles", TILE_SAML, COMMERCIAL_SAML, "urn:amazon:webservices", no_roles },
  { "0oastepup", TILE_STEP_UP, COMMERCIAL_SAML, "urn:amazon:webservices", engineer_roles },
  { "0oafederation", TILE_FEDERATION },
  { "0oasecondfactor", TILE_SECOND_FACTOR },
};

static const Tile *
find_tile (const char *app)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      if (g_strcmp0 (tiles[i].app, app) == 0)
        return &tiles[i];
    }

  return NULL;
}

/* Writes @text the way Okta writes attribute values: every character but
 * letters, digits and ",.-_" as a hexadecimal character reference, so
 * `+` becomes `&#x2b;` and `=` becomes `&#x3d;`. */
static char *
encode_attribute (const char *text)
{
  GString *encoded = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr (",.-_", *p) != NULL)
        g_string_append_c (encoded, *p);
      else
        g_string_append_printf (encoded, "&#x%x;", (guchar) *p);
    }

  return g_string_free (encoded, FALSE);
}

/* Replaces the text between @start and the next @end (both kept). */
static void
replace_between (GString    *text,
                 const char *start,
                 const char *end,
                 const char *replacement)
{
  const char *from = strstr (text->str, start);
  const char *to;
  gsize position;

  g_assert (from != NULL);
  from += strlen (start);
  to = strstr (from, end);
  g_assert (to != NULL);

  position = from - text->str;
  g_string_erase (text, position, to - from);
  g_string_insert (text, position, replacement);
}

/* The SAML assertion. */

static void
append_attribute (GString    *xml,
                  const char *name,
                  const char *name_format,
                  const char *value)
{
  g_string_append_printf (xml, "<saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/%s\" "
                          "NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:%s\">",
                          name, name_format);
  if (value != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (value, -1);

      g_string_append_printf (xml, "<saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                              "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                              "xsi:type=\"xs:string\">%s</saml2:AttributeValue>", escaped);
    }
}

static void
append_attributes (GString    *xml,
                   const Tile *tile,
                   const char *login)
{
  g_string_append (xml, "<saml2:AttributeStatement xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">");

  /* A tile without roles leaves the Role attribute out altogether. */
  if (tile->roles[0].value != NULL)
    {
      append_attribute (xml, "Role", "uri", NULL);
      for (const TdSandboxRole *role = tile->roles; role->value != NULL; role++)
        {
          g_autofree char *escaped = g_markup_escape_text (role->value, -1);

          g_string_append_printf (xml, "<saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                                  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                  "xsi:type=\"xs:string\">%s</saml2:AttributeValue>", escaped);
        }
      g_string_append (xml, "</saml2:Attribute>");
    }

  append_attribute (xml, "RoleSessionName", "basic", login);
  g_string_append (xml, "</saml2:Attribute>");
  if (tile->session_duration != 0)
    {
      g_autofree char *duration = g_strdup_printf ("%u", tile->session_duration);

      append_attribute (xml, "SessionDuration", "basic", duration);
      g_string_append (xml, "</saml2:Attribute>");
    }

  g_string_append (xml, "</saml2:AttributeStatement>");
}

/* A signature block shaped like Okta's. Nothing checks it: STS here trusts
 * only the base64 strings this server issued. */
static void
append_fake_signature (GString    *xml,
                       const char *assertion_id)
{
  g_autofree char *digest = td_sandbox_random_string (ALPHANUMERIC "+/", 43);
  g_autofree char *signature = td_sandbox_random_string (ALPHANUMERIC "+/", 342);

  g_string_append_printf (xml,
    "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"
    "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"
    "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>"
    "<ds:Reference URI=\"#%s\"><ds:Transforms>"
    "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
    "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"
    "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
    "<ds:DigestValue>%s=</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    "<ds:SignatureValue>%s==</ds:SignatureValue><ds:KeyInfo><ds:X509Data>"
    "<ds:X509Certificate>MIIDsandboxFAKEcertificate</ds:X509Certificate>"
    "</ds:X509Data></ds:KeyInfo></ds:Signature>",
    assertion_id, digest, signature);
}

static char *
build_saml_response (const Tile *tile,
                     const char *login)
{
  GString *xml = g_string_new (NULL);
  gint64 now = g_get_real_time ();
  g_autofree char *issued = td_sandbox_format_time (now, TRUE);
  g_autofree char *not_before = td_sandbox_format_time (now - TD_SANDBOX_LIFETIME_US, TRUE);
  g_autofree char *not_after = td_sandbox_format_time (now + TD_SANDBOX_LIFETIME_US, TRUE);
  g_autofree char *response_digits = td_sandbox_random_string ("0123456789", 25);
  g_autofree char *assertion_digits = td_sandbox_random_string ("0123456789", 25);
  g_autofree char *assertion_id = g_strconcat ("id", assertion_digits, NULL);
  g_autofree char *escaped_login = g_markup_escape_text (login, -1);

  g_string_append_printf (xml,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><saml2p:Response "
    "xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"%s\" ID=\"id%s\" "
    "IssueInstant=\"%s\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
    "<saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
    "Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">" OKTA_ISSUER "</saml2:Issuer>"
    "<saml2p:Status xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
    "<saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>"
    "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"%s\" "
    "IssueInstant=\"%s\" Version=\"2.0\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
    "<saml2:Issuer Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\" "
    "xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">" OKTA_ISSUER "</saml2:Issuer>",
    tile->destination, response_digits, issued, assertion_id, issued);
  append_fake_signature (xml, assertion_id);
  g_string_append_printf (xml,
    "<saml2:Subject xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
    "<saml2:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">%s</saml2:NameID>"
    "<saml2:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
    "<saml2:SubjectConfirmationData NotOnOrAfter=\"%s\" Recipient=\"%s\"/>"
    "</saml2:SubjectConfirmation></saml2:Subject>"
    "<saml2:Conditions NotBefore=\"%s\" NotOnOrAfter=\"%s\" "
    "xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml2:AudienceRestriction>"
    "<saml2:Audience>%s</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>"
    "<saml2:AuthnStatement AuthnInstant=\"%s\" SessionIndex=\"%s\" "
    "xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml2:AuthnContext>"
    "<saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
    "</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>",
    escaped_login, not_after, tile->destination, not_before, not_after, tile->audience,
    issued, assertion_id);
  append_attributes (xml, tile, login);
  g_string_append (xml, "</saml2:Assertion></saml2p:Response>");

  return g_string_free (xml, FALSE);
}

static void
reply_saml_form (TdSandbox         *self,
                 SoupServerMessage *msg,
                 const Tile        *tile,
                 const char        *login)
{
  g_autofree char *xml = build_saml_response (tile, login);
  char *base64 = g_base64_encode ((const guchar *) xml, strlen (xml));
  g_autofree char *encoded_value = encode_attribute (base64);
  g_autofree char *encoded_action = encode_attribute (tile->destination);
  g_autofree char *page = td_sandbox_load_resource ("012-app-page-saml-form.html");
  g_autoptr(GString) text = g_string_new (page);
  TdSandboxAssertion *assertion = g_new0 (TdSandboxAssertion, 1);

  assertion->login = g_strdup (login);
  assertion->destination = tile->destination;
  assertion->roles = tile->roles;
  assertion->issued_us = g_get_monotonic_time ();
  g_hash_table_insert (self->assertions, base64, assertion);

  replace_between (text, "<form id=\"appForm\" action=\"", "\"", encoded_action);
  replace_between (text, "<input name=\"SAMLResponse\" type=\"hidden\" value=\"", "\"", encoded_value);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/html;charset=utf-8", text->str);
}

/* The other pages. */

void
td_sandbox_tile_handle_sign_in (TdSandbox         *self,
                                SoupServerMessage *msg,
                                const char        *from_uri)
{
  g_autofree char *page = td_sandbox_load_resource ("010-app-page-second-factor.html");
  g_autofree char *rebased = td_sandbox_rebase (self, page);
  g_autoptr(GString) text = g_string_new (rebased);
  g_autofree char *escaped_from = td_sandbox_escape_javascript (from_uri);
  g_autofree char *attribute_from = g_markup_escape_text (from_uri, -1);

  /* The recorded page sends the browser on to a second-factor policy, but
   * a plain sign-in page only stores where the browser came from. */
  replace_between (text, "var fromUri = '", "'", escaped_from);
  replace_between (text, "name=\"fromURI\" id=\"fromURI\" value=\"", "\"", attribute_from);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/html;charset=utf-8", text->str);
}

static void
reply_recorded_page (TdSandbox         *self,
                     SoupServerMessage *msg,
                     const char        *name)
{
  g_autofree char *page = td_sandbox_load_resource (name);
  g_autofree char *rebased = td_sandbox_rebase (self, page);

  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/html;charset=utf-8", rebased);
}

static void
reply_step_up_page (TdSandbox         *self,
                    SoupServerMessage *msg,
                    const char        *login)
{
  g_autofree char *page = td_sandbox_load_resource ("011-extra-verification-page.html");
  g_autofree char *rebased = td_sandbox_rebase (self, page);
  g_autoptr(GString) text = g_string_new (rebased);
  g_autofree char *state_token = td_sandbox_okta_start_step_up (self, login);
  g_autofree char *escaped_token = td_sandbox_escape_javascript (state_token);

  replace_between (text, "\"stateToken\":\"", "\"", escaped_token);
  td_sandbox_reply (msg, SOUP_STATUS_OK, "text/html;charset=utf-8", text->str);
}

/* Session cookie. */

static gboolean
is_own_origin (TdSandbox  *self,
               const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return FALSE;
  if (g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") != 0 && g_strcmp0 (g_uri_get_host (uri), "localhost") != 0)
    return FALSE;

  return g_uri_get_port (uri) == (int) self->port;
}

void
td_sandbox_tile_handle_redirect (TdSandbox         *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query)
{
  const char *token = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
  const char *redirect_url = query != NULL ? g_hash_table_lookup (query, "redirectUrl") : NULL;
  TdSandboxSessionToken *record;
  TdSandboxSession *session;
  g_autofree char *sid = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *sign_in_url = NULL;

  if (redirect_url == NULL || !is_own_origin (self, redirect_url))
    {
      td_sandbox_reply (msg, SOUP_STATUS_BAD_REQUEST, "text/plain",
                        "redirectUrl must be a URL on this org\n");
      return;
    }

  record = token != NULL ? g_hash_table_lookup (self->session_tokens, token) : NULL;
  if (record == NULL || g_get_monotonic_time () - record->created_us > TD_SANDBOX_LIFETIME_US)
    {
      sign_in_url = g_strconcat (self->base_url, "/login/default", NULL);
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, sign_in_url);
      return;
    }

  session = g_new0 (TdSandboxSession, 1);
  session->login = g_strdup (record->login);
  session->step_up_done = record->step_up_done;
  sid = td_sandbox_random_string (ALPHANUMERIC, 25);
  g_hash_table_insert (self->sessions, g_strdup (sid), session);
  g_hash_table_remove (self->session_tokens, token);

  cookie = g_strdup_printf ("sid=%s; Path=/; Secure; HttpOnly", sid);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, redirect_url);
}

static TdSandboxSession *
find_session (TdSandbox         *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (headers, "Cookie");
  g_autoptr(GHashTable) cookies = NULL;
  const char *sid;

  if (header == NULL)
    return NULL;

  cookies = soup_header_parse_semi_param_list (header);
  sid = g_hash_table_lookup (cookies, "sid");

  return sid != NULL ? g_hash_table_lookup (self->sessions, sid) : NULL;
}

void
td_sandbox_tile_handle_app (TdSandbox         *self,
                            SoupServerMessage *msg,
                            const char        *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  TdSandboxSession *session = find_session (self, msg);
  const Tile *tile;

  /* "", "home", "amazon_aws", app, n */
  tile = g_strv_length (segments) == 5 ? find_tile (segments[3]) : NULL;
  if (session == NULL)
    {
      td_sandbox_tile_handle_sign_in (self, msg, path);
      return;
    }
  if (tile == NULL)
    {
      td_sandbox_reply (msg, SOUP_STATUS_NOT_FOUND, "text/html",
                        "<html><head><title>Acme - Not Found</title></head><body>No such app</body></html>\n");
      return;
    }

  switch (tile->kind)
    {
    case TILE_SAML:
      reply_saml_form (self, msg, tile, session->login);
      break;
    case TILE_FEDERATION:
      reply_recorded_page (self, msg, "012-app-page-federation-form.html");
      break;
    case TILE_SECOND_FACTOR:
      reply_recorded_page (self, msg, "010-app-page-second-factor.html");
      break;
    case TILE_STEP_UP:
      /* NOTE: every visit returns the step-up page, not only the first,
       * until a session made from the step-up's own session token comes. */
      if (session->step_up_done)
        reply_saml_form (self, msg, tile, session->login);
      else
        reply_step_up_page (self, msg, session->login);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
session_free (gpointer data)
{
  TdSandboxSession *session = data;

  g_free (session->login);
  g_free (session);
}

static void
assertion_free (gpointer data)
{
  TdSandboxAssertion *assertion = data;

  g_free (assertion->login);
  g_free (assertion);
}

void
td_sandbox_tile_init (TdSandbox *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_free);
  self->assertions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, assertion_free);
}
