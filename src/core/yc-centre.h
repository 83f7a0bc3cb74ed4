/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-centre.h: the service centre (政务服务中心) as GET /centre answers it. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_CENTRE (yc_centre_get_type ())
G_DECLARE_FINAL_TYPE (YcCentre, yc_centre, YC, CENTRE, GObject)

YcCentre *yc_centre_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcCentre *yc_centre_new_from_json (JsonObject  *object,
                                    GError     **error);
JsonNode *yc_centre_to_json (YcCentre *self);

const char         *yc_centre_get_code                 (YcCentre *self);
const char         *yc_centre_get_name                 (YcCentre *self);
const char         *yc_centre_get_letter_prefix        (YcCentre *self);
const char         *yc_centre_get_phone                (YcCentre *self);
const char         *yc_centre_get_complaint_phone      (YcCentre *self);
const char         *yc_centre_get_address              (YcCentre *self);
const char         *yc_centre_get_letter_number_format (YcCentre *self);

G_END_DECLS
