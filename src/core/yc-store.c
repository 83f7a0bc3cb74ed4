/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yc-department.h"
#include "yc-numbering.h"
#include "yc-record.h"
#include "yc-store-private.h"
#include "yc-validate.h"
#include "yc-service-window.h"

/* Jobs taken from the queue together share one commit (each in its own savepoint), so a
 * burst of changes costs one fsync instead of one each. */
#define MAX_BATCH 64

typedef struct {
  char *kind;
  char *id;
} Change;

typedef struct {
  YcStoreWriteFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
  GTask            *task;
  GCancellable     *cancellable;

  /* _sync callers wait on these */
  GMutex           *mutex;
  GCond            *cond;
  gboolean          done;

  gpointer          result;
  GDestroyNotify    result_free;
  GError           *error;
  GError           *soft_error;
  GPtrArray        *changes;
} WriteJob;

struct _YcStoreWrite
{
  YcStore  *store;
  WriteJob *job;
};

struct _YcStore
{
  GObject       parent_instance;

  char         *directory;
  char         *path;
  GMainContext *context;
  gint          online;  /* atomic */

  /* Writer: used only on the writer thread once it runs. */
  sqlite3      *wdb;
  GHashTable   *wstmts;
  YcCalendar   *wcalendar;
  GThread      *writer;
  GAsyncQueue  *queue;
  gboolean      closed;  /* under the queue's lock */

  /* Reader: short queries on the calling thread. */
  GMutex        rlock;
  sqlite3      *rdb;
  GHashTable   *rstmts;
};

G_DEFINE_FINAL_TYPE (YcStore, yc_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-store-error-quark, yc_store_error)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_ONLINE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static WriteJob stop_job;

/* ------------------------------------------------------------------ errors and SQL helpers */

gboolean
_yc_store_set_sqlite_error (GError  **error,
                            sqlite3  *db,
                            int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_DISK_FULL,
                           _("The disk of this workstation is full, so nothing was saved. "
                             "Free some space, then try again."));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT,
                   _("The local database of this workstation is damaged (%s)."), detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                           _("The local database is in use by another program, so nothing "
                             "was saved. Close other copies of Yichuang and try again."));
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The local database could not be read or written (%s), so nothing was "
                     "saved."), detail);
      break;
    default:
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The local database reported an error (%s)."), detail);
      break;
    }
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _yc_store_set_sqlite_error (error, db, rc);
  return TRUE;
}

static sqlite3_stmt *
prepare_cached (sqlite3     *db,
                GHashTable  *cache,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _yc_store_set_sqlite_error (error, db, rc);
      return NULL;
    }
  g_hash_table_insert (cache, g_strdup (sql), stmt);
  return stmt;
}

/* Step a statement that returns no rows (or whose rows are not wanted). */
gboolean
_yc_store_step_done (sqlite3       *db,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, db, rc);
  return TRUE;
}

static void
change_free (gpointer ptr)
{
  Change *change = ptr;

  g_free (change->kind);
  g_free (change->id);
  g_free (change);
}

static void
write_job_free (WriteJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  if (job->result_free != NULL)
    g_clear_pointer (&job->result, job->result_free);
  g_clear_error (&job->error);
  g_clear_error (&job->soft_error);
  g_clear_pointer (&job->changes, g_ptr_array_unref);
  g_clear_object (&job->task);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* Forget what a job did: it was rolled back. */
static void
write_job_reset (WriteJob *job)
{
  if (job->result_free != NULL)
    g_clear_pointer (&job->result, job->result_free);
  job->result = NULL;
  job->result_free = NULL;
  g_clear_error (&job->soft_error);
  g_ptr_array_set_size (job->changes, 0);
}

static void
write_job_fail (WriteJob     *job,
                const GError *error)
{
  write_job_reset (job);
  if (job->error == NULL)
    job->error = g_error_copy (error);
}

/* ------------------------------------------------------------------ the writer */

YcStore *
_yc_store_write_get_store (YcStoreWrite *write)
{
  return write->store;
}

sqlite3 *
_yc_store_write_get_db (YcStoreWrite *write)
{
  return write->store->wdb;
}

sqlite3_stmt *
_yc_store_write_prepare (YcStoreWrite  *write,
                         const char    *sql,
                         GError       **error)
{
  return prepare_cached (write->store->wdb, write->store->wstmts, sql, error);
}

gboolean
_yc_store_write_exec (YcStoreWrite  *write,
                      const char    *sql,
                      GError       **error)
{
  return exec_sql (write->store->wdb, sql, error);
}

void
_yc_store_write_note_change (YcStoreWrite *write,
                             const char   *kind,
                             const char   *id)
{
  GPtrArray *changes = write->job->changes;
  Change *change;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);

      if (g_str_equal (c->kind, kind) && g_strcmp0 (c->id, id) == 0)
        return;
    }

  change = g_new0 (Change, 1);
  change->kind = g_strdup (kind);
  change->id = g_strdup (id);
  g_ptr_array_add (changes, change);
}

