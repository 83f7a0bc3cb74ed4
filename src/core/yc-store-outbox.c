/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-record.h"
#include "yc-store-private.h"

/* The outbox table as the store's changes see it, inside their transaction: the entry each
 * change appends, with a snapshot of what to put back if it is discarded, and whether a
 * record still has entries waiting. Sending them and keeping their state is YcOutbox's work,
 * above the store. */

/* Snapshots for the outbox entry of a change: what to put back if it is discarded. */
void
_yc_store_snapshot_add (JsonArray  *snapshot,
                        const char *kind,
                        const char *id,
                        JsonObject *previous /* NULL: the change creates the record */)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "kind", kind);
  json_object_set_string_member (entry, "id", id);
  if (previous != NULL)
    json_object_set_object_member (entry, "json", _yc_store_object_copy (previous));
  else
    json_object_set_null_member (entry, "json");
  json_array_add_object_element (snapshot, entry);
}

static char *
snapshot_to_string (JsonArray *snapshot)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), snapshot);

  return yc_json_to_string (node, NULL);
}

/* Append an entry. @deps_kind and @deps (NULL-terminated, may be NULL) name further records
 * that must be sent before it (a letter waits for its case). @snapshot is the prev_json
 * described at _yc_store_restore_snapshot. */
static gboolean
outbox_append (YcStoreWrite       *write,
               const char         *record_kind,
               const char         *record_id,
               const char         *path,
               JsonNode           *body,
               const char         *deps_kind,
               const char * const *deps,
               const char         *snapshot,
               gboolean            offline,
               GError            **error)
{
  sqlite3 *db = _yc_store_write_get_db (write);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *body_text = body != NULL ? yc_json_to_string (body, NULL) : NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  gint64 seq;
  int rc;

  stmt = _yc_store_write_prepare (write,
                                  "INSERT INTO outbox (uuid, record_kind, record_id, method, "
                                  "  path, body, created_at, state, attempts, next_attempt_at, "
                                  "  offline, prev_json) "
                                  "VALUES (?1, ?2, ?3, 'POST', ?4, ?5, ?6, 'pending', 0, ?6, "
                                  "  ?7, ?8)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, uuid);
  _yc_stmt_bind_text (stmt, 2, record_kind);
  _yc_stmt_bind_text (stmt, 3, record_id);
  _yc_stmt_bind_text (stmt, 4, path);
  _yc_stmt_bind_text (stmt, 5, body_text);
  sqlite3_bind_int64 (stmt, 6, now);
  sqlite3_bind_int (stmt, 7, offline);
  _yc_stmt_bind_text (stmt, 8, snapshot);
  rc = sqlite3_step (stmt);
  _yc_stmt_release (stmt);
  if (rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, db, rc);
  seq = sqlite3_last_insert_rowid (db);

  stmt = _yc_store_write_prepare (write,
                                  "INSERT OR IGNORE INTO outbox_deps (record_kind, record_id, seq) "
                                  "VALUES (?1, ?2, ?3)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  for (int i = -1; i < 0 || (deps != NULL && deps[i] != NULL); i++)
    {
      _yc_stmt_bind_text (stmt, 1, i < 0 ? record_kind : deps_kind);
      _yc_stmt_bind_text (stmt, 2, i < 0 ? record_id : deps[i]);
      sqlite3_bind_int64 (stmt, 3, seq);
      rc = sqlite3_step (stmt);
      _yc_stmt_release (stmt);
      if (rc != SQLITE_DONE)
        return _yc_store_set_sqlite_error (error, db, rc);
    }

  _yc_store_write_note_change (write, "outbox", uuid);
  return TRUE;
}

/* Append the outbox entry of a change. */
gboolean
_yc_store_w_enqueue (YcStoreWrite        *write,
                     YcStoreSession      *session,
                     const char          *record_kind,
                     const char          *record_id,
                     const char          *path,
                     JsonNode            *body,
                     const char * const  *case_deps,
                     JsonArray           *snapshot,
                     GError             **error)
{
  g_autofree char *snapshot_text = snapshot != NULL ? snapshot_to_string (snapshot) : NULL;

  return outbox_append (write, record_kind, record_id, path, body, "case", case_deps,
                        snapshot_text, session->offline, error);
}

gboolean
_yc_store_w_in_outbox (YcStoreWrite *write,
                       const char   *record_kind,
                       const char   *record_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = _yc_store_write_prepare (write,
                                  "SELECT 1 FROM outbox WHERE record_kind = ?1 "
                                  "  AND record_id = ?2 LIMIT 1",
                                  NULL);
  if (stmt == NULL)
    return TRUE; /* when in doubt keep the local version */
  _yc_stmt_bind_text (stmt, 1, record_kind);
  _yc_stmt_bind_text (stmt, 2, record_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  _yc_stmt_release (stmt);
  return found;
}
