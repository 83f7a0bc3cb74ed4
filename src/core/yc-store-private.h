/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-store-private.h: what the yc-store*.c files share, on top of yc-store-jobs.h. Only the
 * store's own files (and its white-box tests) include it.
 *
 * Functions named _yc_store_w_* run inside a write job, on the writer thread, in the job's
 * transaction. */
#pragma once

#include "yc-store-jobs.h"

G_BEGIN_DECLS

#define YC_STORE_SCHEMA_VERSION 5

/* The SQL that brings the database from user_version i to i + 1 (yc-store-schema.c). */
extern const char * const _yc_store_migrations[YC_STORE_SCHEMA_VERSION];

/* ------------------------------------------------------------------ the writer and the reader */

YcStore      *_yc_store_write_get_store     (YcStoreWrite   *write);
gboolean      _yc_store_write_exec          (YcStoreWrite   *write,
                                             const char     *sql,
                                             GError        **error);
/* Commit what the job wrote but report @error to the caller (takes it). */
void          _yc_store_write_fail_after_commit (YcStoreWrite *write,
                                                 GError       *error);
/* The writer's copy of the official calendars, NULL until someone loads it; setting one
 * (transfer full, or NULL to drop it) replaces it. */
YcCalendar   *_yc_store_write_peek_calendar (YcStoreWrite *write);
void          _yc_store_write_set_calendar  (YcStoreWrite *write,
                                             YcCalendar   *calendar);
/* The reader connection, for error messages; only while holding the read lock. */
sqlite3      *_yc_store_read_get_db         (YcStore *self);
/* Step a statement that returns no rows (or whose rows are not wanted). */
gboolean      _yc_store_step_done           (sqlite3       *db,
                                             sqlite3_stmt  *stmt,
                                             GError       **error);

/* ------------------------------------------------------------------ JSON and time */

/* Parse @text as a JSON object; NULL (with @error) if it is not one. */
JsonObject   *_yc_json_object_from_string   (const char     *text,
                                             GError        **error);
char         *_yc_json_object_to_string     (JsonObject     *object);

/* The string, object or array member @member of @object, or NULL if missing, null or of
 * another type (or @object is NULL). */
const char   *_yc_store_obj_str             (JsonObject *object,
                                             const char *member);
JsonObject   *_yc_store_obj_obj             (JsonObject *object,
                                             const char *member);
JsonArray    *_yc_store_obj_arr             (JsonObject *object,
                                             const char *member);
/* Set a string member, JSON null for NULL. */
void          _yc_store_obj_set_str         (JsonObject *object,
                                             const char *member,
                                             const char *value);
gboolean      _yc_store_str_is_empty        (const char *s);
/* Deep copies (json_node_copy shares the containers). */
JsonObject   *_yc_store_object_copy         (JsonObject *object);
JsonArray    *_yc_store_array_copy          (JsonArray *array);
/* "2026-11-28T09:00:00+08:00" */
char         *_yc_store_format_rfc3339      (GDateTime *dt);
char         *_yc_store_now_rfc3339         (void);
/* Parse an RFC 3339 time, in local time; NULL if it is not one. */
GDateTime    *_yc_store_parse_rfc3339_local (const char *text);

/* ------------------------------------------------------------------ records */

typedef struct {
  const char *kind;   /* "case" … as in the outbox */
  const char *table;
  const char *change; /* the changed signal's kind */
} YcStoreRecordKind;

/* The record kind "case", "letter", "handoff", "inquiry" or "evaluation"; NULL for others. */
const YcStoreRecordKind *_yc_store_lookup_record_kind (const char *kind);
/* The JSON of a record in the writer's transaction; NULL if there is none (no error) or on
 * error (@error set). The _require_ variant makes "none" a NOT_FOUND error. */
JsonObject   *_yc_store_w_get_json          (YcStoreWrite  *write,
                                             const char    *kind,
                                             const char    *id,
                                             GError       **error);
