/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-cases"

#include "config.h"

#include <string.h>

#include "yc-case.h"
#include "yc-inquiry.h"
#include "yc-record.h"
#include "yc-validate.h"
#include "yc-server-private.h"

#define CASE_COLUMNS \
  "id, number, service_item, service_item_name, department_id," \
  " applicant_kind AS \"applicant.kind\", applicant_name AS \"applicant.name\"," \
  " applicant_id_type AS \"applicant.id_type\", applicant_id_number AS \"applicant.id_number\"," \
  " applicant_credit_code AS \"applicant.credit_code\", applicant_phone AS \"applicant.phone\"," \
  " applicant_legal_representative AS \"applicant.legal_representative\"," \
  " agent_name AS \"agent.name\", agent_id_type AS \"agent.id_type\"," \
  " agent_id_number AS \"agent.id_number\", agent_phone AS \"agent.phone\"," \
  " outcome, status, refusal_reason, refusal_basis, received_at, accepted_on, due_date," \
  " completed_at, result, holder_id, window_id, workstation, created_by, id_override_reason," \
  " created_at, updated_at, seq AS _seq"

static const char * const material_states[] = { "received", "missing", "defective", NULL };

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

/* ------------------------------------------------------------------ loading */

static YcCase *
case_from_row (YcServer      *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(JsonObject) object = yc_server_db_row_to_object (stmt);
  JsonObject *agent = json_object_get_object_member (object, "agent");
  JsonArray *materials = json_array_new ();
  gint64 seq = sqlite3_column_int64 (stmt, sqlite3_column_count (stmt) - 1);
  sqlite3_stmt *mstmt;
  gboolean has_row;

  if (agent != NULL && json_object_get_null_member (agent, "name"))
    json_object_set_null_member (object, "agent");
  json_object_set_array_member (object, "materials", materials);

  mstmt = yc_server_db_prepare (self->db,
                                "SELECT material_id, name, state, note FROM case_materials"
                                " WHERE case_seq = ? ORDER BY position", error);
  if (mstmt == NULL)
    return NULL;
  yc_server_db_bind_int (mstmt, 1, seq);
  while (TRUE)
    {
      if (!yc_server_db_step (self->db, mstmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      json_array_add_object_element (materials, yc_server_db_row_to_object (mstmt));
    }
  sqlite3_reset (mstmt);

  return yc_case_new_from_json (object, error);
}

YcCase *
yc_server_load_case (YcServer    *self,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  YcCase *kase;

  stmt = yc_server_db_prepare (self->db, "SELECT " CASE_COLUMNS " FROM cases WHERE id = ?",
                               error);
  if (stmt == NULL)
    return NULL;
  yc_server_db_bind_text (stmt, 1, id);
  if (!yc_server_db_step (self->db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such case");
      return NULL;
    }
  kase = case_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  return kase;
}

/* Answers 404 or 500 itself when the case cannot be loaded. */
static YcCase *
load_case_for_request (YcRequest  *req,
                       const char *id,
                       const char *field)
{
  g_autoptr(GError) error = NULL;
  YcCase *kase;

  if (!yc_server_is_uuid (id))
    {
      if (field != NULL)
        yc_request_problem (req, 400, "invalid_value", field);
      else
        yc_request_problem (req, 400, "invalid_value", "id");
      return NULL;
    }
  kase = yc_server_load_case (req->server, id, &error);
  if (kase == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        yc_request_problem (req, 404, "not_found", field);
      else
        yc_request_internal_error (req, error);
    }
  return kase;
}

/* Is the caller named in a handoff of this case (as giver or receiver)? */
static gboolean
in_handoff_of_case (YcRequest  *req,
                    const char *case_id,
                    gboolean    as_giver)
{
  YcSession *session = req->session;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = yc_server_db_prepare (req->server->db,
                               "SELECT 1 FROM handoff_cases hc JOIN handoffs h ON h.id = hc.handoff_id"
                               " WHERE hc.case_id = ?1 AND ("
                               "  (?4 AND h.from_staff_id = ?2) OR"
                               "  (NOT ?4 AND h.state IN ('pending', 'approved', 'received') AND"
                               "   (h.to_staff_id = ?2 OR (h.to_staff_id IS NULL AND"
                               "    h.to_department_id = ?3)))) LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  yc_server_db_bind_text (stmt, 1, case_id);
  yc_server_db_bind_text (stmt, 2, session->staff_id);
  yc_server_db_bind_text (stmt, 3, session->department_id);
  yc_server_db_bind_int (stmt, 4, as_giver ? 1 : 0);
  if (!yc_server_db_step (req->server->db, stmt, &has_row, NULL))
    has_row = FALSE;
  sqlite3_reset (stmt);
  return has_row;
}

YcCaseAccess
yc_server_case_access (YcRequest *req,
                       YcCase    *kase,
                       gboolean  *full_ids)
{
  YcSession *session = req->session;

  *full_ids = FALSE;
  if (g_strcmp0 (yc_case_get_holder_id (kase), session->staff_id) == 0 ||
      (yc_request_has_role (req, YC_ROLE_CHIEF_REP) && session->department_id != NULL &&
       g_strcmp0 (yc_case_get_department_id (kase), session->department_id) == 0))
    {
      *full_ids = TRUE;
      return YC_CASE_ACCESS_ACT;
    }
  if (yc_request_has_role (req, YC_ROLE_SUPERVISOR) ||
      g_strcmp0 (yc_case_get_created_by (kase), session->staff_id) == 0 ||
      in_handoff_of_case (req, yc_case_get_id (kase), FALSE) ||
      in_handoff_of_case (req, yc_case_get_id (kase), TRUE))
    return YC_CASE_ACCESS_VIEW;
  return YC_CASE_ACCESS_NONE;
}

void
yc_server_refuse_case (YcRequest *req,
                       YcCase    *kase)
{
  if (g_strcmp0 (yc_case_get_created_by (kase), req->session->staff_id) == 0 ||
      in_handoff_of_case (req, yc_case_get_id (kase), TRUE))
    yc_request_problem (req, 409, "case_not_held", NULL);
  else
    yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_case");
}

JsonNode *
yc_server_case_to_json (YcCase   *kase,
                        gboolean  full_ids)
{
  if (!full_ids)
    yc_case_mask_id_numbers (kase);
  return yc_case_to_json (kase);
}

static void
reply_case (YcRequest  *req,
            guint       status,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = yc_server_load_case (req->server, id, &error);
  gboolean full_ids;

  if (kase == NULL)
    {
      yc_request_internal_error (req, error);
      return;
    }
  yc_server_case_access (req, kase, &full_ids);
  yc_request_reply (req, status, yc_server_case_to_json (kase, full_ids));
}

/* ------------------------------------------------------------------ validation */

static gboolean
require_member (YcRequest  *req,
                JsonObject *object,
                const char *path,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *field = yc_json_path_member (path, member);

      yc_request_problem (req, 400, "missing_field", field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
nonempty (const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
yc_server_check_party (YcRequest  *req,
                       YcParty    *party,
                       const char *path,
                       gboolean    is_agent,
                       gboolean    override)
{
  static const char * const kinds[] = { "person", "organisation", NULL };
  gboolean organisation = FALSE;
  g_autofree char *field = NULL;

  if (!is_agent)
    {
      if (party->kind == NULL)
        {
          field = g_strconcat (path, ".kind", NULL);
          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      if (!in_list (party->kind, kinds))
        {
          field = g_strconcat (path, ".kind", NULL);
          yc_request_problem (req, 400, "invalid_value", field);
          return FALSE;
        }
      organisation = strcmp (party->kind, "organisation") == 0;
    }
  if (!nonempty (party->name))
    {
      field = g_strconcat (path, ".name", NULL);
      yc_request_problem (req, 400, "missing_field", field);
      return FALSE;
    }
  if (party->id_type == NULL)
    party->id_type = g_strdup ("resident_id");
  else if (!yc_party_id_type_is_known (party->id_type))
    {
      field = g_strconcat (path, ".id_type", NULL);
      yc_request_problem (req, 400, "invalid_value", field);
      return FALSE;
    }

  if (!is_agent && !organisation && !nonempty (party->id_number))
    {
      field = g_strconcat (path, ".id_number", NULL);
      yc_request_problem (req, 400, "missing_field", field);
      return FALSE;
    }
  if (nonempty (party->id_number) && strcmp (party->id_type, "resident_id") == 0)
    {
      if (yc_validate_resident_id (party->id_number, NULL, NULL))
        {
          char *normal = yc_normalize_id_number (party->id_number);

          g_free (party->id_number);
          party->id_number = normal;
        }
      else if (!override)
        {
          field = g_strconcat (path, ".id_number", NULL);
          yc_request_problem (req, 422, "invalid_id_number", field);
          return FALSE;
        }
    }
  else if (party->id_number != NULL && *party->id_number == '\0')
    g_clear_pointer (&party->id_number, g_free);

  if (organisation)
    {
      if (!nonempty (party->credit_code))
        {
          field = g_strconcat (path, ".credit_code", NULL);
          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      if (!nonempty (party->legal_representative))
        {
          field = g_strconcat (path, ".legal_representative", NULL);
          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
    }
  if (!is_agent && nonempty (party->credit_code) &&
      !yc_validate_credit_code (party->credit_code, NULL) && !override)
    {
      field = g_strconcat (path, ".credit_code", NULL);
      yc_request_problem (req, 422, "invalid_credit_code", field);
      return FALSE;
    }

  if (nonempty (party->phone) && !yc_validate_mobile (party->phone, NULL))
    {
      field = g_strconcat (path, ".phone", NULL);
      yc_request_problem (req, 422, "invalid_phone", field);
      return FALSE;
    }
  return TRUE;
}

/* Check the listed materials against the item; names them from the guide. */
static gboolean
check_materials (YcRequest     *req,
                 YcServiceItem *item,
                 GPtrArray     *materials,
                 const char    *path)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (materials, i);
      g_autofree char *element = yc_json_path_index (path, i);
      g_autofree char *field = NULL;
      YcMaterial *guide;

      if (!nonempty (material->material_id))
        {
          field = g_strconcat (element, ".material_id", NULL);
          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      if (material->state == NULL)
        {
          field = g_strconcat (element, ".state", NULL);
          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      if (!in_list (material->state, material_states))
        {
          field = g_strconcat (element, ".state", NULL);
          yc_request_problem (req, 400, "invalid_value", field);
          return FALSE;
        }
      guide = yc_service_item_find_material (item, material->material_id);
      if (guide == NULL)
        {
          field = g_strconcat (element, ".material_id", NULL);
          yc_request_problem (req, 422, "unknown_material", field);
          return FALSE;
        }
      if (!g_hash_table_add (seen, material->material_id))
        {
          field = g_strconcat (element, ".material_id", NULL);
          yc_request_problem_detail (req, 400, "invalid_value", field, "materials_duplicate");
          return FALSE;
        }
      g_free (material->name);
      material->name = g_strdup (yc_material_get_name (guide));
    }
  return TRUE;
}

/* Every mandatory material of @item has state "received" in @states (material id -> state). */
static gboolean
mandatory_all_received (YcServiceItem *item,
                        GHashTable    *states)
{
  GPtrArray *guide = yc_service_item_get_materials (item);

  for (guint i = 0; i < guide->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (guide, i);

      if (yc_material_get_mandatory (material) &&
          g_strcmp0 (g_hash_table_lookup (states, yc_material_get_id (material)), "received") != 0)
        return FALSE;
    }
  return TRUE;
}

static GHashTable *
states_of (GPtrArray *materials)
{
  GHashTable *states = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (materials, i);

      g_hash_table_insert (states, material->material_id, material->state);
    }
  return states;
}

/* The due date @days working days after @from; answers calendar_missing on failure. */
static char *
due_date (YcRequest   *req,
          const GDate *from,
          guint        days)
{
  g_autoptr(GError) error = NULL;
  GDate due;

  if (!yc_calendar_due_date (req->server->calendar, from, days, &due, &error))
    {
      if (g_error_matches (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_UNKNOWN_YEAR))
        yc_request_problem (req, 422, "calendar_missing", NULL);
      else
        yc_request_internal_error (req, error);
      return NULL;
    }
  return yc_date_format_iso (&due);
}

static gboolean
record_exists (YcRequest  *req,
               const char *sql,
               const char *value,
               gboolean   *exists)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = yc_server_db_prepare (req->server->db, sql, &error);

  if (stmt == NULL)
    {
      yc_request_internal_error (req, error);
      return FALSE;
    }
  yc_server_db_bind_text (stmt, 1, value);
  if (!yc_server_db_step (req->server->db, stmt, exists, &error))
    {
      yc_request_internal_error (req, error);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
insert_case_materials (YcServer    *self,
                       gint64       case_seq,
                       GPtrArray   *materials,
                       gint64       first_position,
                       GError     **error)
{
  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (materials, i);
      sqlite3_stmt *stmt;

      stmt = yc_server_db_prepare (self->db,
                                   "INSERT INTO case_materials (case_seq, material_id, position,"
                                   " name, state, note) VALUES (?, ?, ?, ?, ?, ?)"
                                   " ON CONFLICT (case_seq, material_id) DO UPDATE"
                                   " SET state = excluded.state, note = excluded.note", error);
      if (stmt == NULL)
        return FALSE;
      yc_server_db_bind_int (stmt, 1, case_seq);
      yc_server_db_bind_text (stmt, 2, material->material_id);
      yc_server_db_bind_int (stmt, 3, first_position + i);
      yc_server_db_bind_text (stmt, 4, material->name);
      yc_server_db_bind_text (stmt, 5, material->state);
      yc_server_db_bind_text (stmt, 6, material->note);
      if (!yc_server_db_step_done (self->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ POST /cases */

void
yc_server_handle_cases_create (YcRequest *req)
{
  static const char * const outcomes[] = { "accepted", "instant", "incomplete", "refused", NULL };
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autofree char *now = NULL;
  g_autofree char *accepted_on = NULL;
  g_autofree char *due = NULL;
  YcServiceItem *item;
  YcParty *applicant, *agent;
  GPtrArray *materials;
  const char *outcome, *status, *override, *completed_at = NULL;
  gboolean exists, any_short = FALSE;
  GDate received;
  sqlite3_stmt *stmt;

  kase = yc_case_new_from_json (req->body, &error);
  if (kase == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }

  if (!require_member (req, req->body, NULL, "id") ||
      !require_member (req, req->body, NULL, "number") ||
      !require_member (req, req->body, NULL, "service_item") ||
      !require_member (req, req->body, NULL, "applicant") ||
      !require_member (req, req->body, NULL, "materials") ||
      !require_member (req, req->body, NULL, "outcome") ||
      !require_member (req, req->body, NULL, "received_at"))
    return;

  if (!yc_server_is_uuid (yc_case_get_id (kase)))
    {
      yc_request_problem (req, 400, "invalid_value", "id");
      return;
    }
  if (!nonempty (yc_case_get_number (kase)))
    {
      yc_request_problem (req, 400, "missing_field", "number");
      return;
    }
  outcome = yc_case_get_outcome (kase);
  if (!in_list (outcome, outcomes))
    {
      yc_request_problem (req, 400, "invalid_value", "outcome");
      return;
    }
  if (!yc_server_parse_time (yc_case_get_received_at (kase), &received))
    {
      yc_request_problem (req, 400, "invalid_value", "received_at");
      return;
    }

  item = yc_server_get_item (self, yc_case_get_service_item (kase));
  if (item == NULL)
    {
      yc_request_problem (req, 422, "unknown_service_item", "service_item");
      return;
    }

  override = yc_case_get_id_override_reason (kase);
  if (override != NULL && *override == '\0')
    override = NULL;
  applicant = yc_party_copy (yc_case_get_applicant (kase));
  if (!yc_server_check_party (req, applicant, "applicant", FALSE, override != NULL))
    {
      yc_party_free (applicant);
      return;
    }
  yc_case_set_applicant (kase, applicant);
  yc_party_free (applicant);

  if (yc_case_get_agent (kase) != NULL)
    {
      agent = yc_party_copy (yc_case_get_agent (kase));
      if (!yc_server_check_party (req, agent, "agent", TRUE, override != NULL))
        {
          yc_party_free (agent);
          return;
        }
      yc_case_set_agent (kase, agent);
      yc_party_free (agent);
    }

  materials = yc_case_get_materials (kase);
  if (!check_materials (req, item, materials, "materials"))
    return;
  states = states_of (materials);
  for (guint i = 0; i < materials->len; i++)
    if (strcmp (((YcCaseMaterial *) g_ptr_array_index (materials, i))->state, "received") != 0)
      any_short = TRUE;

  if (strcmp (outcome, "accepted") == 0 || strcmp (outcome, "instant") == 0)
    {
      if (strcmp (outcome, "instant") == 0 && !yc_service_item_get_instant (item))
        {
          yc_request_problem_detail (req, 422, "invalid_value", "outcome", "not_instant");
          return;
        }
      if (!mandatory_all_received (item, states))
        {
          yc_request_problem_detail (req, 422, "invalid_value", "materials", "materials_accept");
          return;
        }
      accepted_on = yc_date_format_iso (&received);
      if (strcmp (outcome, "instant") == 0)
        {
          due = g_strdup (accepted_on);
          status = "completed";
          completed_at = yc_case_get_received_at (kase);
        }
      else
        {
          due = due_date (req, &received, yc_service_item_get_promised_days (item));
          if (due == NULL)
            return;
          status = "accepted";
        }
    }
  else if (strcmp (outcome, "incomplete") == 0)
    {
      if (!any_short && mandatory_all_received (item, states))
        {
          yc_request_problem_detail (req, 422, "invalid_value", "materials",
                                     "materials_incomplete");
          return;
        }
      status = "incomplete";
    }
  else
    {
      if (!nonempty (yc_case_get_refusal_reason (kase)))
        {
          yc_request_problem (req, 400, "missing_field", "refusal_reason");
          return;
        }
      status = "refused";
    }

  now = yc_server_now_iso ();
  applicant = (YcParty *) yc_case_get_applicant (kase);
  agent = (YcParty *) yc_case_get_agent (kase);
  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO cases (id, number, service_item, service_item_name,"
                               " department_id, applicant_kind, applicant_name, applicant_id_type,"
                               " applicant_id_number, applicant_credit_code, applicant_phone,"
                               " applicant_legal_representative, agent_name, agent_id_type,"
                               " agent_id_number, agent_phone, outcome, status, refusal_reason,"
                               " refusal_basis, received_at, accepted_on, due_date, completed_at,"
                               " result, holder_id, window_id, workstation, created_by,"
                               " id_override_reason, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                               " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, NULL, ?25,"
                               " ?26, ?27, ?25, ?28, ?29, ?29)", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_case_get_id (kase));
  yc_server_db_bind_text (stmt, 2, yc_case_get_number (kase));
  yc_server_db_bind_text (stmt, 3, yc_service_item_get_code (item));
  yc_server_db_bind_text (stmt, 4, yc_service_item_get_name (item));
  yc_server_db_bind_text (stmt, 5, yc_service_item_get_department_id (item));
  yc_server_db_bind_text (stmt, 6, applicant->kind);
  yc_server_db_bind_text (stmt, 7, applicant->name);
  yc_server_db_bind_text (stmt, 8, applicant->id_type);
  yc_server_db_bind_text (stmt, 9, applicant->id_number);
  yc_server_db_bind_text (stmt, 10, applicant->credit_code);
  yc_server_db_bind_text (stmt, 11, nonempty (applicant->phone) ? applicant->phone : NULL);
  yc_server_db_bind_text (stmt, 12, applicant->legal_representative);
  yc_server_db_bind_text (stmt, 13, agent != NULL ? agent->name : NULL);
  yc_server_db_bind_text (stmt, 14, agent != NULL ? agent->id_type : NULL);
  yc_server_db_bind_text (stmt, 15, agent != NULL ? agent->id_number : NULL);
  yc_server_db_bind_text (stmt, 16, agent != NULL && nonempty (agent->phone) ? agent->phone : NULL);
  yc_server_db_bind_text (stmt, 17, outcome);
  yc_server_db_bind_text (stmt, 18, status);
  yc_server_db_bind_text (stmt, 19, yc_case_get_refusal_reason (kase));
  yc_server_db_bind_text (stmt, 20, yc_case_get_refusal_basis (kase));
  yc_server_db_bind_text (stmt, 21, yc_case_get_received_at (kase));
  yc_server_db_bind_text (stmt, 22, accepted_on);
  yc_server_db_bind_text (stmt, 23, due);
  yc_server_db_bind_text (stmt, 24, completed_at);
  yc_server_db_bind_text (stmt, 25, session->staff_id);
  yc_server_db_bind_text (stmt, 26, session->window_id);
  yc_server_db_bind_text (stmt, 27, session->workstation_code);
  yc_server_db_bind_text (stmt, 28, override);
  yc_server_db_bind_text (stmt, 29, now);
  if (!yc_server_db_step_done (self->db, stmt, &error))
    {
      /* The UNIQUE constraints on id and number say which. */
      if (g_error_matches (error, YC_SERVER_DB_ERROR, YC_SERVER_DB_ERROR_CONSTRAINT) &&
          record_exists (req, "SELECT 1 FROM cases WHERE id = ?", yc_case_get_id (kase), &exists))
        yc_request_problem (req, 409, "conflict", exists ? "id" : "number");
      else if (!req->answered)
        yc_request_internal_error (req, error);
      return;
    }

  if (!insert_case_materials (self, sqlite3_last_insert_rowid (yc_server_db_get_handle (self->db)),
                              materials, 0, &error) ||
      !yc_request_add_event (req, "case.created", "case", yc_case_get_id (kase),
                             yc_service_item_get_department_id (item), &error))
    goto fail;

  /* Answer from what was just stored, without reading it back. */
  if (applicant->phone != NULL && *applicant->phone == '\0')
    g_clear_pointer (&applicant->phone, g_free);
  if (agent != NULL && agent->phone != NULL && *agent->phone == '\0')
    g_clear_pointer (&agent->phone, g_free);
  g_object_set (kase,
                "service-item-name", yc_service_item_get_name (item),
                "department-id", yc_service_item_get_department_id (item),
                "status", status,
                "accepted-on", accepted_on,
                "due-date", due,
                "completed-at", completed_at,
                "result", NULL,
                "holder-id", session->staff_id,
                "window-id", session->window_id,
                "workstation", session->workstation_code,
                "created-by", session->staff_id,
                "id-override-reason", override,
                "created-at", now,
                "updated-at", now,
                NULL);
  yc_request_reply (req, 201, yc_case_to_json (kase));
  return;

fail:
  if (g_error_matches (error, YC_SERVER_DB_ERROR, YC_SERVER_DB_ERROR_CONSTRAINT))
    yc_request_problem (req, 409, "conflict", NULL);
  else
    yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ GET /cases */

static gboolean
parse_cursor (const char *text,
              gint64     *out)
{
  guint64 value;

  if (text == NULL || text[0] != 'c')
    return FALSE;
  if (!g_ascii_string_to_unsigned (text + 1, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static char *
like_pattern (const char *q)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = q; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

void
yc_server_handle_cases_list (YcRequest *req)
{
  static const char * const statuses[] = { "incomplete", "accepted", "completed", "refused", NULL };
  YcServer *self = req->server;
  YcSession *session = req->session;
  const char *holder = yc_request_query (req, "holder");
  const char *status = yc_request_query (req, "status");
  const char *q = yc_request_query (req, "q");
  const char *after = yc_request_query (req, "after");
  const char *limit_text = yc_request_query (req, "limit");
  g_autoptr(GString) sql = g_string_new ("SELECT " CASE_COLUMNS " FROM cases WHERE 1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *next = NULL;
  const char *department = NULL;
  gboolean by_holder = FALSE;
  gint64 cursor = 0;
  guint64 limit = 50;
  guint count = 0;
  int index = 1;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (holder == NULL || strcmp (holder, "me") == 0)
    by_holder = TRUE;
  else if (strcmp (holder, "department") == 0)
    {
      if (!yc_request_has_role (req, YC_ROLE_CHIEF_REP | YC_ROLE_SUPERVISOR))
        {
          yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_scope");
          return;
        }
      /* The centre's own staff have no department: they see the centre. */
      department = yc_request_has_role (req, YC_ROLE_CHIEF_REP) ? session->department_id : NULL;
    }
  else if (strcmp (holder, "centre") == 0)
    {
      if (!yc_request_has_role (req, YC_ROLE_SUPERVISOR))
        {
          yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_scope");
          return;
        }
    }
  else
    {
      yc_request_problem_detail (req, 400, "invalid_value", "holder", "invalid_query");
      return;
    }

  if (status != NULL && !in_list (status, statuses))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "status", "invalid_query");
      return;
    }
  if (q != NULL && !g_utf8_validate (q, -1, NULL))
    {
      yc_request_problem (req, 400, "invalid_utf8", NULL);
      return;
    }
  if (after != NULL && !parse_cursor (after, &cursor))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "after", "invalid_query");
      return;
    }
  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 200, &limit, NULL))
    {
      yc_request_problem_detail (req, 400, "invalid_value", "limit", "invalid_query");
      return;
    }

  if (by_holder)
    g_string_append (sql, " AND holder_id = ?");
  if (department != NULL)
    g_string_append (sql, " AND department_id = ?");
  if (status != NULL)
    g_string_append (sql, " AND status = ?");
  if (q != NULL && *q != '\0')
    {
      pattern = like_pattern (q);
      g_string_append (sql, " AND (number LIKE ? ESCAPE '\\' OR applicant_name LIKE ? ESCAPE '\\')");
    }
  if (cursor > 0)
    g_string_append (sql, " AND seq < ?");
  g_string_append (sql, " ORDER BY seq DESC LIMIT ?");

  stmt = yc_server_db_prepare (self->db, sql->str, &error);
  if (stmt == NULL)
    goto fail;
  if (by_holder)
    yc_server_db_bind_text (stmt, index++, session->staff_id);
  if (department != NULL)
    yc_server_db_bind_text (stmt, index++, department);
  if (status != NULL)
    yc_server_db_bind_text (stmt, index++, status);
  if (pattern != NULL)
    {
      yc_server_db_bind_text (stmt, index++, pattern);
      yc_server_db_bind_text (stmt, index++, pattern);
    }
  if (cursor > 0)
    yc_server_db_bind_int (stmt, index++, cursor);
  yc_server_db_bind_int (stmt, index++, limit + 1);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  while (TRUE)
    {
      g_autoptr(YcCase) kase = NULL;
      gint64 rowid;

      if (!yc_server_db_step (self->db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      if (count == limit)
        break;
      rowid = sqlite3_column_int64 (stmt, sqlite3_column_count (stmt) - 1);
      kase = case_from_row (self, stmt, &error);
      if (kase == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      json_builder_add_value (builder, yc_server_case_to_json (kase, FALSE));
      g_free (next);
      next = g_strdup_printf ("c%" G_GINT64_FORMAT, rowid);
      count++;
    }
  if (!has_row)
    g_clear_pointer (&next, g_free);
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_after");
  if (next != NULL)
    json_builder_add_string_value (builder, next);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  yc_request_reply (req, 200, json_builder_get_root (builder));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ GET /cases/{id} */

void
yc_server_handle_case_get (YcRequest *req)
{
  g_autoptr(YcCase) kase = load_case_for_request (req, yc_request_param (req, 0), NULL);
  gboolean full_ids;

  if (kase == NULL)
    return;
  if (yc_server_case_access (req, kase, &full_ids) == YC_CASE_ACCESS_NONE)
    {
      yc_request_problem_detail (req, 403, "forbidden", NULL, "forbidden_case");
      return;
    }
  yc_request_reply (req, 200, yc_server_case_to_json (kase, full_ids));
}

/* Load the case of the path for a change by the caller; answers the refusal itself. */
static YcCase *
load_case_to_act (YcRequest *req)
{
  g_autoptr(YcCase) kase = load_case_for_request (req, yc_request_param (req, 0), NULL);
  gboolean full_ids;

  if (kase == NULL)
    return NULL;
  if (yc_server_case_access (req, kase, &full_ids) != YC_CASE_ACCESS_ACT)
    {
      yc_server_refuse_case (req, kase);
      return NULL;
    }
  return g_steal_pointer (&kase);
}

/* ------------------------------------------------------------------ POST /cases/{id}/materials */

void
yc_server_handle_case_materials (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(YcCase) update = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autofree char *now = NULL;
  g_autofree char *today = NULL;
  g_autofree char *due = NULL;
  YcServiceItem *item;
  GPtrArray *materials;
  GPtrArray *current;
  const char *status;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 seq;

  update = yc_case_new_from_json (req->body, &error);
  if (update == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }
  if (!require_member (req, req->body, NULL, "materials"))
    return;
  materials = yc_case_get_materials (update);
  if (materials->len == 0)
    {
      yc_request_problem (req, 400, "invalid_value", "materials");
      return;
    }

  kase = load_case_to_act (req);
  if (kase == NULL)
    return;
  status = yc_case_get_status (kase);
  if (strcmp (status, "completed") == 0 || strcmp (status, "refused") == 0)
    {
      yc_request_problem_detail (req, 409, "conflict", "status", "case_state");
      return;
    }
  item = yc_server_get_item (self, yc_case_get_service_item (kase));
  if (item == NULL)
    {
      yc_request_problem (req, 422, "unknown_service_item", NULL);
      return;
    }
  if (!check_materials (req, item, materials, "materials"))
    return;

  current = yc_case_get_materials (kase);
  stmt = yc_server_db_prepare (self->db, "SELECT seq FROM cases WHERE id = ?", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_case_get_id (kase));
  if (!yc_server_db_step (self->db, stmt, &has_row, &error))
    goto fail;
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (!insert_case_materials (self, seq, materials, current->len, &error))
    goto fail;

  /* The states after the update decide whether the case is now accepted. */
  states = states_of (current);
  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (materials, i);

      g_hash_table_insert (states, material->material_id, material->state);
    }

  now = yc_server_now_iso ();
  if (strcmp (status, "incomplete") == 0 && mandatory_all_received (item, states))
    {
      g_autoptr(GDateTime) local = yc_server_now ();
      GDate date;
      int y, m, d;

      g_date_time_get_ymd (local, &y, &m, &d);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d, m, y);
      today = yc_date_format_iso (&date);
      due = due_date (req, &date, yc_service_item_get_promised_days (item));
      if (due == NULL)
        return;
      status = "accepted";
    }

  stmt = yc_server_db_prepare (self->db,
                               "UPDATE cases SET status = ?2,"
                               " accepted_on = COALESCE(?3, accepted_on),"
                               " due_date = COALESCE(?4, due_date), updated_at = ?5 WHERE id = ?1",
                               &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_case_get_id (kase));
  yc_server_db_bind_text (stmt, 2, status);
  yc_server_db_bind_text (stmt, 3, today);
  yc_server_db_bind_text (stmt, 4, due);
  yc_server_db_bind_text (stmt, 5, now);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !yc_request_add_event (req, "case.materials", "case", yc_case_get_id (kase),
                             yc_case_get_department_id (kase), &error))
    goto fail;

  reply_case (req, 200, yc_case_get_id (kase));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ POST /cases/{id}/completion */

void
yc_server_handle_case_completion (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autofree char *now = NULL;
  const char *result, *completed_at;
  sqlite3_stmt *stmt;

  if (!yc_request_body_string (req, req->body, NULL, "result", TRUE, &result) ||
      !yc_request_body_string (req, req->body, NULL, "completed_at", TRUE, &completed_at))
    return;
  if (!yc_server_parse_time (completed_at, NULL))
    {
      yc_request_problem (req, 400, "invalid_value", "completed_at");
      return;
    }

  kase = load_case_to_act (req);
  if (kase == NULL)
    return;
  if (strcmp (yc_case_get_status (kase), "accepted") != 0)
    {
      yc_request_problem_detail (req, 409, "conflict", "status", "case_state");
      return;
    }

  now = yc_server_now_iso ();
  stmt = yc_server_db_prepare (self->db,
                               "UPDATE cases SET status = 'completed', completed_at = ?2,"
                               " result = ?3, updated_at = ?4 WHERE id = ?1", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_case_get_id (kase));
  yc_server_db_bind_text (stmt, 2, completed_at);
  yc_server_db_bind_text (stmt, 3, result);
  yc_server_db_bind_text (stmt, 4, now);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !yc_request_add_event (req, "case.completed", "case", yc_case_get_id (kase),
                             yc_case_get_department_id (kase), &error))
    goto fail;

  reply_case (req, 200, yc_case_get_id (kase));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ POST /cases/{id}/evaluation */

void
yc_server_handle_case_evaluation (YcRequest *req)
{
  YcServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *now = NULL;
  const char *comment, *at;
  gboolean present, exists, full_ids;
  gint64 rating;
  sqlite3_stmt *stmt;

  if (!yc_request_body_int (req, req->body, NULL, "rating", TRUE, &present, &rating) ||
      !yc_request_body_string (req, req->body, NULL, "comment", FALSE, &comment) ||
      !yc_request_body_string (req, req->body, NULL, "at", FALSE, &at))
    return;
  if (rating < 1 || rating > 5)
    {
      yc_request_problem (req, 400, "invalid_value", "rating");
      return;
    }
  if (at != NULL && !yc_server_parse_time (at, NULL))
    {
      yc_request_problem (req, 400, "invalid_value", "at");
      return;
    }

  kase = load_case_for_request (req, yc_request_param (req, 0), NULL);
  if (kase == NULL)
    return;
  /* The holder records it, or the clerk who took the case in and served the applicant. */
  if (yc_server_case_access (req, kase, &full_ids) != YC_CASE_ACCESS_ACT &&
      g_strcmp0 (yc_case_get_created_by (kase), req->session->staff_id) != 0)
    {
      yc_server_refuse_case (req, kase);
      return;
    }

  if (!record_exists (req, "SELECT 1 FROM evaluations WHERE case_id = ?", yc_case_get_id (kase),
                      &exists))
    return;
  if (exists)
    {
      yc_request_problem (req, 409, "already_evaluated", NULL);
      return;
    }

  now = yc_server_now_iso ();
  if (at == NULL)
    at = now;
  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO evaluations (case_id, rating, comment, at, staff_id,"
                               " recorded_by) VALUES (?, ?, ?, ?, ?, ?)", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_case_get_id (kase));
  yc_server_db_bind_int (stmt, 2, rating);
  yc_server_db_bind_text (stmt, 3, comment);
  yc_server_db_bind_text (stmt, 4, at);
  yc_server_db_bind_text (stmt, 5, yc_case_get_holder_id (kase));
  yc_server_db_bind_text (stmt, 6, req->session->staff_id);
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !yc_request_add_event (req, "evaluation.created", "evaluation", yc_case_get_id (kase),
                             yc_case_get_department_id (kase), &error))
    goto fail;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case_id");
  json_builder_add_string_value (builder, yc_case_get_id (kase));
  json_builder_set_member_name (builder, "rating");
  json_builder_add_int_value (builder, rating);
  json_builder_set_member_name (builder, "comment");
  if (comment != NULL)
    json_builder_add_string_value (builder, comment);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "staff_id");
  json_builder_add_string_value (builder, yc_case_get_holder_id (kase));
  json_builder_end_object (builder);
  yc_request_reply (req, 201, json_builder_get_root (builder));
  return;

fail:
  yc_request_internal_error (req, error);
}

/* ------------------------------------------------------------------ POST /inquiries */

void
yc_server_handle_inquiries_create (YcRequest *req)
{
  static const char * const outcomes[] = { "answered", "guided", "case", NULL };
  YcServer *self = req->server;
  YcSession *session = req->session;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcInquiry) inquiry = NULL;
  g_autoptr(YcInquiry) stored = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *now = NULL;
  g_autofree char *window = NULL;
  const char *asked_at;
  gboolean exists, has_row;
  sqlite3_stmt *stmt;

  inquiry = yc_inquiry_new_from_json (req->body, &error);
  if (inquiry == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }
  if (!require_member (req, req->body, NULL, "id") ||
      !require_member (req, req->body, NULL, "question") ||
      !require_member (req, req->body, NULL, "outcome"))
    return;
  if (!yc_server_is_uuid (yc_inquiry_get_id (inquiry)))
    {
      yc_request_problem (req, 400, "invalid_value", "id");
      return;
    }
  if (!in_list (yc_inquiry_get_outcome (inquiry), outcomes))
    {
      yc_request_problem (req, 400, "invalid_value", "outcome");
      return;
    }
  if (yc_inquiry_get_case_id (inquiry) != NULL &&
      !yc_server_is_uuid (yc_inquiry_get_case_id (inquiry)))
    {
      yc_request_problem (req, 400, "invalid_value", "case_id");
      return;
    }
  if (nonempty (yc_inquiry_get_visitor_phone (inquiry)) &&
      !yc_validate_mobile (yc_inquiry_get_visitor_phone (inquiry), NULL))
    {
      yc_request_problem (req, 422, "invalid_value", "visitor_phone");
      return;
    }
  asked_at = yc_inquiry_get_asked_at (inquiry);
  if (asked_at != NULL && !yc_server_parse_time (asked_at, NULL))
    {
      yc_request_problem (req, 400, "invalid_value", "asked_at");
      return;
    }

  if (strcmp (yc_inquiry_get_outcome (inquiry), "guided") == 0)
    {
      const char *target = yc_inquiry_get_guided_to_window (inquiry);

      if (!nonempty (target))
        {
          yc_request_problem (req, 400, "missing_field", "guided_to_window");
          return;
        }
      /* A window id, or its code as the clerk sees it over the counter. */
      stmt = yc_server_db_prepare (self->db,
                                   "SELECT id FROM windows WHERE id = ?1 OR code = ?1", &error);
      if (stmt == NULL)
        goto fail;
      yc_server_db_bind_text (stmt, 1, target);
      if (!yc_server_db_step (self->db, stmt, &has_row, &error))
        goto fail;
      if (has_row)
        window = g_strdup (yc_server_db_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (window == NULL)
        {
          yc_request_problem (req, 422, "invalid_value", "guided_to_window");
          return;
        }
    }

  if (!record_exists (req, "SELECT 1 FROM inquiries WHERE id = ?", yc_inquiry_get_id (inquiry),
                      &exists))
    return;
  if (exists)
    {
      yc_request_problem (req, 409, "conflict", "id");
      return;
    }

  now = yc_server_now_iso ();
  stmt = yc_server_db_prepare (self->db,
                               "INSERT INTO inquiries (id, visitor_name, question, outcome,"
                               " guided_to_window, case_id, asked_at, staff_id, window_id,"
                               " workstation, created_at, visitor_phone)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_inquiry_get_id (inquiry));
  yc_server_db_bind_text (stmt, 2, yc_inquiry_get_visitor_name (inquiry));
  yc_server_db_bind_text (stmt, 3, yc_inquiry_get_question (inquiry));
  yc_server_db_bind_text (stmt, 4, yc_inquiry_get_outcome (inquiry));
  yc_server_db_bind_text (stmt, 5, window);
  yc_server_db_bind_text (stmt, 6, yc_inquiry_get_case_id (inquiry));
  yc_server_db_bind_text (stmt, 7, asked_at != NULL ? asked_at : now);
  yc_server_db_bind_text (stmt, 8, session->staff_id);
  yc_server_db_bind_text (stmt, 9, session->window_id);
  yc_server_db_bind_text (stmt, 10, session->workstation_code);
  yc_server_db_bind_text (stmt, 11, now);
  yc_server_db_bind_text (stmt, 12, yc_inquiry_get_visitor_phone (inquiry));
  if (!yc_server_db_step_done (self->db, stmt, &error) ||
      !yc_request_add_event (req, "inquiry.created", "inquiry", yc_inquiry_get_id (inquiry),
                             session->department_id, &error))
    goto fail;

  stmt = yc_server_db_prepare (self->db,
                               "SELECT id, visitor_name, visitor_phone, question, outcome,"
                               " guided_to_window, case_id, asked_at, staff_id, window_id,"
                               " workstation, created_at FROM inquiries WHERE id = ?", &error);
  if (stmt == NULL)
    goto fail;
  yc_server_db_bind_text (stmt, 1, yc_inquiry_get_id (inquiry));
  if (!yc_server_db_step (self->db, stmt, &has_row, &error))
    goto fail;
  object = yc_server_db_row_to_object (stmt);
  sqlite3_reset (stmt);
  stored = yc_inquiry_new_from_json (object, &error);
  if (stored == NULL)
    goto fail;
  yc_request_reply (req, 201, yc_inquiry_to_json (stored));
  return;

fail:
  yc_request_internal_error (req, error);
}
