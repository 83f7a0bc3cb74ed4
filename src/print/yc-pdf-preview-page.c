/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-pdf-preview-page"

#include "config.h"

#include <math.h>

#include "yc-pdf-preview-page.h"
#include "yc-pdf-render.h"

/* The narrowest a page gets when it fits a very narrow window. */
#define MIN_FIT_WIDTH 48

struct _YcPdfPreviewPage
{
  GtkWidget   parent_instance;

  GtkWidget  *spinner;
  GdkTexture *texture;
  double      texture_scale;
  double      width_pt;
  double      height_pt;
  double      pixels_per_point; /* 0: fit the width given */

  int         last_width;
  int         last_height;
  int         last_scale_factor;
};

enum {
  RESIZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (YcPdfPreviewPage, yc_pdf_preview_page, GTK_TYPE_WIDGET)

static int
natural_width_at_100 (YcPdfPreviewPage *self)
{
  return (int) ceil (self->width_pt * YC_PDF_PIXELS_PER_POINT_100);
}

static GtkSizeRequestMode
yc_pdf_preview_page_get_request_mode (GtkWidget *widget)
{
  YcPdfPreviewPage *self = YC_PDF_PREVIEW_PAGE (widget);

  return self->pixels_per_point > 0 ? GTK_SIZE_REQUEST_CONSTANT_SIZE
                                    : GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
yc_pdf_preview_page_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  YcPdfPreviewPage *self = YC_PDF_PREVIEW_PAGE (widget);
  int size;

  if (self->pixels_per_point > 0)
    {
      double length = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width_pt
                                                                : self->height_pt;

      *minimum = *natural = (int) ceil (length * self->pixels_per_point);
      return;
    }

  /* Fit width: as wide as it is allowed, as tall as the page's proportions make it. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_FIT_WIDTH;
      *natural = MAX (natural_width_at_100 (self), MIN_FIT_WIDTH);
      return;
    }
  size = for_size >= 0 ? for_size : natural_width_at_100 (self);
  *minimum = *natural = (int) ceil (size * self->height_pt / self->width_pt);
}

static void
yc_pdf_preview_page_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  YcPdfPreviewPage *self = YC_PDF_PREVIEW_PAGE (widget);
  int scale_factor = gtk_widget_get_scale_factor (widget);
  int spinner_width, spinner_height;

  if (gtk_widget_get_visible (self->spinner))
    {
      gtk_widget_measure (self->spinner, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &spinner_width,
                          NULL, NULL);
      gtk_widget_measure (self->spinner, GTK_ORIENTATION_VERTICAL, -1, NULL, &spinner_height,
                          NULL, NULL);
      gtk_widget_size_allocate (self->spinner,
                                &(GtkAllocation) { (width - spinner_width) / 2,
                                                   (height - spinner_height) / 2,
                                                   spinner_width, spinner_height }, -1);
    }

  if (width != self->last_width || height != self->last_height ||
      scale_factor != self->last_scale_factor)
    {
      self->last_width = width;
      self->last_height = height;
      self->last_scale_factor = scale_factor;
      g_signal_emit (self, signals[RESIZED], 0);
    }
}

static void
yc_pdf_preview_page_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  YcPdfPreviewPage *self = YC_PDF_PREVIEW_PAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* The white sheet and its shadow are the CSS background; the picture goes on top. */
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_widget_snapshot_child (widget, self->spinner, snapshot);
}

static void
yc_pdf_preview_page_dispose (GObject *object)
{
  YcPdfPreviewPage *self = YC_PDF_PREVIEW_PAGE (object);

  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (yc_pdf_preview_page_parent_class)->dispose (object);
}

static void
yc_pdf_preview_page_class_init (YcPdfPreviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_pdf_preview_page_dispose;
  widget_class->get_request_mode = yc_pdf_preview_page_get_request_mode;
  widget_class->measure = yc_pdf_preview_page_measure;
  widget_class->size_allocate = yc_pdf_preview_page_size_allocate;
  widget_class->snapshot = yc_pdf_preview_page_snapshot;

  /* Emitted during size allocation when the page's size or scale factor changed. */
  signals[RESIZED] = g_signal_new ("resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "yc-pdf-page");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
yc_pdf_preview_page_init (YcPdfPreviewPage *self)
{
  self->spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));
}

YcPdfPreviewPage *
yc_pdf_preview_page_new (double width_pt,
                         double height_pt)
{
  YcPdfPreviewPage *self;

  g_return_val_if_fail (width_pt > 0 && height_pt > 0, NULL);

  self = g_object_new (YC_TYPE_PDF_PREVIEW_PAGE, NULL);
  self->width_pt = width_pt;
  self->height_pt = height_pt;
  return self;
}

double
yc_pdf_preview_page_get_width_pt (YcPdfPreviewPage *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW_PAGE (self), 0);

  return self->width_pt;
}

double
yc_pdf_preview_page_get_height_pt (YcPdfPreviewPage *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW_PAGE (self), 0);

  return self->height_pt;
}

void
yc_pdf_preview_page_set_pixels_per_point (YcPdfPreviewPage *self,
                                          double            pixels_per_point)
{
  g_return_if_fail (YC_IS_PDF_PREVIEW_PAGE (self));

  pixels_per_point = MAX (pixels_per_point, 0);
  if (pixels_per_point == self->pixels_per_point)
    return;
  self->pixels_per_point = pixels_per_point;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
yc_pdf_preview_page_get_wanted_scale (YcPdfPreviewPage *self)
{
  int width;

  g_return_val_if_fail (YC_IS_PDF_PREVIEW_PAGE (self), 0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return 0;
  return width * gtk_widget_get_scale_factor (GTK_WIDGET (self)) / self->width_pt;
}

double
yc_pdf_preview_page_get_texture_scale (YcPdfPreviewPage *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW_PAGE (self), 0);

  return self->texture != NULL ? self->texture_scale : 0;
}

void
yc_pdf_preview_page_set_texture (YcPdfPreviewPage *self,
                                 GdkTexture       *texture,
                                 double            scale)
{
  g_return_if_fail (YC_IS_PDF_PREVIEW_PAGE (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  g_set_object (&self->texture, texture);
  self->texture_scale = texture != NULL ? scale : 0;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), texture == NULL);
  gtk_widget_set_visible (self->spinner, texture == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
yc_pdf_preview_page_has_texture (YcPdfPreviewPage *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW_PAGE (self), FALSE);

  return self->texture != NULL;
}

void
yc_pdf_preview_page_set_label (YcPdfPreviewPage *self,
                               const char       *label)
{
  g_return_if_fail (YC_IS_PDF_PREVIEW_PAGE (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}