JsonObject   *_yc_store_w_require_json      (YcStoreWrite  *write,
                                             const char    *kind,
                                             const char    *id,
                                             GError       **error);
/* Insert or update a record with its key columns. @sync_state NULL keeps the stored one
 * ("synced" for a new row). */
gboolean      _yc_store_w_put_record        (YcStoreWrite  *write,
                                             const char    *kind,
                                             JsonObject    *object,
                                             const char    *sync_state,
                                             GError       **error);

/* Reads on the reader connection. _read_string runs @sql with one text parameter and gives
 * the first column of the first row; _read_json gives that row's JSON (NULL and NOT_FOUND if
 * none); _read_json_list parses the first column of every row (@param may be NULL). */
char         *_yc_store_read_string         (YcStore    *self,
                                             const char *sql,
                                             const char *param);
JsonObject   *_yc_store_read_json           (YcStore     *self,
                                             const char  *sql,
                                             const char  *param,
                                             GError     **error);
GPtrArray    *_yc_store_read_json_list      (YcStore     *self,
                                             const char  *sql,
                                             const char  *param,
                                             GError     **error);
/* The same with ?1, ?2, … bound to the texts of the NULL-terminated @params (NULL: none). */
GPtrArray    *_yc_store_read_json_list_args (YcStore            *self,
                                             const char         *sql,
                                             const char *const  *params,
                                             GError            **error);
typedef GObject *(*YcStoreDecodeFunc) (JsonObject *object, GError **error);
/* Records decoded from stored JSON; one that no longer decodes is left out, not fatal. */
GPtrArray    *_yc_store_decode_records      (GPtrArray         *objects,
                                             YcStoreDecodeFunc  decode);

/* ------------------------------------------------------------------ the session */

/* Who is working here: every clerk change needs it. */
typedef struct {
  char       *workstation;
  JsonObject *staff;
  JsonObject *centre;
  const char *staff_id;
  const char *window_id;
  const char *department_id;
  gboolean    offline;
} YcStoreSession;

void          _yc_store_session_clear       (YcStoreSession *session);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcStoreSession, _yc_store_session_clear)

/* Load the session, or fail with NOT_SIGNED_IN. */
gboolean      _yc_store_w_load_session      (YcStoreWrite    *write,
                                             YcStoreSession  *session,
                                             GError         **error);
gboolean      _yc_store_session_has_role    (YcStoreSession *session,
                                             const char     *role);
/* Set (or, for NULL, remove) a meta value. */
gboolean      _yc_store_w_set_meta          (YcStoreWrite  *write,
                                             const char    *key,
                                             const char    *value,
                                             GError       **error);

/* ------------------------------------------------------------------ what every change shares */

/* The data of a change job: each job uses the members it needs. */
typedef struct {
  JsonObject        *draft;
  char              *id;
  char              *text;
  char              *text2;
  int                number;
  gboolean           flag;
  JsonArray         *list;
  YcStoreReference   which;
  YcStoreRenderFunc  render;
  gpointer           render_data;
  GDestroyNotify     render_data_free;
} YcStoreJobData;

void            _yc_store_job_data_free       (gpointer ptr);
/* A job whose draft is @draft_node's object. */
YcStoreJobData *_yc_store_job_data_new_draft  (JsonNode *draft_node /* transfer full */);
YcStoreJobData *_yc_store_texts_data          (const char *id,
                                               const char *text,
                                               const char *text2);
/* A job with a deep copy of @list. */
YcStoreJobData *_yc_store_list_data           (JsonArray *list);

/* _finish functions of the public API, for results of _yc_store_write_finish. */
#define YC_STORE_DEFINE_BOOL_FINISH(name)                                                          \
  gboolean                                                                                         \
  name##_finish (YcStore       *self,                                                              \
                 GAsyncResult  *result,                                                            \
                 GError       **error)                                                             \
  {                                                                                                \
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);                                  \
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == name##_async, FALSE);         \
    return _yc_store_write_finish (result, error) != NULL;                                         \
  }

