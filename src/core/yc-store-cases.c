/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-numbering.h"
#include "yc-store-private.h"
#include "yc-validate.h"

/* Cases: taking in an application (D1–D5) and the changes of a case afterwards, the
 * materials reviewed again and its completion, with the checks of parties and materials. */

/* ------------------------------------------------------------------ checks of parties and materials */

static const char * const material_states[] = { "received", "missing", "defective", NULL };

/* Check one material review against the guide and give it as the case stores it. */
static JsonObject *
review_material (JsonObject  *item,
                 const char  *material_id,
                 const char  *state,
                 const char  *note,
                 GError     **error)
{
  JsonObject *guide = _yc_store_item_find_material (item, material_id);
  JsonObject *material;

  if (guide == NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_UNKNOWN_MATERIAL,
                   _("The material “%s” is not listed in the guide of this service item."),
                   material_id != NULL ? material_id : "");
      return NULL;
    }
  if (!_yc_store_str_in (state, material_states))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("Mark the material “%s” as received, missing or defective."),
                   _yc_store_obj_str (guide, "name"));
      return NULL;
    }

  material = json_object_new ();
  json_object_set_string_member (material, "material_id", material_id);
  _yc_store_obj_set_str (material, "name",
                         _yc_store_obj_str (guide, "name") ? _yc_store_obj_str (guide, "name")
                                                           : "");
  json_object_set_string_member (material, "state", state);
  _yc_store_obj_set_str (material, "note", note);
  return material;
}

/* Replace or append @material (by material_id) in @list. */
static void
materials_put (JsonArray  *list,
               JsonObject *material)
{
  const char *id = _yc_store_obj_str (material, "material_id");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (_yc_store_obj_str (json_node_get_object (node), "material_id"), id) == 0)
        {
          json_array_remove_element (list, i);
          break;
        }
    }
  json_array_add_object_element (list, material);
}

static const char *
materials_state_of (JsonArray  *list,
                    const char *material_id)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (_yc_store_obj_str (json_node_get_object (node), "material_id"),
                     material_id) == 0)
        return _yc_store_obj_str (json_node_get_object (node), "state");
    }
  return NULL;
}

/* The first mandatory material of the guide not received in @list, or NULL. */
static JsonObject *
first_mandatory_missing (JsonObject *item,
                         JsonArray  *list)
{
  JsonArray *guide = _yc_store_obj_arr (item, "materials");

  for (guint i = 0; guide != NULL && i < json_array_get_length (guide); i++)
    {
      JsonNode *node = json_array_get_element (guide, i);
      JsonObject *material;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      material = json_node_get_object (node);
      if (json_object_get_boolean_member_with_default (material, "mandatory", FALSE) &&
          g_strcmp0 (materials_state_of (list, _yc_store_obj_str (material, "id")),
                     "received") != 0)
        return material;
    }
  return NULL;
}

static gboolean
materials_any_lacking (JsonArray *list)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      const char *state;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      state = _yc_store_obj_str (json_node_get_object (node), "state");
      if (g_strcmp0 (state, "missing") == 0 || g_strcmp0 (state, "defective") == 0)
        return TRUE;
    }
  return FALSE;
}

/* Copy a party (applicant or agent) with only the members the API knows, the ID number
 * normalised. */
