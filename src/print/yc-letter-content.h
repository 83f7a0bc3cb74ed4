/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter-content.h: what one letter says (D13), as a plain value. The letter writer works
 * from this alone, so it needs neither the store nor the network and can run on any thread. */
#pragma once

#include <glib-object.h>

#include "yc-case.h"
#include "yc-centre.h"
#include "yc-letter.h"
#include "yc-service-item.h"

G_BEGIN_DECLS

typedef enum {
  YC_LETTER_KIND_NONE,            /* not set: a letter of no kind is refused by the writer */
  YC_LETTER_KIND_ONE_TIME_NOTICE, /* 一次性告知书 "one_time_notice" */
  YC_LETTER_KIND_ACCEPTANCE,      /* 受理通知书 "acceptance" */
  YC_LETTER_KIND_REFUSAL,         /* 不予受理通知书 "refusal" */
  YC_LETTER_KIND_COMPLETION,      /* 办结通知书 "completion" */
} YcLetterKind;

/* The kind named as the API names it ("one_time_notice" …), or NONE for anything else. */
YcLetterKind  yc_letter_kind_from_string (const char   *name);
/* The API's name of @kind, or NULL for NONE. */
const char   *yc_letter_kind_to_string   (YcLetterKind  kind);

/* One material a one-time notice lists: its name, "missing" or "defective", and what the
 * applicant must bring or correct. */
typedef struct {
  char *material_name;
  char *state;
  char *note;
} YcLetterRow;

#define YC_TYPE_LETTER_ROW (yc_letter_row_get_type ())
GType        yc_letter_row_get_type (void) G_GNUC_CONST;
YcLetterRow *yc_letter_row_new      (const char        *material_name,
                                     const char        *state,
                                     const char        *note);
YcLetterRow *yc_letter_row_copy     (const YcLetterRow *row);
void         yc_letter_row_free     (YcLetterRow       *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcLetterRow, yc_letter_row_free)

/* Every member is a UTF-8 string owned by the struct, or NULL. Dates are ISO 8601: a day
 * ("2026-11-28") or a time with its offset ("2026-11-28T10:15:00+08:00", shown as the local
 * day). Centre members, when set, win over the letter templates' centre file (they come from
 * the server's record of the centre); the templates supply them when they are NULL. */
typedef struct {
  YcLetterKind kind;
  char *number;                 /* the letter number, 示政务〔2026〕告字第A07-000123号 */
  char *issued_date;

  char *centre_name;
  char *centre_phone;
  char *centre_address;
  char *centre_complaint_phone;

  char *applicant_name;
  char *applicant_kind;         /* "person" or "organisation" */
  char *applicant_id;           /* a person's ID number (shown masked, D14) or a credit code */
  char *agent_name;             /* optional */

  char *item_code;
  char *item_name;

  char *case_number;
  char *received_date;          /* optional */
  char *accepted_date;
  char *due_date;
  char *completed_date;         /* optional */
  char *refusal_reason;
  char *refusal_basis;
  char *result;

  char *clerk_name;
  char *window_code;

  GPtrArray *rows;              /* YcLetterRow; never NULL */
} YcLetterContent;

#define YC_TYPE_LETTER_CONTENT (yc_letter_content_get_type ())
GType            yc_letter_content_get_type (void) G_GNUC_CONST;
YcLetterContent *yc_letter_content_new      (YcLetterKind           kind);
YcLetterContent *yc_letter_content_copy     (const YcLetterContent *content);
void             yc_letter_content_free     (YcLetterContent       *content);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcLetterContent, yc_letter_content_free)

void             yc_letter_content_add_row  (YcLetterContent       *content,
                                             const char            *material_name,
                                             const char            *state,
                                             const char            *note);

/* The content of @letter from the core records. @item names the listed materials (a material
 * it does not know is named by the case's record of it, else by its id) and the case gives
 * each one's state ("missing" unless the case says "defective"); @item and @centre may be
 * NULL. A person's ID number is masked here. A reprint (yc_letter_get_reprint_of) is written
 * with YC_LETTER_WRITE_REPRINT. */
YcLetterContent *yc_letter_content_new_from_records (YcLetter      *letter,
                                                     YcCase        *case_,
                                                     YcServiceItem *item,
                                                     YcCentre      *centre,
                                                     const char    *clerk_name,
                                                     const char    *window_code);

G_END_DECLS
