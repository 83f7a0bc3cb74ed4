/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-inquiry.h: a first-inquiry registration (首问登记, D2). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_INQUIRY (yc_inquiry_get_type ())
G_DECLARE_FINAL_TYPE (YcInquiry, yc_inquiry, YC, INQUIRY, GObject)

YcInquiry *yc_inquiry_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcInquiry *yc_inquiry_new_from_json (JsonObject  *object,
                                      GError     **error);
JsonNode *yc_inquiry_to_json (YcInquiry *self);

const char         *yc_inquiry_get_id               (YcInquiry *self);
const char         *yc_inquiry_get_visitor_name     (YcInquiry *self);
const char         *yc_inquiry_get_visitor_phone    (YcInquiry *self);
const char         *yc_inquiry_get_question         (YcInquiry *self);
const char         *yc_inquiry_get_outcome          (YcInquiry *self);
const char         *yc_inquiry_get_guided_to_window (YcInquiry *self);
const char         *yc_inquiry_get_case_id          (YcInquiry *self);
const char         *yc_inquiry_get_asked_at         (YcInquiry *self);
const char         *yc_inquiry_get_staff_id         (YcInquiry *self);
const char         *yc_inquiry_get_window_id        (YcInquiry *self);
const char         *yc_inquiry_get_workstation      (YcInquiry *self);
const char         *yc_inquiry_get_created_at       (YcInquiry *self);

G_END_DECLS
