/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-password.h: password hashing with yescrypt (libcrypt) and constant-time verification.
 * The server stores staff passwords this way; the client uses the same hashes for offline
 * unlock. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new "$y$…" yescrypt hash of @password with a fresh random salt, or NULL with @error
 * (G_IO_ERROR_FAILED) if libcrypt refuses. */
char      *yc_password_hash    (const char  *password,
                                GError     **error);

/* TRUE if @password matches @hash. The comparison of the computed and stored hash takes the
 * same time wherever they differ. FALSE for a NULL or malformed hash. */
gboolean   yc_password_verify  (const char  *password,
                                const char  *hash);

/* Compare @len bytes without an early exit. */
gboolean   yc_constant_time_equal (gconstpointer a,
                                   gconstpointer b,
                                   gsize         len);

G_END_DECLS