void
_yc_store_write_set_result (YcStoreWrite   *write,
                            gpointer        result,
                            GDestroyNotify  result_free)
{
  WriteJob *job = write->job;

  if (job->result_free != NULL && job->result != NULL)
    job->result_free (job->result);
  job->result = result;
  job->result_free = result_free;
}

void
_yc_store_write_fail_after_commit (YcStoreWrite *write,
                                   GError       *error)
{
  g_clear_error (&write->job->soft_error);
  write->job->soft_error = error;
}

YcCalendar *
_yc_store_write_peek_calendar (YcStoreWrite *write)
{
  return write->store->wcalendar;
}

void
_yc_store_write_set_calendar (YcStoreWrite *write,
                              YcCalendar   *calendar)
{
  g_clear_object (&write->store->wcalendar);
  write->store->wcalendar = calendar;
}

static gboolean
begin_immediate (YcStore  *self,
                 GError  **error)
{
  return exec_sql (self->wdb, "BEGIN IMMEDIATE", error);
}

/* Run the jobs of @batch in as few transactions as possible: normally one. */
static void
run_batch (YcStore   *self,
           GPtrArray *batch)
{
  g_autoptr(GError) error = NULL;
  guint first = 0;
  guint n_live = 0;
  gboolean in_txn;
  gboolean savepoints;

  for (guint i = 0; i < batch->len; i++)
    {
      WriteJob *job = g_ptr_array_index (batch, i);

      if (job->cancellable != NULL && g_cancellable_set_error_if_cancelled (job->cancellable,
                                                                           &job->error))
        continue;
      n_live++;
    }
  /* A job alone in its transaction needs no savepoint: if it fails, the transaction goes.
   * (Under a savepoint SQLite keeps a copy of every page the job touches, and each of its
   * statements walks that copy when it ends: a job writing many records paid for it.) */
  savepoints = n_live > 1;

  in_txn = begin_immediate (self, &error);
  if (!in_txn)
    {
      for (guint i = 0; i < batch->len; i++)
        write_job_fail (g_ptr_array_index (batch, i), error);
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      WriteJob *job = g_ptr_array_index (batch, i);
      YcStoreWrite write = { self, job };
      g_autoptr(GError) job_error = NULL;

      if (job->error != NULL)
        continue;

      if (!in_txn)
        {
          g_clear_error (&error);
          in_txn = begin_immediate (self, &error);
          first = i;
          if (!in_txn)
            {
              write_job_fail (job, error);
              continue;
            }
        }

      if (savepoints && !exec_sql (self->wdb, "SAVEPOINT job", &job_error))
        {
          write_job_fail (job, job_error);
          continue;
        }

      if (job->func (&write, job->data, &job_error))
        {
          if (!savepoints || exec_sql (self->wdb, "RELEASE job", &job_error))
            continue;
        }

      if (job_error == NULL)
        g_set_error_literal (&job_error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                             "write job failed without an error");

      if (sqlite3_get_autocommit (self->wdb))
        {
          /* SQLite rolled the whole transaction back (disk full, I/O error): the jobs
           * before this one in it are gone as well. */
          for (guint j = first; j < i; j++)
            write_job_fail (g_ptr_array_index (batch, j), job_error);
          in_txn = FALSE;
        }
      else if (savepoints)
        {
          exec_sql (self->wdb, "ROLLBACK TO job", NULL);
          exec_sql (self->wdb, "RELEASE job", NULL);
        }
      else
        {
          /* The only job of the transaction. */
          exec_sql (self->wdb, "ROLLBACK", NULL);
          in_txn = FALSE;
        }
      write_job_fail (job, job_error);
    }

  if (!in_txn)
    return;

  g_clear_error (&error);
  if (!exec_sql (self->wdb, "COMMIT", &error))
    {
      if (!sqlite3_get_autocommit (self->wdb))
        exec_sql (self->wdb, "ROLLBACK", NULL);
      for (guint j = first; j < batch->len; j++)
        write_job_fail (g_ptr_array_index (batch, j), error);
      /* The calendar cache may have been cleared by a job that is now rolled back: that
       * only costs a reload. */
    }
}

