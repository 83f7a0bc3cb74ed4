/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-layout.h: the flow a letter is set in, private to the letter writer. A letter is
 * a column of blocks (a paragraph, a row of the facts box or of the materials table, the QR
 * code with its text); each block is up to four cells of Pango text side by side. The blocks
 * are laid out once, cut into pages (a paragraph between lines, keeping two together; a
 * table row never, unless no page could hold it; the table's header repeated on each page it
 * runs onto), and then drawn, page by page, line by line. */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "yc-qr.h"

G_BEGIN_DECLS

#define YC_LETTER_LAYOUT_MAX_CELLS 4
/* Between a ruled cell's rules and its text, on either side. */
#define YC_LETTER_LAYOUT_CELL_HPAD 5.0

/* A typeface at a size, with the distance between baselines of its lines (pt). */
typedef struct {
  const char *family;
  PangoWeight weight;
  double size;
  double pitch;
} YcLetterFace;

/* One box of text; with no layout, it holds @qr (borrowed) in a square @width wide. Lines
 * are drawn at a fixed pitch, so a cell can be cut between any two lines. */
typedef struct {
  PangoLayout *layout;
  YcQr *qr;
  double x, width;     /* from the text area's left edge */
  double pitch;
  double shade;        /* grey of a ruled cell's background, 0 for none */
  int n_lines;
  double *line_x;      /* where each line's origin sits, from the cell's left */
  double *line_base;   /* each line's baseline, from the top of its pitch box */
} YcLetterCell;

typedef struct {
  YcLetterCell cells[YC_LETTER_LAYOUT_MAX_CELLS];
  guint n_cells;
  double col_x[YC_LETTER_LAYOUT_MAX_CELLS + 1]; /* ruled: the column rules */
  double pad;                                    /* ruled: above and below the text */
  double space_before;
  double space_after;
  guint ruled : 1;
  guint paragraph : 1;       /* may be cut between any two lines, two at least each side */
  guint keep_with_next : 1;
  guint table_header : 1;    /* repeated at the top of every page its table runs onto */
  guint in_table : 1;
  guint bottom : 1;          /* a whole block's cells stand on its bottom, not its middle */
} YcLetterBlock;

typedef struct _YcLetterLayout YcLetterLayout;

/* A flow into the text area @left … @left + @width, @top … @bottom of every page. Its Pango
 * context is of the calling thread's font map, in points, unhinted. */
YcLetterLayout *yc_letter_layout_new          (double              left,
                                               double              width,
                                               double              top,
                                               double              bottom);
void            yc_letter_layout_free         (YcLetterLayout     *self);

/* A Pango layout of @text (plain text, never markup) in @face, wrapping at @width (< 0: no
 * wrapping), without hyphens. */
PangoLayout    *yc_letter_layout_text         (YcLetterLayout     *self,
                                               const char         *text,
                                               const YcLetterFace *face,
                                               double              width,
                                               PangoAlignment      alignment);
/* Add @attr to @layout's attributes. */
void            yc_letter_layout_add_attribute (PangoLayout       *layout,
                                                PangoAttribute    *attr);
double          yc_letter_layout_text_width   (PangoLayout        *layout);

/* A new empty block at the end of the flow; fill its cells, then measure each. */
YcLetterBlock  *yc_letter_layout_add_block    (YcLetterLayout     *self);
void            yc_letter_cell_measure        (YcLetterCell       *cell);
/* A paragraph block of @layout (taken), at @x … @x + @width. */
YcLetterBlock  *yc_letter_layout_add_text     (YcLetterLayout     *self,
                                               PangoLayout        *layout,
                                               const YcLetterFace *face,
                                               double              x,
                                               double              width,
                                               double              space_before);
/* A ruled block of @n cells between the rules @col_x (@n + 1 of them). */
YcLetterBlock  *yc_letter_layout_add_ruled    (YcLetterLayout     *self,
                                               guint               n,
                                               const double       *col_x,
                                               const char *const  *texts,
                                               const YcLetterFace *const *faces,
                                               const PangoAlignment *alignments,
                                               const double       *shades);
/* The last block, or NULL. */
YcLetterBlock  *yc_letter_layout_get_last     (YcLetterLayout     *self);

/* Cut the flow into pages; the number of pages. */
guint           yc_letter_layout_paginate     (YcLetterLayout     *self);
/* Draw the blocks of @page (black on the current page of @cr). */
void            yc_letter_layout_draw_page    (YcLetterLayout     *self,
                                               cairo_t            *cr,
                                               guint               page);

/* The training mark 培训演示 无效 across the page of @page_width × @page_height points, drawn
 * last and translucent so that the document under it stays readable. */
void            yc_letter_layout_draw_void_mark (YcLetterLayout   *self,
                                                 cairo_t          *cr,
                                                 double            page_width,
                                                 double            page_height);

/* A PDF surface of @width × @height points writing into @sink. */
cairo_surface_t *yc_letter_pdf_surface_new   (GByteArray         *sink,
                                              double              width,
                                              double              height);
/* Destroy @cr, finish and destroy @surface; what went wrong first, if anything. */
cairo_status_t  yc_letter_pdf_close          (cairo_t            *cr,
                                              cairo_surface_t    *surface);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcLetterLayout, yc_letter_layout_free)

G_END_DECLS
