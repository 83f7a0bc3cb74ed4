/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-list-model"

#include "config.h"

#include "yc-case-list-model.h"
#include "yc-store-jobs.h"

#define PAGE_SIZE 100
#define MAX_PAGES 16

#define CASE_COLUMNS \
  "seq, id, number, service_item, service_item_name, applicant_name, applicant_id_masked, " \
  "status, holder_id, due_date, received_at, received_ts, updated_at"

#define ORDER_DESC " ORDER BY received_ts DESC, seq DESC"
#define ORDER_ASC  " ORDER BY received_ts ASC, seq ASC"

typedef struct {
  guint      index;
  GPtrArray *items;
  gint64     first_ts;
  gint64     first_seq;
  gint64     last_ts;
  gint64     last_seq;
  GList      link;
} Page;

struct _YcCaseListModel
{
  GObject     parent_instance;

  YcStore    *store;
  gulong      changed_id;

  char       *holder_id;
  char       *status;
  char       *search;
  char       *like;
  char       *where;

  guint       n_items;
  gboolean    counted;

  GHashTable *pages; /* index -> Page */
  GQueue      lru;   /* of Page.link, most recent first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcCaseListModel, yc_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_HOLDER_ID,
  PROP_STATUS,
  PROP_SEARCH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *item_properties[] = {
  "id", "number", "service-item", "service-item-name", "status", "holder-id", "due-date",
  "received-at", "updated-at",
};
/* The column of each of item_properties. */
static const int item_columns[] = { 1, 2, 3, 4, 7, 8, 9, 10, 12 };

G_STATIC_ASSERT (G_N_ELEMENTS (item_properties) == G_N_ELEMENTS (item_columns));

static void
page_free (gpointer ptr)
{
  Page *page = ptr;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static void
drop_pages (YcCaseListModel *self)
{
  /* The links live in the pages: forget them, then free the pages. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
rebuild_where (YcCaseListModel *self)
{
  GString *where = g_string_new ("1");

  g_clear_pointer (&self->like, g_free);
  if (self->holder_id != NULL)
    g_string_append (where, " AND holder_id = :holder");
  if (self->status != NULL)
    g_string_append (where, " AND status = :status");
  if (self->search != NULL)
    {
      GString *like = g_string_new ("%");

      for (const char *p = self->search; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (like, '\\');
          g_string_append_c (like, *p);
        }
      g_string_append_c (like, '%');
      self->like = g_string_free (like, FALSE);
      g_string_append (where, " AND (number LIKE :q ESCAPE '\\' OR applicant_name LIKE :q "
                              "ESCAPE '\\' OR service_item_name LIKE :q ESCAPE '\\')");
    }

  g_free (self->where);
  self->where = g_string_free (where, FALSE);
}

static void
bind_named_int64 (sqlite3_stmt *stmt,
                  const char   *name,
                  gint64        value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  if (idx > 0)
    sqlite3_bind_int64 (stmt, idx, value);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int idx = sqlite3_bind_parameter_index (stmt, name);

  if (idx > 0)
    _yc_stmt_bind_text (stmt, idx, value);
}

/* Prepare @sql on the store's reader (its lock held by the caller) with the filters bound. */
static sqlite3_stmt *
prepare (YcCaseListModel *self,
         const char      *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _yc_store_read_prepare (self->store, sql, &error);

  if (stmt == NULL)
    {
      g_warning ("Cannot list cases: %s", error->message);
      return NULL;
    }
  bind_named_text (stmt, ":holder", self->holder_id);
  bind_named_text (stmt, ":status", self->status);
  bind_named_text (stmt, ":q", self->like);
  return stmt;
}

/* A single integer from @sql, or @fallback. */
static gint64
query_int (YcCaseListModel *self,
           const char      *sql,
           gint64           ts,
           gint64           seq,
           gint64           fallback)
{
  gint64 value = fallback;
  sqlite3_stmt *stmt;

  _yc_store_read_lock (self->store);
  stmt = prepare (self, sql);
  if (stmt != NULL)
    {
      bind_named_int64 (stmt, ":ts", ts);
      bind_named_int64 (stmt, ":seq", seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self->store);
  return value;
}

static guint
count_items (YcCaseListModel *self)
{
  g_autofree char *sql = NULL;

  /* Without a search the triggers' counts answer at once. */
  if (self->search == NULL)
    return (guint) MAX (query_int (self,
                                   "SELECT coalesce (sum (n), 0) FROM case_counts "
                                   "WHERE (:holder IS NULL OR holder_id = :holder) "
                                   "  AND (:status IS NULL OR status = :status)",
                                   0, 0, 0), 0);

  sql = g_strdup_printf ("SELECT count(*) FROM cases WHERE %s", self->where);
  return (guint) MAX (query_int (self, sql, 0, 0, 0), 0);
}

/* Position of the row with key (@ts, @seq) among the filtered rows, newest first. */
static guint
position_of (YcCaseListModel *self,
             gint64           ts,
             gint64           seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cases WHERE %s AND "
                                          "received_ts >= :ts AND "
                                          "(received_ts > :ts OR seq > :seq)",
                                          self->where);

  return (guint) MAX (query_int (self, sql, ts, seq, 0), 0);
}

static YcCase *
case_from_row (sqlite3_stmt *stmt)
{
  GValue values[G_N_ELEMENTS (item_properties)] = { G_VALUE_INIT, };
  g_autoptr(YcParty) applicant = yc_party_new ();
  YcCase *item;

  for (guint i = 0; i < G_N_ELEMENTS (item_properties); i++)
    {
      g_value_init (&values[i], G_TYPE_STRING);
      g_value_set_string (&values[i], _yc_stmt_text (stmt, item_columns[i]));
    }
  item = (YcCase *) g_object_new_with_properties (YC_TYPE_CASE, G_N_ELEMENTS (item_properties),
                                                  item_properties, values);
  for (guint i = 0; i < G_N_ELEMENTS (item_properties); i++)
    g_value_unset (&values[i]);

  applicant->name = g_strdup (_yc_stmt_text (stmt, 5));
  applicant->id_number = g_strdup (_yc_stmt_text (stmt, 6));
  yc_case_set_applicant (item, applicant);
  return item;
}

/* Run a page query; rows come newest first unless @reverse. */
static GPtrArray *
read_rows (YcCaseListModel *self,
           const char      *sql,
           gint64           limit,
           gint64           offset,
           gint64           ts,
           gint64           seq,
           gboolean         reverse,
           gint64          *first_key,
           gint64          *last_key)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  _yc_store_read_lock (self->store);
  stmt = prepare (self, sql);
  if (stmt == NULL)
    {
      _yc_store_read_unlock (self->store);
      return g_steal_pointer (&items);
    }
  bind_named_int64 (stmt, ":limit", limit);
  bind_named_int64 (stmt, ":offset", offset);
  bind_named_int64 (stmt, ":ts", ts);
  bind_named_int64 (stmt, ":seq", seq);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_ts = sqlite3_column_int64 (stmt, 11);
      gint64 row_seq = sqlite3_column_int64 (stmt, 0);

      g_ptr_array_add (items, case_from_row (stmt));
      if (items->len == 1)
        {
          first_key[0] = row_ts;
          first_key[1] = row_seq;
        }
      last_key[0] = row_ts;
      last_key[1] = row_seq;
    }
  if (rc != SQLITE_DONE)
    g_warning ("Cannot list cases: %s", sqlite3_errstr (rc));
  _yc_stmt_release (stmt);
  _yc_store_read_unlock (self->store);

  if (reverse)
    {
      gint64 tmp[2] = { first_key[0], first_key[1] };

      for (guint i = 0; i < items->len / 2; i++)
        {
          gpointer swap = items->pdata[i];

          items->pdata[i] = items->pdata[items->len - 1 - i];
          items->pdata[items->len - 1 - i] = swap;
        }
      first_key[0] = last_key[0];
      first_key[1] = last_key[1];
      last_key[0] = tmp[0];
      last_key[1] = tmp[1];
    }
  return g_steal_pointer (&items);
}

/* Read page @index: from a neighbouring cached page by key (keyset), otherwise by offset
 * from whichever end is nearer, through the covering index. */
static Page *
fetch_page (YcCaseListModel *self,
            guint            index)
{
  guint start = index * PAGE_SIZE;
  guint len = MIN (PAGE_SIZE, self->n_items - start);
  Page *prev = index > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index - 1)) : NULL;
  Page *next = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index + 1));
  g_autofree char *sql = NULL;
  gint64 first[2] = { 0, 0 };
  gint64 last[2] = { 0, 0 };
  Page *page = g_new0 (Page, 1);

  page->index = index;
  if (prev != NULL && prev->items->len == PAGE_SIZE)
    {
      sql = g_strdup_printf ("SELECT " CASE_COLUMNS " FROM cases WHERE %s AND "
                             "received_ts <= :ts AND (received_ts < :ts OR seq < :seq)"
                             ORDER_DESC " LIMIT :limit",
                             self->where);
      page->items = read_rows (self, sql, len, 0, prev->last_ts, prev->last_seq, FALSE,
                               first, last);
    }
  else if (next != NULL && next->items->len > 0)
    {
      sql = g_strdup_printf ("SELECT " CASE_COLUMNS " FROM cases WHERE %s AND "
                             "received_ts >= :ts AND (received_ts > :ts OR seq > :seq)"
                             ORDER_ASC " LIMIT :limit",
                             self->where);
      page->items = read_rows (self, sql, len, 0, next->first_ts, next->first_seq, TRUE,
                               first, last);
    }
  else if (start <= self->n_items / 2)
    {
      sql = g_strdup_printf ("SELECT " CASE_COLUMNS " FROM cases WHERE seq IN "
                             "(SELECT seq FROM cases WHERE %s" ORDER_DESC
                             " LIMIT :limit OFFSET :offset)" ORDER_DESC,
                             self->where);
      page->items = read_rows (self, sql, len, start, 0, 0, FALSE, first, last);
    }
  else
    {
      sql = g_strdup_printf ("SELECT " CASE_COLUMNS " FROM cases WHERE seq IN "
                             "(SELECT seq FROM cases WHERE %s" ORDER_ASC
                             " LIMIT :limit OFFSET :offset)" ORDER_ASC,
                             self->where);
      page->items = read_rows (self, sql, len, self->n_items - (start + len), 0, 0, TRUE,
                               first, last);
    }

  page->first_ts = first[0];
  page->first_seq = first[1];
  page->last_ts = last[0];
  page->last_seq = last[1];
  page->link.data = page;
  return page;
}

