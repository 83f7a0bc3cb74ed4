/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-pdf-preview"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "yc-pdf-preview.h"
#include "yc-pdf-preview-page.h"
#include "yc-pdf-render.h"

/* The largest side of a rendered page, in device pixels (yc_pdf_render_page refuses more). */
#define MAX_RENDER_SIDE 12000.0
/* After a resize, wait this long for the size to settle before rendering sharper pages. */
#define RESIZE_RENDER_DELAY_MS 150
/* Pixels scrolled by the arrow keys. */
#define SCROLL_STEP 48

static const double zoom_steps[] = { 0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0 };

static const char preview_css[] =
  ".yc-pdf-preview { background-color: shade(@window_bg_color, 0.9); }\n"
  ".yc-pdf-preview .yc-pdf-column { margin: 24px; }\n"
  "yc-pdf-page { background-color: white;"
  "  box-shadow: 0 1px 3px 0 alpha(black, 0.3), 0 4px 14px 0 alpha(black, 0.12); }\n"
  ".yc-pdf-preview .yc-pdf-osd { margin: 18px; padding: 4px; border-radius: 12px; }\n"
  ".yc-pdf-preview .yc-pdf-osd label { padding: 0 6px; }\n"
  ".yc-pdf-preview .yc-pdf-osd separator { margin: 6px 4px; }\n";

/* A PopplerDocument shared by the render threads, which take turns: Poppler documents are not
 * thread-safe. The main thread never touches it. */
typedef struct {
  GMutex           lock;
  PopplerDocument *document;
} Document;

typedef struct {
  Document *document;
  guint     n_pages;
  double   *sizes; /* width and height of each page, in points */
} OpenResult;

typedef struct {
  Document *document;
  guint     index;
  double    scale;
} RenderData;

struct _YcPdfPreview
{
  GtkWidget             parent_instance;

  GtkWidget            *overlay;
  GtkWidget            *stack;
  GtkWidget            *status_page;
  GtkWidget            *scrolled;
  GtkWidget            *column;
  GtkWidget            *osd;
  GtkWidget            *page_label;
  GtkWidget            *zoom_label;
  GPtrArray            *pages;
  double               *failed_scale; /* per page: the scale its render failed at */

  GBytes               *pdf;
  Document             *document;
  GCancellable         *load_cancellable;
  GCancellable         *render_cancellable;
  gboolean              rendering;
  guint                 render_timeout_id;
  guint                 update_idle_id;

  guint                 page;
  YcPdfPreviewZoomMode  zoom_mode;
  double                zoom;
  double                effective_zoom;
  gboolean              opening;
  gboolean              loading;
  char                 *error_message;
  gboolean              scroll_pending;
  gboolean              scrolling;
};

enum {
  PROP_0,
  PROP_PDF,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_ZOOM_MODE,
  PROP_ZOOM,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (YcPdfPreviewZoomMode, yc_pdf_preview_zoom_mode,
                    G_DEFINE_ENUM_VALUE (YC_PDF_PREVIEW_ZOOM_FIT_WIDTH, "fit-width"),
                    G_DEFINE_ENUM_VALUE (YC_PDF_PREVIEW_ZOOM_FIXED, "fixed"))

G_DEFINE_FINAL_TYPE (YcPdfPreview, yc_pdf_preview, GTK_TYPE_WIDGET)

static void yc_pdf_preview_render_next (YcPdfPreview *self);

/* Documents and their threads */

static void
document_clear (gpointer data)
{
  Document *document = data;

  g_clear_object (&document->document);
  g_mutex_clear (&document->lock);
}

static void
document_unref (Document *document)
{
  g_atomic_rc_box_release_full (document, document_clear);
}

static void
open_result_free (gpointer data)
{
  OpenResult *result = data;

  g_clear_pointer (&result->document, document_unref);
  g_free (result->sizes);
  g_free (result);
}

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  document_unref (render->document);
  g_free (render);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PopplerDocument *document;
  g_autoptr(GError) error = NULL;
  OpenResult *result;
  int n_pages;

