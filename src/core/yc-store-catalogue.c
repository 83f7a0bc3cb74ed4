/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-department.h"
#include "yc-record.h"
#include "yc-service-window.h"
#include "yc-store-private.h"

/* What the server sends whole and the clerks only read: the catalogue of service items with
 * their materials, the official calendars (and the due dates counted on them), departments,
 * windows and staff. */

/* ------------------------------------------------------------------ in a write job */

JsonObject *
_yc_store_w_load_service_item (YcStoreWrite  *write,
                               const char    *code,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *text = NULL;

  if (_yc_store_str_is_empty (code))
    {
      _yc_store_set_invalid (error, _("Choose the service item."));
      return NULL;
    }
  stmt = _yc_store_write_prepare (write, "SELECT json FROM service_items WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, code);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (_yc_stmt_text (stmt, 0));
  _yc_stmt_release (stmt);
  if (text == NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_UNKNOWN_SERVICE_ITEM,
                   _("The service item “%s” is not in the catalogue on this workstation."),
                   code);
      return NULL;
    }
  return _yc_json_object_from_string (text, error);
}

/* The guide's material @id in @item, or NULL. */
JsonObject *
_yc_store_item_find_material (JsonObject *item,
                              const char *id)
{
  JsonArray *materials = _yc_store_obj_arr (item, "materials");

  for (guint i = 0; id != NULL && materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *node = json_array_get_element (materials, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (_yc_store_obj_str (json_node_get_object (node), "id"), id) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

static YcCalendar *
w_get_calendar (YcStoreWrite  *write,
                GError       **error)
{
  YcCalendar *cached = _yc_store_write_peek_calendar (write);
  g_autoptr(YcCalendar) calendar = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (cached != NULL)
    return cached;

  stmt = _yc_store_write_prepare (write, "SELECT json FROM calendars ORDER BY year", error);
  if (stmt == NULL)
    return NULL;
  calendar = yc_calendar_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) year = _yc_json_object_from_string (_yc_stmt_text (stmt, 0), NULL);

      if (year != NULL)
        yc_calendar_add_year_json (calendar, year, NULL);
    }
  _yc_stmt_release (stmt);
  if (rc != SQLITE_DONE)
    {
      _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
      return NULL;
    }
  _yc_store_write_set_calendar (write, g_steal_pointer (&calendar));
  return _yc_store_write_peek_calendar (write);
}

/* The due date ("YYYY-MM-DD") @days working days after @from. */
char *
_yc_store_w_due_date (YcStoreWrite  *write,
                      const GDate   *from,
                      int            days,
                      GError       **error)
{
  YcCalendar *calendar = w_get_calendar (write, error);
  g_autoptr(GError) local_error = NULL;
  GDate due;

  if (calendar == NULL)
    return NULL;
  if (!yc_calendar_due_date (calendar, from, (guint) MAX (days, 0), &due, &local_error))
    {
      if (g_error_matches (local_error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_UNKNOWN_YEAR))
        {
          int year = g_date_get_year (from);

          while (yc_calendar_has_year (calendar, year))
            year++;
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CALENDAR_MISSING,
                       _("The official calendar for %d is not on this workstation, so the due "
                         "date cannot be counted. Connect to the server once to fetch it."),
                       year);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return yc_date_format_iso (&due);
}

static gboolean
apply_catalogue_job (YcStoreWrite  *write,
                     gpointer       user_data,
                     GError       **error)
{
  YcStoreJobData *data = user_data;
  sqlite3 *db = _yc_store_write_get_db (write);
  sqlite3_stmt *item_stmt;
  sqlite3_stmt *material_stmt;

  /* Check every item first: a malformed catalogue must change nothing. */
  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonNode *node = json_array_get_element (data->list, i);
      g_autoptr(YcServiceItem) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *path = yc_json_path_index ("service_items", i);

          yc_json_set_type_error (error, path, "an object");
          return FALSE;
        }
      item = yc_service_item_new_from_json (json_node_get_object (node), error);
      if (item == NULL)
        return FALSE;
      if (yc_service_item_get_code (item) == NULL)
        {
          g_autofree char *path = yc_json_path_index ("service_items", i);
          g_autofree char *field = yc_json_path_member (path, "code");

          yc_json_set_type_error (error, field, "a string");
          return FALSE;
        }
    }

  if (!_yc_store_write_exec (write, "DELETE FROM service_items", error))
    return FALSE;

  item_stmt = _yc_store_write_prepare (write,
                                       "INSERT OR REPLACE INTO service_items (code, name, pinyin, "
                                       "  department_id, promised_days, instant, version, json) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                       error);
  material_stmt = _yc_store_write_prepare (write,
                                           "INSERT OR REPLACE INTO service_item_materials "
                                           "  (item_code, id, position, name, mandatory, json) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                           error);
  if (item_stmt == NULL || material_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonObject *object = json_array_get_object_element (data->list, i);
      g_autoptr(YcServiceItem) item = yc_service_item_new_from_json (object, NULL);
      g_autofree char *json = _yc_json_object_to_string (object);
      GPtrArray *materials = yc_service_item_get_materials (item);
      gboolean ok;

      _yc_stmt_bind_text (item_stmt, 1, yc_service_item_get_code (item));
      _yc_stmt_bind_text (item_stmt, 2, yc_service_item_get_name (item) ?
                                        yc_service_item_get_name (item) : "");
      _yc_stmt_bind_text (item_stmt, 3, yc_service_item_get_pinyin (item));
      _yc_stmt_bind_text (item_stmt, 4, yc_service_item_get_department_id (item));
      sqlite3_bind_int (item_stmt, 5, yc_service_item_get_promised_days (item));
      sqlite3_bind_int (item_stmt, 6, yc_service_item_get_instant (item));
      sqlite3_bind_int (item_stmt, 7, yc_service_item_get_version (item));
      _yc_stmt_bind_text (item_stmt, 8, json);
      ok = _yc_store_step_done (db, item_stmt, error);
      _yc_stmt_release (item_stmt);
      if (!ok)
        return FALSE;

      for (guint j = 0; j < materials->len; j++)
        {
          YcMaterial *material = g_ptr_array_index (materials, j);
          g_autoptr(JsonNode) material_node = NULL;
          g_autofree char *material_json = NULL;

          if (yc_material_get_id (material) == NULL)
            continue;
          material_node = yc_material_to_json (material);
          material_json = yc_json_to_string (material_node, NULL);
          _yc_stmt_bind_text (material_stmt, 1, yc_service_item_get_code (item));
          _yc_stmt_bind_text (material_stmt, 2, yc_material_get_id (material));
          sqlite3_bind_int (material_stmt, 3, (int) j);
          _yc_stmt_bind_text (material_stmt, 4, yc_material_get_name (material) ?
                                                yc_material_get_name (material) : "");
          sqlite3_bind_int (material_stmt, 5, yc_material_get_mandatory (material));
          _yc_stmt_bind_text (material_stmt, 6, material_json);
          ok = _yc_store_step_done (db, material_stmt, error);
          _yc_stmt_release (material_stmt);
          if (!ok)
            return FALSE;
        }
    }

  if (!_yc_store_w_set_meta (write, "catalogue_etag", data->text, error))
    return FALSE;
  _yc_store_write_note_change (write, "catalogue", NULL);
  return TRUE;
}

static gboolean
apply_calendar_job (YcStoreWrite  *write,
                    gpointer       user_data,
                    GError       **error)
{
  YcStoreJobData *data = user_data;
  g_autoptr(YcCalendar) check = yc_calendar_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!yc_calendar_add_year_json (check, data->draft, error))
    return FALSE;
  years = yc_calendar_get_years (check);
  if (years->len != 1)
    {
      yc_json_set_type_error (error, "year", "an integer");
      return FALSE;
    }

  json = _yc_json_object_to_string (data->draft);
  stmt = _yc_store_write_prepare (write,
                                  "INSERT OR REPLACE INTO calendars (year, json) VALUES (?1, ?2)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, g_array_index (years, int, 0));
  _yc_stmt_bind_text (stmt, 2, json);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (!ok)
    return FALSE;

  _yc_store_write_set_calendar (write, NULL);
  _yc_store_write_note_change (write, "calendars", NULL);
  return TRUE;
}

static gboolean
apply_reference_job (YcStoreWrite  *write,
                     gpointer       user_data,
                     GError       **error)
{
  YcStoreJobData *data = user_data;
  const char *table = NULL;
  const char *sql = NULL;
  g_autofree char *delete_sql = NULL;
  sqlite3_stmt *stmt;

  switch (data->which)
    {
    case YC_STORE_DEPARTMENTS:
      table = "departments";
      sql = "INSERT OR REPLACE INTO departments (id, name, chief_rep_staff_id, json) "
            "VALUES (?1, ?2, ?3, ?4)";
      break;
    case YC_STORE_WINDOWS:
      table = "windows";
      sql = "INSERT OR REPLACE INTO windows (id, code, department_id, json) "
            "VALUES (?1, ?2, ?3, ?4)";
      break;
    case YC_STORE_STAFF:
      table = "staff";
      sql = "INSERT OR REPLACE INTO staff (id, username, name, department_id, window_id, json) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonNode *node = json_array_get_element (data->list, i);
      g_autofree char *path = yc_json_path_index (table, i);
      g_autoptr(GObject) check = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          yc_json_set_type_error (error, path, "an object");
          return FALSE;
        }
      if (data->which == YC_STORE_DEPARTMENTS)
        check = (GObject *) yc_department_new_from_json (json_node_get_object (node), error);
      else if (data->which == YC_STORE_WINDOWS)
        check = (GObject *) yc_service_window_new_from_json (json_node_get_object (node), error);
      else
        check = (GObject *) yc_staff_new_from_json (json_node_get_object (node), error);
      if (check == NULL)
        return FALSE;
      if (_yc_store_obj_str (json_node_get_object (node), "id") == NULL)
        {
          g_autofree char *field = yc_json_path_member (path, "id");

          yc_json_set_type_error (error, field, "a string");
          return FALSE;
        }
    }

  delete_sql = g_strdup_printf ("DELETE FROM %s", table);
  if (!_yc_store_write_exec (write, delete_sql, error))
    return FALSE;
  stmt = _yc_store_write_prepare (write, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonObject *object = json_array_get_object_element (data->list, i);
      g_autofree char *json = _yc_json_object_to_string (object);
      gboolean ok;

      _yc_stmt_bind_text (stmt, 1, _yc_store_obj_str (object, "id"));
      switch (data->which)
        {
        case YC_STORE_DEPARTMENTS:
          _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "name"));
          _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "chief_rep_staff_id"));
          _yc_stmt_bind_text (stmt, 4, json);
          break;
        case YC_STORE_WINDOWS:
          _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "code"));
          _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "department_id"));
          _yc_stmt_bind_text (stmt, 4, json);
          break;
        case YC_STORE_STAFF:
        default:
          _yc_stmt_bind_text (stmt, 2, _yc_store_obj_str (object, "username"));
          _yc_stmt_bind_text (stmt, 3, _yc_store_obj_str (object, "name"));
          _yc_stmt_bind_text (stmt, 4, _yc_store_obj_str (object, "department_id"));
          _yc_stmt_bind_text (stmt, 5, _yc_store_obj_str (object, "window_id"));
          _yc_stmt_bind_text (stmt, 6, json);
          break;
        }
      ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
      _yc_stmt_release (stmt);
      if (!ok)
        return FALSE;
    }

  _yc_store_write_note_change (write, table, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------ public: reads */

char *
yc_store_dup_catalogue_etag (YcStore *self)
{
  return yc_store_dup_meta (self, "catalogue_etag");
}

YcCalendar *
yc_store_load_calendar (YcStore  *self,
                        GError  **error)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GPtrArray) years = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  years = _yc_store_read_json_list (self, "SELECT json FROM calendars ORDER BY year", NULL, error);
  if (years == NULL)
    return NULL;
  for (guint i = 0; i < years->len; i++)
    if (!yc_calendar_add_year_json (calendar, g_ptr_array_index (years, i), error))
      return NULL;
  return g_steal_pointer (&calendar);
}

