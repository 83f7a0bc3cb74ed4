/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <string.h>

#include "yc-record.h"
#include "yc-store-private.h"

/* The server's side of the records: its versions of them (pulled, or its answer to a change
 * sent from here) replace the local ones unless a change made here still waits; a discarded
 * change puts back what it replaced; each record's sync state follows its outbox entries. */

/* ------------------------------------------------------------------ in a write job */

/* Move a record to the discarded records (its creation never reached the server). */
static gboolean
w_discard_record (YcStoreWrite  *write,
                  const char    *kind,
                  const char    *id,
                  GError       **error)
{
  const YcStoreRecordKind *rk = _yc_store_lookup_record_kind (kind);
  g_autofree char *copy_sql = NULL;
  g_autofree char *delete_sql = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  sqlite3_stmt *stmt;
  gboolean ok;

  if (rk == NULL)
    return TRUE;

  copy_sql = g_strdup_printf ("INSERT OR REPLACE INTO discarded (kind, id, json, discarded_at) "
                              "SELECT ?1, id, json, ?3 FROM %s WHERE id = ?2", rk->table);
  delete_sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", rk->table);

  stmt = _yc_store_write_prepare (write, copy_sql, error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, kind);
  _yc_stmt_bind_text (stmt, 2, id);
  _yc_stmt_bind_text (stmt, 3, now);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (!ok)
    return FALSE;

  stmt = _yc_store_write_prepare (write, delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, id);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (ok)
    _yc_store_write_note_change (write, rk->change, id);
  return ok;
}

gboolean
_yc_store_refresh_sync_state (YcStoreWrite  *write,
                              const char    *record_kind,
                              const char    *record_id,
                              GError       **error)
{
  const YcStoreRecordKind *rk = _yc_store_lookup_record_kind (record_kind);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (rk == NULL)
    return TRUE;

#define STATE_OF_OUTBOX "CASE " \
  "  WHEN EXISTS (SELECT 1 FROM outbox WHERE record_kind = ?1 " \
  "    AND record_id = ?2 AND state = 'attention') THEN 'attention' " \
  "  WHEN EXISTS (SELECT 1 FROM outbox WHERE record_kind = ?1 " \
  "    AND record_id = ?2) THEN 'pending' " \
  "  ELSE 'synced' END "
  /* Only a state that moves is written (and signalled). */
  sql = g_strdup_printf ("UPDATE %s SET sync_state = " STATE_OF_OUTBOX
                         "WHERE id = ?2 AND sync_state IS NOT " STATE_OF_OUTBOX, rk->table);
#undef STATE_OF_OUTBOX
  stmt = _yc_store_write_prepare (write, sql, error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, record_kind);
  _yc_stmt_bind_text (stmt, 2, record_id);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (ok && sqlite3_changes (_yc_store_write_get_db (write)) > 0)
    _yc_store_write_note_change (write, rk->change, record_id);
  return ok;
}

