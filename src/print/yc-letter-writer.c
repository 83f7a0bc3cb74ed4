/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-writer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "yc-letter-fonts.h"
#include "yc-letter-layout.h"
#include "yc-letter-template.h"
#include "yc-qr.h"
#include "yc-letter-writer.h"

/* The page, after GB/T 9704: 28 mm each side; 35 mm above the text and 30 mm below (a little
 * less than the 37/35 of a 公文, so that a usual letter keeps to one page). */
#define MM            (72.0 / 25.4)
#define TEXT_LEFT     (28 * MM)
#define TEXT_WIDTH    (YC_LETTER_PAGE_WIDTH - 2 * 28 * MM)
#define BODY_TOP      (35 * MM)
#define BODY_BOTTOM   (YC_LETTER_PAGE_HEIGHT - 30 * MM)

/* The marks of a stub or a reprint, the running header of later pages, the page number. */
#define MARK_TOP          (13 * MM)
#define RUNNING_BASELINE  (29 * MM)
#define RUNNING_RULE      (31.5 * MM)
#define FOOTER_BASELINE   (BODY_BOTTOM + 10 * MM)

#define FACT_LABEL_W  96.0
#define QR_SIZE       76.0
#define SEAL_INDENT   25.0 /* the date stands two body characters in from the right */

/* Wording of the page itself, the same for every letter: not template text, not gettext. */
#define PAGE_OF_PAGES   "第 %u 页 共 %u 页"
#define MARK_STUB       "存根"
#define MARK_REPRINT    "补打"

static const YcLetterFace face_centre = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_NORMAL, 15, 24 };
static const YcLetterFace face_title = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 22, 32 };
static const YcLetterFace face_number = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 12, 18 };
static const YcLetterFace face_body = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 12, 21.5 };
static const YcLetterFace face_lead = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 12, 21.5 };
static const YcLetterFace face_fact_label = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_NORMAL, 10.5, 16 };
static const YcLetterFace face_fact = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 11, 16 };
static const YcLetterFace face_caption = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 12, 20 };
static const YcLetterFace face_table_head = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 10.5, 16 };
static const YcLetterFace face_table = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 10.5, 16 };
static const YcLetterFace face_qr = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 11.5, 19 };
static const YcLetterFace face_running = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_NORMAL, 9, 12 };
static const YcLetterFace face_footer = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 10.5, 14 };
static const YcLetterFace face_mark = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 13, 16 };

typedef struct {
  YcLetterTemplate *template;
  const YcLetterContent *content;
  YcLetterWriteFlags flags;
  YcLetterLayout *layout;
  YcQr *qr;
  guint n_pages;
  char *title;         /* with 存根 / 补打 */
  char *centre;
  char *number;
} Job;

struct _YcLetterWriter
{
  GObject parent_instance;

  char *templates_dir;
};

enum {
  PROP_0,
  PROP_TEMPLATES_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (YcLetterWriter, yc_letter_writer, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-letter-writer-error-quark, yc_letter_writer_error)

static void
job_clear (Job *job)
{
  g_clear_object (&job->template);
  g_clear_pointer (&job->layout, yc_letter_layout_free);
  g_clear_pointer (&job->qr, yc_qr_free);
  g_clear_pointer (&job->title, g_free);
  g_clear_pointer (&job->centre, g_free);
  g_clear_pointer (&job->number, g_free);
}

static PangoAttribute *
font_attribute (const YcLetterFace *face,
                double              size,
                guint               start,
                guint               end)
{
  PangoFontDescription *desc = pango_font_description_new ();
  PangoAttribute *attr;

  pango_font_description_set_family_static (desc, face->family);
  pango_font_description_set_weight (desc, face->weight);
  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  attr = pango_attr_font_desc_new (desc);
  pango_font_description_free (desc);
  attr->start_index = start;
  attr->end_index = end;
  return attr;
}

static int
last_line_length (PangoLayout *layout)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout,
                                                          pango_layout_get_line_count (layout) - 1);

  return g_utf8_strlen (pango_layout_get_text (layout) + line->start_index, line->length);
}

