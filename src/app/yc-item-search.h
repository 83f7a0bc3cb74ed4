/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-item-search.h: the service item picker of the intake page (事项检索): a search entry
 * with the matching items under it, filtered as the clerk types a name, a code or the pinyin
 * initials. Up and Down move through the results from the entry, Enter (or a click) chooses
 * one, Escape clears. The catalogue is read from the store off the main thread and read again
 * whenever the store says the catalogue changed. */
#pragma once

#include <adwaita.h>

#include "yc-catalogue-index.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_SEARCH (yc_item_search_get_type ())
G_DECLARE_FINAL_TYPE (YcItemSearch, yc_item_search, YC, ITEM_SEARCH, AdwBin)

GtkWidget        *yc_item_search_new                  (void);
/* Search the catalogue of @store (NULL: none). Loading runs on a worker thread; the index
 * is replaced when it is ready, and again after each "changed::catalogue" of @store. */
void              yc_item_search_set_store            (YcItemSearch *self,
                                                       YcStore      *store);
/* Department id → name (char *), shown next to each item; NULL shows the ids. Ref'd. */
void              yc_item_search_set_department_names (YcItemSearch *self,
                                                       GHashTable   *names);
/* Search @index instead of a store's catalogue (a store set later replaces it). */
void              yc_item_search_set_index            (YcItemSearch     *self,
                                                       YcCatalogueIndex *index);
/* The index searched now, or NULL while the catalogue is loading. */
YcCatalogueIndex *yc_item_search_get_index            (YcItemSearch *self);
/* The item last chosen (item-chosen), or NULL. */
YcServiceItem    *yc_item_search_get_chosen           (YcItemSearch *self);
/* The selected result (what Enter would choose), or NULL. */
YcServiceItem    *yc_item_search_get_selected         (YcItemSearch *self);
/* The results shown (YcServiceItem), best first: at most 30, the best of the matches. */
GListModel       *yc_item_search_get_results          (YcItemSearch *self);
/* How many items the query matches (all of them when it is empty). */
guint             yc_item_search_get_n_matches        (YcItemSearch *self);
GtkEditable      *yc_item_search_get_entry            (YcItemSearch *self);
/* Clear the query and the chosen item. */
void              yc_item_search_reset                (YcItemSearch *self);

G_END_DECLS
