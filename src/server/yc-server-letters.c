/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-letters"

#include "config.h"

#include <string.h>

#include "yc-letter.h"
#include "yc-record.h"
#include "yc-server-private.h"

#define LETTER_COLUMNS \
  "id, case_id, kind, number, issued_at, pdf_sha256, issued_by, workstation, reprint_of"

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
      return FALSE;
  return TRUE;
}

static YcLetter *
letter_from_row (YcServer      *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(JsonObject) object = yc_server_db_row_to_object (stmt);
  JsonArray *items = json_array_new ();
  sqlite3_stmt *istmt;
  gboolean has_row;

  json_object_set_array_member (object, "items", items);
  istmt = yc_server_db_prepare (self->db,
                                "SELECT material_id, note FROM letter_items WHERE letter_id = ?"
                                " ORDER BY position", error);
  if (istmt == NULL)
    return NULL;
  yc_server_db_bind_text (istmt, 1, json_object_get_string_member (object, "id"));
  while (TRUE)
    {
      if (!yc_server_db_step (self->db, istmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      json_array_add_object_element (items, yc_server_db_row_to_object (istmt));
    }
  sqlite3_reset (istmt);
  return yc_letter_new_from_json (object, error);
}

/* The material ids listed by the first one-time notice of the case, or NULL if none. */
static GHashTable *
first_notice_items (YcServer    *self,
                    const char  *case_id,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  g_autofree char *first = NULL;
  GHashTable *items;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT id FROM letters WHERE case_id = ? AND kind = 'one_time_notice'"
                               " AND reprint_of IS NULL ORDER BY rowid LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, case_id);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (has_row)
    first = g_strdup (yc_server_db_column_text (stmt, 0));
  sqlite3_reset (stmt);

  items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (first == NULL)
    return items;
  g_hash_table_add (items, g_strdup (""));  /* marks "there is a first notice" */

  stmt = yc_server_db_prepare (self->db, "SELECT material_id FROM letter_items WHERE letter_id = ?",
                               error);
  if (stmt == NULL)
    {
      g_hash_table_unref (items);
      return NULL;
    }
  yc_server_db_bind_text (stmt, 1, first);
  while (TRUE)
    {
      if (!yc_server_db_step (self->db, stmt, &has_row, error))
        {
          g_hash_table_unref (items);
          return NULL;
        }
      if (!has_row)
        break;
      g_hash_table_add (items, g_strdup (yc_server_db_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);
  return items;
}

static gboolean
exists (YcServer    *self,
        const char  *sql,
        const char  *value,
        gboolean    *found,
        GError     **error)
{
  sqlite3_stmt *stmt = yc_server_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, value);
  if (!yc_server_db_step (self->db, stmt, found, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

void
yc_server_handle_letters_create (YcRequest *req)
{
  static const char * const kinds[] = {
    "one_time_notice", "acceptance", "refusal", "completion", NULL
  };
  static const char * const required[] = {
    "id", "case_id", "kind", "number", "items", "issued_at", "pdf_sha256"
  };
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetter) letter = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) seen = NULL;
  YcServiceItem *item;
  GPtrArray *items;
  const char *kind, *reprint_of;
  gboolean found, full_ids;
  sqlite3_stmt *stmt;

  letter = yc_letter_new_from_json (req->body, &error);
  if (letter == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      JsonNode *node = json_object_get_member (req->body, required[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          yc_request_problem (req, 400, "missing_field", required[i]);
          return;
        }
    }
  if (!yc_server_is_uuid (yc_letter_get_id (letter)))
    {
      yc_request_problem (req, 400, "invalid_value", "id");
      return;
    }
  if (!yc_server_is_uuid (yc_letter_get_case_id (letter)))
    {
      yc_request_problem (req, 400, "invalid_value", "case_id");
      return;
    }
  kind = yc_letter_get_kind (letter);
  if (!g_strv_contains (kinds, kind))
    {
      yc_request_problem (req, 400, "invalid_value", "kind");
      return;
    }
  if (*yc_letter_get_number (letter) == '\0')
    {
      yc_request_problem (req, 400, "missing_field", "number");
      return;
    }
  if (!yc_server_parse_time (yc_letter_get_issued_at (letter), NULL))
    {
      yc_request_problem (req, 400, "invalid_value", "issued_at");
      return;
    }
  if (!is_sha256_hex (yc_letter_get_pdf_sha256 (letter)))
    {
      yc_request_problem (req, 400, "invalid_value", "pdf_sha256");
      return;
    }
  reprint_of = yc_letter_get_reprint_of (letter);
  if (reprint_of != NULL && !yc_server_is_uuid (reprint_of))
    {
      yc_request_problem (req, 400, "invalid_value", "reprint_of");
      return;
    }

  kase = yc_server_load_case (self, yc_letter_get_case_id (letter), &error);
  if (kase == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        yc_request_problem (req, 404, "not_found", "case_id");
      else
        yc_request_internal_error (req, error);
      return;
    }
  if (yc_server_case_access (req, kase, &full_ids) != YC_CASE_ACCESS_ACT)
    {
      yc_server_refuse_case (req, kase);
      return;
    }
  item = yc_server_get_item (self, yc_case_get_service_item (kase));

  items = yc_letter_get_items (letter);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      YcLetterItem *entry = g_ptr_array_index (items, i);
      g_autofree char *field = g_strdup_printf ("items[%u].material_id", i);

      if (entry->material_id == NULL || *entry->material_id == '\0')
        {
          yc_request_problem (req, 400, "missing_field", field);
          return;
        }
      if (item == NULL || yc_service_item_find_material (item, entry->material_id) == NULL)
        {
          yc_request_problem (req, 422, "unknown_material", field);
          return;
        }
      if (!g_hash_table_add (seen, entry->material_id))
        {
          yc_request_problem_detail (req, 400, "invalid_value", field, "materials_duplicate");
          return;
        }
    }
  if (strcmp (kind, "one_time_notice") == 0 && items->len == 0)
    {
      yc_request_problem_detail (req, 422, "invalid_value", "items", "one_time_items");
      return;
    }

  if (reprint_of != NULL)
    {
      stmt = yc_server_db_prepare (self->db,
                                   "SELECT 1 FROM letters WHERE id = ? AND case_id = ? AND kind = ?",
                                   &error);
      if (stmt == NULL)
        goto fail;
      yc_server_db_bind_text (stmt, 1, reprint_of);
      yc_server_db_bind_text (stmt, 2, yc_case_get_id (kase));
      yc_server_db_bind_text (stmt, 3, kind);
      if (!yc_server_db_step (self->db, stmt, &found, &error))
        goto fail;
      sqlite3_reset (stmt);
      if (!found)
        {
          yc_request_problem (req, 422, "invalid_value", "reprint_of");
          return;
        }
    }

  if (!exists (self, "SELECT 1 FROM letters WHERE id = ?", yc_letter_get_id (letter), &found,
               &error))
    goto fail;
  if (found)
    {
      yc_request_problem (req, 409, "conflict", "id");
      return;
    }
  if (reprint_of == NULL)
    {
      if (!exists (self, "SELECT 1 FROM letters WHERE number = ? AND reprint_of IS NULL",
                   yc_letter_get_number (letter), &found, &error))
        goto fail;
      if (found)
        {
          yc_request_problem (req, 409, "conflict", "number");
          return;
        }
    }

  /* D8: a later one-time notice may only repeat what the first one asked for. */
  if (strcmp (kind, "one_time_notice") == 0)
    {
      first = first_notice_items (self, yc_case_get_id (kase), &error);
      if (first == NULL)
        goto fail;
      for (guint i = 0; g_hash_table_size (first) > 0 && i < items->len; i++)
        {
          YcLetterItem *entry = g_ptr_array_index (items, i);

          if (!g_hash_table_contains (first, entry->material_id))
            {
              g_autofree char *field = g_strdup_printf ("items[%u].material_id", i);

              /* The refusal is itself an audit event, kept although the letter is not. */
              if (!yc_request_add_event (req, "one_time_rule_refused", "letter",
                                         yc_letter_get_id (letter),
                                         yc_case_get_department_id (kase), &error))
                goto fail;
              req->keep_changes = TRUE;
              yc_request_problem (req, 422, "one_time_rule", field);
              return;
            }
        }
    }

  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO letters (id, case_id, kind, number, issued_at,"
                               " pdf_sha256, issued_by, workstation, reprint_of)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_letter_get_id (letter));
  yc_server_db_bind_text (stmt, 2, yc_case_get_id (kase));
  yc_server_db_bind_text (stmt, 3, kind);
  yc_server_db_bind_text (stmt, 4, yc_letter_get_number (letter));
  yc_server_db_bind_text (stmt, 5, yc_letter_get_issued_at (letter));
  yc_server_db_bind_text (stmt, 6, yc_letter_get_pdf_sha256 (letter));
  yc_server_db_bind_text (stmt, 7, session->staff_id);
  yc_server_db_bind_text (stmt, 8, session->workstation_code);
  yc_server_db_bind_text (stmt, 9, reprint_of);
  if (!yc_server_db_step_done (self->db, stmt, &error))
    goto fail;

  for (guint i = 0; i < items->len; i++)
    {
      YcLetterItem *entry = g_ptr_array_index (items, i);

      stmt = yc_server_db_prepare (self->db,
                                   "INSERT INTO letter_items (letter_id, position, material_id, note)"
                                   " VALUES (?, ?, ?, ?)", &error);
      if (stmt == NULL)
        goto fail;
      yc_server_db_bind_text (stmt, 1, yc_letter_get_id (letter));
      yc_server_db_bind_int (stmt, 2, i);
      yc_server_db_bind_text (stmt, 3, entry->material_id);
      yc_server_db_bind_text (stmt, 4, entry->note);
      if (!yc_server_db_step_done (self->db, stmt, &error))
        goto fail;
    }

  if (!yc_request_add_event (req, "letter.issued", "letter", yc_letter_get_id (letter),
                             yc_case_get_department_id (kase), &error))
    goto fail;

  stmt = yc_server_db_prepare (self->db, "SELECT " LETTER_COLUMNS " FROM letters WHERE id = ?",
                               &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_letter_get_id (letter));
  if (!yc_server_db_step (self->db, stmt, &found, &error))
    goto fail;
  {
    g_autoptr(YcLetter) stored = letter_from_row (self, stmt, &error);

    sqlite3_reset (stmt);
    if (stored == NULL)
      goto fail;
    yc_request_reply (req, 201, yc_letter_to_json (stored));
  }
  return;

fail:
  if (g_error_matches (error, YC_SERVER_DB_ERROR, YC_SERVER_DB_ERROR_CONSTRAINT))
    yc_request_problem (req, 409, "conflict", NULL);
  else
    yc_request_internal_error (req, error);
}

void
yc_server_handle_letters_list (YcRequest *req)
{
  YcServer *self = req->server;
  const char *case_id = yc_request_query (req, "case_id");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row, full_ids;

  if (case_id == NULL || *case_id == '\0')
    {
      yc_request_problem_detail (req, 400, "missing_field", "case_id", "missing_query");
      return;
    }
  if (!yc_server_is_uuid (case_id))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "case_id", "invalid_query");
      return;
    }
  kase = yc_server_load_case (self, case_id, &error);
  if (kase == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        yc_request_problem (req, 404, "not_found", "case_id");
      else
        yc_request_internal_error (req, error);
      return;
    }
  if (yc_server_case_access (req, kase, &full_ids) == YC_CASE_ACCESS_NONE)
    {
      yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_case");
      return;
    }

  stmt = yc_server_db_prepare (self->db,
                               "SELECT " LETTER_COLUMNS " FROM letters WHERE case_id = ?"
                               " ORDER BY rowid", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, case_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "letters");
  json_builder_begin_array (builder);
  while (TRUE)
    {
      g_autoptr(YcLetter) letter = NULL;

      if (!yc_server_db_step (self->db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      letter = letter_from_row (self, stmt, &error);
      if (letter == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      json_builder_add_value (builder, yc_letter_to_json (letter));
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yc_request_reply (req, 200, json_builder_get_root (builder));
  return;

fail:
  yc_request_internal_error (req, error);
}
