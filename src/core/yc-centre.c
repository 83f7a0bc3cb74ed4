/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-centre"

#include "config.h"

#include "yc-record.h"
#include "yc-centre.h"

struct _YcCentre
{
  GObject parent_instance;

  char *code;
  char *name;
  char *letter_prefix;
  char *phone;
  char *complaint_phone;
  char *address;
  char *letter_number_format;
};

G_DEFINE_FINAL_TYPE (YcCentre, yc_centre, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "code", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, code), YC_FIELD_NON_NULL },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, name), YC_FIELD_NON_NULL },
  { "letter_prefix", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, letter_prefix), YC_FIELD_NON_NULL },
  { "phone", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, phone), YC_FIELD_NON_NULL },
  { "complaint_phone", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, complaint_phone), YC_FIELD_NON_NULL },
  { "address", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, address), YC_FIELD_NON_NULL },
  { "letter_number_format", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCentre, letter_number_format), YC_FIELD_NON_NULL },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_centre, YcCentre, fields, 1, properties)

static void
yc_centre_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_centre_parent_class)->finalize (object);
}

static void
yc_centre_class_init (YcCentreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_centre_finalize;
  object_class->get_property = yc_centre_get_property;
  object_class->set_property = yc_centre_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_centre_init (YcCentre *self)
{
}

YcCentre *
yc_centre_new (void)
{
  return g_object_new (YC_TYPE_CENTRE, NULL);
}

YcCentre *
yc_centre_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(YcCentre) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_centre_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_centre_to_json (YcCentre *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_centre_get_code (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->code;
}

const char *
yc_centre_get_name (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->name;
}

const char *
yc_centre_get_letter_prefix (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->letter_prefix;
}

const char *
yc_centre_get_phone (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->phone;
}

const char *
yc_centre_get_complaint_phone (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->complaint_phone;
}

const char *
yc_centre_get_address (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->address;
}

const char *
yc_centre_get_letter_number_format (YcCentre *self)
{
  g_return_val_if_fail (YC_IS_CENTRE (self), NULL);

  return self->letter_number_format;
}
