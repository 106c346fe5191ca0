/* td-log.h: log output of the command line and the tray application
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TdLogLevel:
 * The levels of `--loglevel`, from the most verbose.
 */
typedef enum {
  TD_LOG_LEVEL_DEBUG,
  TD_LOG_LEVEL_INFO,
  TD_LOG_LEVEL_WARNING,
  TD_LOG_LEVEL_ERROR,
} TdLogLevel;

gboolean td_log_level_parse (const char  *name,
                             TdLogLevel  *level);
gboolean td_log_setup       (TdLogLevel   level,
                             const char  *output_file,
                             GError     **error);

G_END_DECLS
