/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handoff"

#include "config.h"

#include "yc-record.h"
#include "yc-handoff.h"

struct _YcHandoff
{
  GObject parent_instance;

  char *id;
  char *kind;
  char *from_staff_id;
  char *from_department_id;
  char *to_staff_id;
  char *to_department_id;
  char **case_ids;
  char *reason;
  char *state;
  char *requested_by;
  char *requested_at;
  char *decided_by;
  char *decided_at;
  char *decision_comment;
  char *received_by;
  char *received_at;
  char *answer;
  char *answered_by;
  char *answered_at;
  char *answer_comment;
};

G_DEFINE_FINAL_TYPE (YcHandoff, yc_handoff, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, id), YC_FIELD_DEFAULT },
  { "kind", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, kind), YC_FIELD_DEFAULT },
  { "from_staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, from_staff_id), YC_FIELD_DEFAULT },
  { "from_department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, from_department_id), YC_FIELD_DEFAULT },
  { "to_staff_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, to_staff_id), YC_FIELD_DEFAULT },
  { "to_department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, to_department_id), YC_FIELD_DEFAULT },
  { "case_ids", YC_FIELD_STRV, G_STRUCT_OFFSET (YcHandoff, case_ids), YC_FIELD_DEFAULT },
  { "reason", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, reason), YC_FIELD_NON_NULL },
  { "state", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, state), YC_FIELD_DEFAULT },
  { "requested_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, requested_by), YC_FIELD_DEFAULT },
  { "requested_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, requested_at), YC_FIELD_DEFAULT },
  { "decided_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, decided_by), YC_FIELD_DEFAULT },
  { "decided_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, decided_at), YC_FIELD_DEFAULT },
  { "decision_comment", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, decision_comment), YC_FIELD_DEFAULT },
  { "received_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, received_by), YC_FIELD_DEFAULT },
  { "received_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, received_at), YC_FIELD_DEFAULT },
  { "answer", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, answer), YC_FIELD_DEFAULT },
  { "answered_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, answered_by), YC_FIELD_DEFAULT },
  { "answered_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, answered_at), YC_FIELD_DEFAULT },
  { "answer_comment", YC_FIELD_STRING, G_STRUCT_OFFSET (YcHandoff, answer_comment),
    YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_handoff, YcHandoff, fields, 1, properties)

static void
yc_handoff_finalize (GObject *object)
{
  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_handoff_parent_class)->finalize (object);
}

static void
yc_handoff_class_init (YcHandoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_handoff_finalize;
  object_class->get_property = yc_handoff_get_property;
  object_class->set_property = yc_handoff_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_handoff_init (YcHandoff *self)
{
}

YcHandoff *
yc_handoff_new (void)
{
  return g_object_new (YC_TYPE_HANDOFF, NULL);
}

YcHandoff *
yc_handoff_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(YcHandoff) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_handoff_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_handoff_to_json (YcHandoff *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_handoff_get_id (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->id;
}

const char *
yc_handoff_get_kind (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->kind;
}

const char *
yc_handoff_get_from_staff_id (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->from_staff_id;
}

const char *
yc_handoff_get_from_department_id (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->from_department_id;
}

const char *
yc_handoff_get_to_staff_id (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->to_staff_id;
}

const char *
yc_handoff_get_to_department_id (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->to_department_id;
}

const char * const *
yc_handoff_get_case_ids (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return (const char * const *) self->case_ids;
}

const char *
yc_handoff_get_reason (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->reason;
}

const char *
yc_handoff_get_state (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->state;
}

const char *
yc_handoff_get_requested_by (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->requested_by;
}

const char *
yc_handoff_get_requested_at (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->requested_at;
}

const char *
yc_handoff_get_decided_by (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->decided_by;
}

const char *
yc_handoff_get_decided_at (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->decided_at;
}

const char *
yc_handoff_get_decision_comment (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->decision_comment;
}

const char *
yc_handoff_get_received_by (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->received_by;
}

const char *
yc_handoff_get_received_at (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->received_at;
}

const char *
yc_handoff_get_answer (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->answer;
}

const char *
yc_handoff_get_answered_by (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->answered_by;
}

const char *
yc_handoff_get_answered_at (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->answered_at;
}

const char *
yc_handoff_get_answer_comment (YcHandoff *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF (self), NULL);

  return self->answer_comment;
}
