/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-issue.h: issuing a letter as one step: the store numbers it, the writer lays it
 * out from the case, the item, the centre and the clerk, and the store keeps the PDF and its
 * fingerprint in the same transaction (D13). Also reading a kept PDF back, off the main
 * thread. Printing is separate (yc-letter-print.h): a letter is issued whether or not it
 * prints. */
#pragma once

#include <gio/gio.h>

#include "yc-letter-writer.h"
#include "yc-store.h"

G_BEGIN_DECLS

/* Issue @draft (case_id, kind, items; reprint_of for a reprint). @flags add marks (TRAINING
 * in training; a reprint is marked 补打 by itself). The case, item, centre and clerk are
 * read from @store now; the layout runs on the store's writer thread. */
void      yc_letter_issue_async   (YcStore             *store,
                                   YcLetterWriter      *writer,
                                   YcLetter            *draft,
                                   YcLetterWriteFlags   flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
YcLetter *yc_letter_issue_finish  (GAsyncResult        *result,
                                   GError             **error);

/* A reprint of letter @letter_id: the same number and content, marked 补打, a letter of its
 * own with reprint_of set. */
void      yc_letter_reprint_async (YcStore             *store,
                                   YcLetterWriter      *writer,
                                   const char          *letter_id,
                                   YcLetterWriteFlags   flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
YcLetter *yc_letter_reprint_finish (GAsyncResult       *result,
                                    GError            **error);

/* The centre's stub copy (存根) of letter @letter_id: its content written again from the
 * records with YC_LETTER_WRITE_STUB (and 补打 for a reprint) plus @flags, on a worker thread.
 * Nothing is issued or stored: the stub is a copy to keep, not a letter of its own. */
void      yc_letter_write_stub_async  (YcStore             *store,
                                       YcLetterWriter      *writer,
                                       const char          *letter_id,
                                       YcLetterWriteFlags   flags,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GBytes   *yc_letter_write_stub_finish (GAsyncResult        *result,
                                       GError             **error);

/* The kept PDF of letter @letter_id, read on a worker thread. Fails with G_IO_ERROR_NOT_FOUND
 * (and a message for the clerk) when this workstation has none. */
void      yc_letter_load_pdf_async  (YcStore             *store,
                                     const char          *letter_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GBytes   *yc_letter_load_pdf_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
