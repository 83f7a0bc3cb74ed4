/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-training-server.h: the demo server a training run starts as its own child process.
 *
 * `yichuang --training` runs `yichuang-server --demo --training` on 127.0.0.1 (port 0: the
 * kernel picks a free one) with its database in a directory of the training profile, and reads
 * the URL from the first line the server prints. The child dies with the application: it is
 * stopped when the application quits, and on Linux the kernel kills it if the application is
 * killed (PR_SET_PDEATHSIG). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YC_TRAINING_SERVER_ERROR (yc_training_server_error_quark ())

typedef enum {
  YC_TRAINING_SERVER_ERROR_NOT_FOUND,     /* no yichuang-server binary */
  YC_TRAINING_SERVER_ERROR_CANNOT_LISTEN, /* the address or port is taken */
  YC_TRAINING_SERVER_ERROR_DATABASE,      /* the training database cannot be created or written */
  YC_TRAINING_SERVER_ERROR_TIMEOUT,       /* no URL within the time allowed */
  YC_TRAINING_SERVER_ERROR_FAILED,        /* it stopped for another reason */
} YcTrainingServerError;

GQuark yc_training_server_error_quark (void);

#define YC_TYPE_TRAINING_SERVER (yc_training_server_get_type ())
G_DECLARE_FINAL_TYPE (YcTrainingServer, yc_training_server, YC, TRAINING_SERVER, GObject)

/* The yichuang-server to run, or NULL: $YC_SERVER_BIN, else next to the running application
 * (installed: the same bindir), else in the build tree (src/app/ → src/server/), else PATH. */
char             *yc_training_server_find_binary (void);

/* @directory holds the server's database (created, mode 0700). */
YcTrainingServer *yc_training_server_new         (const char           *directory);
const char       *yc_training_server_get_directory (YcTrainingServer   *self);
/* The server's URL while it runs, else NULL. */
const char       *yc_training_server_get_url     (YcTrainingServer     *self);
gboolean          yc_training_server_get_running (YcTrainingServer     *self);

/* The address the next start listens on ("127.0.0.1:PORT"), or NULL for the default: the
 * trainer's network drill starts the server again where the workstation expects it. */
void              yc_training_server_set_listen  (YcTrainingServer     *self,
                                                  const char           *address);

/* Start the child and wait (without blocking) for its URL. The address it listens on is the one
 * set with yc_training_server_set_listen(), else $YC_TRAINING_LISTEN when set, else 127.0.0.1:0. */
void              yc_training_server_start_async (YcTrainingServer     *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/* Returns the URL, or NULL with a YC_TRAINING_SERVER_ERROR whose message says what happened
 * and what to do, in the user's language. */
char             *yc_training_server_start_finish (YcTrainingServer    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Ask the child to stop (SIGTERM; SIGKILL after a few seconds) and finish once it is gone. */
void              yc_training_server_stop_async  (YcTrainingServer     *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          yc_training_server_stop_finish (YcTrainingServer     *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* For the application's shutdown: stop the child now, waiting at most two seconds before
 * killing it. */
void              yc_training_server_stop_now    (YcTrainingServer     *self);

G_END_DECLS
