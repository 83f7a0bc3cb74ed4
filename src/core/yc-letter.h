/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-letter.h: a printed letter (D13): one-time notice, acceptance, refusal or completion. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One material listed by a letter, with what must be corrected. */
typedef struct {
  char *material_id;
  char *note;
} YcLetterItem;

#define YC_TYPE_LETTER_ITEM (yc_letter_item_get_type ())
GType         yc_letter_item_get_type (void) G_GNUC_CONST;
YcLetterItem *yc_letter_item_new      (const char         *material_id,
                                       const char         *note);
YcLetterItem *yc_letter_item_copy     (const YcLetterItem *item);
void          yc_letter_item_free     (YcLetterItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcLetterItem, yc_letter_item_free)

#define YC_TYPE_LETTER (yc_letter_get_type ())
G_DECLARE_FINAL_TYPE (YcLetter, yc_letter, YC, LETTER, GObject)

YcLetter *yc_letter_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcLetter *yc_letter_new_from_json (JsonObject  *object,
                                    GError     **error);
JsonNode *yc_letter_to_json (YcLetter *self);

const char         *yc_letter_get_id          (YcLetter *self);
const char         *yc_letter_get_case_id     (YcLetter *self);
const char         *yc_letter_get_kind        (YcLetter *self);
const char         *yc_letter_get_number      (YcLetter *self);
const char         *yc_letter_get_issued_at   (YcLetter *self);
const char         *yc_letter_get_pdf_sha256  (YcLetter *self);
const char         *yc_letter_get_issued_by   (YcLetter *self);
const char         *yc_letter_get_workstation (YcLetter *self);
const char         *yc_letter_get_reprint_of  (YcLetter *self);

/* The listed materials (YcLetterItem); never NULL. */
GPtrArray           *yc_letter_get_items (YcLetter  *self);
void                 yc_letter_set_items (YcLetter  *self,
                                          GPtrArray *items);

G_END_DECLS