static Page *
get_page (YcCaseListModel *self,
          guint            index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }

  page = fetch_page (self, index);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);

  while (self->lru.length > MAX_PAGES)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (((Page *) oldest->data)->index));
    }
  return page;
}

static void
ensure_counted (YcCaseListModel *self)
{
  if (self->counted)
    return;
  self->n_items = count_items (self);
  self->counted = TRUE;
}

/* Everything may have changed. */
static void
reset (YcCaseListModel *self)
{
  guint old_n = self->counted ? self->n_items : 0;

  drop_pages (self);
  self->counted = FALSE;
  ensure_counted (self);
  if (old_n == 0 && self->n_items == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ------------------------------------------------------------------ signal callbacks */

static void
on_store_changed_cb (YcCaseListModel *self,
                     const char      *kind,
                     const char      *id,
                     YcStore         *store)
{
  g_autofree char *sql = NULL;
  guint old_n;
  guint new_n;
  gboolean found = FALSE;
  gboolean matches = FALSE;
  gint64 ts = 0;
  gint64 seq = 0;
  sqlite3_stmt *stmt;

  if (!self->counted)
    return; /* nobody has looked yet */

  if (id == NULL)
    {
      reset (self);
      return;
    }

  old_n = self->n_items;
  new_n = count_items (self);

  sql = g_strdup_printf ("SELECT received_ts, seq, (%s) FROM cases WHERE id = :id", self->where);
  _yc_store_read_lock (self->store);
  stmt = prepare (self, sql);
  if (stmt != NULL)
    {
      bind_named_text (stmt, ":id", id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = TRUE;
          ts = sqlite3_column_int64 (stmt, 0);
          seq = sqlite3_column_int64 (stmt, 1);
          matches = sqlite3_column_int (stmt, 2) != 0;
        }
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self->store);

  drop_pages (self);
  self->n_items = new_n;

  if (found && matches && (new_n == old_n + 1 || new_n == old_n))
    {
      guint pos = position_of (self, ts, seq);

      g_list_model_items_changed (G_LIST_MODEL (self), pos, new_n - old_n == 1 ? 0 : 1, 1);
    }
  else if (found && !matches && new_n + 1 == old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), position_of (self, ts, seq), 1, 0);
  else if (new_n == old_n && (!found || !matches))
    return;
  else
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);

  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ------------------------------------------------------------------ GListModel */

static GType
yc_case_list_model_get_item_type (GListModel *model)
{
  return YC_TYPE_CASE;
}

static guint
yc_case_list_model_get_n_items (GListModel *model)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (model);

  ensure_counted (self);
  return self->n_items;
}