static YcLetterBlock *
add_paragraph (Job        *job,
               const char *lead,
               const char *text,
               gboolean    indent,
               double      space_before)
{
  g_autofree char *joined = g_strconcat (lead != NULL ? lead : "", text, NULL);
  PangoLayout *layout = yc_letter_layout_text (job->layout, joined, &face_body, TEXT_WIDTH,
                                               PANGO_ALIGN_LEFT);

  pango_layout_set_justify (layout, TRUE);
  if (indent)
    pango_layout_set_indent (layout, pango_units_from_double (2 * face_body.size));
  if (lead != NULL && *lead != '\0')
    yc_letter_layout_add_attribute (layout, font_attribute (&face_lead, face_lead.size, 0,
                                                            strlen (lead)));

  /* A last line of one or two characters (孤字) is pulled back by setting the paragraph a
   * little tighter, when that is enough. */
  if (pango_layout_get_line_count (layout) > 1 && last_line_length (layout) <= 2)
    {
      int lines = pango_layout_get_line_count (layout);
      g_autoptr(PangoAttrList) loose = pango_attr_list_copy (pango_layout_get_attributes (layout));

      for (double squeeze = 0.02; squeeze <= 0.061; squeeze += 0.02)
        {
          PangoAttribute *attr = pango_attr_letter_spacing_new ((int) (-squeeze * face_body.size
                                                                       * PANGO_SCALE));
          g_autoptr(PangoAttrList) tight = pango_attr_list_copy (loose);

          pango_attr_list_insert_before (tight, attr);
          pango_layout_set_attributes (layout, tight);
          if (pango_layout_get_line_count (layout) < lines)
            break;
          pango_layout_set_attributes (layout, loose);
        }
    }
  return yc_letter_layout_add_text (job->layout, layout, &face_body, 0, TEXT_WIDTH, space_before);
}

static gboolean
expand (Job         *job,
        const char  *text,
        gboolean     allow_empty,
        char       **out,
        GError     **error)
{
  *out = yc_letter_template_expand (job->template, text, job->content, allow_empty, error);
  return *out != NULL;
}

static void
build_head (Job *job)
{
  PangoLayout *layout;

  layout = yc_letter_layout_text (job->layout, job->centre, &face_centre, TEXT_WIDTH, PANGO_ALIGN_CENTER);
  yc_letter_layout_add_text (job->layout, layout, &face_centre, 0, TEXT_WIDTH, 0)->keep_with_next = TRUE;

  layout = yc_letter_layout_text (job->layout, job->title, &face_title, TEXT_WIDTH,
                                  PANGO_ALIGN_CENTER);
  yc_letter_layout_add_attribute (layout, pango_attr_letter_spacing_new (
                                    (int) (0.12 * face_title.size * PANGO_SCALE)));
  yc_letter_layout_add_text (job->layout, layout, &face_title, 0, TEXT_WIDTH, 4)->keep_with_next = TRUE;

  layout = yc_letter_layout_text (job->layout, job->number, &face_number, TEXT_WIDTH, PANGO_ALIGN_CENTER);
  yc_letter_layout_add_text (job->layout, layout, &face_number, 0, TEXT_WIDTH, 6)->keep_with_next = TRUE;
}

/* The facts box: two facts to a row when both values fit half the width on one line, else
 * one fact across it. */
static gboolean
build_facts (Job     *job,
             GError **error)
{
  static const YcLetterFace *const faces[] = {
    &face_fact_label, &face_fact, &face_fact_label, &face_fact,
  };
  static const PangoAlignment alignments[] = {
    PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT,
  };
  static const double shades[] = { 0.94, 0, 0.94, 0 };
  const double half = (TEXT_WIDTH - 2 * FACT_LABEL_W) / 2;
  const double wide_x[] = { 0, FACT_LABEL_W, TEXT_WIDTH };
  const double pair_x[] = { 0, FACT_LABEL_W, FACT_LABEL_W + half, 2 * FACT_LABEL_W + half,
                            TEXT_WIDTH };
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) short_value = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gboolean first = TRUE;
  YcLetterBlock *row = NULL;

  for (guint i = 0; i < yc_letter_template_get_n_facts (job->template); i++)
    {
      const char *label_text, *value_text;
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      g_autoptr(PangoLayout) probe = NULL;
      gboolean fits;

      yc_letter_template_get_fact (job->template, i, &label_text, &value_text);
      if (!expand (job, label_text, TRUE, &label, error) ||
          !expand (job, value_text, TRUE, &value, error))
        return FALSE;
      /* A fact the letter has no value for (no agent, an organisation's ID number) is left
       * out rather than printed blank. */
      if (*value == '\0')
        continue;
      probe = yc_letter_layout_text (job->layout, value, &face_fact, -1, PANGO_ALIGN_LEFT);
      fits = yc_letter_layout_text_width (probe) <= half - 2 * YC_LETTER_LAYOUT_CELL_HPAD &&
             pango_layout_get_line_count (probe) == 1;
      g_array_append_val (short_value, fits);
      g_ptr_array_add (texts, g_steal_pointer (&label));
      g_ptr_array_add (texts, g_steal_pointer (&value));
    }

  for (guint i = 0; i < short_value->len; i++)
    {
      char **pair = (char **) &texts->pdata[2 * i];

      if (g_array_index (short_value, gboolean, i) && i + 1 < short_value->len &&
          g_array_index (short_value, gboolean, i + 1))
        {
          row = yc_letter_layout_add_ruled (job->layout, 4, pair_x, (const char *const *) pair, faces, alignments, shades);
          i++;
        }
      else
        row = yc_letter_layout_add_ruled (job->layout, 2, wide_x, (const char *const *) pair, faces, alignments, shades);
      row->keep_with_next = TRUE;
      row->space_before = first ? 14 : 0;
      first = FALSE;
    }
  if (row != NULL)
    row->keep_with_next = FALSE;
  return TRUE;
}

