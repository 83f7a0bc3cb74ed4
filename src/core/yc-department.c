/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-department"

#include "config.h"

#include "yc-record.h"
#include "yc-department.h"

struct _YcDepartment
{
  GObject parent_instance;

  char *id;
  char *name;
  char *short_name;
  char *chief_rep_staff_id;
};

G_DEFINE_FINAL_TYPE (YcDepartment, yc_department, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcDepartment, id), YC_FIELD_DEFAULT },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcDepartment, name), YC_FIELD_NON_NULL },
  { "short_name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcDepartment, short_name), YC_FIELD_NON_NULL },
  { "chief_rep_staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcDepartment, chief_rep_staff_id), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_department, YcDepartment, fields, 1, properties)

static void
yc_department_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_department_parent_class)->finalize (object);
}

static void
yc_department_class_init (YcDepartmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_department_finalize;
  object_class->get_property = yc_department_get_property;
  object_class->set_property = yc_department_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_department_init (YcDepartment *self)
{
}

YcDepartment *
yc_department_new (void)
{
  return g_object_new (YC_TYPE_DEPARTMENT, NULL);
}

YcDepartment *
yc_department_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(YcDepartment) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_department_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_department_to_json (YcDepartment *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_DEPARTMENT (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_department_get_id (YcDepartment *self)
{
  g_return_val_if_fail (YC_IS_DEPARTMENT (self), NULL);

  return self->id;
}

const char *
yc_department_get_name (YcDepartment *self)
{
  g_return_val_if_fail (YC_IS_DEPARTMENT (self), NULL);

  return self->name;
}

const char *
yc_department_get_short_name (YcDepartment *self)
{
  g_return_val_if_fail (YC_IS_DEPARTMENT (self), NULL);

  return self->short_name;
}

const char *
yc_department_get_chief_rep_staff_id (YcDepartment *self)
{
  g_return_val_if_fail (YC_IS_DEPARTMENT (self), NULL);

  return self->chief_rep_staff_id;
}