YcServiceItem *
yc_store_get_service_item (YcStore     *self,
                           const char  *code,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  object = _yc_store_read_json (self, "SELECT json FROM service_items WHERE code = ?1", code,
                                &local_error);
  if (object == NULL)
    {
      if (g_error_matches (local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_UNKNOWN_SERVICE_ITEM,
                     _("The service item “%s” is not in the catalogue on this workstation."),
                     code);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return yc_service_item_new_from_json (object, error);
}

/* "%text%" for LIKE … ESCAPE '\' (declared in yc-store-private.h). */
char *
_yc_store_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
yc_store_find_service_items (YcStore     *self,
                             const char  *query,
                             guint        limit,
                             GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (!_yc_store_str_is_empty (query))
    pattern = _yc_store_like_pattern (query);

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self,
                                 "SELECT json FROM service_items WHERE ?1 IS NULL "
                                 "  OR name LIKE ?1 ESCAPE '\\' OR code LIKE ?1 ESCAPE '\\' "
                                 "  OR pinyin LIKE ?1 ESCAPE '\\' "
                                 "ORDER BY code LIMIT ?2",
                                 &local_error);
  if (stmt != NULL)
    {
      _yc_stmt_bind_text (stmt, 1, pattern);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(JsonObject) object = _yc_json_object_from_string (_yc_stmt_text (stmt, 0),
                                                                      NULL);
          YcServiceItem *item = object ? yc_service_item_new_from_json (object, NULL) : NULL;

          if (item != NULL)
            g_ptr_array_add (items, item);
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
  return g_steal_pointer (&items);
}

/* ------------------------------------------------------------------ public: writes */

static YcStoreJobData *
catalogue_data (JsonNode   *catalogue,
                const char *etag)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);
  JsonArray *items = NULL;

  if (catalogue != NULL && JSON_NODE_HOLDS_ARRAY (catalogue))
    items = json_node_get_array (catalogue);
  else if (catalogue != NULL && JSON_NODE_HOLDS_OBJECT (catalogue))
    items = _yc_store_obj_arr (json_node_get_object (catalogue), "service_items");

  if (items != NULL)
    data->list = _yc_store_array_copy (items);
  data->text = g_strdup (etag);
  return data;
}

