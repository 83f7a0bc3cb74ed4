/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server"

#include "config.h"

#include <string.h>

#include "yc-server-private.h"

/* Every route of API v1, below /api/v1. */
static const YcRoute routes[] = {
  { "POST",   "/sessions",                yc_server_handle_sessions_create,
    YC_ROUTE_PUBLIC | YC_ROUTE_WRITE | YC_ROUTE_NO_IDEMPOTENCY },
  { "DELETE", "/sessions/current",        yc_server_handle_sessions_delete,
    YC_ROUTE_WRITE | YC_ROUTE_ANY_ROLE },
  { "GET",    "/centre",                  yc_server_handle_centre, YC_ROUTE_DEFAULT },
  { "GET",    "/departments",             yc_server_handle_departments, YC_ROUTE_DEFAULT },
  { "GET",    "/windows",                 yc_server_handle_windows, YC_ROUTE_DEFAULT },
  { "GET",    "/staff",                   yc_server_handle_staff, YC_ROUTE_DEFAULT },
  { "GET",    "/service-items",           yc_server_handle_items, YC_ROUTE_DEFAULT },
  { "GET",    "/service-items/{code}",    yc_server_handle_item, YC_ROUTE_DEFAULT },
  { "GET",    "/calendar/{year}",         yc_server_handle_calendar, YC_ROUTE_DEFAULT },
  { "POST",   "/inquiries",               yc_server_handle_inquiries_create, YC_ROUTE_WRITE },
  { "GET",    "/cases",                   yc_server_handle_cases_list, YC_ROUTE_DEFAULT },
  { "POST",   "/cases",                   yc_server_handle_cases_create, YC_ROUTE_WRITE },
  { "GET",    "/cases/{id}",              yc_server_handle_case_get, YC_ROUTE_DEFAULT },
  { "POST",   "/cases/{id}/materials",    yc_server_handle_case_materials, YC_ROUTE_WRITE },
  { "POST",   "/cases/{id}/completion",   yc_server_handle_case_completion, YC_ROUTE_WRITE },
  { "POST",   "/cases/{id}/evaluation",   yc_server_handle_case_evaluation, YC_ROUTE_WRITE },
  { "GET",    "/letters",                 yc_server_handle_letters_list, YC_ROUTE_DEFAULT },
  { "POST",   "/letters",                 yc_server_handle_letters_create, YC_ROUTE_WRITE },
  { "GET",    "/handoffs",                yc_server_handle_handoffs_list, YC_ROUTE_DEFAULT },
  { "POST",   "/handoffs",                yc_server_handle_handoffs_create, YC_ROUTE_WRITE },
  { "POST",   "/handoffs/{id}/decision",  yc_server_handle_handoff_decision, YC_ROUTE_WRITE },
  { "POST",   "/handoffs/{id}/receipt",   yc_server_handle_handoff_receipt, YC_ROUTE_WRITE },
  { "POST",   "/handoffs/{id}/answer",    yc_server_handle_handoff_answer, YC_ROUTE_WRITE },
  { "GET",    "/events",                  yc_server_handle_events, YC_ROUTE_DEFAULT },
  { "POST",   "/batch",                   yc_server_handle_batch, YC_ROUTE_BATCH },
};

#define MAX_SEGMENTS 4

typedef struct {
  guint  n_segments;
  char  *segments[MAX_SEGMENTS];
} RoutePattern;

static RoutePattern patterns[G_N_ELEMENTS (routes)];

G_DEFINE_FINAL_TYPE (YcServer, yc_server, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ request life */

static void
request_free (YcRequest *req)
{
  for (guint i = 0; i < G_N_ELEMENTS (req->params); i++)
    g_free (req->params[i]);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->session, yc_session_unref);
  g_clear_pointer (&req->body_node, json_node_unref);
  g_clear_pointer (&req->body, json_object_unref);
  g_free (req->response);
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->idempotency_key);
  g_free (req->request_hash);
  g_free (req->log_staff_id);
  g_clear_handle_id (&req->wait_source, g_source_remove);
  g_clear_pointer (&req->parts, g_ptr_array_unref);
  g_free (req);
}

