/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-pdf-preview.h: a letter's PDF as a document viewer shows it: the pages one below the
 * other on a grey ground, zoomed to the width or to a fixed size, rendered by Poppler off the
 * main thread.
 *
 * Actions (with their keys): preview.zoom-fit-width (W), preview.zoom-100 (Ctrl+0),
 * preview.zoom-in (Ctrl+plus), preview.zoom-out (Ctrl+minus), preview.next-page (Page Down),
 * preview.previous-page (Page Up). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  YC_PDF_PREVIEW_ZOOM_FIT_WIDTH, /* the pages as wide as the view */
  YC_PDF_PREVIEW_ZOOM_FIXED,     /* the pages at the "zoom" property's size */
} YcPdfPreviewZoomMode;

#define YC_TYPE_PDF_PREVIEW_ZOOM_MODE (yc_pdf_preview_zoom_mode_get_type ())
GType yc_pdf_preview_zoom_mode_get_type (void);

/* Zoom limits; 1.0 is 100 % (YC_PDF_PIXELS_PER_POINT_100). */
#define YC_PDF_PREVIEW_ZOOM_MIN 0.25
#define YC_PDF_PREVIEW_ZOOM_MAX 4.0

#define YC_TYPE_PDF_PREVIEW (yc_pdf_preview_get_type ())

G_DECLARE_FINAL_TYPE (YcPdfPreview, yc_pdf_preview, YC, PDF_PREVIEW, GtkWidget)

GtkWidget            *yc_pdf_preview_new               (void);
/* Show @pdf (a reference is kept); NULL shows nothing. */
void                  yc_pdf_preview_set_pdf           (YcPdfPreview         *self,
                                                        GBytes               *pdf);
GBytes               *yc_pdf_preview_get_pdf           (YcPdfPreview         *self);
guint                 yc_pdf_preview_get_n_pages       (YcPdfPreview         *self);
/* The page in view, counted from 0. */
guint                 yc_pdf_preview_get_page          (YcPdfPreview         *self);
void                  yc_pdf_preview_set_page          (YcPdfPreview         *self,
                                                        guint                 page);
YcPdfPreviewZoomMode  yc_pdf_preview_get_zoom_mode     (YcPdfPreview         *self);
void                  yc_pdf_preview_set_zoom_mode     (YcPdfPreview         *self,
                                                        YcPdfPreviewZoomMode  mode);
/* The zoom in effect (also when fitting the width); setting it switches to FIXED. */
double                yc_pdf_preview_get_zoom          (YcPdfPreview         *self);
void                  yc_pdf_preview_set_zoom          (YcPdfPreview         *self,
                                                        double                zoom);
/* TRUE while the PDF is opened or a page in view still waits for its picture. */
gboolean              yc_pdf_preview_get_loading       (YcPdfPreview         *self);
/* Why the PDF cannot be shown, in words for the clerk; NULL when it can. */
const char           *yc_pdf_preview_get_error_message (YcPdfPreview         *self);

G_END_DECLS
