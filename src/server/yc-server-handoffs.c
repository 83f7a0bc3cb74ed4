/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-handoffs"

#include "config.h"

#include <string.h>

#include "yc-handoff.h"
#include "yc-server-private.h"

#define HANDOFF_COLUMNS \
  "h.id, h.kind, h.from_staff_id, h.from_department_id, h.to_staff_id, h.to_department_id," \
  " (SELECT group_concat (case_id, ',') FROM (SELECT case_id FROM handoff_cases" \
  "   WHERE handoff_id = h.id ORDER BY position)) AS \"case_ids:list\"," \
  " h.reason, h.state, h.requested_by, h.requested_at, h.decided_by, h.decided_at," \
  " h.decision_comment, h.received_by, h.received_at," \
  " h.answer, h.answered_by, h.answered_at, h.answer_comment"

static YcHandoff *
load_handoff (YcServer    *self,
              const char  *id,
              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  g_autoptr(JsonObject) object = NULL;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT " HANDOFF_COLUMNS " FROM handoffs h WHERE h.id = ?", error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, id);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such handoff");
      return NULL;
    }
  object = yc_server_db_row_to_object (stmt);
  sqlite3_reset (stmt);
  return yc_handoff_new_from_json (object, error);
}

static YcHandoff *
load_handoff_for_request (YcRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *id = yc_request_param (req, 0);
  YcHandoff *handoff;

  if (!yc_server_is_uuid (id))
    {
      yc_request_problem (req, 400, "invalid_value", "id");
      return NULL;
    }
  handoff = load_handoff (req->server, id, &error);
  if (handoff == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        yc_request_problem (req, 404, "not_found", NULL);
      else
        yc_request_internal_error (req, error);
    }
  return handoff;
}

static void
reply_handoff (YcRequest  *req,
               guint       status,
               const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = load_handoff (req->server, id, &error);

  if (handoff == NULL)
    yc_request_internal_error (req, error);
  else
    yc_request_reply (req, status, yc_handoff_to_json (handoff));
}