static gboolean
catalogue_or_error (YcStoreJobData  *data,
                    GError         **error)
{
  if (data->list != NULL)
    return TRUE;
  yc_json_set_type_error (error, "service_items", "an array");
  _yc_store_job_data_free (data);
  return FALSE;
}

void
yc_store_apply_catalogue_async (YcStore            *self,
                                JsonNode           *catalogue,
                                const char         *etag,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  YcStoreJobData *data;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YC_IS_STORE (self));

  data = catalogue_data (catalogue, etag);
  if (!catalogue_or_error (data, &error))
    {
      g_task_report_error (self, callback, user_data, yc_store_apply_catalogue_async,
                           g_steal_pointer (&error));
      return;
    }
  _yc_store_write_async (self, self, yc_store_apply_catalogue_async, apply_catalogue_job, data,
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

gboolean
yc_store_apply_catalogue_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_store_apply_catalogue_sync (YcStore     *self,
                               JsonNode    *catalogue,
                               const char  *etag,
                               GError     **error)
{
  YcStoreJobData *data;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  data = catalogue_data (catalogue, etag);
  if (!catalogue_or_error (data, error))
    return FALSE;
  return _yc_store_write_sync (self, apply_catalogue_job, data, _yc_store_job_data_free,
                               error) != NULL;
}

static YcStoreJobData *
object_data (JsonObject *object)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  data->draft = _yc_store_object_copy (object);
  return data;
}