static JsonObject *
copy_party (JsonObject *party,
            gboolean    agent)
{
  JsonObject *copy = json_object_new ();
  g_autofree char *id_number = NULL;
  const char *kind = _yc_store_obj_str (party, "kind");
  const char *id_type = _yc_store_obj_str (party, "id_type");

  if (_yc_store_obj_str (party, "id_number") != NULL)
    id_number = yc_normalize_id_number (_yc_store_obj_str (party, "id_number"));
  if (_yc_store_str_is_empty (id_number))
    g_clear_pointer (&id_number, g_free);

  if (!agent)
    _yc_store_obj_set_str (copy, "kind", kind != NULL ? kind : "person");
  _yc_store_obj_set_str (copy, "name", _yc_store_obj_str (party, "name"));
  _yc_store_obj_set_str (copy, "id_type", id_type != NULL ? id_type : "resident_id");
  _yc_store_obj_set_str (copy, "id_number", id_number);
  if (!agent)
    {
      _yc_store_obj_set_str (copy, "credit_code", _yc_store_obj_str (party, "credit_code"));
      _yc_store_obj_set_str (copy, "phone", _yc_store_obj_str (party, "phone"));
      _yc_store_obj_set_str (copy, "legal_representative",
                             _yc_store_obj_str (party, "legal_representative"));
    }
  else
    _yc_store_obj_set_str (copy, "phone", _yc_store_obj_str (party, "phone"));
  return copy;
}