static gboolean
build_section (Job              *job,
               YcLetterSection   section,
               double            first_space,
               GError          **error)
{
  for (guint i = 0; i < yc_letter_template_get_n_paragraphs (job->template, section); i++)
    {
      const char *lead_text = NULL;
      const char *text = yc_letter_template_get_paragraph (job->template, section, i, &lead_text);
      g_autofree char *lead = NULL;
      g_autofree char *body = NULL;

      if ((lead_text != NULL && !expand (job, lead_text, FALSE, &lead, error)) ||
          !expand (job, text, FALSE, &body, error))
        return FALSE;
      add_paragraph (job, lead, body, TRUE, i == 0 ? first_space : 2);
    }
  return TRUE;
}

static gboolean
build_table (Job     *job,
             GError **error)
{
  static const YcLetterFace *const head_faces[] = {
    &face_table_head, &face_table_head, &face_table_head, &face_table_head,
  };
  static const YcLetterFace *const faces[] = { &face_table, &face_table, &face_table, &face_table };
  static const PangoAlignment alignments[] = {
    PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT,
  };
  static const PangoAlignment head_alignments[] = {
    PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER,
  };
  static const double head_shades[] = { 0.9, 0.9, 0.9, 0.9 };
  const double col_x[] = { 0, 34, 198, 246, TEXT_WIDTH };
  g_autofree char *caption = NULL;
  char *headings[4] = { NULL };
  PangoLayout *layout;
  YcLetterBlock *row;
  gboolean ok = TRUE;

  if (!expand (job, yc_letter_template_get_table_caption (job->template), FALSE, &caption,
               error))
    return FALSE;
  layout = yc_letter_layout_text (job->layout, caption, &face_caption, TEXT_WIDTH, PANGO_ALIGN_CENTER);
  row = yc_letter_layout_add_text (job->layout, layout, &face_caption, 0, TEXT_WIDTH, 8);
  row->keep_with_next = TRUE;
  row->space_after = 4;

  for (guint i = 0; i < 4 && ok; i++)
    ok = expand (job, yc_letter_template_get_table_column (job->template, i), FALSE,
                 &headings[i], error);
  if (ok)
    {
      row = yc_letter_layout_add_ruled (job->layout, 4, col_x, (const char *const *) headings, head_faces,
                       head_alignments, head_shades);
      row->table_header = TRUE;
      row->keep_with_next = TRUE;
    }
  for (guint i = 0; i < 4; i++)
    g_free (headings[i]);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < job->content->rows->len; i++)
    {
      const YcLetterRow *material = g_ptr_array_index (job->content->rows, i);
      g_autofree char *index = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = g_utf8_make_valid (material->material_name, -1);
      g_autofree char *note = g_utf8_make_valid (material->note != NULL ? material->note : "", -1);
      g_autofree char *state = NULL;
      const char *fallback = yc_letter_template_get_default_note (job->template,
                                                                  material->state);

      if (!expand (job, yc_letter_template_get_state_label (job->template, material->state),
                   FALSE, &state, error))
        return FALSE;
      g_strstrip (note);
      if (*note == '\0' && fallback != NULL)
        {
          g_free (note);
          if (!expand (job, fallback, FALSE, &note, error))
            return FALSE;
        }
      row = yc_letter_layout_add_ruled (job->layout, 4, col_x, (const char *const[]) { index, name, state, note }, faces,
                       alignments, NULL);
      row->in_table = TRUE;
    }
  row->space_after = 4;
  return TRUE;
}

