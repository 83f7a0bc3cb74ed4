/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-handoffs-page.h: the handoffs of this clerk and, for a chief representative, of their
 * department (D12): my requests and their state, the work handed to me to sign for (签收), and
 * the approvals inbox where the chief representative approves or rejects. It follows the store,
 * so what the event feed brings shows at once, and tells the chief representative and the
 * receiver with a desktop notification. */
#pragma once

#include <gtk/gtk.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_HANDOFFS_PAGE (yc_handoffs_page_get_type ())
G_DECLARE_FINAL_TYPE (YcHandoffsPage, yc_handoffs_page, YC, HANDOFFS_PAGE, GtkWidget)

GtkWidget  *yc_handoffs_page_new            (YcStore        *store);
/* Show one of the views: "requests", "incoming" or "approvals" (chief representatives). */
void        yc_handoffs_page_show_view      (YcHandoffsPage *self,
                                             const char     *view);
const char *yc_handoffs_page_get_view       (YcHandoffsPage *self);
/* Select handoff @id in the current view; FALSE if it is not listed there. */
gboolean    yc_handoffs_page_select_handoff (YcHandoffsPage *self,
                                             const char     *id);
const char *yc_handoffs_page_get_selected   (YcHandoffsPage *self);
/* How many handoffs @view lists, and how many of them wait for this user. */
guint       yc_handoffs_page_get_n_items    (YcHandoffsPage *self,
                                             const char     *view);
guint       yc_handoffs_page_get_n_waiting  (YcHandoffsPage *self,
                                             const char     *view);
/* Open the request dialog: @kind (or NULL to choose) and the cases to preselect (NULL for
 * none, or for kinds that take all open cases). Gives the dialog. */
GtkWidget  *yc_handoffs_page_request        (YcHandoffsPage *self,
                                             const char     *kind,
                                             const char * const *case_ids);
/* How many desktop notifications the page has sent (a request to approve, work to sign for,
 * a parallel approval to answer; never for what was there when the page first read the
 * store). */
guint       yc_handoffs_page_get_n_notified (YcHandoffsPage *self);
/* The message under the selected handoff (why it cannot be done, or what went wrong). */
const char *yc_handoffs_page_get_message    (YcHandoffsPage *self);
/* Read the store again now (tests; the page follows the store by itself). */
void        yc_handoffs_page_refresh        (YcHandoffsPage *self);

G_END_DECLS
