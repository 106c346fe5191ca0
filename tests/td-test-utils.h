/* td-test-utils.h: helpers shared by the test programs
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the contents of tests/data/@name; aborts the test when it is missing. */
char  *td_test_read_data   (const char *name,
                            gsize      *length);

/* Returns the path of tests/data/@name. */
char  *td_test_data_path   (const char *name);

/* Creates a private temporary folder (mode 0700) and returns its path. */
char  *td_test_make_tmpdir (void);

/* Removes @path and everything under it. */
void   td_test_rm_rf       (const char *path);

/* Writes @contents to @path, creating parent folders, and aborts on failure. */
void   td_test_write_file  (const char *path,
                            const char *contents);

/* Returns the contents of @path, or NULL when it cannot be read. */
char  *td_test_read_file   (const char *path);

G_END_DECLS
