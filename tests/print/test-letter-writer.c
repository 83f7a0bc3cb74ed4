/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-letter-writer"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <qrencode.h>

#include "letter-fixture.h"
#include "yc-letter-fonts.h"
#include "yc-letter-template.h"
#include "yc-letter-writer.h"

#define WATERMARK_CHARS "培训演示无效"

/* Helpers ---------------------------------------------------------------------------------- */

static YcLetterWriter *
new_writer (void)
{
  /* meson points YC_LETTERS_DIR at data/letters of the source tree. */
  g_assert_nonnull (g_getenv ("YC_LETTERS_DIR"));
  return yc_letter_writer_new (NULL);
}

#define assert_has(haystack, needle) G_STMT_START {                                           \
    g_autofree char *_needle = letter_fixture_squeeze (needle);                                \
    if (strstr ((haystack), _needle) == NULL)                                                  \
      g_error ("“%s” is not in the letter’s text: %s", _needle, (haystack));                   \
  } G_STMT_END

/* Keep the letter for a person to look at: $YC_BUILD_ROOT/meson-logs/letters/@name.pdf and a
 * PNG of each page at 100 %. */
static void
keep_for_review (GBytes          *pdf,
                 PopplerDocument *document,
                 const char      *name)
{
  const char *root = g_getenv ("YC_BUILD_ROOT");
  g_autofree char *dir = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return;
  dir = g_build_filename (root, "meson-logs", "letters", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  pdf_path = g_strdup_printf ("%s/%s.pdf", dir, name);
  g_assert_true (g_file_set_contents (pdf_path, g_bytes_get_data (pdf, NULL),
                                      g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);

  /* No page of an earlier, longer run of the same letter may linger. */
  for (int i = poppler_document_get_n_pages (document); ; i++)
    {
      g_autofree char *stale = g_strdup_printf ("%s/%s-%d.png", dir, name, i + 1);

      if (g_unlink (stale) != 0)
        break;
    }
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autoptr(GdkTexture) texture = yc_pdf_render_page (page, YC_PDF_PIXELS_PER_POINT_100,
                                                          &error);
      g_autofree char *png = g_strdup_printf ("%s/%s-%d.png", dir, name, i + 1);

      g_assert_no_error (error);
      g_assert_true (gdk_texture_save_to_png (texture, png));
    }
}

/* Write @content and open the PDF; the letter is kept under @name. */
static PopplerDocument *
write_and_open (const YcLetterContent *content,
                YcLetterWriteFlags     flags,
                const char            *name,
                GBytes               **out_pdf)
{
  g_autoptr(YcLetterWriter) writer = new_writer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_writer_write (writer, content, flags, &error);
  PopplerDocument *document;

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  document = yc_pdf_open (pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  if (name != NULL)
    keep_for_review (pdf, document, name);
  if (out_pdf != NULL)
    *out_pdf = g_bytes_ref (pdf);
  return document;
}

/* What every letter states (D13), whatever its kind. */
static void
assert_common (PopplerDocument       *document,
               const YcLetterContent *content,
               const char            *title)
{
  g_autofree char *text = letter_fixture_document_text (document);
  g_autofree char *meta_title = poppler_document_get_title (document);
  g_autofree char *meta_subject = poppler_document_get_subject (document);
  g_autofree char *meta_creator = poppler_document_get_creator (document);

  assert_has (text, LETTER_CENTRE);
  assert_has (text, title);
  assert_has (text, content->number);
  assert_has (text, "张三");
  assert_has (text, LETTER_MASKED_ID);
  g_assert_null (strstr (text, LETTER_FULL_ID)); /* D14: the letter leaves the hall */
  assert_has (text, "代理人李四");
  assert_has (text, LETTER_ITEM);
  assert_has (text, "经办人：王小明");
  assert_has (text, "A07");
  assert_has (text, "2026年11月28日");
  assert_has (text, "申请人（签字）：");
  assert_has (text, "（示范县政务服务中心 业务专用章）");
  assert_has (text, "0000-6610012");

  g_assert_cmpstr (meta_title, ==, title);
  g_assert_cmpstr (meta_subject, ==, content->number);
  g_assert_true (g_str_has_prefix (meta_creator, "Yichuang "));
  g_assert_nonnull (strstr (text, "第1页共1页"));
}

/* The QR code on the page encodes @expected: find its finder pattern in a rendering, read
 * every module and compare with what libqrencode makes of @expected. */
static void
assert_qr_code (PopplerDocument *document,
                const char      *expected)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, 0);
  g_autoptr(GError) error = NULL;
  const double scale = 6.0;
  g_autoptr(GdkTexture) texture = yc_pdf_render_page (page, scale, &error);
  QRcode *code = QRcode_encodeString8bit (expected, 0, QR_ECLEVEL_M);
  int width, height, stride, column, top = -1, run = 0, left;
  g_autofree guchar *pixels = NULL;
  double module;

  g_assert_no_error (error);
  g_assert_nonnull (code);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = width * 4;
  pixels = g_malloc ((gsize) stride * height);
  gdk_texture_download (texture, pixels, stride);

#define DARK(x, y) (pixels[(gsize) (y) * stride + (gsize) (x) * 4 + 1] < 96)

  /* The code stands at the left edge of the text area (28 mm); its finder pattern's left
   * column is a dark run 7 modules tall, a few points in. */
  for (column = (int) (28 * 72 / 25.4 * scale); column < width / 3 && top < 0; column++)
    for (int y = 0, start = -1; y < height; y++)
      {
        if (DARK (column, y))
          {
            if (start < 0)
              start = y;
            continue;
          }
        if (start >= 0 && y - start > 40 * scale / 7 && y - start < 140 * scale / 7)
          {
            /* A finder: as wide as it is tall. */
            int x = column;

            while (x < width && DARK (x, start + 1))
              x++;
            if (abs ((x - column) - (y - start)) <= 2)
              {
                top = start;
                run = y - start;
                break;
              }
          }
        start = -1;
      }
  g_assert_cmpint (top, >=, 0);
  column--;
  module = run / 7.0;
  left = column;

  for (int r = 0; r < code->width; r++)
    for (int c = 0; c < code->width; c++)
      {
        int x = left + (int) ((c + 0.5) * module);
        int y = top + (int) ((r + 0.5) * module);
        gboolean want = (code->data[r * code->width + c] & 1) != 0;

        if (DARK (x, y) != want)
          g_error ("QR module (%d, %d) is %s", r, c, want ? "light" : "dark");
      }
#undef DARK
  QRcode_free (code);
}

