/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pdf-preview"

#include <locale.h>
#include <string.h>
#include <gtk/gtk.h>

#include "yc-letter-content.h"
#include "yc-letter-writer.h"
#include "yc-pdf-preview.h"
#include "yc-pdf-render.h"

#define TIMEOUT_S 30

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)

/* A one-time notice of three pages. */
static GBytes *
three_page_letter (void)
{
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(YcLetterContent) content = yc_letter_content_new (YC_LETTER_KIND_ONE_TIME_NOTICE);

  content->number = g_strdup ("示政务〔2026〕告字第A07-000323号");
  content->issued_date = g_strdup ("2026-11-28T10:15:00+08:00");
  content->centre_name = g_strdup ("示范县政务服务中心");
  content->applicant_name = g_strdup ("张三");
  content->applicant_kind = g_strdup ("person");
  content->applicant_id = g_strdup ("11010519491231002X");
  content->item_code = g_strdup ("SCJG-001");
  content->item_name = g_strdup ("个体工商户设立登记");
  content->case_number = g_strdup ("SFX-2026-A07-000518");
  content->received_date = g_strdup ("2026-11-28T09:40:00+08:00");
  content->clerk_name = g_strdup ("王小明");
  content->window_code = g_strdup ("A07");
  for (guint n = 0; n < 120; n++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号材料（核对件）", n + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(PopplerDocument) document = NULL;

      yc_letter_content_add_row (content, name, "missing", "请补正签章");
      pdf = yc_letter_writer_write (writer, content, 0, &error);
      g_assert_no_error (error);
      document = yc_pdf_open (pdf, &error);
      g_assert_no_error (error);
      if (poppler_document_get_n_pages (document) == 3)
        return g_steal_pointer (&pdf);
    }
  g_assert_not_reached ();
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterate until the preview is no longer loading (and has been drawn). */
static void
wait_loaded (YcPdfPreview *preview)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_S, on_timeout_cb, &timed_out);

  /* Let a new PDF or zoom start its work first. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  while (yc_pdf_preview_get_loading (preview) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  /* …and let the crossfade from the spinner to the pages end (GtkStack's 200 ms). */
  {
    gint64 until = g_get_monotonic_time () + 400 * 1000;

    while (g_get_monotonic_time () < until)
      {
        while (g_main_context_iteration (NULL, FALSE))
          ;
        g_usleep (2000);
      }
  }
}

static void
save_snapshot (GtkWidget  *widget,
               const char *name)
{
  const char *root = g_getenv ("YC_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (root != NULL ? root : ".", "meson-logs",
                                           "screenshots", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_cmpint (width, >, 0);
  for (int i = 0; i < 100 && node == NULL; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_preview (void)
{
  g_autoptr(GBytes) pdf = three_page_letter ();
  GtkWidget *window = gtk_window_new ();
  YcPdfPreview *preview = YC_PDF_PREVIEW (yc_pdf_preview_new ());
  g_autoptr(GBytes) damaged = NULL;
  double fit;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (preview));
  gtk_window_present (GTK_WINDOW (window));

  yc_pdf_preview_set_pdf (preview, pdf);
  wait_loaded (preview);
  g_assert_null (yc_pdf_preview_get_error_message (preview));
  g_assert_cmpuint (yc_pdf_preview_get_n_pages (preview), ==, 3);
  g_assert_cmpuint (yc_pdf_preview_get_page (preview), ==, 0);

  /* Fit width: an A4 page at 100 % is 794 px wide, wider than the 600 px window. */
  g_assert_cmpint (yc_pdf_preview_get_zoom_mode (preview), ==, YC_PDF_PREVIEW_ZOOM_FIT_WIDTH);
  fit = yc_pdf_preview_get_zoom (preview);
  g_assert_cmpfloat (fit, <, 600.0 / (YC_LETTER_PAGE_WIDTH * YC_PDF_PIXELS_PER_POINT_100));
  g_assert_cmpfloat (fit, >, 0.5 * 600.0 / (YC_LETTER_PAGE_WIDTH * YC_PDF_PIXELS_PER_POINT_100));
  save_snapshot (window, "pdf-preview-fit-width");

  yc_pdf_preview_set_zoom (preview, 1.0);
  wait_loaded (preview);
  g_assert_cmpint (yc_pdf_preview_get_zoom_mode (preview), ==, YC_PDF_PREVIEW_ZOOM_FIXED);
  g_assert_cmpfloat_with_epsilon (yc_pdf_preview_get_zoom (preview), 1.0, 1e-9);
  g_assert_cmpfloat (yc_pdf_preview_get_zoom (preview), >, fit);
  save_snapshot (window, "pdf-preview-100");

  /* Pages. */
  yc_pdf_preview_set_page (preview, 2);
  wait_loaded (preview);
  g_assert_cmpuint (yc_pdf_preview_get_page (preview), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.previous-page", NULL));
  wait_loaded (preview);
  g_assert_cmpuint (yc_pdf_preview_get_page (preview), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.next-page", NULL));
  wait_loaded (preview);
  g_assert_cmpuint (yc_pdf_preview_get_page (preview), ==, 2);

  /* A damaged PDF is explained. */
  damaged = g_bytes_new_static ("%PDF-1.5\nnot a letter", 21);
  yc_pdf_preview_set_pdf (preview, damaged);
  wait_loaded (preview);
  g_assert_nonnull (yc_pdf_preview_get_error_message (preview));
  g_assert_cmpstr (yc_pdf_preview_get_error_message (preview), !=, "");
  g_assert_cmpuint (yc_pdf_preview_get_n_pages (preview), ==, 0);
  save_snapshot (window, "pdf-preview-damaged");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf-preview/preview", test_preview);
  return g_test_run ();
}
