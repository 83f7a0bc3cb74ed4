/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-outbox.h"
#include "yc-record.h"
#include "yc-store-jobs.h"

struct _YcOutbox
{
  GObject  parent_instance;

  YcStore *store;
  gulong   changed_id;
  guint    n_pending;
  guint    n_attention;
};

G_DEFINE_FINAL_TYPE (YcOutbox, yc_outbox, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-outbox-error-quark, yc_outbox_error)

G_DEFINE_BOXED_TYPE (YcOutboxEntry, yc_outbox_entry, yc_outbox_entry_copy, yc_outbox_entry_free)

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_PENDING,
  PROP_N_ATTENTION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define ENTRY_COLUMNS \
  "o.seq, o.uuid, o.record_kind, o.record_id, o.method, o.path, o.body, o.created_at, " \
  "o.state, o.attempts, o.next_attempt_at, o.last_error, o.problem_code, o.offline"

/* An entry is held back while an earlier entry shares one of its records. */
#define HELD_BACK(o) \
  "EXISTS (SELECT 1 FROM outbox_deps d JOIN outbox_deps e " \
  "  ON e.record_kind = d.record_kind AND e.record_id = d.record_id AND e.seq < d.seq " \
  "  WHERE d.seq = " o ".seq)"

/* ------------------------------------------------------------------ entries */

YcOutboxEntry *
yc_outbox_entry_copy (const YcOutboxEntry *entry)
{
  YcOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->uuid = g_strdup (entry->uuid);
  copy->record_kind = g_strdup (entry->record_kind);
  copy->record_id = g_strdup (entry->record_id);
  copy->method = g_strdup (entry->method);
  copy->path = g_strdup (entry->path);
  copy->body = g_strdup (entry->body);
  copy->last_error = g_strdup (entry->last_error);
  copy->problem_code = g_strdup (entry->problem_code);
  return copy;
}

void
yc_outbox_entry_free (YcOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uuid);
  g_free (entry->record_kind);
  g_free (entry->record_id);
  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->body);
  g_free (entry->last_error);
  g_free (entry->problem_code);
  g_free (entry);
}

static YcOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  YcOutboxEntry *entry = g_new0 (YcOutboxEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->uuid = g_strdup (_yc_stmt_text (stmt, 1));
  entry->record_kind = g_strdup (_yc_stmt_text (stmt, 2));
  entry->record_id = g_strdup (_yc_stmt_text (stmt, 3));
  entry->method = g_strdup (_yc_stmt_text (stmt, 4));
  entry->path = g_strdup (_yc_stmt_text (stmt, 5));
  entry->body = g_strdup (_yc_stmt_text (stmt, 6));
  entry->created_at = sqlite3_column_int64 (stmt, 7);
  entry->state = g_strcmp0 (_yc_stmt_text (stmt, 8), "attention") == 0 ? YC_OUTBOX_ATTENTION
                                                                       : YC_OUTBOX_PENDING;
  entry->attempts = (guint) sqlite3_column_int (stmt, 9);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 10);
  entry->last_error = g_strdup (_yc_stmt_text (stmt, 11));
  entry->problem_code = g_strdup (_yc_stmt_text (stmt, 12));
  entry->offline = sqlite3_column_int (stmt, 13) != 0;
  return entry;
}

/* ------------------------------------------------------------------ write jobs */

typedef struct {
  gint64    seq;
  gint64    when;
  char     *text;
  char     *text2;
  char     *record_kind;
  char     *record_id;
  JsonNode *answer;
} OpData;

static void
op_data_free (gpointer ptr)
{
  OpData *data = ptr;

  g_free (data->text);
  g_free (data->text2);
  g_free (data->record_kind);
  g_free (data->record_id);
  g_clear_pointer (&data->answer, json_node_unref);
  g_free (data);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_NOT_FOUND,
                       _("This change is no longer waiting to be sent."));
}

