/* td-aws-files.c: writing the AWS credentials and config files
 *
 * Every update is a locked read-modify-write that replaces the file
 * atomically:
 *
 * 1. open the file's directory (O_DIRECTORY) and take an exclusive flock on
 *    it, so that two of our writers never lose each other's update;
 * 2. read the file relative to that descriptor, without following links;
 * 3. write the new bytes to a randomly named temporary file created with
 *    O_CREAT|O_EXCL|O_NOFOLLOW in the same directory, fsync it, rename it
 *    over the file and fsync the directory.
 *
 * Readers therefore see either the old or the new file, never a partial one.
 * The lock binds our own writers only: the AWS CLI takes no lock.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "td-aws-files.h"
#include "td-error.h"
#include "td-ini.h"

/* A credentials or config file larger than this is not one we wrote. */
#define MAX_FILE_SIZE (16 * 1024 * 1024)

/* How long to wait for another of our writers to release the lock. */
#define LOCK_TIMEOUT_US (30 * G_USEC_PER_SEC)

#define EXPIRES_KEY "x_security_token_expires"

typedef struct {
  char     *path;         /* as given, for messages */
  char     *real_path;    /* the file written: the target of a symbolic link */
  char     *dir_path;
  char     *base_name;
  int       dir_fd;
  gboolean  owns_dir_fd;
  dev_t     dir_dev;
  ino_t     dir_ino;

  gboolean  exists;
  mode_t    old_mode;
  char     *old_contents;
  gsize     old_length;
  char     *new_contents; /* NULL: leave the file as it is */
  gsize     new_length;
} Target;

static void
target_clear (Target *target)
{
  if (target->owns_dir_fd && target->dir_fd >= 0)
    close (target->dir_fd);   /* also releases the flock */

  g_free (target->path);
  g_free (target->real_path);
  g_free (target->dir_path);
  g_free (target->base_name);
  if (target->old_contents != NULL)
    explicit_bzero (target->old_contents, target->old_length);
  g_free (target->old_contents);
  if (target->new_contents != NULL)
    explicit_bzero (target->new_contents, target->new_length);
  g_free (target->new_contents);
  memset (target, 0, sizeof *target);
  target->dir_fd = -1;
}

static void
target_init (Target     *target,
             const char *path)
{
  memset (target, 0, sizeof *target);
  target->dir_fd = -1;
  target->path = g_strdup (path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES, "%s (%s)", message, g_strerror (saved_errno));
  return FALSE;
}

/* A symbolic link is kept: the file it points to is replaced in its own
 * directory, as dotfile managers expect. */
static gboolean
resolve_target (Target  *target,
                GError **error)
{
  const char *path = target->path;
  struct stat st;

  if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *link = g_file_read_link (path, NULL);
      char *real = realpath (path, NULL);

      if (real == NULL)
        return set_errno_error (error, errno,
                                "%s is a symbolic link to %s, which cannot be reached; "
                                "create that file or remove the link, then run tokendito again",
                                path, link != NULL ? link : "an unreadable target");

      target->real_path = g_strdup (real);
      free (real);
    }
  else
    {
      target->real_path = g_strdup (path);
    }

  target->dir_path = g_path_get_dirname (target->real_path);
  target->base_name = g_path_get_basename (target->real_path);

  return TRUE;
}

static gboolean
check_directory (Target      *target,
                 struct stat *st,
                 GError     **error)
{
  if (st->st_uid != geteuid ())
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("The folder %s belongs to another user, so files in it could be "
                   "replaced behind our back; use a folder of your own"), target->dir_path);
      return FALSE;
    }

  if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("The folder %s is writable by other users, so they could replace "
                   "%s; run ‘chmod go-w %s’ and try again"),
                   target->dir_path, target->base_name, target->dir_path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