  document = yc_pdf_open (task_data, &error);
  n_pages = document != NULL ? poppler_document_get_n_pages (document) : 0;
  if (n_pages < 1)
    {
      g_debug ("cannot open the PDF: %s", error != NULL ? error->message : "no pages");
      g_clear_object (&document);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The PDF file of this letter is damaged."));
      return;
    }

  result = g_new0 (OpenResult, 1);
  result->n_pages = n_pages;
  result->sizes = g_new0 (double, 2 * n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);

      if (page != NULL)
        {
          poppler_page_get_size (page, &result->sizes[2 * i], &result->sizes[2 * i + 1]);
          g_object_unref (page);
        }
      /* A page without a size is shown as A4 rather than not at all. */
      if (!(result->sizes[2 * i] > 0 && result->sizes[2 * i + 1] > 0))
        {
          result->sizes[2 * i] = 595.28;
          result->sizes[2 * i + 1] = 841.89;
        }
    }
  result->document = g_atomic_rc_box_new0 (Document);
  g_mutex_init (&result->document->lock);
  result->document->document = document;
  g_task_return_pointer (task, result, open_result_free);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *render = task_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = NULL;
  PopplerPage *page;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&render->document->lock);
  page = poppler_document_get_page (render->document->document, render->index);
  if (page != NULL)
    texture = yc_pdf_render_page (page, render->scale, &error);
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no page %u", render->index);
  g_clear_object (&page);
  g_mutex_unlock (&render->document->lock);

  if (texture != NULL)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Helpers */

static YcPdfPreviewPage *
get_page (YcPdfPreview *self,
          guint         index)
{
  return g_ptr_array_index (self->pages, index);
}

static double
clamp_scale (YcPdfPreviewPage *page,
             double            scale)
{
  double side = MAX (yc_pdf_preview_page_get_width_pt (page),
                     yc_pdf_preview_page_get_height_pt (page));

  return MIN (scale, MAX_RENDER_SIDE / side);
}

static double
wanted_scale (YcPdfPreview *self,
              guint         index)
{
  YcPdfPreviewPage *page = get_page (self, index);
  double wanted = yc_pdf_preview_page_get_wanted_scale (page);

  return wanted > 0 ? clamp_scale (page, wanted) : 0;
}

static gboolean
scale_is_current (double have,
                  double wanted)
{
  return have > 0 && fabs (have - wanted) <= wanted * 0.01;
}

/* Whether page @index needs (another) picture, and at what scale. */
static gboolean
page_needs_render (YcPdfPreview *self,
                   guint         index,
                   double       *scale)
{
  double wanted = wanted_scale (self, index);
  double have = yc_pdf_preview_page_get_texture_scale (get_page (self, index));

  *scale = wanted;
  if (wanted <= 0)
    return FALSE;
  if (scale_is_current (have, wanted))
    return FALSE;
  if (self->failed_scale[index] > 0 && scale_is_current (self->failed_scale[index], wanted))
    return FALSE;
  return TRUE;
}

