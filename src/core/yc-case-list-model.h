/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-case-list-model.h: the cases of the local store as a GListModel of YcCase.
 *
 * It pages from SQLite instead of building every object: n_items comes from a COUNT, items
 * are read 100 rows at a time when asked for and kept in a small LRU cache of pages. Newest
 * first (by the time the application was received). It follows the store's "changed::cases"
 * signal with the narrowest items-changed it can work out.
 *
 * The items are list rows: id, number, service item, status, holder, due date, times and the
 * applicant's name with the ID number MASKED (D14). For the full record (detail view) use
 * yc_store_get_case(). */
#pragma once

#include <gio/gio.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_LIST_MODEL (yc_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseListModel, yc_case_list_model, YC, CASE_LIST_MODEL, GObject)

YcCaseListModel *yc_case_list_model_new            (YcStore         *store);
YcStore         *yc_case_list_model_get_store      (YcCaseListModel *self);

/* Filters; NULL (or "") for none. The search text matches the case number, the applicant's
 * name and the service item's name. */
const char      *yc_case_list_model_get_holder_id  (YcCaseListModel *self);
void             yc_case_list_model_set_holder_id  (YcCaseListModel *self,
                                                    const char      *holder_id);
const char      *yc_case_list_model_get_status     (YcCaseListModel *self);
void             yc_case_list_model_set_status     (YcCaseListModel *self,
                                                    const char      *status);
const char      *yc_case_list_model_get_search     (YcCaseListModel *self);
void             yc_case_list_model_set_search     (YcCaseListModel *self,
                                                    const char      *search);

/* Drop the cached pages and count again (items-changed over everything). */
void             yc_case_list_model_reload         (YcCaseListModel *self);

G_END_DECLS