gboolean
_yc_store_restore_snapshot (YcStoreWrite  *write,
                            const char    *snapshot,
                            GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;

  if (snapshot == NULL)
    return TRUE;
  if (!json_parser_load_from_data (parser, snapshot, -1, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return TRUE;
  array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      const char *kind;
      const char *id;
      JsonObject *previous;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      kind = _yc_store_obj_str (entry, "kind");
      id = _yc_store_obj_str (entry, "id");
      previous = _yc_store_obj_obj (entry, "json");
      if (_yc_store_lookup_record_kind (kind) == NULL || id == NULL)
        continue;

      if (previous == NULL)
        {
          if (!w_discard_record (write, kind, id, error))
            return FALSE;
        }
      else if (!_yc_store_w_put_record (write, kind, previous, NULL, error) ||
               !_yc_store_refresh_sync_state (write, kind, id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
id_is_masked (const char *id_number)
{
  return id_number != NULL && strchr (id_number, '*') != NULL;
}

static gboolean
party_id_masked (JsonObject *record,
                 const char *member)
{
  return id_is_masked (_yc_store_obj_str (_yc_store_obj_obj (record, member), "id_number"));
}

/* A server answer may mask ID numbers; never let that replace the full one kept here. Only
 * when it does is the stored record looked at, and then only its two ID numbers (SQLite reads
 * them out of the stored JSON). @incoming is not changed: *@copy is set to a copy of it, with
 * the full numbers, when one is needed. */
static gboolean
w_keep_full_ids (YcStoreWrite  *write,
                 const char    *id,
                 JsonObject    *incoming,
                 JsonObject   **copy,
                 GError       **error)
{
  static const char *const members[] = { "applicant", "agent" };
  sqlite3_stmt *stmt;
  int rc;

  if (!party_id_masked (incoming, "applicant") && !party_id_masked (incoming, "agent"))
    return TRUE;

  stmt = _yc_store_write_prepare (write,
                                  "SELECT json_extract (json, '$.applicant.id_number'), "
                                  "  json_extract (json, '$.agent.id_number') "
                                  "FROM cases WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  for (guint i = 0; rc == SQLITE_ROW && i < G_N_ELEMENTS (members); i++)
    {
      const char *old_id = sqlite3_column_type (stmt, (int) i) == SQLITE_TEXT
                           ? _yc_stmt_text (stmt, (int) i) : NULL;

      if (old_id == NULL || id_is_masked (old_id) || !party_id_masked (incoming, members[i]))
        continue;
      if (*copy == NULL)
        *copy = _yc_store_object_copy (incoming);
      json_object_set_string_member (_yc_store_obj_obj (*copy, members[i]), "id_number",
                                     old_id);
    }
  _yc_stmt_release (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
  return TRUE;
}

/* Type-check a server record with its codec. */
static gboolean
check_record (const char  *kind,
              JsonObject  *object,
              GError     **error)
{
  g_autoptr(GObject) check = NULL;

  if (g_str_equal (kind, "case"))
    check = (GObject *) yc_case_new_from_json (object, error);
  else if (g_str_equal (kind, "letter"))
    check = (GObject *) yc_letter_new_from_json (object, error);
  else if (g_str_equal (kind, "handoff"))
    check = (GObject *) yc_handoff_new_from_json (object, error);
  else if (g_str_equal (kind, "inquiry"))
    check = (GObject *) yc_inquiry_new_from_json (object, error);
  else if (g_str_equal (kind, "evaluation"))
    {
      if (_yc_store_obj_str (object, "case_id") == NULL)
        {
          yc_json_set_type_error (error, "case_id", "a string");
          return FALSE;
        }
      return TRUE;
    }
  else
    return FALSE;
  if (check == NULL)
    return FALSE;
  if (_yc_store_obj_str (object, "id") == NULL)
    {
      yc_json_set_type_error (error, "id", "a string");
      return FALSE;
    }
  return TRUE;
}

/* Whether a change of this record still waits to be sent (not one that needs attention). */
static gboolean
w_pending_in_outbox (YcStoreWrite *write,
                     const char   *kind,
                     const char   *id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = _yc_store_write_prepare (write,
                                  "SELECT 1 FROM outbox WHERE record_kind = ?1 "
                                  "  AND record_id = ?2 AND state = 'pending' LIMIT 1",
                                  NULL);
  if (stmt == NULL)
    return TRUE; /* when in doubt keep the local version */
  _yc_stmt_bind_text (stmt, 1, kind);
  _yc_stmt_bind_text (stmt, 2, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  _yc_stmt_release (stmt);
  return found;
}

static gboolean
same_object (JsonObject *a,
             JsonObject *b)
{
  g_autoptr(JsonNode) node_a = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) node_b = json_node_init_object (json_node_alloc (), b);

  return json_node_equal (node_a, node_b);
}

/* Store a server version of a record (see yc_store_apply_records_async). @incoming is only
 * read: it is copied if something in it must change before it is stored. */
static gboolean
w_apply_server_record (YcStoreWrite  *write,
                       const char    *kind,
                       JsonObject    *incoming,
                       gboolean       force,
                       GError       **error)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *record = incoming;
  const char *id;

  if (!check_record (kind, incoming, &local_error))
    {
      g_debug ("Ignoring a %s from the server: %s", kind, local_error->message);
      return TRUE;
    }
  id = g_str_equal (kind, "evaluation") ? _yc_store_obj_str (incoming, "case_id")
                                        : _yc_store_obj_str (incoming, "id");
  /* A handoff change the server refused for good (already decided elsewhere, …) no longer
   * holds the local version: the server's state is the real one. */
  if (!force && (g_str_equal (kind, "handoff") ? w_pending_in_outbox (write, kind, id)
                                               : _yc_store_w_in_outbox (write, kind, id)))
    return TRUE;

  if (g_str_equal (kind, "case"))
    {
      if (!w_keep_full_ids (write, id, incoming, &copy, error))
        return FALSE;
      if (copy != NULL)
        record = copy;
    }
  else if (g_str_equal (kind, "handoff"))
    {
      /* The handoff lists come whole after every handoff event: leave the ones that did not
       * change alone (no write). Their sync state still follows the outbox: the answer to
       * this workstation's own change is often equal to what is stored already. */
      g_autoptr(JsonObject) stored = NULL;
      g_autoptr(GError) read_error = NULL;

      stored = _yc_store_w_get_json (write, kind, id, &read_error);
      if (read_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          return FALSE;
        }
      if (stored != NULL && same_object (stored, record))
        return _yc_store_refresh_sync_state (write, kind, id, error);
    }

  return _yc_store_w_put_record (write, kind, record, NULL, error) &&
         _yc_store_refresh_sync_state (write, kind, id, error);
}

static gboolean
apply_records_job (YcStoreWrite  *write,
                   gpointer       user_data,
                   GError       **error)
{
  YcStoreJobData *data = user_data;

  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonNode *node = json_array_get_element (data->list, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!w_apply_server_record (write, data->text, json_node_get_object (node), FALSE, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_yc_store_apply_answer (YcStoreWrite  *write,
                        const char    *record_kind,
                        const char    *record_id,
                        JsonNode      *answer,
                        GError       **error)
{
  JsonObject *object;
  const char *id;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      _yc_store_lookup_record_kind (record_kind) == NULL)
    return _yc_store_refresh_sync_state (write, record_kind, record_id, error);

  object = json_node_get_object (answer);
  id = g_str_equal (record_kind, "evaluation") ? _yc_store_obj_str (object, "case_id")
                                               : _yc_store_obj_str (object, "id");
  /* Later changes of this record still wait: the local version is ahead of this answer. */
  if (g_strcmp0 (id, record_id) != 0 ||
      _yc_store_w_in_outbox (write, record_kind, record_id))
    return _yc_store_refresh_sync_state (write, record_kind, record_id, error);

  return w_apply_server_record (write, record_kind, object, TRUE, error);
}

/* ------------------------------------------------------------------ public */

YcSyncState
yc_store_get_sync_state (YcStore    *self,
                         const char *kind,
                         const char *id)
{
  const YcStoreRecordKind *rk = _yc_store_lookup_record_kind (kind);
  g_autofree char *sql = NULL;
  g_autofree char *state = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), YC_SYNC_STATE_NONE);

  if (rk == NULL || id == NULL)
    return YC_SYNC_STATE_NONE;
  sql = g_strdup_printf ("SELECT sync_state FROM %s WHERE id = ?1", rk->table);
  state = _yc_store_read_string (self, sql, id);
  if (state == NULL)
    {
      g_autofree char *discarded = NULL;
      g_autofree char *discarded_sql = NULL;

      discarded_sql = g_strdup_printf ("SELECT kind FROM discarded WHERE kind = '%s' AND id = ?1",
                                       rk->kind);
      discarded = _yc_store_read_string (self, discarded_sql, id);
      return discarded != NULL ? YC_SYNC_STATE_DISCARDED : YC_SYNC_STATE_NONE;
    }
  if (g_str_equal (state, "pending"))
    return YC_SYNC_STATE_PENDING;
  if (g_str_equal (state, "attention"))
    return YC_SYNC_STATE_ATTENTION;
  return YC_SYNC_STATE_SYNCED;
}

void
yc_store_apply_records_async (YcStore            *self,
                              const char         *kind,
                              JsonArray          *records,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  YcStoreJobData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (_yc_store_lookup_record_kind (kind) != NULL);
  g_return_if_fail (records != NULL);

  data = _yc_store_list_data (records);
  data->text = g_strdup (kind);
  _yc_store_write_async (self, self, yc_store_apply_records_async, apply_records_job, data,
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_apply_records)

gboolean
yc_store_apply_records_sync (YcStore     *self,
                             const char  *kind,
                             JsonArray   *records,
                             GError     **error)
{
  YcStoreJobData *data;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (_yc_store_lookup_record_kind (kind) != NULL, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  data = _yc_store_list_data (records);
  data->text = g_strdup (kind);
  return _yc_store_write_sync (self, apply_records_job, data, _yc_store_job_data_free,
                               error) != NULL;
}
