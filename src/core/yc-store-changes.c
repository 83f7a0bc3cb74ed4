/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-numbering.h"
#include "yc-store-private.h"

/* What every clerk change shares: its job data, the checks they all make, the number it
 * takes from the workstation's sequence and its line in the local audit trail. */

/* ------------------------------------------------------------------ job data */

void
_yc_store_job_data_free (gpointer ptr)
{
  YcStoreJobData *data = ptr;

  g_clear_pointer (&data->draft, json_object_unref);
  g_clear_pointer (&data->id, g_free);
  g_clear_pointer (&data->text, g_free);
  g_clear_pointer (&data->text2, g_free);
  g_clear_pointer (&data->list, json_array_unref);
  if (data->render_data_free != NULL)
    g_clear_pointer (&data->render_data, data->render_data_free);
  g_free (data);
}

YcStoreJobData *
_yc_store_job_data_new_draft (JsonNode *draft_node /* transfer full */)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  if (draft_node != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (draft_node))
        data->draft = json_object_ref (json_node_get_object (draft_node));
      json_node_unref (draft_node);
    }
  return data;
}

YcStoreJobData *
_yc_store_texts_data (const char *id,
                      const char *text,
                      const char *text2)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  data->id = g_strdup (id);
  data->text = g_strdup (text);
  data->text2 = g_strdup (text2);
  return data;
}

YcStoreJobData *
_yc_store_list_data (JsonArray *list)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  data->list = _yc_store_array_copy (list);
  return data;
}

/* ------------------------------------------------------------------ checks */

gboolean
_yc_store_str_in (const char         *value,
                  const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

void
_yc_store_set_invalid (GError     **error,
                       const char  *message)
{
  g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID, message);
}

char *
_yc_store_draft_id_or_new (JsonObject *draft)
{
  const char *id = _yc_store_obj_str (draft, "id");

  if (!_yc_store_str_is_empty (id))
    return g_ascii_strdown (id, -1);
  return g_uuid_string_random ();
}

gboolean
_yc_store_w_record_exists (YcStoreWrite  *write,
                           const char    *kind,
                           const char    *id,
                           gboolean      *exists,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = _yc_store_w_get_json (write, kind, id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *exists = object != NULL;
  return TRUE;
}

void
_yc_store_set_already_saved (GError **error)
{
  _yc_store_set_invalid (error, _("A record with this id was already saved on this workstation."));
}

/* ------------------------------------------------------------------ numbers and the audit trail */

/* The next number of @kind for @year, advanced in the current transaction. */
char *
_yc_store_w_next_number (YcStoreWrite    *write,
                         YcStoreSession  *session,
                         const char      *kind,
                         int              year,
                         GError         **error)
{
  const char *format = _yc_store_obj_str (session->centre, "letter_number_format");
  const char *prefix = _yc_store_obj_str (session->centre, "letter_prefix");
  sqlite3_stmt *stmt;
  gint64 value = -1;
  int rc;

  if (!yc_numbering_format_is_valid (format, NULL))
    format = YC_NUMBERING_DEFAULT_FORMAT;

  stmt = _yc_store_write_prepare (write,
                                  "INSERT INTO sequences (kind, year, next_value) "
                                  "VALUES (?1, ?2, 2) "
                                  "ON CONFLICT (kind, year) DO UPDATE "
                                  "  SET next_value = next_value + 1 "
                                  "RETURNING next_value - 1",
                                  error);
  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, kind);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  _yc_stmt_release (stmt);
  if (rc != SQLITE_DONE || value < 1)
    {
      _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write),
                                  rc == SQLITE_DONE ? SQLITE_ERROR : rc);
      return NULL;
    }
  _yc_store_write_note_change (write, "sequences", kind);

  return yc_numbering_format (format, prefix, year, kind, session->workstation, (guint64) value);
}

gboolean
_yc_store_w_audit (YcStoreWrite    *write,
                   YcStoreSession  *session,
                   const char      *type,
                   const char      *entity,
                   const char      *id,
                   const char      *detail,
                   GError         **error)
{
  g_autofree char *now = _yc_store_now_rfc3339 ();
  sqlite3_stmt *stmt;
  gboolean ok;

  stmt = _yc_store_write_prepare (write,
                                  "INSERT INTO audit (type, entity, id, at, actor_id, workstation, "
                                  "  offline, detail) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, type);
  _yc_stmt_bind_text (stmt, 2, entity);
  _yc_stmt_bind_text (stmt, 3, id);
  _yc_stmt_bind_text (stmt, 4, now);
  _yc_stmt_bind_text (stmt, 5, session != NULL ? session->staff_id : NULL);
  _yc_stmt_bind_text (stmt, 6, session != NULL ? session->workstation : NULL);
  sqlite3_bind_int (stmt, 7, session != NULL && session->offline);
  _yc_stmt_bind_text (stmt, 8, detail);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (ok)
    _yc_store_write_note_change (write, "audit", NULL);
  return ok;
}

JsonArray *
yc_store_list_audit_events (YcStore  *self,
                            guint     limit,
                            GError  **error)
{
  g_autoptr(JsonArray) events = json_array_new ();
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self,
                                 "SELECT seq, type, entity, id, at, actor_id, workstation, "
                                 "  offline, detail FROM audit ORDER BY seq DESC LIMIT ?1",
                                 &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JsonObject *event = json_object_new ();

          json_object_set_int_member (event, "seq", sqlite3_column_int64 (stmt, 0));
          _yc_store_obj_set_str (event, "type", _yc_stmt_text (stmt, 1));
          _yc_store_obj_set_str (event, "entity", _yc_stmt_text (stmt, 2));
          _yc_store_obj_set_str (event, "id", _yc_stmt_text (stmt, 3));
          _yc_store_obj_set_str (event, "at", _yc_stmt_text (stmt, 4));
          _yc_store_obj_set_str (event, "actor_id", _yc_stmt_text (stmt, 5));
          _yc_store_obj_set_str (event, "workstation", _yc_stmt_text (stmt, 6));
          json_object_set_boolean_member (event, "offline", sqlite3_column_int (stmt, 7) != 0);
          _yc_store_obj_set_str (event, "detail", _yc_stmt_text (stmt, 8));
          json_array_add_object_element (events, event);
        }
      if (rc != SQLITE_DONE)
        _yc_store_set_sqlite_error (&local_error, _yc_store_read_get_db (self), rc);
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&events);
}
