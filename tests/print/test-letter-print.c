/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-letter-print"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "letter-fixture.h"
#include "yc-letter-print.h"
#include "yc-letter-writer.h"

#define PRINTER    "YC-PDF"
#define TIMEOUT_S  60

/* Letters ---------------------------------------------------------------------------------- */

static GBytes *
write_letter (const YcLetterContent *content)
{
  g_autoptr(YcLetterWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  g_assert_nonnull (g_getenv ("YC_LETTERS_DIR"));
  writer = yc_letter_writer_new (NULL);
  pdf = yc_letter_writer_write (writer, content, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return pdf;
}

static int
n_pages_of (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = yc_pdf_open (pdf, &error);

  g_assert_no_error (error);
  return poppler_document_get_n_pages (document);
}

/* A one-time notice with as few materials as make three pages. */
static YcLetterContent *
three_page_notice (GBytes **out_pdf)
{
  YcLetterContent *content = letter_fixture_content (YC_LETTER_KIND_ONE_TIME_NOTICE);

  for (guint n = content->rows->len; n < 120; n++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号材料（核对件）", n + 1);
      g_autoptr(GBytes) pdf = NULL;

      yc_letter_content_add_row (content, name, n % 3 ? "missing" : "defective",
                                 "请补正签章");
      pdf = write_letter (content);
      if (n_pages_of (pdf) == 3)
        {
          *out_pdf = g_steal_pointer (&pdf);
          return content;
        }
    }
  g_assert_not_reached ();
}

#define assert_has(haystack, needle) G_STMT_START {                                           \
    g_autofree char *_needle = letter_fixture_squeeze (needle);                                \
    if (strstr ((haystack), _needle) == NULL)                                                  \
      g_error ("“%s” is not in the printed text: %s", _needle, (haystack));                    \
  } G_STMT_END

#define assert_has_printed(haystack, needle, through_postscript) G_STMT_START {             \
    g_autofree char *_plain = (through_postscript) ? without_digits (needle) : g_strdup (needle); \
    assert_has ((haystack), _plain);                                                           \
  } G_STMT_END

/* What was printed (@printed) says what the letter says: as many A4 pages, the same number,
 * applicant, materials and page footers, each found in the original's text too. */
/* Without ASCII digits and control characters (what the lost digits come back as). */
static char *
without_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(c < 0x80 && g_ascii_isdigit (c)) && !g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The pages of @printed look like those of @source: rendered small (so that half a pixel of
 * shift or other anti-aliasing does not count), the mean difference of the grey levels stays
 * under 2 %. */
static void
assert_looks_the_same (PopplerDocument *source,
                       PopplerDocument *printed)
{
  for (int i = 0; i < poppler_document_get_n_pages (source); i++)
    {
      g_autoptr(PopplerPage) a = poppler_document_get_page (source, i);
      g_autoptr(PopplerPage) b = poppler_document_get_page (printed, i);
      g_autoptr(GdkTexture) ta = yc_pdf_render_page (a, 0.15, NULL);
      g_autoptr(GdkTexture) tb = yc_pdf_render_page (b, 0.15, NULL);
      int w = MIN (gdk_texture_get_width (ta), gdk_texture_get_width (tb));
      int h = MIN (gdk_texture_get_height (ta), gdk_texture_get_height (tb));
      gsize stride_a = gdk_texture_get_width (ta) * 4, stride_b = gdk_texture_get_width (tb) * 4;
      g_autofree guchar *pa = g_malloc (stride_a * gdk_texture_get_height (ta));
      g_autofree guchar *pb = g_malloc (stride_b * gdk_texture_get_height (tb));
      double sum = 0;

      gdk_texture_download (ta, pa, stride_a);
      gdk_texture_download (tb, pb, stride_b);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          sum += abs ((int) pa[y * stride_a + x * 4 + 1] - (int) pb[y * stride_b + x * 4 + 1]);
      g_assert_cmpfloat (sum / (w * (double) h * 255), <, 0.02);
    }
}

/* @through_postscript: what CUPS printed went PDF → PostScript (pdftocairo) → PDF (cups-pdf's
 * Ghostscript), and that trip loses the Unicode names of some digit glyphs (0, 5 and 7 come
 * back as control characters), so the text is compared without ASCII digits there and the
 * pages are compared as pictures, which shows that the digits are printed. */
