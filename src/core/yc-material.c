/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-material"

#include "config.h"

#include "yc-record.h"
#include "yc-material.h"

struct _YcMaterial
{
  GObject parent_instance;

  char *id;
  char *name;
  gboolean original;
  int copies;
  gboolean mandatory;
  char *note;
};

G_DEFINE_FINAL_TYPE (YcMaterial, yc_material, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcMaterial, id), YC_FIELD_DEFAULT },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcMaterial, name), YC_FIELD_NON_NULL },
  { "original", YC_FIELD_BOOL, G_STRUCT_OFFSET (YcMaterial, original), YC_FIELD_DEFAULT },
  { "copies", YC_FIELD_INT, G_STRUCT_OFFSET (YcMaterial, copies), YC_FIELD_DEFAULT },
  { "mandatory", YC_FIELD_BOOL, G_STRUCT_OFFSET (YcMaterial, mandatory), YC_FIELD_DEFAULT },
  { "note", YC_FIELD_STRING, G_STRUCT_OFFSET (YcMaterial, note), YC_FIELD_NON_NULL },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_material, YcMaterial, fields, 1, properties)

static void
yc_material_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_material_parent_class)->finalize (object);
}

static void
yc_material_class_init (YcMaterialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_material_finalize;
  object_class->get_property = yc_material_get_property;
  object_class->set_property = yc_material_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_material_init (YcMaterial *self)
{
}

YcMaterial *
yc_material_new (void)
{
  return g_object_new (YC_TYPE_MATERIAL, NULL);
}

YcMaterial *
yc_material_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(YcMaterial) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_material_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_material_to_json (YcMaterial *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_MATERIAL (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_material_get_id (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), NULL);

  return self->id;
}

const char *
yc_material_get_name (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), NULL);

  return self->name;
}

gboolean
yc_material_get_original (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), FALSE);

  return self->original;
}

int
yc_material_get_copies (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), 0);

  return self->copies;
}

gboolean
yc_material_get_mandatory (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), FALSE);

  return self->mandatory;
}

const char *
yc_material_get_note (YcMaterial *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL (self), NULL);

  return self->note;
}