/* The kinds -------------------------------------------------------------------------------- */

static void
test_one_time_notice (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = write_and_open (content, 0, "one-time-notice", NULL);
  g_autofree char *text = letter_fixture_document_text (document);

  assert_common (document, content, "一次性告知书");
  for (guint i = 0; i < content->rows->len; i++)
    {
      const YcLetterRow *row = g_ptr_array_index (content->rows, i);

      assert_has (text, row->material_name);
      if (row->note != NULL)
        assert_has (text, row->note);
    }
  /* The table: its headings, the states, and the template's note for a row without one. */
  assert_has (text, "序号");
  assert_has (text, "材料名称");
  assert_has (text, "问题");
  assert_has (text, "补正要求");
  assert_has (text, "缺少");
  assert_has (text, "需补正");
  assert_has (text, "请按办事指南的要求提交该材料");
  assert_has (text, "共3项");
  /* Where and how to resubmit, and the one-time promise (D8). */
  assert_has (text, "重新提交申请");
  assert_has (text, "示范县人民大道88号政务服务中心大楼一楼A07号窗口");
  assert_has (text, "不再要求您提交本告知书所列以外的其他材料");
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
}

static void
test_acceptance (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(PopplerDocument) document = write_and_open (content, 0, "acceptance", NULL);
  g_autofree char *text = letter_fixture_document_text (document);

  assert_common (document, content, "受理通知书");
  assert_has (text, "办件编号" LETTER_CASE_NUMBER);
  assert_has (text, "受理日期2026年11月28日");
  assert_has (text, "承诺办结日期2026年12月9日");
  assert_has (text, "予以受理");
  assert_has (text, "0000-6610000");
  assert_has (text, "查询办理进度");
  assert_qr_code (document, LETTER_CASE_NUMBER);
}

static void
test_refusal (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_REFUSAL);
  g_autoptr(PopplerDocument) document = write_and_open (content, 0, "refusal", NULL);
  g_autofree char *text = letter_fixture_document_text (document);

  assert_common (document, content, "不予受理通知书");
  assert_has (text, "不予受理的理由：" "申请事项依法不属于本行政机关职权范围");
  assert_has (text, "法律依据：《中华人民共和国行政许可法》第三十二条第一款第（二）项");
  assert_has (text, "六十日内向示范县人民政府申请行政复议");
  assert_has (text, "六个月内依法向示范县人民法院提起行政诉讼");
}