static void parts_forget (YcRequest *req);

static YcRequest *
request_from_message (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "yc-request");
}

/* Set the message's answer from the request. */
static void
request_finish (YcRequest *req)
{
  SoupServerMessage *msg = req->msg;

  if (req->finished)
    return;
  req->finished = TRUE;
  if (!req->answered)
    yc_request_internal_error (req, NULL);

  if (req->parent != NULL)
    {
      /* A change of a batch: its answer waits in the batch's answer. */
      YcRequest *parent = req->parent;

      yc_server_log_request (req);
      g_assert (parent->parts_waiting > 0 || !req->paused);
      if (req->paused)
        parent->parts_waiting--;
      req->paused = FALSE;
      if (parent->paused && parent->parts_waiting == 0)
        {
          yc_server_batch_reply (parent);
          yc_request_finish_paused (parent);
        }
      return;
    }

  soup_server_message_set_status (msg, req->status, NULL);
  if (req->response_bytes != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Type", req->content_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                      req->response_bytes);
    }
  else if (req->response != NULL)
    {
      soup_server_message_set_response (msg, req->content_type, SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&req->response), req->response_len);
      req->response_len = 0;
    }
  else
    soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);

  if (req->server->shutting_down)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              YcRequest         *req)
{
  req->body_seen += g_bytes_get_size (chunk);
  if (req->body_seen > YC_MAX_BODY && !req->too_large)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      /* Keep reading (HTTP/1.1 needs the body consumed) but stop keeping it. */
      req->too_large = TRUE;
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

static void on_message_disconnected (SoupServerMessage *msg,
                                     YcServer          *self);

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    YcServer          *self)
{
  YcRequest *req = g_new0 (YcRequest, 1);

  req->server = self;
  req->msg = msg;
  req->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "yc-request", req, (GDestroyNotify) request_free);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (on_message_disconnected), self, 0);
  self->n_in_flight++;
}

static void
on_request_done (SoupServer        *soup,
                 SoupServerMessage *msg,
                 YcServer          *self)
{
  YcRequest *req = request_from_message (msg);

  if (req != NULL)
    {
      if (req->paused)
        {
          self->waiters = g_list_remove (self->waiters, req);
          req->paused = FALSE;
        }
      if (req->in_batch)
        {
          g_ptr_array_remove (self->batch, req);
          g_ptr_array_remove (self->batch_replays, req);
          req->in_batch = FALSE;
        }
      parts_forget (req);
      if (req->status == 0)
        req->status = soup_server_message_get_status (msg);
      yc_server_log_request (req);
      g_signal_handlers_disconnect_by_data (msg, req);
      g_object_set_data (G_OBJECT (msg), "yc-request", NULL);
      if (self->n_in_flight > 0)
        self->n_in_flight--;
    }
}

/* A connection that goes away without finishing or aborting its request (a TLS handshake
 * the client gave up on) must not hold the shutdown back. */
static void
on_message_disconnected (SoupServerMessage *msg,
                         YcServer          *self)
{
  if (request_from_message (msg) != NULL)
    on_request_done (NULL, msg, self);
}

static gboolean
accepts_chinese (SoupServerMessage *msg)
{
  const char *lang = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Accept-Language");

  while (lang != NULL && g_ascii_isspace (*lang))
    lang++;
  return lang != NULL && g_ascii_strncasecmp (lang, "zh", 2) == 0;
}

