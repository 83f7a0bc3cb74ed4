/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-guide-writer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "yc-letter-fonts.h"
#include "yc-letter-layout.h"
#include "yc-letter-writer.h"
#include "yc-guide-writer.h"

/* Narrower margins than a letter's: a guide is a hand-out, and it should keep to one page
 * with a usual item's materials. */
#define MM            (72.0 / 25.4)
#define PAGE_W        YC_LETTER_PAGE_WIDTH
#define PAGE_H        YC_LETTER_PAGE_HEIGHT
#define TEXT_LEFT     (20 * MM)
#define TEXT_WIDTH    (PAGE_W - 2 * 20 * MM)
#define BODY_TOP      (15 * MM)
#define BODY_BOTTOM   (PAGE_H - 18 * MM)
#define FOOTER_BASELINE (BODY_BOTTOM + 9 * MM)
#define FACT_LABEL_W  64.0

/* The wording of the printed guide: a Chinese document whatever the UI language. */
#define GUIDE_TITLE     "办事指南"

static const YcLetterFace face_centre = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_NORMAL, 11, 16 };
static const YcLetterFace face_title = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 17, 24 };
static const YcLetterFace face_subtitle = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 10, 15 };
static const YcLetterFace face_heading = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 11, 16 };
static const YcLetterFace face_body = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 10, 15 };
static const YcLetterFace face_fact_label = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_NORMAL, 9.5, 13.5 };
static const YcLetterFace face_fact = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 9.5, 13.5 };
static const YcLetterFace face_table_head = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 9.5, 13.5 };
static const YcLetterFace face_table = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 9.5, 13.5 };
static const YcLetterFace face_footer = { YC_LETTER_FONT_BODY, PANGO_WEIGHT_NORMAL, 9, 12 };

typedef struct {
  YcServiceItem *item;
  char *centre;
  char *department;
  GDateTime *printed_at;
  YcGuideWriteFlags flags;
  YcLetterLayout *layout;
  guint n_pages;
} Job;

struct _YcGuideWriter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (YcGuideWriter, yc_guide_writer, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-guide-writer-error-quark, yc_guide_writer_error)

static void
job_free (Job *job)
{
  g_clear_object (&job->item);
  g_free (job->centre);
  g_free (job->department);
  g_clear_pointer (&job->printed_at, g_date_time_unref);
  g_clear_pointer (&job->layout, yc_letter_layout_free);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (YcServiceItem     *item,
         const YcGuideInfo *info,
         YcGuideWriteFlags  flags)
{
  Job *job = g_new0 (Job, 1);

  job->item = g_object_ref (item);
  job->flags = flags;
  if (info != NULL && info->centre != NULL && *info->centre != '\0')
    job->centre = g_utf8_make_valid (info->centre, -1);
  job->department = g_utf8_make_valid (info != NULL && info->department != NULL
                                       ? info->department
                                       : yc_service_item_get_department_id (item) != NULL
                                       ? yc_service_item_get_department_id (item) : "", -1);
  job->printed_at = info != NULL && info->printed_at != NULL ? g_date_time_ref (info->printed_at)
                                                             : g_date_time_new_now_local ();
  return job;
}

static char *
clean (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  return g_strdup (g_strstrip (valid));
}

static const char *
kind_text (const char *kind)
{
  static const struct { const char *kind, *text; } kinds[] = {
    { "permit", "行政许可" },
    { "confirmation", "行政确认" },
    { "payment", "行政给付" },
    { "public_service", "公共服务" },
    { "other", "其他行政权力" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return kinds[i].text;
  return kind != NULL ? kind : "";
}

static char *
days_text (int days)
{
  if (days <= 0)
    return g_strdup ("当场办结");
  return g_strdup_printf ("%d个工作日", days);
}

static YcLetterBlock *
add_paragraph (Job                *job,
               const char         *text,
               const YcLetterFace *face,
               PangoAlignment      alignment,
               double              space_before)
{
  PangoLayout *layout = yc_letter_layout_text (job->layout, text, face, TEXT_WIDTH, alignment);

  if (alignment == PANGO_ALIGN_LEFT)
    pango_layout_set_justify (layout, TRUE);
  return yc_letter_layout_add_text (job->layout, layout, face, 0, TEXT_WIDTH, space_before);
}

static void
add_section (Job        *job,
             const char *heading,
             const char *text)
{
  g_autofree char *body = clean (text);

  add_paragraph (job, heading, &face_heading, PANGO_ALIGN_LEFT, 7)->keep_with_next = TRUE;
  add_paragraph (job, *body != '\0' ? body : "无", &face_body, PANGO_ALIGN_LEFT, 2);
}

static void
build_head (Job *job)
{
  g_autofree char *name = clean (yc_service_item_get_name (job->item));
  g_autofree char *subtitle = g_strdup_printf ("%s　事项编码：%s", GUIDE_TITLE,
                                               yc_service_item_get_code (job->item));

  if (job->centre != NULL)
    add_paragraph (job, job->centre, &face_centre, PANGO_ALIGN_CENTER, 0)->keep_with_next = TRUE;
  add_paragraph (job, name, &face_title, PANGO_ALIGN_CENTER, 2)->keep_with_next = TRUE;
  add_paragraph (job, subtitle, &face_subtitle, PANGO_ALIGN_CENTER, 2)->keep_with_next = TRUE;
}

/* The facts box: two facts to a row when both values fit half the width on one line, else
 * one fact across it. */
static void
build_facts (Job *job)
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
  g_autofree char *promised = days_text (yc_service_item_get_promised_days (job->item));
  g_autofree char *statutory = days_text (yc_service_item_get_statutory_days (job->item));
  g_autofree char *fees = clean (yc_service_item_get_fees (job->item));
  g_autofree char *contact = clean (yc_service_item_get_contact (job->item));
  const char *facts[] = {
    "实施部门", job->department,
    "事项类型", kind_text (yc_service_item_get_kind (job->item)),
    "承诺时限", promised,
    "法定时限", statutory,
    "即来即办", yc_service_item_get_instant (job->item) ? "是（材料齐全、符合法定形式的当场办结）"
                                                        : "否",
    "咨询电话", *contact != '\0' ? contact : "—",
    "收费标准", *fees != '\0' ? fees : "不收费",
  };
  const guint n = G_N_ELEMENTS (facts) / 2;
  gboolean fits[G_N_ELEMENTS (facts) / 2];
  YcLetterBlock *row = NULL;
  gboolean first = TRUE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) probe = yc_letter_layout_text (job->layout, facts[2 * i + 1],
                                                            &face_fact, -1, PANGO_ALIGN_LEFT);

      fits[i] = yc_letter_layout_text_width (probe) <= half - 2 * YC_LETTER_LAYOUT_CELL_HPAD &&
                pango_layout_get_line_count (probe) == 1;
    }
  for (guint i = 0; i < n; i++)
    {
      if (fits[i] && i + 1 < n && fits[i + 1])
        {
          row = yc_letter_layout_add_ruled (job->layout, 4, pair_x, &facts[2 * i], faces,
                                            alignments, shades);
          i++;
        }
      else
        row = yc_letter_layout_add_ruled (job->layout, 2, wide_x, &facts[2 * i], faces,
                                          alignments, shades);
      row->keep_with_next = TRUE;
      row->space_before = first ? 10 : 0;
      first = FALSE;
    }
  row->keep_with_next = FALSE;
}