/* The record kind, id and state of entry @seq; FALSE with NOT_FOUND if gone. */
static gboolean
w_lookup (YcStoreWrite  *write,
          gint64         seq,
          char         **out_kind,
          char         **out_id,
          char         **out_state,
          char         **out_snapshot,
          GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _yc_store_write_prepare (write,
                                  "SELECT record_kind, record_id, state, prev_json FROM outbox "
                                  "WHERE seq = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_kind = g_strdup (_yc_stmt_text (stmt, 0));
      *out_id = g_strdup (_yc_stmt_text (stmt, 1));
      if (out_state != NULL)
        *out_state = g_strdup (_yc_stmt_text (stmt, 2));
      if (out_snapshot != NULL)
        *out_snapshot = g_strdup (_yc_stmt_text (stmt, 3));
    }
  _yc_stmt_release (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
  set_not_found (error);
  return FALSE;
}

static gboolean
w_run (YcStoreWrite  *write,
       const char    *sql,
       OpData        *data,
       GError       **error)
{
  sqlite3_stmt *stmt = _yc_store_write_prepare (write, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->seq);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, data->when);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    _yc_stmt_bind_text (stmt, 3, data->text);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    _yc_stmt_bind_text (stmt, 4, data->text2);
  rc = sqlite3_step (stmt);
  _yc_stmt_release (stmt);
  if (rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
  return TRUE;
}

static gboolean
mark_sent_job (YcStoreWrite  *write,
               gpointer       user_data,
               GError       **error)
{
  OpData *data = user_data;

  if (data->text != NULL && data->answer == NULL)
    data->answer = json_from_string (data->text, NULL);
  g_clear_pointer (&data->text, g_free);
  if (!w_run (write, "DELETE FROM outbox WHERE seq = ?1", data, error))
    return FALSE;
  if (sqlite3_changes (_yc_store_write_get_db (write)) > 0)
    _yc_store_write_note_change (write, "outbox", NULL);
  return _yc_store_apply_answer (write, data->record_kind, data->record_id, data->answer, error);
}

/* Each entry of the batch (a GPtrArray of OpData) as mark_sent_job, all or none: no
 * savepoint per entry (SQLite would keep a copy of every page each one touches). */
static gboolean
mark_sent_batch_job (YcStoreWrite  *write,
                     gpointer       user_data,
                     GError       **error)
{
  GPtrArray *items = user_data;

  for (guint i = 0; i < items->len; i++)
    if (!mark_sent_job (write, g_ptr_array_index (items, i), error))
      return FALSE;
  /* The answers are not needed any more: free them here rather than on the main thread. */
  for (guint i = 0; i < items->len; i++)
    g_clear_pointer (&((OpData *) g_ptr_array_index (items, i))->answer, json_node_unref);
  return TRUE;
}

static gboolean
mark_failed_job (YcStoreWrite  *write,
                 gpointer       user_data,
                 GError       **error)
{
  OpData *data = user_data;

  if (!w_run (write,
              "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, "
              "  last_error = ?3 WHERE seq = ?1",
              data, error))
    return FALSE;
  if (sqlite3_changes (_yc_store_write_get_db (write)) == 0)
    {
      set_not_found (error);
      return FALSE;
    }
  _yc_store_write_note_change (write, "outbox", NULL);
  return TRUE;
}

static gboolean
mark_attention_job (YcStoreWrite  *write,
                    gpointer       user_data,
                    GError       **error)
{
  OpData *data = user_data;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;

  if (!w_lookup (write, data->seq, &kind, &id, NULL, NULL, error))
    return FALSE;
  if (!w_run (write,
              "UPDATE outbox SET state = 'attention', attempts = attempts + 1, "
              "  problem_code = ?3, last_error = ?4 WHERE seq = ?1",
              data, error))
    return FALSE;
  _yc_store_write_note_change (write, "outbox", NULL);
  return _yc_store_refresh_sync_state (write, kind, id, error);
}

static gboolean
retry_job (YcStoreWrite  *write,
           gpointer       user_data,
           GError       **error)
{
  OpData *data = user_data;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;

  if (!w_lookup (write, data->seq, &kind, &id, &state, NULL, error))
    return FALSE;
  if (g_strcmp0 (state, "attention") != 0)
    {
      g_set_error_literal (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_STATE,
                           _("This change is already waiting to be sent."));
      return FALSE;
    }
  data->when = g_get_real_time ();
  if (!w_run (write,
              "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, problem_code = NULL "
              "WHERE seq = ?1",
              data, error))
    return FALSE;
  _yc_store_write_note_change (write, "outbox", NULL);
  return _yc_store_refresh_sync_state (write, kind, id, error);
}

static gboolean
wake_job (YcStoreWrite  *write,
          gpointer       user_data,
          GError       **error)
{
  OpData *data = user_data;

  data->when = g_get_real_time ();
  if (!w_run (write,
              "UPDATE outbox SET next_attempt_at = ?2 "
              "WHERE state = 'pending' AND next_attempt_at > ?2 AND ?1 = ?1",
              data, error))
    return FALSE;
  if (sqlite3_changes (_yc_store_write_get_db (write)) > 0)
    _yc_store_write_note_change (write, "outbox", NULL);
  return TRUE;
}

/* Does the entry's snapshot say it created its own record? */
static gboolean
snapshot_creates (const char *snapshot,
                  const char *kind,
                  const char *id)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;

  if (snapshot == NULL || !json_parser_load_from_data (parser, snapshot, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonNode *json;

      if (entry == NULL)
        continue;
      json = json_object_get_member (entry, "json");
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "kind", NULL), kind) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "id", NULL), id) == 0 &&
          (json == NULL || JSON_NODE_HOLDS_NULL (json)))
        return TRUE;
    }
  return FALSE;
}

