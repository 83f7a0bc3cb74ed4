/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-pdf-render"

#include "config.h"

#include <math.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>

#include "yc-pdf-render.h"

/* Larger than any letter needs at any zoom the preview offers (A4 at 400 % is ~4,400 px). */
#define MAX_SIDE_PX 16384

PopplerDocument *
yc_pdf_open (GBytes  *pdf,
             GError **error)
{
  g_return_val_if_fail (pdf != NULL, NULL);

  return poppler_document_new_from_bytes (pdf, NULL, error);
}

static void
free_surface (gpointer data)
{
  cairo_surface_destroy (data);
}

GdkTexture *
yc_pdf_render_page (PopplerPage *page,
                    double       pixels_per_point,
                    GError     **error)
{
  double width_pt = 0, height_pt = 0;
  int width, height, stride;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (POPPLER_IS_PAGE (page), NULL);
  g_return_val_if_fail (pixels_per_point > 0, NULL);

  poppler_page_get_size (page, &width_pt, &height_pt);
  width = (int) ceil (width_pt * pixels_per_point);
  height = (int) ceil (height_pt * pixels_per_point);
  if (width <= 0 || height <= 0 || width > MAX_SIDE_PX || height > MAX_SIDE_PX)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The page cannot be shown at this size (%d × %d pixels)."), width, height);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There is not enough memory to show the page."));
      cairo_surface_destroy (surface);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, pixels_per_point, pixels_per_point);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height, free_surface, surface);
  /* Cairo's ARGB32 is premultiplied BGRA in memory on little-endian machines, which is what
   * GDK_MEMORY_DEFAULT names on any byte order. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}
