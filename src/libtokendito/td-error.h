/* td-error.h: the error domain of the core library
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TD_ERROR (td_error_quark ())

/**
 * TdError:
 * @TD_ERROR_CONFIG: a setting is missing or invalid; the user fixes the settings.
 * @TD_ERROR_NEEDS_INPUT: a choice or answer is needed but nobody can be asked
 *   (no terminal); the message lists what could be given on the command line.
 * @TD_ERROR_AUTH_FAILED: Okta rejected the user name or password.
 * @TD_ERROR_ACCOUNT: the account needs action in a browser (locked out,
 *   password expired, no factor enrolled).
 * @TD_ERROR_MFA_REJECTED: the user rejected the MFA challenge.
 * @TD_ERROR_MFA_TIMEOUT: the MFA challenge expired before it was answered.
 * @TD_ERROR_MFA_INVALID: Okta rejected the passcode or answer.
 * @TD_ERROR_SESSION_EXPIRED: the Okta transaction or session ended; sign in again.
 * @TD_ERROR_RATE_LIMITED: Okta or AWS asked to slow down.
 * @TD_ERROR_NETWORK: a connection, TLS or time-out failure.
 * @TD_ERROR_SERVER: the server sent a reply that is malformed or unexpected.
 * @TD_ERROR_APP_PAGE: the AWS app tile did not return a SAML assertion.
 * @TD_ERROR_NO_ROLES: the SAML assertion carries no usable AWS role.
 * @TD_ERROR_STS: AWS STS refused to issue credentials.
 * @TD_ERROR_AWS_FILES: the AWS credentials or config file cannot be updated.
 * @TD_ERROR_UNSUPPORTED: the factor or sign-in flow is not supported.
 * @TD_ERROR_KEYRING: the Secret Service is unavailable (no session bus, no
 *   service, no default keyring) or its keyring is locked. The message says
 *   which.
 *
 * Codes of %TD_ERROR. Each code tells the caller what to do next.
 * Cancellation is reported as %G_IO_ERROR_CANCELLED.
 */
typedef enum {
  TD_ERROR_CONFIG,
  TD_ERROR_NEEDS_INPUT,
  TD_ERROR_AUTH_FAILED,
  TD_ERROR_ACCOUNT,
  TD_ERROR_MFA_REJECTED,
  TD_ERROR_MFA_TIMEOUT,
  TD_ERROR_MFA_INVALID,
  TD_ERROR_SESSION_EXPIRED,
  TD_ERROR_RATE_LIMITED,
  TD_ERROR_NETWORK,
  TD_ERROR_SERVER,
  TD_ERROR_APP_PAGE,
  TD_ERROR_NO_ROLES,
  TD_ERROR_STS,
  TD_ERROR_AWS_FILES,
  TD_ERROR_UNSUPPORTED,
  TD_ERROR_KEYRING,
} TdError;

/* Exit statuses of the command line, shared by every front end that exits. */
#define TD_EXIT_OK 0
#define TD_EXIT_FAILURE 1
#define TD_EXIT_CONFIG 2
#define TD_EXIT_CANCELLED 130

GQuark td_error_quark (void);
int    td_error_get_exit_status (const GError *error);

G_END_DECLS
