/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-sessions"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "yc-password.h"
#include "yc-server-private.h"

/* 256 bits from the kernel's CSPRNG, base64url without padding. */
static char *
make_token (GError **error)
{
  guint8 bytes[32];
  gsize filled = 0;
  char *token;

  while (filled < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "getrandom failed: %s", g_strerror (saved));
          return NULL;
        }
      filled += n;
    }

  token = g_base64_encode (bytes, sizeof bytes);
  explicit_bzero (bytes, sizeof bytes);
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  *strchrnul (token, '=') = '\0';
  return token;
}

static guint
parse_roles (const char  *text,
             char       **first)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  guint roles = 0;

  *first = NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "clerk") == 0)
        roles |= YC_ROLE_CLERK;
      else if (strcmp (parts[i], "chief_rep") == 0)
        roles |= YC_ROLE_CHIEF_REP;
      else if (strcmp (parts[i], "supervisor") == 0)
        roles |= YC_ROLE_SUPERVISOR;
      else if (strcmp (parts[i], "trainer") == 0)
        roles |= YC_ROLE_TRAINER;
      else
        continue;
      if (*first == NULL)
        *first = g_strdup (parts[i]);
    }
  return roles;
}

YcSession *
yc_session_ref (YcSession *session)
{
  return g_rc_box_acquire (session);
}

static void
session_clear (YcSession *session)
{
  g_free (session->id);
  g_free (session->token_sha256);
  g_free (session->staff_id);
  g_free (session->department_id);
  g_free (session->window_id);
  g_free (session->role_name);
  g_free (session->workstation_code);
  g_free (session->workstation_name);
}

void
yc_session_unref (YcSession *session)
{
  g_rc_box_release_full (session, (GDestroyNotify) session_clear);
}

void
yc_server_forget_session (YcServer   *self,
                          const char *token_sha256)
{
  g_hash_table_remove (self->sessions, token_sha256);
}

YcSession *
yc_server_lookup_session (YcServer    *self,
                          const char  *token,
                          GError     **error)
{
  g_autofree char *hash = yc_server_sha256_hex (token, strlen (token));
  YcSession *session = g_hash_table_lookup (self->sessions, hash);
  gint64 now = yc_server_now_unix ();
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (session != NULL)
    {
      if (session->expires_at > now)
        return yc_session_ref (session);
      g_hash_table_remove (self->sessions, hash);
      return NULL;
    }

  stmt = yc_server_db_prepare (self->db,
                               "SELECT s.id, s.staff_id, s.expires_at, st.roles,"
                               " st.department_id, st.window_id, w.code, w.name"
                               " FROM sessions s"
                               " JOIN staff st ON st.id = s.staff_id"
                               " JOIN workstations w ON w.code = s.workstation_code"
                               " WHERE s.token_sha256 = ? AND s.expires_at > ? AND st.active = 1",
                               error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, hash);
  yc_server_db_bind_int (stmt, 2, now);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return NULL;
    }

  session = g_rc_box_new0 (YcSession);
  session->id = g_strdup (yc_server_db_column_text (stmt, 0));
  session->token_sha256 = g_strdup (hash);
  session->staff_id = g_strdup (yc_server_db_column_text (stmt, 1));
  session->expires_at = sqlite3_column_int64 (stmt, 2);
  session->roles = parse_roles (yc_server_db_column_text (stmt, 3), &session->role_name);
  session->department_id = g_strdup (yc_server_db_column_text (stmt, 4));
  session->window_id = g_strdup (yc_server_db_column_text (stmt, 5));
  session->workstation_code = g_strdup (yc_server_db_column_text (stmt, 6));
  session->workstation_name = g_strdup (yc_server_db_column_text (stmt, 7));
  sqlite3_reset (stmt);

  g_hash_table_insert (self->sessions, g_strdup (hash), yc_session_ref (session));
  return session;
}

