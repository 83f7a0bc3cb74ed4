/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-pdf-preview-page.h: one sheet of paper in YcPdfPreview (private to it). It is sized from
 * the page's size in points and the zoom, shows a spinner until its first picture arrives,
 * and draws the last picture scaled while a sharper one is being rendered. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TYPE_PDF_PREVIEW_PAGE (yc_pdf_preview_page_get_type ())

G_DECLARE_FINAL_TYPE (YcPdfPreviewPage, yc_pdf_preview_page, YC, PDF_PREVIEW_PAGE, GtkWidget)

YcPdfPreviewPage *yc_pdf_preview_page_new                (double            width_pt,
                                                          double            height_pt);
double            yc_pdf_preview_page_get_width_pt       (YcPdfPreviewPage *self);
double            yc_pdf_preview_page_get_height_pt      (YcPdfPreviewPage *self);
/* Logical pixels per point, or 0 to take the width it is given (fit width). */
void              yc_pdf_preview_page_set_pixels_per_point (YcPdfPreviewPage *self,
                                                            double            pixels_per_point);
/* Device pixels per point a picture needs to be sharp at the page's current allocation,
 * or 0 while it has none. */
double            yc_pdf_preview_page_get_wanted_scale   (YcPdfPreviewPage *self);
/* Device pixels per point of the picture shown, 0 for none. */
double            yc_pdf_preview_page_get_texture_scale  (YcPdfPreviewPage *self);
void              yc_pdf_preview_page_set_texture        (YcPdfPreviewPage *self,
                                                          GdkTexture       *texture,
                                                          double            scale);
gboolean          yc_pdf_preview_page_has_texture        (YcPdfPreviewPage *self);
void              yc_pdf_preview_page_set_label          (YcPdfPreviewPage *self,
                                                          const char       *label);

G_END_DECLS