static gpointer
yc_case_list_model_get_item (GListModel *model,
                             guint       position)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (model);
  Page *page;

  ensure_counted (self);
  if (position >= self->n_items)
    return NULL;

  page = get_page (self, position / PAGE_SIZE);
  if (position % PAGE_SIZE >= page->items->len)
    return yc_case_new (); /* the table changed under us; the changed signal follows */
  return g_object_ref (g_ptr_array_index (page->items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = yc_case_list_model_get_item_type;
  iface->get_n_items = yc_case_list_model_get_n_items;
  iface->get_item = yc_case_list_model_get_item;
}

/* ------------------------------------------------------------------ GObject */

static void
yc_case_list_model_constructed (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *) object;

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->constructed (object);

  g_assert (YC_IS_STORE (self->store));
  rebuild_where (self);
  self->changed_id = g_signal_connect_object (self->store, "changed::cases",
                                              G_CALLBACK (on_store_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static void
yc_case_list_model_dispose (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  drop_pages (self);

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->dispose (object);
}

static void
yc_case_list_model_finalize (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->holder_id, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->like, g_free);
  g_clear_pointer (&self->where, g_free);

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->finalize (object);
}

static void
yc_case_list_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HOLDER_ID:
      g_value_set_string (value, self->holder_id);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_list_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_HOLDER_ID:
      yc_case_list_model_set_holder_id (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      yc_case_list_model_set_status (self, g_value_get_string (value));
      break;
    case PROP_SEARCH:
      yc_case_list_model_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_list_model_class_init (YcCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_case_list_model_constructed;
  object_class->dispose = yc_case_list_model_dispose;
  object_class->finalize = yc_case_list_model_finalize;
  object_class->get_property = yc_case_list_model_get_property;
  object_class->set_property = yc_case_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOLDER_ID] =
    g_param_spec_string ("holder-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_list_model_init (YcCaseListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/* ------------------------------------------------------------------ public */

YcCaseListModel *
yc_case_list_model_new (YcStore *store)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_CASE_LIST_MODEL, "store", store, NULL);
}

YcStore *
yc_case_list_model_get_store (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);

  return self->store;
}

/* Set a filter string; TRUE if it changed. "" counts as NULL. */
static gboolean
set_filter (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
filter_changed (YcCaseListModel *self,
                GParamSpec      *pspec)
{
  if (self->where == NULL)
    return; /* still constructing */
  rebuild_where (self);
  if (self->counted)
    reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

const char *
yc_case_list_model_get_holder_id (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);

  return self->holder_id;
}

void
yc_case_list_model_set_holder_id (YcCaseListModel *self,
                                  const char      *holder_id)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (set_filter (&self->holder_id, holder_id))
    filter_changed (self, properties[PROP_HOLDER_ID]);
}

const char *
yc_case_list_model_get_status (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);

  return self->status;
}

void
yc_case_list_model_set_status (YcCaseListModel *self,
                               const char      *status)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (set_filter (&self->status, status))
    filter_changed (self, properties[PROP_STATUS]);
}

const char *
yc_case_list_model_get_search (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);

  return self->search;
}

void
yc_case_list_model_set_search (YcCaseListModel *self,
                               const char      *search)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (set_filter (&self->search, search))
    filter_changed (self, properties[PROP_SEARCH]);
}

void
yc_case_list_model_reload (YcCaseListModel *self)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (self->counted)
    reset (self);
}
