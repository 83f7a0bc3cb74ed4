/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-record.h"
#include "yc-store-private.h"

/* Who works at this workstation: the signed-in staff member, the centre and the workstation
 * code, kept in the meta table with the other meta values; and the codes of the windows. */

/* ------------------------------------------------------------------ in a write job */

void
_yc_store_session_clear (YcStoreSession *session)
{
  g_clear_pointer (&session->workstation, g_free);
  g_clear_pointer (&session->staff, json_object_unref);
  g_clear_pointer (&session->centre, json_object_unref);
}

static char *
w_get_meta (YcStoreWrite  *write,
            const char    *key,
            GError       **error)
{
  sqlite3_stmt *stmt = _yc_store_write_prepare (write, "SELECT value FROM meta WHERE key = ?1",
                                                error);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (_yc_stmt_text (stmt, 0));
  _yc_stmt_release (stmt);
  return value;
}

gboolean
_yc_store_w_set_meta (YcStoreWrite  *write,
                      const char    *key,
                      const char    *value,
                      GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (value == NULL)
    stmt = _yc_store_write_prepare (write, "DELETE FROM meta WHERE key = ?1", error);
  else
    stmt = _yc_store_write_prepare (write,
                                    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = ?2",
                                    error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, key);
  if (value != NULL)
    _yc_stmt_bind_text (stmt, 2, value);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (ok)
    _yc_store_write_note_change (write, "meta", key);
  return ok;
}

/* Who is working here: every clerk change needs it. */
gboolean
_yc_store_w_load_session (YcStoreWrite    *write,
                          YcStoreSession  *session,
                          GError         **error)
{
  g_autofree char *staff_json = NULL;
  g_autofree char *centre_json = NULL;

  session->workstation = w_get_meta (write, "workstation", NULL);
  staff_json = w_get_meta (write, "staff", NULL);
  centre_json = w_get_meta (write, "centre", NULL);
  if (staff_json != NULL)
    session->staff = _yc_json_object_from_string (staff_json, NULL);
  if (centre_json != NULL)
    session->centre = _yc_json_object_from_string (centre_json, NULL);

  if (_yc_store_str_is_empty (session->workstation) || session->staff == NULL ||
      _yc_store_obj_str (session->staff, "id") == NULL)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_SIGNED_IN,
                           _("This workstation has not been signed in to the server yet. Sign "
                             "in once while the server is reachable; after that it works "
                             "offline too."));
      return FALSE;
    }

  session->staff_id = _yc_store_obj_str (session->staff, "id");
  session->window_id = _yc_store_obj_str (session->staff, "window_id");
  session->department_id = _yc_store_obj_str (session->staff, "department_id");
  session->offline = !yc_store_get_online (_yc_store_write_get_store (write));
  return TRUE;
}

gboolean
_yc_store_session_has_role (YcStoreSession *session,
                            const char     *role)
{
  JsonArray *roles = _yc_store_obj_arr (session->staff, "roles");

  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    {
      JsonNode *node = json_array_get_element (roles, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (node), role))
        return TRUE;
    }
  return FALSE;
}

static gboolean
set_session_job (YcStoreWrite  *write,
                 gpointer       user_data,
                 GError       **error)
{
  YcStoreJobData *data = user_data;
  JsonArray *list = data->list;
  JsonObject *centre = json_array_get_length (list) > 0 ?
                       json_array_get_object_element (list, 0) : NULL;
  JsonObject *staff = json_array_get_length (list) > 1 ?
                      json_array_get_object_element (list, 1) : NULL;

  if (centre != NULL)
    {
      g_autoptr(YcCentre) check = yc_centre_new_from_json (centre, error);
      g_autofree char *text = NULL;

      if (check == NULL)
        return FALSE;
      text = _yc_json_object_to_string (centre);
      if (!_yc_store_w_set_meta (write, "centre", text, error))
        return FALSE;
    }
  if (staff != NULL)
    {
      g_autoptr(YcStaff) check = yc_staff_new_from_json (staff, error);
      g_autofree char *text = NULL;

      if (check == NULL)
        return FALSE;
      if (yc_staff_get_id (check) == NULL)
        {
          yc_json_set_type_error (error, "staff.id", "a string");
          return FALSE;
        }
      text = _yc_json_object_to_string (staff);
      if (!_yc_store_w_set_meta (write, "staff", text, error))
        return FALSE;
    }
  if (data->text != NULL && !_yc_store_w_set_meta (write, "workstation", data->text, error))
    return FALSE;
  return TRUE;
}