/* Every material: what it is, in which form and how many, whether it is always needed, and
 * its notes. The header repeats on a second page. */
static gboolean
build_materials (Job     *job,
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
  const double col_x[] = { 0, 34, 206, 266, TEXT_WIDTH };
  GPtrArray *materials = yc_service_item_get_materials (job->item);
  YcLetterBlock *row;

  add_paragraph (job, "三、申请材料", &face_heading, PANGO_ALIGN_LEFT, 7)->keep_with_next = TRUE;
  if (materials->len == 0)
    {
      add_paragraph (job, "无需提交材料。", &face_body, PANGO_ALIGN_LEFT, 2);
      return TRUE;
    }
  row = yc_letter_layout_add_ruled (job->layout, 4, col_x,
                                    (const char *const[]) { "序号", "材料名称", "要求", "说明" },
                                    head_faces, head_alignments, head_shades);
  row->space_before = 4;
  row->table_header = TRUE;
  row->keep_with_next = TRUE;

  for (guint i = 0; i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);
      g_autofree char *index = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = clean (yc_material_get_name (material));
      g_autofree char *note = clean (yc_material_get_note (material));
      g_autofree char *form = NULL;

      if (*name == '\0')
        {
          g_set_error (error, YC_GUIDE_WRITER_ERROR, YC_GUIDE_WRITER_ERROR_INVALID,
                       _("Material %u of %s has no name."), i + 1,
                       yc_service_item_get_code (job->item));
          return FALSE;
        }
      form = g_strdup_printf ("%s%d份\n%s", yc_material_get_original (material) ? "原件" : "复印件",
                              MAX (1, yc_material_get_copies (material)),
                              yc_material_get_mandatory (material) ? "必需" : "视情形提交");
      row = yc_letter_layout_add_ruled (job->layout, 4, col_x,
                                        (const char *const[]) { index, name, form, note },
                                        faces, alignments, NULL);
      row->in_table = TRUE;
    }
  row->space_after = 2;
  return TRUE;
}

