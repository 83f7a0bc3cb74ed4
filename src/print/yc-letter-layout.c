/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-layout"

#include "config.h"

#include <math.h>
#include <cairo-pdf.h>

#include "yc-letter-fonts.h"
#include "yc-letter-layout.h"

#define RULE_WIDTH 0.6
#define CELL_HPAD  YC_LETTER_LAYOUT_CELL_HPAD
#define CELL_VPAD  3.5

/* A block, or the part of it that is on one page. */
typedef struct {
  guint block;
  guint page;
  double y;
  double height;
  int from[YC_LETTER_LAYOUT_MAX_CELLS];
  int to[YC_LETTER_LAYOUT_MAX_CELLS];
  gboolean whole;
} Piece;

struct _YcLetterLayout
{
  PangoContext *pango;
  double left, width, top, bottom;
  GPtrArray *blocks;   /* YcLetterBlock */
  GArray *pieces;      /* Piece, in page order */
  guint n_pages;
};

/* Where pagination stands. */
typedef struct {
  YcLetterLayout *self;
  guint page;
  double y;
  gboolean fresh;      /* nothing of the flow on this page yet (a repeated header aside) */
  int header;          /* the table header in force, or -1 */
  double header_height;
} Cursor;

static void
block_free (gpointer data)
{
  YcLetterBlock *block = data;

  for (guint i = 0; i < block->n_cells; i++)
    {
      g_clear_object (&block->cells[i].layout);
      g_free (block->cells[i].line_x);
      g_free (block->cells[i].line_base);
    }
  g_free (block);
}

static PangoFontDescription *
face_description (const YcLetterFace *face)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family_static (desc, face->family);
  pango_font_description_set_weight (desc, face->weight);
  pango_font_description_set_size (desc, (int) (face->size * PANGO_SCALE));
  return desc;
}

/* The height of @block's lines from @from on (all of them when @from is NULL). */
static double
block_height (const YcLetterBlock *block,
              const int           *from)
{
  double height = 0;

  for (guint i = 0; i < block->n_cells; i++)
    {
      const YcLetterCell *cell = &block->cells[i];
      int lines = cell->n_lines - (from != NULL ? from[i] : 0);

      height = MAX (height, lines * cell->pitch);
    }
  return height + 2 * block->pad;
}

/* The least of @block that must follow on the same page as the block kept with it. */
static double
block_min_height (const YcLetterBlock *block)
{
  if (block->paragraph && block->n_cells == 1 && block->cells[0].n_lines > 2)
    return 2 * block->cells[0].pitch;
  return block_height (block, NULL);
}

/* The height of @index with what it keeps with it. */
static double
keep_height (YcLetterLayout *self,
             guint           index)
{
  double height = 0;

  for (guint i = index; i < self->blocks->len; i++)
    {
      const YcLetterBlock *block = g_ptr_array_index (self->blocks, i);

      if (i > index)
        height += block->space_before;
      if (!block->keep_with_next || i + 1 == self->blocks->len)
        return height + (i == index ? block_height (block, NULL) : block_min_height (block));
      height += block_height (block, NULL) + block->space_after;
    }
  return height;
}

static void
place (Cursor    *cursor,
       guint      index,
       const int *from,
       const int *to)
{
  YcLetterLayout *self = cursor->self;
  const YcLetterBlock *block = g_ptr_array_index (self->blocks, index);
  Piece piece = { index, cursor->page, cursor->y, 0, { 0 }, { 0 }, TRUE };
  double height = 0;

  for (guint i = 0; i < block->n_cells; i++)
    {
      piece.from[i] = from[i];
      piece.to[i] = to[i];
      piece.whole = piece.whole && from[i] == 0 && to[i] == block->cells[i].n_lines;
      height = MAX (height, (to[i] - from[i]) * block->cells[i].pitch);
    }
  piece.height = height + 2 * block->pad;
  g_array_append_val (self->pieces, piece);
  cursor->y += piece.height;
}

static void
place_whole (Cursor *cursor,
             guint   index)
{
  const YcLetterBlock *block = g_ptr_array_index (cursor->self->blocks, index);
  int from[YC_LETTER_LAYOUT_MAX_CELLS] = { 0 };
  int to[YC_LETTER_LAYOUT_MAX_CELLS] = { 0 };

  for (guint i = 0; i < block->n_cells; i++)
    to[i] = block->cells[i].n_lines;
  place (cursor, index, from, to);
}

