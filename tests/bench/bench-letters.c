/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Letters benchmark (issue 10): writing a one-time notice with 20 materials through
 * YcLetterWriter against a floor measured in the same run: the same strings in the same faces
 * set by bare Pango on a cairo PDF surface, one PangoLayout per paragraph or cell, stacked
 * down the page with no template, table, pagination or QR logic. Runs alternate between the
 * two, after a warm-up; medians of RUNS. Then the preview of the letter's first page at 100 %
 * through yc_pdf_render_page (a GdkMemoryTexture: no display needed), p50 and p95.
 * Prints: letter_ms=… floor_ms=… ratio=… preview_p50_ms=… preview_p95_ms=…
 * Target (printed by the lead's report, not enforced here): ratio <= 2. */
#define G_LOG_DOMAIN "bench-letters"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "yc-letter-fonts.h"
#include "yc-letter-template.h"
#include "yc-letter-writer.h"
#include "yc-pdf-render.h"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define RUNS         30
#define WARM_UP      3
#define N_MATERIALS  20
#define PREVIEW_RUNS 30

/* The letter's text area and faces, as the writer sets them. */
#define MM          (72.0 / 25.4)
#define LEFT        (28 * MM)
#define WIDTH       (YC_LETTER_PAGE_WIDTH - 56 * MM)
#define TOP         (35 * MM)
#define BOTTOM      (YC_LETTER_PAGE_HEIGHT - 30 * MM)

typedef struct {
  char *text;
  const char *family;
  double size;
  double width;
} Piece;

static void
piece_free (gpointer data)
{
  Piece *piece = data;

  g_free (piece->text);
  g_free (piece);
}

static void
add (GPtrArray  *pieces,
     char       *text,
     const char *family,
     double      size,
     double      width)
{
  Piece *piece = g_new0 (Piece, 1);

  piece->text = text;
  piece->family = family;
  piece->size = size;
  piece->width = width;
  g_ptr_array_add (pieces, piece);
}

static YcLetterContent *
sample (void)
{
  YcLetterContent *content = yc_letter_content_new (YC_LETTER_KIND_ONE_TIME_NOTICE);

  content->number = g_strdup ("示政务〔2026〕告字第A07-000123号");
  content->issued_date = g_strdup ("2026-11-28T10:15:00+08:00");
  content->centre_name = g_strdup ("示范县政务服务中心");
  content->applicant_name = g_strdup ("张三");
  content->applicant_kind = g_strdup ("person");
  content->applicant_id = g_strdup ("11010519491231002X");
  content->agent_name = g_strdup ("李四");
  content->item_code = g_strdup ("SCJG-001");
  content->item_name = g_strdup ("个体工商户设立登记");
  content->received_date = g_strdup ("2026-11-28T09:40:00+08:00");
  content->clerk_name = g_strdup ("王小明");
  content->window_code = g_strdup ("A07");
  for (guint i = 0; i < N_MATERIALS; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号申请材料（复印件加盖公章）", i + 1);
      g_autofree char *note = g_strdup_printf ("第%u号材料缺少法定代表人签字，请补签后重新提交",
                                               i + 1);

      yc_letter_content_add_row (content, name, i % 3 ? "missing" : "defective", note);
    }
  return content;
}

static char *
expand (YcLetterTemplate      *template,
        const char            *text,
        const YcLetterContent *content)
{
  g_autoptr(GError) error = NULL;
  char *out = yc_letter_template_expand (template, text, content, TRUE, &error);

  g_assert_no_error (error);
  return out;
}

/* The strings of the letter, each with its face and width. */
static GPtrArray *
letter_strings (YcLetterTemplate      *template,
                const YcLetterContent *content)
{
  const char *serif = YC_LETTER_FONT_BODY;
  const char *sans = YC_LETTER_FONT_HEADING;
  GPtrArray *pieces = g_ptr_array_new_with_free_func (piece_free);
  const double cells[] = { 34, 164, 48, WIDTH - 246 };

  add (pieces, expand (template, "{centre}", content), sans, 15, WIDTH);
  add (pieces, g_strdup (yc_letter_template_get_title (template)), sans, 22, WIDTH);
  add (pieces, expand (template, "{number}", content), serif, 12, WIDTH);
  for (guint i = 0; i < yc_letter_template_get_n_facts (template); i++)
    {
      const char *label, *value;

      yc_letter_template_get_fact (template, i, &label, &value);
      add (pieces, expand (template, label, content), sans, 10.5, 86);
      add (pieces, expand (template, value, content), serif, 11, 112);
    }
  add (pieces, expand (template, yc_letter_template_get_salutation (template), content), serif,
       12, WIDTH);
  for (guint i = 0; i < yc_letter_template_get_n_paragraphs (template, YC_LETTER_SECTION_BODY);
       i++)
    add (pieces, expand (template, yc_letter_template_get_paragraph (template,
                                                                    YC_LETTER_SECTION_BODY,
                                                                    i, NULL), content),
         serif, 12, WIDTH);
  add (pieces, expand (template, yc_letter_template_get_table_caption (template), content), sans,
       12, WIDTH);
  for (guint i = 0; i < 4; i++)
    add (pieces, g_strdup (yc_letter_template_get_table_column (template, i)), sans, 10.5,
         cells[i] - 10);
  for (guint r = 0; r < content->rows->len; r++)
    {
      const YcLetterRow *row = g_ptr_array_index (content->rows, r);

      add (pieces, g_strdup_printf ("%u", r + 1), serif, 10.5, cells[0] - 10);
      add (pieces, g_strdup (row->material_name), serif, 10.5, cells[1] - 10);
      add (pieces, g_strdup (yc_letter_template_get_state_label (template, row->state)), serif,
           10.5, cells[2] - 10);
      add (pieces, g_strdup (row->note), serif, 10.5, cells[3] - 10);
    }
  for (guint i = 0; i < yc_letter_template_get_n_paragraphs (template, YC_LETTER_SECTION_AFTER);
       i++)
    add (pieces, expand (template, yc_letter_template_get_paragraph (template,
                                                                    YC_LETTER_SECTION_AFTER,
                                                                    i, NULL), content),
         serif, 12, WIDTH);
  add (pieces, expand (template, yc_letter_template_get_clerk_line (template), content), serif,
       12, 200);
  add (pieces, g_strconcat (yc_letter_template_get_centre (template, "seal_caption"), "\n",
                            "2026年11月28日", NULL), serif, 12, 210);
  add (pieces, expand (template, yc_letter_template_get_signature_line (template), content),
       serif, 12, WIDTH);
  return pieces;
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The floor: the strings stacked down pages by bare Pango, one layout each. */
static GBytes *
write_floor (GPtrArray *pieces)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_bytes, data,
                                                                  YC_LETTER_PAGE_WIDTH,
                                                                  YC_LETTER_PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  double y = TOP;
  guint page = 1;

  pango_cairo_context_set_resolution (context, 72);
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = g_ptr_array_index (pieces, i);
      g_autoptr(PangoLayout) layout = pango_layout_new (context);
      PangoFontDescription *desc = pango_font_description_new ();
      PangoRectangle logical;

      pango_font_description_set_family_static (desc, piece->family);
      pango_font_description_set_size (desc, (int) (piece->size * PANGO_SCALE));
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      pango_layout_set_width (layout, pango_units_from_double (piece->width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, piece->text, -1);
      pango_layout_get_extents (layout, NULL, &logical);
      if (y + pango_units_to_double (logical.height) > BOTTOM)
        {
          g_autofree char *footer = g_strdup_printf ("第 %u 页", page++);

          cairo_move_to (cr, LEFT, BOTTOM + 20);
          pango_layout_set_text (layout, footer, -1);
          pango_cairo_show_layout (cr, layout);
          pango_layout_set_text (layout, piece->text, -1);
          cairo_show_page (cr);
          y = TOP;
        }
      cairo_move_to (cr, LEFT, y);
      pango_cairo_show_layout (cr, layout);
      y += pango_units_to_double (logical.height);
    }
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
quantile (double *values,
          guint   n,
          double  q)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[MIN ((guint) (q * n), n - 1)];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetterWriter) writer = NULL;
  g_autoptr(YcLetterContent) content = sample ();
  g_autoptr(YcLetterTemplate) template = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;
  double letter[RUNS], floor_ms[RUNS], preview[PREVIEW_RUNS];
  double letter_median, floor_median;
  char buf[5][G_ASCII_DTOSTR_BUF_SIZE];

  if (!yc_letter_fonts_check (&error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  writer = yc_letter_writer_new (NULL);
  template = yc_letter_template_load (NULL, YC_LETTER_KIND_ONE_TIME_NOTICE, &error);
  if (template == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pieces = letter_strings (template, content);

  for (guint i = 0; i < WARM_UP; i++)
    {
      g_autoptr(GBytes) a = yc_letter_writer_write (writer, content, 0, &error);
      g_autoptr(GBytes) b = write_floor (pieces);

      g_assert_no_error (error);
    }

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) a = yc_letter_writer_write (writer, content, 0, &error);
      gint64 middle = g_get_monotonic_time ();
      g_autoptr(GBytes) b = write_floor (pieces);
      gint64 end = g_get_monotonic_time ();

      g_assert_no_error (error);
      letter[i] = (middle - start) / 1000.0;
      floor_ms[i] = (end - middle) / 1000.0;
    }
  letter_median = quantile (letter, RUNS, 0.5);
  floor_median = quantile (floor_ms, RUNS, 0.5);

  pdf = yc_letter_writer_write (writer, content, 0, &error);
  g_assert_no_error (error);
  document = yc_pdf_open (pdf, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  for (guint i = 0; i < PREVIEW_RUNS + 2; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GdkTexture) texture = yc_pdf_render_page (page, YC_PDF_PIXELS_PER_POINT_100,
                                                          &error);

      g_assert_no_error (error);
      if (i >= 2) /* the first renders load the fonts */
        preview[i - 2] = (g_get_monotonic_time () - start) / 1000.0;
    }

  g_ascii_formatd (buf[0], sizeof buf[0], "%.2f", letter_median);
  g_ascii_formatd (buf[1], sizeof buf[1], "%.2f", floor_median);
  g_ascii_formatd (buf[2], sizeof buf[2], "%.2f", floor_median > 0 ? letter_median / floor_median
                                                                    : 0);
  g_ascii_formatd (buf[3], sizeof buf[3], "%.2f", quantile (preview, PREVIEW_RUNS, 0.5));
  g_ascii_formatd (buf[4], sizeof buf[4], "%.2f", quantile (preview, PREVIEW_RUNS, 0.95));
  printf ("letter_ms=%s floor_ms=%s ratio=%s preview_p50_ms=%s preview_p95_ms=%s\n",
          buf[0], buf[1], buf[2], buf[3], buf[4]);
  return 0;
}
