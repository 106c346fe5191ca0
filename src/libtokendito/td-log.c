/* td-log.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "td-error.h"
#include "td-log.h"

static TdLogLevel log_level = TD_LOG_LEVEL_WARNING;
static FILE *log_output;

/**
 * td_log_level_parse:
 * @name: `DEBUG`, `INFO`, `WARN`, `WARNING` or `ERROR`, in any case
 * @level: (out): the level
 *
 * Returns: %TRUE when @name is a level
 */
gboolean
td_log_level_parse (const char *name,
                    TdLogLevel *level)
{
  static const struct {
    const char *name;
    TdLogLevel  level;
  } names[] = {
    { "DEBUG", TD_LOG_LEVEL_DEBUG },
    { "INFO", TD_LOG_LEVEL_INFO },
    { "WARN", TD_LOG_LEVEL_WARNING },
    { "WARNING", TD_LOG_LEVEL_WARNING },
    { "ERROR", TD_LOG_LEVEL_ERROR },
    { "CRITICAL", TD_LOG_LEVEL_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (name != NULL && g_ascii_strcasecmp (name, names[i].name) == 0)
        {
          *level = names[i].level;
          return TRUE;
        }
    }

  return FALSE;
}

static TdLogLevel
level_of_flags (GLogLevelFlags flags)
{
  if (flags & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return TD_LOG_LEVEL_ERROR;
  if (flags & G_LOG_LEVEL_WARNING)
    return TD_LOG_LEVEL_WARNING;
  if (flags & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
    return TD_LOG_LEVEL_INFO;

  return TD_LOG_LEVEL_DEBUG;
}

static const char *
name_of_level (TdLogLevel level)
{
  switch (level)
    {
    case TD_LOG_LEVEL_DEBUG:
      return "DEBUG";
    case TD_LOG_LEVEL_INFO:
      return "INFO";
    case TD_LOG_LEVEL_WARNING:
      return "WARNING";
    case TD_LOG_LEVEL_ERROR:
    default:
      return "ERROR";
    }
}

static GLogWriterOutput
write_log_cb (GLogLevelFlags   flags,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;
  TdLogLevel level = level_of_flags (flags);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if (level < log_level)
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  /* Debug messages of other libraries are noise for our users; their
   * warnings are not. */
  if (level == TD_LOG_LEVEL_DEBUG && (domain == NULL || !g_str_has_prefix (domain, "Tokendito")))
    return G_LOG_WRITER_HANDLED;

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%H:%M:%S.%f");
  stamp[12] = '\0';
  fprintf (log_output ? log_output : stderr, "%s %s %s: %s\n", stamp, name_of_level (level),
           domain ? domain : "tokendito", message ? message : "");
  fflush (log_output ? log_output : stderr);

  return G_LOG_WRITER_HANDLED;
}

/**
 * td_log_setup:
 * @level: the least severe level shown
 * @output_file: (nullable): a file to append the log to instead of stderr
 *
 * Sends every GLib log message at @level or above to stderr or
 * @output_file. No secret is ever passed to the log, at any level.
 */
gboolean
td_log_setup (TdLogLevel   level,
              const char  *output_file,
              GError     **error)
{
  log_level = level;

  if (output_file != NULL)
    {
      int fd = open (output_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);

      if (fd < 0 || (log_output = fdopen (fd, "a")) == NULL)
        {
          int saved_errno = errno;

          if (fd >= 0)
            close (fd);
          g_set_error (error, TD_ERROR, TD_ERROR_CONFIG, _("Cannot open the log file %s: %s"),
                       output_file, g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_log_set_writer_func (write_log_cb, NULL, NULL);

  return TRUE;
}