/* GB 11643 / GB 32100 unless the clerk recorded why an invalid number must pass. */
static gboolean
check_party (JsonObject  *party,
             gboolean     agent,
             gboolean     overridden,
             GError     **error)
{
  const char *id_type = _yc_store_obj_str (party, "id_type");
  const char *id_number = _yc_store_obj_str (party, "id_number");
  g_autoptr(GError) local_error = NULL;

  if (_yc_store_str_is_empty (_yc_store_obj_str (party, "name")))
    {
      _yc_store_set_invalid (error, agent ? _("Please enter the agent’s name.")
                                          : _("Please enter the applicant’s name."));
      return FALSE;
    }

  if (!agent && g_strcmp0 (_yc_store_obj_str (party, "kind"), "organisation") == 0)
    {
      const char *code = _yc_store_obj_str (party, "credit_code");

      if (_yc_store_str_is_empty (code))
        {
          _yc_store_set_invalid (error,
                                 _("Please enter the organisation’s unified social credit code."));
          return FALSE;
        }
      if (!overridden && !yc_validate_credit_code (code, &local_error))
        {
          _yc_store_set_invalid (error, local_error->message);
          return FALSE;
        }
      if (_yc_store_str_is_empty (_yc_store_obj_str (party, "legal_representative")))
        {
          _yc_store_set_invalid (error, _("Please enter the organisation’s legal representative."));
          return FALSE;
        }
      return TRUE;
    }

  if (!yc_party_id_type_is_known (id_type))
    {
      _yc_store_set_invalid (error, _("Please choose the type of the ID document."));
      return FALSE;
    }
  if (_yc_store_str_is_empty (id_number))
    {
      if (agent)
        return TRUE;
      _yc_store_set_invalid (error, _("Please enter the applicant’s ID number."));
      return FALSE;
    }
  if (!overridden && g_strcmp0 (id_type, "resident_id") == 0 &&
      !yc_validate_resident_id (id_number, NULL, &local_error))
    {
      _yc_store_set_invalid (error, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_holder (JsonObject      *record,
              YcStoreSession  *session,
              GError         **error)
{
  if (g_strcmp0 (_yc_store_obj_str (record, "holder_id"), session->staff_id) == 0)
    return TRUE;
  /* The chief representative acts for the cases of the department. */
  if (_yc_store_session_has_role (session, "chief_rep") && session->department_id != NULL &&
      g_strcmp0 (_yc_store_obj_str (record, "department_id"), session->department_id) == 0)
    return TRUE;
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CASE_NOT_HELD,
               _("You do not hold case %s (it may have been handed off), so you cannot "
                 "change it."),
               _yc_store_obj_str (record, "number") ? _yc_store_obj_str (record, "number") : "");
  return FALSE;
}

/* ------------------------------------------------------------------ change jobs */

static gboolean
take_in_job (YcStoreWrite  *write,
             gpointer       user_data,
             GError       **error)
{
  static const char * const outcomes[] = { "accepted", "instant", "incomplete", "refused", NULL };
  YcStoreJobData *data = user_data;
  JsonObject *draft = data->draft;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *id = NULL;
  g_autofree char *received_at = NULL;
  g_autofree char *accepted_on = NULL;
  g_autofree char *due_date = NULL;
  g_autofree char *number = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  JsonObject *applicant;
  JsonObject *agent;
  JsonArray *input_materials;
  JsonArray *materials;
  JsonArray *body_materials;
  const char *outcome;
  const char *status;
  const char *override;
  gboolean overridden;
  gboolean exists;
  GDate day;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;

  outcome = _yc_store_obj_str (draft, "outcome");
  if (!_yc_store_str_in (outcome, outcomes))
    {
      _yc_store_set_invalid (error, _("Choose the outcome of the intake: accepted, handled on the "
                                      "spot, materials incomplete or not accepted."));
      return FALSE;
    }
  item = _yc_store_w_load_service_item (write, _yc_store_obj_str (draft, "service_item"), error);
  if (item == NULL)
    return FALSE;

  override = _yc_store_obj_str (draft, "id_override_reason");
  overridden = !_yc_store_str_is_empty (override);
  if (_yc_store_obj_obj (draft, "applicant") == NULL)
    {
      _yc_store_set_invalid (error, _("Please enter the applicant’s name."));
      return FALSE;
    }
  applicant = copy_party (_yc_store_obj_obj (draft, "applicant"), FALSE);
  agent = _yc_store_obj_obj (draft, "agent") != NULL
            ? copy_party (_yc_store_obj_obj (draft, "agent"), TRUE)
            : NULL;
  record = json_object_new ();
  json_object_set_object_member (record, "applicant", applicant);
  if (agent != NULL)
    json_object_set_object_member (record, "agent", agent);
  else
    json_object_set_null_member (record, "agent");
  if (!check_party (applicant, FALSE, overridden, error) ||
      (agent != NULL && !check_party (agent, TRUE, overridden, error)))
    return FALSE;

  materials = json_array_new ();
  json_object_set_array_member (record, "materials", materials);
  body_materials = json_array_new ();
  input_materials = _yc_store_obj_arr (draft, "materials");
  for (guint i = 0; input_materials != NULL && i < json_array_get_length (input_materials); i++)
    {
      JsonNode *node = json_array_get_element (input_materials, i);
      JsonObject *input;
      JsonObject *material;
      JsonObject *sent;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      input = json_node_get_object (node);
      material = review_material (item, _yc_store_obj_str (input, "material_id"),
                                  _yc_store_obj_str (input, "state"),
                                  _yc_store_obj_str (input, "note"), error);
      if (material == NULL)
        {
          json_array_unref (body_materials);
          return FALSE;
        }
      sent = json_object_new ();
      json_object_set_string_member (sent, "material_id",
                                     _yc_store_obj_str (material, "material_id"));
      json_object_set_string_member (sent, "state", _yc_store_obj_str (material, "state"));
      _yc_store_obj_set_str (sent, "note", _yc_store_obj_str (material, "note"));
      json_array_add_object_element (body_materials, sent);
      materials_put (materials, material);
    }

  if (g_str_equal (outcome, "accepted") || g_str_equal (outcome, "instant"))
    {
      JsonObject *lacking = first_mandatory_missing (item, materials);

      if (lacking != NULL)
        {
          json_array_unref (body_materials);
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                       _("The mandatory material “%s” has not been received, so the "
                         "application cannot be accepted."),
                       _yc_store_obj_str (lacking, "name"));
          return FALSE;
        }
    }
  else if (g_str_equal (outcome, "incomplete") && !materials_any_lacking (materials))
    {
      json_array_unref (body_materials);
      _yc_store_set_invalid (error, _("Mark at least one material as missing or defective for a "
                                      "one-time notice."));
      return FALSE;
    }
  else if (g_str_equal (outcome, "refused") &&
           _yc_store_str_is_empty (_yc_store_obj_str (draft, "refusal_reason")))
    {
      json_array_unref (body_materials);
      _yc_store_set_invalid (error,
                             _("Please give the reason why the application is not accepted."));
      return FALSE;
    }

  id = _yc_store_draft_id_or_new (draft);
  if (!_yc_store_w_record_exists (write, "case", id, &exists, error))
    {
      json_array_unref (body_materials);
      return FALSE;
    }
  if (exists)
    {
      json_array_unref (body_materials);
      _yc_store_set_already_saved (error);
      return FALSE;
    }

  if (!_yc_store_str_is_empty (_yc_store_obj_str (draft, "received_at")))
    {
      received = _yc_store_parse_rfc3339_local (_yc_store_obj_str (draft, "received_at"));
      if (received == NULL)
        {
          json_array_unref (body_materials);
          _yc_store_set_invalid (error, _("The time the application was received is not valid."));
          return FALSE;
        }
    }
  else
    received = g_date_time_new_now_local ();
  received_at = _yc_store_format_rfc3339 (received);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (received),
                  g_date_time_get_month (received), g_date_time_get_year (received));

  if (g_str_equal (outcome, "accepted"))
    {
      status = "accepted";
      accepted_on = yc_date_format_iso (&day);
      due_date = _yc_store_w_due_date (write, &day,
                                       (int) json_object_get_int_member_with_default (
                                         item, "promised_days", 0),
                                       error);
      if (due_date == NULL)
        {
          json_array_unref (body_materials);
          return FALSE;
        }
    }
  else if (g_str_equal (outcome, "instant"))
    {
      status = "completed";
      accepted_on = yc_date_format_iso (&day);
      due_date = g_strdup (accepted_on);
    }
  else
    status = g_str_equal (outcome, "incomplete") ? "incomplete" : "refused";

  number = _yc_store_w_next_number (write, &session, YC_NUMBERING_KIND_CASE,
                                    g_date_time_get_year (received), error);
  if (number == NULL)
    {
      json_array_unref (body_materials);
      return FALSE;
    }

  json_object_set_string_member (record, "id", id);
  json_object_set_string_member (record, "number", number);
  json_object_set_string_member (record, "service_item", _yc_store_obj_str (item, "code"));
  _yc_store_obj_set_str (record, "service_item_name", _yc_store_obj_str (item, "name"));
  _yc_store_obj_set_str (record, "department_id", _yc_store_obj_str (item, "department_id"));
  json_object_set_string_member (record, "outcome", outcome);
  json_object_set_string_member (record, "status", status);
  _yc_store_obj_set_str (record, "refusal_reason", _yc_store_obj_str (draft, "refusal_reason"));
  _yc_store_obj_set_str (record, "refusal_basis", _yc_store_obj_str (draft, "refusal_basis"));
  json_object_set_string_member (record, "received_at", received_at);
  _yc_store_obj_set_str (record, "accepted_on", accepted_on);
  _yc_store_obj_set_str (record, "due_date", due_date);
  _yc_store_obj_set_str (record, "completed_at",
                         g_str_equal (status, "completed") ? received_at : NULL);
  json_object_set_null_member (record, "result");
  json_object_set_string_member (record, "holder_id", session.staff_id);
  _yc_store_obj_set_str (record, "window_id", session.window_id);
  json_object_set_string_member (record, "workstation", session.workstation);
  json_object_set_string_member (record, "created_by", session.staff_id);
  _yc_store_obj_set_str (record, "id_override_reason", overridden ? override : NULL);
  json_object_set_string_member (record, "created_at", now);
  json_object_set_string_member (record, "updated_at", now);

  body = json_object_new ();
  json_object_set_string_member (body, "id", id);
  json_object_set_string_member (body, "number", number);
  json_object_set_string_member (body, "service_item", _yc_store_obj_str (item, "code"));
  json_object_set_object_member (body, "applicant", _yc_store_object_copy (applicant));
  if (agent != NULL)
    json_object_set_object_member (body, "agent", _yc_store_object_copy (agent));
  else
    json_object_set_null_member (body, "agent");
  json_object_set_array_member (body, "materials", body_materials);
  json_object_set_string_member (body, "outcome", outcome);
  _yc_store_obj_set_str (body, "refusal_reason", _yc_store_obj_str (draft, "refusal_reason"));
  _yc_store_obj_set_str (body, "refusal_basis", _yc_store_obj_str (draft, "refusal_basis"));
  json_object_set_string_member (body, "received_at", received_at);
  _yc_store_obj_set_str (body, "id_override_reason", overridden ? override : NULL);

  snapshot = json_array_new ();
  _yc_store_snapshot_add (snapshot, "case", id, NULL);

  {
    g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
    g_autoptr(YcCase) result = NULL;

    if (!_yc_store_w_put_record (write, "case", record, "pending", error) ||
        !_yc_store_w_enqueue (write, &session, "case", id, "/cases", body_node, NULL, snapshot,
                              error) ||
        !_yc_store_w_audit (write, &session, "case.created", "case", id, NULL, error))
      return FALSE;

    result = yc_case_new_from_json (record, error);
    if (result == NULL)
      return FALSE;
    _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  }
  return TRUE;
}

