/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-catalogue-index"

#include "config.h"

#include <string.h>

#include "yc-catalogue-index.h"

typedef struct {
  YcServiceItem *item;
  char *code;    /* each folded (fold_key) */
  char *name;
  char *pinyin;
  gsize code_len;
  /* Which bytes (modulo 64) occur in each key: a key lacking one of the query's cannot
   * contain it, as a substring or a subsequence, and is passed over without a scan. */
  guint64 code_bytes;
  guint64 name_bytes;
  guint64 pinyin_bytes;
} Entry;

/* The entries a recent query matched. Typing on extends the query, and whatever matches the
 * longer query matched the shorter one (every kind of match implies that the key contains
 * the query as a substring or a subsequence), so a search only looks at the entries of the
 * longest recent query that begins its own. Backspacing finds its query still here. */
#define N_RECENT 8

typedef struct {
  char *query;
  guint *entries;
  guint n_entries;
} Recent;

struct _YcCatalogueIndex
{
  GObject parent_instance;

  Entry *entries; /* by code */
  guint n_entries;
  GHashTable *by_code; /* code (as given) → Entry */

  GMutex lock;     /* for recent: searches may run on several threads */
  Recent recent[N_RECENT];
  guint next_recent;
};

G_DEFINE_FINAL_TYPE (YcCatalogueIndex, yc_catalogue_index, G_TYPE_OBJECT)

/* Full-width letters and digits (ＧＴ, ＳＣＪＧ) as typed by some Chinese input methods
 * become their ASCII forms, and case is folded. */
static char *
fold_key (const char *text)
{
  g_autofree char *normal = NULL;

  if (text == NULL)
    return g_strdup ("");
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normal == NULL)
    return g_strdup ("");
  return g_utf8_casefold (normal, -1);
}

static guint64
byte_set (const char *text)
{
  guint64 set = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    set |= G_GUINT64_CONSTANT (1) << (*p & 63);
  return set;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  return g_strcmp0 (yc_service_item_get_code (x->item), yc_service_item_get_code (y->item));
}

/* Each byte of @needle in @haystack in order. Pinyin initials are ASCII, so bytes will do. */
static gboolean
is_subsequence (const char *needle,
                const char *haystack)
{
  for (; *needle != '\0'; needle++)
    {
      haystack = strchr (haystack, *needle);
      if (haystack == NULL)
        return FALSE;
      haystack++;
    }
  return TRUE;
}

static gboolean
is_ascii_word (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isalnum (*text))
      return FALSE;
  return TRUE;
}

static YcCatalogueMatch
match_entry (const Entry *entry,
             const char  *query,
             gsize        query_len,
             guint64      query_bytes,
             gboolean     ascii_word)
{
  gboolean in_code = (query_bytes & ~entry->code_bytes) == 0;
  gboolean in_name = (query_bytes & ~entry->name_bytes) == 0;

  if (in_code && query_len <= entry->code_len && strncmp (entry->code, query, query_len) == 0)
    return query_len == entry->code_len ? YC_CATALOGUE_MATCH_CODE_EXACT
                                        : YC_CATALOGUE_MATCH_CODE_PREFIX;
  if (in_name && strncmp (entry->name, query, query_len) == 0)
    return YC_CATALOGUE_MATCH_NAME_PREFIX;
  if (in_name && strstr (entry->name, query) != NULL)
    return YC_CATALOGUE_MATCH_NAME;
  if (in_code && strstr (entry->code, query) != NULL)
    return YC_CATALOGUE_MATCH_CODE;
  if (ascii_word && (query_bytes & ~entry->pinyin_bytes) == 0)
    {
      if (strncmp (entry->pinyin, query, query_len) == 0)
        return YC_CATALOGUE_MATCH_PINYIN_PREFIX;
      if (is_subsequence (query, entry->pinyin))
        return YC_CATALOGUE_MATCH_PINYIN;
    }
  return YC_CATALOGUE_MATCH_NONE;
}

/* A copy of the entries of the longest recent query that @query begins with, or NULL (then
 * every entry is a candidate). */