static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               YcServer          *self)
{
  YcRequest *req = request_from_message (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (req == NULL)
    return;
  req->zh = accepts_chinese (msg);
  /* Count what arrives of a body without a (truthful) length. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_NONE &&
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), req);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > YC_MAX_BODY)
    {
      /* Answer now and do not read the body; the connection is closed afterwards. */
      yc_request_problem (req, 413, "payload_too_large", NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      request_finish (req);
    }
}

gboolean
yc_server_match_route (YcRequest  *req,
                       const char *method,
                       const char *path,
                       GString    *allow)
{
  g_auto(GStrv) segments = NULL;
  guint n_segments;
  gboolean path_known = FALSE;

  if (strcmp (method, "HEAD") == 0)
    method = "GET";

  if (!g_str_has_prefix (path, YC_API_PREFIX "/"))
    return FALSE;
  segments = g_strsplit (path + strlen (YC_API_PREFIX "/"), "/", MAX_SEGMENTS + 1);
  n_segments = g_strv_length (segments);
  if (n_segments > MAX_SEGMENTS)
    return FALSE;

  /* Percent-decoding per segment, so "%2F" cannot make a new segment. */
  for (guint i = 0; i < n_segments; i++)
    {
      char *decoded = g_uri_unescape_string (segments[i], NULL);

      if (decoded == NULL || *decoded == '\0' || !g_utf8_validate (decoded, -1, NULL))
        {
          g_free (decoded);
          return FALSE;
        }
      g_free (segments[i]);
      segments[i] = decoded;
    }

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      const RoutePattern *pattern = &patterns[r];
      guint n_params = 0;
      gboolean match = pattern->n_segments == n_segments;

      for (guint i = 0; match && i < n_segments; i++)
        if (pattern->segments[i][0] != '{' && strcmp (pattern->segments[i], segments[i]) != 0)
          match = FALSE;
      if (!match)
        continue;

      path_known = TRUE;
      if (strcmp (routes[r].method, method) != 0)
        {
          if (allow->len > 0)
            g_string_append (allow, ", ");
          g_string_append (allow, routes[r].method);
          continue;
        }

      req->route = &routes[r];
      for (guint i = 0; i < n_segments; i++)
        if (pattern->segments[i][0] == '{' && n_params < G_N_ELEMENTS (req->params))
          req->params[n_params++] = g_strdup (segments[i]);
      return TRUE;
    }

  return path_known;
}

static gboolean
authenticate (YcRequest *req)
{
  const char *header = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "Authorization");
  g_autoptr(GError) error = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      const char *token = header + 7;

      while (*token == ' ')
        token++;
      if (*token != '\0')
        req->session = yc_server_lookup_session (req->server, token, &error);
    }

  if (error != NULL)
    {
      yc_request_internal_error (req, error);
      return FALSE;
    }
  if (req->session == NULL)
    {
      yc_request_set_header (req, "WWW-Authenticate", "Bearer realm=\"yichuang\"");
      yc_request_problem (req, 401, "unauthorized", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
may_write (YcRequest *req)
{
  if (req->route->flags & (YC_ROUTE_PUBLIC | YC_ROUTE_ANY_ROLE))
    return TRUE;
  return yc_request_has_role (req, YC_ROLE_CLERK | YC_ROLE_CHIEF_REP) ||
         yc_request_is_training_trainer (req);
}

/* Group commit. Each change runs in its own savepoint inside the open batch transaction and
 * waits, paused, until the batch commits: the main loop commits when it has no more ready
 * requests (an idle source), so requests arriving together share one fsync. No answer of a
 * change leaves before its commit is on disk. */

static void
pause_request (YcRequest *req)
{
  req->paused = TRUE;
  if (req->parent != NULL)
    req->parent->parts_waiting++;
  else
    soup_server_message_pause (req->msg);
}

static void
batch_commit (YcServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GPtrArray) replays = NULL;
  gboolean ok;
  gboolean events;

  if (!self->batch_open)
    return;
  g_clear_handle_id (&self->batch_source, g_source_remove);
  self->batch_open = FALSE;
  self->batch_urgent = FALSE;

  if (!yc_server_db_in_transaction (self->db))
    g_set_error_literal (&error, YC_SERVER_DB_ERROR, YC_SERVER_DB_ERROR_FAILED,
                         "SQLite rolled the batch transaction back");
  ok = error == NULL && yc_server_db_commit (self->db, &error);
  if (!ok)
    yc_server_db_rollback (self->db);
  g_debug ("Batch of %u changes %s", self->batch->len, ok ? "committed" : "failed");
  yc_server_db_maybe_restart_wal (self->db);

  done = g_steal_pointer (&self->batch);
  replays = g_steal_pointer (&self->batch_replays);
  self->batch = g_ptr_array_new ();
  self->batch_replays = g_ptr_array_new ();
  events = self->batch_events;
  self->batch_events = FALSE;
  g_hash_table_remove_all (self->running_keys);

  for (guint i = 0; i < done->len; i++)
    {
      YcRequest *req = g_ptr_array_index (done, i);

      req->in_batch = FALSE;
      if (!ok)
        yc_request_internal_error (req, error);
      yc_request_finish_paused (req);
    }
  for (guint i = 0; i < replays->len; i++)
    {
      YcRequest *req = g_ptr_array_index (replays, i);

      req->in_batch = FALSE;
      if (!yc_request_replay_stored (req))
        yc_request_internal_error (req, error);
      yc_request_finish_paused (req);
    }

  if (self->waiters != NULL)
    yc_server_wake_waiters (self, FALSE, ok && events);
}

static gboolean
batch_commit_cb (gpointer user_data)
{
  YcServer *self = user_data;

  self->batch_source = 0;
  batch_commit (self);
  return G_SOURCE_REMOVE;
}

static gboolean
batch_begin (YcServer  *self,
             GError   **error)
{
  if (self->batch_open)
    return TRUE;
  if (!yc_server_db_begin (self->db, error))
    return FALSE;
  self->batch_open = TRUE;
  self->batch_started = g_get_monotonic_time ();
  self->batch_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, batch_commit_cb, self, NULL);
  return TRUE;
}