static gboolean
set_meta_job (YcStoreWrite  *write,
              gpointer       user_data,
              GError       **error)
{
  YcStoreJobData *data = user_data;

  return _yc_store_w_set_meta (write, data->id, data->text, error);
}

/* ------------------------------------------------------------------ public: reads */

char *
yc_store_dup_meta (YcStore    *self,
                   const char *key)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return _yc_store_read_string (self, "SELECT value FROM meta WHERE key = ?1", key);
}

char *
yc_store_dup_workstation_code (YcStore *self)
{
  return yc_store_dup_meta (self, "workstation");
}

char *
yc_store_dup_window_code (YcStore    *self,
                          const char *window_id)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (window_id == NULL)
    return NULL;
  return _yc_store_read_string (self, "SELECT code FROM windows WHERE id = ?1", window_id);
}

/* The centre's windows, by code (YcServiceWindow). */
GPtrArray *
yc_store_list_windows (YcStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  objects = _yc_store_read_json_list (self, "SELECT json FROM windows ORDER BY code, id", NULL,
                                      error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_service_window_new_from_json);
}

GPtrArray *
yc_store_list_staff (YcStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  objects = _yc_store_read_json_list (self, "SELECT json FROM staff ORDER BY department_id, name, id",
                                      NULL, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_staff_new_from_json);
}

GHashTable *
yc_store_dup_department_names (YcStore *self)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YC_IS_STORE (self), names);

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self, "SELECT id, name FROM departments", NULL);
  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        if (_yc_stmt_text (stmt, 0) != NULL && _yc_stmt_text (stmt, 1) != NULL)
          g_hash_table_insert (names, g_strdup (_yc_stmt_text (stmt, 0)),
                               g_strdup (_yc_stmt_text (stmt, 1)));
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self);
  return names;
}

YcCentre *
yc_store_get_centre (YcStore *self)
{
  g_autofree char *text = yc_store_dup_meta (self, "centre");
  g_autoptr(JsonObject) object = NULL;

  if (text == NULL || (object = _yc_json_object_from_string (text, NULL)) == NULL)
    return NULL;
  return yc_centre_new_from_json (object, NULL);
}

YcStaff *
yc_store_get_staff (YcStore *self)
{
  g_autofree char *text = yc_store_dup_meta (self, "staff");
  g_autoptr(JsonObject) object = NULL;

  if (text == NULL || (object = _yc_json_object_from_string (text, NULL)) == NULL)
    return NULL;
  return yc_staff_new_from_json (object, NULL);
}

/* ------------------------------------------------------------------ public: writes */

static YcStoreJobData *
session_data (JsonObject *centre,
              const char *workstation_code,
              JsonObject *staff)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  data->list = json_array_new ();
  if (centre != NULL)
    json_array_add_object_element (data->list, _yc_store_object_copy (centre));
  else
    json_array_add_null_element (data->list);
  if (staff != NULL)
    json_array_add_object_element (data->list, _yc_store_object_copy (staff));
  else
    json_array_add_null_element (data->list);
  data->text = g_strdup (workstation_code);
  return data;
}

void
yc_store_set_session_async (YcStore            *self,
                            JsonObject         *centre,
                            const char         *workstation_code,
                            JsonObject         *staff,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  _yc_store_write_async (self, self, yc_store_set_session_async, set_session_job,
                         session_data (centre, workstation_code, staff), _yc_store_job_data_free,
                         cancellable, callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_set_session)

gboolean
yc_store_set_session_sync (YcStore     *self,
                           JsonObject  *centre,
                           const char  *workstation_code,
                           JsonObject  *staff,
                           GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  return _yc_store_write_sync (self, set_session_job,
                               session_data (centre, workstation_code, staff),
                               _yc_store_job_data_free, error) != NULL;
}

void
yc_store_set_meta_async (YcStore            *self,
                         const char         *key,
                         const char         *value,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (key != NULL);

  _yc_store_write_async (self, self, yc_store_set_meta_async, set_meta_job,
                         _yc_store_texts_data (key, value, NULL), _yc_store_job_data_free,
                         cancellable, callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_set_meta)

gboolean
yc_store_set_meta_sync (YcStore     *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return _yc_store_write_sync (self, set_meta_job, _yc_store_texts_data (key, value, NULL),
                               _yc_store_job_data_free, error) != NULL;
}