#define YC_STORE_DEFINE_OBJECT_FINISH(name, Type)                                                  \
  Type *                                                                                           \
  name##_finish (YcStore       *self,                                                              \
                 GAsyncResult  *result,                                                            \
                 GError       **error)                                                             \
  {                                                                                                \
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);                                   \
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == name##_async, NULL);          \
    return _yc_store_write_finish (result, error);                                                 \
  }

gboolean        _yc_store_str_in              (const char         *value,
                                               const char * const *allowed);
/* Set a YC_STORE_ERROR_INVALID error with @message. */
void            _yc_store_set_invalid         (GError     **error,
                                               const char  *message);
void            _yc_store_set_already_saved   (GError **error);
/* The draft's id (lower case) or a new UUID. */
char           *_yc_store_draft_id_or_new     (JsonObject *draft);
gboolean        _yc_store_w_record_exists     (YcStoreWrite  *write,
                                               const char    *kind,
                                               const char    *id,
                                               gboolean      *exists,
                                               GError       **error);
/* The next number of @kind for @year, advanced in the current transaction. */
char           *_yc_store_w_next_number       (YcStoreWrite    *write,
                                               YcStoreSession  *session,
                                               const char      *kind,
                                               int              year,
                                               GError         **error);
/* Record an event in the local audit trail. */
gboolean        _yc_store_w_audit             (YcStoreWrite    *write,
                                               YcStoreSession  *session,
                                               const char      *type,
                                               const char      *entity,
                                               const char      *id,
                                               const char      *detail,
                                               GError         **error);

/* ------------------------------------------------------------------ catalogue and calendar */

/* "%@text%" for LIKE … ESCAPE '\', its wildcards taken literally. */
char         *_yc_store_like_pattern         (const char *text);

/* The stored JSON of service item @code, or an error (UNKNOWN_SERVICE_ITEM). */
JsonObject   *_yc_store_w_load_service_item (YcStoreWrite  *write,
                                             const char    *code,
                                             GError       **error);
/* The guide's material @id in @item, or NULL. */
JsonObject   *_yc_store_item_find_material  (JsonObject *item,
                                             const char *id);
/* The due date ("YYYY-MM-DD") @days working days after @from. */
char         *_yc_store_w_due_date          (YcStoreWrite  *write,
                                             const GDate   *from,
                                             int            days,
                                             GError       **error);

/* ------------------------------------------------------------------ the outbox */

/* Snapshots for the outbox entry of a change: what to put back if it is discarded
 * (@previous NULL: the change creates the record). */
void          _yc_store_snapshot_add        (JsonArray  *snapshot,
                                             const char *kind,
                                             const char *id,
                                             JsonObject *previous);
/* Append the outbox entry of a change; @case_deps name the cases it waits for. */
gboolean      _yc_store_w_enqueue           (YcStoreWrite        *write,
                                             YcStoreSession      *session,
                                             const char          *record_kind,
                                             const char          *record_id,
                                             const char          *path,
                                             JsonNode            *body,
                                             const char * const  *case_deps,
                                             JsonArray           *snapshot,
                                             GError             **error);
/* Does the record have entries still in the outbox (pending or attention)? */
gboolean      _yc_store_w_in_outbox         (YcStoreWrite       *write,
                                             const char         *record_kind,
                                             const char         *record_id);

/* ------------------------------------------------------------------ testing */

/* Tests and benchmarks: fill the store with @n cases (one transaction), received one minute
 * apart going back from 2026-11-28 09:00, held by @holder_id. */
gboolean      _yc_store_fill_cases_for_testing (YcStore      *self,
                                                guint         n,
                                                const char   *holder_id,
                                                GError      **error);
/* Tests: limit the database's size to provoke SQLITE_FULL. */
gboolean      _yc_store_set_max_page_count  (YcStore        *self,
                                             guint           pages,
                                             GError        **error);

G_END_DECLS
