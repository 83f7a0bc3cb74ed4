/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "e2e"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "e2e-support.h"
#include "yc-validate.h"

/* ------------------------------------------------------------------ the server */

static void
child_setup (gpointer data)
{
  /* The server never outlives the test, even one killed by meson's timeout. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
server_spawn (E2eServer *self,
              guint16    port)
{
  const char *bin = g_getenv ("YC_SERVER_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  gint64 deadline;

  g_assert_nonnull (bin);
  g_assert_null (self->process);

  self->n_starts++;
  log = g_strdup_printf ("%s/server-%u.log", self->dir, self->n_starts);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  /* Right after a stop the port may still be held for a moment: try again for a while. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (TRUE)
    {
      const char *at;

      self->process = g_subprocess_launcher_spawn (launcher, &error, bin,
                                                   "--listen", listen, "--db", self->db,
                                                   "--demo", NULL);
      g_assert_no_error (error);

      while (g_get_monotonic_time () < deadline)
        {
          g_clear_pointer (&text, g_free);
          if (g_file_get_contents (log, &text, NULL, NULL) &&
              (at = strstr (text, "listening on ")) != NULL && strchr (at, '\n') != NULL)
            {
              const char *end;

              at += strlen ("listening on ");
              end = strchr (at, '\n');
              g_free (self->url);
              self->url = g_strndup (at, end - at);
              self->port = (guint16) g_ascii_strtoull (strrchr (self->url, ':') + 1, NULL, 10);
              g_assert_cmpuint (self->port, >, 0);
              return;
            }
          /* No identifier once the child has ended (the port was taken, …). */
          if (g_subprocess_get_identifier (self->process) == NULL)
            break;
          g_usleep (10 * 1000);
        }

      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
      if (port == 0 || g_get_monotonic_time () >= deadline)
        break;
      g_usleep (200 * 1000);
    }

  g_error ("yichuang-server did not start on %s:\n%s", listen, text != NULL ? text : "");
}

E2eServer *
e2e_server_new (void)
{
  E2eServer *self = g_new0 (E2eServer, 1);

  self->dir = e2e_make_tmpdir ("yc-e2e-server-XXXXXX");
  self->db = g_build_filename (self->dir, "server.db", NULL);
  server_spawn (self, 0);
  return self;
}

void
e2e_server_stop (E2eServer *self)
{
  g_autoptr(GError) error = NULL;

  if (self->process == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&self->process);
}

void
e2e_server_start (E2eServer *self)
{
  g_assert_null (self->process);
  server_spawn (self, self->port);
}

void
e2e_server_start_fresh (E2eServer *self)
{
  g_autofree char *name = NULL;

  e2e_server_stop (self);
  name = g_strdup_printf ("server-%u.db", self->n_starts + 1);
  g_free (self->db);
  self->db = g_build_filename (self->dir, name, NULL);
  server_spawn (self, self->port);
}

void
e2e_server_free (E2eServer *self)
{
  if (self == NULL)
    return;
  e2e_server_stop (self);
  if (g_getenv ("YC_E2E_KEEP") == NULL)
    e2e_rm_rf (self->dir);
  else
    g_test_message ("server files kept in %s", self->dir);
  g_free (self->dir);
  g_free (self->db);
  g_free (self->url);
  g_free (self);
}

/* ------------------------------------------------------------------ SQLite, read only */