static void
test_completion (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_COMPLETION);
  g_autoptr(PopplerDocument) document = write_and_open (content, 0, "completion", NULL);
  g_autofree char *text = letter_fixture_document_text (document);

  assert_common (document, content, "办结通知书");
  assert_has (text, "办理结果：准予登记，核发营业执照正本一份、副本一份");
  assert_has (text, "办结日期2026年12月4日");
  assert_has (text, "领取办理结果");
  assert_has (text, "办件编号" LETTER_CASE_NUMBER);
  assert_qr_code (document, LETTER_CASE_NUMBER);
}

static void
test_organisation (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;

  /* A credit code is no personal data: it is printed whole, under its own label. */
  g_free (content->applicant_kind);
  content->applicant_kind = g_strdup ("organisation");
  g_free (content->applicant_id);
  content->applicant_id = g_strdup ("91110105MA01ABCD2X");
  g_clear_pointer (&content->agent_name, g_free);
  document = write_and_open (content, 0, NULL, NULL);
  text = letter_fixture_document_text (document);
  assert_has (text, "统一社会信用代码91110105MA01ABCD2X");
  g_assert_null (strstr (text, "证件号码"));
  g_assert_null (strstr (text, "代理人"));
}

/* Fonts, pages, marks ---------------------------------------------------------------------- */

static void
test_fonts_embedded (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = write_and_open (content, 0, NULL, NULL);
  PopplerFontInfo *info = poppler_font_info_new (document);
  PopplerFontsIter *iter = NULL;
  gboolean serif = FALSE, sans = FALSE;

  g_assert_true (poppler_font_info_scan (info, poppler_document_get_n_pages (document), &iter));
  g_assert_nonnull (iter);
  do
    {
      const char *name = poppler_fonts_iter_get_name (iter);

      g_test_message ("font %s embedded %d subset %d", name,
                      poppler_fonts_iter_is_embedded (iter), poppler_fonts_iter_is_subset (iter));
      /* Only the two letter faces: no fallback font set any character. */
      g_assert_true (strstr (name, "NotoSerifCJK") != NULL || strstr (name, "NotoSansCJK") != NULL);
      g_assert_true (poppler_fonts_iter_is_embedded (iter));
      g_assert_true (poppler_fonts_iter_is_subset (iter));
      serif = serif || strstr (name, "NotoSerifCJKsc") != NULL || strstr (name, "NotoSerifCJK") != NULL;
      sans = sans || strstr (name, "NotoSansCJK") != NULL;
    }
  while (poppler_fonts_iter_next (iter));
  g_assert_true (serif);
  g_assert_true (sans);
  poppler_fonts_iter_free (iter);
  poppler_font_info_free (info);
}

static void
add_rows (YcLetterContent *content,
          guint            n)
{
  for (guint i = content->rows->len; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号材料（核对件）", i + 1);
      g_autofree char *note = g_strdup_printf ("请补正第%u号材料的签章", i + 1);

      yc_letter_content_add_row (content, name, i % 3 ? "missing" : "defective", note);
    }
}

static void
test_three_pages (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(YcLetterWriter) writer = new_writer ();
  guint n;

  /* As few materials as make three pages. */
  for (n = 10; n < 120; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = NULL;

      add_rows (content, n);
      pdf = yc_letter_writer_write (writer, content, 0, &error);
      g_assert_no_error (error);
      g_clear_object (&document);
      document = yc_pdf_open (pdf, &error);
      g_assert_no_error (error);
      if (poppler_document_get_n_pages (document) == 3)
        break;
    }
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 3);
  g_clear_object (&document);
  document = write_and_open (content, 0, "one-time-notice-3-pages", NULL);

  for (int page = 0; page < 3; page++)
    {
      g_autofree char *text = letter_fixture_page_text (document, page);
      g_autofree char *footer = g_strdup_printf ("第%d页共3页", page + 1);

      g_assert_nonnull (strstr (text, footer));
      assert_has (text, "一次性告知书");
      assert_has (text, content->number);
      g_assert_cmpuint (letter_fixture_count (text, "共3页"), ==, 1);
    }

  /* Every material whole on exactly one page: rows are never cut; and the table's header
   * stands again on every page the table runs onto. */
  for (guint i = 0; i < content->rows->len; i++)
    {
      const YcLetterRow *row = g_ptr_array_index (content->rows, i);
      g_autofree char *needle = letter_fixture_squeeze (row->material_name);
      g_autofree char *note = letter_fixture_squeeze (row->note != NULL ? row->note : "");
      guint pages = 0;

      for (int page = 0; page < 3; page++)
        {
          g_autofree char *text = letter_fixture_page_text (document, page);

          if (strstr (text, needle) != NULL)
            {
              pages++;
              g_assert_nonnull (strstr (text, note));
            }
        }
      g_assert_cmpuint (pages, ==, 1);
    }
  for (int page = 1; page < 3; page++)
    {
      g_autofree char *text = letter_fixture_page_text (document, page);
      const YcLetterRow *last_row = g_ptr_array_index (content->rows, n - 1);
      g_autofree char *last = letter_fixture_squeeze (last_row->material_name);

      if (page == 1 || strstr (text, last) != NULL)
        {
          assert_has (text, "材料名称");
          assert_has (text, "补正要求");
        }
    }
}