static gboolean
check_throttle (YcRequest  *req,
                const char *username,
                gint64      now)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 count;
  gint64 oldest;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT COUNT(*), MIN(at) FROM login_failures"
                               " WHERE username = ? AND at > ?", &error);
  if (stmt == NULL)
    {
      yc_request_internal_error (req, error);
      return FALSE;
    }
  yc_server_db_bind_text (stmt, 1, username);
  yc_server_db_bind_int (stmt, 2, now - YC_LOGIN_WINDOW_SECONDS);
  if (!yc_server_db_step (self->db, stmt, &has_row, &error))
    {
      yc_request_internal_error (req, error);
      return FALSE;
    }
  count = sqlite3_column_int64 (stmt, 0);
  oldest = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  if (count >= YC_LOGIN_MAX_FAILURES)
    {
      g_autofree char *seconds = NULL;

      req->retry_after = MAX (1, oldest + YC_LOGIN_WINDOW_SECONDS - now);
      seconds = g_strdup_printf ("%" G_GINT64_FORMAT, req->retry_after);
      yc_request_set_header (req, "Retry-After", seconds);
      yc_request_problem (req, 429, "too_many_attempts", NULL);
      return FALSE;
    }
  return TRUE;
}

/* A hash to verify against when the username is unknown, so both take the same time. */
static const char *
dummy_hash (void)
{
  static char *hash = NULL;

  if (hash == NULL)
    hash = yc_password_hash ("yichuang-no-such-user", NULL);
  return hash;
}

static char *
workstation_code (YcServer    *self,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 highest;
  g_autofree char *code = NULL;
  g_autofree char *now = NULL;

  stmt = yc_server_db_prepare (self->db, "SELECT code FROM workstations WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, name);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    {
      char *found = g_strdup (yc_server_db_column_text (stmt, 0));

      sqlite3_reset (stmt);
      return found;
    }
  sqlite3_reset (stmt);

  stmt = yc_server_db_prepare (self->db,
                               "SELECT COALESCE(MAX(CAST(substr(code, 2) AS INTEGER)), 0)"
                               " FROM workstations", error);
  if (stmt == NULL || !yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  highest = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  code = g_strdup_printf ("W%02" G_GINT64_FORMAT, highest + 1);
  now = yc_server_now_iso ();
  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO workstations (code, name, first_seen) VALUES (?, ?, ?)",
                               error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, code);
  yc_server_db_bind_text (stmt, 2, name);
  yc_server_db_bind_text (stmt, 3, now);
  if (!yc_server_db_step_done (self->db, stmt, error))
    return NULL;
  return g_steal_pointer (&code);
}

