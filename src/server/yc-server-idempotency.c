/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-idempotency"

#include "config.h"

#include <string.h>

#include "yc-server-private.h"

/* Every POST but sign-in carries an Idempotency-Key. The answer to it is stored, in the
 * transaction of the change, under the workstation and key with a hash of the request, and
 * replayed when the same request comes again (a different request under the same key is
 * refused). A key stored by a change of the open batch is replayed after that batch commits:
 * the server remembers those keys as running until then. */

static gboolean
is_uuid_any_case (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL || strlen (text) != 36)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  return yc_server_is_uuid (lower);
}

static void
compute_request_hash (YcRequest  *req,
                      const char *data,
                      gsize       len)
{
  const char *method = yc_request_method (req);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) method, strlen (method));
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) req->route->pattern, strlen (req->route->pattern));
  for (guint i = 0; i < G_N_ELEMENTS (req->params) && req->params[i] != NULL; i++)
    {
      g_checksum_update (checksum, (const guchar *) "\n", 1);
      g_checksum_update (checksum, (const guchar *) req->params[i], strlen (req->params[i]));
    }
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) data, len);
  g_free (req->request_hash);
  req->request_hash = g_strdup (g_checksum_get_string (checksum));
}

static char *
running_key (YcRequest *req)
{
  return g_strconcat (req->session->workstation_code, "\n", req->idempotency_key, NULL);
}

gboolean
yc_request_replay_stored (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT request_hash, status, content_type, body"
                               " FROM idempotency_keys WHERE workstation_code = ? AND key = ?",
                               &error);
  if (stmt == NULL)
    {
      yc_request_internal_error (req, error);
      return TRUE;
    }
  yc_server_db_bind_text (stmt, 1, req->session->workstation_code);
  yc_server_db_bind_text (stmt, 2, req->idempotency_key);
  if (!yc_server_db_step (self->db, stmt, &has_row, &error))
    {
      yc_request_internal_error (req, error);
      return TRUE;
    }
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  if (strcmp (yc_server_db_column_text (stmt, 0), req->request_hash) != 0)
    {
      sqlite3_reset (stmt);
      yc_request_problem (req, 422, "idempotency_mismatch", NULL);
      return TRUE;
    }

  {
    guint status = sqlite3_column_int (stmt, 1);
    const char *content_type = yc_server_db_column_text (stmt, 2);
    const void *body = sqlite3_column_blob (stmt, 3);
    gsize body_len = sqlite3_column_bytes (stmt, 3);
    char *copy = body_len > 0 ? g_memdup2 (body, body_len) : NULL;

    yc_request_reply_bytes (req, status, content_type, copy, body_len);
    sqlite3_reset (stmt);
  }
  req->replayed = TRUE;
  yc_request_set_header (req, "Idempotent-Replayed", "true");
  return TRUE;
}

gboolean
yc_request_check_key (YcRequest  *req,
                      const char *key)
{
  if (key == NULL || *key == '\0')
    {
      yc_request_problem (req, 400, "missing_idempotency_key", NULL);
      return FALSE;
    }
  if (!is_uuid_any_case (key))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "Idempotency-Key",
                                 "invalid_idempotency_key");
      return FALSE;
    }
  return TRUE;
}

YcKeyState
yc_request_idempotency_lookup (YcRequest  *req,
                               const char *key,
                               const char *data,
                               gsize       len)
{
  g_autofree char *running = NULL;

  if (!yc_request_check_key (req, key))
    return YC_KEY_ANSWERED;
  req->idempotency_key = g_strdup (key);

  compute_request_hash (req, data, len);
  running = running_key (req);
  if (g_hash_table_contains (req->server->running_keys, running))
    return YC_KEY_DEFERRED;
  return yc_request_replay_stored (req) ? YC_KEY_ANSWERED : YC_KEY_NEW;
}

gboolean
yc_request_answer_storable (YcRequest *req)
{
  if (req->idempotency_key == NULL || req->status >= 500)
    return FALSE;
  if (req->status == 401 || req->status == 413 || req->status == 429)
    return FALSE;
  return g_strcmp0 (req->problem_code, "idempotency_in_progress") != 0;
}

gboolean
yc_request_store_answer (YcRequest  *req,
                         GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = yc_server_db_prepare (req->server->db,
                               "INSERT INTO idempotency_keys (workstation_code, key, request_hash,"
                               " status, content_type, body, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, req->session->workstation_code);
  yc_server_db_bind_text (stmt, 2, req->idempotency_key);
  yc_server_db_bind_text (stmt, 3, req->request_hash);
  yc_server_db_bind_int (stmt, 4, req->status);
  yc_server_db_bind_text (stmt, 5, req->content_type);
  yc_server_db_bind_blob (stmt, 6, req->response != NULL ? req->response : "",
                          req->response_len);
  yc_server_db_bind_int (stmt, 7, yc_server_now_unix ());
  if (!yc_server_db_step_done (req->server->db, stmt, error))
    return FALSE;
  g_hash_table_add (req->server->running_keys, running_key (req));
  return TRUE;
}
