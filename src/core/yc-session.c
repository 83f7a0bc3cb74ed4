/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-password.h"
#include "yc-secrets.h"
#include "yc-session.h"

struct _YcSession
{
  GObject         parent_instance;

  YcStore        *store;
  YcHttp         *http;
  char           *workstation_name;

  YcSessionState  state;
  YcStaff        *staff;
  char           *token;
  char           *notice;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (YcSession, yc_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-session-error-quark, yc_session_error)
G_DEFINE_ENUM_TYPE (YcSessionState, yc_session_state,
  G_DEFINE_ENUM_VALUE (YC_SESSION_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (YC_SESSION_SIGNED_IN, "signed-in"),
  G_DEFINE_ENUM_VALUE (YC_SESSION_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_STAFF,
  PROP_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one sign-in carries from step to step. The password is wiped when it is freed. */
typedef struct {
  char       *username;
  char       *password;
  char       *token;
  char       *verifier;
  JsonObject *staff;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  if (s->password != NULL)
    {
      explicit_bzero (s->password, strlen (s->password));
      g_free (s->password);
    }
  if (s->token != NULL)
    {
      explicit_bzero (s->token, strlen (s->token));
      g_free (s->token);
    }
  g_free (s->username);
  g_free (s->verifier);
  g_clear_pointer (&s->staff, json_object_unref);
  g_free (s);
}

static char *
unlock_key (const char *username)
{
  return g_strconcat ("unlock:", username, NULL);
}

static char *
staff_key (const char *username)
{
  return g_strconcat ("staff:", username, NULL);
}

static void
set_token (YcSession  *self,
           const char *token)
{
  if (self->token != NULL)
    {
      explicit_bzero (self->token, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }
  self->token = g_strdup (token);
  yc_http_set_token (self->http, token);
}

static void
set_notice (YcSession  *self,
            const char *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;
  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

static void
set_state (YcSession      *self,
           YcSessionState  state,
           YcStaff        *staff)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->staff != staff)
    {
      g_set_object (&self->staff, staff);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- sign-in, online ---- */

static void
hash_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *s = task_data;
  GError *error = NULL;

  /* yescrypt is slow on purpose: never on the main thread. */
  s->verifier = yc_password_hash (s->password, &error);
  if (s->verifier == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Without a keyring the person simply signs in again next time: say so, but go on. */
  if (!yc_secrets_store_token_finish (result, &error))
    set_notice (self, error->message);

  g_task_return_boolean (task, TRUE);
}

static void
finish_online_sign_in (GTask *task)
{
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(YcStaff) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = yc_staff_new_from_json (s->staff, &error);
  if (staff == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_token (self, s->token);
  set_notice (self, NULL);
  set_state (self, YC_SESSION_SIGNED_IN, staff);

  yc_secrets_store_token_async (yc_http_get_base_url (self->http), s->username, s->token,
                                g_task_get_cancellable (task), on_token_stored_cb,
                                g_object_ref (task));
}

static void
on_staff_meta_saved_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!yc_store_set_meta_finish (YC_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    finish_online_sign_in (task);
}

static void
on_verifier_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  g_autofree char *key = staff_key (s->username);
  g_autofree char *staff_json = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  GError *error = NULL;

  if (!yc_store_set_meta_finish (YC_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  json_node_set_object (node, s->staff);
  staff_json = json_to_string (node, FALSE);
  yc_store_set_meta_async (YC_STORE (source), key, staff_json, g_task_get_cancellable (task),
                           on_staff_meta_saved_cb, g_object_ref (task));
}

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autofree char *key = unlock_key (s->username);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  yc_store_set_meta_async (self->store, key, s->verifier, g_task_get_cancellable (task),
                           on_verifier_saved_cb, g_object_ref (task));
}

static void
on_session_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) hash = NULL;
  GError *error = NULL;

  if (!yc_store_set_session_finish (YC_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  hash = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                     on_hashed_cb, g_object_ref (task));
  g_task_set_task_data (hash, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (hash, hash_in_thread);
}

/* ---- sign-in, offline ---- */

static void
verify_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SignIn *s = task_data;

  g_task_return_boolean (task, yc_password_verify (s->password, s->verifier));
}

static void
on_offline_token_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = yc_secrets_lookup_token_finish (result, &error);
  g_autoptr(YcStaff) staff = NULL;
  GError *staff_error = NULL;

  staff = yc_staff_new_from_json (s->staff, &staff_error);
  if (staff == NULL)
    {
      g_task_return_error (task, staff_error);
      return;
    }

  /* The token goes in before the state changes, so that whoever follows the state (the sync
   * engine) sees it. Without one the work goes on offline; changes go out after the next
   * online sign-in. A token held for someone else is never kept. */
  if (token != NULL)
    {
      set_token (self, token);
      explicit_bzero (token, strlen (token));
    }
  else
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_notice (self, error->message);
      if (self->staff == NULL ||
          g_strcmp0 (yc_staff_get_username (self->staff), s->username) != 0)
        set_token (self, NULL);
    }

  set_state (self, YC_SESSION_OFFLINE, staff);
  g_task_return_boolean (task, TRUE);
}

static void
on_offline_session_saved_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  GError *error = NULL;

  if (!yc_store_set_session_finish (YC_STORE (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  yc_secrets_lookup_token_async (yc_http_get_base_url (self->http), s->username,
                                 g_task_get_cancellable (task), on_offline_token_cb,
                                 g_object_ref (task));
}

static void
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    {
      g_task_return_new_error (task, YC_SESSION_ERROR, YC_SESSION_ERROR_WRONG_PASSWORD,
                               _("The server cannot be reached and the password does not match the one last used on this workstation."));
      return;
    }

  yc_store_set_session_async (self->store, NULL, NULL, s->staff, g_task_get_cancellable (task),
                              on_offline_session_saved_cb, g_object_ref (task));
}

static void
sign_in_offline (GTask  *task,
                 GError *why)
{
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autofree char *unlock = unlock_key (s->username);
  g_autofree char *skey = staff_key (s->username);
  g_autofree char *staff_json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GTask) verify = NULL;

  s->verifier = yc_store_dup_meta (self->store, unlock);
  staff_json = yc_store_dup_meta (self->store, skey);
  if (s->verifier != NULL && staff_json != NULL)
    node = json_from_string (staff_json, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, YC_SESSION_ERROR, YC_SESSION_ERROR_NEVER_SIGNED_IN,
                               _("The server cannot be reached (%s), and %s has not signed in on this workstation before, so the workstation cannot check the password."),
                               why->message, s->username);
      return;
    }

  s->staff = json_object_ref (json_node_get_object (node));
  verify = g_task_new (self, g_task_get_cancellable (task), on_verified_cb, g_object_ref (task));
  g_task_set_task_data (verify, s, NULL);
  g_task_run_in_thread (verify, verify_in_thread);
}

/* A string member of the server's answer, or NULL when missing or of another type. */
static const char *
answer_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static void
on_sessions_posted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;
  JsonObject *staff;
  JsonObject *workstation;
  JsonObject *centre = NULL;
  const char *token;
  const char *code;

  response = yc_http_request_finish (YC_HTTP (source), result, &error);
  if (response == NULL)
    {
      if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_NETWORK) ||
          g_error_matches (error, YC_API_ERROR, YC_API_ERROR_TIMEOUT))
        sign_in_offline (task, error);
      else if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED))
        g_task_return_new_error (task, YC_SESSION_ERROR, YC_SESSION_ERROR_WRONG_PASSWORD,
                                 "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = yc_http_response_get_object (response);
  token = answer_string (answer, "token");
  staff = answer != NULL && json_object_has_member (answer, "staff") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "staff"))
          ? json_object_get_object_member (answer, "staff") : NULL;
  workstation = answer != NULL && json_object_has_member (answer, "workstation") &&
                JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "workstation"))
                ? json_object_get_object_member (answer, "workstation") : NULL;
  code = answer_string (workstation, "code");
  if (answer != NULL && json_object_has_member (answer, "centre") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "centre")))
    centre = json_object_get_object_member (answer, "centre");

  if (token == NULL || staff == NULL || code == NULL)
    {
      g_task_return_new_error (task, YC_API_ERROR, YC_API_ERROR_MALFORMED,
                               _("The server’s answer to the sign-in cannot be used."));
      return;
    }

  s->token = g_strdup (token);
  s->staff = json_object_ref (staff);
  yc_store_set_session_async (self->store, centre, code, staff, g_task_get_cancellable (task),
                              on_session_saved_cb, g_object_ref (task));
}