static void
set_loading (YcPdfPreview *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_loading (YcPdfPreview *self)
{
  gboolean loading = self->opening;

  for (guint i = 0; !loading && i < self->pages->len; i++)
    {
      double scale;

      if (!yc_pdf_preview_page_has_texture (get_page (self, i)) &&
          self->failed_scale[i] <= 0)
        loading = TRUE;
      else if (page_needs_render (self, i, &scale))
        loading = TRUE;
    }
  set_loading (self, loading);
}

static double
compute_effective_zoom (YcPdfPreview *self)
{
  YcPdfPreviewPage *first;
  int width;

  if (self->zoom_mode == YC_PDF_PREVIEW_ZOOM_FIXED || self->pages->len == 0)
    return self->zoom;
  first = get_page (self, 0);
  width = gtk_widget_get_width (GTK_WIDGET (first));
  if (width <= 0)
    return self->effective_zoom;
  return width / (yc_pdf_preview_page_get_width_pt (first) * YC_PDF_PIXELS_PER_POINT_100);
}

static void
update_actions (YcPdfPreview *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_pages = self->pages->len;
  double zoom = self->effective_zoom;

  gtk_widget_action_set_enabled (widget, "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (widget, "preview.next-page", self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (widget, "preview.zoom-in",
                                 n_pages > 0 && zoom < YC_PDF_PREVIEW_ZOOM_MAX * 0.999);
  gtk_widget_action_set_enabled (widget, "preview.zoom-out",
                                 n_pages > 0 && zoom > YC_PDF_PREVIEW_ZOOM_MIN * 1.001);
  gtk_widget_action_set_enabled (widget, "preview.zoom-100", n_pages > 0);
  gtk_widget_action_set_enabled (widget, "preview.zoom-fit-width", n_pages > 0);
}

static void
update_labels (YcPdfPreview *self)
{
  guint n_pages = self->pages->len;
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;

  /* Translators: the page in view and the number of pages of a letter. */
  page_text = g_strdup_printf (_("Page %u of %u"), MIN (self->page + 1, n_pages), n_pages);
  gtk_label_set_text (GTK_LABEL (self->page_label), page_text);
  zoom_text = g_strdup_printf ("%.0f%%", self->effective_zoom * 100);
  gtk_label_set_text (GTK_LABEL (self->zoom_label), zoom_text);
}

static void
set_current_page (YcPdfPreview *self,
                  guint         page)
{
  if (self->page == page)
    return;
  self->page = page;
  update_labels (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* The top of page @index in the scrolled column, or -1 before the column is laid out. */
static double
page_top (YcPdfPreview *self,
          guint         index)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (GTK_WIDGET (get_page (self, index)), self->column,
                                 &GRAPHENE_POINT_INIT (0, 0), &point))
    return -1;
  return point.y;
}

static void
scroll_to_page (YcPdfPreview *self,
                guint         index)
{
  GtkAdjustment *vadjustment;
  double top;

  if (index >= self->pages->len)
    return;
  top = page_top (self, index);
  if (top < 0 || gtk_widget_get_height (self->column) <= 0)
    {
      self->scroll_pending = TRUE;
      return;
    }
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  self->scrolling = TRUE;
  /* The column's margin stays above the page, as grey ground. */
  gtk_adjustment_set_value (vadjustment, top);
  self->scrolling = FALSE;
  self->scroll_pending = FALSE;
}

static void
cancel_renders (YcPdfPreview *self)
{
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  self->rendering = FALSE;
}

static gboolean
render_timeout_cb (gpointer data)
{
  YcPdfPreview *self = data;

  self->render_timeout_id = 0;
  yc_pdf_preview_render_next (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_render (YcPdfPreview *self,
                 guint         delay_ms)
{
  g_clear_handle_id (&self->render_timeout_id, g_source_remove);
  self->render_timeout_id = g_timeout_add (delay_ms, render_timeout_cb, self);
}

static gboolean
update_idle_cb (gpointer data)
{
  YcPdfPreview *self = data;
  double zoom = compute_effective_zoom (self);
  gboolean first_pictures = FALSE;

  self->update_idle_id = 0;

  if (zoom != self->effective_zoom)
    {
      self->effective_zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  update_labels (self);
  update_actions (self);
  if (self->scroll_pending)
    scroll_to_page (self, self->page);

  /* Pages still without any picture are rendered at once; sharper ones once a resize has
   * settled. */
  for (guint i = 0; i < self->pages->len; i++)
    if (!yc_pdf_preview_page_has_texture (get_page (self, i)))
      first_pictures = TRUE;
  schedule_render (self, first_pictures ? 0 : RESIZE_RENDER_DELAY_MS);
  update_loading (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (YcPdfPreview *self)
{
  if (self->update_idle_id == 0)
    self->update_idle_id = g_idle_add (update_idle_cb, self);
}

static void
apply_zoom (YcPdfPreview *self)
{
  double pixels_per_point = self->zoom_mode == YC_PDF_PREVIEW_ZOOM_FIXED
                            ? self->zoom * YC_PDF_PIXELS_PER_POINT_100 : 0;

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  self->zoom_mode == YC_PDF_PREVIEW_ZOOM_FIXED
                                  ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  for (guint i = 0; i < self->pages->len; i++)
    {
      YcPdfPreviewPage *page = get_page (self, i);

      yc_pdf_preview_page_set_pixels_per_point (page, pixels_per_point);
      gtk_widget_set_halign (GTK_WIDGET (page), pixels_per_point > 0 ? GTK_ALIGN_CENTER
                                                                     : GTK_ALIGN_FILL);
    }
  /* What is being rendered is for the old size. The page in view stays in view. */
  cancel_renders (self);
  self->scroll_pending = TRUE;
  queue_update (self);
}

static void
clear_document (YcPdfPreview *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  cancel_renders (self);
  g_clear_handle_id (&self->render_timeout_id, g_source_remove);
  g_clear_pointer (&self->document, document_unref);
  g_clear_pointer (&self->failed_scale, g_free);
  g_ptr_array_set_size (self->pages, 0);
  while ((child = gtk_widget_get_first_child (self->column)) != NULL)
    gtk_box_remove (GTK_BOX (self->column), child);
  self->opening = FALSE;
  self->page = 0;
  g_clear_pointer (&self->error_message, g_free);
}

/* Signal handlers */

static void
on_page_resized_cb (YcPdfPreview *self)
{
  /* During size allocation: look at the new sizes once it is over. */
  queue_update (self);
}

static void
on_vadjustment_value_changed_cb (YcPdfPreview  *self,
                                 GtkAdjustment *vadjustment)
{
  double mark;
  guint current = 0;

  if (self->scrolling || self->pages->len == 0)
    return;

  /* The page in view is the last one whose top is above the upper third of the view. */
  mark = gtk_adjustment_get_value (vadjustment) + gtk_adjustment_get_page_size (vadjustment) / 3;
  for (guint i = 0; i < self->pages->len; i++)
    {
      double top = page_top (self, i);

      if (top >= 0 && top <= mark)
        current = i;
    }
  set_current_page (self, current);
  /* Pages scrolled into view get their pictures first. */
  if (!self->rendering)
    schedule_render (self, 0);
}

static void
on_view_pressed_cb (YcPdfPreview *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_open_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (source);
  g_autoptr(GError) error = NULL;
  OpenResult *opened;

  opened = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    {
      g_clear_pointer (&opened, open_result_free);
      return; /* another PDF came meanwhile, or the widget is gone */
    }
  self->opening = FALSE;

  if (opened == NULL)
    {
      self->error_message = g_strdup (error->message);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->status_page), error->message);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
      gtk_widget_set_visible (self->osd, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
      update_actions (self);
      update_loading (self);
      return;
    }

  self->document = g_steal_pointer (&opened->document);
  self->failed_scale = g_new0 (double, opened->n_pages);
  for (guint i = 0; i < opened->n_pages; i++)
    {
      YcPdfPreviewPage *page = yc_pdf_preview_page_new (opened->sizes[2 * i],
                                                        opened->sizes[2 * i + 1]);
      g_autofree char *label = g_strdup_printf (_("Page %u of %u"), i + 1, opened->n_pages);

      yc_pdf_preview_page_set_label (page, label);
      g_signal_connect_object (page, "resized", G_CALLBACK (on_page_resized_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->column), GTK_WIDGET (page));
      g_ptr_array_add (self->pages, page);
    }
  open_result_free (opened);

  apply_zoom (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "document");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  update_labels (self);
  update_actions (self);
  update_loading (self);
}

static void
on_render_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (source);
  RenderData *render = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->render_cancellable ||
      render->document != self->document)
    return; /* for a size or a PDF that is gone */
  self->rendering = FALSE;

  if (texture != NULL)
    yc_pdf_preview_page_set_texture (get_page (self, render->index), texture, render->scale);
  else
    {
      g_debug ("page %u cannot be rendered at %.2f px/pt: %s", render->index + 1,
               render->scale, error->message);
      self->failed_scale[render->index] = render->scale;
    }
  yc_pdf_preview_render_next (self);
  update_loading (self);
}

/* Actions */

static void
zoom_fit_width_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  yc_pdf_preview_set_zoom_mode (YC_PDF_PREVIEW (widget), YC_PDF_PREVIEW_ZOOM_FIT_WIDTH);
}

static void
zoom_100_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  yc_pdf_preview_set_zoom (YC_PDF_PREVIEW (widget), 1.0);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (widget);
  double zoom = yc_pdf_preview_get_zoom (self);

  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > zoom * 1.001)
      {
        yc_pdf_preview_set_zoom (self, zoom_steps[i]);
        return;
      }
  yc_pdf_preview_set_zoom (self, YC_PDF_PREVIEW_ZOOM_MAX);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (widget);
  double zoom = yc_pdf_preview_get_zoom (self);

  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < zoom * 0.999)
      {
        yc_pdf_preview_set_zoom (self, zoom_steps[i - 1]);
        return;
      }
  yc_pdf_preview_set_zoom (self, YC_PDF_PREVIEW_ZOOM_MIN);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (widget);

  yc_pdf_preview_set_page (self, self->page + 1);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (widget);

  if (self->page > 0)
    yc_pdf_preview_set_page (self, self->page - 1);
}