open_directory (Target  *target,
                GError **error)
{
  struct stat st;

  if (!g_file_test (target->dir_path, G_FILE_TEST_EXISTS)
      && g_mkdir_with_parents (target->dir_path, 0700) != 0)
    return set_errno_error (error, errno, "Could not create the folder %s for %s",
                            target->dir_path, target->path);

  target->dir_fd = open (target->dir_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (target->dir_fd < 0)
    return set_errno_error (error, errno, "Could not open the folder %s of %s",
                            target->dir_path, target->path);
  target->owns_dir_fd = TRUE;

  if (fstat (target->dir_fd, &st) != 0)
    return set_errno_error (error, errno, "Could not inspect the folder %s", target->dir_path);

  target->dir_dev = st.st_dev;
  target->dir_ino = st.st_ino;

  return check_directory (target, &st, error);
}

static gboolean
lock_directory (Target  *target,
                GError **error)
{
  gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT_US;

  while (flock (target->dir_fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        return set_errno_error (error, errno, "Could not lock the folder %s", target->dir_path);

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                       _("Timed out after %d s waiting for another tokendito to finish "
                       "writing in %s; try again"),
                       (int) (LOCK_TIMEOUT_US / G_USEC_PER_SEC), target->dir_path);
          return FALSE;
        }

      g_usleep (2000);
    }

  return TRUE;
}

static gboolean
read_all (int      fd,
          Target  *target,
          gsize    size,
          GError **error)
{
  gsize done = 0;

  target->old_contents = g_malloc (size + 1);
  while (done < size)
    {
      gssize n = read (fd, target->old_contents + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, "Could not read %s", target->path);
      if (n == 0)
        break;
      done += n;
    }

  target->old_contents[done] = '\0';
  target->old_length = done;

  return TRUE;
}

static gboolean
check_and_read (int      fd,
                Target  *target,
                GError **error)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    return set_errno_error (error, errno, "Could not inspect %s", target->path);

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("%s is not a regular file; move it away and try again"), target->path);
      return FALSE;
    }

  if (st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("%s is larger than %d MiB, which is not an AWS file; check the path"),
                   target->path, MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }

  target->exists = TRUE;
  target->old_mode = st.st_mode & 07777;

  return read_all (fd, target, st.st_size, error);
}

static gboolean
read_target (Target  *target,
             GError **error)
{
  gboolean success;
  int fd;

  fd = openat (target->dir_fd, target->base_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 && errno == ENOENT)
    return TRUE;
  if (fd < 0 && errno == ELOOP)
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("%s became a symbolic link while it was being updated; nothing was "
                   "written, check the file and try again"), target->path);
      return FALSE;
    }
  if (fd < 0)
    return set_errno_error (error, errno, "Could not open %s", target->path);

  success = check_and_read (fd, target, error);
  close (fd);

  return success;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

static int
create_temporary (Target  *target,
                  char   **tmp_name)
{
  for (int attempt = 0; attempt < 16; attempt++)
    {
      int fd;

      *tmp_name = g_strdup_printf (".%s.tmp-%08x%08x", target->base_name,
                                   g_random_int (), g_random_int ());
      fd = openat (target->dir_fd, *tmp_name,
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0 || errno != EEXIST)
        return fd;

      g_clear_pointer (tmp_name, g_free);
    }

  errno = EEXIST;
  return -1;
}

static mode_t
choose_mode (Target         *target,
             TdAwsFilesMode  mode)
{
  if (mode == TD_AWS_FILES_MODE_KEEP)
    return target->exists ? target->old_mode : 0600;

  if (target->exists && target->old_mode != 0600)
    g_message ("Changed the permissions of %s from %04o to 0600 because it contains secrets",
               target->path, (unsigned) target->old_mode);

  return 0600;
}

/* fchmod sets the mode exactly, whatever the umask. */
static gboolean
fill_temporary (int      fd,
                Target  *target,
                mode_t   file_mode,
                GError **error)
{
  if (!write_all (fd, target->new_contents, target->new_length))
    return set_errno_error (error, errno, "Could not write the new %s; the old file is unchanged",
                            target->path);

  if (fchmod (fd, file_mode) != 0)
    return set_errno_error (error, errno, "Could not set the permissions of the new %s; "
                            "the old file is unchanged", target->path);

  if (fsync (fd) != 0)
    return set_errno_error (error, errno, "Could not flush the new %s to disk; "
                            "the old file is unchanged", target->path);

  return TRUE;
}