static void
on_task_completed_cb (GTask      *task,
                      GParamSpec *pspec,
                      YcSession  *self)
{
  self->busy = FALSE;
}

void
yc_session_sign_in_async (YcSession           *self,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  SignIn *s;

  g_return_if_fail (YC_IS_SESSION (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_sign_in_async);

  if (self->busy)
    {
      g_task_return_new_error (task, YC_SESSION_ERROR, YC_SESSION_ERROR_BUSY,
                               _("A sign-in is already under way."));
      return;
    }
  self->busy = TRUE;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed_cb), self, 0);

  s = g_new0 (SignIn, 1);
  s->username = g_strstrip (g_strdup (username));
  s->password = g_strdup (password);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, s->username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "workstation");
  json_builder_add_string_value (builder, self->workstation_name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* The token this session has stays until the new sign-in succeeds: a wrong password at
   * the desk must not cut off the sync engine of the person signed in. (POST /sessions is
   * public; the server ignores a bearer token on it.) */
  yc_http_request_async (self->http, "POST", "/sessions", body, NULL, YC_HTTP_NONE,
                         cancellable, on_sessions_posted_cb, g_object_ref (task));
}

gboolean
yc_session_sign_in_finish (YcSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- resume ---- */

static void
on_resume_centre_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStaff) staff = NULL;

  response = yc_http_request_finish (YC_HTTP (source), result, &error);
  if (response == NULL)
    {
      g_autofree char *username = yc_session_dup_last_username (self);

      set_token (self, NULL);
      if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED))
        {
          set_notice (self, _("Your sign-in has expired. Sign in again: the changes waiting on this workstation are kept."));
          if (username != NULL)
            yc_secrets_clear_token_async (yc_http_get_base_url (self->http), username, NULL,
                                          NULL, NULL);
        }
      /* Unreachable: the person signs in with the password, which works offline. */
      g_task_return_boolean (task, FALSE);
      return;
    }

  staff = yc_store_get_staff (self->store);
  if (staff == NULL)
    {
      set_token (self, NULL);
      g_task_return_boolean (task, FALSE);
      return;
    }
  set_state (self, YC_SESSION_SIGNED_IN, staff);
  g_task_return_boolean (task, TRUE);
}

