/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-material.h: one required material of a service item (申报材料). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_MATERIAL (yc_material_get_type ())
G_DECLARE_FINAL_TYPE (YcMaterial, yc_material, YC, MATERIAL, GObject)

YcMaterial *yc_material_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcMaterial *yc_material_new_from_json (JsonObject  *object,
                                        GError     **error);
JsonNode *yc_material_to_json (YcMaterial *self);

const char         *yc_material_get_id        (YcMaterial *self);
const char         *yc_material_get_name      (YcMaterial *self);
gboolean            yc_material_get_original  (YcMaterial *self);
int                 yc_material_get_copies    (YcMaterial *self);
gboolean            yc_material_get_mandatory (YcMaterial *self);
const char         *yc_material_get_note      (YcMaterial *self);

G_END_DECLS
