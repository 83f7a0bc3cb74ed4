/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case"

#include "config.h"

#include "yc-record.h"
#include "yc-case.h"
#include "yc-validate.h"

struct _YcCase
{
  GObject parent_instance;

  char *id;
  char *number;
  char *service_item;
  char *service_item_name;
  char *department_id;
  char *outcome;
  char *status;
  char *refusal_reason;
  char *refusal_basis;
  char *received_at;
  char *accepted_on;
  char *due_date;
  char *completed_at;
  char *result;
  char *holder_id;
  char *window_id;
  char *workstation;
  char *created_by;
  char *id_override_reason;
  char *created_at;
  char *updated_at;
  YcParty *applicant;
  YcParty *agent;
  GPtrArray *materials;
};

G_DEFINE_FINAL_TYPE (YcCase, yc_case, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, id), YC_FIELD_DEFAULT },
  { "number", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, number), YC_FIELD_DEFAULT },
  { "service_item", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, service_item), YC_FIELD_DEFAULT },
  { "service_item_name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, service_item_name), YC_FIELD_DEFAULT },
  { "department_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, department_id), YC_FIELD_DEFAULT },
  { "outcome", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, outcome), YC_FIELD_DEFAULT },
  { "status", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, status), YC_FIELD_DEFAULT },
  { "refusal_reason", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, refusal_reason), YC_FIELD_DEFAULT },
  { "refusal_basis", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, refusal_basis), YC_FIELD_DEFAULT },
  { "received_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, received_at), YC_FIELD_DEFAULT },
  { "accepted_on", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, accepted_on), YC_FIELD_DEFAULT },
  { "due_date", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, due_date), YC_FIELD_DEFAULT },
  { "completed_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, completed_at), YC_FIELD_DEFAULT },
  { "result", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, result), YC_FIELD_DEFAULT },
  { "holder_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, holder_id), YC_FIELD_DEFAULT },
  { "window_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, window_id), YC_FIELD_DEFAULT },
  { "workstation", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, workstation), YC_FIELD_DEFAULT },
  { "created_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, created_by), YC_FIELD_DEFAULT },
  { "id_override_reason", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, id_override_reason), YC_FIELD_DEFAULT },
  { "created_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, created_at), YC_FIELD_DEFAULT },
  { "updated_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCase, updated_at), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

static const YcField party_fields[] = {
  { "kind", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, kind), YC_FIELD_DEFAULT },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, name), YC_FIELD_NON_NULL },
  { "id_type", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, id_type), YC_FIELD_DEFAULT },
  { "id_number", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, id_number), YC_FIELD_DEFAULT },
  { "credit_code", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, credit_code), YC_FIELD_DEFAULT },
  { "phone", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, phone), YC_FIELD_DEFAULT },
  { "legal_representative", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, legal_representative),
    YC_FIELD_DEFAULT },
};

/* The agent is a person: only these members are read and written. */
static const YcField agent_fields[] = {
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, name), YC_FIELD_NON_NULL },
  { "id_type", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, id_type), YC_FIELD_DEFAULT },
  { "id_number", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, id_number), YC_FIELD_DEFAULT },
  { "phone", YC_FIELD_STRING, G_STRUCT_OFFSET (YcParty, phone), YC_FIELD_DEFAULT },
};

static const YcField material_fields[] = {
  { "material_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCaseMaterial, material_id),
    YC_FIELD_DEFAULT },
  { "name", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCaseMaterial, name), YC_FIELD_NON_NULL },
  { "state", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCaseMaterial, state), YC_FIELD_DEFAULT },
  { "note", YC_FIELD_STRING, G_STRUCT_OFFSET (YcCaseMaterial, note), YC_FIELD_DEFAULT },
};

G_DEFINE_BOXED_TYPE (YcParty, yc_party, yc_party_copy, yc_party_free)
G_DEFINE_BOXED_TYPE (YcCaseMaterial, yc_case_material, yc_case_material_copy,
                     yc_case_material_free)

