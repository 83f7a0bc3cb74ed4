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
} Entry;

struct _YcCatalogueIndex
{
  GObject parent_instance;

  Entry *entries; /* by code */
  guint n_entries;
  GHashTable *by_code; /* code (as given) → Entry */
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
             gboolean     ascii_word)
{
  if (query_len <= entry->code_len && strncmp (entry->code, query, query_len) == 0)
    return query_len == entry->code_len ? YC_CATALOGUE_MATCH_CODE_EXACT
                                        : YC_CATALOGUE_MATCH_CODE_PREFIX;
  if (strncmp (entry->name, query, query_len) == 0)
    return YC_CATALOGUE_MATCH_NAME_PREFIX;
  if (strstr (entry->name, query) != NULL)
    return YC_CATALOGUE_MATCH_NAME;
  if (strstr (entry->code, query) != NULL)
    return YC_CATALOGUE_MATCH_CODE;
  if (ascii_word)
    {
      if (strncmp (entry->pinyin, query, query_len) == 0)
        return YC_CATALOGUE_MATCH_PINYIN_PREFIX;
      if (is_subsequence (query, entry->pinyin))
        return YC_CATALOGUE_MATCH_PINYIN;
    }
  return YC_CATALOGUE_MATCH_NONE;
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
  GPtrArray *found;
  gsize query_len;
  gboolean ascii_word;
  guint total = 0, n;

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

  /* One pass records each entry's match; a counting sort by match then keeps code order
   * within each, as the entries are by code. */
  ascii_word = is_ascii_word (folded);
  matches = g_new (guint8, MAX (self->n_entries, 1));
  for (guint i = 0; i < self->n_entries; i++)
    {
      YcCatalogueMatch match = match_entry (&self->entries[i], folded, query_len, ascii_word);

      matches[i] = match;
      counts[match]++;
    }
  for (guint m = 0; m < YC_CATALOGUE_MATCH_NONE; m++)
    {
      starts[m] = total;
      total += counts[m];
    }
  ranked = g_new (guint, MAX (total, 1));
  for (guint i = 0; i < self->n_entries; i++)
    if (matches[i] != YC_CATALOGUE_MATCH_NONE)
      ranked[starts[matches[i]]++] = i;

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
  match = match_entry (&entry, folded, strlen (folded), is_ascii_word (folded));
  g_free (entry.code);
  g_free (entry.name);
  g_free (entry.pinyin);
  return match;
}
