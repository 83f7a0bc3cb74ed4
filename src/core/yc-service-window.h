/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-service-window.h: a service window (窗口); department_id is NULL for the centre's own comprehensive window. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_SERVICE_WINDOW (yc_service_window_get_type ())
G_DECLARE_FINAL_TYPE (YcServiceWindow, yc_service_window, YC, SERVICE_WINDOW, GObject)

YcServiceWindow *yc_service_window_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcServiceWindow *yc_service_window_new_from_json (JsonObject  *object,
                                    GError     **error);
JsonNode *yc_service_window_to_json (YcServiceWindow *self);

const char         *yc_service_window_get_id            (YcServiceWindow *self);
const char         *yc_service_window_get_code          (YcServiceWindow *self);
const char         *yc_service_window_get_name          (YcServiceWindow *self);
const char         *yc_service_window_get_department_id (YcServiceWindow *self);
gboolean            yc_service_window_get_comprehensive (YcServiceWindow *self);
const char         *yc_service_window_get_a_staff_id    (YcServiceWindow *self);
const char         *yc_service_window_get_b_staff_id    (YcServiceWindow *self);

G_END_DECLS
