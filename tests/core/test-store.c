/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "yc-calendar.h"
#include "yc-outbox.h"
#include "yc-store-private.h"
#include "store-fixture.h"

static char *
profile_path (const char *dir,
              const char *name)
{
  return g_build_filename (dir, "profile", name, NULL);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Open the database file directly, beside the store. */
static sqlite3 *
open_raw (const char *dir)
{
  g_autofree char *path = profile_path (dir, "store.db");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Every case has exactly one creating outbox entry (or it was sent: none here), every
 * creating entry has its case, numbers are unique, and the database is sound. */
static void
assert_consistent (sqlite3 *db,
                   gint64   expected_cases)
{
  g_autofree char *integrity = raw_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (integrity, ==, "ok");
  if (expected_cases >= 0)
    g_assert_cmpint (raw_int (db, "SELECT count(*) FROM cases"), ==, expected_cases);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM outbox o "
                                "WHERE o.record_kind = 'case' AND o.record_id = c.id "
                                "AND o.path = '/cases') != 1"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM outbox o WHERE o.path = '/cases' AND "
                                "NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = o.record_id)"),
                   ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) - count(DISTINCT number) FROM cases"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM cases WHERE number IS NULL"), ==, 0);
  /* The triggers' counts agree with the table. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM (SELECT coalesce (holder_id, '') h, "
                                "coalesce (status, '') s, count(*) n FROM cases GROUP BY 1, 2) c "
                                "LEFT JOIN case_counts k ON k.holder_id = c.h AND k.status = c.s "
                                "WHERE k.n IS NOT c.n"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT coalesce (sum (n), 0) FROM case_counts"), ==,
                   raw_int (db, "SELECT count(*) FROM cases"));
  /* The sequence never lags behind the numbers it gave. */
  g_assert_cmpint (raw_int (db, "SELECT coalesce ((SELECT next_value - 1 FROM sequences "
                                "WHERE kind = '案' AND year = 2026), 0)"),
                   >=, raw_int (db, "SELECT count(*) FROM cases WHERE number LIKE '%〔2026〕案%'"));
}

/* ------------------------------------------------------------------ open, files, schema */

static void
test_open_files (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) stored = NULL;
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *db_path = profile_path (dir, "store.db");
  g_autofree char *wal = profile_path (dir, "store.db-wal");
  g_autofree char *shm = profile_path (dir, "store.db-shm");
  sqlite3 *db;

  stored = fixture_take_in (store, "SCJG-004", "accepted", 1);

  g_assert_cmpuint (file_mode (profile), ==, 0700);
  g_assert_cmpuint (file_mode (db_path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  db = open_raw (dir);
  {
    g_autofree char *mode = raw_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
  }
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, YC_STORE_SCHEMA_VERSION);
  sqlite3_close (db);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_open_loose_modes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *db_path = profile_path (dir, "store.db");
  g_autoptr(YcStore) store = NULL;

  /* A profile made by hand with loose modes is tightened. */
  g_assert_cmpint (g_mkdir (profile, 0755), ==, 0);
  g_assert_true (g_file_set_contents (db_path, "", 0, NULL));
  g_assert_cmpint (g_chmod (db_path, 0644), ==, 0);

  store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (profile), ==, 0700);
  g_assert_cmpuint (file_mode (db_path), ==, 0600);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_migrations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) again = NULL;
  sqlite3 *db;

  g_clear_object (&store);

  /* Go back to schema 1 (no indexes, no print state) as an older Yichuang left it. */
  db = open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db, "DROP INDEX cases_by_time; DROP INDEX cases_by_holder; "
                                     "DROP INDEX cases_by_status; DROP INDEX cases_by_holder_status; "
                                     "DROP INDEX cases_by_number; DROP INDEX letters_by_case; "
                                     "DROP INDEX handoffs_by_time; DROP INDEX outbox_by_record; "
                                     "DROP INDEX outbox_by_state; DROP INDEX outbox_deps_by_seq; "
                                     "DROP INDEX outbox_deps_by_record; "
                                     "DROP INDEX letters_by_number; DROP INDEX letters_by_time; "
                                     "ALTER TABLE letters DROP COLUMN print_state; "
                                     "ALTER TABLE letters DROP COLUMN printed_at; "
                                     "DROP TRIGGER cases_count_insert; "
                                     "DROP TRIGGER cases_count_delete; "
                                     "DROP TRIGGER cases_count_update; DROP TABLE case_counts; "
                                     "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  again = yc_store_get_case (store, yc_case_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_number (again), ==, yc_case_get_number (stored));
  g_clear_object (&store);

  db = open_raw (dir);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, YC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                "AND name = 'cases_by_time'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                                "AND name = 'outbox_deps_by_record'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('letters') "
                                "WHERE name IN ('print_state', 'printed_at')"), ==, 2);
  /* The counts were filled from the cases already there. */
  g_assert_cmpint (raw_int (db, "SELECT n FROM case_counts WHERE holder_id = 's-li' "
                                "AND status = 'accepted'"), ==, 1);
  /* A newer Yichuang's database is refused, untouched. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = yc_store_open (profile, &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_TOO_NEW);
  g_assert_null (store);

  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ intake */