/* Start the next page; a table that runs onto it gets its header again. */
static void
new_page (Cursor              *cursor,
          const YcLetterBlock *next)
{
  cursor->page++;
  cursor->y = cursor->self->top;
  cursor->fresh = TRUE;
  if (next->in_table && cursor->header >= 0)
    place_whole (cursor, cursor->header);
}

/* Place @index from the lines @from on, over as many pages as it takes. */
static void
place_block (Cursor *cursor,
             guint   index,
             int    *from)
{
  YcLetterLayout *self = cursor->self;
  const YcLetterBlock *block = g_ptr_array_index (self->blocks, index);
  double capacity = self->bottom - self->top - (block->in_table ? cursor->header_height : 0);

  for (;;)
    {
      double rest = block_height (block, from);
      double avail = self->bottom - cursor->y;
      int to[YC_LETTER_LAYOUT_MAX_CELLS] = { 0 };
      int fitted = 0;
      gboolean may_cut;

      if (rest <= avail)
        {
          for (guint i = 0; i < block->n_cells; i++)
            to[i] = block->cells[i].n_lines;
          place (cursor, index, from, to);
          cursor->fresh = FALSE;
          return;
        }

      /* A paragraph is cut between lines; any other block only when no page could hold it,
       * which only absurd input makes. */
      for (guint i = 0; i < block->n_cells; i++)
        {
          const YcLetterCell *cell = &block->cells[i];
          int lines = (int) floor ((avail - 2 * block->pad) / cell->pitch + 1e-6);

          to[i] = from[i] + CLAMP (lines, 0, cell->n_lines - from[i]);
          fitted += to[i] - from[i];
        }
      if (block->paragraph && block->n_cells == 1)
        {
          /* No line alone at the foot or the head of a page. */
          if (block->cells[0].n_lines - to[0] == 1 && to[0] - from[0] > 2)
            to[0]--;
          may_cut = to[0] - from[0] >= 2 || (cursor->fresh && fitted > 0);
        }
      else
        may_cut = fitted > 0 && (rest > capacity || cursor->fresh);

      if (may_cut)
        {
          place (cursor, index, from, to);
          for (guint i = 0; i < block->n_cells; i++)
            from[i] = to[i];
        }
      else if (cursor->fresh)
        {
          /* Not one line fits an empty page: no face is that large, but never loop. */
          g_critical ("A line of the letter is taller than a page.");
          return;
        }
      new_page (cursor, block);
    }
}

YcLetterLayout *
yc_letter_layout_new (double left,
                      double width,
                      double top,
                      double bottom)
{
  YcLetterLayout *self = g_new0 (YcLetterLayout, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The default font map is the calling thread's own (Pango ≥ 1.32.6), so this is safe on a
   * worker thread and keeps the font caches from one letter to the next. */
  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  /* Points are the unit, and the layout must not depend on any screen's hinting. */
  pango_cairo_context_set_resolution (self->pango, 72);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (self->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->pango, FALSE);
  pango_context_set_language (self->pango, pango_language_from_string ("zh-cn"));

  self->left = left;
  self->width = width;
  self->top = top;
  self->bottom = bottom;
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  return self;
}

void
yc_letter_layout_free (YcLetterLayout *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->pango);
  g_ptr_array_unref (self->blocks);
  g_array_unref (self->pieces);
  g_free (self);
}

void
yc_letter_layout_add_attribute (PangoLayout    *layout,
                                PangoAttribute *attr)
{
  PangoAttrList *current = pango_layout_get_attributes (layout);
  PangoAttrList *attrs = current != NULL ? pango_attr_list_copy (current)
                                         : pango_attr_list_new ();

  pango_attr_list_insert (attrs, attr);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

PangoLayout *
yc_letter_layout_text (YcLetterLayout     *self,
                       const char         *text,
                       const YcLetterFace *face,
                       double              width,
                       PangoAlignment      alignment)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  PangoFontDescription *desc = face_description (face);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);
  /* Chinese is not hyphenated, and a code cut at its end must not look like "A07-". */
  yc_letter_layout_add_attribute (layout, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
yc_letter_layout_text_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.width);
}

