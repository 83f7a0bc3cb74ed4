/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-staff"

#include "config.h"

#include "yc-record.h"
#include "yc-staff.h"

struct _YcStaff
{
  GObject parent_instance;

  char *id;
  char *username;
  char *name;
  char **roles;
  char *department_id;
  char *window_id;
};

G_DEFINE_FINAL_TYPE (YcStaff, yc_staff, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcStaff, id), YC_FIELD_DEFAULT },
  { "username", YC_FIELD_STRING, G_STRUCT_OFFSET (YcStaff, username), YC_FIELD_NON_NULL },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcStaff, name), YC_FIELD_NON_NULL },
  { "roles", YC_FIELD_STRV, G_STRUCT_OFFSET (YcStaff, roles), YC_FIELD_DEFAULT },
  { "department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcStaff, department_id), YC_FIELD_DEFAULT },
  { "window_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcStaff, window_id), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_staff, YcStaff, fields, 1, properties)

static void
yc_staff_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_staff_parent_class)->finalize (object);
}

static void
yc_staff_class_init (YcStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_staff_finalize;
  object_class->get_property = yc_staff_get_property;
  object_class->set_property = yc_staff_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_staff_init (YcStaff *self)
{
}

YcStaff *
yc_staff_new (void)
{
  return g_object_new (YC_TYPE_STAFF, NULL);
}

YcStaff *
yc_staff_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(YcStaff) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_staff_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_staff_to_json (YcStaff *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_staff_get_id (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return self->id;
}

const char *
yc_staff_get_username (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return self->username;
}

const char *
yc_staff_get_name (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return self->name;
}

const char * const *
yc_staff_get_roles (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return (const char * const *) self->roles;
}

const char *
yc_staff_get_department_id (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return self->department_id;
}

const char *
yc_staff_get_window_id (YcStaff *self)
{
  g_return_val_if_fail (YC_IS_STAFF (self), NULL);

  return self->window_id;
}

gboolean
yc_staff_has_role (YcStaff    *self,
                   const char *role)
{
  g_return_val_if_fail (YC_IS_STAFF (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  return self->roles != NULL && g_strv_contains ((const char * const *) self->roles, role);
}