static gboolean
savepoint (YcServer    *self,
           const char  *sql,
           GError     **error)
{
  sqlite3_stmt *stmt = yc_server_db_prepare (self->db, sql, error);

  return stmt != NULL && yc_server_db_step_done (self->db, stmt, error);
}

/* Run a change (or store a refusal already answered) in the open batch. */
static void
run_write (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;

  if (self->batch_open && !yc_server_db_in_transaction (self->db))
    {
      /* SQLite gave up the batch after an I/O error: fail it now, do not start another
       * transaction under it. */
      batch_commit (self);
    }
  if (!batch_begin (self, &error) || !savepoint (self, "SAVEPOINT request", &error))
    {
      yc_request_internal_error (req, error);
      return;
    }

  if (!req->answered)
    req->route->handler (req);
  if (!req->answered)
    yc_request_internal_error (req, NULL);

  if (req->status >= 400 && !req->keep_changes)
    {
      /* Nothing of a refused change stays, but the refusal is an answer too. */
      savepoint (self, "ROLLBACK TO request", NULL);
      req->events_added = FALSE;
    }
  if (yc_request_answer_storable (req) && !yc_request_store_answer (req, &error))
    {
      savepoint (self, "ROLLBACK TO request", NULL);
      req->events_added = FALSE;
      yc_request_internal_error (req, error);
      g_clear_error (&error);
    }
  savepoint (self, "RELEASE request", NULL);
  if (req->events_added)
    self->batch_events = TRUE;

  req->in_batch = TRUE;
  g_ptr_array_add (self->batch, req);
  pause_request (req);

  /* A steady stream could keep the idle commit from running: bound the batch by committing
   * before the next request is read (not here: a message may not be resumed from within
   * its own handler). */
  if ((self->batch->len >= 64 ||
       g_get_monotonic_time () - self->batch_started > 50 * 1000) && !self->batch_urgent)
    {
      g_clear_handle_id (&self->batch_source, g_source_remove);
      self->batch_source = g_idle_add_full (G_PRIORITY_HIGH, batch_commit_cb, self, NULL);
      self->batch_urgent = TRUE;
    }
}

static void
defer_replay (YcRequest *req)
{
  req->in_batch = TRUE;
  g_ptr_array_add (req->server->batch_replays, req);
  pause_request (req);
}

/* What a change does once its route and caller are known: its key, its body, the role, and
 * its own savepoint in the open batch. */