typedef struct {
  YcStore   *store;
  GPtrArray *changes;
} Emission;

static void
emission_free (gpointer ptr)
{
  Emission *emission = ptr;

  g_clear_object (&emission->store);
  g_clear_pointer (&emission->changes, g_ptr_array_unref);
  g_free (emission);
}

static void
emit_changes (YcStore   *self,
              GPtrArray *changes)
{
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);

      g_signal_emit (self, signals[CHANGED], g_quark_from_string (change->kind),
                     change->kind, change->id);
    }
}

static gboolean
emission_cb (gpointer user_data)
{
  Emission *emission = user_data;

  emit_changes (emission->store, emission->changes);
  return G_SOURCE_REMOVE;
}

/* Emit @changes on the store's main context: now if the caller may, or soon. */
static void
dispatch_changes (YcStore   *self,
                  GPtrArray *changes)
{
  Emission *emission;

  if (changes == NULL || changes->len == 0)
    return;

  emission = g_new0 (Emission, 1);
  emission->store = g_object_ref (self);
  emission->changes = g_ptr_array_ref (changes);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emission_cb, emission,
                              emission_free);
}

static gboolean
complete_async_cb (gpointer user_data)
{
  WriteJob *job = user_data;
  YcStore *self = g_task_get_task_data (job->task);

  emit_changes (self, job->changes);

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->soft_error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->soft_error));
  else
    {
      gpointer result = job->result;

      job->result = NULL;
      g_task_return_pointer (job->task, result, job->result_free);
      job->result_free = NULL;
    }
  return G_SOURCE_REMOVE;
}

/* A bulk change (a catalogue, a page of cases) is announced once per kind, with no id. */
static void
collapse_changes (GPtrArray *changes)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kept = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean collapse = FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, change->kind)) + 1;

      g_hash_table_insert (counts, change->kind, GUINT_TO_POINTER (n));
      if (n > 32)
        collapse = TRUE;
    }
  if (!collapse)
    return;

  kept = g_ptr_array_new_with_free_func (change_free);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_UINT (value) > 32)
        {
          Change *change = g_new0 (Change, 1);

          change->kind = g_strdup (key);
          g_ptr_array_add (kept, change);
        }
    }
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, change->kind)) <= 32)
        {
          Change *copy = g_new0 (Change, 1);

          copy->kind = g_strdup (change->kind);
          copy->id = g_strdup (change->id);
          g_ptr_array_add (kept, copy);
        }
    }
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_extend_and_steal (changes, g_steal_pointer (&kept));
}

static void
complete_job (YcStore  *self,
              WriteJob *job)
{
  collapse_changes (job->changes);
  if (job->error == NULL && job->result == NULL)
    {
      job->result = GINT_TO_POINTER (TRUE);
      job->result_free = NULL;
    }
  if (job->error != NULL)
    g_ptr_array_set_size (job->changes, 0);

  if (job->task != NULL)
    {
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, complete_async_cb, job,
                                  (GDestroyNotify) write_job_free);
      return;
    }

  g_mutex_lock (job->mutex);
  job->done = TRUE;
  g_cond_signal (job->cond);
  g_mutex_unlock (job->mutex);
}

static gpointer
writer_thread (gpointer data)
{
  YcStore *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      WriteJob *job = g_async_queue_pop (self->queue);

      if (job == &stop_job)
        break;
      g_ptr_array_add (batch, job);
      while (batch->len < MAX_BATCH && (job = g_async_queue_try_pop (self->queue)) != NULL)
        {
          if (job == &stop_job)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
        }

      run_batch (self, batch);

      for (guint i = 0; i < batch->len; i++)
        complete_job (self, g_ptr_array_index (batch, i));
    }

  return NULL;
}

static WriteJob *
write_job_new (YcStoreWriteFunc  func,
               gpointer          data,
               GDestroyNotify    data_free)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->changes = g_ptr_array_new_with_free_func (change_free);
  return job;
}

/* Queue @job; FALSE if the store is closed. */
static gboolean
push_job (YcStore  *self,
          WriteJob *job)
{
  gboolean pushed = FALSE;

  g_async_queue_lock (self->queue);
  if (!self->closed)
    {
      g_async_queue_push_unlocked (self->queue, job);
      pushed = TRUE;
    }
  g_async_queue_unlock (self->queue);
  return pushed;
}

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_CLOSED,
                       _("The local database is closed."));
}

