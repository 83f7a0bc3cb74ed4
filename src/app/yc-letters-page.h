/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letters-page.h: the letters issued at this workstation: search, preview, print, reprint
 * and save as PDF (D13). Printing is separate from issuing: a failed or cancelled print is
 * recorded and the letter can be printed again. */
#pragma once

#include <gtk/gtk.h>

#include "yc-letter-writer.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_LETTERS_PAGE (yc_letters_page_get_type ())
G_DECLARE_FINAL_TYPE (YcLettersPage, yc_letters_page, YC, LETTERS_PAGE, GtkWidget)

/* @settings gives the printer and the copies per letter; in @training every letter printed
 * is void (a reprint made here carries the watermark). */
GtkWidget *yc_letters_page_new            (YcStore        *store,
                                           YcLetterWriter *writer,
                                           GSettings      *settings,
                                           gboolean        training);
/* Select letter @id in the list (after a refresh if it is new); FALSE if it is not there. */
gboolean   yc_letters_page_select_letter  (YcLettersPage  *self,
                                           const char     *id);
/* The id of the selected letter, or NULL. */
const char *yc_letters_page_get_selected  (YcLettersPage  *self);
/* How many letters the list shows. */
guint      yc_letters_page_get_n_letters  (YcLettersPage  *self);

G_END_DECLS
