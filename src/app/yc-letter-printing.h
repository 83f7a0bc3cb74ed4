/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-printing.h: printing an issued letter as the preferences say (the chosen printer
 * straight away, or the print dialog) and recording how it went in the store, for every page
 * that prints letters. */
#pragma once

#include <gtk/gtk.h>

#include "yc-letter-print.h"
#include "yc-store.h"

G_BEGIN_DECLS

/* @options as the preferences say: the chosen printer straight away (the dialog when none is
 * chosen, or with @with_dialog) and the copies per letter. Returns the printer's name, which
 * options->printer points to: free it once the print has started (the options are copied). */
char  *yc_letter_printing_get_options  (GSettings            *settings,
                                        gboolean              with_dialog,
                                        YcLetterPrintOptions *options);
/* Print @pdf, the kept PDF of letter @letter_id (number @number), from @widget's window. The
 * print state is recorded (printed, failed, cancelled) before @callback runs. */
void   yc_letter_printing_print_async  (GtkWidget           *widget,
                                        YcStore             *store,
                                        GSettings           *settings,
                                        GBytes              *pdf,
                                        const char          *letter_id,
                                        const char          *number,
                                        gboolean             with_dialog,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* What happened, in a sentence for a toast; @printed tells whether it reached the printer. */
char  *yc_letter_printing_print_finish (GAsyncResult        *result,
                                        gboolean            *printed);
/* A letter kind's name for the screen ("one_time_notice" → One-Time Notice), translated. */
const char *yc_letter_kind_title       (const char          *kind);

G_END_DECLS