static gboolean
read_party (JsonObject     *object,
            const char     *member,
            const YcField  *party_table,
            guint           n_party_fields,
            YcParty       **out,
            GError        **error)
{
  JsonObject *party_object;
  g_autoptr(YcParty) party = NULL;

  if (!yc_json_get_object (object, member, NULL, &party_object, error))
    return FALSE;
  if (json_object_has_member (object, member))
    g_clear_pointer (out, yc_party_free);
  if (party_object == NULL)
    return TRUE;

  party = yc_party_new ();
  if (!yc_record_read_fields (party, party_table, n_party_fields, party_object, member, error))
    return FALSE;
  *out = g_steal_pointer (&party);
  return TRUE;
}

static gboolean
read_materials (YcCase      *self,
                JsonObject  *object,
                GError     **error)
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
      g_autoptr(YcCaseMaterial) material = g_new0 (YcCaseMaterial, 1);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          yc_json_set_type_error (error, path, "an object");
          return FALSE;
        }
      if (!yc_record_read_fields (material, material_fields, G_N_ELEMENTS (material_fields),
                                  json_node_get_object (node), path, error))
        return FALSE;
      g_ptr_array_add (self->materials, g_steal_pointer (&material));
    }
  return TRUE;
}

static void
write_party (JsonBuilder   *builder,
             const char    *member,
             const YcParty *party,
             const YcField *party_table,
             guint          n_party_fields)
{
  json_builder_set_member_name (builder, member);
  if (party == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  yc_record_write_fields (party, party_table, n_party_fields, builder);
  json_builder_end_object (builder);
}

static void
mask_in_place (char **id_number)
{
  char *masked;

  if (*id_number == NULL)
    return;
  masked = yc_mask_id_number (*id_number);
  g_free (*id_number);
  *id_number = masked;
}

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_case, YcCase, fields, 1, properties)

static void
yc_case_finalize (GObject *object)
{
  YcCase *self = (YcCase *) object;

  g_clear_pointer (&self->applicant, yc_party_free);
  g_clear_pointer (&self->agent, yc_party_free);
  g_clear_pointer (&self->materials, g_ptr_array_unref);

  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_case_parent_class)->finalize (object);
}