static gboolean
build_qr (Job     *job,
          GError **error)
{
  g_autofree char *caption = NULL;
  g_autofree char *text = NULL;
  g_autofree char *joined = NULL;
  YcLetterBlock *block;
  YcLetterCell *cell;

  if (!expand (job, yc_letter_template_get_qr_caption (job->template), FALSE, &caption, error) ||
      !expand (job, yc_letter_template_get_qr_text (job->template), FALSE, &text, error))
    return FALSE;

  /* A case number too long for any QR version is still printed in the text beside it. */
  job->qr = yc_qr_new (job->content->case_number, NULL);

  block = yc_letter_layout_add_block (job->layout);
  block->space_before = 14;
  block->n_cells = 2;
  cell = &block->cells[0];
  cell->qr = job->qr;
  cell->width = job->qr != NULL ? QR_SIZE : 0;
  cell->pitch = job->qr != NULL ? QR_SIZE : face_qr.pitch;
  yc_letter_cell_measure (cell);

  joined = g_strconcat (caption, "\n", text, NULL);
  cell = &block->cells[1];
  cell->x = job->qr != NULL ? QR_SIZE + 12 : 0;
  cell->width = TEXT_WIDTH - cell->x;
  cell->pitch = face_qr.pitch;
  cell->layout = yc_letter_layout_text (job->layout, joined, &face_qr, cell->width,
                                        PANGO_ALIGN_LEFT);
  yc_letter_layout_add_attribute (cell->layout, font_attribute (&face_caption, face_qr.size, 0,
                                                                strlen (caption)));
  yc_letter_cell_measure (cell);
  return TRUE;
}

static gboolean
build_closing (Job     *job,
               GError **error)
{
  g_autofree char *clerk = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *date = NULL;
  g_autofree char *seal = g_utf8_make_valid (yc_letter_template_get_centre (job->template,
                                                                            "seal_caption"), -1);
  g_autofree char *joined = NULL;
  PangoLayout *seal_layout, *date_layout, *layout;
  double width, x;
  YcLetterBlock *row;

  if (!expand (job, yc_letter_template_get_clerk_line (job->template), FALSE, &clerk, error) ||
      !expand (job, yc_letter_template_get_signature_line (job->template), FALSE, &signature,
               error) ||
      !expand (job, "{issued_date}", FALSE, &date, error))
    return FALSE;

  /* The seal caption centred over the date, which stands in from the right margin; the
   * clerk and window level with the date on the left. They and the applicant's signature
   * stay together. */
  seal_layout = yc_letter_layout_text (job->layout, seal, &face_body, -1, PANGO_ALIGN_CENTER);
  date_layout = yc_letter_layout_text (job->layout, date, &face_body, -1, PANGO_ALIGN_CENTER);
  width = MIN (MAX (yc_letter_layout_text_width (seal_layout), yc_letter_layout_text_width (date_layout)) + 2,
               TEXT_WIDTH / 2);
  g_object_unref (seal_layout);
  g_object_unref (date_layout);
  x = TEXT_WIDTH - SEAL_INDENT - width;
  joined = g_strconcat (seal, "\n", date, NULL);

  row = yc_letter_layout_add_block (job->layout);
  row->n_cells = 2;
  row->space_before = 14;
  row->keep_with_next = TRUE;
  row->bottom = TRUE;
  row->cells[0].width = x - 12;
  row->cells[0].pitch = face_body.pitch;
  row->cells[0].layout = yc_letter_layout_text (job->layout, clerk, &face_body, row->cells[0].width,
                                     PANGO_ALIGN_LEFT);
  row->cells[1].x = x;
  row->cells[1].width = width;
  row->cells[1].pitch = face_body.pitch;
  row->cells[1].layout = yc_letter_layout_text (job->layout, joined, &face_body, width, PANGO_ALIGN_CENTER);
  yc_letter_cell_measure (&row->cells[0]);
  yc_letter_cell_measure (&row->cells[1]);

  layout = yc_letter_layout_text (job->layout, signature, &face_body, TEXT_WIDTH, PANGO_ALIGN_LEFT);
  yc_letter_layout_add_text (job->layout, layout, &face_body, 0, TEXT_WIDTH, 16);
  return TRUE;
}