sqlite3 *
e2e_db_open_ro (const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot open %s: %s", path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gint64
e2e_db_int (const char *path,
            const char *sql,
            const char *param)
{
  sqlite3 *db = e2e_db_open_ro (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
e2e_db_integrity (const char *path)
{
  sqlite3 *db = e2e_db_open_ro (path);
  sqlite3_stmt *stmt = NULL;
  GString *answer = g_string_new (NULL);

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("integrity_check of %s: %s", path, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (answer->len > 0)
        g_string_append_c (answer, '\n');
      g_string_append (answer, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (answer, FALSE);
}

GHashTable *
e2e_server_cases (E2eServer *self)
{
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = e2e_db_open_ro (self->db);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT id, number, applicant_name FROM cases", -1, &stmt,
                          NULL) != SQLITE_OK)
    g_error ("server cases: %s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_false (g_hash_table_contains (cases, id));
      g_hash_table_insert (cases, g_strdup (id),
                           g_strdup_printf ("%s\t%s", sqlite3_column_text (stmt, 1),
                                            sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return cases;
}

gint64
e2e_server_count_case (E2eServer  *self,
                       const char *id)
{
  return e2e_db_int (self->db, "SELECT count(*) FROM cases WHERE id = ?1", id);
}

/* ------------------------------------------------------------------ the main loop */

static gboolean
on_wait_timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
e2e_wait (E2eCondition condition,
          gpointer     data,
          guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* Conditions that read the database see no signal: look again every 20 ms. */
  while (!condition (data))
    {
      gboolean ticked = FALSE;

      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_timeout_add (20, on_wait_timeout_cb, &ticked);
      while (!ticked)
        g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

void
e2e_sleep (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, on_wait_timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------ files */

char *
e2e_make_tmpdir (const char *template_)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template_, &error);

  g_assert_no_error (error);
  return dir;
}

void
e2e_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        e2e_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ------------------------------------------------------------------ the workstation */

YcWorkstation *
e2e_workstation_new (const char *directory,
                     const char *url,
                     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcWorkstation) workstation = yc_workstation_open (directory, &error);

  g_assert_no_error (error);
  yc_workstation_connect (workstation, url, NULL, name, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&workstation);
}

typedef struct {
  GAsyncResult *result;
} Waiting;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiting *w = user_data;

  w->result = g_object_ref (result);
}

static void
wait_result (Waiting *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
e2e_sign_in (YcSession  *session,
             const char *username,
             const char *password,
             GError    **error)
{
  Waiting w = { NULL };
  gboolean ok;

  yc_session_sign_in_async (session, username, password, NULL, on_done_cb, &w);
  wait_result (&w);
  ok = yc_session_sign_in_finish (session, w.result, error);
  g_object_unref (w.result);
  return ok;
}

gboolean
e2e_resume (YcSession *session,
            GError   **error)
{
  Waiting w = { NULL };
  gboolean ok;

  yc_session_resume_async (session, NULL, on_done_cb, &w);
  wait_result (&w);
  ok = yc_session_resume_finish (session, w.result, error);
  g_object_unref (w.result);
  return ok;
}

static gboolean
has_catalogue (gpointer data)
{
  g_autoptr(YcServiceItem) item = yc_store_get_service_item (data, "SCJG-001", NULL);

  return item != NULL;
}

gboolean
e2e_wait_catalogue (YcStore *store,
                    guint    timeout_ms)
{
  return e2e_wait (has_catalogue, store, timeout_ms);
}

static gboolean
is_drained (gpointer data)
{
  return yc_outbox_get_n_pending (data) == 0 && yc_outbox_get_n_attention (data) == 0;
}

gboolean
e2e_wait_drained (YcOutbox *outbox,
                  guint     timeout_ms)
{
  return e2e_wait (is_drained, outbox, timeout_ms);
}

char *
e2e_resident_id (guint serial)
{
  char first17[18];

  g_snprintf (first17, sizeof first17, "11010519800101%03u", serial % 1000);
  return g_strdup_printf ("%s%c", first17, yc_resident_id_check_char (first17));
}

YcCase *
e2e_case_draft (YcStore    *store,
                const char *item_code,
                const char *outcome,
                const char *applicant_name,
                guint       serial)
{
  g_autoptr(YcServiceItem) item = yc_store_get_service_item (store, item_code, NULL);
  g_autoptr(YcParty) applicant = yc_party_new ();
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *received_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  gboolean lacking = g_strcmp0 (outcome, "incomplete") == 0;
  GPtrArray *guide;
  YcCase *draft;

  g_assert_nonnull (item);
  guide = yc_service_item_get_materials (item);
  for (guint i = 0; i < guide->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (guide, i);
      gboolean missing = lacking && yc_material_get_mandatory (material);

      g_ptr_array_add (materials,
                       yc_case_material_new (yc_material_get_id (material), NULL,
                                             missing ? "missing" : "received",
                                             missing ? "缺少原件" : NULL));
      if (missing)
        lacking = FALSE;
    }

  draft = g_object_new (YC_TYPE_CASE,
                        "service-item", item_code,
                        "outcome", outcome,
                        "received-at", received_at,
                        NULL);
  applicant->kind = g_strdup ("person");
  applicant->name = g_strdup (applicant_name);
  applicant->id_type = g_strdup ("resident_id");
  applicant->id_number = e2e_resident_id (serial);
  applicant->phone = g_strdup ("13800138000");
  yc_case_set_applicant (draft, applicant);
  yc_case_set_materials (draft, materials);
  return draft;
}

YcCase *
e2e_take_in (YcStore *store,
             YcCase  *draft,
             GError **error)
{
  Waiting w = { NULL };
  YcCase *stored;

  yc_store_take_in_async (store, draft, NULL, on_done_cb, &w);
  wait_result (&w);
  stored = yc_store_take_in_finish (store, w.result, error);
  g_object_unref (w.result);
  return stored;
}

YcLetter *
e2e_issue_letter (YcStore            *store,
                  const char         *case_id,
                  const char         *kind,
                  const char *const  *material_ids,
                  GError            **error)
{
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", case_id, "kind", kind,
                                            "pdf-sha256",
                                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                            NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);
  Waiting w = { NULL };
  YcLetter *letter;

  for (guint i = 0; material_ids != NULL && material_ids[i] != NULL; i++)
    g_ptr_array_add (items, yc_letter_item_new (material_ids[i], "请补充"));
  yc_letter_set_items (draft, items);

  yc_store_issue_letter_async (store, draft, NULL, NULL, NULL, NULL, on_done_cb, &w);
  wait_result (&w);
  letter = yc_store_issue_letter_finish (store, w.result, error);
  g_object_unref (w.result);
  return letter;
}

YcHttpResponse *
e2e_http (YcHttp      *http,
          const char  *method,
          const char  *path,
          const char  *body,
          const char  *idempotency_key,
          GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  Waiting w = { NULL };
  YcHttpResponse *response;

  if (body != NULL)
    {
      node = json_from_string (body, error);
      if (node == NULL)
        return NULL;
    }
  yc_http_request_async (http, method, path, node, idempotency_key, YC_HTTP_NONE, NULL,
                         on_done_cb, &w);
  wait_result (&w);
  response = yc_http_request_finish (http, w.result, error);
  g_object_unref (w.result);
  return response;
}

JsonNode *
e2e_load_demo (const char *name)
{
  const char *root = g_getenv ("YC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "data", "demo", name,
                                            NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

void
e2e_add_unknown_item (YcStore *store)
{
  g_autoptr(JsonNode) catalogue = e2e_load_demo ("service-items.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = yc_store_dup_catalogue_etag (store);
  JsonArray *items = json_node_get_array (catalogue); /* the demo file is a bare array */
  JsonObject *copy = json_object_ref (json_array_get_object_element (items, 0));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) fake = NULL;
  g_autofree char *text = NULL;

  /* A copy of SCJG-001 under a code the server never heard of. */
  json_node_take_object (node, copy);
  text = json_to_string (node, FALSE);
  fake = json_from_string (text, &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (fake), "code", "E2E-999");
  json_object_set_string_member (json_node_get_object (fake), "name", "端到端测试事项");
  json_array_add_object_element (items, json_object_ref (json_node_get_object (fake)));
  yc_store_apply_catalogue_sync (store, catalogue, etag, &error);
  g_assert_no_error (error);
}
