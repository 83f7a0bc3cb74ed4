/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-item-guide.h: a service item's whole guide (办事指南, D1) for the clerk to read out and
 * the visitor to take away (一次性告知, D3): the facts, the legal basis and conditions, every
 * material, the procedure and the complaint channel, all selectable. The action guide.print
 * prints it as one A4 page (yc-guide-writer), written off the main thread. */
#pragma once

#include <adwaita.h>

#include "yc-letter-print.h"
#include "yc-service-item.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_GUIDE (yc_item_guide_get_type ())
G_DECLARE_FINAL_TYPE (YcItemGuide, yc_item_guide, YC, ITEM_GUIDE, AdwBin)

GtkWidget     *yc_item_guide_new                  (void);
/* Show @item's guide; NULL shows “Choose a service item”. */
void           yc_item_guide_set_item             (YcItemGuide   *self,
                                                   YcServiceItem *item);
YcServiceItem *yc_item_guide_get_item             (YcItemGuide   *self);
/* Department id → name (char *) for the guide and its print; NULL shows the id. Ref'd. */
void           yc_item_guide_set_department_names (YcItemGuide   *self,
                                                   GHashTable    *names);
/* What guide.print needs: the settings with the "printer" key (NULL: always the dialog),
 * the centre's name printed at the top (NULL: none), and training (the print is
 * watermarked). */
void           yc_item_guide_set_print_context    (YcItemGuide   *self,
                                                   GSettings     *settings,
                                                   const char    *centre,
                                                   gboolean       training);
/* Print the guide shown as @options say (guide.print uses the dialog, or DIRECT when the
 * "printer" setting names one). */
void           yc_item_guide_print_async          (YcItemGuide                *self,
                                                   const YcLetterPrintOptions *options,
                                                   GCancellable               *cancellable,
                                                   GAsyncReadyCallback         callback,
                                                   gpointer                    user_data);
YcLetterPrintResult yc_item_guide_print_finish    (YcItemGuide   *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

G_END_DECLS
