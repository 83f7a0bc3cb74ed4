/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-record.h"
#include "yc-store-private.h"
#include "yc-validate.h"

/* The record tables (cases, letters, handoffs, inquiries, evaluations): a record is its JSON
 * plus the key columns the lists and indexes need. Reading and writing one in a write job,
 * and the reads on the reader connection that the public getters are made of. */

/* ------------------------------------------------------------------ records in a write job */

static const YcStoreRecordKind record_kinds[] = {
  { "case", "cases", "cases" },
  { "letter", "letters", "letters" },
  { "handoff", "handoffs", "handoffs" },
  { "inquiry", "inquiries", "inquiries" },
  { "evaluation", "evaluations", "evaluations" },
};

const YcStoreRecordKind *
_yc_store_lookup_record_kind (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (record_kinds); i++)
    if (g_str_equal (record_kinds[i].kind, kind))
      return &record_kinds[i];
  return NULL;
}

/* The JSON of a record in the writer's transaction; NULL if there is none (no error) or on
 * error (@error set). */
JsonObject *
_yc_store_w_get_json (YcStoreWrite  *write,
                      const char    *kind,
                      const char    *id,
                      GError       **error)
{
  const YcStoreRecordKind *rk = _yc_store_lookup_record_kind (kind);
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (rk != NULL);
  sql = g_strdup_printf ("SELECT json FROM %s WHERE id = ?1", rk->table);
  stmt = _yc_store_write_prepare (write, sql, error);
  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = g_strdup (_yc_stmt_text (stmt, 0));
  _yc_stmt_release (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
      return NULL;
    }
  if (text == NULL)
    return NULL;
  return _yc_json_object_from_string (text, error);
}

