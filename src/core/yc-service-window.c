/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include "yc-record.h"
#include "yc-service-window.h"

struct _YcServiceWindow
{
  GObject parent_instance;

  char *id;
  char *code;
  char *name;
  char *department_id;
  gboolean comprehensive;
  char *a_staff_id;
  char *b_staff_id;
};

G_DEFINE_FINAL_TYPE (YcServiceWindow, yc_service_window, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, id), YC_FIELD_DEFAULT },
  { "code", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, code), YC_FIELD_NON_NULL },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, name), YC_FIELD_NON_NULL },
  { "department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, department_id), YC_FIELD_DEFAULT },
  { "comprehensive", YC_FIELD_BOOL, G_STRUCT_OFFSET (YcServiceWindow, comprehensive), YC_FIELD_DEFAULT },
  { "a_staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, a_staff_id), YC_FIELD_DEFAULT },
  { "b_staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcServiceWindow, b_staff_id), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_service_window, YcServiceWindow, fields, 1, properties)

static void
yc_service_window_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_service_window_parent_class)->finalize (object);
}

static void
yc_service_window_class_init (YcServiceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_service_window_finalize;
  object_class->get_property = yc_service_window_get_property;
  object_class->set_property = yc_service_window_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_service_window_init (YcServiceWindow *self)
{
}

YcServiceWindow *
yc_service_window_new (void)
{
  return g_object_new (YC_TYPE_SERVICE_WINDOW, NULL);
}

YcServiceWindow *
yc_service_window_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(YcServiceWindow) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_service_window_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_service_window_to_json (YcServiceWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_service_window_get_id (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->id;
}

const char *
yc_service_window_get_code (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->code;
}

const char *
yc_service_window_get_name (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->name;
}

const char *
yc_service_window_get_department_id (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->department_id;
}

gboolean
yc_service_window_get_comprehensive (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), FALSE);

  return self->comprehensive;
}

const char *
yc_service_window_get_a_staff_id (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->a_staff_id;
}

const char *
yc_service_window_get_b_staff_id (YcServiceWindow *self)
{
  g_return_val_if_fail (YC_IS_SERVICE_WINDOW (self), NULL);

  return self->b_staff_id;
}