void
yc_server_handle_sessions_create (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *department_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *now_iso = NULL;
  g_autofree char *expires_iso = NULL;
  g_autofree char *first_role = NULL;
  g_autoptr(GDateTime) now_time = NULL;
  g_autoptr(GDateTime) expires_time = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonNode *staff_json;
  const char *username, *password, *workstation;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 now = yc_server_now_unix ();

  if (!yc_request_body_string (req, req->body, NULL, "username", TRUE, &username) ||
      !yc_request_body_string (req, req->body, NULL, "password", TRUE, &password) ||
      !yc_request_body_string (req, req->body, NULL, "workstation", TRUE, &workstation))
    return;
  if (strlen (workstation) > 200)
    {
      yc_request_problem (req, 400, "invalid_value", "workstation");
      return;
    }

  if (!check_throttle (req, username, now))
    return;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT id, password_hash, roles, department_id FROM staff"
                               " WHERE username = ? AND active = 1", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, username);
  if (!yc_server_db_step (self->db, stmt, &has_row, &error))
    goto fail;
  if (has_row)
    {
      staff_id = g_strdup (yc_server_db_column_text (stmt, 0));
      hash = g_strdup (yc_server_db_column_text (stmt, 1));
      roles = g_strdup (yc_server_db_column_text (stmt, 2));
      department_id = g_strdup (yc_server_db_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);

  if (!yc_password_verify (password, hash != NULL ? hash : dummy_hash ()) || staff_id == NULL)
    {
      stmt = yc_server_db_prepare (self->db,
                                   "INSERT INTO login_failures (username, at) VALUES (?, ?)",
                                   &error);
      if (stmt == NULL)
        goto fail;
      yc_server_db_bind_text (stmt, 1, username);
      yc_server_db_bind_int (stmt, 2, now);
      if (!yc_server_db_step_done (self->db, stmt, &error))
        goto fail;
      req->keep_changes = TRUE;
      yc_request_problem (req, 401, "invalid_credentials", NULL);
      return;
    }

  stmt = yc_server_db_prepare (self->db, "DELETE FROM login_failures WHERE username = ?", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, username);
  if (!yc_server_db_step_done (self->db, stmt, &error))
    goto fail;

  code = workstation_code (self, workstation, &error);
  if (code == NULL)
    goto fail;

  token = make_token (&error);
  if (token == NULL)
    goto fail;
  token_hash = yc_server_sha256_hex (token, strlen (token));
  session_id = g_uuid_string_random ();
  now_time = yc_server_now ();
  expires_time = g_date_time_add_seconds (now_time, YC_SESSION_SECONDS);
  now_iso = yc_server_format_time (now_time);
  expires_iso = yc_server_format_time (expires_time);

  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO sessions (id, token_sha256, staff_id, workstation_code,"
                               " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, session_id);
  yc_server_db_bind_text (stmt, 2, token_hash);
  yc_server_db_bind_text (stmt, 3, staff_id);
  yc_server_db_bind_text (stmt, 4, code);
  yc_server_db_bind_text (stmt, 5, now_iso);
  yc_server_db_bind_int (stmt, 6, g_date_time_to_unix (expires_time));
  if (!yc_server_db_step_done (self->db, stmt, &error))
    goto fail;

  parse_roles (roles, &first_role);
  if (!yc_server_add_event (self, "session.created", "session", session_id, staff_id, first_role,
                            code, req->offline, department_id, &error))
    goto fail;
  req->events_added = TRUE;

  staff_json = yc_server_staff_json (self, staff_id, &error);
  if (staff_json == NULL)
    goto fail;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_iso);
  json_builder_set_member_name (builder, "staff");
  json_builder_add_value (builder, staff_json);
  json_builder_set_member_name (builder, "workstation");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, workstation);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "centre");
  if (self->centre_json != NULL)
    json_builder_add_value (builder, json_node_copy (self->centre_json));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  yc_request_reply (req, 201, json_builder_get_root (builder));
  req->log_staff_id = g_strdup (staff_id);
  explicit_bzero (token, strlen (token));
  return;

fail:
  yc_request_internal_error (req, error);
}

void
yc_server_handle_sessions_delete (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = yc_server_db_prepare (self->db, "DELETE FROM sessions WHERE id = ?", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, req->session->id);
  if (!yc_server_db_step_done (self->db, stmt, &error))
    goto fail;
  if (!yc_request_add_event (req, "session.ended", "session", req->session->id,
                             req->session->department_id, &error))
    goto fail;

  /* The cache drops it now; if the commit failed the token would only need a new sign-in. */
  yc_server_forget_session (self, req->session->token_sha256);
  yc_request_reply (req, 204, NULL);
  return;

fail:
  yc_request_internal_error (req, error);
}

gboolean
yc_server_purge (YcServer  *self,
                 GError   **error)
{
  g_autofree char *sql = NULL;
  gint64 now = yc_server_now_unix ();
  GHashTableIter iter;
  YcSession *session;

  sql = g_strdup_printf ("BEGIN IMMEDIATE;"
                         "DELETE FROM sessions WHERE expires_at <= %" G_GINT64_FORMAT ";"
                         "DELETE FROM idempotency_keys WHERE created_at < %" G_GINT64_FORMAT ";"
                         "DELETE FROM login_failures WHERE at < %" G_GINT64_FORMAT ";"
                         "COMMIT;",
                         now, now - YC_IDEMPOTENCY_KEEP_SECONDS, now - 24 * 60 * 60);
  if (!yc_server_db_exec (self->db, sql, error))
    {
      yc_server_db_rollback (self->db);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    if (session->expires_at <= now)
      g_hash_table_iter_remove (&iter);
  return TRUE;
}
