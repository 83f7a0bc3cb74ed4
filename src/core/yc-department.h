/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-department.h: a department stationed at the centre (进驻部门). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_DEPARTMENT (yc_department_get_type ())
G_DECLARE_FINAL_TYPE (YcDepartment, yc_department, YC, DEPARTMENT, GObject)

YcDepartment *yc_department_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcDepartment *yc_department_new_from_json (JsonObject  *object,
                                            GError     **error);
JsonNode *yc_department_to_json (YcDepartment *self);

const char         *yc_department_get_id                 (YcDepartment *self);
const char         *yc_department_get_name               (YcDepartment *self);
const char         *yc_department_get_short_name         (YcDepartment *self);
const char         *yc_department_get_chief_rep_staff_id (YcDepartment *self);

G_END_DECLS
