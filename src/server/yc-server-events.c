/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-events"

#include "config.h"

#include <string.h>

#include "yc-server-private.h"

gboolean
yc_server_add_event (YcServer    *self,
                     const char  *type,
                     const char  *entity,
                     const char  *entity_id,
                     const char  *actor_id,
                     const char  *role,
                     const char  *workstation,
                     gboolean     offline,
                     const char  *department_id,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = yc_server_now_iso ();

  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO events (type, entity, entity_id, at, actor_id, role,"
                               " workstation, offline, department_id)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, type);
  yc_server_db_bind_text (stmt, 2, entity);
  yc_server_db_bind_text (stmt, 3, entity_id);
  yc_server_db_bind_text (stmt, 4, now);
  yc_server_db_bind_text (stmt, 5, actor_id);
  yc_server_db_bind_text (stmt, 6, role);
  yc_server_db_bind_text (stmt, 7, workstation);
  yc_server_db_bind_int (stmt, 8, offline ? 1 : 0);
  yc_server_db_bind_text (stmt, 9, department_id);
  return yc_server_db_step_done (self->db, stmt, error);
}

gboolean
yc_request_add_event (YcRequest   *req,
                      const char  *type,
                      const char  *entity,
                      const char  *entity_id,
                      const char  *department_id,
                      GError     **error)
{
  YcSession *session = req->session;

  g_assert (session != NULL);
  if (!yc_server_add_event (req->server, type, entity, entity_id, session->staff_id,
                            session->role_name, session->workstation_code, req->offline,
                            department_id, error))
    return FALSE;
  req->events_added = TRUE;
  return TRUE;
}

/* The page of events after @after; NULL with @error on failure. *count is the number found. */
static JsonNode *
events_page (YcServer  *self,
             gint64     after,
             guint     *count,
             GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 last_seq = 0;

  *count = 0;
  stmt = yc_server_db_prepare (self->db,
                               "SELECT seq, type, entity, entity_id AS id, at, actor_id,"
                               " workstation, offline AS \"offline:bool\""
                               " FROM events WHERE seq > ? ORDER BY seq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_int (stmt, 1, after);
  yc_server_db_bind_int (stmt, 2, YC_EVENTS_PAGE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  while (TRUE)
    {
      JsonNode *node;

      if (!yc_server_db_step (self->db, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      last_seq = sqlite3_column_int64 (stmt, 0);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, yc_server_db_row_to_object (stmt));
      json_builder_add_value (builder, node);
      (*count)++;
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);

  if (*count == 0)
    {
      stmt = yc_server_db_prepare (self->db, "SELECT COALESCE(MAX(seq), 0) FROM events", error);
      if (stmt == NULL || !yc_server_db_step (self->db, stmt, &has_row, error))
        return NULL;
      last_seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  json_builder_set_member_name (builder, "last_seq");
  json_builder_add_int_value (builder, last_seq);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
answer_waiter (YcRequest *req,
               JsonNode  *page)
{
  YcServer *self = req->server;

  self->waiters = g_list_remove (self->waiters, req);
  req->paused = FALSE;
  g_clear_handle_id (&req->wait_source, g_source_remove);
  yc_request_reply (req, 200, page);
  yc_request_finish_paused (req);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  YcRequest *req = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *page;
  guint count;

  req->wait_source = 0;
  page = events_page (req->server, req->wait_after, &count, &error);
  if (page == NULL)
    {
      req->server->waiters = g_list_remove (req->server->waiters, req);
      req->paused = FALSE;
      yc_request_internal_error (req, error);
      yc_request_finish_paused (req);
      return G_SOURCE_REMOVE;
    }
  answer_waiter (req, page);
  return G_SOURCE_REMOVE;
}

void
yc_server_wake_waiters (YcServer *self,
                        gboolean  all,
                        gboolean  new_events)
{
  GList *waiters = g_list_copy (self->waiters);

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      YcRequest *req = l->data;
      g_autoptr(GError) error = NULL;
      JsonNode *page;
      guint count;

      if (!all && !new_events && !req->wait_now)
        continue;
      page = events_page (self, req->wait_after, &count, &error);
      if (page == NULL)
        {
          g_warning ("Cannot read events: %s", error->message);
          continue;
        }
      if (count == 0 && !all && !req->wait_now)
        {
          json_node_unref (page);
          continue;
        }
      answer_waiter (req, page);
    }
  g_list_free (waiters);
}

void
yc_server_handle_events (YcRequest *req)
{
  YcServer *self = req->server;
  const char *after_text = yc_request_query (req, "after");
  const char *wait_text = yc_request_query (req, "wait");
  g_autoptr(GError) error = NULL;
  guint64 after = 0;
  guint64 wait = 0;
  JsonNode *page;
  guint count;

  if (after_text != NULL &&
      !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &after, NULL))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "after", "invalid_query");
      return;
    }
  if (wait_text != NULL &&
      !g_ascii_string_to_unsigned (wait_text, 10, 0, YC_EVENTS_MAX_WAIT, &wait, NULL))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "wait", "invalid_query");
      return;
    }

  if (self->batch_open && !self->shutting_down)
    {
      /* Changes of the open batch are not on disk yet: answer after the commit. */
      req->paused = TRUE;
      req->wait_now = wait == 0;
      req->wait_after = (gint64) after;
      if (wait > 0)
        req->wait_source = g_timeout_add ((guint) wait * 1000, wait_timeout_cb, req);
      self->waiters = g_list_prepend (self->waiters, req);
      soup_server_message_pause (req->msg);
      return;
    }

  page = events_page (self, (gint64) after, &count, &error);
  if (page == NULL)
    {
      yc_request_internal_error (req, error);
      return;
    }
  if (count > 0 || wait == 0 || self->shutting_down)
    {
      yc_request_reply (req, 200, page);
      return;
    }
  json_node_unref (page);

  /* Nothing newer: hold the answer until an event is committed or the wait is over. */
  req->paused = TRUE;
  req->wait_after = (gint64) after;
  req->wait_source = g_timeout_add ((guint) wait * 1000, wait_timeout_cb, req);
  self->waiters = g_list_prepend (self->waiters, req);
  soup_server_message_pause (req->msg);
}