static void
yc_case_class_init (YcCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_case_finalize;
  object_class->get_property = yc_case_get_property;
  object_class->set_property = yc_case_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_case_init (YcCase *self)
{
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
}

YcCase *
yc_case_new (void)
{
  return g_object_new (YC_TYPE_CASE, NULL);
}

YcCase *
yc_case_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(YcCase) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_case_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  if (!read_party (object, "applicant", party_fields, G_N_ELEMENTS (party_fields),
                   &self->applicant, error) ||
      !read_party (object, "agent", agent_fields, G_N_ELEMENTS (agent_fields),
                   &self->agent, error) ||
      !read_materials (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_case_to_json (YcCase *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  write_party (builder, "applicant", self->applicant, party_fields, G_N_ELEMENTS (party_fields));
  write_party (builder, "agent", self->agent, agent_fields, G_N_ELEMENTS (agent_fields));
  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->materials->len; i++)
    {
      json_builder_begin_object (builder);
      yc_record_write_fields (g_ptr_array_index (self->materials, i), material_fields,
                              G_N_ELEMENTS (material_fields), builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_case_get_id (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->id;
}

const char *
yc_case_get_number (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->number;
}

const char *
yc_case_get_service_item (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->service_item;
}

const char *
yc_case_get_service_item_name (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->service_item_name;
}

const char *
yc_case_get_department_id (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->department_id;
}

const char *
yc_case_get_outcome (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->outcome;
}

const char *
yc_case_get_status (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->status;
}

const char *
yc_case_get_refusal_reason (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->refusal_reason;
}

const char *
yc_case_get_refusal_basis (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->refusal_basis;
}

const char *
yc_case_get_received_at (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->received_at;
}

const char *
yc_case_get_accepted_on (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->accepted_on;
}

const char *
yc_case_get_due_date (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->due_date;
}

const char *
yc_case_get_completed_at (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->completed_at;
}

const char *
yc_case_get_result (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->result;
}

const char *
yc_case_get_holder_id (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->holder_id;
}

const char *
yc_case_get_window_id (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->window_id;
}

const char *
yc_case_get_workstation (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->workstation;
}

const char *
yc_case_get_created_by (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->created_by;
}

const char *
yc_case_get_id_override_reason (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->id_override_reason;
}

const char *
yc_case_get_created_at (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->created_at;
}

const char *
yc_case_get_updated_at (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->updated_at;
}

YcParty *
yc_party_new (void)
{
  return g_new0 (YcParty, 1);
}

YcParty *
yc_party_copy (const YcParty *party)
{
  YcParty *copy = yc_party_new ();

  yc_record_copy_fields (copy, party, party_fields, G_N_ELEMENTS (party_fields));
  return copy;
}

void
yc_party_free (YcParty *party)
{
  if (party == NULL)
    return;
  yc_record_clear_fields (party, party_fields, G_N_ELEMENTS (party_fields));
  g_free (party);
}

gboolean
yc_party_id_type_is_known (const char *id_type)
{
  static const char * const id_types[] = {
    "resident_id", "passport", "hk_macao_permit", "taiwan_permit", "other", NULL
  };

  return id_type != NULL && g_strv_contains (id_types, id_type);
}

YcCaseMaterial *
yc_case_material_new (const char *material_id,
                      const char *name,
                      const char *state,
                      const char *note)
{
  YcCaseMaterial *material = g_new0 (YcCaseMaterial, 1);

  material->material_id = g_strdup (material_id);
  material->name = g_strdup (name);
  material->state = g_strdup (state);
  material->note = g_strdup (note);
  return material;
}

YcCaseMaterial *
yc_case_material_copy (const YcCaseMaterial *material)
{
  YcCaseMaterial *copy = g_new0 (YcCaseMaterial, 1);

  yc_record_copy_fields (copy, material, material_fields, G_N_ELEMENTS (material_fields));
  return copy;
}

void
yc_case_material_free (YcCaseMaterial *material)
{
  if (material == NULL)
    return;
  yc_record_clear_fields (material, material_fields, G_N_ELEMENTS (material_fields));
  g_free (material);
}

const YcParty *
yc_case_get_applicant (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->applicant;
}

void
yc_case_set_applicant (YcCase        *self,
                       const YcParty *applicant)
{
  g_return_if_fail (YC_IS_CASE (self));

  g_clear_pointer (&self->applicant, yc_party_free);
  if (applicant != NULL)
    self->applicant = yc_party_copy (applicant);
}

const YcParty *
yc_case_get_agent (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->agent;
}

void
yc_case_set_agent (YcCase        *self,
                   const YcParty *agent)
{
  g_return_if_fail (YC_IS_CASE (self));

  g_clear_pointer (&self->agent, yc_party_free);
  if (agent != NULL)
    self->agent = yc_party_copy (agent);
}

GPtrArray *
yc_case_get_materials (YcCase *self)
{
  g_return_val_if_fail (YC_IS_CASE (self), NULL);

  return self->materials;
}

void
yc_case_set_materials (YcCase    *self,
                       GPtrArray *materials)
{
  g_return_if_fail (YC_IS_CASE (self));
  g_return_if_fail (materials != NULL);

  g_ptr_array_set_size (self->materials, 0);
  for (guint i = 0; i < materials->len; i++)
    g_ptr_array_add (self->materials, yc_case_material_copy (g_ptr_array_index (materials, i)));
}

void
yc_case_mask_id_numbers (YcCase *self)
{
  g_return_if_fail (YC_IS_CASE (self));

  if (self->applicant != NULL)
    mask_in_place (&self->applicant->id_number);
  if (self->agent != NULL)
    mask_in_place (&self->agent->id_number);
}
