/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letters-page.h: the letters issued at this workstation: search, preview, print, reprint
 * and save as PDF (D13), and print the centre's stub copy (存根). Printing is separate from issuing: a failed or cancelled print is
 * recorded and the letter can be printed again. */
#pragma once

#include <gtk/gtk.h>

#include "yc-letter-print.h"
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
/* Print the stub copy (存根) of the selected letter as @options say (letters.print-stub takes
 * them from the settings); in training it is void. Neither a letter is issued nor the
 * selected one's print state changed. */
void       yc_letters_page_print_stub_async  (YcLettersPage              *self,
                                              const YcLetterPrintOptions *options,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
YcLetterPrintResult yc_letters_page_print_stub_finish (YcLettersPage  *self,
                                                       GAsyncResult   *result,
                                                       GError        **error);

G_END_DECLS
