/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-qr.h: a QR code (libqrencode) drawn as cairo rectangles, so that it stays sharp at any
 * zoom and in the PDF, and needs no image. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _YcQr YcQr;

/* @text (UTF-8, encoded as bytes) at error correction level M, or NULL and an error when it
 * is empty or too long for any QR version. */
YcQr     *yc_qr_new         (const char  *text,
                             GError     **error);
void      yc_qr_free        (YcQr        *qr);
/* The symbol's width in modules, without the quiet zone. */
guint     yc_qr_get_modules (YcQr        *qr);
/* Paint the dark modules with the current source into the square of side @size at (@x, @y),
 * keeping a quiet zone of 2 modules on every side (the square's border is left unpainted). */
void      yc_qr_draw        (YcQr        *qr,
                             cairo_t     *cr,
                             double       x,
                             double       y,
                             double       size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcQr, yc_qr_free)

G_END_DECLS