/* Look up one text value; *out is NULL when there is no row. */
static gboolean
query_text (YcServer    *self,
            const char  *sql,
            const char  *arg1,
            const char  *arg2,
            char       **out,
            GError     **error)
{
  sqlite3_stmt *stmt = yc_server_db_prepare (self->db, sql, error);
  gboolean has_row;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, arg1);
  if (arg2 != NULL)
    yc_server_db_bind_text (stmt, 2, arg2);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out = g_strdup (yc_server_db_column_text (stmt, 0) != NULL
                     ? yc_server_db_column_text (stmt, 0) : "");
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
add_answer (YcRequest   *req,
            const char  *handoff_id,
            const char  *answer,
            const char  *at,
            const char  *comment,
            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = yc_server_db_prepare (req->server->db,
                               "INSERT INTO handoff_answers (handoff_id, answer, staff_id, at, comment)"
                               " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, handoff_id);
  yc_server_db_bind_text (stmt, 2, answer);
  yc_server_db_bind_text (stmt, 3, req->session->staff_id);
  yc_server_db_bind_text (stmt, 4, at);
  yc_server_db_bind_text (stmt, 5, comment);
  return yc_server_db_step_done (req->server->db, stmt, error);
}

static gboolean
move_case (YcRequest   *req,
           const char  *case_id,
           const char  *holder_id,
           const char  *now,
           GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = yc_server_db_prepare (req->server->db,
                               "UPDATE cases SET holder_id = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, holder_id);
  yc_server_db_bind_text (stmt, 2, now);
  yc_server_db_bind_text (stmt, 3, case_id);
  return yc_server_db_step_done (req->server->db, stmt, error);
}

/* ------------------------------------------------------------------ POST /handoffs */

void
yc_server_handle_handoffs_create (YcRequest *req)
{
  static const char * const kinds[] = {
    "ab_cover", "transfer", "guide", "parallel", "shift_end", NULL
  };
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *found = NULL;
  g_autofree char *now = NULL;
  const char *kind, *to_staff, *to_department;
  const char * const *case_ids;
  guint n_cases;
  JsonNode *node;
  sqlite3_stmt *stmt;

  handoff = yc_handoff_new_from_json (req->body, &error);
  if (handoff == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }
  for (guint i = 0; i < 4; i++)
    {
      static const char * const required[] = { "id", "kind", "case_ids", "reason" };

      node = json_object_get_member (req->body, required[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          yc_request_problem (req, 400, "missing_field", required[i]);
          return;
        }
    }
  if (!yc_server_is_uuid (yc_handoff_get_id (handoff)))
    {
      yc_request_problem (req, 400, "invalid_value", "id");
      return;
    }
  kind = yc_handoff_get_kind (handoff);
  if (!g_strv_contains (kinds, kind))
    {
      yc_request_problem (req, 400, "invalid_value", "kind");
      return;
    }

  to_staff = yc_handoff_get_to_staff_id (handoff);
  to_department = yc_handoff_get_to_department_id (handoff);
  if (to_staff != NULL && *to_staff == '\0')
    to_staff = NULL;
  if (to_department != NULL && *to_department == '\0')
    to_department = NULL;

  /* ab_cover and shift_end go to a person, parallel to a department, the others to either. */
  if (strcmp (kind, "ab_cover") == 0 || strcmp (kind, "shift_end") == 0)
    {
      if (to_staff == NULL)
        {
          yc_request_problem (req, 400, "missing_field", "to_staff_id");
          return;
        }
      if (to_department != NULL)
        {
          yc_request_problem_detail (req, 422, "invalid_value", "to_department_id",
                                     "handoff_target");
          return;
        }
    }
  else if (strcmp (kind, "parallel") == 0)
    {
      if (to_department == NULL)
        {
          yc_request_problem (req, 400, "missing_field", "to_department_id");
          return;
        }
      if (to_staff != NULL)
        {
          yc_request_problem_detail (req, 422, "invalid_value", "to_staff_id", "handoff_target");
          return;
        }
    }
  else if (to_staff == NULL && to_department == NULL)
    {
      yc_request_problem (req, 400, "missing_field", "to_staff_id");
      return;
    }
  else if (to_staff != NULL && to_department != NULL)
    {
      yc_request_problem_detail (req, 422, "invalid_value", "to_department_id", "handoff_target");
      return;
    }

  if (to_staff != NULL)
    {
      if (strcmp (to_staff, session->staff_id) == 0)
        {
          yc_request_problem_detail (req, 422, "invalid_value", "to_staff_id", "handoff_self");
          return;
        }
      if (!query_text (self, "SELECT id FROM staff WHERE id = ? AND active = 1", to_staff, NULL,
                       &found, &error))
        goto fail;
      if (found == NULL)
        {
          yc_request_problem (req, 422, "invalid_value", "to_staff_id");
          return;
        }
      g_clear_pointer (&found, g_free);
    }
  if (to_department != NULL)
    {
      if (!query_text (self, "SELECT id FROM departments WHERE id = ?", to_department, NULL,
                       &found, &error))
        goto fail;
      if (found == NULL)
        {
          yc_request_problem (req, 422, "invalid_value", "to_department_id");
          return;
        }
      g_clear_pointer (&found, g_free);
    }
  if (strcmp (kind, "ab_cover") == 0)
    {
      if (!query_text (self,
                       "SELECT id FROM windows WHERE (a_staff_id = ?1 AND b_staff_id = ?2)"
                       " OR (b_staff_id = ?1 AND a_staff_id = ?2) LIMIT 1",
                       session->staff_id, to_staff, &found, &error))
        goto fail;
      if (found == NULL)
        {
          yc_request_problem_detail (req, 422, "invalid_value", "to_staff_id", "not_partner");
          return;
        }
      g_clear_pointer (&found, g_free);
    }

  case_ids = yc_handoff_get_case_ids (handoff);
  n_cases = case_ids != NULL ? g_strv_length ((char **) case_ids) : 0;
  if (n_cases == 0 && strcmp (kind, "guide") != 0)
    {
      yc_request_problem (req, 400, "invalid_value", "case_ids");
      return;
    }
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *field = g_strdup_printf ("case_ids[%u]", i);
      g_autofree char *holder = NULL;

      if (!yc_server_is_uuid (case_ids[i]) || !g_hash_table_add (seen, (gpointer) case_ids[i]))
        {
          yc_request_problem (req, 400, "invalid_value", field);
          return;
        }
      if (!query_text (self, "SELECT holder_id FROM cases WHERE id = ?", case_ids[i], NULL,
                       &holder, &error))
        goto fail;
      if (holder == NULL)
        {
          yc_request_problem (req, 404, "not_found", field);
          return;
        }
      if (strcmp (holder, session->staff_id) != 0)
        {
          yc_request_problem (req, 409, "case_not_held", field);
          return;
        }
      if (strcmp (kind, "parallel") == 0)
        {
          /* One parallel handoff per case and department. */
          if (!query_text (self,
                           "SELECT h.id FROM handoffs h JOIN handoff_cases hc ON hc.handoff_id = h.id"
                           " WHERE hc.case_id = ?1 AND h.kind = 'parallel' AND h.to_department_id = ?2"
                           " AND h.state IN ('pending', 'approved', 'received') LIMIT 1",
                           case_ids[i], to_department, &found, &error))
            goto fail;
          if (found != NULL)
            {
              yc_request_problem (req, 409, "conflict", field);
              return;
            }
        }
    }

  if (!query_text (self, "SELECT id FROM handoffs WHERE id = ?", yc_handoff_get_id (handoff), NULL,
                   &found, &error))
    goto fail;
  if (found != NULL)
    {
      yc_request_problem (req, 409, "conflict", "id");
      return;
    }

  now = yc_server_now_iso ();
  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO handoffs (id, kind, from_staff_id, from_department_id,"
                               " to_staff_id, to_department_id, reason, state, requested_by,"
                               " requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?3, ?8)",
                               &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_handoff_get_id (handoff));
  yc_server_db_bind_text (stmt, 2, kind);
  yc_server_db_bind_text (stmt, 3, session->staff_id);
  yc_server_db_bind_text (stmt, 4, session->department_id);
  yc_server_db_bind_text (stmt, 5, to_staff);
  yc_server_db_bind_text (stmt, 6, to_department);
  yc_server_db_bind_text (stmt, 7, yc_handoff_get_reason (handoff));
  yc_server_db_bind_text (stmt, 8, now);
  if (!yc_server_db_step_done (self->db, stmt, &error))
    goto fail;

  for (guint i = 0; i < n_cases; i++)
    {
      stmt = yc_server_db_prepare (self->db,
                                   "INSERT INTO handoff_cases (handoff_id, case_id, position)"
                                   " VALUES (?, ?, ?)", &error);
      if (stmt == NULL)
        goto fail;
      yc_server_db_bind_text (stmt, 1, yc_handoff_get_id (handoff));
      yc_server_db_bind_text (stmt, 2, case_ids[i]);
      yc_server_db_bind_int (stmt, 3, i);
      if (!yc_server_db_step_done (self->db, stmt, &error))
        goto fail;
    }

  if (!yc_request_add_event (req, "handoff.requested", "handoff", yc_handoff_get_id (handoff),
                             session->department_id, &error))
    goto fail;

  reply_handoff (req, 201, yc_handoff_get_id (handoff));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ GET /handoffs */

void
yc_server_handle_handoffs_list (YcRequest *req)
{
  static const char * const states[] = { "pending", "approved", "rejected", "received", NULL };
  YcServer *self = req->server;
  YcSession *session = req->session;
  const char *state = yc_request_query (req, "state");
  const char *scope = yc_request_query (req, "scope");
  g_autoptr(GString) sql = g_string_new ("SELECT " HANDOFF_COLUMNS " FROM handoffs h WHERE ");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean whole_centre = FALSE;
  gboolean department_scope = FALSE;
  sqlite3_stmt *stmt;
  gboolean has_row;
  int index = 1;

  if (state != NULL && !g_strv_contains (states, state))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "state", "invalid_query");
      return;
    }
  if (scope == NULL || strcmp (scope, "mine") == 0)
    g_string_append (sql, "(h.requested_by = ?1 OR h.from_staff_id = ?1 OR h.to_staff_id = ?1"
                          " OR (h.to_staff_id IS NULL AND h.to_department_id = ?2))");
  else if (strcmp (scope, "department") == 0)
    {
      department_scope = TRUE;
      if (yc_request_has_role (req, YC_ROLE_CHIEF_REP) && session->department_id != NULL)
        g_string_append (sql, "(h.from_department_id = ?2 OR h.to_department_id = ?2)");
      else if (yc_request_has_role (req, YC_ROLE_SUPERVISOR))
        {
          whole_centre = TRUE;
          g_string_append (sql, "1");
        }
      else
        {
          yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_scope");
          return;
        }
    }
  else
    {
      yc_request_problem_detail (req, 400, "invalid_value", "scope", "invalid_query");
      return;
    }
  if (state != NULL)
    g_string_append (sql, " AND h.state = ?3");
  g_string_append (sql, " ORDER BY h.rowid DESC LIMIT 1000");

  stmt = yc_server_db_prepare (self->db, sql->str, &error);
  if (stmt == NULL)
    goto fail;
  if (!whole_centre)
    {
      if (!department_scope)
        yc_server_db_bind_text (stmt, index, session->staff_id);
      yc_server_db_bind_text (stmt, index + 1, session->department_id);
    }
  if (state != NULL)
    yc_server_db_bind_text (stmt, 3, state);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "handoffs");
  json_builder_begin_array (builder);
  while (TRUE)
    {
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(YcHandoff) handoff = NULL;

      if (!yc_server_db_step (self->db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      object = yc_server_db_row_to_object (stmt);
      handoff = yc_handoff_new_from_json (object, &error);
      if (handoff == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      json_builder_add_value (builder, yc_handoff_to_json (handoff));
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yc_request_reply (req, 200, json_builder_get_root (builder));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ decision */

void
yc_server_handle_handoff_decision (YcRequest *req)
{
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autofree char *now = NULL;
  g_autofree char *new_holder = NULL;
  const char *decision, *comment;
  const char * const *case_ids;
  gboolean approve, may_decide;
  sqlite3_stmt *stmt;

  if (!yc_request_body_string (req, req->body, NULL, "decision", TRUE, &decision) ||
      !yc_request_body_string (req, req->body, NULL, "comment", FALSE, &comment))
    return;
  if (strcmp (decision, "approve") != 0 && strcmp (decision, "reject") != 0)
    {
      yc_request_problem (req, 400, "invalid_value", "decision");
      return;
    }
  approve = strcmp (decision, "approve") == 0;

  handoff = load_handoff_for_request (req);
  if (handoff == NULL)
    return;

  /* D12: a chief rep of the giving department, never the one who asked. */
  may_decide = g_strcmp0 (yc_handoff_get_requested_by (handoff), session->staff_id) != 0 &&
               yc_request_has_role (req, YC_ROLE_CHIEF_REP) && session->department_id != NULL &&
               g_strcmp0 (yc_handoff_get_from_department_id (handoff),
                          session->department_id) == 0;
  if (!may_decide)
    {
      yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_decision");
      return;
    }
  if (strcmp (yc_handoff_get_state (handoff), "pending") != 0)
    {
      yc_request_problem (req, 409, "already_decided", NULL);
      return;
    }

  now = yc_server_now_iso ();
  case_ids = yc_handoff_get_case_ids (handoff);
  /* A parallel approval asks other departments for their answer: the case stays with the
   * holder who leads it. Every other kind moves the cases once approved. */
  if (approve && case_ids != NULL && case_ids[0] != NULL &&
      strcmp (yc_handoff_get_kind (handoff), "parallel") != 0)
    {
      if (yc_handoff_get_to_staff_id (handoff) != NULL)
        new_holder = g_strdup (yc_handoff_get_to_staff_id (handoff));
      else
        {
          if (!query_text (self, "SELECT chief_rep_staff_id FROM departments WHERE id = ?",
                           yc_handoff_get_to_department_id (handoff), NULL, &new_holder, &error))
            goto fail;
          if (new_holder == NULL || *new_holder == '\0')
            {
              yc_request_problem_detail (req, 422, "invalid_value", "to_department_id",
                                         "no_chief_rep");
              return;
            }
        }

      for (guint i = 0; case_ids[i] != NULL; i++)
        {
          g_autofree char *holder = NULL;

          if (!query_text (self, "SELECT holder_id FROM cases WHERE id = ?", case_ids[i], NULL,
                           &holder, &error))
            goto fail;
          /* Parallel handoffs of one case go out together; the others need the giver to
           * still hold it. */
          if (strcmp (yc_handoff_get_kind (handoff), "parallel") != 0 &&
              g_strcmp0 (holder, yc_handoff_get_from_staff_id (handoff)) != 0)
            {
              g_autofree char *field = g_strdup_printf ("case_ids[%u]", i);

              yc_request_problem (req, 409, "case_not_held", field);
              return;
            }
          if (!move_case (req, case_ids[i], new_holder, now, &error))
            goto fail;
        }
    }

  stmt = yc_server_db_prepare (self->db,
                               "UPDATE handoffs SET state = ?2, decided_by = ?3, decided_at = ?4,"
                               " decision_comment = ?5 WHERE id = ?1", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_handoff_get_id (handoff));
  yc_server_db_bind_text (stmt, 2, approve ? "approved" : "rejected");
  yc_server_db_bind_text (stmt, 3, session->staff_id);
  yc_server_db_bind_text (stmt, 4, now);
  yc_server_db_bind_text (stmt, 5, comment);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !add_answer (req, yc_handoff_get_id (handoff), decision, now, comment, &error) ||
      !yc_request_add_event (req, approve ? "handoff.approved" : "handoff.rejected", "handoff",
                             yc_handoff_get_id (handoff),
                             yc_handoff_get_from_department_id (handoff), &error))
    goto fail;

  reply_handoff (req, 200, yc_handoff_get_id (handoff));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ receipt */

void
yc_server_handle_handoff_receipt (YcRequest *req)
{
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autofree char *now = NULL;
  const char *to_staff, *to_department, *state;
  const char * const *case_ids;
  gboolean receiver;
  sqlite3_stmt *stmt;

  handoff = load_handoff_for_request (req);
  if (handoff == NULL)
    return;

  to_staff = yc_handoff_get_to_staff_id (handoff);
  to_department = yc_handoff_get_to_department_id (handoff);
  receiver = (to_staff != NULL && strcmp (to_staff, session->staff_id) == 0) ||
             (to_staff == NULL && to_department != NULL && session->department_id != NULL &&
              strcmp (to_department, session->department_id) == 0);
  if (!receiver)
    {
      yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_receipt");
      return;
    }
  state = yc_handoff_get_state (handoff);
  if (strcmp (state, "received") == 0)
    {
      yc_request_problem (req, 409, "already_received", NULL);
      return;
    }
  if (strcmp (state, "approved") != 0)
    {
      yc_request_problem (req, 409, "not_approved", NULL);
      return;
    }

  now = yc_server_now_iso ();
  case_ids = yc_handoff_get_case_ids (handoff);
  if (to_staff == NULL && case_ids != NULL && strcmp (yc_handoff_get_kind (handoff), "parallel") != 0)
    {
      /* A department's cases wait with its chief rep until a member signs for them. */
      for (guint i = 0; case_ids[i] != NULL; i++)
        {
          stmt = yc_server_db_prepare (self->db,
                                       "UPDATE cases SET holder_id = ?1, updated_at = ?2"
                                       " WHERE id = ?3 AND holder_id = (SELECT chief_rep_staff_id"
                                       " FROM departments WHERE id = ?4)", &error);
          if (stmt == NULL)
            goto fail;
          yc_server_db_bind_text (stmt, 1, session->staff_id);
          yc_server_db_bind_text (stmt, 2, now);
          yc_server_db_bind_text (stmt, 3, case_ids[i]);
          yc_server_db_bind_text (stmt, 4, to_department);
          if (!yc_server_db_step_done (self->db, stmt, &error))
            goto fail;
        }
    }

  stmt = yc_server_db_prepare (self->db,
                               "UPDATE handoffs SET state = 'received', received_by = ?2,"
                               " received_at = ?3 WHERE id = ?1", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_handoff_get_id (handoff));
  yc_server_db_bind_text (stmt, 2, session->staff_id);
  yc_server_db_bind_text (stmt, 3, now);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !add_answer (req, yc_handoff_get_id (handoff), "receive", now, NULL, &error) ||
      !yc_request_add_event (req, "handoff.received", "handoff", yc_handoff_get_id (handoff),
                             to_department != NULL ? to_department : session->department_id,
                             &error))
    goto fail;

  reply_handoff (req, 200, yc_handoff_get_id (handoff));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ answer (并联审批) */

void
yc_server_handle_handoff_answer (YcRequest *req)
{
  static const char * const answers[] = { "agree", "disagree", "agree_forward", NULL };
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autofree char *now = NULL;
  g_autofree char *trimmed = NULL;
  const char *answer, *comment;
  sqlite3_stmt *stmt;

  if (!yc_request_body_string (req, req->body, NULL, "answer", TRUE, &answer) ||
      !yc_request_body_string (req, req->body, NULL, "comment", FALSE, &comment))
    return;
  if (!g_strv_contains (answers, answer))
    {
      yc_request_problem (req, 400, "invalid_value", "answer");
      return;
    }

  handoff = load_handoff_for_request (req);
  if (handoff == NULL)
    return;

  if (strcmp (yc_handoff_get_kind (handoff), "parallel") != 0)
    {
      yc_request_problem (req, 409, "not_parallel", NULL);
      return;
    }
  /* The receiving department answers, through any of its members. */
  if (session->department_id == NULL ||
      g_strcmp0 (yc_handoff_get_to_department_id (handoff), session->department_id) != 0)
    {
      yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_answer");
      return;
    }
  if (yc_handoff_get_answer (handoff) != NULL)
    {
      yc_request_problem (req, 409, "already_answered", NULL);
      return;
    }
  if (strcmp (yc_handoff_get_state (handoff), "received") != 0)
    {
      yc_request_problem (req, 409, "not_received", NULL);
      return;
    }
  if (comment != NULL)
    {
      trimmed = g_strstrip (g_strdup (comment));
      if (*trimmed == '\0')
        g_clear_pointer (&trimmed, g_free);
    }
  /* 不同意 needs its reason. */
  if (strcmp (answer, "disagree") == 0 && trimmed == NULL)
    {
      yc_request_problem_detail (req, 422, "invalid_value", "comment", "answer_reason");
      return;
    }

  now = yc_server_now_iso ();
  stmt = yc_server_db_prepare (self->db,
                               "UPDATE handoffs SET answer = ?2, answered_by = ?3,"
                               " answered_at = ?4, answer_comment = ?5"
                               " WHERE id = ?1 AND answer IS NULL", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_handoff_get_id (handoff));
  yc_server_db_bind_text (stmt, 2, answer);
  yc_server_db_bind_text (stmt, 3, session->staff_id);
  yc_server_db_bind_text (stmt, 4, now);
  yc_server_db_bind_text (stmt, 5, trimmed);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !add_answer (req, yc_handoff_get_id (handoff), answer, now, trimmed, &error) ||
      !yc_request_add_event (req, "handoff.answered", "handoff", yc_handoff_get_id (handoff),
                             session->department_id, &error))
    goto fail;

  reply_handoff (req, 200, yc_handoff_get_id (handoff));
  return;

fail:
  yc_request_internal_error (req, error);
}