void
_yc_store_write_async (YcStore            *self,
                       gpointer            source_object,
                       gpointer            source_tag,
                       YcStoreWriteFunc    func,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (YC_IS_STORE (self));

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  /* A change that was saved is reported saved even if the caller gave up meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  job = write_job_new (func, data, data_free);
  job->task = g_object_ref (task);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  if (!push_job (self, job))
    {
      g_autoptr(GError) error = NULL;

      set_closed_error (&error);
      g_clear_object (&job->task);
      write_job_free (job);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

gpointer
_yc_store_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gpointer
_yc_store_write_sync (YcStore           *self,
                      YcStoreWriteFunc   func,
                      gpointer           data,
                      GDestroyNotify     data_free,
                      GError           **error)
{
  GMutex mutex;
  GCond cond;
  WriteJob *job;
  gpointer result;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (self->writer == NULL || g_thread_self () != self->writer, NULL);

  g_mutex_init (&mutex);
  g_cond_init (&cond);

  job = write_job_new (func, data, data_free);
  job->mutex = &mutex;
  job->cond = &cond;

  g_mutex_lock (&mutex);
  if (!push_job (self, job))
    {
      g_mutex_unlock (&mutex);
      g_mutex_clear (&mutex);
      g_cond_clear (&cond);
      write_job_free (job);
      set_closed_error (error);
      return NULL;
    }
  while (!job->done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);

  dispatch_changes (self, job->changes);

  if (job->error != NULL || job->soft_error != NULL)
    {
      g_propagate_error (error, job->error != NULL ? g_steal_pointer (&job->error)
                                                   : g_steal_pointer (&job->soft_error));
      write_job_free (job);
      return NULL;
    }

  result = job->result;
  job->result = NULL;
  job->result_free = NULL;
  write_job_free (job);
  return result;
}

/* ------------------------------------------------------------------ the reader */

void
_yc_store_read_lock (YcStore *self)
{
  g_mutex_lock (&self->rlock);
}

void
_yc_store_read_unlock (YcStore *self)
{
  g_mutex_unlock (&self->rlock);
}

sqlite3 *
_yc_store_read_get_db (YcStore *self)
{
  return self->rdb;
}

sqlite3_stmt *
_yc_store_read_prepare (YcStore     *self,
                        const char  *sql,
                        GError     **error)
{
  if (self->rdb == NULL)
    {
      set_closed_error (error);
      return NULL;
    }
  return prepare_cached (self->rdb, self->rstmts, sql, error);
}

/* ------------------------------------------------------------------ opening */

static gboolean
configure_connection (sqlite3  *db,
                      gboolean  writer,
                      GError  **error)
{
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, TRUE);
  if (!exec_sql (db, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (db, "PRAGMA synchronous = FULL", error) ||
      !exec_sql (db, "PRAGMA trusted_schema = OFF", error))
    return FALSE;
  if (writer)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean wal = FALSE;
      int rc;

      rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return _yc_store_set_sqlite_error (error, db, rc);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        return _yc_store_set_sqlite_error (error, db, rc);
      if (!wal)
        {
          g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                               _("The local database cannot use write-ahead logging on this "
                                 "disk."));
          return FALSE;
        }
      /* Each job runs in a savepoint of the batch's transaction: the pages it touches are
       * copied to the statement journal, which past 64 KiB would go to a temporary file (a
       * replayed batch of answers wrote more there than to the WAL). Keep it in memory; it
       * only ever holds the pages of one batch. */
      if (!exec_sql (db, "PRAGMA temp_store = MEMORY", error))
        return FALSE;
      /* A batch of answers touches a few pages of every index of the cases and the outbox
       * per entry: with SQLite's default 2 MiB of page cache it spilled pages to the WAL
       * before its commit and read them back from the file. 32 MiB holds the pages of a
       * batch on a store of 100,000 cases (memory it only takes as it is used). */
      if (!exec_sql (db, "PRAGMA cache_size = -32768", error))
        return FALSE;
    }
  else if (!exec_sql (db, "PRAGMA query_only = ON", error))
    return FALSE;
  return TRUE;
}