static guint *
recent_candidates (YcCatalogueIndex *self,
                   const char       *query,
                   guint            *n_candidates)
{
  const Recent *best = NULL;
  gsize best_len = 0;
  guint *copy = NULL;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < N_RECENT; i++)
    {
      const Recent *recent = &self->recent[i];
      gsize len;

      if (recent->query == NULL)
        continue;
      len = strlen (recent->query);
      if (len >= best_len && g_str_has_prefix (query, recent->query))
        {
          best = recent;
          best_len = len;
        }
    }
  if (best != NULL)
    {
      copy = g_memdup2 (best->entries, MAX (best->n_entries, 1) * sizeof (guint));
      *n_candidates = best->n_entries;
    }
  g_mutex_unlock (&self->lock);
  return copy;
}

static void
remember (YcCatalogueIndex *self,
          const char       *query,
          const guint      *entries,
          guint             n_entries)
{
  Recent *recent;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < N_RECENT; i++)
    if (g_strcmp0 (self->recent[i].query, query) == 0)
      {
        g_mutex_unlock (&self->lock);
        return;
      }
  recent = &self->recent[self->next_recent];
  self->next_recent = (self->next_recent + 1) % N_RECENT;
  g_free (recent->query);
  g_free (recent->entries);
  recent->query = g_strdup (query);
  recent->entries = g_memdup2 (entries, MAX (n_entries, 1) * sizeof (guint));
  recent->n_entries = n_entries;
  g_mutex_unlock (&self->lock);
}

static char *
fold_query (const char *query)
{
  g_autofree char *folded = fold_key (query);

  return g_strdup (g_strstrip (folded));
}

static void
yc_catalogue_index_finalize (GObject *object)
{
  YcCatalogueIndex *self = YC_CATALOGUE_INDEX (object);

  for (guint i = 0; i < self->n_entries; i++)
    {
      Entry *entry = &self->entries[i];

      g_object_unref (entry->item);
      g_free (entry->code);
      g_free (entry->name);
      g_free (entry->pinyin);
    }
  g_free (self->entries);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  for (guint i = 0; i < N_RECENT; i++)
    {
      g_free (self->recent[i].query);
      g_free (self->recent[i].entries);
    }
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (yc_catalogue_index_parent_class)->finalize (object);
}

static void
yc_catalogue_index_class_init (YcCatalogueIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_catalogue_index_finalize;
}

static void
yc_catalogue_index_init (YcCatalogueIndex *self)
{
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&self->lock);
}

YcCatalogueIndex *
yc_catalogue_index_new (GPtrArray *items)
{
  YcCatalogueIndex *self;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (YC_TYPE_CATALOGUE_INDEX, NULL);
  self->entries = g_new0 (Entry, MAX (items->len, 1));
  for (guint i = 0; i < items->len; i++)
    {
      YcServiceItem *item = g_ptr_array_index (items, i);
      Entry *entry;

      g_return_val_if_fail (YC_IS_SERVICE_ITEM (item), self);
      entry = &self->entries[self->n_entries++];
      entry->item = g_object_ref (item);
      entry->code = fold_key (yc_service_item_get_code (item));
      entry->code_len = strlen (entry->code);
      entry->name = fold_key (yc_service_item_get_name (item));
      entry->pinyin = fold_key (yc_service_item_get_pinyin (item));
      entry->code_bytes = byte_set (entry->code);
      entry->name_bytes = byte_set (entry->name);
      entry->pinyin_bytes = byte_set (entry->pinyin);
    }
  qsort (self->entries, self->n_entries, sizeof (Entry), compare_entries);
  for (guint i = 0; i < self->n_entries; i++)
    {
      const char *code = yc_service_item_get_code (self->entries[i].item);

      if (code != NULL)
        g_hash_table_insert (self->by_code, (gpointer) code, &self->entries[i]);
    }
  return self;
}

guint
yc_catalogue_index_get_n_items (YcCatalogueIndex *self)
{
  g_return_val_if_fail (YC_IS_CATALOGUE_INDEX (self), 0);

  return self->n_entries;
}