/* Delete entry @seq and put back what it changed. */
static gboolean
w_discard_one (YcStoreWrite  *write,
               gint64         seq,
               GError       **error)
{
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  g_autofree char *snapshot = NULL;
  OpData op = { seq, 0, NULL, NULL, NULL, NULL, NULL };

  if (!w_lookup (write, seq, &kind, &id, NULL, &snapshot, error) ||
      !w_run (write, "DELETE FROM outbox WHERE seq = ?1", &op, error) ||
      !_yc_store_restore_snapshot (write, snapshot, error) ||
      !_yc_store_refresh_sync_state (write, kind, id, error))
    return FALSE;
  _yc_store_write_note_change (write, "outbox", NULL);
  return TRUE;
}

static gboolean
discard_job (YcStoreWrite  *write,
             gpointer       user_data,
             GError       **error)
{
  OpData *data = user_data;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(GArray) later = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonObject) about = json_object_new ();
  g_autofree char *detail = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!w_lookup (write, data->seq, &kind, &id, &state, &snapshot, error))
    return FALSE;
  if (g_strcmp0 (state, "attention") != 0)
    {
      g_set_error_literal (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_STATE,
                           _("Only a change the server refused can be discarded."));
      return FALSE;
    }

  if (snapshot_creates (snapshot, kind, id))
    {
      /* Everything queued later that waits for this record goes with it. */
      stmt = _yc_store_write_prepare (write,
                                      "SELECT DISTINCT seq FROM outbox_deps "
                                      "WHERE record_kind = ?1 AND record_id = ?2 AND seq > ?3 "
                                      "ORDER BY seq DESC",
                                      error);
      if (stmt == NULL)
        return FALSE;
      _yc_stmt_bind_text (stmt, 1, kind);
      _yc_stmt_bind_text (stmt, 2, id);
      sqlite3_bind_int64 (stmt, 3, data->seq);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (later, seq);
        }
      _yc_stmt_release (stmt);
      if (rc != SQLITE_DONE)
        return _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
    }

  for (guint i = 0; i < later->len; i++)
    if (!w_discard_one (write, g_array_index (later, gint64, i), error))
      return FALSE;
  if (!w_discard_one (write, data->seq, error))
    return FALSE;

  json_object_set_string_member (about, "record_kind", kind);
  json_object_set_int_member (about, "entries", later->len + 1);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), about);

    detail = yc_json_to_string (node, NULL);
  }
  {
    g_autoptr(GDateTime) dt = g_date_time_new_now_local ();

    now = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
  }
  stmt = _yc_store_write_prepare (write,
                                  "INSERT INTO audit (type, entity, id, at, detail) "
                                  "VALUES ('outbox.discarded', ?1, ?2, ?3, ?4)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, kind);
  _yc_stmt_bind_text (stmt, 2, id);
  _yc_stmt_bind_text (stmt, 3, now);
  _yc_stmt_bind_text (stmt, 4, detail);
  rc = sqlite3_step (stmt);
  _yc_stmt_release (stmt);
  if (rc != SQLITE_DONE)
    return _yc_store_set_sqlite_error (error, _yc_store_write_get_db (write), rc);
  _yc_store_write_note_change (write, "audit", NULL);

  _yc_store_write_set_result (write, GUINT_TO_POINTER (later->len + 1), NULL);
  return TRUE;
}

