/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-guide-writer.h: a service item's guide (办事指南, D1) as an A4 PDF for the visitor to
 * take away (一次性告知, D3): the facts, the conditions, every material with its form,
 * copies, whether it is required and its notes, the procedure and the complaint channel. Set
 * in the letter faces with the letter layout, so it prints exactly as it is previewed. A
 * Chinese document in every UI language, like the letters. No GTK; runs on any thread. */
#pragma once

#include <gio/gio.h>

#include "yc-service-item.h"

G_BEGIN_DECLS

typedef enum {
  YC_GUIDE_WRITE_NONE     = 0,
  YC_GUIDE_WRITE_TRAINING = 1 << 0, /* printed in training: watermarked 培训演示 无效 */
} YcGuideWriteFlags;

/* Who publishes the guide, and when it is printed (the footer). */
typedef struct {
  const char *centre;      /* the service centre's name; NULL or "" to leave it out */
  const char *department;  /* the department's name; NULL: the item's department id */
  GDateTime  *printed_at;  /* NULL: now */
} YcGuideInfo;

#define YC_GUIDE_WRITER_ERROR (yc_guide_writer_error_quark ())

typedef enum {
  YC_GUIDE_WRITER_ERROR_INVALID, /* an item without a code or a name */
  YC_GUIDE_WRITER_ERROR_FAILED,  /* cairo could not write the PDF */
} YcGuideWriterError;

#define YC_TYPE_GUIDE_WRITER (yc_guide_writer_get_type ())
G_DECLARE_FINAL_TYPE (YcGuideWriter, yc_guide_writer, YC, GUIDE_WRITER, GObject)

GQuark         yc_guide_writer_error_quark (void);
YcGuideWriter *yc_guide_writer_new          (void);
/* The PDF of @item's guide. Fails with YC_LETTER_FONTS_ERROR when a face is missing,
 * YC_GUIDE_WRITER_ERROR otherwise. Thread-safe; the writer keeps no state. */
GBytes        *yc_guide_writer_write        (YcGuideWriter      *self,
                                             YcServiceItem      *item,
                                             const YcGuideInfo  *info,
                                             YcGuideWriteFlags   flags,
                                             GError            **error);
/* The same on a worker thread; @info is copied. */
void           yc_guide_writer_write_async  (YcGuideWriter      *self,
                                             YcServiceItem      *item,
                                             const YcGuideInfo  *info,
                                             YcGuideWriteFlags   flags,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
GBytes        *yc_guide_writer_write_finish (YcGuideWriter      *self,
                                             GAsyncResult       *result,
                                             GError            **error);

G_END_DECLS