static void
run_change (YcRequest  *req,
            const char *method,
            const char *key,
            const char *data,
            gsize       len)
{
  if (strcmp (method, "POST") == 0 && !(req->route->flags & YC_ROUTE_NO_IDEMPOTENCY))
    switch (yc_request_idempotency_lookup (req, key, data != NULL ? data : "", len))
      {
      case YC_KEY_ANSWERED:
        return;
      case YC_KEY_DEFERRED:
        defer_replay (req);
        return;
      case YC_KEY_NEW:
      default:
        break;
      }

  if (req->route->flags & YC_ROUTE_WRITE)
    {
      if (!yc_request_parse_body (req, data, len))
        ;
      else if (!may_write (req))
        yc_request_problem (req, 403, "forbidden", NULL);
      /* Refusals before the handler are stored too, so a replay answers the same. */
      if (!req->answered || yc_request_answer_storable (req))
        run_write (req);
      return;
    }

  req->route->handler (req);
}

static void
dispatch (YcRequest *req,
          const char *path,
          GHashTable *query)
{
  SoupServerMessage *msg = req->msg;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  const char *data = NULL;
  gsize len = 0;
  const char *offline;
  const char *key;

  req->zh = accepts_chinese (msg);

  if (!yc_server_match_route (req, method, path, allow))
    {
      yc_request_problem_detail (req, 404, "not_found", NULL, "no_route");
      return;
    }
  if (req->route == NULL)
    {
      yc_request_set_header (req, "Allow", allow->str);
      yc_request_problem (req, 405, "method_not_allowed", NULL);
      return;
    }
  if (query != NULL)
    req->query = g_hash_table_ref (query);

  if (req->too_large)
    {
      yc_request_problem (req, 413, "payload_too_large", NULL);
      return;
    }

  if (!(req->route->flags & YC_ROUTE_PUBLIC) && !authenticate (req))
    return;

  offline = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                          "X-Yc-Offline");
  req->offline = g_strcmp0 (offline, "1") == 0;

  if (strcmp (method, "POST") == 0 || strcmp (method, "PUT") == 0)
    {
      body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      data = g_bytes_get_data (body, &len);
      if (len > YC_MAX_BODY)
        {
          yc_request_problem (req, 413, "payload_too_large", NULL);
          return;
        }
    }

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                      "Idempotency-Key");
  if (req->route->flags & YC_ROUTE_BATCH)
    {
      /* Its key is checked as any POST's is, but stands for nothing: each change in it has
       * its own. */
      if (yc_request_check_key (req, key) && yc_request_parse_body (req, data, len))
        req->route->handler (req);
      return;
    }
  run_change (req, method, key, data, len);
}

/* Parts of a POST /batch: each change runs as it would alone, on the batch's session. */

void
yc_server_run_part (YcRequest  *parent,
                    const char *path,
                    const char *key,
                    gboolean    offline,
                    const char *data,
                    gsize       len)
{
  YcRequest *req = g_new0 (YcRequest, 1);
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autofree char *full = g_strconcat (YC_API_PREFIX, path, NULL);

  req->server = parent->server;
  req->parent = parent;
  req->started = g_get_monotonic_time ();
  req->zh = parent->zh;
  req->offline = offline;
  req->session = yc_session_ref (parent->session);
  if (parent->parts == NULL)
    parent->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  g_ptr_array_add (parent->parts, req);

  if (path[0] != '/' || !yc_server_match_route (req, "POST", full, allow))
    yc_request_problem_detail (req, 404, "not_found", NULL, "no_route");
  else if (req->route == NULL)
    yc_request_problem (req, 405, "method_not_allowed", NULL);
  else if (!(req->route->flags & YC_ROUTE_WRITE) ||
           (req->route->flags & (YC_ROUTE_NO_IDEMPOTENCY | YC_ROUTE_BATCH)))
    yc_request_problem (req, 400, "not_batchable", NULL);
  else
    run_change (req, "POST", key, data, len);
  if (!req->paused)
    request_finish (req);
}

/* The batch's connection went away: its changes that wait for the commit stay in it (their
 * answers are stored under their keys), but nobody waits for their answers. */
