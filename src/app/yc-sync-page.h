/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-outbox.h"
#include "yc-sync.h"

G_BEGIN_DECLS

#define YC_TYPE_SYNC_PAGE (yc_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (YcSyncPage, yc_sync_page, YC, SYNC_PAGE, GtkWidget)

GtkWidget *yc_sync_page_new              (YcSync    *sync,
                                          YcOutbox  *outbox);
/* Rows shown now (for tests). */
guint      yc_sync_page_get_n_pending_rows   (YcSyncPage *self);
guint      yc_sync_page_get_n_attention_rows (YcSyncPage *self);

G_END_DECLS