JsonObject *
_yc_store_w_require_json (YcStoreWrite  *write,
                          const char    *kind,
                          const char    *id,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = _yc_store_w_get_json (write, kind, id, &local_error);

  if (object == NULL && local_error == NULL)
    {
      if (g_strcmp0 (kind, "case") == 0)
        g_set_error_literal (&local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                             _("This case is not on this workstation."));
      else if (g_strcmp0 (kind, "handoff") == 0)
        g_set_error_literal (&local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                             _("This handoff is not on this workstation."));
      else
        g_set_error_literal (&local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                             _("This record is not on this workstation."));
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return object;
}

static char *
masked_applicant_id (JsonObject *applicant)
{
  const char *id_number = _yc_store_obj_str (applicant, "id_number");

  if (id_number != NULL && *id_number != '\0')
    return yc_mask_id_number (id_number);
  /* A credit code identifies an organisation, not a person: it is public. */
  return g_strdup (_yc_store_obj_str (applicant, "credit_code"));
}

static gint64
rfc3339_to_usec (const char *text)
{
  g_autoptr(GDateTime) dt = _yc_store_parse_rfc3339_local (text);

  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* Insert or update a record with its key columns. @sync_state NULL keeps the stored one
 * ("synced" for a new row). */
gboolean
_yc_store_w_put_record (YcStoreWrite  *write,
                        const char    *kind,
                        JsonObject    *object,
                        const char    *sync_state,
                        GError       **error)
{
  g_autofree char *json = _yc_json_object_to_string (object);
  const char *id = _yc_store_obj_str (object, "id");
  sqlite3_stmt *stmt = NULL;

  if (id == NULL && g_str_equal (kind, "evaluation"))
    id = _yc_store_obj_str (object, "case_id");
  if (id == NULL)
    {
      yc_json_set_type_error (error, "id", "a string");
      return FALSE;
    }

  if (g_str_equal (kind, "case"))
    {
      JsonObject *applicant = _yc_store_obj_obj (object, "applicant");
      g_autofree char *masked = masked_applicant_id (applicant);

      stmt = _yc_store_write_prepare (write,
                                      "INSERT INTO cases (id, number, service_item, "
                                      "  service_item_name, applicant_name, applicant_id_masked, "
                                      "  status, holder_id, due_date, received_at, received_ts, "
                                      "  updated_at, sync_state, json) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                      "  coalesce (?13, 'synced'), ?14) "
                                      "ON CONFLICT (id) DO UPDATE SET number = ?2, "
                                      "  service_item = ?3, service_item_name = ?4, "
                                      "  applicant_name = ?5, applicant_id_masked = ?6, "
                                      "  status = ?7, holder_id = ?8, due_date = ?9, "
                                      "  received_at = ?10, received_ts = ?11, updated_at = ?12, "
                                      "  sync_state = coalesce (?13, sync_state), json = ?14",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "number"));
      _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "service_item"));
      _yc_stmt_bind_text (stmt, 4, _yc_store_obj_str (object, "service_item_name"));
      _yc_stmt_bind_text (stmt, 5, _yc_store_obj_str (applicant, "name"));
      _yc_stmt_bind_text (stmt, 6, masked);
      _yc_stmt_bind_text (stmt, 7, _yc_store_obj_str (object, "status"));
      _yc_stmt_bind_text (stmt, 8, _yc_store_obj_str (object, "holder_id"));
      _yc_stmt_bind_text (stmt, 9, _yc_store_obj_str (object, "due_date"));
      _yc_stmt_bind_text (stmt, 10, _yc_store_obj_str (object, "received_at"));
      sqlite3_bind_int64 (stmt, 11, rfc3339_to_usec (_yc_store_obj_str (object, "received_at")));
      _yc_stmt_bind_text (stmt, 12, _yc_store_obj_str (object, "updated_at"));
      _yc_stmt_bind_text (stmt, 13, sync_state);
      _yc_stmt_bind_text (stmt, 14, json);
    }
  else if (g_str_equal (kind, "letter"))
    {
      stmt = _yc_store_write_prepare (write,
                                      "INSERT INTO letters (id, case_id, kind, number, "
                                      "  issued_at, reprint_of, sync_state, json) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                      "  coalesce (?7, 'synced'), ?8) "
                                      "ON CONFLICT (id) DO UPDATE SET case_id = ?2, kind = ?3, "
                                      "  number = ?4, issued_at = ?5, reprint_of = ?6, "
                                      "  sync_state = coalesce (?7, sync_state), json = ?8",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "case_id"));
      _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "kind"));
      _yc_stmt_bind_text (stmt, 4, _yc_store_obj_str (object, "number"));
      _yc_stmt_bind_text (stmt, 5, _yc_store_obj_str (object, "issued_at"));
      _yc_stmt_bind_text (stmt, 6, _yc_store_obj_str (object, "reprint_of"));
      _yc_stmt_bind_text (stmt, 7, sync_state);
      _yc_stmt_bind_text (stmt, 8, json);
    }
  else if (g_str_equal (kind, "handoff"))
    {
      stmt = _yc_store_write_prepare (write,
                                      "INSERT INTO handoffs (id, state, from_staff_id, "
                                      "  to_staff_id, to_department_id, requested_at, sync_state, "
                                      "  json) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                      "  coalesce (?7, 'synced'), ?8) "
                                      "ON CONFLICT (id) DO UPDATE SET state = ?2, "
                                      "  from_staff_id = ?3, to_staff_id = ?4, "
                                      "  to_department_id = ?5, requested_at = ?6, "
                                      "  sync_state = coalesce (?7, sync_state), json = ?8",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "state"));
      _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "from_staff_id"));
      _yc_stmt_bind_text (stmt, 4, _yc_store_obj_str (object, "to_staff_id"));
      _yc_stmt_bind_text (stmt, 5, _yc_store_obj_str (object, "to_department_id"));
      _yc_stmt_bind_text (stmt, 6, _yc_store_obj_str (object, "requested_at"));
      _yc_stmt_bind_text (stmt, 7, sync_state);
      _yc_stmt_bind_text (stmt, 8, json);
    }
  else if (g_str_equal (kind, "inquiry"))
    {
      stmt = _yc_store_write_prepare (write,
                                      "INSERT INTO inquiries (id, asked_at, staff_id, case_id, "
                                      "  sync_state, json) "
                                      "VALUES (?1, ?2, ?3, ?4, coalesce (?5, 'synced'), ?6) "
                                      "ON CONFLICT (id) DO UPDATE SET asked_at = ?2, "
                                      "  staff_id = ?3, case_id = ?4, "
                                      "  sync_state = coalesce (?5, sync_state), json = ?6",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "asked_at"));
      _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "staff_id"));
      _yc_stmt_bind_text (stmt, 4, _yc_store_obj_str (object, "case_id"));
      _yc_stmt_bind_text (stmt, 5, sync_state);
      _yc_stmt_bind_text (stmt, 6, json);
    }
  else if (g_str_equal (kind, "evaluation"))
    {
      stmt = _yc_store_write_prepare (write,
                                      "INSERT INTO evaluations (id, sync_state, json) "
                                      "VALUES (?1, coalesce (?2, 'synced'), ?3) "
                                      "ON CONFLICT (id) DO UPDATE SET "
                                      "  sync_state = coalesce (?2, sync_state), json = ?3",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, sync_state);
      _yc_stmt_bind_text (stmt, 3, json);
    }
  else
    g_assert_not_reached ();

  if (!_yc_store_step_done (_yc_store_write_get_db (write), stmt, error))
    {
      _yc_stmt_release (stmt);
      return FALSE;
    }
  _yc_stmt_release (stmt);
  _yc_store_write_note_change (write, _yc_store_lookup_record_kind (kind)->change, id);
  return TRUE;
}