static int
get_user_version (sqlite3 *db,
                  GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version < 0)
    _yc_store_set_sqlite_error (error, db, rc);
  return version;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  int version = get_user_version (db, error);

  if (version < 0)
    return FALSE;
  if (version > YC_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_TOO_NEW,
                   _("The local database was written by a newer version of Yichuang (schema "
                     "%d; this version knows %d). Update Yichuang on this workstation."),
                   version, YC_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < YC_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, _yc_store_migrations[version], error) || !exec_sql (db, bump, error) ||
          !exec_sql (db, "COMMIT", error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Create @path with mode 0600 if missing, and make sure an existing one is 0600 too. */
static gboolean
ensure_private_file (const char  *path,
                     gboolean     create,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      if (!create && saved_errno == ENOENT)
        return TRUE;
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The local database “%s” cannot be opened: %s."), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (fchmod (fd, 0600) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The local database “%s” cannot be opened: %s."), path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
open_connection (const char  *path,
                 gboolean     writer,
                 sqlite3    **out_db,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _yc_store_set_sqlite_error (error, db, rc);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  if (!configure_connection (db, writer, error))
    {
      sqlite3_close_v2 (db);
      return FALSE;
    }
  *out_db = db;
  return TRUE;
}

static void
finalize_statements (GHashTable **cache)
{
  GHashTableIter iter;
  gpointer value;

  if (*cache == NULL)
    return;
  g_hash_table_iter_init (&iter, *cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sqlite3_finalize (value);
  g_clear_pointer (cache, g_hash_table_unref);
}

/* ------------------------------------------------------------------ GObject */

static void
yc_store_dispose (GObject *object)
{
  YcStore *self = (YcStore *) object;

  yc_store_close (self);

  G_OBJECT_CLASS (yc_store_parent_class)->dispose (object);
}

static void
yc_store_finalize (GObject *object)
{
  YcStore *self = (YcStore *) object;

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->rlock);

  G_OBJECT_CLASS (yc_store_parent_class)->finalize (object);
}

static void
yc_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  YcStore *self = YC_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, yc_store_get_online (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  YcStore *self = YC_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      break;
    case PROP_ONLINE:
      yc_store_set_online (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_store_class_init (YcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_store_dispose;
  object_class->finalize = yc_store_finalize;
  object_class->get_property = yc_store_get_property;
  object_class->set_property = yc_store_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcStore::changed:
   * @kind: what changed: "cases", "letters", "outbox", …
   * @id: (nullable): the record, or %NULL when many changed
   *
   * Emitted on the store's main context after a commit. Detailed by @kind.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
yc_store_init (YcStore *self)
{
  g_mutex_init (&self->rlock);
  self->queue = g_async_queue_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------ public: lifetime */

YcStore *
yc_store_open (const char  *directory,
               GError     **error)
{
  g_autoptr(YcStore) self = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  if (g_mkdir_with_parents (directory, 0700) != 0 || g_chmod (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The folder “%s” for local data cannot be created: %s."), directory,
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (YC_TYPE_STORE, "directory", directory, NULL);
  self->path = g_build_filename (directory, "store.db", NULL);
  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);

  /* SQLite gives the -wal and -shm files the mode of the database file. */
  if (!ensure_private_file (self->path, TRUE, error) ||
      !ensure_private_file (wal, FALSE, error) ||
      !ensure_private_file (shm, FALSE, error))
    return NULL;

  if (!open_connection (self->path, TRUE, &self->wdb, error))
    return NULL;
  self->wstmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!migrate (self->wdb, error))
    {
      sqlite3_close_v2 (g_steal_pointer (&self->wdb));
      return NULL;
    }

  if (!open_connection (self->path, FALSE, &self->rdb, error))
    {
      sqlite3_close_v2 (g_steal_pointer (&self->wdb));
      return NULL;
    }
  self->rstmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->writer = g_thread_new ("yc-store-writer", writer_thread, self);

  return g_steal_pointer (&self);
}

void
yc_store_close (YcStore *self)
{
  gboolean was_open;

  g_return_if_fail (YC_IS_STORE (self));

  g_async_queue_lock (self->queue);
  was_open = !self->closed;
  self->closed = TRUE;
  if (was_open && self->writer != NULL)
    g_async_queue_push_unlocked (self->queue, &stop_job);
  g_async_queue_unlock (self->queue);

  if (!was_open)
    return;

  if (self->writer != NULL)
    g_thread_join (g_steal_pointer (&self->writer));

  finalize_statements (&self->wstmts);
  g_clear_object (&self->wcalendar);
  if (self->wdb != NULL)
    sqlite3_close_v2 (g_steal_pointer (&self->wdb));

  g_mutex_lock (&self->rlock);
  finalize_statements (&self->rstmts);
  if (self->rdb != NULL)
    sqlite3_close_v2 (g_steal_pointer (&self->rdb));
  g_mutex_unlock (&self->rlock);
}

const char *
yc_store_get_directory (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  return self->directory;
}

gboolean
yc_store_get_online (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->online) != 0;
}

void
yc_store_set_online (YcStore  *self,
                     gboolean  online)
{
  g_return_if_fail (YC_IS_STORE (self));

  online = !!online;
  if (yc_store_get_online (self) == online)
    return;
  g_atomic_int_set (&self->online, online);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}
