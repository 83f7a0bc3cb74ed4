/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-demo"

#include "config.h"

#include <string.h>

#include "yc-centre.h"
#include "yc-department.h"
#include "yc-password.h"
#include "yc-staff.h"
#include "yc-service-window.h"
#include "yc-server-private.h"
#include "yc-server-resources.h"

#define DEMO_PASSWORD "yichuang-demo"
#define DEMO_PATH "/org/yichuang/server/demo/"

static JsonNode *
load_demo_json (const char  *name,
                GError     **error)
{
  g_autofree char *path = g_strconcat (DEMO_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  static gsize registered = 0;
  gsize len;
  const char *data;

  if (g_once_init_enter (&registered))
    {
      yc_server_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  bytes = g_resource_lookup_data (yc_server_get_resource (), path, 0, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, len, error))
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static JsonArray *
demo_array (JsonNode    *root,
            const char  *name,
            GError     **error)
{
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: expected an array", name);
      return NULL;
    }
  return json_node_get_array (root);
}

static JsonObject *
element_object (JsonArray   *array,
                guint        index,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s[%u]: expected an object",
                   name, index);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
seed_centre (YcServerDb  *db,
             JsonNode    *root,
             GError     **error)
{
  g_autoptr(YcCentre) centre = NULL;
  sqlite3_stmt *stmt;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "centre.json: expected an object");
      return FALSE;
    }
  centre = yc_centre_new_from_json (json_node_get_object (root), error);
  if (centre == NULL)
    return FALSE;
  stmt = yc_server_db_prepare (db,
                               "INSERT INTO centre (id, code, name, letter_prefix, phone,"
                               " complaint_phone, address, letter_number_format)"
                               " VALUES (1, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, yc_centre_get_code (centre));
  yc_server_db_bind_text (stmt, 2, yc_centre_get_name (centre));
  yc_server_db_bind_text (stmt, 3, yc_centre_get_letter_prefix (centre));
  yc_server_db_bind_text (stmt, 4, yc_centre_get_phone (centre));
  yc_server_db_bind_text (stmt, 5, yc_centre_get_complaint_phone (centre));
  yc_server_db_bind_text (stmt, 6, yc_centre_get_address (centre));
  yc_server_db_bind_text (stmt, 7, yc_centre_get_letter_number_format (centre));
  return yc_server_db_step_done (db, stmt, error);
}

