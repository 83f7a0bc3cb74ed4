/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-template.h: the wording of a letter kind, read from data/letters (see the README
 * there): <kind>.json for the letter, centre.json for the centre's wording. Letters are Chinese
 * documents in any UI language, so the wording is data, never gettext. Placeholders such as
 * {applicant} are checked when the file is loaded: an unknown one refuses the template. */
#pragma once

#include <glib-object.h>

#include "yc-letter-content.h"

G_BEGIN_DECLS

#define YC_LETTER_TEMPLATE_ERROR (yc_letter_template_error_quark ())

typedef enum {
  YC_LETTER_TEMPLATE_ERROR_NOT_FOUND,     /* the file cannot be read */
  YC_LETTER_TEMPLATE_ERROR_SYNTAX,        /* not JSON */
  YC_LETTER_TEMPLATE_ERROR_MISSING_PART,  /* a required part is absent or of the wrong type */
  YC_LETTER_TEMPLATE_ERROR_UNKNOWN_FIELD, /* a placeholder names no field */
  YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD,   /* expanding: a field the text needs has no value */
} YcLetterTemplateError;

/* The paragraphs before the table (and the QR block) and those after. */
typedef enum {
  YC_LETTER_SECTION_BODY,
  YC_LETTER_SECTION_AFTER,
} YcLetterSection;

#define YC_TYPE_LETTER_TEMPLATE (yc_letter_template_get_type ())
G_DECLARE_FINAL_TYPE (YcLetterTemplate, yc_letter_template, YC, LETTER_TEMPLATE, GObject)

GQuark            yc_letter_template_error_quark (void);

/* Where the templates are: $YC_LETTERS_DIR if set, else $datadir/yichuang/letters. */
char             *yc_letter_templates_dir        (void);

/* Load <@dir>/<kind>.json and <@dir>/centre.json (@dir NULL: yc_letter_templates_dir()). */
YcLetterTemplate *yc_letter_template_load        (const char        *dir,
                                                  YcLetterKind       kind,
                                                  GError           **error);
/* The same from two named files. */
YcLetterTemplate *yc_letter_template_load_files  (const char        *kind_file,
                                                  const char        *centre_file,
                                                  YcLetterKind       kind,
                                                  GError           **error);
/* The same from the texts of the two files (NUL-terminated), named <kind>.json and
 * centre.json in the messages. */
YcLetterTemplate *yc_letter_template_new_from_text (const char      *kind_text,
                                                    const char      *centre_text,
                                                    YcLetterKind     kind,
                                                    GError         **error);

YcLetterKind      yc_letter_template_get_kind           (YcLetterTemplate *self);
const char       *yc_letter_template_get_title          (YcLetterTemplate *self);
const char       *yc_letter_template_get_salutation     (YcLetterTemplate *self);
const char       *yc_letter_template_get_clerk_line     (YcLetterTemplate *self);
const char       *yc_letter_template_get_signature_line (YcLetterTemplate *self);

/* The facts box at the head of the letter: label and value text of fact @index. */
guint             yc_letter_template_get_n_facts        (YcLetterTemplate *self);
void              yc_letter_template_get_fact           (YcLetterTemplate *self,
                                                         guint             index,
                                                         const char      **label,
                                                         const char      **value);

/* Paragraph @index of @section: its text and an optional lead-in set in bold (or NULL). */
guint             yc_letter_template_get_n_paragraphs   (YcLetterTemplate *self,
                                                         YcLetterSection   section);
const char       *yc_letter_template_get_paragraph      (YcLetterTemplate *self,
                                                         YcLetterSection   section,
                                                         guint             index,
                                                         const char      **lead);

/* The materials table (one-time notices; NULL caption for other kinds): the caption, the four
 * column headings, the word for @state ("missing"/"defective") and the note to print when a
 * row has none (or NULL). */
const char       *yc_letter_template_get_table_caption  (YcLetterTemplate *self);
const char       *yc_letter_template_get_table_column   (YcLetterTemplate *self,
                                                         guint             index);
const char       *yc_letter_template_get_state_label    (YcLetterTemplate *self,
                                                         const char       *state);
const char       *yc_letter_template_get_default_note   (YcLetterTemplate *self,
                                                         const char       *state);

/* The case-lookup block with its QR code (acceptance and completion; NULL otherwise). */
const char       *yc_letter_template_get_qr_caption     (YcLetterTemplate *self);
const char       *yc_letter_template_get_qr_text        (YcLetterTemplate *self);

/* A member of centre.json ("seal_caption", "reconsideration_body", …), or NULL. */
const char       *yc_letter_template_get_centre         (YcLetterTemplate *self,
                                                         const char       *member);

/* The value of the field @name for @content, as the letter prints it (dates in Chinese form,
 * a person's ID number masked); "" when it has none, NULL for an unknown field. The centre's
 * name, phone, address and complaint phone come from @content when set (the server's record)
 * and from centre.json otherwise. */
char             *yc_letter_template_get_value          (YcLetterTemplate      *self,
                                                         const char            *name,
                                                         const YcLetterContent *content);
/* @text with its fields filled in from @content. Unless @allow_empty, a field without a
 * value fails with YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD naming it. */
char             *yc_letter_template_expand             (YcLetterTemplate      *self,
                                                         const char            *text,
                                                         const YcLetterContent *content,
                                                         gboolean               allow_empty,
                                                         GError               **error);

/* "2026年11月28日" for an ISO 8601 day or time (a time is taken in the local time zone); the
 * text unchanged when it is neither, NULL for NULL. */
char             *yc_letter_format_date                 (const char            *iso);

G_END_DECLS
