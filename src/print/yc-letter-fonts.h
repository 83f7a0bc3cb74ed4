/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-fonts.h: the typefaces letters are set in. Letters are Chinese documents in any
 * UI language and are archived as PDF with their fonts embedded, so the faces must be there,
 * and be the real ones, not whatever fontconfig would substitute. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Body text and headings of every letter. */
#define YC_LETTER_FONT_BODY    "Noto Serif CJK SC"
#define YC_LETTER_FONT_HEADING "Noto Sans CJK SC"

#define YC_LETTER_FONTS_ERROR (yc_letter_fonts_error_quark ())

typedef enum {
  YC_LETTER_FONTS_ERROR_MISSING, /* the family is not installed (only a substitute would be used) */
} YcLetterFontsError;

GQuark    yc_letter_fonts_error_quark (void);

/* The file of @family (regular weight) that can set Simplified Chinese, or NULL and an error
 * naming the family and the Debian package that provides it. */
char     *yc_letter_font_find         (const char  *family,
                                       GError     **error);

/* TRUE when both letter faces are installed. */
gboolean  yc_letter_fonts_check       (GError     **error);
/* The same, asked of fontconfig only until it first succeeds: fonts do not disappear while
 * the program runs. For every writer, before each document. */
gboolean  yc_letter_fonts_ensure      (GError     **error);

G_END_DECLS