static void
test_take_in_accepted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcOutbox) outbox = yc_outbox_new (store);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "accepted", 7);
  g_autoptr(YcCase) read_back = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonArray) audit = NULL;
  g_autofree char *expected_id = fixture_resident_id (7);
  g_autofree char *due = NULL;
  YcOutboxEntry *entry;
  JsonObject *applicant;
  GDate accepted, due_date;

  g_assert_cmpstr (yc_case_get_number (stored), ==, "示政务〔2026〕案字第W01-000001号");
  g_assert_cmpstr (yc_case_get_status (stored), ==, "accepted");
  g_assert_cmpstr (yc_case_get_accepted_on (stored), ==, "2026-03-02");
  g_assert_cmpstr (yc_case_get_holder_id (stored), ==, "s-li");
  g_assert_cmpstr (yc_case_get_workstation (stored), ==, "W01");
  g_assert_cmpstr (yc_case_get_service_item_name (stored), ==, "有限责任公司设立登记");
  g_assert_cmpstr (yc_case_get_applicant (stored)->id_number, ==, expected_id);
  g_assert_true (g_uuid_string_is_valid (yc_case_get_id (stored)));

  /* The due date is the promised_days-th working day after acceptance, on the stored calendar. */
  calendar = yc_store_load_calendar (store, &error);
  g_assert_no_error (error);
  g_assert_true (yc_date_parse_iso ("2026-03-02", &accepted));
  g_assert_true (yc_calendar_due_date (calendar, &accepted, 1, &due_date, NULL));
  due = yc_date_format_iso (&due_date);
  g_assert_cmpstr (yc_case_get_due_date (stored), ==, due);

  read_back = yc_store_get_case (store, yc_case_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_applicant (read_back)->id_number, ==, expected_id);
  g_assert_cmpint (yc_store_get_sync_state (store, "case", yc_case_get_id (stored)), ==,
                   YC_SYNC_STATE_PENDING);

  /* Its outbox entry, written in the same transaction. */
  entries = yc_outbox_list (outbox, YC_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_true (g_uuid_string_is_valid (entry->uuid));
  g_assert_cmpstr (entry->method, ==, "POST");
  g_assert_cmpstr (entry->path, ==, "/cases");
  g_assert_cmpstr (entry->record_kind, ==, "case");
  g_assert_cmpstr (entry->record_id, ==, yc_case_get_id (stored));
  g_assert_true (entry->offline);
  body = fixture_parse (entry->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "number"), ==,
                   yc_case_get_number (stored));
  applicant = json_object_get_object_member (json_node_get_object (body), "applicant");
  g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, expected_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "received_at"), ==,
                   "2026-03-02T09:30:00+08:00");
  g_assert_false (json_object_has_member (json_node_get_object (body), "status"));

  audit = yc_store_list_audit_events (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, 0), "type"),
                   ==, "case.created");

  g_clear_object (&outbox);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_take_in_outcomes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) instant = fixture_take_in (store, "SCJG-001", "instant", 1);
  g_autoptr(YcCase) incomplete = fixture_take_in (store, "SCJG-004", "incomplete", 2);
  g_autoptr(YcCase) refused = fixture_take_in (store, "SCJG-004", "refused", 3);

  g_assert_cmpstr (yc_case_get_status (instant), ==, "completed");
  g_assert_cmpstr (yc_case_get_due_date (instant), ==, "2026-03-02");
  g_assert_cmpstr (yc_case_get_accepted_on (instant), ==, "2026-03-02");
  g_assert_cmpstr (yc_case_get_completed_at (instant), ==, "2026-03-02T09:30:00+08:00");

  g_assert_cmpstr (yc_case_get_status (incomplete), ==, "incomplete");
  g_assert_null (yc_case_get_due_date (incomplete));
  g_assert_cmpstr (yc_case_get_status (refused), ==, "refused");

  /* One sequence for case numbers, whatever the outcome. */
  g_assert_cmpstr (yc_case_get_number (instant), ==, "示政务〔2026〕案字第W01-000001号");
  g_assert_cmpstr (yc_case_get_number (incomplete), ==, "示政务〔2026〕案字第W01-000002号");
  g_assert_cmpstr (yc_case_get_number (refused), ==, "示政务〔2026〕案字第W01-000003号");

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
assert_take_in_fails (YcStore    *store,
                      YcCase     *draft,
                      int         code,
                      const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_take_in_sync (store, draft, &error);

  g_assert_null (stored);
  g_assert_error (error, YC_STORE_ERROR, code);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_take_in_refused_locally (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(YcOutbox) outbox = yc_outbox_new (store);
  g_autoptr(YcParty) party = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(YcCase) stored = NULL;
  g_autoptr(GError) error = NULL;

  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  g_object_set (draft, "service-item", "NOPE-001", NULL);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_UNKNOWN_SERVICE_ITEM, "NOPE-001");
  g_clear_object (&draft);

  /* accepted with a mandatory material missing */
  draft = fixture_case_draft (store, "SCJG-004", "incomplete", "王芳", 1, NULL);
  g_object_set (draft, "outcome", "accepted", NULL);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_INVALID, "公司登记（备案）申请书");
  g_clear_object (&draft);

  /* incomplete with nothing missing */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  g_object_set (draft, "outcome", "incomplete", NULL);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_INVALID, NULL);
  g_clear_object (&draft);

  /* a material the guide does not list */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  g_ptr_array_add (materials, yc_case_material_new ("SCJG-999-01", NULL, "received", NULL));
  yc_case_set_materials (draft, materials);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_UNKNOWN_MATERIAL, "SCJG-999-01");
  g_clear_object (&draft);

  /* a wrong check digit, then the same with a recorded override */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  party = yc_party_copy (yc_case_get_applicant (draft));
  party->id_number[17] = party->id_number[17] == '0' ? '1' : '0';
  yc_case_set_applicant (draft, party);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_INVALID, NULL);
  g_object_set (draft, "id-override-reason", "证件号码与户口簿核对无误", NULL);
  stored = yc_store_take_in_sync (store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_id_override_reason (stored), ==, "证件号码与户口簿核对无误");
  g_clear_object (&draft);

  /* an ID document type the server does not know; a passport number is not checked */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  g_clear_pointer (&party, yc_party_free);
  party = yc_party_copy (yc_case_get_applicant (draft));
  g_free (party->id_type);
  party->id_type = g_strdup ("driving_licence");
  yc_case_set_applicant (draft, party);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_INVALID, NULL);
  g_clear_object (&draft);

  /* a year whose calendar is not stored */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1,
                              "2031-05-06T10:00:00+08:00");
  assert_take_in_fails (store, draft, YC_STORE_ERROR_CALENDAR_MISSING, "2031");
  g_clear_object (&draft);

  /* Only the override case was saved, with its one outbox entry; no number was used up. */
  g_assert_cmpuint (yc_outbox_get_n_pending (outbox), ==, 1);
  g_assert_cmpstr (yc_case_get_number (stored), ==, "示政务〔2026〕案字第W01-000001号");

  g_clear_object (&outbox);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_not_signed_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(YcStore) store = yc_store_open (profile, &error);
  g_autoptr(YcCase) draft = NULL;

  g_assert_no_error (error);
  fixture_load_reference (store);
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  assert_take_in_fails (store, draft, YC_STORE_ERROR_NOT_SIGNED_IN, NULL);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ numbers */