static gboolean
build_rows (Job     *job,
            GError **error)
{
  g_autofree char *salutation = NULL;
  YcLetterKind kind = job->content->kind;

  build_head (job);
  if (!build_facts (job, error))
    return FALSE;
  if (!expand (job, yc_letter_template_get_salutation (job->template), FALSE, &salutation, error))
    return FALSE;
  add_paragraph (job, NULL, salutation, FALSE, 12)->keep_with_next = TRUE;
  if (!build_section (job, YC_LETTER_SECTION_BODY, 2, error))
    return FALSE;
  if (kind == YC_LETTER_KIND_ONE_TIME_NOTICE && !build_table (job, error))
    return FALSE;
  if ((kind == YC_LETTER_KIND_ACCEPTANCE || kind == YC_LETTER_KIND_COMPLETION) &&
      !build_qr (job, error))
    return FALSE;
  if (!build_section (job, YC_LETTER_SECTION_AFTER, 6, error))
    return FALSE;
  /* The closing never stands alone on a page. */
  yc_letter_layout_get_last (job->layout)->keep_with_next = TRUE;
  return build_closing (job, error);
}

/* A single line of @text, @width wide (cut with an ellipsis), its baseline at @baseline. */
static void
draw_line (Job            *job,
           cairo_t        *cr,
           const char     *text,
           const YcLetterFace     *face,
           double          x,
           double          width,
           double          baseline,
           PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = yc_letter_layout_text (job->layout, text, face, width, alignment);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  cairo_move_to (cr, x, baseline - pango_units_to_double (pango_layout_get_baseline (layout)));
  pango_cairo_show_layout (cr, layout);
}

static double
draw_mark (Job        *job,
           cairo_t    *cr,
           const char *text,
           double      right)
{
  g_autoptr(PangoLayout) layout = yc_letter_layout_text (job->layout, text, &face_mark, -1, PANGO_ALIGN_LEFT);
  PangoRectangle ink, logical;
  double width, height, left;

  yc_letter_layout_add_attribute (layout, pango_attr_letter_spacing_new (
                                    (int) (0.3 * face_mark.size * PANGO_SCALE)));
  pango_layout_get_extents (layout, &ink, &logical);
  width = pango_units_to_double (ink.x + ink.width) + 16;
  height = pango_units_to_double (logical.height) + 4;
  left = right - width;

  cairo_set_source_rgb (cr, 0.76, 0.1, 0.1);
  cairo_set_line_width (cr, 1.4);
  cairo_rectangle (cr, left, MARK_TOP, width, height);
  cairo_stroke (cr);
  cairo_move_to (cr, left + 8, MARK_TOP + 2);
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 0, 0, 0);
  return left;
}


static void
draw_page_frame (Job     *job,
                 cairo_t *cr,
                 guint    page)
{
  g_autofree char *footer = g_strdup_printf (PAGE_OF_PAGES, page + 1, job->n_pages);
  double right = TEXT_LEFT + TEXT_WIDTH;

  if (job->flags & YC_LETTER_WRITE_STUB)
    right = draw_mark (job, cr, MARK_STUB, right) - 6;
  if (job->flags & YC_LETTER_WRITE_REPRINT)
    draw_mark (job, cr, MARK_REPRINT, right);

  /* Later pages say which letter they belong to. */
  if (page > 0)
    {
      g_autofree char *left = g_strconcat (job->centre, "　", job->title, NULL);

      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      draw_line (job, cr, left, &face_running, TEXT_LEFT, TEXT_WIDTH * 0.48, RUNNING_BASELINE,
                 PANGO_ALIGN_LEFT);
      draw_line (job, cr, job->number, &face_running, TEXT_LEFT + TEXT_WIDTH * 0.5,
                 TEXT_WIDTH * 0.5, RUNNING_BASELINE, PANGO_ALIGN_RIGHT);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, TEXT_LEFT, RUNNING_RULE);
      cairo_line_to (cr, TEXT_LEFT + TEXT_WIDTH, RUNNING_RULE);
      cairo_stroke (cr);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_line (job, cr, footer, &face_footer, TEXT_LEFT, TEXT_WIDTH, FOOTER_BASELINE,
             PANGO_ALIGN_CENTER);
}