static gboolean
replace_target (Target          *target,
                TdAwsFilesMode   mode,
                GError         **error)
{
  g_autofree char *tmp_name = NULL;
  mode_t file_mode = choose_mode (target, mode);
  int fd;

  fd = create_temporary (target, &tmp_name);
  if (fd < 0)
    return set_errno_error (error, errno,
                            "Could not create a temporary file in %s to update %s; make sure "
                            "the folder is writable by you", target->dir_path, target->path);

  if (!fill_temporary (fd, target, file_mode, error))
    {
      close (fd);
      unlinkat (target->dir_fd, tmp_name, 0);
      return FALSE;
    }

  if (close (fd) != 0 || renameat (target->dir_fd, tmp_name, target->dir_fd, target->base_name) != 0)
    {
      int saved_errno = errno;

      unlinkat (target->dir_fd, tmp_name, 0);
      return set_errno_error (error, saved_errno, "Could not replace %s; the old file is unchanged",
                              target->path);
    }

  /* The rename is durable only once the directory entry is on disk. */
  if (fsync (target->dir_fd) != 0)
    g_warning ("Could not flush the folder %s to disk: %s", target->dir_path, g_strerror (errno));

  return TRUE;
}

/* Opens the directories of @targets and locks them in (device, inode)
 * order, so that two processes locking the same pair cannot deadlock.
 * Targets in the same directory share one descriptor, because a second
 * flock on another descriptor of the same directory would wait for the first. */
static gboolean
lock_targets (Target  **targets,
              guint     n_targets,
              GError  **error)
{
  for (guint i = 0; i < n_targets; i++)
    {
      if (!resolve_target (targets[i], error) || !open_directory (targets[i], error))
        return FALSE;

      for (guint j = 0; j < i; j++)
        {
          if (targets[j]->owns_dir_fd && targets[j]->dir_dev == targets[i]->dir_dev
              && targets[j]->dir_ino == targets[i]->dir_ino)
            {
              close (targets[i]->dir_fd);
              targets[i]->dir_fd = targets[j]->dir_fd;
              targets[i]->owns_dir_fd = FALSE;
            }
        }
    }

  if (n_targets == 2 && targets[1]->owns_dir_fd
      && (targets[1]->dir_dev < targets[0]->dir_dev
          || (targets[1]->dir_dev == targets[0]->dir_dev && targets[1]->dir_ino < targets[0]->dir_ino)))
    return lock_directory (targets[1], error) && lock_directory (targets[0], error);

  for (guint i = 0; i < n_targets; i++)
    {
      if (targets[i]->owns_dir_fd && !lock_directory (targets[i], error))
        return FALSE;
    }

  return TRUE;
}

/**
 * td_aws_files_update_file:
 * @path: the file to update; a symbolic link is followed and kept
 * @mode: the permission policy
 * @edit: computes the new contents under the lock
 * @user_data: data for @edit
 * @error: return location for a %TD_ERROR_AWS_FILES error, or the error of @edit
 *
 * Runs one locked, atomic read-modify-write of @path, creating its folder
 * with mode 0700 when it is missing. Nothing is written when @edit fails or
 * returns no new contents.
 *
 * Returns: %TRUE on success
 */
gboolean
td_aws_files_update_file (const char          *path,
                          TdAwsFilesMode       mode,
                          TdAwsFilesEditFunc   edit,
                          gpointer             user_data,
                          GError             **error)
{
  g_auto(Target) target;
  Target *targets[1] = { &target };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target_init (&target, path);
  if (!lock_targets (targets, 1, error) || !read_target (&target, error))
    return FALSE;

  if (!edit (path, target.exists ? target.old_contents : NULL, target.old_length,
             &target.new_contents, &target.new_length, user_data, error))
    return FALSE;

  if (target.new_contents == NULL)
    return TRUE;

  return replace_target (&target, mode, error);
}

/**
 * td_aws_files_check_profile_name:
 * @name: a profile name
 * @error: return location for a %TD_ERROR_CONFIG error
 *
 * Checks @name against the character set the AWS SDKs accept in profile
 * names (letters, digits and `- / . % @ _ : +`); the SDKs ignore profiles
 * with other characters, and a `]` or line break would inject INI sections.
 *
 * Returns: %TRUE if @name is valid
 */
gboolean
td_aws_files_check_profile_name (const char  *name,
                                 GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (name[0] == '\0')
    {
      g_set_error_literal (error, TD_ERROR, TD_ERROR_CONFIG,
                           _("The AWS profile name is empty; give a name such as ‘dev’"));
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("-/.%@_:+", *p) == NULL)
        {
          g_set_error_literal (error, TD_ERROR, TD_ERROR_CONFIG,
                               _("Invalid AWS profile name: the AWS SDKs accept only letters, "
                               "digits and ‘- / . % @ _ : +’ in profile names"));
          return FALSE;
        }
    }

  return TRUE;
}