static void
test_marks (void)
{
  static const struct {
    YcLetterWriteFlags flags;
    const char *name;
  } cases[] = {
    { 0, NULL },
    { YC_LETTER_WRITE_STUB, "one-time-notice-stub" },
    { YC_LETTER_WRITE_REPRINT, "one-time-notice-reprint" },
    { YC_LETTER_WRITE_TRAINING, "one-time-notice-training" },
    { YC_LETTER_WRITE_STUB | YC_LETTER_WRITE_REPRINT | YC_LETTER_WRITE_TRAINING,
      "one-time-notice-all-marks" },
  };
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);

  add_rows (content, 40); /* two pages: the marks are on each */
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      YcLetterWriteFlags flags = cases[c].flags;
      g_autoptr(PopplerDocument) document = write_and_open (content, flags, cases[c].name, NULL);
      g_autofree char *title = poppler_document_get_title (document);
      int n_pages = poppler_document_get_n_pages (document);
      guint stub = (flags & YC_LETTER_WRITE_STUB) ? 2 : 0;
      guint reprint = (flags & YC_LETTER_WRITE_REPRINT) ? 2 : 0;
      guint training = (flags & YC_LETTER_WRITE_TRAINING) ? 1 : 0;

      g_assert_cmpint (n_pages, >=, 2);
      g_assert_true ((strstr (title, "存根") != NULL) == !!(flags & YC_LETTER_WRITE_STUB));
      g_assert_true ((strstr (title, "补打") != NULL) == !!(flags & YC_LETTER_WRITE_REPRINT));
      for (int page = 0; page < n_pages; page++)
        {
          g_autofree char *text = letter_fixture_page_text (document, page);

          if (c == 0)
            {
              g_ptr_array_add (plain, g_strdup (text));
              continue;
            }
          g_assert_cmpint (n_pages, ==, plain->len);
          /* The framed mark on every page, and the word in the title (on the first page) or
           * the running header (on the others). */
          g_assert_cmpuint (letter_fixture_count (text, "存根"), ==, stub);
          g_assert_cmpuint (letter_fixture_count (text, "补打"), ==, reprint);
          /* The watermark runs diagonally, which Poppler reads out of order: each of its
           * characters is on the page once more than in the plain letter. */
          for (const char *p = WATERMARK_CHARS; *p != '\0'; p = g_utf8_next_char (p))
            {
              char one[8] = { 0 };

              g_unichar_to_utf8 (g_utf8_get_char (p), one);
              g_assert_cmpuint (letter_fixture_count (text, one), ==,
                                letter_fixture_count (plain->pdata[page], one) + training);
            }
        }
    }
}

/* Bad input -------------------------------------------------------------------------------- */

