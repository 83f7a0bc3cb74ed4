/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-secrets.h: the session token in the Secret Service (libsecret), never on disk in the clear. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define YC_SECRETS_ERROR (yc_secrets_error_quark ())

typedef enum {
  YC_SECRETS_ERROR_NO_SERVICE, /* no Secret Service on the session bus, or it is locked/refused */
  YC_SECRETS_ERROR_FAILED,
} YcSecretsError;

GQuark  yc_secrets_error_quark   (void);

/* Schema "org.yichuang.Desk.Token"; the only attributes are the server URL and the username. */
void    yc_secrets_store_token_async   (const char           *server_url,
                                        const char           *username,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean yc_secrets_store_token_finish (GAsyncResult         *result,
                                        GError              **error);

/* The token, or NULL without error when none is stored. */
void    yc_secrets_lookup_token_async  (const char           *server_url,
                                        const char           *username,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char   *yc_secrets_lookup_token_finish (GAsyncResult         *result,
                                        GError              **error);

void    yc_secrets_clear_token_async   (const char           *server_url,
                                        const char           *username,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean yc_secrets_clear_token_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
