/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-server.h: yichuang-server, the REST API v1 over libsoup and SQLite. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YC_TYPE_SERVER (yc_server_get_type ())
G_DECLARE_FINAL_TYPE (YcServer, yc_server, YC, SERVER, GObject)

typedef enum {
  YC_SERVER_LOG_ERROR,
  YC_SERVER_LOG_WARNING,
  YC_SERVER_LOG_INFO,    /* one line per request */
  YC_SERVER_LOG_DEBUG,
} YcServerLogLevel;

/* Open (and migrate) the database at @db_path. */
YcServer   *yc_server_new               (const char        *db_path,
                                         GError           **error);

/* Seed the demo centre into an empty database; does nothing on a seeded one.
 * A demo database makes a training server (trainers may write). */
gboolean    yc_server_seed_demo         (YcServer          *self,
                                         GError           **error);
void        yc_server_set_training      (YcServer          *self,
                                         gboolean           training);
gboolean    yc_server_get_training      (YcServer          *self);

void        yc_server_set_log_level     (YcServerLogLevel   level);
gboolean    yc_server_parse_log_level   (const char        *text,
                                         YcServerLogLevel  *out_level);

/* Listen on "ADDR:PORT" ("[::1]:8470" for IPv6; port 0 picks a free port), over TLS when
 * @certificate is non-NULL. */
gboolean    yc_server_listen            (YcServer          *self,
                                         const char        *address,
                                         GTlsCertificate   *certificate,
                                         GError           **error);
/* "http://127.0.0.1:8470" once listening. */
const char *yc_server_get_url           (YcServer          *self);

/* Stop taking work, answer waiting event polls, let requests in flight finish, close the
 * database; then call back. */
void        yc_server_shutdown_async    (YcServer          *self,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
gboolean    yc_server_shutdown_finish   (YcServer          *self,
                                         GAsyncResult      *result,
                                         GError           **error);

G_END_DECLS
