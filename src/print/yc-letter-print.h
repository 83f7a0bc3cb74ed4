/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-print.h: print a letter's PDF with GtkPrintOperation, each page drawn by Poppler.
 * The PDF is the caller's: a print that fails or is cancelled changes nothing, it only says
 * so. Printers are listed by the preferences window (gtk_enumerate_printers); this only
 * prints. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_LETTER_PRINT_ERROR (yc_letter_print_error_quark ())

typedef enum {
  YC_LETTER_PRINT_ERROR_INVALID_PDF,       /* the letter's PDF cannot be read */
  YC_LETTER_PRINT_ERROR_NO_PRINTER,        /* no printer is set up at all */
  YC_LETTER_PRINT_ERROR_PRINTER_NOT_FOUND, /* the chosen printer is not there */
  YC_LETTER_PRINT_ERROR_FAILED,            /* the print system refused or failed */
} YcLetterPrintError;

typedef enum {
  YC_LETTER_PRINT_WITH_DIALOG, /* the print dialog, with the chosen printer and copies */
  YC_LETTER_PRINT_DIRECT,      /* straight to the chosen printer, no dialog */
  YC_LETTER_PRINT_EXPORT,      /* into a PDF file, through the same drawing as a printer */
} YcLetterPrintMode;

typedef enum {
  YC_LETTER_PRINT_RESULT_PRINTED,   /* handed to the printer (or written to the file) */
  YC_LETTER_PRINT_RESULT_CANCELLED, /* by the clerk in the dialog, or by the GCancellable */
  YC_LETTER_PRINT_RESULT_FAILED,    /* see the GError */
} YcLetterPrintResult;

typedef struct {
  YcLetterPrintMode  mode;
  const char        *printer;         /* a printer's name; NULL or "" for the default one */
  int                copies;          /* 1 or more; the "copies-per-letter" preference */
  const char        *job_name;        /* shown in the print queue; NULL for "Letter" */
  const char        *export_filename; /* YC_LETTER_PRINT_EXPORT only */
} YcLetterPrintOptions;

GQuark              yc_letter_print_error_quark (void);

/* Print @pdf (A4 pages, drawn at full page without margins) as @options say. @options is
 * copied. @parent is the dialog's parent and may be NULL. */
void                yc_letter_print_async       (GBytes                     *pdf,
                                                 GtkWindow                  *parent,
                                                 const YcLetterPrintOptions *options,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data);

/* Returns what happened; @error is set for YC_LETTER_PRINT_RESULT_FAILED only, with a message
 * the clerk can read. */
YcLetterPrintResult yc_letter_print_finish      (GAsyncResult               *result,
                                                 GError                    **error);

G_END_DECLS