static gboolean
build (Job     *job,
       GError **error)
{
  g_autofree char *tip = NULL;

  build_head (job);
  build_facts (job);
  add_section (job, "一、设定依据", yc_service_item_get_legal_basis (job->item));
  add_section (job, "二、申请条件", yc_service_item_get_conditions (job->item));
  if (!build_materials (job, error))
    return FALSE;
  add_section (job, "四、办理流程", yc_service_item_get_procedure (job->item));
  add_section (job, "五、投诉渠道", yc_service_item_get_complaint_channel (job->item));
  tip = g_strdup ("请按上列清单一次备齐材料；“视情形提交”的材料在所注情形下提交。"
                  "如有疑问，请向窗口工作人员咨询。");
  add_paragraph (job, tip, &face_subtitle, PANGO_ALIGN_LEFT, 8);
  return TRUE;
}

static void
draw_text_line (Job                *job,
                cairo_t            *cr,
                const char         *text,
                const YcLetterFace *face,
                double              baseline,
                PangoAlignment      alignment)
{
  g_autoptr(PangoLayout) layout = yc_letter_layout_text (job->layout, text, face, TEXT_WIDTH,
                                                         alignment);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  cairo_move_to (cr, TEXT_LEFT, baseline - pango_units_to_double (pango_layout_get_baseline (layout)));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_footer (Job     *job,
             cairo_t *cr,
             guint    page)
{
  g_autofree char *when = g_date_time_format (job->printed_at, "%Y年%m月%d日 %H:%M");
  g_autofree char *left = g_strdup_printf ("%s　打印于 %s", yc_service_item_get_code (job->item),
                                           when);
  g_autofree char *right = g_strdup_printf ("第 %u 页 共 %u 页", page + 1, job->n_pages);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, TEXT_LEFT, FOOTER_BASELINE - 12);
  cairo_line_to (cr, TEXT_LEFT + TEXT_WIDTH, FOOTER_BASELINE - 12);
  cairo_stroke (cr);
  draw_text_line (job, cr, left, &face_footer, FOOTER_BASELINE, PANGO_ALIGN_LEFT);
  draw_text_line (job, cr, right, &face_footer, FOOTER_BASELINE, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0, 0, 0);
}



static GBytes *
render (Job     *job,
        GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *title = g_strdup_printf ("%s %s", yc_service_item_get_name (job->item),
                                            GUIDE_TITLE);
  g_autofree char *created = g_date_time_format (job->printed_at, "%Y-%m-%dT%H:%M:%S%:z");
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = yc_letter_pdf_surface_new (data, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT,
                                  yc_service_item_get_code (job->item));
  if (job->centre != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, job->centre);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yichuang " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  cr = cairo_create (surface);

  for (guint page = 0; page < job->n_pages; page++)
    {
      draw_footer (job, cr, page);
      yc_letter_layout_draw_page (job->layout, cr, page);
      if (job->flags & YC_GUIDE_WRITE_TRAINING)
        yc_letter_layout_draw_void_mark (job->layout, cr, PAGE_W, PAGE_H);
      cairo_show_page (cr);
    }

  status = yc_letter_pdf_close (cr, surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_GUIDE_WRITER_ERROR, YC_GUIDE_WRITER_ERROR_FAILED,
                   _("The guide’s PDF could not be written: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
write_job (Job     *job,
           GError **error)
{
  if (yc_service_item_get_code (job->item) == NULL || yc_service_item_get_name (job->item) == NULL)
    {
      g_set_error (error, YC_GUIDE_WRITER_ERROR, YC_GUIDE_WRITER_ERROR_INVALID,
                   _("A service item without a code or a name has no guide."));
      return NULL;
    }
  if (!yc_letter_fonts_ensure (error))
    return NULL;

  job->layout = yc_letter_layout_new (TEXT_LEFT, TEXT_WIDTH, BODY_TOP, BODY_BOTTOM);
  if (!build (job, error))
    return NULL;
  job->n_pages = yc_letter_layout_paginate (job->layout);
  return render (job, error);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = write_job (task_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_bytes_unref (bytes);
}

static void
yc_guide_writer_class_init (YcGuideWriterClass *klass)
{
}

static void
yc_guide_writer_init (YcGuideWriter *self)
{
}

YcGuideWriter *
yc_guide_writer_new (void)
{
  return g_object_new (YC_TYPE_GUIDE_WRITER, NULL);
}

GBytes *
yc_guide_writer_write (YcGuideWriter      *self,
                       YcServiceItem      *item,
                       const YcGuideInfo  *info,
                       YcGuideWriteFlags   flags,
                       GError            **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (YC_IS_GUIDE_WRITER (self), NULL);
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (item), NULL);

  job = job_new (item, info, flags);
  return write_job (job, error);
}

void
yc_guide_writer_write_async (YcGuideWriter      *self,
                             YcServiceItem      *item,
                             const YcGuideInfo  *info,
                             YcGuideWriteFlags   flags,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_GUIDE_WRITER (self));
  g_return_if_fail (YC_IS_SERVICE_ITEM (item));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_guide_writer_write_async);
  g_task_set_task_data (task, job_new (item, info, flags), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, write_thread);
}

GBytes *
yc_guide_writer_write_finish (YcGuideWriter *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_guide_writer_write_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
