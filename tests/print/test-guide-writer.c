/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printed guide (D1, D3) of every one of the demo centre's 72 service items, read back
 * with Poppler: one A4 page each, with the item's name, code, time limits and every material
 * by name; the training copy carries the watermark. SCJG-001's page is kept as a PNG in
 * meson-logs/guides/ for a person to look at. */
#define G_LOG_DOMAIN "test-guide-writer"

#include "config.h"

#include <string.h>

#include "yc-guide-writer.h"
#include "yc-letter-writer.h"
#include "yc-pdf-render.h"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static GPtrArray *
load_items (void)
{
  const char *root = g_getenv ("YC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "data", "demo",
                                            "service-items.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      YcServiceItem *item = yc_service_item_new_from_json (json_array_get_object_element (array, i),
                                                           &error);

      g_assert_no_error (error);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* The text of every page with all white space taken out: Poppler breaks lines where the
 * layout wrapped them, in the middle of a name. */
static char *
pdf_text (GBytes *pdf,
          int    *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = yc_pdf_open (pdf, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  *n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < *n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, YC_LETTER_PAGE_WIDTH, 0.5);
      g_assert_cmpfloat_with_epsilon (height, YC_LETTER_PAGE_HEIGHT, 0.5);
      for (const char *p = page_text; *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (text, g_utf8_get_char (p));
    }
  return g_string_free (text, FALSE);
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static guint
count_of (const char *text,
          const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + strlen (what), what))
    n++;
  return n;
}

static void
assert_contains (const char *text,
                 const char *what,
                 const char *code)
{
  g_autofree char *needle = squeeze (what);

  if (strstr (text, needle) == NULL)
    g_error ("%s: the guide lacks “%s”", code, what);
}

static void
test_every_item (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcGuideWriter) writer = yc_guide_writer_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) when = g_date_time_new (zone, 2026, 12, 7, 9, 30, 0);
  guint two_pages = 0;

  g_assert_cmpuint (items->len, ==, 72);
  for (guint i = 0; i < items->len; i++)
    {
      YcServiceItem *item = g_ptr_array_index (items, i);
      const char *code = yc_service_item_get_code (item);
      GPtrArray *materials = yc_service_item_get_materials (item);
      YcGuideInfo info = { "示范县政务服务中心", "示范县市场监督管理局", when };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = yc_guide_writer_write (writer, item, &info, YC_GUIDE_WRITE_NONE,
                                                     &error);
      g_autofree char *text = NULL;
      int n_pages;

      g_assert_no_error (error);
      text = pdf_text (pdf, &n_pages);
      g_assert_cmpint (n_pages, >=, 1);
      two_pages += n_pages > 1;
      assert_contains (text, yc_service_item_get_name (item), code);
      assert_contains (text, code, code);
      assert_contains (text, "办事指南", code);
      g_assert_true (g_str_has_prefix (text, "示范县政务服务中心"));
      assert_contains (text, "2026年12月07日09:30", code);
      if (yc_service_item_get_statutory_days (item) > 0)
        {
          g_autofree char *days = g_strdup_printf ("%d个工作日",
                                                   yc_service_item_get_statutory_days (item));

          assert_contains (text, days, code);
        }
      for (guint m = 0; m < materials->len; m++)
        {
          YcMaterial *material = g_ptr_array_index (materials, m);

          assert_contains (text, yc_material_get_name (material), code);
          if (yc_material_get_note (material) != NULL)
            assert_contains (text, yc_material_get_note (material), code);
        }
      g_assert_null (strstr (text, "培训演示"));
    }
  /* A guide is a one-page hand-out. */
  g_test_message ("%u of %u guides run onto a second page", two_pages, items->len);
  g_assert_cmpuint (two_pages, ==, 0);
}

static void
test_training_and_snapshot (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcGuideWriter) writer = yc_guide_writer_new ();
  YcServiceItem *item = g_ptr_array_index (items, 0);
  YcGuideInfo info = { "示范县政务服务中心", "示范县市场监督管理局", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) training = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int n_pages;

  g_assert_cmpstr (yc_service_item_get_code (item), ==, "SCJG-001");
  pdf = yc_guide_writer_write (writer, item, &info, YC_GUIDE_WRITE_NONE, &error);
  g_assert_no_error (error);
  training = yc_guide_writer_write (writer, item, &info, YC_GUIDE_WRITE_TRAINING, &error);
  g_assert_no_error (error);
  dir = g_build_filename (g_getenv ("YC_BUILD_ROOT") != NULL ? g_getenv ("YC_BUILD_ROOT") : ".",
                          "meson-logs", "guides", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, "guide-SCJG-001.pdf", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                      &error));
  g_clear_pointer (&path, g_free);

  text = pdf_text (training, &n_pages);
  g_assert_cmpint (n_pages, ==, 1);
  plain = pdf_text (pdf, &n_pages);
  g_assert_cmpint (n_pages, ==, 1);
  /* The watermark runs diagonally, which Poppler reads out of order: each of its characters
   * is on the page once more than in the plain guide. */
  for (const char *p = "培训演示无效"; *p != '\0'; p = g_utf8_next_char (p))
    {
      char one[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), one);
      g_assert_cmpuint (count_of (text, one), ==, count_of (plain, one) + 1);
    }
  for (int t = 0; t < 2; t++)
    {
      document = yc_pdf_open (t == 0 ? pdf : training, &error);
      g_assert_no_error (error);
      page = poppler_document_get_page (document, 0);
      texture = yc_pdf_render_page (page, 1.25, &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, t == 0 ? "guide-SCJG-001.png" : "guide-SCJG-001-training.png",
                               NULL);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("page: %s", path);
      g_clear_object (&texture);
      g_clear_object (&page);
      g_clear_object (&document);
      g_clear_pointer (&path, g_free);
    }
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* On a worker thread, the same bytes as on the caller's. */
static void
test_async (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcGuideWriter) writer = yc_guide_writer_new ();
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 12, 7, 10, 0, 0);
  YcGuideInfo info = { NULL, NULL, when };
  YcServiceItem *item = g_ptr_array_index (items, 3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sync_pdf = NULL;
  g_autoptr(GBytes) async_pdf = NULL;
  g_autofree char *text = NULL;
  int n_pages;

  yc_guide_writer_write_async (writer, item, &info, YC_GUIDE_WRITE_NONE, NULL, on_written_cb,
                               &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_pdf = yc_guide_writer_write_finish (writer, result, &error);
  g_assert_no_error (error);
  sync_pdf = yc_guide_writer_write (writer, item, &info, YC_GUIDE_WRITE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sync_pdf, async_pdf));

  /* No centre given: none printed; the department id stands in for its name. */
  text = pdf_text (async_pdf, &n_pages);
  g_assert_true (g_str_has_prefix (text, yc_service_item_get_name (item)));
  assert_contains (text, "scjg", "SCJG-004");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide-writer/every-item", test_every_item);
  g_test_add_func ("/guide-writer/training-and-snapshot", test_training_and_snapshot);
  g_test_add_func ("/guide-writer/async", test_async);

  return g_test_run ();
}