static void
assert_same_letter (GBytes                *original,
                    PopplerDocument       *printed,
                    const YcLetterContent *content,
                    gboolean               through_postscript)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) source = yc_pdf_open (original, &error);
  g_autofree char *source_text = NULL;
  g_autofree char *printed_text = letter_fixture_document_text (printed);
  int n = poppler_document_get_n_pages (printed);

  g_assert_no_error (error);
  source_text = letter_fixture_document_text (source);
  if (through_postscript)
    {
      char *plain = without_digits (printed_text);

      g_free (printed_text);
      printed_text = plain;
      assert_looks_the_same (source, printed);
    }
  g_assert_cmpint (n, ==, poppler_document_get_n_pages (source));
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (printed, i);
      g_autofree char *footer = g_strdup_printf ("第%d页共%d页", i + 1, n);
      double width = 0, height = 0;

      poppler_page_get_size (page, &width, &height);
      /* A4 is 595.28 × 841.89 pt; the print system rounds to whole points. */
      g_assert_cmpfloat_with_epsilon (width, YC_LETTER_PAGE_WIDTH, 1.5);
      g_assert_cmpfloat_with_epsilon (height, YC_LETTER_PAGE_HEIGHT, 1.5);
      assert_has (source_text, footer);
      assert_has_printed (printed_text, footer, through_postscript);
    }
  assert_has (source_text, content->number);
  assert_has_printed (printed_text, content->number, through_postscript);
  assert_has (printed_text, LETTER_APPLICANT);
  for (guint i = 0; i < content->rows->len; i++)
    {
      const YcLetterRow *row = g_ptr_array_index (content->rows, i);

      assert_has (source_text, row->material_name);
      assert_has_printed (printed_text, row->material_name, through_postscript);
    }
}

/* Printing --------------------------------------------------------------------------------- */

typedef struct {
  gboolean             done;
  YcLetterPrintResult  result;
  GError              *error;
} PrintOutcome;

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PrintOutcome *outcome = user_data;

  outcome->result = yc_letter_print_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterate the main context until *@flag is set or @seconds have passed. */
