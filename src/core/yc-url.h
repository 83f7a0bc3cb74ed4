/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-url.h: checks of the configured server address. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Check a server address as a clerk or administrator typed it. Accepts https:// for any host
 * and http:// only for this machine (localhost, 127.0.0.0/8, ::1), since certificates are always
 * verified and nothing may cross the network unencrypted. On success returns the normalised
 * address (no trailing slash, no query or fragment); on failure NULL and @error (G_IO_ERROR_INVALID_ARGUMENT)
 * carries a translated sentence saying what is wrong. */
char     *yc_server_url_normalize      (const char  *typed,
                                        GError     **error);

/* TRUE if @host names this machine's loopback. */
gboolean  yc_host_is_loopback          (const char  *host);

G_END_DECLS