typedef struct {
  guint      pending;
  GPtrArray *numbers;
} AsyncCount;

static void
take_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncCount *count = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_take_in_finish (YC_STORE (source), result, &error);

  g_assert_no_error (error);
  g_ptr_array_add (count->numbers, g_strdup (yc_case_get_number (stored)));
  count->pending--;
}

static void
test_numbers_unique (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  AsyncCount count = { 0, numbers };
  g_autoptr(YcCase) last_year = NULL;
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  /* 200 changes queued at once: the writer commits them in batches. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(YcCase) one = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", i,
                                                  "2026-03-02T09:30:00+08:00");

      count.pending++;
      yc_store_take_in_async (store, one, NULL, take_in_done_cb, &count);
    }
  while (count.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-001", "instant", i);

      g_ptr_array_add (numbers, g_strdup (yc_case_get_number (stored)));
    }

  g_assert_cmpuint (numbers->len, ==, 300);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_assert_false (g_hash_table_contains (seen, g_ptr_array_index (numbers, i)));
      g_hash_table_add (seen, g_ptr_array_index (numbers, i));
    }
  for (guint seq = 1; seq <= 300; seq++)
    {
      g_autofree char *expected = g_strdup_printf ("示政务〔2026〕案字第W01-%06u号", seq);

      g_assert_true (g_hash_table_contains (seen, expected));
    }

  /* Sequences are per year. */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1,
                              "2025-12-30T16:00:00+08:00");
  last_year = yc_store_take_in_sync (store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_number (last_year), ==, "示政务〔2025〕案字第W01-000001号");

  db = open_raw (dir);
  assert_consistent (db, 301);
  sqlite3_close (db);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ letters and D8 */

static YcLetter *
issue (YcStore     *store,
       const char  *case_id,
       const char  *kind,
       const char **material_ids,
       const char  *reprint_of,
       GError     **error)
{
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", case_id, "kind", kind,
                                            "pdf-sha256",
                                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                            "reprint-of", reprint_of, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);

  for (guint i = 0; material_ids != NULL && material_ids[i] != NULL; i++)
    g_ptr_array_add (items, yc_letter_item_new (material_ids[i], "请补正"));
  yc_letter_set_items (draft, items);
  return yc_store_issue_letter_sync (store, draft, NULL, NULL, error);
}

/* The "PDF" is the letter's number: enough to see that the store keeps what it is given. */
static GBytes *
render_cb (YcLetter  *letter,
           gpointer   user_data,
           GError   **error)
{
  char **seen_number = user_data;

  *seen_number = g_strdup (yc_letter_get_number (letter));
  return g_bytes_new (*seen_number, strlen (*seen_number));
}

static GBytes *
render_fails_cb (YcLetter  *letter,
                 gpointer   user_data,
                 GError   **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "no room for the PDF");
  return NULL;
}

