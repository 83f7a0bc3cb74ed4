/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-pdf-render.h: one page of a letter's PDF as a texture. The preview widget, the letters
 * benchmark and the tests all render through this, so what is measured is what is shown. */
#pragma once

#include <gdk/gdk.h>
#include <poppler.h>

G_BEGIN_DECLS

/* Pixels per PDF point at 100 % zoom: a point is 1/72 in, the screen is taken as 96 px/in. */
#define YC_PDF_PIXELS_PER_POINT_100 (96.0 / 72.0)

/* Open a PDF held in memory. The document keeps a reference to @pdf. */
PopplerDocument *yc_pdf_open          (GBytes        *pdf,
                                       GError       **error);

/* Render @page at @pixels_per_point onto white, as a texture of the page's full size (rounded
 * up to whole pixels). Safe on any thread, as long as no other thread uses the same
 * document at the same time (Poppler documents are not thread-safe). */
GdkTexture      *yc_pdf_render_page   (PopplerPage   *page,
                                       double         pixels_per_point,
                                       GError       **error);

G_END_DECLS