/* ------------------------------------------------------------------ counts */

static void
refresh_counts (YcOutbox *self)
{
  guint n_pending = 0;
  guint n_attention = 0;
  sqlite3_stmt *stmt;

  _yc_store_read_lock (self->store);
  stmt = _yc_store_read_prepare (self->store,
                                 "SELECT state, count(*) FROM outbox GROUP BY state", NULL);
  if (stmt != NULL)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (g_strcmp0 (_yc_stmt_text (stmt, 0), "attention") == 0)
            n_attention = (guint) sqlite3_column_int64 (stmt, 1);
          else
            n_pending = (guint) sqlite3_column_int64 (stmt, 1);
        }
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self->store);

  g_object_freeze_notify (G_OBJECT (self));
  if (n_pending != self->n_pending)
    {
      self->n_pending = n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (n_attention != self->n_attention)
    {
      self->n_attention = n_attention;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ATTENTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_store_changed_cb (YcOutbox   *self,
                     const char *kind,
                     const char *id,
                     YcStore    *store)
{
  refresh_counts (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ------------------------------------------------------------------ GObject */

static void
yc_outbox_constructed (GObject *object)
{
  YcOutbox *self = (YcOutbox *) object;

  G_OBJECT_CLASS (yc_outbox_parent_class)->constructed (object);

  g_assert (YC_IS_STORE (self->store));
  self->changed_id = g_signal_connect_object (self->store, "changed::outbox",
                                              G_CALLBACK (on_store_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  refresh_counts (self);
}

static void
yc_outbox_dispose (GObject *object)
{
  YcOutbox *self = (YcOutbox *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_outbox_parent_class)->dispose (object);
}

static void
yc_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcOutbox *self = YC_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_N_ATTENTION:
      g_value_set_uint (value, self->n_attention);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_outbox_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YcOutbox *self = YC_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_outbox_class_init (YcOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_outbox_constructed;
  object_class->dispose = yc_outbox_dispose;
  object_class->get_property = yc_outbox_get_property;
  object_class->set_property = yc_outbox_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ATTENTION] =
    g_param_spec_uint ("n-attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcOutbox::changed:
   *
   * Entries were added, sent, failed, refused, retried or discarded (after the commit; the
   * counts are already up to date).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
yc_outbox_init (YcOutbox *self)
{
}

/* ------------------------------------------------------------------ public */

YcOutbox *
yc_outbox_new (YcStore *store)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_OUTBOX, "store", store, NULL);
}

YcStore *
yc_outbox_get_store (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  return self->store;
}

guint
yc_outbox_get_n_pending (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), 0);

  return self->n_pending;
}

guint
yc_outbox_get_n_attention (YcOutbox *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), 0);

  return self->n_attention;
}

/* Entries read with @sql, whose parameters ?1, ?2 and ?3 (those it has) are @a, @b and @c. */
static GPtrArray *
read_entries3 (YcOutbox    *self,
               const char  *sql,
               gint64       a,
               gint64       b,
               gint64       c,
               GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_entry_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  _yc_store_read_lock (self->store);
  stmt = _yc_store_read_prepare (self->store, sql, &local_error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, a);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, b);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_int64 (stmt, 3, c);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (entries, entry_from_row (stmt));
      if (rc != SQLITE_DONE)
        _yc_store_set_sqlite_error (&local_error, NULL, rc);
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self->store);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static GPtrArray *
read_entries (YcOutbox    *self,
              const char  *sql,
              gint64       a,
              gint64       b,
              GError     **error)
{
  return read_entries3 (self, sql, a, b, 0, error);
}

GPtrArray *
yc_outbox_list_sendable (YcOutbox  *self,
                         gint64     now,
                         guint      max,
                         GError   **error)
{
  return yc_outbox_list_sendable_after (self, now, 0, max, error);
}

