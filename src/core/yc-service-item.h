/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-service-item.h: a published service guide (办事指南, D1) with its materials. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "yc-material.h"

G_BEGIN_DECLS

#define YC_TYPE_SERVICE_ITEM (yc_service_item_get_type ())
G_DECLARE_FINAL_TYPE (YcServiceItem, yc_service_item, YC, SERVICE_ITEM, GObject)

YcServiceItem *yc_service_item_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcServiceItem *yc_service_item_new_from_json (JsonObject  *object,
                                               GError     **error);
JsonNode *yc_service_item_to_json (YcServiceItem *self);

const char         *yc_service_item_get_code              (YcServiceItem *self);
const char         *yc_service_item_get_name              (YcServiceItem *self);
const char         *yc_service_item_get_pinyin            (YcServiceItem *self);
const char         *yc_service_item_get_department_id     (YcServiceItem *self);
const char         *yc_service_item_get_kind              (YcServiceItem *self);
const char         *yc_service_item_get_legal_basis       (YcServiceItem *self);
const char         *yc_service_item_get_conditions        (YcServiceItem *self);
const char         *yc_service_item_get_procedure         (YcServiceItem *self);
int                 yc_service_item_get_promised_days     (YcServiceItem *self);
int                 yc_service_item_get_statutory_days    (YcServiceItem *self);
gboolean            yc_service_item_get_instant           (YcServiceItem *self);
const char         *yc_service_item_get_fees              (YcServiceItem *self);
const char         *yc_service_item_get_contact           (YcServiceItem *self);
const char         *yc_service_item_get_complaint_channel (YcServiceItem *self);
int                 yc_service_item_get_version           (YcServiceItem *self);

/* The materials in guide order (YcMaterial); never NULL. */
GPtrArray           *yc_service_item_get_materials (YcServiceItem *self);
void                 yc_service_item_set_materials (YcServiceItem *self,
                                                    GPtrArray     *materials);
/* The material with @id, or NULL. */
YcMaterial          *yc_service_item_find_material (YcServiceItem *self,
                                                    const char    *id);

G_END_DECLS