static gboolean
finish_case_change (YcStoreWrite    *write,
                    YcStoreSession  *session,
                    JsonObject      *record,
                    JsonObject      *previous,
                    const char      *path,
                    JsonObject      *body,
                    const char      *event,
                    GError         **error)
{
  const char *id = _yc_store_obj_str (record, "id");
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(YcCase) result = NULL;

  _yc_store_snapshot_add (snapshot, "case", id, previous);
  if (!_yc_store_w_put_record (write, "case", record, "pending", error) ||
      !_yc_store_w_enqueue (write, session, "case", id, path, body_node, NULL, snapshot, error) ||
      !_yc_store_w_audit (write, session, event, "case", id, NULL, error))
    return FALSE;

  result = yc_case_new_from_json (record, error);
  if (result == NULL)
    return FALSE;
  _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  return TRUE;
}

static gboolean
update_materials_job (YcStoreWrite  *write,
                      gpointer       user_data,
                      GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;
  JsonArray *materials;
  JsonArray *body_materials;
  const char *status;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  previous = _yc_store_w_require_json (write, "case", data->id, error);
  if (previous == NULL || !check_holder (previous, &session, error))
    return FALSE;
  status = _yc_store_obj_str (previous, "status");
  if (g_strcmp0 (status, "incomplete") != 0 && g_strcmp0 (status, "accepted") != 0)
    {
      _yc_store_set_invalid (error, _("This case is closed; its materials can no longer change."));
      return FALSE;
    }
  if (data->list == NULL || json_array_get_length (data->list) == 0)
    {
      _yc_store_set_invalid (error, _("Review at least one material."));
      return FALSE;
    }
  item = _yc_store_w_load_service_item (write, _yc_store_obj_str (previous, "service_item"), error);
  if (item == NULL)
    return FALSE;

  record = _yc_store_object_copy (previous);
  materials = _yc_store_obj_arr (record, "materials");
  if (materials == NULL)
    {
      materials = json_array_new ();
      json_object_set_array_member (record, "materials", materials);
    }

  body = json_object_new ();
  body_materials = json_array_new ();
  json_object_set_array_member (body, "materials", body_materials);
  for (guint i = 0; i < json_array_get_length (data->list); i++)
    {
      JsonObject *input = json_array_get_object_element (data->list, i);
      JsonObject *material = review_material (item, _yc_store_obj_str (input, "material_id"),
                                              _yc_store_obj_str (input, "state"),
                                              _yc_store_obj_str (input, "note"), error);
      JsonObject *sent;

      if (material == NULL)
        return FALSE;
      sent = json_object_new ();
      json_object_set_string_member (sent, "material_id",
                                     _yc_store_obj_str (material, "material_id"));
      json_object_set_string_member (sent, "state", _yc_store_obj_str (material, "state"));
      _yc_store_obj_set_str (sent, "note", _yc_store_obj_str (material, "note"));
      json_array_add_object_element (body_materials, sent);
      materials_put (materials, material);
    }

  if (g_str_equal (status, "incomplete") && first_mandatory_missing (item, materials) == NULL)
    {
      g_autoptr(GDateTime) today_dt = g_date_time_new_now_local ();
      g_autofree char *accepted_on = NULL;
      g_autofree char *due_date = NULL;
      GDate today;

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (today_dt),
                      g_date_time_get_month (today_dt), g_date_time_get_year (today_dt));
      accepted_on = yc_date_format_iso (&today);
      due_date = _yc_store_w_due_date (write, &today,
                                       (int) json_object_get_int_member_with_default (
                                         item, "promised_days", 0),
                                       error);
      if (due_date == NULL)
        return FALSE;
      json_object_set_string_member (record, "status", "accepted");
      json_object_set_string_member (record, "accepted_on", accepted_on);
      json_object_set_string_member (record, "due_date", due_date);
    }
  json_object_set_string_member (record, "updated_at", now);

  path = g_strdup_printf ("/cases/%s/materials", data->id);
  return finish_case_change (write, &session, record, previous, path, body, "case.materials",
                             error);
}