static gboolean
scroll_by_step (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (widget);
  GtkAdjustment *vadjustment;

  if (self->pages->len == 0)
    return FALSE;
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) +
                                         g_variant_get_int32 (args) * SCROLL_STEP);
  return TRUE;
}

/* Building the widget */

static GtkWidget *
osd_button (const char *icon_name,
            const char *tooltip,
            const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  return button;
}

static GtkWidget *
build_osd (YcPdfPreview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);

  gtk_widget_add_css_class (box, "osd");
  gtk_widget_add_css_class (box, "yc-pdf-osd");
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_END);

  gtk_box_append (GTK_BOX (box), osd_button ("go-up-symbolic", _("Previous Page"),
                                             "preview.previous-page"));
  self->page_label = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (self->page_label), 8);
  gtk_widget_add_css_class (self->page_label, "numeric");
  gtk_box_append (GTK_BOX (box), self->page_label);
  gtk_box_append (GTK_BOX (box), osd_button ("go-down-symbolic", _("Next Page"),
                                             "preview.next-page"));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), osd_button ("zoom-out-symbolic", _("Zoom Out"),
                                             "preview.zoom-out"));
  self->zoom_label = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (self->zoom_label), 5);
  gtk_widget_add_css_class (self->zoom_label, "numeric");
  gtk_box_append (GTK_BOX (box), self->zoom_label);
  gtk_box_append (GTK_BOX (box), osd_button ("zoom-in-symbolic", _("Zoom In"),
                                             "preview.zoom-in"));
  gtk_box_append (GTK_BOX (box), osd_button ("zoom-original-symbolic",
                                             _("Original Size"), "preview.zoom-100"));
  gtk_box_append (GTK_BOX (box), osd_button ("zoom-fit-best-symbolic", _("Fit Width"),
                                             "preview.zoom-fit-width"));
  return box;
}