/* Values go verbatim into `key = value` lines and some are secrets, so the
 * message names the field and never the value. */
static gboolean
check_field (const char  *field,
             const char  *value,
             gboolean     required,
             GError     **error)
{
  if (value == NULL || value[0] == '\0')
    {
      if (!required)
        return TRUE;

      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("The %s to write is missing; nothing was written"), field);
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                       _("The %s to write contains white space or a control character, "
                       "which cannot be stored safely; nothing was written"), field);
          return FALSE;
        }
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                   _("The %s to write is not valid UTF-8; nothing was written"), field);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_update (const TdAwsFilesUpdate *update,
              GError                **error)
{
  const TdAwsCredentials *credentials = update->credentials;
  g_autoptr(GError) local_error = NULL;

  if (!td_aws_files_check_profile_name (update->profile, &local_error))
    {
      g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES, _("%s; nothing was written"),
                   local_error->message);
      return FALSE;
    }

  return check_field ("access key id", credentials->access_key_id, TRUE, error)
         && check_field ("secret access key", credentials->secret_access_key, TRUE, error)
         && check_field ("session token", credentials->session_token, TRUE, error)
         && check_field ("region", update->region, FALSE, error)
         && check_field ("output format", update->output, FALSE, error)
         && check_field ("default region", update->default_region, FALSE, error)
         && check_field ("default output format", update->default_output, FALSE, error);
}

static gboolean
set_parse_error (GError       **error,
                 const char    *path,
                 const GError  *parse_error)
{
  g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
               _("%s: %s. Nothing was written; fix the file and run tokendito again"),
               path, parse_error->message);
  return FALSE;
}

/* Parses the file; a missing file is an empty document. */
static TdIni *
parse_target (Target  *target,
              GError **error)
{
  g_autoptr(GError) parse_error = NULL;
  TdIni *ini;

  if (!target->exists)
    return td_ini_new ();

  ini = td_ini_new_from_data (target->old_contents, target->old_length, &parse_error);
  if (ini == NULL)
    set_parse_error (error, target->path, parse_error);

  return ini;
}

/* Finds the only section called @name. A repeated section makes botocore
 * (and with it the AWS CLI) reject the whole file, and choosing one of the
 * copies could overwrite keys the user still needs, so the update is
 * rejected rather than repaired. */
static gboolean
find_single_section (TdIni      *ini,
                     const char *path,
                     const char *name,
                     gboolean   *found,
                     guint      *section,
                     GError    **error)
{
  g_autoptr(GArray) sections = td_ini_find_sections (ini, name);
  g_autoptr(GString) lines = NULL;

  *found = sections->len > 0;
  if (sections->len == 1)
    *section = g_array_index (sections, guint, 0);
  if (sections->len <= 1)
    return TRUE;

  lines = g_string_new (NULL);
  for (guint i = 0; i < sections->len; i++)
    {
      if (i + 1 == sections->len)
        g_string_append (lines, " and ");
      else if (i > 0)
        g_string_append (lines, ", ");

      g_string_append_printf (lines, "%u",
                              td_ini_get_section_line (ini, g_array_index (sections, guint, i)));
    }

  g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
               _("%s has the section [%s] more than once, at lines %s. The AWS CLI cannot "
               "read a file with repeated sections, so nothing was written; merge the "
               "copies into one section and run tokendito again"),
               path, name, lines->str);
  return FALSE;
}

/* Parses @path, when it exists, and checks that @section is not repeated. */
static gboolean
check_file (const char  *path,
            const char  *section,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(TdIni) ini = NULL;
  gsize length = 0;
  gboolean found;
  guint index;

  if (!g_file_get_contents (path, &contents, &length, &read_error))
    return g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? TRUE
           : set_parse_error (error, path, read_error);

  ini = td_ini_new_from_data (contents, length, &parse_error);
  if (ini == NULL)
    return set_parse_error (error, path, parse_error);

  return find_single_section (ini, path, section, &found, &index, error);
}