static gboolean
complete_case_job (YcStoreWrite  *write,
                   gpointer       user_data,
                   GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GDateTime) completed = NULL;
  g_autofree char *completed_at = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  previous = _yc_store_w_require_json (write, "case", data->id, error);
  if (previous == NULL || !check_holder (previous, &session, error))
    return FALSE;
  if (g_strcmp0 (_yc_store_obj_str (previous, "status"), "accepted") != 0)
    {
      _yc_store_set_invalid (error, _("Only an accepted case that is not yet completed can be "
                                      "completed."));
      return FALSE;
    }
  if (_yc_store_str_is_empty (data->text))
    {
      _yc_store_set_invalid (error, _("Please describe the result of the case."));
      return FALSE;
    }
  completed = _yc_store_str_is_empty (data->text2) ? g_date_time_new_now_local ()
                                         : _yc_store_parse_rfc3339_local (data->text2);
  if (completed == NULL)
    {
      _yc_store_set_invalid (error, _("The completion time is not valid."));
      return FALSE;
    }
  completed_at = _yc_store_format_rfc3339 (completed);

  record = _yc_store_object_copy (previous);
  json_object_set_string_member (record, "status", "completed");
  json_object_set_string_member (record, "completed_at", completed_at);
  json_object_set_string_member (record, "result", data->text);
  json_object_set_string_member (record, "updated_at", now);

  body = json_object_new ();
  json_object_set_string_member (body, "result", data->text);
  json_object_set_string_member (body, "completed_at", completed_at);

  path = g_strdup_printf ("/cases/%s/completion", data->id);
  return finish_case_change (write, &session, record, previous, path, body, "case.completed",
                             error);
}