static void
assert_refused (YcLetterContent *content,
                GQuark           domain,
                int              code,
                const char      *in_message)
{
  g_autoptr(YcLetterWriter) writer = new_writer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_writer_write (writer, content, 0, &error);

  g_assert_null (pdf);
  g_assert_error (error, domain, code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
}

static void
test_empty_fields (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(YcLetterContent) nothing = yc_letter_content_new (YC_LETTER_KIND_REFUSAL);
  g_autoptr(YcLetterContent) no_kind = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(YcLetterContent) no_rows = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(YcLetterContent) unnamed = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(YcLetterContent) no_centre = letter_fixture_content (YC_LETTER_KIND_REFUSAL);
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;

  /* What the letter must state is refused when blank, naming the field. */
  g_free (content->applicant_name);
  content->applicant_name = g_strdup ("   ");
  assert_refused (content, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD,
                  "{applicant}");
  g_free (content->applicant_name);
  content->applicant_name = g_strdup ("张三");
  g_clear_pointer (&content->due_date, g_free);
  assert_refused (content, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD,
                  "{due_date}");
  assert_refused (nothing, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD,
                  "{number}");
  no_kind->kind = YC_LETTER_KIND_NONE;
  assert_refused (no_kind, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID, "");
  g_ptr_array_set_size (no_rows->rows, 0);
  assert_refused (no_rows, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID, "");
  g_free (((YcLetterRow *) g_ptr_array_index (unnamed->rows, 1))->material_name);
  ((YcLetterRow *) g_ptr_array_index (unnamed->rows, 1))->material_name = g_strdup ("");
  assert_refused (unnamed, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID, "2");

  /* The centre's record may lack what centre.json has: the template fills it in. Optional
   * facts without a value are left out, not printed blank. */
  g_clear_pointer (&no_centre->centre_name, g_free);
  g_clear_pointer (&no_centre->centre_phone, g_free);
  g_clear_pointer (&no_centre->agent_name, g_free);
  g_clear_pointer (&no_centre->item_code, g_free);
  g_clear_pointer (&no_centre->received_date, g_free);
  document = write_and_open (no_centre, 0, NULL, NULL);
  text = letter_fixture_document_text (document);
  assert_has (text, LETTER_CENTRE);
  assert_has (text, "咨询电话：0000-6610000");
  g_assert_null (strstr (text, "代理人"));
  g_assert_null (strstr (text, "事项编码"));
  g_assert_null (strstr (text, "收件日期"));
  g_assert_null (strstr (text, "(null)"));
}

static void
test_long_text (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *text = NULL;

  /* A 2,000-character material name and a 2,000-character applicant with no break in it. */
  for (int i = 0; i < 2000; i++)
    g_string_append (name, "鑫");
  for (int i = 0; i < 2000; i++)
    g_string_append_c (word, 'A' + i % 26);
  yc_letter_content_add_row (content, name->str, "missing", "请提交原件");
  g_free (content->applicant_name);
  content->applicant_name = g_strdup (word->str);

  document = write_and_open (content, 0, "long-text", NULL);
  text = letter_fixture_document_text (document);
  /* Each character of the name once: none lost, none doubled across the page breaks. */
  g_assert_cmpuint (letter_fixture_count (text, "鑫"), ==, 2000);
  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 2);
}

static void
test_many_materials (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  int n_pages;

  add_rows (content, 200);
  document = write_and_open (content, 0, "two-hundred-materials", NULL);
  text = letter_fixture_document_text (document);
  n_pages = poppler_document_get_n_pages (document);
  g_assert_cmpint (n_pages, >, 5);
  for (guint i = 3; i < 200; i++)
    {
      g_autofree char *needle = g_strdup_printf ("第%u号材料（核对件）", i + 1);
      g_autofree char *note = g_strdup_printf ("请补正第%u号材料的签章", i + 1);

      g_assert_cmpuint (letter_fixture_count (text, needle), ==, 1);
      g_assert_cmpuint (letter_fixture_count (text, note), ==, 1);
    }
  g_assert_nonnull (strstr (text, "共200项"));
  for (int page = 0; page < n_pages; page++)
    {
      g_autofree char *page_of = g_strdup_printf ("第%d页共%d页", page + 1, n_pages);

      g_assert_nonnull (strstr (text, page_of));
    }
}

static void
test_awkward_characters (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(YcLetterWriter) writer = new_writer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;

  /* 𠮷 (U+20BB7, outside the BMP, in Noto CJK SC) and markup characters are plain text. */
  g_free (content->applicant_name);
  content->applicant_name = g_strdup ("𠮷田<b>&amp;\"'");
  yc_letter_content_add_row (content, "<span>材料 & \"名称\"</span>", "defective",
                             "注明 <i>原件</i> & '复印件'");
  document = write_and_open (content, 0, "awkward-characters", NULL);
  text = letter_fixture_document_text (document);
  assert_has (text, "𠮷田<b>&amp;\"'");
  assert_has (text, "<span>材料&\"名称\"</span>");
  assert_has (text, "注明<i>原件</i>&'复印件'");

  /* U+20000, which no installed face has, and bytes that are no UTF-8: written, no crash. */
  g_free (content->applicant_name);
  content->applicant_name = g_strdup ("\xf0\xa0\x80\x80\xff\xfe 测试");
  pdf = yc_letter_writer_write (writer, content, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

/* Templates -------------------------------------------------------------------------------- */

/* A copy of data/letters in a fresh directory, with @kind.json replaced by @text. */
static char *
template_dir_with (const char *kind,
                   const char *text)
{
  static const char *const files[] = {
    "centre.json", "one_time_notice.json", "acceptance.json", "refusal.json", "completion.json",
  };
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yc-letters-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (g_getenv ("YC_LETTERS_DIR"), files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, &error));
      g_assert_true (g_file_set_contents (to, contents, length, &error));
    }
  if (kind != NULL)
    {
      g_autofree char *name = g_strconcat (kind, ".json", NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (to, text, -1, &error));
    }
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The original template of @kind with @from replaced by @to. */
static char *
edited_template (const char *kind,
                 const char *from,
                 const char *to)
{
  g_autofree char *name = g_strconcat (kind, ".json", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("YC_LETTERS_DIR"), name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, from));
  edited = g_string_new (contents);
  g_string_replace (edited, from, to, 1);
  return g_string_free (g_steal_pointer (&edited), FALSE);
}