GPtrArray *
yc_outbox_list_sendable_after (YcOutbox  *self,
                               gint64     now,
                               gint64     after_seq,
                               guint      max,
                               GError   **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  /* Walk the outbox in seq order from @after_seq (the unary + keeps SQLite from sorting
   * through the state index) so that LIMIT stops the scan early. */
  return read_entries3 (self,
                        "SELECT " ENTRY_COLUMNS " FROM outbox o "
                        "WHERE +o.state = 'pending' AND +o.next_attempt_at <= ?1 "
                        "  AND o.seq > ?3 AND NOT " HELD_BACK ("o") " "
                        "ORDER BY o.seq LIMIT ?2",
                        now, max > 0 ? (gint64) max : -1, after_seq, error);
}

gint64
yc_outbox_get_next_attempt_at (YcOutbox *self)
{
  gint64 when = G_MAXINT64;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (YC_IS_OUTBOX (self), G_MAXINT64);

  _yc_store_read_lock (self->store);
  stmt = _yc_store_read_prepare (self->store,
                                 "SELECT min (o.next_attempt_at) FROM outbox o "
                                 "WHERE o.state = 'pending' AND NOT " HELD_BACK ("o"),
                                 NULL);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        when = MAX (sqlite3_column_int64 (stmt, 0), 0);
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self->store);
  return when;
}

GPtrArray *
yc_outbox_list (YcOutbox       *self,
                YcOutboxState   state,
                guint           limit,
                GError        **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  return read_entries (self,
                       "SELECT " ENTRY_COLUMNS " FROM outbox o "
                       "WHERE o.state = CASE ?1 WHEN 1 THEN 'attention' ELSE 'pending' END "
                       "ORDER BY o.seq LIMIT ?2",
                       state == YC_OUTBOX_ATTENTION ? 1 : 0,
                       limit > 0 ? (gint64) limit : -1, error);
}

YcOutboxEntry *
yc_outbox_get_entry (YcOutbox  *self,
                     gint64     seq,
                     GError   **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (YC_IS_OUTBOX (self), NULL);

  entries = read_entries (self, "SELECT " ENTRY_COLUMNS " FROM outbox o WHERE o.seq = ?1",
                          seq, 0, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      set_not_found (error);
      return NULL;
    }
  return g_ptr_array_steal_index (entries, 0);
}

static OpData *
op_data_new (gint64      seq,
             gint64      when,
             const char *text,
             const char *text2)
{
  OpData *data = g_new0 (OpData, 1);

  data->seq = seq;
  data->when = when;
  data->text = g_strdup (text);
  data->text2 = g_strdup (text2);
  return data;
}

static OpData *
sent_data (const YcOutboxEntry *entry,
           JsonNode            *answer)
{
  OpData *data = op_data_new (entry->seq, 0, NULL, NULL);

  data->record_kind = g_strdup (entry->record_kind);
  data->record_id = g_strdup (entry->record_id);
  /* A private copy for the writer thread. */
  data->text = answer != NULL ? yc_json_to_string (answer, NULL) : NULL;
  return data;
}

static gboolean
check_result (YcOutbox     *self,
              GAsyncResult *result,
              gpointer      tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == tag;
}

void
yc_outbox_mark_sent_async (YcOutbox            *self,
                           const YcOutboxEntry *entry,
                           JsonNode            *answer,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));
  g_return_if_fail (entry != NULL);

  _yc_store_write_async (self->store, self, yc_outbox_mark_sent_async, mark_sent_job,
                         sent_data (entry, answer), op_data_free, cancellable, callback,
                         user_data);
}

