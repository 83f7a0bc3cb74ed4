/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-numbering.h"
#include "yc-store-private.h"

/* Hooks for the tests and benchmarks only (declared in yc-store-private.h). */

typedef struct {
  guint  n;
  char  *holder;
} FillData;

static void
fill_data_free (gpointer ptr)
{
  FillData *data = ptr;

  g_free (data->holder);
  g_free (data);
}

static gboolean
fill_cases_job (YcStoreWrite  *write,
                gpointer       user_data,
                GError       **error)
{
  FillData *data = user_data;
  static const char *names[] = { "王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏" };
  static const char *items[][2] = { { "SCJG-001", "个体工商户设立登记" },
                                    { "RSJ-003", "失业保险金申领" },
                                    { "GA-002", "居住证签注" } };
  g_autoptr(GDateTime) base = g_date_time_new_local (2026, 11, 28, 9, 0, 0);
  sqlite3_stmt *stmt;

  stmt = _yc_store_write_prepare (write,
                                  "INSERT INTO cases (id, number, service_item, service_item_name, "
                                  "  applicant_name, applicant_id_masked, status, holder_id, "
                                  "  due_date, received_at, received_ts, updated_at, sync_state, "
                                  "  json) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, '110105********002X', ?6, ?7, ?8, "
                                  "  ?9, ?10, ?9, 'synced', ?11)",
                                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < data->n; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_minutes (base, -(int) i);
      g_autoptr(GDateTime) due_dt = g_date_time_add_days (at, 20);
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = yc_numbering_format (NULL, "示政务", 2026, "案", "W99",
                                                     (guint64) (data->n - i));
      g_autofree char *received_at = _yc_store_format_rfc3339 (at);
      g_autofree char *due = g_date_time_format (due_dt, "%Y-%m-%d");
      g_autofree char *json = NULL;
      const char *name = names[i % G_N_ELEMENTS (names)];
      guint k = i % G_N_ELEMENTS (items);
      const char *status = i % 7 == 0 ? "completed" : "accepted";
      gboolean ok;

      json = g_strdup_printf ("{\"id\":\"%s\",\"number\":\"%s\",\"service_item\":\"%s\","
                              "\"service_item_name\":\"%s\",\"applicant\":{\"kind\":\"person\","
                              "\"name\":\"%s\",\"id_type\":\"resident_id\","
                              "\"id_number\":\"11010519491231002X\"},\"agent\":null,"
                              "\"materials\":[],\"outcome\":\"accepted\",\"status\":\"%s\","
                              "\"received_at\":\"%s\",\"due_date\":\"%s\",\"holder_id\":\"%s\","
                              "\"updated_at\":\"%s\"}",
                              id, number, items[k][0], items[k][1], name, status, received_at,
                              due, data->holder, received_at);
      _yc_stmt_bind_text (stmt, 1, id);
      _yc_stmt_bind_text (stmt, 2, number);
      _yc_stmt_bind_text (stmt, 3, items[k][0]);
      _yc_stmt_bind_text (stmt, 4, items[k][1]);
      _yc_stmt_bind_text (stmt, 5, name);
      _yc_stmt_bind_text (stmt, 6, status);
      _yc_stmt_bind_text (stmt, 7, data->holder);
      _yc_stmt_bind_text (stmt, 8, due);
      _yc_stmt_bind_text (stmt, 9, received_at);
      sqlite3_bind_int64 (stmt, 10, g_date_time_to_unix (at) * G_USEC_PER_SEC);
      _yc_stmt_bind_text (stmt, 11, json);
      ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
      _yc_stmt_release (stmt);
      if (!ok)
        return FALSE;
    }
  _yc_store_write_note_change (write, "cases", NULL);
  return TRUE;
}

gboolean
_yc_store_fill_cases_for_testing (YcStore     *self,
                                  guint        n,
                                  const char  *holder_id,
                                  GError     **error)
{
  FillData *data = g_new0 (FillData, 1);

  data->n = n;
  data->holder = g_strdup (holder_id);
  return _yc_store_write_sync (self, fill_cases_job, data, fill_data_free, error) != NULL;
}

static gboolean
max_page_count_job (YcStoreWrite  *write,
                    gpointer       user_data,
                    GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %u",
                                          GPOINTER_TO_UINT (user_data));

  return _yc_store_write_exec (write, sql, error);
}

gboolean
_yc_store_set_max_page_count (YcStore  *self,
                              guint     pages,
                              GError  **error)
{
  gboolean ok;

  ok = _yc_store_write_sync (self, max_page_count_job, GUINT_TO_POINTER (pages), NULL,
                             error) != NULL;
  return ok;
}
