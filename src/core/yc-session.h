/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-session.h: who is signed in at this workstation, online or offline (D16).
 *
 * Sign-in goes to the server (POST /sessions). The token it gives is kept only in memory and in
 * the Secret Service; a yescrypt verifier of the password is kept in the local store, so a
 * person who signed in here before can unlock the workstation while the server cannot be
 * reached. An expired or revoked token (any 401) signs the person out without touching the
 * outbox: the waiting changes go out once they sign in again. */
#pragma once

#include <gio/gio.h>

#include "yc-http.h"
#include "yc-staff.h"
#include "yc-store.h"

G_BEGIN_DECLS

typedef enum {
  YC_SESSION_SIGNED_OUT,
  YC_SESSION_SIGNED_IN,       /* signed in at the server: the token works */
  YC_SESSION_OFFLINE,         /* unlocked locally while the server cannot be reached */
} YcSessionState;

#define YC_TYPE_SESSION_STATE (yc_session_state_get_type ())
GType yc_session_state_get_type (void);

#define YC_SESSION_ERROR (yc_session_error_quark ())

typedef enum {
  YC_SESSION_ERROR_WRONG_PASSWORD,   /* the server, or the local verifier, said no */
  YC_SESSION_ERROR_NEVER_SIGNED_IN,  /* offline, and this person never signed in here */
  YC_SESSION_ERROR_BUSY,             /* a sign-in is already under way */
} YcSessionError;

GQuark yc_session_error_quark (void);

#define YC_TYPE_SESSION (yc_session_get_type ())
G_DECLARE_FINAL_TYPE (YcSession, yc_session, YC, SESSION, GObject)

/* @workstation_name: the name this workstation gives the server (the setting, or the host
 * name). */
YcSession      *yc_session_new                (YcStore       *store,
                                               YcHttp        *http,
                                               const char    *workstation_name);
YcSessionState  yc_session_get_state          (YcSession     *self);
/* The person signed in (also offline), or NULL. */
YcStaff        *yc_session_get_staff          (YcSession     *self);
YcHttp         *yc_session_get_http           (YcSession     *self);
YcStore        *yc_session_get_store          (YcSession     *self);
/* Whether the server holds a live token for this session (FALSE offline without a token). */
gboolean        yc_session_has_token          (YcSession     *self);
/* Why the person was last signed out without asking (token expired), or a keyring warning;
 * NULL when there is nothing to say. */
const char     *yc_session_get_notice         (YcSession     *self);
/* The username of the last person who signed in here, or NULL. */
char           *yc_session_dup_last_username  (YcSession     *self);

/* Sign in with a password: at the server, or, when the server cannot be reached (network,
 * timeout), against the local verifier of someone who signed in here before. */
void            yc_session_sign_in_async      (YcSession           *self,
                                               const char          *username,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        yc_session_sign_in_finish     (YcSession           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Resume with the token the keyring holds for the last person, if the server accepts it.
 * Finishes FALSE without an error when there is nothing to resume. */
void            yc_session_resume_async       (YcSession           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        yc_session_resume_finish      (YcSession           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Sign out: end the token at the server when it can be reached, forget it in the keyring.
 * The outbox is kept. */
void            yc_session_sign_out_async     (YcSession           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        yc_session_sign_out_finish    (YcSession           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The server answered 401 to this session's token: sign out locally, keep the outbox. */
void            yc_session_token_rejected     (YcSession           *self);

/* The server became reachable again while the session is offline: if a token is known the
 * session becomes signed in; otherwise it stays offline until the person signs in again. */
void            yc_session_server_reachable   (YcSession           *self);

G_END_DECLS
