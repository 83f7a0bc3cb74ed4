/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-service-item"

#include "config.h"

#include "yc-record.h"
#include "yc-service-item.h"

struct _YcServiceItem
{
  GObject parent_instance;

  char *code;
  char *name;
  char *pinyin;
  char *department_id;
  char *kind;
  char *legal_basis;
  char *conditions;
  char *procedure;
  int promised_days;
  int statutory_days;
  gboolean instant;
  char *fees;
  char *contact;
  char *complaint_channel;
  int version;
  GPtrArray *materials;
};

G_DEFINE_FINAL_TYPE (YcServiceItem, yc_service_item, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "code", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, code), YC_FIELD_DEFAULT },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, name), YC_FIELD_NON_NULL },
  { "pinyin", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, pinyin), YC_FIELD_NON_NULL },
  { "department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, department_id), YC_FIELD_DEFAULT },
  { "kind", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, kind), YC_FIELD_DEFAULT },
  { "legal_basis", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, legal_basis), YC_FIELD_NON_NULL },
  { "conditions", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, conditions), YC_FIELD_NON_NULL },
  { "procedure", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, procedure), YC_FIELD_NON_NULL },
  { "promised_days", YC_FIELD_INT, G_STRUCT_OFFSET (YcServiceItem, promised_days), YC_FIELD_DEFAULT },
  { "statutory_days", YC_FIELD_INT, G_STRUCT_OFFSET (YcServiceItem, statutory_days), YC_FIELD_DEFAULT },
  { "instant", YC_FIELD_BOOL, G_STRUCT_OFFSET (YcServiceItem, instant), YC_FIELD_DEFAULT },
  { "fees", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, fees), YC_FIELD_NON_NULL },
  { "contact", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, contact), YC_FIELD_NON_NULL },
  { "complaint_channel", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceItem, complaint_channel), YC_FIELD_NON_NULL },
  { "version", YC_FIELD_INT, G_STRUCT_OFFSET (YcServiceItem, version), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

static gboolean
read_materials (YcServiceItem  *self,
                JsonObject     *object,
                GError        **error)
{
  JsonArray *array;

  if (!yc_json_get_array (object, "materials", NULL, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  g_ptr_array_set_size (self->materials, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = yc_json_path_index ("materials", i);
      YcMaterial *material;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          yc_json_set_type_error (error, path, "an object");
          return FALSE;
        }
      material = yc_material_new_from_json (json_node_get_object (node), error);
      if (material == NULL)
        {
          g_prefix_error (error, "%s.", path);
          return FALSE;
        }
      g_ptr_array_add (self->materials, material);
    }
  return TRUE;
}

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_service_item, YcServiceItem, fields, 1, properties)

static void
yc_service_item_finalize (GObject *object)
{
  YcServiceItem *self = (YcServiceItem *) object;

  g_clear_pointer (&self->materials, g_ptr_array_unref);

  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_service_item_parent_class)->finalize (object);
}

static void
yc_service_item_class_init (YcServiceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_service_item_finalize;
  object_class->get_property = yc_service_item_get_property;
  object_class->set_property = yc_service_item_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_service_item_init (YcServiceItem *self)
{
  self->materials = g_ptr_array_new_with_free_func (g_object_unref);
}

YcServiceItem *
yc_service_item_new (void)
{
  return g_object_new (YC_TYPE_SERVICE_ITEM, NULL);
}

YcServiceItem *
yc_service_item_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(YcServiceItem) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_service_item_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  if (!read_materials (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_service_item_to_json (YcServiceItem *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->materials->len; i++)
    json_builder_add_value (builder, yc_material_to_json (g_ptr_array_index (self->materials, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_service_item_get_code (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->code;
}

const char *
yc_service_item_get_name (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->name;
}

const char *
yc_service_item_get_pinyin (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->pinyin;
}

const char *
yc_service_item_get_department_id (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->department_id;
}

const char *
yc_service_item_get_kind (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->kind;
}

const char *
yc_service_item_get_legal_basis (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->legal_basis;
}

const char *
yc_service_item_get_conditions (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->conditions;
}

const char *
yc_service_item_get_procedure (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->procedure;
}

int
yc_service_item_get_promised_days (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), 0);

  return self->promised_days;
}

int
yc_service_item_get_statutory_days (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), 0);

  return self->statutory_days;
}

gboolean
yc_service_item_get_instant (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), FALSE);

  return self->instant;
}

const char *
yc_service_item_get_fees (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->fees;
}

const char *
yc_service_item_get_contact (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->contact;
}

const char *
yc_service_item_get_complaint_channel (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->complaint_channel;
}

int
yc_service_item_get_version (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), 0);

  return self->version;
}

GPtrArray *
yc_service_item_get_materials (YcServiceItem *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  return self->materials;
}

void
yc_service_item_set_materials (YcServiceItem *self,
                               GPtrArray     *materials)
{
  g_return_if_fail (YC_IS_SERVICE_ITEM (self));
  g_return_if_fail (materials != NULL);

  g_ptr_array_set_size (self->materials, 0);
  for (guint i = 0; i < materials->len; i++)
    g_ptr_array_add (self->materials, g_object_ref (g_ptr_array_index (materials, i)));
}

YcMaterial *
yc_service_item_find_material (YcServiceItem *self,
                               const char    *id)
{
  g_return_val_if_fail (YC_IS_SERVICE_ITEM (self), NULL);

  for (guint i = 0; id != NULL && i < self->materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (self->materials, i);

      if (g_strcmp0 (yc_material_get_id (material), id) == 0)
        return material;
    }
  return NULL;
}