static void
install_css (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "yc-pdf-preview-css") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, preview_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "yc-pdf-preview-css", g_steal_pointer (&provider),
                          g_object_unref);
}

/* Rendering, one page at a time: the page in view first, then its neighbours. */
static void
yc_pdf_preview_render_next (YcPdfPreview *self)
{
  guint n_pages = self->pages->len;

  if (self->rendering || self->document == NULL)
    return;

  for (guint distance = 0; distance < n_pages; distance++)
    {
      for (int side = 0; side < 2; side++)
        {
          gint64 index = side == 0 ? (gint64) self->page + distance
                                   : (gint64) self->page - distance;
          g_autoptr(GTask) task = NULL;
          RenderData *render;
          double scale;

          if (index < 0 || index >= n_pages || (side == 1 && distance == 0))
            continue;
          if (!page_needs_render (self, index, &scale))
            continue;

          render = g_new0 (RenderData, 1);
          render->document = g_atomic_rc_box_acquire (self->document);
          render->index = index;
          render->scale = scale;
          task = g_task_new (self, self->render_cancellable, on_render_done_cb, NULL);
          g_task_set_source_tag (task, yc_pdf_preview_render_next);
          g_task_set_task_data (task, render, render_data_free);
          g_task_run_in_thread (task, render_thread);
          self->rendering = TRUE;
          return;
        }
    }
}

static void
yc_pdf_preview_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_pdf_preview_parent_class)->root (widget);
  install_css (gtk_widget_get_display (widget));
}