static void
parts_forget (YcRequest *req)
{
  for (guint i = 0; req->parts != NULL && i < req->parts->len; i++)
    {
      YcRequest *part = g_ptr_array_index (req->parts, i);

      if (part->in_batch)
        {
          g_ptr_array_remove (req->server->batch, part);
          g_ptr_array_remove (req->server->batch_replays, part);
          part->in_batch = FALSE;
        }
      part->paused = FALSE;
      part->finished = TRUE;
    }
  req->parts_waiting = 0;
}

static void
server_handler (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                YcServer          *self)
{
  YcRequest *req = request_from_message (msg);

  if (req == NULL || soup_server_message_get_status (msg) != 0)
    return;

  dispatch (req, path, query);
  if (!req->paused)
    request_finish (req);
}

/* ------------------------------------------------------------------ periodic work */

static gboolean
purge_cb (gpointer user_data)
{
  YcServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->batch_open)
    batch_commit (self);
  if (!yc_server_purge (self, &error))
    g_warning ("Purge failed: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ GObject */

static void
yc_server_dispose (GObject *object)
{
  YcServer *self = (YcServer *) object;

  g_clear_handle_id (&self->purge_source, g_source_remove);
  g_clear_handle_id (&self->shutdown_source, g_source_remove);
  if (self->db != NULL)
    batch_commit (self);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_signal_handlers_disconnect_by_data (self->soup, self);
      g_clear_object (&self->soup);
    }
  g_clear_pointer (&self->db, yc_server_db_close);
  g_clear_object (&self->shutdown_task);

  G_OBJECT_CLASS (yc_server_parent_class)->dispose (object);
}

static void
yc_server_finalize (GObject *object)
{
  YcServer *self = (YcServer *) object;

  g_list_free (self->waiters);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_clear_pointer (&self->batch_replays, g_ptr_array_unref);
  g_free (self->url);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->running_keys, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->items_by_code, g_hash_table_unref);
  g_clear_pointer (&self->item_json, g_hash_table_unref);
  g_free (self->catalogue_version);
  g_clear_pointer (&self->catalogue_json, g_bytes_unref);
  g_clear_pointer (&self->centre_json, json_node_unref);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (yc_server_parent_class)->finalize (object);
}

static void
yc_server_class_init (YcServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_server_dispose;
  object_class->finalize = yc_server_finalize;

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      g_auto(GStrv) parts = g_strsplit (routes[r].pattern + 1, "/", -1);

      g_assert (g_strv_length (parts) <= MAX_SEGMENTS);
      patterns[r].n_segments = g_strv_length (parts);
      for (guint i = 0; parts[i] != NULL; i++)
        patterns[r].segments[i] = g_strdup (parts[i]);
    }
}

static void
yc_server_init (YcServer *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) yc_session_unref);
  self->running_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch = g_ptr_array_new ();
  self->batch_replays = g_ptr_array_new ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->items_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->item_json = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_bytes_unref);
  self->calendar = yc_calendar_new ();
}

/* ------------------------------------------------------------------ public API */