/* ------------------------------------------------------------------ reads */

/* Run @sql with one text parameter and give the first column of the first row. */
char *
_yc_store_read_string (YcStore    *self,
                       const char *sql,
                       const char *param)
{
  char *value = NULL;
  sqlite3_stmt *stmt;

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self, sql, NULL);
  if (stmt != NULL)
    {
      _yc_stmt_bind_text (stmt, 1, param);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup (_yc_stmt_text (stmt, 0));
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self);
  return value;
}

/* The JSON of one record read with @sql (one text parameter): NULL and NOT_FOUND if none. */
JsonObject *
_yc_store_read_json (YcStore     *self,
                     const char  *sql,
                     const char  *param,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self, sql, &local_error);
  if (stmt == NULL)
    {
      _yc_store_read_unlock (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  _yc_stmt_bind_text (stmt, 1, param);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = g_strdup (_yc_stmt_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    _yc_store_set_sqlite_error (&local_error, _yc_store_read_get_db (self), rc);
  _yc_stmt_release (stmt);
  _yc_store_read_unlock (self);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (text == NULL)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                           _("This record is not on this workstation."));
      return NULL;
    }
  return _yc_json_object_from_string (text, error);
}

/* Records decoded from stored JSON; one that no longer decodes is left out, not fatal. */
GPtrArray *
_yc_store_decode_records (GPtrArray         *objects,
                          YcStoreDecodeFunc  decode)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < objects->len; i++)
    {
      GObject *record = decode (g_ptr_array_index (objects, i), NULL);

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  return records;
}

GPtrArray *
_yc_store_read_json_list (YcStore     *self,
                          const char  *sql,
                          const char  *param,
                          GError     **error)
{
  const char *params[] = { param, NULL };

  return _yc_store_read_json_list_args (self, sql, param != NULL ? params : NULL, error);
}

GPtrArray *
_yc_store_read_json_list_args (YcStore            *self,
                               const char         *sql,
                               const char *const  *params,
                               GError            **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self, sql, &local_error);
  if (stmt != NULL)
    {
      for (guint i = 0; params != NULL && params[i] != NULL; i++)
        _yc_stmt_bind_text (stmt, (int) i + 1, params[i]);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JsonObject *object = _yc_json_object_from_string (_yc_stmt_text (stmt, 0), NULL);

          if (object != NULL)
            g_ptr_array_add (list, object);
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
  return g_steal_pointer (&list);
}