static void
yc_pdf_preview_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_pdf_preview_parent_class)->map (widget);
  queue_update (YC_PDF_PREVIEW (widget));
}

static void
yc_pdf_preview_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PDF:
      g_value_set_boxed (value, self->pdf);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, yc_pdf_preview_get_n_pages (self));
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, yc_pdf_preview_get_zoom (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_pdf_preview_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PDF:
      yc_pdf_preview_set_pdf (self, g_value_get_boxed (value));
      break;
    case PROP_PAGE:
      yc_pdf_preview_set_page (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM_MODE:
      yc_pdf_preview_set_zoom_mode (self, g_value_get_enum (value));
      break;
    case PROP_ZOOM:
      yc_pdf_preview_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_pdf_preview_dispose (GObject *object)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (object);

  clear_document (self);
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_handle_id (&self->update_idle_id, g_source_remove);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_pointer (&self->pdf, g_bytes_unref);

  G_OBJECT_CLASS (yc_pdf_preview_parent_class)->dispose (object);
}

static void
yc_pdf_preview_finalize (GObject *object)
{
  YcPdfPreview *self = YC_PDF_PREVIEW (object);

  g_ptr_array_unref (self->pages);
  g_free (self->error_message);

  G_OBJECT_CLASS (yc_pdf_preview_parent_class)->finalize (object);
}

static void
yc_pdf_preview_class_init (YcPdfPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = yc_pdf_preview_get_property;
  object_class->set_property = yc_pdf_preview_set_property;
  object_class->dispose = yc_pdf_preview_dispose;
  object_class->finalize = yc_pdf_preview_finalize;
  widget_class->root = yc_pdf_preview_root;
  widget_class->map = yc_pdf_preview_map;

  properties[PROP_PDF] =
    g_param_spec_boxed ("pdf", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_MODE] =
    g_param_spec_enum ("zoom-mode", NULL, NULL, YC_TYPE_PDF_PREVIEW_ZOOM_MODE,
                       YC_PDF_PREVIEW_ZOOM_FIT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, YC_PDF_PREVIEW_ZOOM_MIN, YC_PDF_PREVIEW_ZOOM_MAX,
                         1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "preview.zoom-fit-width", NULL,
                                   zoom_fit_width_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-100", NULL, zoom_100_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL,
                                   previous_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, 0, "preview.zoom-fit-width",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "preview.zoom-100", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK,
                                       "preview.zoom-100", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0,
                                       "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0,
                                       "preview.previous-page", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, scroll_by_step, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, scroll_by_step, "i", -1);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "yc-pdf-preview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
yc_pdf_preview_init (YcPdfPreview *self)
{
  GtkWidget *spinner;
  GtkGesture *click;
  GtkAdjustment *vadjustment;

  self->pages = g_ptr_array_new ();
  self->zoom_mode = YC_PDF_PREVIEW_ZOOM_FIT_WIDTH;
  self->zoom = 1.0;
  self->effective_zoom = 1.0;
  self->render_cancellable = g_cancellable_new ();
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "yc-pdf-preview");

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->stack);

  gtk_stack_add_named (GTK_STACK (self->stack), gtk_box_new (GTK_ORIENTATION_VERTICAL, 0),
                       "empty");

  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (self->stack), spinner, "opening");

  self->status_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status_page),
                                 "x-office-document-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->status_page),
                             _("This Letter Cannot Be Shown"));
  gtk_stack_add_named (GTK_STACK (self->stack), self->status_page, "error");

  self->column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (self->column, "yc-pdf-column");
  gtk_widget_set_halign (self->column, GTK_ALIGN_FILL);
  gtk_widget_set_valign (self->column, GTK_ALIGN_START);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->column);
  gtk_stack_add_named (GTK_STACK (self->stack), self->scrolled, "document");
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (on_vadjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_view_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->scrolled, GTK_EVENT_CONTROLLER (click));

  self->osd = build_osd (self);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->osd);
  gtk_widget_set_visible (self->osd, FALSE);

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  update_labels (self);
  update_actions (self);
}

GtkWidget *
yc_pdf_preview_new (void)
{
  return g_object_new (YC_TYPE_PDF_PREVIEW, NULL);
}

