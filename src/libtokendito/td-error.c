/* td-error.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <gio/gio.h>

#include "td-error.h"

G_DEFINE_QUARK (td-error-quark, td_error)

/**
 * td_error_get_exit_status:
 * @error: (nullable): the error that ended a run
 *
 * Maps @error to the exit status documented in the README: 2 for errors the
 * user fixes in the settings or on the command line, 130 for cancellation,
 * 1 for everything else.
 */
int
td_error_get_exit_status (const GError *error)
{
  if (error == NULL)
    return TD_EXIT_OK;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TD_EXIT_CANCELLED;

  if (error->domain != TD_ERROR)
    return TD_EXIT_FAILURE;

  switch ((TdError) error->code)
    {
    case TD_ERROR_CONFIG:
    case TD_ERROR_NEEDS_INPUT:
    case TD_ERROR_NO_ROLES:
    case TD_ERROR_AWS_FILES:
      return TD_EXIT_CONFIG;

    case TD_ERROR_AUTH_FAILED:
    case TD_ERROR_ACCOUNT:
    case TD_ERROR_MFA_REJECTED:
    case TD_ERROR_MFA_TIMEOUT:
    case TD_ERROR_MFA_INVALID:
    case TD_ERROR_SESSION_EXPIRED:
    case TD_ERROR_RATE_LIMITED:
    case TD_ERROR_NETWORK:
    case TD_ERROR_SERVER:
    case TD_ERROR_APP_PAGE:
    case TD_ERROR_STS:
    case TD_ERROR_UNSUPPORTED:
    case TD_ERROR_KEYRING:
    default:
      return TD_EXIT_FAILURE;
    }
}
