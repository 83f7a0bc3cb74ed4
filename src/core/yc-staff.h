/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-staff.h: a staff member as the sign-in answer and GET /staff give it. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_STAFF (yc_staff_get_type ())
G_DECLARE_FINAL_TYPE (YcStaff, yc_staff, YC, STAFF, GObject)

YcStaff *yc_staff_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcStaff *yc_staff_new_from_json (JsonObject  *object,
                                  GError     **error);
JsonNode *yc_staff_to_json (YcStaff *self);

const char         *yc_staff_get_id            (YcStaff *self);
const char         *yc_staff_get_username      (YcStaff *self);
const char         *yc_staff_get_name          (YcStaff *self);
const char * const *yc_staff_get_roles         (YcStaff *self);
const char         *yc_staff_get_department_id (YcStaff *self);
const char         *yc_staff_get_window_id     (YcStaff *self);

/* TRUE if @role ("clerk", "chief_rep", "supervisor", "trainer") is among the roles. */
gboolean             yc_staff_has_role (YcStaff    *self,
                                        const char *role);

G_END_DECLS