void
yc_pdf_preview_set_pdf (YcPdfPreview *self,
                        GBytes       *pdf)
{
  g_autoptr(GTask) task = NULL;
  gboolean had_pages;
  gboolean had_error;

  g_return_if_fail (YC_IS_PDF_PREVIEW (self));

  if (pdf == self->pdf)
    return;

  had_pages = self->pages->len > 0;
  had_error = self->error_message != NULL;
  clear_document (self);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->pdf = pdf != NULL ? g_bytes_ref (pdf) : NULL;

  if (pdf == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      gtk_widget_set_visible (self->osd, FALSE);
    }
  else
    {
      /* Opening parses the whole file: off the main thread too. */
      self->opening = TRUE;
      self->load_cancellable = g_cancellable_new ();
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "opening");
      gtk_widget_set_visible (self->osd, TRUE);
      task = g_task_new (self, self->load_cancellable, on_open_done_cb, NULL);
      g_task_set_source_tag (task, yc_pdf_preview_set_pdf);
      g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, open_thread);
    }

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PDF]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  if (had_pages)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (had_error)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  update_labels (self);
  update_actions (self);
  update_loading (self);
  g_object_thaw_notify (G_OBJECT (self));
}

GBytes *
yc_pdf_preview_get_pdf (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), NULL);

  return self->pdf;
}

guint
yc_pdf_preview_get_n_pages (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), 0);

  return self->pages->len;
}

guint
yc_pdf_preview_get_page (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), 0);

  return self->page;
}

void
yc_pdf_preview_set_page (YcPdfPreview *self,
                         guint         page)
{
  g_return_if_fail (YC_IS_PDF_PREVIEW (self));

  if (self->pages->len == 0)
    return;
  page = MIN (page, self->pages->len - 1);
  set_current_page (self, page);
  scroll_to_page (self, page);
  if (!self->rendering)
    schedule_render (self, 0);
}

YcPdfPreviewZoomMode
yc_pdf_preview_get_zoom_mode (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), YC_PDF_PREVIEW_ZOOM_FIT_WIDTH);

  return self->zoom_mode;
}

void
yc_pdf_preview_set_zoom_mode (YcPdfPreview         *self,
                              YcPdfPreviewZoomMode  mode)
{
  g_return_if_fail (YC_IS_PDF_PREVIEW (self));
  g_return_if_fail (mode == YC_PDF_PREVIEW_ZOOM_FIT_WIDTH || mode == YC_PDF_PREVIEW_ZOOM_FIXED);

  if (self->zoom_mode == mode)
    return;
  if (mode == YC_PDF_PREVIEW_ZOOM_FIXED)
    self->zoom = self->effective_zoom;
  self->zoom_mode = mode;
  apply_zoom (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
}

double
yc_pdf_preview_get_zoom (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), 1.0);

  return self->zoom_mode == YC_PDF_PREVIEW_ZOOM_FIXED ? self->zoom : self->effective_zoom;
}

void
yc_pdf_preview_set_zoom (YcPdfPreview *self,
                         double        zoom)
{
  gboolean mode_changed;

  g_return_if_fail (YC_IS_PDF_PREVIEW (self));

  zoom = CLAMP (zoom, YC_PDF_PREVIEW_ZOOM_MIN, YC_PDF_PREVIEW_ZOOM_MAX);
  mode_changed = self->zoom_mode != YC_PDF_PREVIEW_ZOOM_FIXED;
  if (!mode_changed && self->zoom == zoom)
    return;

  self->zoom_mode = YC_PDF_PREVIEW_ZOOM_FIXED;
  self->zoom = zoom;
  self->effective_zoom = zoom;
  apply_zoom (self);
  g_object_freeze_notify (G_OBJECT (self));
  if (mode_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  g_object_thaw_notify (G_OBJECT (self));
  update_labels (self);
  update_actions (self);
}

gboolean
yc_pdf_preview_get_loading (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), FALSE);

  return self->loading;
}

const char *
yc_pdf_preview_get_error_message (YcPdfPreview *self)
{
  g_return_val_if_fail (YC_IS_PDF_PREVIEW (self), NULL);

  return self->error_message;
}