static void
test_letters_one_time_rule (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcOutbox) outbox = yc_outbox_new (store);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "incomplete", 1);
  const char *case_id = yc_case_get_id (stored);
  const char *first_items[] = { "SCJG-004-01", "SCJG-004-02", NULL };
  const char *subset[] = { "SCJG-004-02", NULL };
  const char *widened[] = { "SCJG-004-01", "SCJG-004-05", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetter) first = NULL;
  g_autoptr(YcLetter) second = NULL;
  g_autoptr(YcLetter) third = NULL;
  g_autoptr(YcLetter) reprint = NULL;
  g_autoptr(YcLetter) acceptance = NULL;
  g_autoptr(YcLetter) draft = NULL;
  g_autoptr(YcLetter) rendered = NULL;
  g_autoptr(YcLetter) failed = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(JsonArray) audit = NULL;
  g_autofree char *render_number = NULL;
  g_autofree char *sha = NULL;
  guint pending;

  first = issue (store, case_id, "one_time_notice", first_items, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_letter_get_number (first), ==, "示政务〔2026〕告字第W01-000001号");
  g_assert_cmpstr (yc_letter_get_issued_by (first), ==, "s-li");

  second = issue (store, case_id, "one_time_notice", subset, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_letter_get_number (second), ==, "示政务〔2026〕告字第W01-000002号");

  pending = yc_outbox_get_n_pending (outbox);
  third = issue (store, case_id, "one_time_notice", widened, NULL, &error);
  g_assert_null (third);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_ONE_TIME_RULE);
  g_assert_nonnull (strstr (error->message, "住所使用相关文件"));
  g_clear_error (&error);
  /* Nothing of the refused letter was saved, but the attempt is on the audit trail. */
  g_assert_cmpuint (yc_outbox_get_n_pending (outbox), ==, pending);
  letters = yc_store_list_letters (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 2);
  audit = yc_store_list_audit_events (store, 1, &error);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (audit, 0), "type"),
                   ==, "one_time_rule_refused");

  /* A reprint keeps the number of what it reprints; other kinds have their own sequence. */
  reprint = issue (store, case_id, "one_time_notice", first_items, yc_letter_get_id (first),
                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_letter_get_number (reprint), ==, yc_letter_get_number (first));
  acceptance = issue (store, case_id, "acceptance", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_letter_get_number (acceptance), ==, "示政务〔2026〕受字第W01-000001号");

  /* The layout callback sees the number and gives the PDF's hash; if it fails nothing is
   * saved and the number is not used. */
  draft = g_object_new (YC_TYPE_LETTER, "case-id", case_id, "kind", "acceptance", NULL);
  failed = yc_store_issue_letter_sync (store, draft, render_fails_cb, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_error (&error);
  rendered = yc_store_issue_letter_sync (store, draft, render_cb, &render_number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (render_number, ==, "示政务〔2026〕受字第W01-000002号");
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, render_number, -1);
  g_assert_cmpstr (yc_letter_get_pdf_sha256 (rendered), ==, sha);
  /* The PDF is kept in the profile under the letter's id; the failed one left none. */
  {
    g_autofree char *path = yc_store_dup_letter_pdf_path (store, yc_letter_get_id (rendered));
    g_autofree char *kept = NULL;
    g_autofree char *letters_dir = g_path_get_dirname (path);
    g_autoptr(GDir) listing = g_dir_open (letters_dir, 0, NULL);
    guint n_files = 0;

    g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, render_number);
    while (listing != NULL && g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 1);
  }

  g_clear_object (&outbox);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* The letters list: this workstation's letters, newest first, found by number, name or case
 * number (LIKE's wildcards taken literally), each with its print state. */
static void
test_letters_list_and_print_state (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) accepted = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) other = fixture_take_in (store, "SCJG-004", "accepted", 2);
  g_autoptr(YcLetter) first = NULL;
  g_autoptr(YcLetter) second = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) by_number = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_case = NULL;
  g_autoptr(GPtrArray) wildcard = NULL;
  g_autoptr(YcStoreLetterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  YcStoreLetterInfo *top;

  first = issue (store, yc_case_get_id (accepted), "acceptance", NULL, NULL, &error);
  g_assert_no_error (error);
  second = issue (store, yc_case_get_id (other), "acceptance", NULL, NULL, &error);
  g_assert_no_error (error);

  all = yc_store_find_letters (store, NULL, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  top = g_ptr_array_index (all, 0);
  g_assert_cmpstr (yc_letter_get_id (top->letter), ==, yc_letter_get_id (second));
  g_assert_cmpstr (top->applicant_name, ==, "王芳");
  g_assert_cmpstr (top->case_number, ==, yc_case_get_number (other));
  g_assert_nonnull (strstr (top->applicant_id_masked, "*"));
  g_assert_cmpint (top->print_state, ==, YC_LETTER_PRINT_NOT_PRINTED);
  g_assert_null (top->printed_at);

  by_number = yc_store_find_letters (store, "000001", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_number->len, ==, 1);
  by_name = yc_store_find_letters (store, " 王芳 ", 50, &error); /* spaces around are dropped */
  g_assert_cmpuint (by_name->len, ==, 2);
  g_clear_pointer (&by_name, g_ptr_array_unref);
  by_name = yc_store_find_letters (store, "王芳", 1, &error);
  g_assert_cmpuint (by_name->len, ==, 1);
  by_case = yc_store_find_letters (store, yc_case_get_number (accepted), 50, &error);
  g_assert_cmpuint (by_case->len, ==, 1);
  wildcard = yc_store_find_letters (store, "%", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wildcard->len, ==, 0);

  /* A failed print is recorded and changes nothing else; printing later records the time. */
  g_assert_true (yc_store_set_letter_print_state_sync (store, yc_letter_get_id (first),
                                                       YC_LETTER_PRINT_FAILED, &error));
  g_assert_no_error (error);
  info = yc_store_get_letter_info (store, yc_letter_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->print_state, ==, YC_LETTER_PRINT_FAILED);
  g_assert_null (info->printed_at);
  g_assert_cmpstr (yc_letter_get_number (info->letter), ==, yc_letter_get_number (first));
  g_clear_pointer (&info, yc_store_letter_info_free);
  g_assert_true (yc_store_set_letter_print_state_sync (store, yc_letter_get_id (first),
                                                       YC_LETTER_PRINT_PRINTED, &error));
  info = yc_store_get_letter_info (store, yc_letter_get_id (first), &error);
  g_assert_cmpint (info->print_state, ==, YC_LETTER_PRINT_PRINTED);
  g_assert_nonnull (info->printed_at);
  g_clear_pointer (&info, yc_store_letter_info_free);

  g_assert_false (yc_store_set_letter_print_state_sync (store, "no-such-letter",
                                                        YC_LETTER_PRINT_PRINTED, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  info = yc_store_get_letter_info (store, "no-such-letter", &error);
  g_assert_null (info);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ later changes */

static void
test_materials_and_completion (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "incomplete", 1);
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  g_autoptr(YcCase) updated = NULL;
  g_autoptr(YcCase) completed = NULL;
  g_autoptr(YcCase) again = NULL;
  g_autoptr(JsonObject) evaluation = NULL;
  g_autoptr(GError) error = NULL;

  /* Completing an incomplete case is refused. */
  again = yc_store_complete_case_sync (store, yc_case_get_id (stored), "准予登记", NULL, &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_ptr_array_add (materials, yc_case_material_new ("SCJG-004-01", NULL, "received", NULL));
  updated = yc_store_update_materials_sync (store, yc_case_get_id (stored), materials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_status (updated), ==, "accepted");
  g_assert_nonnull (yc_case_get_due_date (updated));
  g_assert_nonnull (yc_case_get_accepted_on (updated));

  completed = yc_store_complete_case_sync (store, yc_case_get_id (stored), "准予登记",
                                           "2026-03-04T15:00:00+08:00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_status (completed), ==, "completed");
  g_assert_cmpstr (yc_case_get_result (completed), ==, "准予登记");

  g_assert_true (yc_store_record_evaluation_sync (store, yc_case_get_id (stored), 5, "很满意",
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_record_evaluation_sync (store, yc_case_get_id (stored), 1, NULL,
                                                   &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_EVALUATED);
  g_clear_error (&error);
  g_assert_false (yc_store_record_evaluation_sync (store, yc_case_get_id (stored), 6, NULL,
                                                   &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  evaluation = yc_store_get_evaluation (store, yc_case_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (evaluation, "rating"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (evaluation, "staff_id"), ==, "s-li");

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_handoffs (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) one = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) two = fixture_take_in (store, "SCJG-004", "accepted", 2);
  g_autoptr(YcHandoff) draft = NULL;
  g_autoptr(YcHandoff) requested = NULL;
  g_autoptr(YcHandoff) decided = NULL;
  g_autoptr(YcHandoff) received = NULL;
  g_autoptr(YcHandoff) refused = NULL;
  g_autoptr(YcCase) moved = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { yc_case_get_id (one), yc_case_get_id (two), NULL };

  draft = g_object_new (YC_TYPE_HANDOFF, "kind", "ab_cover", "to-staff-id", "s-wang",
                        "case-ids", ids, "reason", "A岗外出培训", NULL);
  requested = yc_store_request_handoff_sync (store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_state (requested), ==, "pending");
  g_assert_cmpstr (yc_handoff_get_from_staff_id (requested), ==, "s-li");
  g_assert_cmpstr (yc_handoff_get_from_department_id (requested), ==, "scjg");

  /* The requester may not decide it, and a clerk may not either. */
  refused = yc_store_decide_handoff_sync (store, yc_handoff_get_id (requested), TRUE, NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  fixture_sign_in (store, "s-zhang", "chief_rep", "scjg", NULL);
  decided = yc_store_decide_handoff_sync (store, yc_handoff_get_id (requested), TRUE, "同意",
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_state (decided), ==, "approved");
  g_assert_cmpstr (yc_handoff_get_decided_by (decided), ==, "s-zhang");
  moved = yc_store_get_case (store, yc_case_get_id (two), &error);
  g_assert_cmpstr (yc_case_get_holder_id (moved), ==, "s-wang");
  g_clear_object (&refused);
  refused = yc_store_decide_handoff_sync (store, yc_handoff_get_id (requested), FALSE, NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_DECIDED);
  g_clear_error (&error);

  /* Only the receiver signs for it, once. */
  g_clear_object (&refused);
  refused = yc_store_sign_for_handoff_sync (store, yc_handoff_get_id (requested), &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  fixture_sign_in (store, "s-wang", "clerk", "scjg", "w-a02");
  received = yc_store_sign_for_handoff_sync (store, yc_handoff_get_id (requested), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_state (received), ==, "received");
  g_clear_object (&refused);
  refused = yc_store_sign_for_handoff_sync (store, yc_handoff_get_id (requested), &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_RECEIVED);
  g_clear_error (&error);

  {
    sqlite3 *db = open_raw (dir);

    assert_consistent (db, 2);
    g_assert_cmpint (raw_int (db, "SELECT n FROM case_counts WHERE holder_id = 's-wang'"), ==, 2);
    g_assert_cmpint (raw_int (db, "SELECT n FROM case_counts WHERE holder_id = 's-li'"), ==, 0);
    sqlite3_close (db);
  }

  /* s-li no longer holds the cases. */
  fixture_sign_in (store, "s-li", "clerk", "scjg", "w-a01");
  g_clear_object (&refused);
  refused = yc_store_request_handoff_sync (store, draft, &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CASE_NOT_HELD);
  g_clear_error (&error);

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_inquiry (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcInquiry) draft = NULL;
  g_autoptr(YcInquiry) stored = NULL;
  g_autoptr(YcInquiry) read_back = NULL;
  g_autoptr(GError) error = NULL;

  draft = g_object_new (YC_TYPE_INQUIRY, "question", "办理营业执照需要什么材料", "outcome",
                        "guided", NULL);
  stored = yc_store_register_inquiry_sync (store, draft, &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A phone number that is not a mainland mobile number is refused before anything is kept. */
  g_object_set (draft, "guided-to-window", "w-a02", "visitor-name", "赵先生",
                "visitor-phone", "1391234567", NULL);
  stored = yc_store_register_inquiry_sync (store, draft, &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_object_set (draft, "visitor-phone", "13912345678", NULL);
  stored = yc_store_register_inquiry_sync (store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_inquiry_get_visitor_phone (stored), ==, "13912345678");
  g_assert_cmpstr (yc_inquiry_get_staff_id (stored), ==, "s-li");
  g_assert_cmpstr (yc_inquiry_get_window_id (stored), ==, "w-a01");
  g_assert_nonnull (yc_inquiry_get_asked_at (stored));
  read_back = yc_store_get_inquiry (store, yc_inquiry_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_inquiry_get_question (read_back), ==, "办理营业执照需要什么材料");

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ async and signals */

typedef struct {
  GPtrArray *events;
  gboolean   done;
  YcCase    *result;
} AsyncState;

static void
on_changed (YcStore    *store,
            const char *kind,
            const char *id,
            gpointer    user_data)
{
  AsyncState *state = user_data;

  g_ptr_array_add (state->events, g_strdup_printf ("%s:%s", kind, id ? "id" : "*"));
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->result = yc_store_take_in_finish (YC_STORE (source), result, &error);
  g_assert_no_error (error);
  g_ptr_array_add (state->events, g_strdup ("done"));
  state->done = TRUE;
}

static void
test_async_signals (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(YcCase) draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1, NULL);
  AsyncState state = { events, FALSE, NULL };
  gulong id;

  fixture_drain ();
  id = g_signal_connect (store, "changed", G_CALLBACK (on_changed), &state);
  yc_store_take_in_async (store, draft, NULL, async_done_cb, &state);
  g_assert_false (state.done); /* never completes inside the call */
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  /* The lists hear of the change before the caller's callback runs. */
  g_assert_cmpuint (events->len, >=, 3);
  g_assert_cmpstr (g_ptr_array_index (events, events->len - 1), ==, "done");
  g_assert_true (g_ptr_array_find_with_equal_func (events, "cases:id", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (events, "outbox:id", g_str_equal, NULL));

  g_signal_handler_disconnect (store, id);
  g_clear_object (&state.result);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* The full ID number never reaches a log message. */
static GPtrArray *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_ptr_array_add (captured_logs, g_strdup (fields[i].value));
  return G_LOG_WRITER_HANDLED;
}

static void
test_id_never_logged (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCase) stored = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *full = fixture_resident_id (42);

  captured_logs = g_ptr_array_new_with_free_func (g_free);
  if (g_test_subprocess ())
    {
      g_log_set_debug_enabled (TRUE);
      g_log_set_writer_func (capture_writer, NULL, NULL);
      store = fixture_store_new (&dir);
      outbox = yc_outbox_new (store);
      stored = fixture_take_in (store, "SCJG-004", "accepted", 42);
      entries = yc_outbox_list (outbox, YC_OUTBOX_PENDING, 0, NULL);
      /* A malformed server answer is logged (debug) and ignored. */
      {
        g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"status\":5}",
                                                 yc_case_get_id (stored));

        answer = fixture_parse (json);
      }
      yc_outbox_mark_sent_sync (outbox, g_ptr_array_index (entries, 0), answer, NULL);
      fixture_drain ();
      g_assert_cmpuint (captured_logs->len, >, 0);
      for (guint i = 0; i < captured_logs->len; i++)
        g_assert_null (strstr (g_ptr_array_index (captured_logs, i), full));
      g_clear_object (&outbox);
      g_clear_object (&store);
      fixture_rm_rf (dir);
      g_clear_pointer (&captured_logs, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&captured_logs, g_ptr_array_unref);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------------------ server data */

static void
test_apply_server_data (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCase) mine = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(JsonNode) bad_catalogue = NULL;
  g_autoptr(JsonNode) records = NULL;
  g_autoptr(YcServiceItem) item = NULL;
  g_autoptr(YcCase) other = NULL;
  g_autoptr(YcCase) kept = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = yc_store_dup_catalogue_etag (store);
  g_autofree char *json = NULL;

  g_assert_cmpstr (etag, ==, "\"etag-1\"");
  found = yc_store_find_service_items (store, "gtgshsldj", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (found, 0)), ==, "SCJG-001");

  /* A catalogue with a wrong type changes nothing. */
  bad_catalogue = fixture_parse ("{\"service_items\":[{\"code\":\"X-1\",\"name\":\"x\"},"
                                 "{\"code\":\"X-2\",\"promised_days\":\"ten\"}]}");
  g_assert_false (yc_store_apply_catalogue_sync (store, bad_catalogue, "\"etag-2\"", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  item = yc_store_get_service_item (store, "SCJG-004", &error);
  g_assert_no_error (error);
  g_clear_pointer (&etag, g_free);
  etag = yc_store_dup_catalogue_etag (store);
  g_assert_cmpstr (etag, ==, "\"etag-1\"");

  /* Someone else's case arrives; ours, with its change still queued, is not overwritten. */
  json = g_strdup_printf ("[{\"id\":\"8a4b8f6e-3c1d-4f6b-9a0e-2d5c7b9e1f00\",\"number\":\"示政务〔2026〕案字第W02-000001号\","
                          "\"service_item\":\"SCJG-004\",\"status\":\"accepted\",\"holder_id\":\"s-wang\","
                          "\"received_at\":\"2026-03-03T10:00:00+08:00\",\"applicant\":{\"kind\":\"person\","
                          "\"name\":\"李四\",\"id_number\":\"110105********002X\"}},"
                          "{\"id\":\"%s\",\"number\":\"X\",\"status\":\"refused\"},"
                          "{\"id\":17}]",
                          yc_case_get_id (mine));
  records = fixture_parse (json);
  g_assert_true (yc_store_apply_records_sync (store, "case", json_node_get_array (records),
                                              &error));
  g_assert_no_error (error);
  other = yc_store_get_case (store, "8a4b8f6e-3c1d-4f6b-9a0e-2d5c7b9e1f00", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_holder_id (other), ==, "s-wang");
  g_assert_cmpint (yc_store_get_sync_state (store, "case", yc_case_get_id (other)), ==,
                   YC_SYNC_STATE_SYNCED);
  kept = yc_store_get_case (store, yc_case_get_id (mine), &error);
  g_assert_cmpstr (yc_case_get_number (kept), ==, yc_case_get_number (mine));

  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ kill safety */

/* Child: take in cases until killed, printing the id of each one reported saved. */
static int
run_burst_child (const char *profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (profile, &error);

  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  for (guint i = 0;; i++)
    {
      g_autoptr(YcCase) draft = fixture_case_draft (store, i % 3 ? "SCJG-004" : "SCJG-001",
                                                    i % 3 ? "accepted" : "instant", "王芳", i,
                                                    "2026-03-02T09:30:00+08:00");
      g_autoptr(YcCase) stored = yc_store_take_in_sync (store, draft, &error);

      if (stored == NULL)
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      g_print ("%s\n", yc_case_get_id (stored));
      fflush (stdout);
    }
  return 0;
}

static void
test_kill_safety (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(GPtrArray) reported = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  const char *self_path = "/proc/self/exe";
  sqlite3 *db;

  g_clear_object (&store);

  for (guint round = 0; round < 8; round++)
    {
      const char *argv[] = { self_path, "--burst-child", profile, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GIOChannel) channel = NULL;
      GPid pid;
      int out_fd;
      int status;
      guint wanted = g_test_rand_int_range (5, 60);
      guint got = 0;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);
      channel = g_io_channel_unix_new (out_fd);
      g_io_channel_set_close_on_unref (channel, TRUE);
      while (got < wanted)
        {
          g_autofree char *line = NULL;
          gsize terminator;

          if (g_io_channel_read_line (channel, &line, NULL, &terminator, NULL) != G_IO_STATUS_NORMAL)
            break;
          line[terminator] = '\0';
          g_ptr_array_add (reported, g_steal_pointer (&line));
          got++;
        }
      g_assert_cmpuint (got, ==, wanted);
      /* Kill it in the middle of whatever it is doing now. */
      g_usleep (g_test_rand_int_range (0, 3000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);
    }

  /* Every change reported saved is there, each with its outbox entry; nothing is half. */
  store = yc_store_open (profile, NULL);
  g_assert_nonnull (store);
  for (guint i = 0; i < reported->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCase) stored = yc_store_get_case (store, g_ptr_array_index (reported, i),
                                                    &error);

      g_assert_no_error (error);
    }
  g_clear_object (&store);
  db = open_raw (dir);
  assert_consistent (db, -1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM cases"), >=, reported->len);
  g_test_message ("%u changes reported saved, %" G_GINT64_FORMAT " on disk after 8 SIGKILLs",
                  reported->len, raw_int (db, "SELECT count(*) FROM cases"));
  sqlite3_close (db);

  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ full disk */

static gboolean
try_mount_tmpfs (const char *dir)
{
  /* YC_TEST_NO_TMPFS=1 exercises the other path. */
  if (geteuid () != 0 || g_getenv ("YC_TEST_NO_TMPFS") != NULL)
    return FALSE;
  return mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0700") == 0;
}

/* Shrink the tmpfs to what is used now plus @room bytes. */
static void
shrink_tmpfs (const char *dir,
              guint64     room)
{
  struct statvfs st;
  g_autofree char *options = NULL;
  guint64 used;

  g_assert_cmpint (statvfs (dir, &st), ==, 0);
  used = (guint64) (st.f_blocks - st.f_bfree) * st.f_frsize;
  options = g_strdup_printf ("size=%" G_GUINT64_FORMAT "k,mode=0700", (used + room) / 1024 + 1);
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV, options),
                   ==, 0);
}

static void
test_full_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(YcCase) after = NULL;
  gboolean tmpfs = try_mount_tmpfs (dir);
  guint saved = 0;
  sqlite3 *db;

  g_test_message ("full disk simulated with %s", tmpfs ? "a small tmpfs" : "PRAGMA max_page_count");
  store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  fixture_load_reference (store);
  fixture_sign_in (store, "s-li", "clerk", "scjg", "w-a01");
  outbox = yc_outbox_new (store);
  if (tmpfs)
    shrink_tmpfs (dir, 512 * 1024);
  else
    {
      g_autofree char *db_path = profile_path (dir, "store.db");
      struct stat st;

      /* Checkpoint so the file holds everything, then allow only a little more. */
      g_assert_cmpint (g_stat (db_path, &st), ==, 0);
      g_assert_true (_yc_store_set_max_page_count (store, (guint) (st.st_size / 4096) + 64, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(YcCase) draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", i,
                                                    "2026-03-02T09:30:00+08:00");
      g_autoptr(YcCase) stored = yc_store_take_in_sync (store, draft, &error);

      if (stored == NULL)
        break;
      saved++;
    }
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_DISK_FULL);
  g_test_message ("disk full after %u changes: %s", saved, error->message);
  g_clear_error (&error);
  g_assert_cmpuint (saved, >, 0);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (outbox), ==, saved);

  /* Room again: the store goes on as if nothing happened. */
  if (tmpfs)
    g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV,
                            "size=8m,mode=0700"), ==, 0);
  else
    g_assert_true (_yc_store_set_max_page_count (store, 1 << 20, NULL));
  {
    g_autoptr(YcCase) draft = fixture_case_draft (store, "SCJG-004", "accepted", "王芳", 1,
                                                  "2026-03-02T09:30:00+08:00");

    after = yc_store_take_in_sync (store, draft, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&outbox);
  g_clear_object (&store);

  db = open_raw (dir);
  assert_consistent (db, saved + 1);
  sqlite3_close (db);

  if (tmpfs)
    g_assert_cmpint (umount (dir), ==, 0);
  fixture_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--burst-child"))
    return run_burst_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/files", test_open_files);
  g_test_add_func ("/store/open/loose-modes", test_open_loose_modes);
  g_test_add_func ("/store/open/migrations", test_migrations);
  g_test_add_func ("/store/take-in/accepted", test_take_in_accepted);
  g_test_add_func ("/store/take-in/outcomes", test_take_in_outcomes);
  g_test_add_func ("/store/take-in/refused-locally", test_take_in_refused_locally);
  g_test_add_func ("/store/take-in/not-signed-in", test_not_signed_in);
  g_test_add_func ("/store/numbers/unique", test_numbers_unique);
  g_test_add_func ("/store/letters/one-time-rule", test_letters_one_time_rule);
  g_test_add_func ("/store/letters/list-and-print-state", test_letters_list_and_print_state);
  g_test_add_func ("/store/cases/materials-completion", test_materials_and_completion);
  g_test_add_func ("/store/handoffs", test_handoffs);
  g_test_add_func ("/store/inquiry", test_inquiry);
  g_test_add_func ("/store/async/signals", test_async_signals);
  g_test_add_func ("/store/privacy/id-never-logged", test_id_never_logged);
  g_test_add_func ("/store/server-data", test_apply_server_data);
  g_test_add_func ("/store/kill-safety", test_kill_safety);
  g_test_add_func ("/store/full-disk", test_full_disk);

  return g_test_run ();
}