YcServiceItem *
yc_catalogue_index_lookup (YcCatalogueIndex *self,
                           const char       *code)
{
  Entry *entry;

  g_return_val_if_fail (YC_IS_CATALOGUE_INDEX (self), NULL);

  if (code == NULL)
    return NULL;
  entry = g_hash_table_lookup (self->by_code, code);
  return entry != NULL ? entry->item : NULL;
}

GPtrArray *
yc_catalogue_index_search (YcCatalogueIndex *self,
                           const char       *query,
                           guint             limit)
{
  g_autofree char *folded = NULL;
  g_autofree guint *ranked = NULL;
  guint counts[YC_CATALOGUE_MATCH_NONE + 1] = { 0 };
  guint starts[YC_CATALOGUE_MATCH_NONE + 1];
  g_autofree guint8 *matches = NULL;
  g_autofree guint *candidates = NULL;
  g_autofree guint *matched = NULL;
  GPtrArray *found;
  gsize query_len;
  guint64 query_bytes;
  gboolean ascii_word;
  guint total = 0, n, n_candidates = 0;

  g_return_val_if_fail (YC_IS_CATALOGUE_INDEX (self), NULL);

  folded = fold_query (query);
  query_len = strlen (folded);
  if (query_len == 0)
    {
      n = limit > 0 ? MIN (limit, self->n_entries) : self->n_entries;
      found = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (found, g_object_ref (self->entries[i].item));
      return found;
    }

  /* One pass over the candidates records each one's match; a counting sort by match then
   * keeps code order within each, as the entries (and so the candidates) are by code. */
  ascii_word = is_ascii_word (folded);
  query_bytes = byte_set (folded);
  candidates = recent_candidates (self, folded, &n_candidates);
  if (candidates == NULL)
    {
      n_candidates = self->n_entries;
      candidates = g_new (guint, MAX (n_candidates, 1));
      for (guint i = 0; i < n_candidates; i++)
        candidates[i] = i;
    }
  matches = g_new (guint8, MAX (n_candidates, 1));
  for (guint c = 0; c < n_candidates; c++)
    {
      YcCatalogueMatch match = match_entry (&self->entries[candidates[c]], folded, query_len,
                                            query_bytes, ascii_word);

      matches[c] = match;
      counts[match]++;
    }
  for (guint m = 0; m < YC_CATALOGUE_MATCH_NONE; m++)
    {
      starts[m] = total;
      total += counts[m];
    }
  ranked = g_new (guint, MAX (total, 1));
  matched = g_new (guint, MAX (total, 1));
  for (guint c = 0, k = 0; c < n_candidates; c++)
    if (matches[c] != YC_CATALOGUE_MATCH_NONE)
      {
        ranked[starts[matches[c]]++] = candidates[c];
        matched[k++] = candidates[c];
      }
  remember (self, folded, matched, total);

  n = limit > 0 ? MIN (limit, total) : total;
  found = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (found, g_object_ref (self->entries[ranked[i]].item));
  return found;
}

YcCatalogueMatch
yc_catalogue_index_match (YcCatalogueIndex *self,
                          YcServiceItem    *item,
                          const char       *query)
{
  g_autofree char *folded = NULL;
  Entry entry = { 0 };
  YcCatalogueMatch match;

  g_return_val_if_fail (YC_IS_CATALOGUE_INDEX (self), YC_CATALOGUE_MATCH_NONE);
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (item), YC_CATALOGUE_MATCH_NONE);

  folded = fold_query (query);
  entry.code = fold_key (yc_service_item_get_code (item));
  entry.code_len = strlen (entry.code);
  entry.name = fold_key (yc_service_item_get_name (item));
  entry.pinyin = fold_key (yc_service_item_get_pinyin (item));
  entry.code_bytes = byte_set (entry.code);
  entry.name_bytes = byte_set (entry.name);
  entry.pinyin_bytes = byte_set (entry.pinyin);
  match = match_entry (&entry, folded, strlen (folded), byte_set (folded), is_ascii_word (folded));
  g_free (entry.code);
  g_free (entry.name);
  g_free (entry.pinyin);
  return match;
}