static void
assert_template_refused (const char *kind,
                         YcLetterKind kind_value,
                         const char *text,
                         int         code,
                         const char *const *in_message)
{
  g_autofree char *dir = template_dir_with (kind, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetterTemplate) template = yc_letter_template_load (dir, kind_value, &error);
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (dir);
  g_autoptr(YcLetterContent) content = letter_fixture_content (kind_value);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) write_error = NULL;

  g_assert_null (template);
  g_assert_error (error, YC_LETTER_TEMPLATE_ERROR, code);
  g_test_message ("%s", error->message);
  for (guint i = 0; in_message[i] != NULL; i++)
    if (strstr (error->message, in_message[i]) == NULL)
      g_error ("“%s” is not in “%s”", in_message[i], error->message);

  /* The writer refuses the letter with the same message. */
  pdf = yc_letter_writer_write (writer, content, 0, &write_error);
  g_assert_null (pdf);
  g_assert_error (write_error, YC_LETTER_TEMPLATE_ERROR, code);
  g_assert_cmpstr (write_error->message, ==, error->message);
  remove_dir (dir);
}

static void
test_template_unknown_field (void)
{
  g_autofree char *text = edited_template ("acceptance", "承诺于{due_date}前办结",
                                           "承诺于{foo}前办结");
  g_autofree char *lead = edited_template ("refusal", "\"lead\": \"法律依据：\"",
                                           "\"lead\": \"法律依据{basis}：\"");

  /* The file, the field, the line and the part. */
  assert_template_refused ("acceptance", YC_LETTER_KIND_ACCEPTANCE, text,
                           YC_LETTER_TEMPLATE_ERROR_UNKNOWN_FIELD,
                           (const char *const[]) { "acceptance.json", "{foo}", "line 18",
                                                   "body[1]", NULL });
  assert_template_refused ("refusal", YC_LETTER_KIND_REFUSAL, lead,
                           YC_LETTER_TEMPLATE_ERROR_UNKNOWN_FIELD,
                           (const char *const[]) { "refusal.json", "{basis}", "body[2].lead",
                                                   NULL });
}

static void
test_template_missing_part (void)
{
  g_autofree char *no_title = edited_template ("completion", "\"title\": \"办结通知书\",", "");
  g_autofree char *no_table = edited_template ("one_time_notice", "\"table\"", "\"tables\"");
  g_autofree char *no_basis = edited_template ("refusal", "{refusal_basis}", "有关规定");
  g_autofree char *not_json = edited_template ("acceptance", "\"kind\"", "kind");
  g_autofree char *wrong_kind = edited_template ("acceptance", "\"kind\": \"acceptance\"",
                                                 "\"kind\": \"refusal\"");

  assert_template_refused ("completion", YC_LETTER_KIND_COMPLETION, no_title,
                           YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                           (const char *const[]) { "completion.json", "“title”", NULL });
  assert_template_refused ("one_time_notice", YC_LETTER_KIND_ONE_TIME_NOTICE, no_table,
                           YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                           (const char *const[]) { "one_time_notice.json", "tables", NULL });
  assert_template_refused ("refusal", YC_LETTER_KIND_REFUSAL, no_basis,
                           YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                           (const char *const[]) { "refusal.json", "{refusal_basis}", NULL });
  assert_template_refused ("acceptance", YC_LETTER_KIND_ACCEPTANCE, not_json,
                           YC_LETTER_TEMPLATE_ERROR_SYNTAX,
                           (const char *const[]) { "acceptance.json", "JSON", NULL });
  assert_template_refused ("acceptance", YC_LETTER_KIND_ACCEPTANCE, wrong_kind,
                           YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                           (const char *const[]) { "acceptance.json", "refusal", NULL });
}

static void
test_templates_installed_dir (void)
{
  g_autofree char *from_env = yc_letter_templates_dir ();

  g_assert_cmpstr (from_env, ==, g_getenv ("YC_LETTERS_DIR"));
  for (YcLetterKind kind = YC_LETTER_KIND_ONE_TIME_NOTICE; kind <= YC_LETTER_KIND_COMPLETION;
       kind++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcLetterTemplate) template = yc_letter_template_load (NULL, kind, &error);

      g_assert_no_error (error);
      g_assert_cmpint (yc_letter_template_get_kind (template), ==, kind);
      g_assert_cmpstr (yc_letter_template_get_centre (template, "reconsideration_body"), ==,
                       "示范县人民政府");
    }
  g_assert_cmpstr (yc_letter_kind_to_string (YC_LETTER_KIND_REFUSAL), ==, "refusal");
  g_assert_cmpint (yc_letter_kind_from_string ("completion"), ==, YC_LETTER_KIND_COMPLETION);
  g_assert_cmpint (yc_letter_kind_from_string ("memo"), ==, YC_LETTER_KIND_NONE);
}