YcServer *
yc_server_new (const char  *db_path,
               GError     **error)
{
  g_autoptr(YcServer) self = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (YC_TYPE_SERVER, NULL);
  self->db = yc_server_db_open (db_path, error);
  if (self->db == NULL)
    return NULL;

  stmt = yc_server_db_prepare (self->db, "SELECT value FROM meta WHERE key = 'demo'", error);
  if (stmt == NULL || !yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    self->training = TRUE;
  sqlite3_reset (stmt);

  if (!yc_server_load_reference (self, error) || !yc_server_purge (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
yc_server_seed_demo (YcServer  *self,
                     GError   **error)
{
  gboolean seeded = FALSE;

  g_return_val_if_fail (YC_IS_SERVER (self), FALSE);

  if (!yc_server_demo_seed (self, &seeded, error))
    return FALSE;
  self->training = TRUE;
  return !seeded || yc_server_load_reference (self, error);
}

void
yc_server_set_training (YcServer *self,
                        gboolean  training)
{
  g_return_if_fail (YC_IS_SERVER (self));
  self->training = training;
}

gboolean
yc_server_get_training (YcServer *self)
{
  g_return_val_if_fail (YC_IS_SERVER (self), FALSE);
  return self->training;
}

static gboolean
parse_address (const char      *text,
               GInetAddress   **out_address,
               guint16         *out_port,
               GError         **error)
{
  const char *colon;
  g_autofree char *host = NULL;
  guint64 port;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto bad;
      host = g_strndup (text + 1, end - text - 1);
      colon = end + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL)
        goto bad;
      host = g_strndup (text, colon - text);
    }

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;

  if (strcmp (host, "localhost") == 0)
    *out_address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else if (*host == '\0')
    *out_address = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else
    *out_address = g_inet_address_new_from_string (host);
  if (*out_address == NULL)
    goto bad;
  *out_port = (guint16) port;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "“%s” is not ADDRESS:PORT (e.g. 127.0.0.1:8470 or [::1]:8470)", text);
  return FALSE;
}

gboolean
yc_server_listen (YcServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autofree char *host = NULL;
  GSList *listeners;
  guint16 port;

  g_return_val_if_fail (YC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (!parse_address (address, &inet, &port, error))
    return FALSE;

  self->soup = soup_server_new ("server-header", "yichuang-server",
                                "raw-paths", TRUE,
                                NULL);
  if (certificate != NULL)
    soup_server_set_tls_certificate (self->soup, certificate);

  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_done), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_done), self);
  soup_server_add_early_handler (self->soup, NULL, (SoupServerCallback) early_handler, self,
                                 NULL);
  soup_server_add_handler (self->soup, NULL, (SoupServerCallback) server_handler, self, NULL);

  /* Our own socket, for a listen backlog that holds a whole hall connecting at once (the
   * default of 10 resets connections under a burst). */
  socket_address = g_inet_socket_address_new (inet, port);
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, 512);
  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener,
                                  certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    bound = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (bound != NULL)
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  host = g_inet_address_to_string (inet);
  g_free (self->url);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    self->url = g_strdup_printf ("%s://[%s]:%u", certificate != NULL ? "https" : "http", host,
                                 port);
  else
    self->url = g_strdup_printf ("%s://%s:%u", certificate != NULL ? "https" : "http", host,
                                 port);

  self->purge_source = g_timeout_add_seconds (3600, purge_cb, self);
  return TRUE;
}

const char *
yc_server_get_url (YcServer *self)
{
  g_return_val_if_fail (YC_IS_SERVER (self), NULL);
  return self->url;
}

static gboolean
shutdown_check_cb (gpointer user_data)
{
  YcServer *self = user_data;
  GTask *task;

  if (self->n_in_flight > 0 && g_get_monotonic_time () < self->shutdown_deadline)
    {
      batch_commit (self);
      return G_SOURCE_CONTINUE;
    }

  self->shutdown_source = 0;
  batch_commit (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->db, yc_server_db_close);

  task = g_steal_pointer (&self->shutdown_task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
yc_server_shutdown_async (YcServer            *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_server_shutdown_async);
  if (self->shutting_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "Already shutting down");
      return;
    }

  self->shutting_down = TRUE;
  self->shutdown_task = g_steal_pointer (&task);
  self->shutdown_deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_clear_handle_id (&self->purge_source, g_source_remove);

  /* Stop accepting: close the listening sockets; connections already open finish what
   * they have in flight. */
  if (self->soup != NULL)
    {
      GSList *listeners = soup_server_get_listeners (self->soup);

      for (GSList *l = listeners; l != NULL; l = l->next)
        g_socket_close (G_SOCKET (l->data), NULL);
      g_slist_free (listeners);
    }

  /* Waiting polls get what there is now. */
  yc_server_wake_waiters (self, TRUE, FALSE);
  self->shutdown_source = g_timeout_add (20, shutdown_check_cb, self);
}

gboolean
yc_server_shutdown_finish (YcServer      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
yc_request_finish_paused (YcRequest *req)
{
  if (req->parent != NULL)
    {
      /* request_finish() counts it out of its batch's waiting changes. */
      request_finish (req);
      return;
    }
  req->paused = FALSE;
  request_finish (req);
  soup_server_message_unpause (req->msg);
}