static void
on_resume_token_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = yc_secrets_lookup_token_finish (result, &error);

  if (token == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_notice (self, error->message);
      g_task_return_boolean (task, FALSE);
      return;
    }

  set_token (self, token);
  explicit_bzero (token, strlen (token));
  yc_http_request_async (self->http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE,
                         g_task_get_cancellable (task), on_resume_centre_cb,
                         g_object_ref (task));
}

void
yc_session_resume_async (YcSession           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (YC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_resume_async);

  username = yc_session_dup_last_username (self);
  if (username == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  yc_secrets_lookup_token_async (yc_http_get_base_url (self->http), username, cancellable,
                                 on_resume_token_cb, g_object_ref (task));
}

gboolean
yc_session_resume_finish (YcSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sign-out ---- */

static void
on_token_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* A keyring that cannot be reached has nothing to forget. */
  yc_secrets_clear_token_finish (result, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
on_session_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSession *self = g_task_get_source_object (task);
  g_autoptr(YcHttpResponse) response = NULL;
  const char *username = g_task_get_task_data (task);

  /* Unreachable or already dead: the token is forgotten here either way. */
  response = yc_http_request_finish (YC_HTTP (source), result, NULL);

  set_token (self, NULL);
  set_state (self, YC_SESSION_SIGNED_OUT, NULL);
  yc_secrets_clear_token_async (yc_http_get_base_url (self->http), username,
                                g_task_get_cancellable (task), on_token_cleared_cb,
                                g_object_ref (task));
}

void
yc_session_sign_out_async (YcSession           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_sign_out_async);

  if (self->staff == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, g_strdup (yc_staff_get_username (self->staff)), g_free);

  if (self->token == NULL)
    {
      set_state (self, YC_SESSION_SIGNED_OUT, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  yc_http_request_async (self->http, "DELETE", "/sessions/current", NULL, NULL, YC_HTTP_NONE,
                         cancellable, on_session_deleted_cb, g_object_ref (task));
}

gboolean
yc_session_sign_out_finish (YcSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- what the sync engine says ---- */

void
yc_session_token_rejected (YcSession *self)
{
  g_return_if_fail (YC_IS_SESSION (self));

  if (self->staff != NULL)
    yc_secrets_clear_token_async (yc_http_get_base_url (self->http),
                                  yc_staff_get_username (self->staff), NULL, NULL, NULL);
  set_token (self, NULL);
  set_notice (self, _("Your sign-in has expired. Sign in again: the changes waiting on this workstation are kept."));
  set_state (self, YC_SESSION_SIGNED_OUT, NULL);
}

void
yc_session_server_reachable (YcSession *self)
{
  g_return_if_fail (YC_IS_SESSION (self));

  if (self->state == YC_SESSION_OFFLINE && self->token != NULL)
    set_state (self, YC_SESSION_SIGNED_IN, self->staff);
}

/* ---- GObject ---- */

static void
yc_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YcSession *self = YC_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STAFF:
      g_value_set_object (value, self->staff);
      break;

    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_session_finalize (GObject *object)
{
  YcSession *self = YC_SESSION (object);

  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->staff);
  g_clear_object (&self->http);
  g_clear_object (&self->store);
  g_clear_pointer (&self->workstation_name, g_free);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (yc_session_parent_class)->finalize (object);
}

static void
yc_session_class_init (YcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_session_finalize;
  object_class->get_property = yc_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, YC_TYPE_SESSION_STATE, YC_SESSION_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAFF] =
    g_param_spec_object ("staff", NULL, NULL, YC_TYPE_STAFF,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_session_init (YcSession *self)
{
  self->state = YC_SESSION_SIGNED_OUT;
}

YcSession *
yc_session_new (YcStore    *store,
                YcHttp     *http,
                const char *workstation_name)
{
  YcSession *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_HTTP (http), NULL);

  self = g_object_new (YC_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->http = g_object_ref (http);
  self->workstation_name = g_strdup (workstation_name != NULL && *workstation_name != '\0'
                                     ? workstation_name : g_get_host_name ());
  return self;
}

YcSessionState
yc_session_get_state (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), YC_SESSION_SIGNED_OUT);
  return self->state;
}

YcStaff *
yc_session_get_staff (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), NULL);
  return self->staff;
}

YcHttp *
yc_session_get_http (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), NULL);
  return self->http;
}

YcStore *
yc_session_get_store (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), NULL);
  return self->store;
}

gboolean
yc_session_has_token (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), FALSE);
  return self->token != NULL;
}

const char *
yc_session_get_notice (YcSession *self)
{
  g_return_val_if_fail (YC_IS_SESSION (self), NULL);
  return self->notice;
}

char *
yc_session_dup_last_username (YcSession *self)
{
  g_autoptr(YcStaff) staff = NULL;

  g_return_val_if_fail (YC_IS_SESSION (self), NULL);

  staff = yc_store_get_staff (self->store);
  return staff != NULL ? g_strdup (yc_staff_get_username (staff)) : NULL;
}