static void
test_format_date (void)
{
  g_autofree char *day = yc_letter_format_date ("2026-11-28");
  g_autofree char *utc = yc_letter_format_date ("2026-11-27T17:30:00Z");
  g_autofree char *junk = yc_letter_format_date ("next week");

  g_assert_cmpstr (day, ==, "2026年11月28日");
  g_assert_cmpstr (utc, ==, "2026年11月28日"); /* TZ=Asia/Shanghai: 01:30 on the 28th */
  g_assert_cmpstr (junk, ==, "next week");
  g_assert_null (yc_letter_format_date (NULL));
}

/* Records, threads ------------------------------------------------------------------------- */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_from_records (void)
{
  g_autoptr(JsonObject) letter_json = parse_object (
    "{\"id\":\"l1\",\"case_id\":\"c1\",\"kind\":\"one_time_notice\","
    "\"number\":\"示政务〔2026〕告字第A07-000123号\",\"issued_at\":\"2026-11-28T10:15:00+08:00\","
    "\"items\":[{\"material_id\":\"SCJG-001-01\",\"note\":\"须本人签字\"},"
    "{\"material_id\":\"SCJG-001-03\",\"note\":null},{\"material_id\":\"X-99\"}]}");
  g_autoptr(JsonObject) case_json = parse_object (
    "{\"id\":\"c1\",\"number\":\"" LETTER_CASE_NUMBER "\",\"service_item\":\"SCJG-001\","
    "\"applicant\":{\"kind\":\"person\",\"name\":\"张三\",\"id_type\":\"resident_id\","
    "\"id_number\":\"" LETTER_FULL_ID "\"},\"agent\":{\"kind\":\"person\",\"name\":\"李四\"},"
    "\"materials\":[{\"material_id\":\"SCJG-001-03\",\"state\":\"defective\","
    "\"note\":\"租赁协议已过期\"}],\"received_at\":\"2026-11-28T09:40:00+08:00\"}");
  g_autoptr(JsonObject) item_json = parse_object (
    "{\"code\":\"SCJG-001\",\"name\":\"" LETTER_ITEM "\",\"materials\":["
    "{\"id\":\"SCJG-001-01\",\"name\":\"个体工商户登记（备案）申请书\"},"
    "{\"id\":\"SCJG-001-03\",\"name\":\"经营场所使用证明\"}]}");
  g_autoptr(JsonObject) centre_json = parse_object (
    "{\"code\":\"sfx-zwzx\",\"name\":\"" LETTER_CENTRE "\",\"letter_prefix\":\"示政务\","
    "\"phone\":\"0000-6610000\",\"address\":\"示范县人民大道88号\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetter) letter = yc_letter_new_from_json (letter_json, &error);
  g_autoptr(YcCase) case_ = yc_case_new_from_json (case_json, &error);
  g_autoptr(YcServiceItem) item = yc_service_item_new_from_json (item_json, &error);
  g_autoptr(YcCentre) centre = yc_centre_new_from_json (centre_json, &error);
  g_autoptr(YcLetterContent) content = NULL;
  g_autoptr(YcLetterContent) copy = NULL;
  const YcLetterRow *row;

  g_assert_no_error (error);
  content = yc_letter_content_new_from_records (letter, case_, item, centre, "王小明", "A07");
  g_assert_cmpint (content->kind, ==, YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_assert_cmpstr (content->number, ==, "示政务〔2026〕告字第A07-000123号");
  g_assert_cmpstr (content->applicant_id, ==, LETTER_MASKED_ID);
  g_assert_cmpstr (content->agent_name, ==, "李四");
  g_assert_cmpstr (content->item_name, ==, LETTER_ITEM);
  g_assert_cmpstr (content->centre_phone, ==, "0000-6610000");
  g_assert_null (content->centre_complaint_phone);
  g_assert_cmpstr (content->clerk_name, ==, "王小明");
  g_assert_cmpuint (content->rows->len, ==, 3);
  row = g_ptr_array_index (content->rows, 0);
  g_assert_cmpstr (row->material_name, ==, "个体工商户登记（备案）申请书");
  g_assert_cmpstr (row->state, ==, "missing");
  g_assert_cmpstr (row->note, ==, "须本人签字");
  row = g_ptr_array_index (content->rows, 1);
  g_assert_cmpstr (row->state, ==, "defective");
  g_assert_cmpstr (row->note, ==, "租赁协议已过期");
  row = g_ptr_array_index (content->rows, 2);
  g_assert_cmpstr (row->material_name, ==, "X-99"); /* unknown to the guide: its id */

  copy = yc_letter_content_copy (content);
  g_assert_cmpstr (copy->applicant_name, ==, "张三");
  g_assert_cmpuint (copy->rows->len, ==, 3);
  g_assert_false (copy->rows->pdata[0] == content->rows->pdata[0]);
}

typedef struct {
  GMainLoop *loop;
  guint pending;
  GBytes *results[4];
} AsyncData;

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *pdf = yc_letter_writer_write_finish (YC_LETTER_WRITER (source), result, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (data->results); i++)
    if (data->results[i] == NULL)
      {
        data->results[i] = pdf;
        break;
      }
  if (--data->pending == 0)
    g_main_loop_quit (data->loop);
}

static void
test_async_and_repeatable (void)
{
  g_autoptr(YcLetterWriter) writer = new_writer ();
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sync = NULL;
  AsyncData data = { g_main_loop_new (NULL, FALSE), G_N_ELEMENTS (data.results), { NULL } };

  add_rows (content, 30);
  sync = yc_letter_writer_write (writer, content, YC_LETTER_WRITE_STUB, &error);
  g_assert_no_error (error);

  /* Four letters on worker threads at once, the content freed as soon as they are asked for:
   * each the same bytes as the one written here (the letter's sha256 is recorded). */
  for (guint i = 0; i < G_N_ELEMENTS (data.results); i++)
    yc_letter_writer_write_async (writer, content, YC_LETTER_WRITE_STUB, NULL, on_written, &data);
  g_clear_pointer (&content, yc_letter_content_free);
  g_main_loop_run (data.loop);

  for (guint i = 0; i < G_N_ELEMENTS (data.results); i++)
    {
      g_assert_true (g_bytes_equal (data.results[i], sync));
      g_bytes_unref (data.results[i]);
    }
  g_main_loop_unref (data.loop);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_writer_write_finish (YC_LETTER_WRITER (source), result,
                                                         &error);

  g_assert_null (pdf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_loop_quit (loop);
}

static void
test_async_cancelled (void)
{
  g_autoptr(YcLetterWriter) writer = new_writer ();
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_cancellable_cancel (cancellable);
  yc_letter_writer_write_async (writer, content, 0, cancellable, on_cancelled, loop);
  g_main_loop_run (loop);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, ""); /* messages in UTF-8 (LANG=C.UTF-8) */
  g_test_init (&argc, &argv, NULL);
  if (!yc_letter_fonts_check (&error))
    {
      /* build-aux/yc installs fonts-noto-cjk: without it this is a broken machine, not a
       * skip. */
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_test_add_func ("/print/letter-writer/one-time-notice", test_one_time_notice);
  g_test_add_func ("/print/letter-writer/acceptance", test_acceptance);
  g_test_add_func ("/print/letter-writer/refusal", test_refusal);
  g_test_add_func ("/print/letter-writer/completion", test_completion);
  g_test_add_func ("/print/letter-writer/organisation", test_organisation);
  g_test_add_func ("/print/letter-writer/fonts-embedded", test_fonts_embedded);
  g_test_add_func ("/print/letter-writer/three-pages", test_three_pages);
  g_test_add_func ("/print/letter-writer/marks", test_marks);
  g_test_add_func ("/print/letter-writer/empty-fields", test_empty_fields);
  g_test_add_func ("/print/letter-writer/long-text", test_long_text);
  g_test_add_func ("/print/letter-writer/many-materials", test_many_materials);
  g_test_add_func ("/print/letter-writer/awkward-characters", test_awkward_characters);
  g_test_add_func ("/print/letter-writer/template-unknown-field", test_template_unknown_field);
  g_test_add_func ("/print/letter-writer/template-missing-part", test_template_missing_part);
  g_test_add_func ("/print/letter-writer/templates-dir", test_templates_installed_dir);
  g_test_add_func ("/print/letter-writer/format-date", test_format_date);
  g_test_add_func ("/print/letter-writer/from-records", test_from_records);
  g_test_add_func ("/print/letter-writer/async", test_async_and_repeatable);
  g_test_add_func ("/print/letter-writer/async-cancelled", test_async_cancelled);
  return g_test_run ();
}