void
yc_store_apply_calendar_async (YcStore            *self,
                               JsonObject         *year,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (year != NULL);

  _yc_store_write_async (self, self, yc_store_apply_calendar_async, apply_calendar_job,
                         object_data (year), _yc_store_job_data_free, cancellable, callback,
                         user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_apply_calendar)

gboolean
yc_store_apply_calendar_sync (YcStore     *self,
                              JsonObject  *year,
                              GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (year != NULL, FALSE);

  return _yc_store_write_sync (self, apply_calendar_job, object_data (year),
                               _yc_store_job_data_free, error) != NULL;
}

void
yc_store_apply_reference_async (YcStore            *self,
                                YcStoreReference    which,
                                JsonArray          *list,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  YcStoreJobData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (list != NULL);
  g_return_if_fail (which <= YC_STORE_STAFF);

  data = _yc_store_list_data (list);
  data->which = which;
  _yc_store_write_async (self, self, yc_store_apply_reference_async, apply_reference_job, data,
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_apply_reference)

gboolean
yc_store_apply_reference_sync (YcStore           *self,
                               YcStoreReference   which,
                               JsonArray         *list,
                               GError           **error)
{
  YcStoreJobData *data;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (list != NULL, FALSE);
  g_return_val_if_fail (which <= YC_STORE_STAFF, FALSE);

  data = _yc_store_list_data (list);
  data->which = which;
  return _yc_store_write_sync (self, apply_reference_job, data, _yc_store_job_data_free,
                               error) != NULL;
}
