/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-handoff-detail.h: one handoff as the people concerned read it (D12): who gives, who
 * receives, the reason, each step with who and when, its cases with their time left, and for a
 * parallel approval the answer of every department as it arrives. Activating a case asks for
 * its history ("case-activated"). */
#pragma once

#include <gtk/gtk.h>

#include "yc-calendar.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_HANDOFF_DETAIL (yc_handoff_detail_get_type ())
G_DECLARE_FINAL_TYPE (YcHandoffDetail, yc_handoff_detail, YC, HANDOFF_DETAIL, GtkWidget)

GtkWidget *yc_handoff_detail_new  (void);
/* Show @handoff. @all is every handoff known here (the other departments' answers of a parallel
 * approval come from it); @staff and @departments map ids to names. */
void       yc_handoff_detail_show (YcHandoffDetail *self,
                                   YcStore         *store,
                                   YcHandoff       *handoff,
                                   GPtrArray       *all,
                                   GHashTable      *staff,
                                   GHashTable      *departments,
                                   YcCalendar      *calendar);

G_END_DECLS
