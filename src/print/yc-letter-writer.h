/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-writer.h: a letter (D13) as an A4 PDF, laid out with Pango from its content and
 * the wording of data/letters. The PDF is the one source: it is previewed, printed and
 * archived as written here. Writing touches no GTK and can run on any thread. */
#pragma once

#include <gio/gio.h>

#include "yc-letter-content.h"

G_BEGIN_DECLS

/* A4 in PDF points. */
#define YC_LETTER_PAGE_WIDTH  595.28
#define YC_LETTER_PAGE_HEIGHT 841.89

typedef enum {
  YC_LETTER_WRITE_NONE     = 0,
  YC_LETTER_WRITE_STUB     = 1 << 0, /* the centre's copy: marked 存根 */
  YC_LETTER_WRITE_REPRINT  = 1 << 1, /* a copy of a letter issued before: marked 补打 */
  YC_LETTER_WRITE_TRAINING = 1 << 2, /* printed in training: void, watermarked 培训演示 无效 */
} YcLetterWriteFlags;

#define YC_LETTER_WRITER_ERROR (yc_letter_writer_error_quark ())

typedef enum {
  YC_LETTER_WRITER_ERROR_INVALID, /* content that no letter can be made of (no kind, a row without a name) */
  YC_LETTER_WRITER_ERROR_FAILED,  /* cairo could not write the PDF */
} YcLetterWriterError;

#define YC_TYPE_LETTER_WRITER (yc_letter_writer_get_type ())
G_DECLARE_FINAL_TYPE (YcLetterWriter, yc_letter_writer, YC, LETTER_WRITER, GObject)

GQuark          yc_letter_writer_error_quark (void);

/* A writer that reads its templates from @templates_dir (NULL: yc_letter_templates_dir()). */
YcLetterWriter *yc_letter_writer_new               (const char             *templates_dir);
const char     *yc_letter_writer_get_templates_dir (YcLetterWriter         *self);

/* The PDF of @content. Fails with YC_LETTER_FONTS_ERROR when a letter face is missing,
 * YC_LETTER_TEMPLATE_ERROR when the kind's template is unusable or @content lacks something
 * the letter must state (EMPTY_FIELD, naming it), YC_LETTER_WRITER_ERROR otherwise. The
 * same content and flags give the same bytes. Thread-safe; the writer keeps no state. */
GBytes         *yc_letter_writer_write             (YcLetterWriter         *self,
                                                    const YcLetterContent  *content,
                                                    YcLetterWriteFlags      flags,
                                                    GError                **error);
/* The same on a worker thread; @content is copied. */
void            yc_letter_writer_write_async       (YcLetterWriter         *self,
                                                    const YcLetterContent  *content,
                                                    YcLetterWriteFlags      flags,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
GBytes         *yc_letter_writer_write_finish      (YcLetterWriter         *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

G_END_DECLS
