/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-qr"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "yc-qr.h"

/* A printed code sits on white paper with a white margin round it: 2 modules inside the
 * square is enough with the page's own margin, and keeps the code large. */
#define QUIET_MODULES 2

struct _YcQr
{
  QRcode *code;
};

YcQr *
yc_qr_new (const char  *text,
           GError     **error)
{
  QRcode *code;
  YcQr *qr;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is nothing to put in the QR code."));
      return NULL;
    }

  /* libqrencode is thread-safe when built with pthreads, as Debian builds it. */
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The text is too long for a QR code (%zu bytes): %s"),
                   strlen (text), g_strerror (saved));
      return NULL;
    }

  qr = g_new0 (YcQr, 1);
  qr->code = code;
  return qr;
}

void
yc_qr_free (YcQr *qr)
{
  if (qr == NULL)
    return;
  QRcode_free (qr->code);
  g_free (qr);
}

guint
yc_qr_get_modules (YcQr *qr)
{
  g_return_val_if_fail (qr != NULL, 0);

  return (guint) qr->code->width;
}

void
yc_qr_draw (YcQr    *qr,
            cairo_t *cr,
            double   x,
            double   y,
            double   size)
{
  int width;
  double module;

  g_return_if_fail (qr != NULL);
  g_return_if_fail (cr != NULL);

  width = qr->code->width;
  module = size / (width + 2 * QUIET_MODULES);

  /* One path of horizontal runs, filled once: no seams between neighbouring modules. */
  cairo_save (cr);
  cairo_new_path (cr);
  for (int row = 0; row < width; row++)
    {
      const unsigned char *line = qr->code->data + (gsize) row * width;
      int col = 0;

      while (col < width)
        {
          int start;

          if ((line[col] & 1) == 0)
            {
              col++;
              continue;
            }
          start = col;
          while (col < width && (line[col] & 1) != 0)
            col++;
          cairo_rectangle (cr, x + (start + QUIET_MODULES) * module,
                           y + (row + QUIET_MODULES) * module, (col - start) * module, module);
        }
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}