/**
 * td_aws_files_check:
 * @credentials_path: the credentials file
 * @config_path: the config file
 * @profile: the AWS profile that will be written
 * @error: return location for a #GError
 *
 * Checks, before a sign-in, that both files can be read and that the
 * sections of @profile are not repeated, so that a user does not approve
 * an MFA challenge for credentials that cannot be written. The write checks
 * again under its lock.
 */
gboolean
td_aws_files_check (const char  *credentials_path,
                    const char  *config_path,
                    const char  *profile,
                    GError     **error)
{
  g_autofree char *config_section = NULL;

  g_return_val_if_fail (profile != NULL, FALSE);

  config_section = g_str_equal (profile, "default") ? g_strdup ("default")
                                                      : g_strdup_printf ("profile %s", profile);

  return check_file (credentials_path, profile, error) &&
         check_file (config_path, config_section, error);
}

static void
take_new_contents (Target *target,
                   TdIni  *ini)
{
  gsize length;
  char *data = td_ini_to_data (ini, &length);

  if (target->exists && length == target->old_length
      && memcmp (data, target->old_contents, length) == 0)
    {
      g_free (data);
      return;
    }

  target->new_contents = data;
  target->new_length = length;
}

static gboolean
edit_credentials (Target                 *target,
                  const TdAwsFilesUpdate *update,
                  GError                **error)
{
  const TdAwsCredentials *credentials = update->credentials;
  g_autoptr(TdIni) ini = NULL;
  g_autofree char *expires = NULL;
  const char *keys[] = { "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                         EXPIRES_KEY, NULL };
  const char *values[] = { credentials->access_key_id, credentials->secret_access_key,
                           credentials->session_token, NULL, NULL };
  gboolean found;
  guint section;

  ini = parse_target (target, error);
  if (ini == NULL || !find_single_section (ini, target->path, update->profile, &found, &section, error))
    return FALSE;

  if (credentials->expiration != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (credentials->expiration);

      expires = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      values[3] = expires;
    }
  else
    {
      keys[3] = NULL;
    }

  /* A new section gets all four keys in order. An existing one gets the
   * expiry next to the session token, whatever keys follow the token. */
  if (!found && !td_ini_append_section (ini, update->profile, keys, values, &section, error))
    return FALSE;
  if (found)
    {
      keys[3] = NULL;
      if (!td_ini_set_values (ini, section, keys, values, error))
        return FALSE;
      if (expires != NULL
          && !td_ini_set_value_after (ini, section, EXPIRES_KEY, expires, "aws_session_token", error))
        return FALSE;
    }

  /* botocore reads aws_security_token before aws_session_token, so a stale
   * one left by another tool would shadow the new token. A missing expiry
   * must not leave an old one behind either. */
  td_ini_remove_key (ini, section, "aws_security_token");
  if (expires == NULL)
    td_ini_remove_key (ini, section, EXPIRES_KEY);

  take_new_contents (target, ini);

  return TRUE;
}

/* The config file names the default profile `[default]`; `[profile default]`
 * is used only if it is the one that exists. */
static char *
dup_config_section_name (TdIni      *ini,
                         const char *profile)
{
  if (!g_str_equal (profile, "default"))
    return g_strconcat ("profile ", profile, NULL);

  if (!td_ini_lookup_section (ini, "default", NULL)
      && td_ini_lookup_section (ini, "profile default", NULL))
    return g_strdup ("profile default");

  return g_strdup ("default");
}

/* Adds @key to the edit when @value is given, or when the profile lacks
 * it and there is a default. */
static void
plan_config_key (GPtrArray  *keys,
                 GPtrArray  *values,
                 TdIni      *ini,
                 gboolean    found,
                 guint       section,
                 const char *key,
                 const char *value,
                 const char *default_value)
{
  if (value == NULL && (found && td_ini_get_value (ini, section, key) != NULL))
    return;

  if (value == NULL)
    value = default_value;
  if (value == NULL)
    return;

  g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_add (values, (gpointer) value);
}

static gboolean
edit_config (Target                 *target,
             const TdAwsFilesUpdate *update,
             GError                **error)
{
  g_autoptr(TdIni) ini = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *name = NULL;
  gboolean found;
  guint section = 0;

  ini = parse_target (target, error);
  if (ini == NULL)
    return FALSE;

  name = dup_config_section_name (ini, update->profile);
  if (!find_single_section (ini, target->path, name, &found, &section, error))
    return FALSE;

  /* output before region: the order tokendito 1.x writes them in. */
  plan_config_key (keys, values, ini, found, section, "output", update->output, update->default_output);
  plan_config_key (keys, values, ini, found, section, "region", update->region, update->default_region);
  if (keys->len == 0)
    return TRUE;

  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);
  if (found && !td_ini_set_values (ini, section, (const char * const *) keys->pdata,
                                   (const char * const *) values->pdata, error))
    return FALSE;
  if (!found && !td_ini_append_section (ini, name, (const char * const *) keys->pdata,
                                        (const char * const *) values->pdata, NULL, error))
    return FALSE;

  take_new_contents (target, ini);

  return TRUE;
}