static gboolean
spin_until (gboolean *flag,
            guint     seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static YcLetterPrintResult
print_and_wait (GBytes                     *pdf,
                const YcLetterPrintOptions *options,
                GCancellable               *cancellable,
                GError                    **error)
{
  PrintOutcome outcome = { 0 };

  yc_letter_print_async (pdf, NULL, options, cancellable, on_printed_cb, &outcome);
  if (!spin_until (&outcome.done, TIMEOUT_S))
    g_error ("the print did not finish within %d s", TIMEOUT_S);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

/* $YC_BUILD_ROOT/meson-logs/letters, made if needed. */
static char *
letters_dir (void)
{
  const char *root = g_getenv ("YC_BUILD_ROOT");
  char *dir = g_build_filename (root != NULL ? root : ".", "meson-logs", "letters", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static void
save_pngs (PopplerDocument *document,
           const char      *name)
{
  g_autofree char *dir = letters_dir ();

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = yc_pdf_render_page (page, YC_PDF_PIXELS_PER_POINT_100,
                                                          &error);
      g_autofree char *png = g_strdup_printf ("%s/%s-%d.png", dir, name, i + 1);

      g_assert_no_error (error);
      g_assert_true (gdk_texture_save_to_png (texture, png));
    }
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_export (void)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(YcLetterContent) content = three_page_notice (&pdf);
  g_autofree char *dir = letters_dir ();
  g_autofree char *path = g_build_filename (dir, "export-one-time-notice.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  YcLetterPrintOptions options = {
    .mode = YC_LETTER_PRINT_EXPORT,
    .copies = 1,
    .export_filename = path,
  };

  g_unlink (path);
  g_assert_cmpint (print_and_wait (pdf, &options, NULL, &error), ==,
                   YC_LETTER_PRINT_RESULT_PRINTED);
  g_assert_no_error (error);

  exported = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  document = yc_pdf_open (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 3);
  assert_same_letter (pdf, document, content, FALSE);
}

/* The private scheduler of build-aux/yc check, or a skip when run by hand outside it. */
static gboolean
have_private_cups (void)
{
  if (g_getenv ("CUPS_SERVER") != NULL && g_getenv ("YC_CUPS_PDF_DIR") != NULL)
    return TRUE;
  if (g_getenv ("YC_CUPS_EXPECTED") != NULL)
    g_error ("the private CUPS scheduler did not start: %s",
             g_getenv ("YC_CUPS_ERROR") != NULL ? g_getenv ("YC_CUPS_ERROR") : "unknown");
  g_test_skip ("no private CUPS scheduler (run through build-aux/yc check)");
  return FALSE;
}

static GHashTable *
pdfs_in (const char *dir)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      g_hash_table_add (names, g_strdup (name));
  return names;
}

typedef struct {
  const char *dir;
  GHashTable *before;
  char       *found;
  gsize       last_size;
  gboolean    done;
} SpoolWatch;

/* A new PDF in the cups-pdf directory, complete: Poppler opens it and its size held still. */
static gboolean
poll_spool_cb (gpointer user_data)
{
  SpoolWatch *watch = user_data;
  g_autoptr(GHashTable) now = pdfs_in (watch->dir);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      g_autofree char *path = NULL;
      g_autoptr(GMappedFile) mapped = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PopplerDocument) document = NULL;
      gsize size;

      if (g_hash_table_contains (watch->before, name))
        continue;
      path = g_build_filename (watch->dir, name, NULL);
      mapped = g_mapped_file_new (path, FALSE, NULL);
      if (mapped == NULL)
        continue;
      size = g_mapped_file_get_length (mapped);
      if (size == 0 || size != watch->last_size)
        {
          watch->last_size = size;
          continue;
        }
      bytes = g_mapped_file_get_bytes (mapped);
      document = yc_pdf_open (bytes, NULL);
      if (document == NULL)
        continue;
      watch->found = g_steal_pointer (&path);
      watch->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_cups_kind (gconstpointer data)
{
  YcLetterKind kind = GPOINTER_TO_INT (data);
  g_autoptr(YcLetterContent) content = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) spooled = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *job_name = NULL;
  g_autofree char *png_name = NULL;
  SpoolWatch watch = { 0 };
  guint poll_id;
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_DIRECT, .printer = PRINTER,
                                   .copies = 1 };

  if (!have_private_cups ())
    return;
  if (kind == YC_LETTER_KIND_ONE_TIME_NOTICE)
    content = three_page_notice (&pdf);
  else
    {
      content = letter_fixture_content (kind);
      pdf = write_letter (content);
    }

  watch.dir = g_getenv ("YC_CUPS_PDF_DIR");
  watch.before = pdfs_in (watch.dir);
  /* cups-pdf names the file after the job: a name of its own, so that the file is new. */
  job_name = g_strdup_printf ("yc-test-%s-%" G_GINT64_FORMAT, yc_letter_kind_to_string (kind),
                              g_get_real_time ());
  options.job_name = job_name;
  g_assert_cmpint (print_and_wait (pdf, &options, NULL, &error), ==,
                   YC_LETTER_PRINT_RESULT_PRINTED);
  g_assert_no_error (error);

  poll_id = g_timeout_add (100, poll_spool_cb, &watch);
  if (!spin_until (&watch.done, TIMEOUT_S))
    {
      g_source_remove (poll_id);
      g_error ("no PDF appeared in %s within %d s", watch.dir, TIMEOUT_S);
    }
  g_hash_table_unref (watch.before);

  file = g_file_new_for_path (watch.found);
  spooled = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  document = yc_pdf_open (spooled, &error);
  g_assert_no_error (error);
  png_name = g_strdup_printf ("cups-%s", yc_letter_kind_to_string (kind));
  save_pngs (document, png_name);
  assert_same_letter (pdf, document, content, TRUE);
  g_unlink (watch.found);
  g_free (watch.found);
}

static void
test_printer_not_found (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(GBytes) pdf = write_letter (content);
  g_autoptr(GError) error = NULL;
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_DIRECT,
                                   .printer = "YC-NO-SUCH-PRINTER", .copies = 1 };

  if (!have_private_cups ())
    return;
  g_assert_cmpint (print_and_wait (pdf, &options, NULL, &error), ==,
                   YC_LETTER_PRINT_RESULT_FAILED);
  g_assert_error (error, YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_PRINTER_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "YC-NO-SUCH-PRINTER"));
}