static gboolean
seed_departments (YcServerDb  *db,
                  JsonNode    *root,
                  GError     **error)
{
  JsonArray *array = demo_array (root, "departments.json", error);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "departments.json", error);
      g_autoptr(YcDepartment) department = NULL;
      sqlite3_stmt *stmt;

      if (object == NULL)
        return FALSE;
      department = yc_department_new_from_json (object, error);
      if (department == NULL)
        return FALSE;
      stmt = yc_server_db_prepare (db,
                                   "INSERT INTO departments (id, name, short_name,"
                                   " chief_rep_staff_id) VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_text (stmt, 1, yc_department_get_id (department));
      yc_server_db_bind_text (stmt, 2, yc_department_get_name (department));
      yc_server_db_bind_text (stmt, 3, yc_department_get_short_name (department));
      yc_server_db_bind_text (stmt, 4, yc_department_get_chief_rep_staff_id (department));
      if (!yc_server_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_windows (YcServerDb  *db,
              JsonNode    *root,
              GError     **error)
{
  JsonArray *array = demo_array (root, "windows.json", error);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "windows.json", error);
      g_autoptr(YcServiceWindow) window = NULL;
      sqlite3_stmt *stmt;

      if (object == NULL)
        return FALSE;
      window = yc_service_window_new_from_json (object, error);
      if (window == NULL)
        return FALSE;
      stmt = yc_server_db_prepare (db,
                                   "INSERT INTO windows (id, code, name, department_id,"
                                   " comprehensive, a_staff_id, b_staff_id)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_text (stmt, 1, yc_service_window_get_id (window));
      yc_server_db_bind_text (stmt, 2, yc_service_window_get_code (window));
      yc_server_db_bind_text (stmt, 3, yc_service_window_get_name (window));
      yc_server_db_bind_text (stmt, 4, yc_service_window_get_department_id (window));
      yc_server_db_bind_int (stmt, 5, yc_service_window_get_comprehensive (window) ? 1 : 0);
      yc_server_db_bind_text (stmt, 6, yc_service_window_get_a_staff_id (window));
      yc_server_db_bind_text (stmt, 7, yc_service_window_get_b_staff_id (window));
      if (!yc_server_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_staff (YcServerDb  *db,
            JsonNode    *root,
            GError     **error)
{
  JsonArray *array = demo_array (root, "staff.json", error);
  g_autofree char *hash = NULL;

  if (array == NULL)
    return FALSE;
  /* One yescrypt hash of the published demo password serves every demo account: it keeps
   * seeding fast, and a salt protects nothing for a password everybody knows. */
  hash = yc_password_hash (DEMO_PASSWORD, error);
  if (hash == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "staff.json", error);
      g_autoptr(YcStaff) staff = NULL;
      g_autofree char *roles = NULL;
      sqlite3_stmt *stmt;

      if (object == NULL)
        return FALSE;
      staff = yc_staff_new_from_json (object, error);
      if (staff == NULL)
        return FALSE;
      roles = g_strjoinv (",", (char **) yc_staff_get_roles (staff));
      stmt = yc_server_db_prepare (db,
                                   "INSERT INTO staff (id, username, name, roles, department_id,"
                                   " window_id, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_text (stmt, 1, yc_staff_get_id (staff));
      yc_server_db_bind_text (stmt, 2, yc_staff_get_username (staff));
      yc_server_db_bind_text (stmt, 3, yc_staff_get_name (staff));
      yc_server_db_bind_text (stmt, 4, roles != NULL ? roles : "");
      yc_server_db_bind_text (stmt, 5, yc_staff_get_department_id (staff));
      yc_server_db_bind_text (stmt, 6, yc_staff_get_window_id (staff));
      yc_server_db_bind_text (stmt, 7, hash);
      if (!yc_server_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_items (YcServerDb  *db,
            JsonNode    *root,
            GError     **error)
{
  JsonArray *array = demo_array (root, "service-items.json", error);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "service-items.json", error);
      g_autoptr(YcServiceItem) item = NULL;
      GPtrArray *materials;
      sqlite3_stmt *stmt;

      if (object == NULL)
        return FALSE;
      item = yc_service_item_new_from_json (object, error);
      if (item == NULL)
        {
          g_prefix_error (error, "service-items.json[%u]: ", i);
          return FALSE;
        }
      stmt = yc_server_db_prepare (db,
                                   "INSERT INTO service_items (code, position, name, pinyin,"
                                   " department_id, kind, legal_basis, conditions, procedure,"
                                   " promised_days, statutory_days, instant, fees, contact,"
                                   " complaint_channel, version)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_text (stmt, 1, yc_service_item_get_code (item));
      yc_server_db_bind_int (stmt, 2, i);
      yc_server_db_bind_text (stmt, 3, yc_service_item_get_name (item));
      yc_server_db_bind_text (stmt, 4, yc_service_item_get_pinyin (item));
      yc_server_db_bind_text (stmt, 5, yc_service_item_get_department_id (item));
      yc_server_db_bind_text (stmt, 6, yc_service_item_get_kind (item));
      yc_server_db_bind_text (stmt, 7, yc_service_item_get_legal_basis (item));
      yc_server_db_bind_text (stmt, 8, yc_service_item_get_conditions (item));
      yc_server_db_bind_text (stmt, 9, yc_service_item_get_procedure (item));
      yc_server_db_bind_int (stmt, 10, yc_service_item_get_promised_days (item));
      yc_server_db_bind_int (stmt, 11, yc_service_item_get_statutory_days (item));
      yc_server_db_bind_int (stmt, 12, yc_service_item_get_instant (item) ? 1 : 0);
      yc_server_db_bind_text (stmt, 13, yc_service_item_get_fees (item));
      yc_server_db_bind_text (stmt, 14, yc_service_item_get_contact (item));
      yc_server_db_bind_text (stmt, 15, yc_service_item_get_complaint_channel (item));
      yc_server_db_bind_int (stmt, 16, MAX (1, yc_service_item_get_version (item)));
      if (!yc_server_db_step_done (db, stmt, error))
        {
          g_prefix_error (error, "Service item %s: ", yc_service_item_get_code (item));
          return FALSE;
        }

      materials = yc_service_item_get_materials (item);
      for (guint j = 0; j < materials->len; j++)
        {
          YcMaterial *material = g_ptr_array_index (materials, j);

          stmt = yc_server_db_prepare (db,
                                       "INSERT INTO materials (item_code, id, position, name,"
                                       " original, copies, mandatory, note)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          yc_server_db_bind_text (stmt, 1, yc_service_item_get_code (item));
          yc_server_db_bind_text (stmt, 2, yc_material_get_id (material));
          yc_server_db_bind_int (stmt, 3, j);
          yc_server_db_bind_text (stmt, 4, yc_material_get_name (material));
          yc_server_db_bind_int (stmt, 5, yc_material_get_original (material) ? 1 : 0);
          yc_server_db_bind_int (stmt, 6, yc_material_get_copies (material));
          yc_server_db_bind_int (stmt, 7, yc_material_get_mandatory (material) ? 1 : 0);
          yc_server_db_bind_text (stmt, 8, yc_material_get_note (material) != NULL
                                           ? yc_material_get_note (material) : "");
          if (!yc_server_db_step_done (db, stmt, error))
            {
              g_prefix_error (error, "Material %s of %s: ", yc_material_get_id (material),
                              yc_service_item_get_code (item));
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
seed_calendar (YcServerDb  *db,
               JsonNode    *root,
               GError     **error)
{
  g_autoptr(YcCalendar) check = yc_calendar_new ();
  JsonArray *years = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "years"))
    years = json_object_get_array_member (json_node_get_object (root), "years");
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    years = json_node_get_array (root);
  if (years == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "calendar.json: expected {\"years\": [...]}");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      JsonObject *year = element_object (years, i, "calendar.json", error);
      g_autoptr(JsonObject) clean = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;
      sqlite3_stmt *stmt;
      int number;

      if (year == NULL || !yc_calendar_add_year_json (check, year, error))
        return FALSE;
      number = (int) json_object_get_int_member (year, "year");
      clean = yc_calendar_year_to_json (check, number);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, clean);
      text = json_to_string (node, FALSE);

      stmt = yc_server_db_prepare (db, "INSERT INTO calendars (year, json) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_int (stmt, 1, number);
      yc_server_db_bind_text (stmt, 2, text);
      if (!yc_server_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
yc_server_demo_seed (YcServer  *self,
                     gboolean  *seeded,
                     GError   **error)
{
  static const char * const files[] = {
    "centre.json", "departments.json", "windows.json", "staff.json", "service-items.json",
    "calendar.json",
  };
  JsonNode *roots[G_N_ELEMENTS (files)] = { NULL, };
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok = FALSE;

  *seeded = FALSE;
  stmt = yc_server_db_prepare (self->db,
                               "SELECT (SELECT COUNT(*) FROM centre) + (SELECT COUNT(*) FROM staff)",
                               error);
  if (stmt == NULL || !yc_server_db_step (self->db, stmt, &has_row, error))
    return FALSE;
  if (sqlite3_column_int64 (stmt, 0) > 0)
    {
      /* Already seeded (by the demo or by hand): nothing to do. */
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      roots[i] = load_demo_json (files[i], error);
      if (roots[i] == NULL)
        goto out;
    }

  if (!yc_server_db_begin (self->db, error))
    goto out;
  if (!seed_centre (self->db, roots[0], error) ||
      !seed_departments (self->db, roots[1], error) ||
      !seed_windows (self->db, roots[2], error) ||
      !seed_staff (self->db, roots[3], error) ||
      !seed_items (self->db, roots[4], error) ||
      !seed_calendar (self->db, roots[5], error) ||
      !yc_server_db_exec (self->db, "INSERT INTO meta (key, value) VALUES ('demo', '1')", error) ||
      !yc_server_db_commit (self->db, error))
    {
      yc_server_db_rollback (self->db);
      g_prefix_error (error, "Cannot seed the demo centre: ");
      goto out;
    }
  *seeded = TRUE;
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_clear_pointer (&roots[i], json_node_unref);
  return ok;
}