gboolean
yc_outbox_mark_sent_finish (YcOutbox      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_mark_sent_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_outbox_mark_sent_sync (YcOutbox            *self,
                          const YcOutboxEntry *entry,
                          JsonNode            *answer,
                          GError             **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  return _yc_store_write_sync (self->store, mark_sent_job, sent_data (entry, answer),
                               op_data_free, error) != NULL;
}

void
yc_outbox_mark_sent_batch_async (YcOutbox            *self,
                                 GPtrArray           *entries,
                                 GPtrArray           *answers,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GPtrArray *items;

  g_return_if_fail (YC_IS_OUTBOX (self));
  g_return_if_fail (entries != NULL && answers != NULL && entries->len == answers->len);

  items = g_ptr_array_new_full (entries->len, op_data_free);
  for (guint i = 0; i < entries->len; i++)
    {
      const YcOutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonNode *answer = g_ptr_array_index (answers, i);
      OpData *data = op_data_new (entry->seq, 0, NULL, NULL);

      data->record_kind = g_strdup (entry->record_kind);
      data->record_id = g_strdup (entry->record_id);
      /* Read on the writer thread as it is (see the header), not written out and parsed
       * again. */
      data->answer = answer != NULL ? json_node_ref (answer) : NULL;
      g_ptr_array_add (items, data);
    }
  _yc_store_write_async (self->store, self, yc_outbox_mark_sent_batch_async,
                         mark_sent_batch_job, items, (GDestroyNotify) g_ptr_array_unref,
                         cancellable, callback, user_data);
}

gboolean
yc_outbox_mark_sent_batch_finish (YcOutbox      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_mark_sent_batch_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

void
yc_outbox_mark_failed_async (YcOutbox            *self,
                             gint64               seq,
                             gint64               next_attempt_at,
                             const char          *message,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  _yc_store_write_async (self->store, self, yc_outbox_mark_failed_async, mark_failed_job,
                         op_data_new (seq, next_attempt_at, message, NULL), op_data_free,
                         cancellable, callback, user_data);
}

gboolean
yc_outbox_mark_failed_finish (YcOutbox      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_mark_failed_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_outbox_mark_failed_sync (YcOutbox    *self,
                            gint64       seq,
                            gint64       next_attempt_at,
                            const char  *message,
                            GError     **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);

  return _yc_store_write_sync (self->store, mark_failed_job,
                               op_data_new (seq, next_attempt_at, message, NULL), op_data_free,
                               error) != NULL;
}

void
yc_outbox_mark_attention_async (YcOutbox            *self,
                                gint64               seq,
                                const char          *problem_code,
                                const char          *detail,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  _yc_store_write_async (self->store, self, yc_outbox_mark_attention_async, mark_attention_job,
                         op_data_new (seq, 0, problem_code, detail), op_data_free, cancellable,
                         callback, user_data);
}

gboolean
yc_outbox_mark_attention_finish (YcOutbox      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_mark_attention_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_outbox_mark_attention_sync (YcOutbox    *self,
                               gint64       seq,
                               const char  *problem_code,
                               const char  *detail,
                               GError     **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);

  return _yc_store_write_sync (self->store, mark_attention_job,
                               op_data_new (seq, 0, problem_code, detail), op_data_free,
                               error) != NULL;
}

void
yc_outbox_retry_async (YcOutbox            *self,
                       gint64               seq,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  _yc_store_write_async (self->store, self, yc_outbox_retry_async, retry_job,
                         op_data_new (seq, 0, NULL, NULL), op_data_free, cancellable, callback,
                         user_data);
}

void
yc_outbox_wake_async (YcOutbox            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  _yc_store_write_async (self->store, self, yc_outbox_wake_async, wake_job,
                         op_data_new (0, 0, NULL, NULL), op_data_free, cancellable, callback,
                         user_data);
}

gboolean
yc_outbox_wake_finish (YcOutbox      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_wake_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_outbox_retry_finish (YcOutbox      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_retry_async), FALSE);

  return _yc_store_write_finish (result, error) != NULL;
}

gboolean
yc_outbox_retry_sync (YcOutbox  *self,
                      gint64     seq,
                      GError   **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), FALSE);

  return _yc_store_write_sync (self->store, retry_job, op_data_new (seq, 0, NULL, NULL),
                               op_data_free, error) != NULL;
}

void
yc_outbox_discard_async (YcOutbox            *self,
                         gint64               seq,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (YC_IS_OUTBOX (self));

  _yc_store_write_async (self->store, self, yc_outbox_discard_async, discard_job,
                         op_data_new (seq, 0, NULL, NULL), op_data_free, cancellable, callback,
                         user_data);
}

guint
yc_outbox_discard_finish (YcOutbox      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_result (self, result, yc_outbox_discard_async), 0);

  return GPOINTER_TO_UINT (_yc_store_write_finish (result, error));
}

guint
yc_outbox_discard_sync (YcOutbox  *self,
                        gint64     seq,
                        GError   **error)
{
  g_return_val_if_fail (YC_IS_OUTBOX (self), 0);

  return GPOINTER_TO_UINT (_yc_store_write_sync (self->store, discard_job,
                                                 op_data_new (seq, 0, NULL, NULL),
                                                 op_data_free, error));
}