static void
test_invalid_pdf (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(GBytes) pdf = write_letter (content);
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (pdf, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_DIRECT, .printer = PRINTER,
                                   .copies = 1 };

  /* The header and the cross-reference table gone: no reader can make a page of it. */
  memset (copy, 'x', 16);
  damaged = g_bytes_new (copy, size / 3);
  g_assert_cmpint (print_and_wait (damaged, &options, NULL, &error), ==,
                   YC_LETTER_PRINT_RESULT_FAILED);
  g_assert_error (error, YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_INVALID_PDF);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_cancelled (void)
{
  g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
  g_autoptr(GBytes) pdf = write_letter (content);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = letters_dir ();
  g_autofree char *path = g_build_filename (dir, "cancelled.pdf", NULL);
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_EXPORT, .copies = 1,
                                   .export_filename = path };

  g_unlink (path);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (print_and_wait (pdf, &options, cancellable, &error), ==,
                   YC_LETTER_PRINT_RESULT_CANCELLED);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Also straight to a printer, while the printer is looked up. */
  if (g_getenv ("CUPS_SERVER") != NULL)
    {
      PrintOutcome outcome = { 0 };
      g_autoptr(GCancellable) later = g_cancellable_new ();
      YcLetterPrintOptions direct = { .mode = YC_LETTER_PRINT_DIRECT, .printer = PRINTER,
                                      .copies = 1 };

      yc_letter_print_async (pdf, NULL, &direct, later, on_printed_cb, &outcome);
      g_cancellable_cancel (later);
      g_assert_true (spin_until (&outcome.done, TIMEOUT_S));
      g_assert_no_error (outcome.error);
      g_assert_cmpint (outcome.result, ==, YC_LETTER_PRINT_RESULT_CANCELLED);
    }
}

static void
test_no_printer (void)
{
  /* Deterministic only in a process of its own whose CUPS_SERVER leads nowhere: the print
   * backends read it once, when they are first loaded. */
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("yc-no-cups-XXXXXX", NULL);
      g_autofree char *sock = g_build_filename (dir, "cups.sock", NULL);
      g_autoptr(YcLetterContent) content = letter_fixture_content (YC_LETTER_KIND_ACCEPTANCE);
      g_autoptr(GBytes) pdf = write_letter (content);
      g_autoptr(GError) error = NULL;
      YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_DIRECT, .copies = 1 };

      g_setenv ("CUPS_SERVER", sock, TRUE);
      g_assert_cmpint (print_and_wait (pdf, &options, NULL, &error), ==,
                       YC_LETTER_PRINT_RESULT_FAILED);
      g_assert_error (error, YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_NO_PRINTER);
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, (TIMEOUT_S + 10) * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* GTK's CUPS backend asks colord (on the system bus, which the test session lacks) about each
 * printer's colour profile and warns when it cannot: that is no fault of printing, so it is
 * logged as a message rather than failing the test. Every other warning stays fatal. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_WARNING)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
          strstr (fields[i].value, "colord") != NULL)
        log_level = G_LOG_LEVEL_MESSAGE;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  g_test_add_func ("/letter-print/export", test_export);
  g_test_add_data_func ("/letter-print/cups/one-time-notice",
                        GINT_TO_POINTER (YC_LETTER_KIND_ONE_TIME_NOTICE), test_cups_kind);
  g_test_add_data_func ("/letter-print/cups/acceptance",
                        GINT_TO_POINTER (YC_LETTER_KIND_ACCEPTANCE), test_cups_kind);
  g_test_add_data_func ("/letter-print/cups/refusal",
                        GINT_TO_POINTER (YC_LETTER_KIND_REFUSAL), test_cups_kind);
  g_test_add_data_func ("/letter-print/cups/completion",
                        GINT_TO_POINTER (YC_LETTER_KIND_COMPLETION), test_cups_kind);
  g_test_add_func ("/letter-print/printer-not-found", test_printer_not_found);
  g_test_add_func ("/letter-print/invalid-pdf", test_invalid_pdf);
  g_test_add_func ("/letter-print/cancelled", test_cancelled);
  g_test_add_func ("/letter-print/no-printer", test_no_printer);
  return g_test_run ();
}