/**
 * td_aws_files_write:
 * @update: the profile update
 * @error: return location for a %TD_ERROR_AWS_FILES error
 *
 * Stores the credentials of @update in the section named after the profile
 * in the credentials file (`aws_access_key_id`, `aws_secret_access_key`,
 * `aws_session_token` and `x_security_token_expires` in RFC 3339 UTC, and
 * a stale `aws_security_token` is removed) and sets `output` and `region` in
 * `[profile NAME]` (or `[default]`) of the config file. Lines of other
 * sections and unrelated lines stay byte for byte.
 *
 * Both files are parsed and edited before either is written, so a malformed
 * file or a repeated section leaves both untouched. The credentials file
 * ends at mode 0600; the config file keeps its mode and is not rewritten
 * when nothing in it changes.
 *
 * Returns: %TRUE on success
 */
gboolean
td_aws_files_write (const TdAwsFilesUpdate *update,
                    GError                **error)
{
  g_auto(Target) credentials;
  g_auto(Target) config;
  Target *targets[2] = { &credentials, &config };

  g_return_val_if_fail (update != NULL, FALSE);
  g_return_val_if_fail (update->credentials_path != NULL && update->config_path != NULL, FALSE);
  g_return_val_if_fail (update->profile != NULL && update->credentials != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target_init (&credentials, update->credentials_path);
  target_init (&config, update->config_path);

  if (!check_update (update, error))
    return FALSE;

  if (!lock_targets (targets, 2, error)
      || !read_target (&credentials, error) || !read_target (&config, error))
    return FALSE;

  if (!edit_credentials (&credentials, update, error) || !edit_config (&config, update, error))
    return FALSE;

  if (credentials.new_contents != NULL
      && !replace_target (&credentials, TD_AWS_FILES_MODE_PRIVATE, error))
    return FALSE;

  if (credentials.new_contents == NULL && credentials.exists && credentials.old_mode != 0600)
    {
      /* Same credentials again: the bytes stay, but the mode is still enforced. */
      credentials.new_contents = g_steal_pointer (&credentials.old_contents);
      credentials.new_length = credentials.old_length;
      if (!replace_target (&credentials, TD_AWS_FILES_MODE_PRIVATE, error))
        return FALSE;
    }

  if (config.new_contents != NULL && !replace_target (&config, TD_AWS_FILES_MODE_KEEP, error))
    return FALSE;

  g_debug ("Wrote profile %s to %s%s", update->profile, update->credentials_path,
           config.new_contents != NULL ? " and its config" : "");

  return TRUE;
}

/* An owned copy of a TdAwsFilesUpdate for the worker thread. */
typedef struct {
  TdAwsFilesUpdate  update;
  TdAwsCredentials *credentials;
  char             *strings[7];
} UpdateCopy;

static void
update_copy_free (UpdateCopy *copy)
{
  td_aws_credentials_free (copy->credentials);
  for (guint i = 0; i < G_N_ELEMENTS (copy->strings); i++)
    g_free (copy->strings[i]);
  g_free (copy);
}

static UpdateCopy *
update_copy_new (const TdAwsFilesUpdate *update)
{
  UpdateCopy *copy = g_new0 (UpdateCopy, 1);

  copy->credentials = td_aws_credentials_copy (update->credentials);
  copy->update.credentials = copy->credentials;
  copy->update.credentials_path = copy->strings[0] = g_strdup (update->credentials_path);
  copy->update.config_path = copy->strings[1] = g_strdup (update->config_path);
  copy->update.profile = copy->strings[2] = g_strdup (update->profile);
  copy->update.region = copy->strings[3] = g_strdup (update->region);
  copy->update.output = copy->strings[4] = g_strdup (update->output);
  copy->update.default_region = copy->strings[5] = g_strdup (update->default_region);
  copy->update.default_output = copy->strings[6] = g_strdup (update->default_output);

  return copy;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  UpdateCopy *copy = task_data;
  GError *error = NULL;

  /* Once started, the update runs to its end: stopping between the two
   * files would leave credentials without their config. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (td_aws_files_write (&copy->update, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * td_aws_files_write_async:
 * @update: the profile update; it is copied
 * @cancellable: (nullable): cancels the update if it has not started yet
 * @callback: called when the update is done
 * @user_data: data for @callback
 *
 * Runs td_aws_files_write() in a worker thread.
 */
void
td_aws_files_write_async (const TdAwsFilesUpdate *update,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (update != NULL && update->credentials != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, td_aws_files_write_async);
  g_task_set_task_data (task, update_copy_new (update), (GDestroyNotify) update_copy_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
td_aws_files_write_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == td_aws_files_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
lookup_environment (const char * const *envp,
                    const char         *name)
{
  const char *value;

  value = envp != NULL ? g_environ_getenv ((char **) envp, name) : g_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* Expands a leading "~" as botocore does for these variables. */
static char *
dup_path_from_environment (const char * const *envp,
                           const char         *variable,
                           const char         *file_name)
{
  const char *value = lookup_environment (envp, variable);
  const char *home = lookup_environment (envp, "HOME");

  if (home == NULL)
    home = g_get_home_dir ();

  if (value == NULL)
    return g_build_filename (home, ".aws", file_name, NULL);

  if (value[0] == '~' && (value[1] == '\0' || value[1] == '/'))
    return g_build_filename (home, value + 1, NULL);

  return g_strdup (value);
}

/**
 * td_aws_files_dup_credentials_path:
 * @envp: (nullable): the environment to read, or %NULL for the process environment
 *
 * Returns: (transfer full): `$AWS_SHARED_CREDENTIALS_FILE` with `~` expanded,
 *   or `~/.aws/credentials`
 */
char *
td_aws_files_dup_credentials_path (const char * const *envp)
{
  return dup_path_from_environment (envp, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

/**
 * td_aws_files_dup_config_path:
 * @envp: (nullable): the environment to read, or %NULL for the process environment
 *
 * Returns: (transfer full): `$AWS_CONFIG_FILE` with `~` expanded, or `~/.aws/config`
 */
char *
td_aws_files_dup_config_path (const char * const *envp)
{
  return dup_path_from_environment (envp, "AWS_CONFIG_FILE", "config");
}

/**
 * td_aws_files_read_expiration:
 * @credentials_path: the AWS credentials file
 * @profile: the profile (section) name
 * @error: return location for a %TD_ERROR_AWS_FILES error
 *
 * Reads `x_security_token_expires` of @profile without taking the lock;
 * the atomic rename means the file read is always a complete one.
 *
 * Returns: (transfer full) (nullable): the expiry time, or %NULL with no
 *   error when the file, the profile or the key is missing
 */
GDateTime *
td_aws_files_read_expiration (const char  *credentials_path,
                              const char  *profile,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TdIni) ini = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *contents = NULL;
  GDateTime *expiration;
  const char *value;
  gsize length;
  guint section;

  g_return_val_if_fail (credentials_path != NULL && profile != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (credentials_path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES, _("Could not read %s: %s"),
                     credentials_path, local_error->message);
      return NULL;
    }

  ini = td_ini_new_from_data (contents, length, &local_error);
  explicit_bzero (contents, length);
  if (ini == NULL)
    {
      set_parse_error (error, credentials_path, local_error);
      return NULL;
    }

  if (!td_ini_lookup_section (ini, profile, &section)
      || (value = td_ini_get_value (ini, section, EXPIRES_KEY)) == NULL)
    return NULL;

  expiration = g_date_time_new_from_iso8601 (value, utc);
  if (expiration == NULL)
    g_set_error (error, TD_ERROR, TD_ERROR_AWS_FILES,
                 _("%s: %s in [%s] is not an RFC 3339 time such as 2024-03-05T15:02:12Z; "
                 "run tokendito again to rewrite it"), credentials_path, EXPIRES_KEY, profile);

  return expiration;
}