/* Writing --------------------------------------------------------------------------------- */


static char *
creation_date (const char *iso)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso == NULL)
    return NULL;
  if (strlen (iso) == 10)
    {
      g_autofree char *midnight = g_strconcat (iso, "T00:00:00", NULL);
      g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

      time = g_date_time_new_from_iso8601 (midnight, zone);
    }
  else
    time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
set_metadata (Job             *job,
              cairo_surface_t *surface)
{
  g_autofree char *created = creation_date (job->content->issued_date);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, job->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, job->number);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, job->centre);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Yichuang " PACKAGE_VERSION);
  if (created != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
}

static GBytes *
render (Job     *job,
        GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = yc_letter_pdf_surface_new (data, YC_LETTER_PAGE_WIDTH,
                                                 YC_LETTER_PAGE_HEIGHT);
  set_metadata (job, surface);
  cr = cairo_create (surface);

  for (guint page = 0; page < job->n_pages; page++)
    {
      draw_page_frame (job, cr, page);
      yc_letter_layout_draw_page (job->layout, cr, page);
      if (job->flags & YC_LETTER_WRITE_TRAINING)
        yc_letter_layout_draw_void_mark (job->layout, cr, YC_LETTER_PAGE_WIDTH, YC_LETTER_PAGE_HEIGHT);
      cairo_show_page (cr);
    }

  status = yc_letter_pdf_close (cr, surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_FAILED,
                   _("The letter’s PDF could not be written: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* What the letter must state whatever its template says (D13). */
static gboolean
check_content (Job     *job,
               GError **error)
{
  static const char *const all[] = {
    "{number}", "{issued_date}", "{centre}", "{applicant}", "{item}", "{clerk}", "{window}",
  };
  static const char *const acceptance[] = { "{case_number}", "{accepted_date}", "{due_date}" };
  static const char *const refusal[] = { "{refusal_reason}", "{refusal_basis}" };
  static const char *const completion[] = { "{case_number}", "{result}" };
  const YcLetterContent *content = job->content;
  const char *const *extra = NULL;
  guint n_extra = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *value = NULL;

      if (!expand (job, all[i], FALSE, &value, error))
        return FALSE;
    }

  switch (content->kind)
    {
    case YC_LETTER_KIND_ONE_TIME_NOTICE:
      if (content->rows == NULL || content->rows->len == 0)
        {
          g_set_error (error, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID,
                       _("A one-time notice must list at least one material."));
          return FALSE;
        }
      for (guint i = 0; i < content->rows->len; i++)
        {
          const YcLetterRow *row = g_ptr_array_index (content->rows, i);
          g_autofree char *name = g_strdup (row->material_name != NULL ? row->material_name
                                                                       : "");

          if (*g_strstrip (name) == '\0')
            {
              g_set_error (error, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID,
                           _("Material %u of the letter has no name."), i + 1);
              return FALSE;
            }
        }
      break;
    case YC_LETTER_KIND_ACCEPTANCE:
      extra = acceptance;
      n_extra = G_N_ELEMENTS (acceptance);
      break;
    case YC_LETTER_KIND_REFUSAL:
      extra = refusal;
      n_extra = G_N_ELEMENTS (refusal);
      break;
    case YC_LETTER_KIND_COMPLETION:
      extra = completion;
      n_extra = G_N_ELEMENTS (completion);
      break;
    case YC_LETTER_KIND_NONE:
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < n_extra; i++)
    {
      g_autofree char *value = NULL;

      if (!expand (job, extra[i], FALSE, &value, error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
write_letter (const char             *templates_dir,
              const YcLetterContent  *content,
              YcLetterWriteFlags      flags,
              GError                **error)
{
  g_autofree char *marks_text = NULL;
  const char *mark_words[3] = { NULL };
  guint n_marks = 0;
  Job job = { NULL };
  GBytes *bytes = NULL;

  if (yc_letter_kind_to_string (content->kind) == NULL)
    {
      g_set_error (error, YC_LETTER_WRITER_ERROR, YC_LETTER_WRITER_ERROR_INVALID,
                   _("The letter is of no known kind."));
      return NULL;
    }
  if (!yc_letter_fonts_ensure (error))
    return NULL;

  job.content = content;
  job.flags = flags;
  job.template = yc_letter_template_load (templates_dir, content->kind, error);
  if (job.template == NULL)
    return NULL;
  if (!check_content (&job, error))
    goto out;

  if (flags & YC_LETTER_WRITE_STUB)
    mark_words[n_marks++] = MARK_STUB;
  if (flags & YC_LETTER_WRITE_REPRINT)
    mark_words[n_marks++] = MARK_REPRINT;
  marks_text = g_strjoinv ("·", (char **) mark_words);
  if (n_marks > 0)
    job.title = g_strconcat (yc_letter_template_get_title (job.template), "（", marks_text, "）",
                             NULL);
  else
    job.title = g_strdup (yc_letter_template_get_title (job.template));
  job.centre = yc_letter_template_get_value (job.template, "centre", content);
  job.number = yc_letter_template_get_value (job.template, "number", content);

  job.layout = yc_letter_layout_new (TEXT_LEFT, TEXT_WIDTH, BODY_TOP, BODY_BOTTOM);
  if (!build_rows (&job, error))
    goto out;
  job.n_pages = yc_letter_layout_paginate (job.layout);
  bytes = render (&job, error);

out:
  job_clear (&job);
  return bytes;
}

/* Thread ---------------------------------------------------------------------------------- */

typedef struct {
  YcLetterContent *content;
  YcLetterWriteFlags flags;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *write = data;

  yc_letter_content_free (write->content);
  g_free (write);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  YcLetterWriter *self = source_object;
  WriteData *write = task_data;
  GError *error = NULL;
  GBytes *bytes;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = write_letter (self->templates_dir, write->content, write->flags, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Class ----------------------------------------------------------------------------------- */

static void
yc_letter_writer_finalize (GObject *object)
{
  YcLetterWriter *self = YC_LETTER_WRITER (object);

  g_free (self->templates_dir);

  G_OBJECT_CLASS (yc_letter_writer_parent_class)->finalize (object);
}

static void
yc_letter_writer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcLetterWriter *self = YC_LETTER_WRITER (object);

  switch (prop_id)
    {
    case PROP_TEMPLATES_DIR:
      g_value_set_string (value, self->templates_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_letter_writer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcLetterWriter *self = YC_LETTER_WRITER (object);

  switch (prop_id)
    {
    case PROP_TEMPLATES_DIR:
      g_free (self->templates_dir);
      self->templates_dir = g_value_dup_string (value);
      if (self->templates_dir == NULL)
        self->templates_dir = yc_letter_templates_dir ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_letter_writer_class_init (YcLetterWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_letter_writer_finalize;
  object_class->get_property = yc_letter_writer_get_property;
  object_class->set_property = yc_letter_writer_set_property;

  /* Where <kind>.json and centre.json are; NULL at construction means the default. */
  properties[PROP_TEMPLATES_DIR] =
    g_param_spec_string ("templates-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_letter_writer_init (YcLetterWriter *self)
{
}

/* Public API ------------------------------------------------------------------------------ */

YcLetterWriter *
yc_letter_writer_new (const char *templates_dir)
{
  return g_object_new (YC_TYPE_LETTER_WRITER, "templates-dir", templates_dir, NULL);
}

const char *
yc_letter_writer_get_templates_dir (YcLetterWriter *self)
{
  g_return_val_if_fail (YC_IS_LETTER_WRITER (self), NULL);

  return self->templates_dir;
}

GBytes *
yc_letter_writer_write (YcLetterWriter         *self,
                        const YcLetterContent  *content,
                        YcLetterWriteFlags      flags,
                        GError                **error)
{
  g_return_val_if_fail (YC_IS_LETTER_WRITER (self), NULL);
  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return write_letter (self->templates_dir, content, flags, error);
}

void
yc_letter_writer_write_async (YcLetterWriter         *self,
                              const YcLetterContent  *content,
                              YcLetterWriteFlags      flags,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *write;

  g_return_if_fail (YC_IS_LETTER_WRITER (self));
  g_return_if_fail (content != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  write = g_new0 (WriteData, 1);
  write->content = yc_letter_content_copy (content);
  write->flags = flags;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_writer_write_async);
  g_task_set_task_data (task, write, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

GBytes *
yc_letter_writer_write_finish (YcLetterWriter  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (YC_IS_LETTER_WRITER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_letter_writer_write_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