/* ------------------------------------------------------------------ public */

YcCase *
yc_store_get_case (YcStore     *self,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  object = _yc_store_read_json (self, "SELECT json FROM cases WHERE id = ?1", id, error);
  return object != NULL ? yc_case_new_from_json (object, error) : NULL;
}

/* Cases whose number or applicant name contains @query, or whose applicant's full ID number
 * or credit code is @query (a returning applicant), newest first. */
GPtrArray *
yc_store_find_cases (YcStore     *self,
                     const char  *query,
                     guint        limit,
                     GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  stripped = query != NULL ? g_strstrip (g_strdup (query)) : NULL;
  exact = stripped != NULL ? g_utf8_strup (stripped, -1) : NULL;
  if (exact == NULL || *exact == '\0')
    return g_ptr_array_new_with_free_func (g_object_unref);
  pattern = _yc_store_like_pattern (query);
  sql = g_strdup_printf ("SELECT json FROM cases "
                         "WHERE number LIKE ?1 ESCAPE '\\' "
                         "   OR applicant_name LIKE ?1 ESCAPE '\\' "
                         "   OR upper (json_extract (json, '$.applicant.id_number')) = ?2 "
                         "   OR upper (json_extract (json, '$.applicant.credit_code')) = ?2 "
                         "ORDER BY received_ts DESC, seq DESC LIMIT %d",
                         limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  objects = _yc_store_read_json_list_args (self, sql,
                                           (const char *const[]) { pattern, exact, NULL }, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_case_new_from_json);
}

GPtrArray *
yc_store_list_held_cases (YcStore     *self,
                          const char  *holder_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (holder_id != NULL, NULL);

  objects = _yc_store_read_json_list_args (self,
                                           "SELECT json FROM cases WHERE holder_id = ?1"
                                           " AND status IN ('accepted', 'incomplete')"
                                           " ORDER BY due_date IS NULL, due_date, received_ts",
                                           (const char *const[]) { holder_id, NULL }, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_case_new_from_json);
}

void
yc_store_take_in_async (YcStore            *self,
                        YcCase             *draft,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_CASE (draft));

  _yc_store_write_async (self, self, yc_store_take_in_async, take_in_job,
                         _yc_store_job_data_new_draft (yc_case_to_json (draft)),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_take_in, YcCase)

YcCase *
yc_store_take_in_sync (YcStore  *self,
                       YcCase   *draft,
                       GError  **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (YC_IS_CASE (draft), NULL);

  return _yc_store_write_sync (self, take_in_job,
                               _yc_store_job_data_new_draft (yc_case_to_json (draft)),
                               _yc_store_job_data_free, error);
}

static YcStoreJobData *
materials_data (const char *case_id,
                GPtrArray  *materials)
{
  YcStoreJobData *data = g_new0 (YcStoreJobData, 1);

  data->id = g_strdup (case_id);
  data->list = json_array_new ();
  for (guint i = 0; materials != NULL && i < materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (materials, i);
      JsonObject *object = json_object_new ();

      _yc_store_obj_set_str (object, "material_id", material->material_id);
      _yc_store_obj_set_str (object, "state", material->state);
      _yc_store_obj_set_str (object, "note", material->note);
      json_array_add_object_element (data->list, object);
    }
  return data;
}

void
yc_store_update_materials_async (YcStore            *self,
                                 const char         *case_id,
                                 GPtrArray          *materials,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (case_id != NULL);

  _yc_store_write_async (self, self, yc_store_update_materials_async, update_materials_job,
                         materials_data (case_id, materials), _yc_store_job_data_free, cancellable,
                         callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_update_materials, YcCase)

YcCase *
yc_store_update_materials_sync (YcStore     *self,
                                const char  *case_id,
                                GPtrArray   *materials,
                                GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return _yc_store_write_sync (self, update_materials_job, materials_data (case_id, materials),
                               _yc_store_job_data_free, error);
}

void
yc_store_complete_case_async (YcStore            *self,
                              const char         *case_id,
                              const char         *result_text,
                              const char         *completed_at,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (case_id != NULL);

  _yc_store_write_async (self, self, yc_store_complete_case_async, complete_case_job,
                         _yc_store_texts_data (case_id, result_text, completed_at),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_complete_case, YcCase)

YcCase *
yc_store_complete_case_sync (YcStore     *self,
                             const char  *case_id,
                             const char  *result_text,
                             const char  *completed_at,
                             GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  return _yc_store_write_sync (self, complete_case_job,
                               _yc_store_texts_data (case_id, result_text, completed_at),
                               _yc_store_job_data_free, error);
}