void
yc_letter_cell_measure (YcLetterCell *cell)
{
  PangoLayoutIter *iter;
  int k = 0;

  g_clear_pointer (&cell->line_x, g_free);
  g_clear_pointer (&cell->line_base, g_free);
  if (cell->layout == NULL)
    {
      cell->n_lines = 1;
      return;
    }

  cell->n_lines = pango_layout_get_line_count (cell->layout);
  cell->line_x = g_new0 (double, cell->n_lines);
  cell->line_base = g_new0 (double, cell->n_lines);
  iter = pango_layout_get_iter (cell->layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical, own;
      double ascent, height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_line_get_extents (line, NULL, &own);
      ascent = pango_units_to_double (pango_layout_iter_get_baseline (iter) - logical.y);
      height = pango_units_to_double (logical.height);
      cell->line_x[k] = pango_units_to_double (logical.x - own.x);
      cell->line_base[k] = (cell->pitch - height) / 2 + ascent;
      k++;
    }
  while (k < cell->n_lines && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

YcLetterBlock *
yc_letter_layout_add_block (YcLetterLayout *self)
{
  YcLetterBlock *block = g_new0 (YcLetterBlock, 1);

  g_ptr_array_add (self->blocks, block);
  return block;
}

YcLetterBlock *
yc_letter_layout_get_last (YcLetterLayout *self)
{
  if (self->blocks->len == 0)
    return NULL;
  return g_ptr_array_index (self->blocks, self->blocks->len - 1);
}

YcLetterBlock *
yc_letter_layout_add_text (YcLetterLayout     *self,
                           PangoLayout        *layout,
                           const YcLetterFace *face,
                           double              x,
                           double              width,
                           double              space_before)
{
  YcLetterBlock *block = yc_letter_layout_add_block (self);

  block->n_cells = 1;
  block->cells[0].layout = layout;
  block->cells[0].x = x;
  block->cells[0].width = width;
  block->cells[0].pitch = face->pitch;
  block->space_before = space_before;
  block->paragraph = TRUE;
  yc_letter_cell_measure (&block->cells[0]);
  return block;
}

YcLetterBlock *
yc_letter_layout_add_ruled (YcLetterLayout             *self,
                            guint                       n,
                            const double               *col_x,
                            const char *const          *texts,
                            const YcLetterFace *const  *faces,
                            const PangoAlignment       *alignments,
                            const double               *shades)
{
  YcLetterBlock *block = yc_letter_layout_add_block (self);

  g_return_val_if_fail (n <= YC_LETTER_LAYOUT_MAX_CELLS, block);

  block->n_cells = n;
  block->ruled = TRUE;
  block->pad = CELL_VPAD;
  for (guint i = 0; i <= n; i++)
    block->col_x[i] = col_x[i];
  for (guint i = 0; i < n; i++)
    {
      YcLetterCell *cell = &block->cells[i];

      cell->x = col_x[i] + CELL_HPAD;
      cell->width = col_x[i + 1] - col_x[i] - 2 * CELL_HPAD;
      cell->pitch = faces[i]->pitch;
      cell->shade = shades != NULL ? shades[i] : 0;
      cell->layout = yc_letter_layout_text (self, texts[i], faces[i], cell->width,
                                            alignments[i]);
      yc_letter_cell_measure (cell);
    }
  return block;
}

guint
yc_letter_layout_paginate (YcLetterLayout *self)
{
  Cursor cursor = { self, 0, self->top, TRUE, -1, 0 };

  g_array_set_size (self->pieces, 0);
  for (guint index = 0; index < self->blocks->len; index++)
    {
      const YcLetterBlock *block = g_ptr_array_index (self->blocks, index);
      int from[YC_LETTER_LAYOUT_MAX_CELLS] = { 0 };
      double capacity, kept;

      if (block->table_header)
        {
          cursor.header = index;
          cursor.header_height = block_height (block, NULL);
        }
      if (!cursor.fresh)
        cursor.y += block->space_before;

      /* Keep what belongs together on one page, when one page can hold it. */
      capacity = self->bottom - self->top - (block->in_table ? cursor.header_height : 0);
      kept = keep_height (self, index);
      if (!cursor.fresh && cursor.y + kept > self->bottom && kept <= capacity)
        new_page (&cursor, block);

      place_block (&cursor, index, from);
      cursor.y += block->space_after;
    }
  self->n_pages = cursor.page + 1;
  return self->n_pages;
}

static void
draw_cell_lines (YcLetterLayout     *self,
                 cairo_t            *cr,
                 const YcLetterCell *cell,
                 double              top,
                 int                 from,
                 int                 to)
{
  if (cell->layout == NULL)
    {
      if (cell->qr != NULL && from == 0 && to > 0)
        yc_qr_draw (cell->qr, cr, self->left + cell->x, top, cell->width);
      return;
    }

  for (int k = from; k < to; k++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (cell->layout, k);

      cairo_move_to (cr, self->left + cell->x + cell->line_x[k],
                     top + (k - from) * cell->pitch + cell->line_base[k]);
      pango_cairo_show_layout_line (cr, line);
    }
}

static void
draw_piece (YcLetterLayout *self,
            cairo_t        *cr,
            const Piece    *piece)
{
  const YcLetterBlock *block = g_ptr_array_index (self->blocks, piece->block);
  double left = self->left;
  double top = piece->y;
  double bottom = piece->y + piece->height;

  if (block->ruled)
    for (guint i = 0; i < block->n_cells; i++)
      if (block->cells[i].shade > 0)
        {
          double shade = block->cells[i].shade;

          cairo_set_source_rgb (cr, shade, shade, shade);
          cairo_rectangle (cr, left + block->col_x[i], top,
                           block->col_x[i + 1] - block->col_x[i], piece->height);
          cairo_fill (cr);
        }

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < block->n_cells; i++)
    {
      const YcLetterCell *cell = &block->cells[i];
      double offset = block->pad;

      /* A whole block's cells are centred on its height (or stand on its bottom); a cut
       * one's start at the top. */
      if (piece->whole)
        offset = (piece->height - (piece->to[i] - piece->from[i]) * cell->pitch) /
                 (block->bottom ? 1 : 2);
      draw_cell_lines (self, cr, cell, top + offset, piece->from[i], piece->to[i]);
    }

  if (block->ruled)
    {
      double right = left + block->col_x[block->n_cells];

      cairo_set_line_width (cr, RULE_WIDTH);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
      cairo_move_to (cr, left + block->col_x[0], top);
      cairo_line_to (cr, right, top);
      cairo_move_to (cr, left + block->col_x[0], bottom);
      cairo_line_to (cr, right, bottom);
      for (guint i = 0; i <= block->n_cells; i++)
        {
          cairo_move_to (cr, left + block->col_x[i], top);
          cairo_line_to (cr, left + block->col_x[i], bottom);
        }
      cairo_stroke (cr);
    }
}

void
yc_letter_layout_draw_page (YcLetterLayout *self,
                            cairo_t        *cr,
                            guint           page)
{
  for (guint i = 0; i < self->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (self->pieces, Piece, i);

      if (piece->page == page)
        draw_piece (self, cr, piece);
      else if (piece->page > page)
        break;
    }
}

/* ------------------------------------------------------------------ marks and PDF output */

static const YcLetterFace void_mark_face = { YC_LETTER_FONT_HEADING, PANGO_WEIGHT_BOLD, 76, 90 };

void
yc_letter_layout_draw_void_mark (YcLetterLayout *self,
                                 cairo_t        *cr,
                                 double          page_width,
                                 double          page_height)
{
  g_autoptr(PangoLayout) layout = yc_letter_layout_text (self, "培训演示 无效", &void_mark_face, -1,
                                                         PANGO_ALIGN_LEFT);
  PangoRectangle logical;

  /* Drawn last, translucent: the document under it stays readable, and no copy of it can
   * pass for a real one. */
  pango_layout_get_extents (layout, NULL, &logical);
  cairo_save (cr);
  cairo_translate (cr, page_width / 2, page_height / 2);
  cairo_rotate (cr, -atan2 (page_height, page_width));
  cairo_move_to (cr, -pango_units_to_double (logical.width) / 2,
                 -pango_units_to_double (logical.height) / 2);
  cairo_set_source_rgba (cr, 0.8, 0.08, 0.08, 0.15);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static cairo_status_t
append_to_sink (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
yc_letter_pdf_surface_new (GByteArray *sink,
                           double      width,
                           double      height)
{
  return cairo_pdf_surface_create_for_stream (append_to_sink, sink, width, height);
}

cairo_status_t
yc_letter_pdf_close (cairo_t         *cr,
                     cairo_surface_t *surface)
{
  cairo_status_t status = cairo_status (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}
