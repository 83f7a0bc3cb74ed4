/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-inquiry"

#include "config.h"

#include "yc-record.h"
#include "yc-inquiry.h"

struct _YcInquiry
{
  GObject parent_instance;

  char *id;
  char *visitor_name;
  char *visitor_phone;
  char *question;
  char *outcome;
  char *guided_to_window;
  char *case_id;
  char *asked_at;
  char *staff_id;
  char *window_id;
  char *workstation;
  char *created_at;
};

G_DEFINE_FINAL_TYPE (YcInquiry, yc_inquiry, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, id), YC_FIELD_DEFAULT },
  { "visitor_name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, visitor_name), YC_FIELD_DEFAULT },
  { "visitor_phone", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, visitor_phone), YC_FIELD_DEFAULT },
  { "question", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, question), YC_FIELD_NON_NULL },
  { "outcome", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, outcome), YC_FIELD_DEFAULT },
  { "guided_to_window", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, guided_to_window), YC_FIELD_DEFAULT },
  { "case_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, case_id), YC_FIELD_DEFAULT },
  { "asked_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, asked_at), YC_FIELD_DEFAULT },
  { "staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, staff_id), YC_FIELD_DEFAULT },
  { "window_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, window_id), YC_FIELD_DEFAULT },
  { "workstation", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, workstation), YC_FIELD_DEFAULT },
  { "created_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcInquiry, created_at), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_inquiry, YcInquiry, fields, 1, properties)

static void
yc_inquiry_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_inquiry_parent_class)->finalize (object);
}

static void
yc_inquiry_class_init (YcInquiryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_inquiry_finalize;
  object_class->get_property = yc_inquiry_get_property;
  object_class->set_property = yc_inquiry_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_inquiry_init (YcInquiry *self)
{
}

YcInquiry *
yc_inquiry_new (void)
{
  return g_object_new (YC_TYPE_INQUIRY, NULL);
}

YcInquiry *
yc_inquiry_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(YcInquiry) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_inquiry_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_inquiry_to_json (YcInquiry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_inquiry_get_id (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->id;
}

const char *
yc_inquiry_get_visitor_name (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->visitor_name;
}

const char *
yc_inquiry_get_visitor_phone (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->visitor_phone;
}

const char *
yc_inquiry_get_question (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->question;
}

const char *
yc_inquiry_get_outcome (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->outcome;
}

const char *
yc_inquiry_get_guided_to_window (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->guided_to_window;
}

const char *
yc_inquiry_get_case_id (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->case_id;
}

const char *
yc_inquiry_get_asked_at (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->asked_at;
}

const char *
yc_inquiry_get_staff_id (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->staff_id;
}

const char *
yc_inquiry_get_window_id (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->window_id;
}

const char *
yc_inquiry_get_workstation (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->workstation;
}

const char *
yc_inquiry_get_created_at (YcInquiry *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY (self), NULL);

  return self->created_at;
}
