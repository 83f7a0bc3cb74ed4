/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-reference"

#include "config.h"

#include <string.h>

#include "yc-centre.h"
#include "yc-department.h"
#include "yc-record.h"
#include "yc-staff.h"
#include "yc-service-window.h"
#include "yc-server-private.h"

typedef gpointer  (*DecodeFunc) (JsonObject *object, GError **error);
typedef JsonNode *(*EncodeFunc) (gpointer record);

#define STAFF_COLUMNS \
  "id, username, name, roles AS \"roles:list\", department_id, window_id"

/* ------------------------------------------------------------------ loading */

static gboolean
load_centre (YcServer  *self,
             GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_clear_pointer (&self->centre_json, json_node_unref);
  stmt = yc_server_db_prepare (self->db,
                               "SELECT code, name, letter_prefix, phone, complaint_phone, address,"
                               " letter_number_format FROM centre WHERE id = 1", error);
  if (stmt == NULL || !yc_server_db_step (self->db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_autoptr(JsonObject) object = yc_server_db_row_to_object (stmt);
      g_autoptr(YcCentre) centre = yc_centre_new_from_json (object, error);

      sqlite3_reset (stmt);
      if (centre == NULL)
        return FALSE;
      self->centre_json = yc_centre_to_json (centre);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_item_materials (YcServer    *self,
                     const char  *code,
                     JsonObject  *item,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  JsonArray *materials = json_array_new ();
  gboolean has_row;

  json_object_set_array_member (item, "materials", materials);
  stmt = yc_server_db_prepare (self->db,
                               "SELECT id, name, original AS \"original:bool\", copies,"
                               " mandatory AS \"mandatory:bool\", note"
                               " FROM materials WHERE item_code = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, code);
  while (TRUE)
    {
      if (!yc_server_db_step (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      json_array_add_object_element (materials, yc_server_db_row_to_object (stmt));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_catalogue (YcServer  *self,
                GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GString *list;

  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->items_by_code);
  g_hash_table_remove_all (self->item_json);

  stmt = yc_server_db_prepare (self->db,
                               "SELECT code, name, pinyin, department_id, kind, legal_basis,"
                               " conditions, procedure, promised_days, statutory_days,"
                               " instant AS \"instant:bool\", fees, contact, complaint_channel,"
                               " version FROM service_items ORDER BY position, code", error);
  if (stmt == NULL)
    return FALSE;
  while (TRUE)
    {
      if (!yc_server_db_step (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      g_ptr_array_add (objects, yc_server_db_row_to_object (stmt));
    }
  sqlite3_reset (stmt);

  list = g_string_new ("{\"service_items\":[");
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);
      const char *code = json_object_get_string_member (object, "code");
      g_autoptr(YcServiceItem) item = NULL;
      g_autoptr(JsonNode) node = NULL;
      char *data;
      gsize len;

      if (!load_item_materials (self, code, object, error))
        {
          g_string_free (list, TRUE);
          return FALSE;
        }
      item = yc_service_item_new_from_json (object, error);
      if (item == NULL)
        {
          g_prefix_error (error, "Service item %s: ", code);
          g_string_free (list, TRUE);
          return FALSE;
        }
      node = yc_service_item_to_json (item);
      data = yc_json_to_string (node, &len);
      if (i > 0)
        g_string_append_c (list, ',');
      g_string_append_len (list, data, len);
      g_checksum_update (checksum, (const guchar *) data, len);

      g_hash_table_insert (self->item_json, g_strdup (code), g_bytes_new_take (data, len));
      g_hash_table_insert (self->items_by_code, (gpointer) yc_service_item_get_code (item), item);
      g_ptr_array_add (self->items, g_steal_pointer (&item));
    }

  g_free (self->catalogue_version);
  self->catalogue_version = g_strndup (g_checksum_get_string (checksum), 32);
  g_string_append_printf (list, "],\"version\":\"%s\"}", self->catalogue_version);
  g_clear_pointer (&self->catalogue_json, g_bytes_unref);
  self->catalogue_json = g_string_free_to_bytes (list);
  return TRUE;
}

static gboolean
load_calendar (YcServer  *self,
               GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_clear_object (&self->calendar);
  self->calendar = yc_calendar_new ();
  stmt = yc_server_db_prepare (self->db, "SELECT year, json FROM calendars ORDER BY year", error);
  if (stmt == NULL)
    return FALSE;
  while (TRUE)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (!yc_server_db_step (self->db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      if (!json_parser_load_from_data (parser, yc_server_db_column_text (stmt, 1), -1, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The stored calendar of %d is not valid", sqlite3_column_int (stmt, 0));
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (!yc_calendar_add_year_json (self->calendar, json_node_get_object (root), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
yc_server_load_reference (YcServer  *self,
                          GError   **error)
{
  return load_centre (self, error) && load_catalogue (self, error) && load_calendar (self, error);
}

YcServiceItem *
yc_server_get_item (YcServer   *self,
                    const char *code)
{
  return code != NULL ? g_hash_table_lookup (self->items_by_code, code) : NULL;
}

/* ------------------------------------------------------------------ handlers */

static void
reply_list (YcRequest  *req,
            const char *sql,
            const char *member,
            DecodeFunc  decode,
            EncodeFunc  encode)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = yc_server_db_prepare (self->db, sql, &error);
  if (stmt == NULL)
    goto fail;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  while (TRUE)
    {
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GObject) record = NULL;

      if (!yc_server_db_step (self->db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      object = yc_server_db_row_to_object (stmt);
      record = decode (object, &error);
      if (record == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      json_builder_add_value (builder, encode (record));
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yc_request_reply (req, 200, json_builder_get_root (builder));
  return;

fail:
  yc_request_internal_error (req, error);
}

JsonNode *
yc_server_staff_json (YcServer    *self,
                      const char  *staff_id,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(YcStaff) staff = NULL;

  stmt = yc_server_db_prepare (self->db, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, staff_id);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No staff member %s", staff_id);
      return NULL;
    }
  object = yc_server_db_row_to_object (stmt);
  sqlite3_reset (stmt);
  staff = yc_staff_new_from_json (object, error);
  return staff != NULL ? yc_staff_to_json (staff) : NULL;
}

void
yc_server_handle_centre (YcRequest *req)
{
  if (req->server->centre_json == NULL)
    {
      yc_request_problem (req, 404, "not_found", NULL);
      return;
    }
  yc_request_reply (req, 200, json_node_copy (req->server->centre_json));
}

void
yc_server_handle_departments (YcRequest *req)
{
  reply_list (req,
              "SELECT id, name, short_name, chief_rep_staff_id FROM departments ORDER BY rowid",
              "departments", (DecodeFunc) yc_department_new_from_json,
              (EncodeFunc) yc_department_to_json);
}

void
yc_server_handle_windows (YcRequest *req)
{
  reply_list (req,
              "SELECT id, code, name, department_id, comprehensive AS \"comprehensive:bool\","
              " a_staff_id, b_staff_id FROM windows ORDER BY code",
              "windows", (DecodeFunc) yc_service_window_new_from_json, (EncodeFunc) yc_service_window_to_json);
}

void
yc_server_handle_staff (YcRequest *req)
{
  reply_list (req, "SELECT " STAFF_COLUMNS " FROM staff WHERE active = 1 ORDER BY rowid",
              "staff", (DecodeFunc) yc_staff_new_from_json, (EncodeFunc) yc_staff_to_json);
}

/* If-None-Match uses the weak comparison (RFC 9110 13.1.2). */
static gboolean
etag_matches (const char *header,
              const char *version)
{
  g_auto(GStrv) tags = NULL;
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", version);

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, quoted) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
item_matches (YcServiceItem *item,
              const char    *needle,
              const char    *needle_lower)
{
  g_autofree char *code = g_ascii_strdown (yc_service_item_get_code (item), -1);
  const char *pinyin = yc_service_item_get_pinyin (item);

  return strstr (yc_service_item_get_name (item), needle) != NULL ||
         strstr (code, needle_lower) != NULL ||
         (pinyin != NULL && strstr (pinyin, needle_lower) != NULL);
}

void
yc_server_handle_items (YcRequest *req)
{
  YcServer *self = req->server;
  const char *q = yc_request_query (req, "q");
  g_autofree char *etag = g_strdup_printf ("\"%s\"", self->catalogue_version);
  const char *if_none_match = soup_message_headers_get_one (
    soup_server_message_get_request_headers (req->msg), "If-None-Match");

  yc_request_set_header (req, "ETag", etag);
  if (etag_matches (if_none_match, self->catalogue_version))
    {
      yc_request_reply (req, 304, NULL);
      return;
    }

  if (q == NULL || *q == '\0')
    {
      yc_request_reply_gbytes (req, 200, "application/json; charset=utf-8", self->catalogue_json);
      return;
    }

  if (!g_utf8_validate (q, -1, NULL))
    {
      yc_request_problem (req, 400, "invalid_utf8", NULL);
      return;
    }

  {
    g_autofree char *lower = g_ascii_strdown (q, -1);
    GString *list = g_string_new ("{\"service_items\":[");
    gboolean first = TRUE;
    gsize len;

    for (guint i = 0; i < self->items->len; i++)
      {
        YcServiceItem *item = g_ptr_array_index (self->items, i);
        GBytes *json;
        const char *data;
        gsize item_len;

        if (!item_matches (item, q, lower))
          continue;
        json = g_hash_table_lookup (self->item_json, yc_service_item_get_code (item));
        data = g_bytes_get_data (json, &item_len);
        if (!first)
          g_string_append_c (list, ',');
        g_string_append_len (list, data, item_len);
        first = FALSE;
      }
    g_string_append_printf (list, "],\"version\":\"%s\"}", self->catalogue_version);
    len = list->len;
    yc_request_reply_bytes (req, 200, "application/json; charset=utf-8",
                            g_string_free (list, FALSE), len);
  }
}

void
yc_server_handle_item (YcRequest *req)
{
  GBytes *json = g_hash_table_lookup (req->server->item_json, yc_request_param (req, 0));

  if (json == NULL)
    {
      yc_request_problem (req, 404, "not_found", NULL);
      return;
    }
  yc_request_reply_gbytes (req, 200, "application/json; charset=utf-8", json);
}

void
yc_server_handle_calendar (YcRequest *req)
{
  const char *text = yc_request_param (req, 0);
  guint64 year;
  JsonObject *object;
  JsonNode *node;

  if (!g_ascii_string_to_unsigned (text, 10, 1900, 9999, &year, NULL))
    {
      yc_request_problem (req, 400, "invalid_value", "year");
      return;
    }
  object = yc_calendar_year_to_json (req->server->calendar, (int) year);
  if (object == NULL)
    {
      yc_request_problem (req, 404, "not_found", NULL);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  yc_request_reply (req, 200, node);
}
