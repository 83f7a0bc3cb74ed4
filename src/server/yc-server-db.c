/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-db"

#include "config.h"

#include <string.h>

#include "yc-server-db.h"

/* WAL frames after which the checkpointer copies the log back into the database. */
#define CHECKPOINT_FRAMES 1000
/* Under steady load the log is never idle long enough to start over by itself: past this
 * many frames the writer restarts it between two transactions. */
#define RESTART_FRAMES 8000

struct _YcServerDb
{
  sqlite3    *handle;
  GHashTable *statements; /* SQL text -> sqlite3_stmt */
  char       *path;

  /* Checkpoints run on their own thread and connection, so a request never waits for one. */
  GThread    *checkpointer;
  GMutex      lock;
  GCond       cond;
  gboolean    stop;
  gboolean    wanted;
  gint        frames;     /* WAL frames after the last commit (atomic) */
};

G_DEFINE_QUARK (yc-server-db-error-quark, yc_server_db_error)

/* Migrations: element i takes the schema from version i to i + 1. Never edit a released one;
 * append a new one and raise YC_SERVER_DB_SCHEMA_VERSION. */
static const char * const migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE centre ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  letter_prefix TEXT NOT NULL,"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  complaint_phone TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  letter_number_format TEXT NOT NULL"
  ");"
  "CREATE TABLE departments ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  short_name TEXT NOT NULL DEFAULT '',"
  "  chief_rep_staff_id TEXT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED"
  ");"
  "CREATE TABLE windows ("
  "  id TEXT PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  department_id TEXT REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED,"
  "  comprehensive INTEGER NOT NULL DEFAULT 0,"
  "  a_staff_id TEXT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,"
  "  b_staff_id TEXT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED"
  ");"
  "CREATE TABLE staff ("
  "  id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  roles TEXT NOT NULL,"
  "  department_id TEXT REFERENCES departments (id) DEFERRABLE INITIALLY DEFERRED,"
  "  window_id TEXT REFERENCES windows (id) DEFERRABLE INITIALLY DEFERRED,"
  "  password_hash TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE workstations ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  first_seen TEXT NOT NULL"
  ");"
  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY,"
  "  token_sha256 TEXT NOT NULL UNIQUE,"
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  workstation_code TEXT NOT NULL REFERENCES workstations (code),"
  "  created_at TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE login_failures ("
  "  username TEXT NOT NULL,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX login_failures_by_username ON login_failures (username, at);"
  "CREATE TABLE service_items ("
  "  code TEXT PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  pinyin TEXT NOT NULL DEFAULT '',"
  "  department_id TEXT NOT NULL REFERENCES departments (id),"
  "  kind TEXT NOT NULL,"
  "  legal_basis TEXT NOT NULL DEFAULT '',"
  "  conditions TEXT NOT NULL DEFAULT '',"
  "  procedure TEXT NOT NULL DEFAULT '',"
  "  promised_days INTEGER NOT NULL CHECK (promised_days >= 0),"
  "  statutory_days INTEGER NOT NULL CHECK (statutory_days >= 0),"
  "  instant INTEGER NOT NULL DEFAULT 0,"
  "  fees TEXT NOT NULL DEFAULT '',"
  "  contact TEXT NOT NULL DEFAULT '',"
  "  complaint_channel TEXT NOT NULL DEFAULT '',"
  "  version INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE materials ("
  "  item_code TEXT NOT NULL REFERENCES service_items (code),"
  "  id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  original INTEGER NOT NULL,"
  "  copies INTEGER NOT NULL CHECK (copies >= 0),"
  "  mandatory INTEGER NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (item_code, id)"
  ");"
  "CREATE TABLE calendars ("
  "  year INTEGER PRIMARY KEY,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE TABLE inquiries ("
  "  id TEXT PRIMARY KEY,"
  "  visitor_name TEXT,"
  "  question TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  guided_to_window TEXT,"
  "  case_id TEXT,"
  "  asked_at TEXT NOT NULL,"
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  window_id TEXT,"
  "  workstation TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  /* seq orders the cases (newest first) and keys their materials, so that new rows are
   * appended rather than scattered by the random UUIDs. */
  "CREATE TABLE cases ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  number TEXT NOT NULL UNIQUE,"
  "  service_item TEXT NOT NULL REFERENCES service_items (code),"
  "  service_item_name TEXT NOT NULL,"
  "  department_id TEXT NOT NULL,"
  "  applicant_kind TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL,"
  "  applicant_id_type TEXT NOT NULL,"
  "  applicant_id_number TEXT,"
  "  applicant_credit_code TEXT,"
  "  applicant_phone TEXT,"
  "  applicant_legal_representative TEXT,"
  "  agent_name TEXT,"
  "  agent_id_type TEXT,"
  "  agent_id_number TEXT,"
  "  agent_phone TEXT,"
  "  outcome TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  refusal_reason TEXT,"
  "  refusal_basis TEXT,"
  "  received_at TEXT NOT NULL,"
  "  accepted_on TEXT,"
  "  due_date TEXT,"
  "  completed_at TEXT,"
  "  result TEXT,"
  "  holder_id TEXT NOT NULL REFERENCES staff (id),"
  "  window_id TEXT,"
  "  workstation TEXT NOT NULL,"
  "  created_by TEXT NOT NULL REFERENCES staff (id),"
  "  id_override_reason TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX cases_by_holder ON cases (holder_id);"
  "CREATE INDEX cases_by_department ON cases (department_id);"
  "CREATE TABLE case_materials ("
  "  case_seq INTEGER NOT NULL REFERENCES cases (seq),"
  "  material_id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('received', 'missing', 'defective')),"
  "  note TEXT,"
  "  PRIMARY KEY (case_seq, material_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE letters ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  kind TEXT NOT NULL,"
  "  number TEXT NOT NULL,"
  "  issued_at TEXT NOT NULL,"
  "  pdf_sha256 TEXT NOT NULL,"
  "  issued_by TEXT NOT NULL REFERENCES staff (id),"
  "  workstation TEXT NOT NULL,"
  "  reprint_of TEXT REFERENCES letters (id)"
  ");"
  "CREATE UNIQUE INDEX letters_by_number ON letters (number) WHERE reprint_of IS NULL;"
  "CREATE INDEX letters_by_case ON letters (case_id);"
  "CREATE TABLE letter_items ("
  "  letter_id TEXT NOT NULL REFERENCES letters (id),"
  "  position INTEGER NOT NULL,"
  "  material_id TEXT NOT NULL,"
  "  note TEXT,"
  "  PRIMARY KEY (letter_id, position)"
  ");"
  "CREATE TABLE handoffs ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  from_staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  from_department_id TEXT,"
  "  to_staff_id TEXT REFERENCES staff (id),"
  "  to_department_id TEXT REFERENCES departments (id),"
  "  reason TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  requested_by TEXT NOT NULL REFERENCES staff (id),"
  "  requested_at TEXT NOT NULL,"
  "  decided_by TEXT,"
  "  decided_at TEXT,"
  "  decision_comment TEXT,"
  "  received_by TEXT,"
  "  received_at TEXT"
  ");"
  "CREATE TABLE handoff_cases ("
  "  handoff_id TEXT NOT NULL REFERENCES handoffs (id),"
  "  case_id TEXT NOT NULL REFERENCES cases (id),"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (handoff_id, case_id)"
  ");"
  "CREATE INDEX handoff_cases_by_case ON handoff_cases (case_id);"
  /* Every decision and receipt, as given; handoffs.state is their summary. */
  "CREATE TABLE handoff_answers ("
  "  handoff_id TEXT NOT NULL REFERENCES handoffs (id),"
  "  answer TEXT NOT NULL CHECK (answer IN ('approve', 'reject', 'receive')),"
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  at TEXT NOT NULL,"
  "  comment TEXT"
  ");"
  "CREATE TABLE evaluations ("
  "  case_id TEXT PRIMARY KEY REFERENCES cases (id),"
  "  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
  "  comment TEXT,"
  "  at TEXT NOT NULL,"
  "  staff_id TEXT NOT NULL,"
  "  recorded_by TEXT NOT NULL"
  ");"
  "CREATE TABLE events ("
  /* Not AUTOINCREMENT: rows are never deleted (see the triggers), so seq only grows. */
  "  seq INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  actor_id TEXT NOT NULL,"
  "  role TEXT,"
  "  workstation TEXT,"
  "  offline INTEGER NOT NULL DEFAULT 0,"
  "  department_id TEXT,"
  "  detail TEXT"
  ");"
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'events are append-only'); END;"
  "CREATE TABLE idempotency_keys ("
  "  workstation_code TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  content_type TEXT,"
  "  body BLOB,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (workstation_code, key)"
  ") WITHOUT ROWID;",
  /* 1 -> 2: the visitor's phone, when they gave it at the first inquiry (D2) */
  "ALTER TABLE inquiries ADD COLUMN visitor_phone TEXT;",
  /* 2 -> 3: a receiving department's answer to a parallel handoff (并联审批), kept in the
   * handoff and, as given, in handoff_answers (whose check of the answers is widened) */
  "ALTER TABLE handoffs ADD COLUMN answer TEXT"
  "  CHECK (answer IN ('agree', 'disagree', 'agree_forward'));"
  "ALTER TABLE handoffs ADD COLUMN answered_by TEXT REFERENCES staff (id);"
  "ALTER TABLE handoffs ADD COLUMN answered_at TEXT;"
  "ALTER TABLE handoffs ADD COLUMN answer_comment TEXT;"
  "CREATE TABLE handoff_answers_3 ("
  "  handoff_id TEXT NOT NULL REFERENCES handoffs (id),"
  "  answer TEXT NOT NULL CHECK (answer IN ('approve', 'reject', 'receive', 'agree',"
  "    'disagree', 'agree_forward')),"
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  at TEXT NOT NULL,"
  "  comment TEXT"
  ");"
  "INSERT INTO handoff_answers_3 (handoff_id, answer, staff_id, at, comment)"
  "  SELECT handoff_id, answer, staff_id, at, comment FROM handoff_answers ORDER BY rowid;"
  "DROP TABLE handoff_answers;"
  "ALTER TABLE handoff_answers_3 RENAME TO handoff_answers;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == YC_SERVER_DB_SCHEMA_VERSION);

