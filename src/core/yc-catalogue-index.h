/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-catalogue-index.h: the service items searched as the clerk types (事项检索).
 *
 * Built once from the catalogue, immutable afterwards: every key is folded when the index is
 * built, so a search is one pass over flat strings and may run on any thread. A query matches
 * an item's code or name as a substring, or its pinyin initials (拼音首字母) as a
 * subsequence: "gtdj" finds 个体工商户设立登记 ("gtgshsldj"). */
#pragma once

#include <glib-object.h>

#include "yc-service-item.h"

G_BEGIN_DECLS

/* How well an item matches a query, best first. */
typedef enum {
  YC_CATALOGUE_MATCH_CODE_EXACT,
  YC_CATALOGUE_MATCH_CODE_PREFIX,
  YC_CATALOGUE_MATCH_NAME_PREFIX,
  YC_CATALOGUE_MATCH_NAME,
  YC_CATALOGUE_MATCH_CODE,
  YC_CATALOGUE_MATCH_PINYIN_PREFIX,
  YC_CATALOGUE_MATCH_PINYIN,
  YC_CATALOGUE_MATCH_NONE,
} YcCatalogueMatch;

#define YC_TYPE_CATALOGUE_INDEX (yc_catalogue_index_get_type ())
G_DECLARE_FINAL_TYPE (YcCatalogueIndex, yc_catalogue_index, YC, CATALOGUE_INDEX, GObject)

/* An index of @items (YcServiceItem, each ref'd; the array is not kept). */
YcCatalogueIndex *yc_catalogue_index_new         (GPtrArray        *items);
guint             yc_catalogue_index_get_n_items (YcCatalogueIndex *self);
/* The item with @code (exactly), or NULL. Not ref'd. */
YcServiceItem    *yc_catalogue_index_lookup      (YcCatalogueIndex *self,
                                                  const char       *code);
/* The items matching @query (case-insensitive, surrounding blanks ignored), best match first
 * and by code within a match, at most @limit (0: all). An empty or NULL query gives every
 * item by code. A new array of ref'd YcServiceItem. Thread-safe. */
GPtrArray        *yc_catalogue_index_search      (YcCatalogueIndex *self,
                                                  const char       *query,
                                                  guint             limit);
/* How @item matches @query (folded as the search folds it). */
YcCatalogueMatch  yc_catalogue_index_match       (YcCatalogueIndex *self,
                                                  YcServiceItem    *item,
                                                  const char       *query);

G_END_DECLS
