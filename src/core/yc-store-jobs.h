/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-store-jobs.h: what the core layers above the store (YcOutbox, YcCaseListModel) may use
 * of its internals: write jobs in the writer's transaction, short queries on the reader
 * connection, the statement helpers, and putting the server's answer to a sent change into
 * the local records. Nothing in it is for the UI, and it knows nothing of the layers above.
 * The store's own files share more through yc-store-private.h, which includes this. */
#pragma once

#include <sqlite3.h>

#include "yc-store.h"

G_BEGIN_DECLS

/* One write job's view of the writer transaction. Only valid inside a YcStoreWriteFunc, on
 * the writer thread. */
typedef struct _YcStoreWrite YcStoreWrite;

/* Runs inside BEGIN IMMEDIATE … COMMIT (in its own SAVEPOINT when several jobs share one
 * commit). Returning FALSE rolls back everything it wrote. */
typedef gboolean (*YcStoreWriteFunc) (YcStoreWrite  *write,
                                      gpointer       data,
                                      GError       **error);

sqlite3      *_yc_store_write_get_db        (YcStoreWrite   *write);
/* A cached statement of the writer connection; release it with _yc_stmt_release. */
sqlite3_stmt *_yc_store_write_prepare       (YcStoreWrite   *write,
                                             const char     *sql,
                                             GError        **error);
/* Emit changed (@kind, @id) on the main context after the commit. */
void          _yc_store_write_note_change   (YcStoreWrite   *write,
                                             const char     *kind,
                                             const char     *id);
/* The job's result (given to _finish / _sync). */
void          _yc_store_write_set_result    (YcStoreWrite   *write,
                                             gpointer        result,
                                             GDestroyNotify  result_free);

void          _yc_store_write_async         (YcStore            *self,
                                             gpointer            source_object,
                                             gpointer            source_tag,
                                             YcStoreWriteFunc    func,
                                             gpointer            data,
                                             GDestroyNotify      data_free,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
/* The job's result (owned by the caller), or NULL with @error set. A job that set no result
 * gives GINT_TO_POINTER (TRUE). */
gpointer      _yc_store_write_finish        (GAsyncResult       *result,
                                             GError            **error);
gpointer      _yc_store_write_sync          (YcStore            *self,
                                             YcStoreWriteFunc    func,
                                             gpointer            data,
                                             GDestroyNotify      data_free,
                                             GError            **error);

/* The reader connection, for short queries on the calling thread. Hold the lock while a
 * statement from _yc_store_read_prepare is in use. */
void          _yc_store_read_lock           (YcStore        *self);
void          _yc_store_read_unlock         (YcStore        *self);
sqlite3_stmt *_yc_store_read_prepare        (YcStore        *self,
                                             const char     *sql,
                                             GError        **error);

/* Set @error from a SQLite result code (disk full, I/O, corruption… with a clear translated
 * message). Always returns FALSE. */
gboolean      _yc_store_set_sqlite_error    (GError        **error,
                                             sqlite3        *db,
                                             int             rc);

/* Text of column @col, or NULL. */
static inline const char *
_yc_stmt_text (sqlite3_stmt *stmt,
               int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static inline void
_yc_stmt_bind_text (sqlite3_stmt *stmt,
                    int           idx,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, idx);
  else
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
}

/* Give a cached statement back: reset it and drop its bindings. */
static inline void
_yc_stmt_release (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

typedef sqlite3_stmt YcStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStmt, _yc_stmt_release)

/* Apply the server's answer to a sent outbox entry to the local record (called by YcOutbox
 * inside its write job). @answer may be NULL. */
gboolean      _yc_store_apply_answer        (YcStoreWrite   *write,
                                             const char     *record_kind,
                                             const char     *record_id,
                                             JsonNode       *answer,
                                             GError        **error);
/* Put back the records a discarded change touched: @snapshot is the entry's prev_json (an
 * array of {"kind","id","json"}; json null means the change created the record, which then
 * moves to the discarded records). */
gboolean      _yc_store_restore_snapshot    (YcStoreWrite   *write,
                                             const char     *snapshot,
                                             GError        **error);
/* Recompute the sync_state column of one record from its outbox entries. */
gboolean      _yc_store_refresh_sync_state  (YcStoreWrite   *write,
                                             const char     *record_kind,
                                             const char     *record_id,
                                             GError        **error);

G_END_DECLS