static void
set_sqlite_error (GError     **error,
                  sqlite3     *handle,
                  int          rc,
                  const char  *what)
{
  int code = YC_SERVER_DB_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = YC_SERVER_DB_ERROR_CONSTRAINT;
  g_set_error (error, YC_SERVER_DB_ERROR, code, "%s: %s", what,
               handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
}

gboolean
yc_server_db_exec (YcServerDb  *db,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, YC_SERVER_DB_ERROR,
                   (rc & 0xff) == SQLITE_CONSTRAINT ? YC_SERVER_DB_ERROR_CONSTRAINT
                                                    : YC_SERVER_DB_ERROR_FAILED,
                   "SQL failed: %s", message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
get_user_version (YcServerDb *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (YcServerDb  *db,
         GError     **error)
{
  int version = get_user_version (db);

  if (version < 0)
    {
      set_sqlite_error (error, db->handle, SQLITE_ERROR, "Cannot read the schema version");
      return FALSE;
    }
  if (version > YC_SERVER_DB_SCHEMA_VERSION)
    {
      g_set_error (error, YC_SERVER_DB_ERROR, YC_SERVER_DB_ERROR_TOO_NEW,
                   "The database has schema version %d; this server knows up to %d",
                   version, YC_SERVER_DB_SCHEMA_VERSION);
      return FALSE;
    }

  while (version < YC_SERVER_DB_SCHEMA_VERSION)
    {
      g_autofree char *set_version = NULL;

      if (!yc_server_db_begin (db, error))
        return FALSE;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!yc_server_db_exec (db, migrations[version], error) ||
          !yc_server_db_exec (db, set_version, error) ||
          !yc_server_db_commit (db, error))
        {
          yc_server_db_rollback (db);
          g_prefix_error (error, "Migration to schema %d: ", version + 1);
          return FALSE;
        }
      g_debug ("Database migrated to schema version %d", version + 1);
      version++;
    }
  return TRUE;
}

static gpointer
checkpoint_thread (gpointer user_data)
{
  YcServerDb *db = user_data;
  sqlite3 *handle = NULL;

  if (sqlite3_open_v2 (db->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
      != SQLITE_OK)
    {
      g_warning ("The checkpointer cannot open the database: %s", sqlite3_errmsg (handle));
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_busy_timeout (handle, 5000);
  /* A connection only knows the database is in WAL mode once it has read it. */
  sqlite3_exec (handle, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

  g_mutex_lock (&db->lock);
  while (!db->stop)
    {
      int rc;

      if (!db->wanted)
        {
          g_cond_wait (&db->cond, &db->lock);
          continue;
        }
      db->wanted = FALSE;
      g_mutex_unlock (&db->lock);

      /* PASSIVE: copy what no reader needs, never block the writer. */
      {
        int log_frames = -1, done_frames = -1;

        rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                        &done_frames);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
          g_warning ("Checkpoint failed: %s", sqlite3_errmsg (handle));
        g_debug ("Checkpoint: %d of %d frames", done_frames, log_frames);
      }

      g_mutex_lock (&db->lock);
    }
  g_mutex_unlock (&db->lock);

  sqlite3_close (handle);
  return NULL;
}

static int
wal_hook (void       *user_data,
          sqlite3    *handle,
          const char *name,
          int         frames)
{
  YcServerDb *db = user_data;

  g_atomic_int_set (&db->frames, frames);
  if (frames >= CHECKPOINT_FRAMES)
    {
      g_mutex_lock (&db->lock);
      db->wanted = TRUE;
      g_cond_signal (&db->cond);
      g_mutex_unlock (&db->lock);
    }
  return SQLITE_OK;
}

YcServerDb *
yc_server_db_open (const char  *path,
                   GError     **error)
{
  YcServerDb *db;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  db = g_new0 (YcServerDb, 1);
  db->path = g_strdup (path);
  g_mutex_init (&db->lock);
  g_cond_init (&db->cond);
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sqlite3_finalize);
  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db->handle, rc, "Cannot open the database");
      yc_server_db_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db->handle, 1);
  sqlite3_busy_timeout (db->handle, 5000);

  if (!yc_server_db_exec (db,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA cache_size = -65536;"
                          "PRAGMA secure_delete = ON;",
                          error) ||
      !migrate (db, error))
    {
      yc_server_db_close (db);
      return NULL;
    }

  /* Replaces SQLite's automatic checkpoint on commit. */
  sqlite3_wal_hook (db->handle, wal_hook, db);
  db->checkpointer = g_thread_new ("yc-checkpoint", checkpoint_thread, db);
  return db;
}

void
yc_server_db_close (YcServerDb *db)
{
  if (db == NULL)
    return;
  if (db->checkpointer != NULL)
    {
      g_mutex_lock (&db->lock);
      db->stop = TRUE;
      g_cond_signal (&db->cond);
      g_mutex_unlock (&db->lock);
      g_thread_join (g_steal_pointer (&db->checkpointer));
    }
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    {
      /* Leave the WAL folded into the main file on a clean shutdown. */
      sqlite3_exec (db->handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close (db->handle);
    }
  g_mutex_clear (&db->lock);
  g_cond_clear (&db->cond);
  g_free (db->path);
  g_free (db);
}

sqlite3 *
yc_server_db_get_handle (YcServerDb *db)
{
  return db->handle;
}

sqlite3_stmt *
yc_server_db_prepare (YcServerDb  *db,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db->handle, rc, "Cannot prepare a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (db->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
yc_server_db_begin (YcServerDb  *db,
                    GError     **error)
{
  sqlite3_stmt *stmt = yc_server_db_prepare (db, "BEGIN IMMEDIATE", error);

  return stmt != NULL && yc_server_db_step_done (db, stmt, error);
}

gboolean
yc_server_db_commit (YcServerDb  *db,
                     GError     **error)
{
  sqlite3_stmt *stmt = yc_server_db_prepare (db, "COMMIT", error);

  return stmt != NULL && yc_server_db_step_done (db, stmt, error);
}

void
yc_server_db_rollback (YcServerDb *db)
{
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

void
yc_server_db_maybe_restart_wal (YcServerDb *db)
{
  int log_frames = 0, done_frames = 0;

  if (g_atomic_int_get (&db->frames) < RESTART_FRAMES || !sqlite3_get_autocommit (db->handle))
    return;
  /* The checkpointer has copied nearly all of it: finish and start the log over. */
  if (sqlite3_wal_checkpoint_v2 (db->handle, NULL, SQLITE_CHECKPOINT_RESTART, &log_frames,
                                 &done_frames) == SQLITE_OK)
    g_atomic_int_set (&db->frames, 0);
  g_debug ("WAL restart after %d frames", log_frames);
}

gboolean
yc_server_db_in_transaction (YcServerDb *db)
{
  return !sqlite3_get_autocommit (db->handle);
}

gboolean
yc_server_db_step_done (YcServerDb    *db,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (error, db->handle, rc, "SQL step failed");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
yc_server_db_step (YcServerDb    *db,
                   sqlite3_stmt  *stmt,
                   gboolean      *has_row,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (error, db->handle, rc, "SQL query failed");
      sqlite3_reset (stmt);
      return FALSE;
    }
  return TRUE;
}

gint64
yc_server_db_changes (YcServerDb *db)
{
  return sqlite3_changes (db->handle);
}

void
yc_server_db_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
yc_server_db_bind_int (sqlite3_stmt *stmt,
                       int           index,
                       gint64        value)
{
  sqlite3_bind_int64 (stmt, index, value);
}

void
yc_server_db_bind_blob (sqlite3_stmt *stmt,
                        int           index,
                        gconstpointer data,
                        gsize         len)
{
  sqlite3_bind_blob64 (stmt, index, data, len, SQLITE_TRANSIENT);
}

const char *
yc_server_db_column_text (sqlite3_stmt *stmt,
                          int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

JsonObject *
yc_server_db_row_to_object (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();
  int n = sqlite3_column_count (stmt);

  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);
      const char *dot;
      const char *colon;
      g_autofree char *member = NULL;
      JsonObject *target = object;
      JsonNode *node;
      int type = sqlite3_column_type (stmt, i);

      if (name == NULL || name[0] == '_')
        continue;

      dot = strchr (name, '.');
      if (dot != NULL)
        {
          g_autofree char *parent = g_strndup (name, dot - name);

          target = json_object_has_member (object, parent)
                   ? json_object_get_object_member (object, parent) : NULL;
          if (target == NULL)
            {
              target = json_object_new ();
              json_object_set_object_member (object, parent, target);
            }
          name = dot + 1;
        }

      colon = strchr (name, ':');
      member = colon != NULL ? g_strndup (name, colon - name) : g_strdup (name);

      if (type == SQLITE_NULL)
        node = json_node_new (JSON_NODE_NULL);
      else if (colon != NULL && strcmp (colon, ":bool") == 0)
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_boolean (node, sqlite3_column_int64 (stmt, i) != 0);
        }
      else if (colon != NULL && strcmp (colon, ":list") == 0)
        {
          const char *text = yc_server_db_column_text (stmt, i);
          g_auto(GStrv) parts = g_strsplit (text, ",", -1);
          JsonArray *array = json_array_new ();

          for (guint j = 0; parts[j] != NULL; j++)
            if (parts[j][0] != '\0')
              json_array_add_string_element (array, parts[j]);
          node = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (node, array);
        }
      else if (type == SQLITE_INTEGER)
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_int (node, sqlite3_column_int64 (stmt, i));
        }
      else if (type == SQLITE_FLOAT)
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_double (node, sqlite3_column_double (stmt, i));
        }
      else
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (node, yc_server_db_column_text (stmt, i));
        }
      json_object_set_member (target, member, node);
    }

  return object;
}
