/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/* Handoffs (D12, D15): requesting one, the chief representative's decision and the
 * receiver's signing for it; the cases stay with the old holder until both are done. A
 * parallel one (并联审批) is then answered by the receiving department. */

static gboolean
request_handoff_job (YcStoreWrite  *write,
                     gpointer       user_data,
                     GError       **error)
{
  static const char * const kinds[] = { "ab_cover", "transfer", "guide", "parallel",
                                        "shift_end", NULL };
  YcStoreJobData *data = user_data;
  JsonObject *draft = data->draft;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) handoff = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = NULL;
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *id = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  const char *kind = _yc_store_obj_str (draft, "kind");
  const char *to_staff = _yc_store_obj_str (draft, "to_staff_id");
  const char *to_department = _yc_store_obj_str (draft, "to_department_id");
  JsonArray *draft_cases = _yc_store_obj_arr (draft, "case_ids");
  JsonArray *ids;
  gboolean exists;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  if (!_yc_store_str_in (kind, kinds))
    {
      _yc_store_set_invalid (error, _("Choose the kind of handoff."));
      return FALSE;
    }
  if (_yc_store_str_is_empty (to_staff))
    to_staff = NULL;
  if (_yc_store_str_is_empty (to_department))
    to_department = NULL;
  if ((to_staff == NULL && to_department == NULL) ||
      ((g_str_equal (kind, "ab_cover") || g_str_equal (kind, "shift_end")) && to_staff == NULL) ||
      (g_str_equal (kind, "parallel") && to_department == NULL))
    {
      _yc_store_set_invalid (error, _("Choose who receives the handoff."));
      return FALSE;
    }
  if (_yc_store_str_is_empty (_yc_store_obj_str (draft, "reason")))
    {
      _yc_store_set_invalid (error, _("Please give the reason for the handoff."));
      return FALSE;
    }

  for (guint i = 0; draft_cases != NULL && i < json_array_get_length (draft_cases); i++)
    {
      JsonNode *node = json_array_get_element (draft_cases, i);
      g_autoptr(JsonObject) case_record = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      case_record = _yc_store_w_require_json (write, "case", json_node_get_string (node), error);
      if (case_record == NULL)
        return FALSE;
      if (g_strcmp0 (_yc_store_obj_str (case_record, "holder_id"), session.staff_id) != 0)
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CASE_NOT_HELD,
                       _("You do not hold case %s, so you cannot hand it off."),
                       _yc_store_obj_str (case_record, "number")
                         ? _yc_store_obj_str (case_record, "number")
                         : "");
          return FALSE;
        }
      g_ptr_array_add (case_ids, g_strdup (json_node_get_string (node)));
    }
  g_ptr_array_add (case_ids, NULL);

  id = _yc_store_draft_id_or_new (draft);
  if (!_yc_store_w_record_exists (write, "handoff", id, &exists, error))
    return FALSE;
  if (exists)
    {
      _yc_store_set_already_saved (error);
      return FALSE;
    }

  ids = json_array_new ();
  for (guint i = 0; g_ptr_array_index (case_ids, i) != NULL; i++)
    json_array_add_string_element (ids, g_ptr_array_index (case_ids, i));

  handoff = json_object_new ();
  json_object_set_string_member (handoff, "id", id);
  json_object_set_string_member (handoff, "kind", kind);
  json_object_set_string_member (handoff, "from_staff_id", session.staff_id);
  _yc_store_obj_set_str (handoff, "from_department_id", session.department_id);
  _yc_store_obj_set_str (handoff, "to_staff_id", to_staff);
  _yc_store_obj_set_str (handoff, "to_department_id", to_department);
  json_object_set_array_member (handoff, "case_ids", ids);
  json_object_set_string_member (handoff, "reason", _yc_store_obj_str (draft, "reason"));
  json_object_set_string_member (handoff, "state", "pending");
  json_object_set_string_member (handoff, "requested_by", session.staff_id);
  json_object_set_string_member (handoff, "requested_at", now);
  json_object_set_null_member (handoff, "decided_by");
  json_object_set_null_member (handoff, "decided_at");
  json_object_set_null_member (handoff, "decision_comment");
  json_object_set_null_member (handoff, "received_by");
  json_object_set_null_member (handoff, "received_at");
  json_object_set_null_member (handoff, "answer");
  json_object_set_null_member (handoff, "answered_by");
  json_object_set_null_member (handoff, "answered_at");
  json_object_set_null_member (handoff, "answer_comment");

  body = json_object_new ();
  json_object_set_string_member (body, "id", id);
  json_object_set_string_member (body, "kind", kind);
  _yc_store_obj_set_str (body, "to_staff_id", to_staff);
  _yc_store_obj_set_str (body, "to_department_id", to_department);
  json_object_set_array_member (body, "case_ids", json_array_ref (ids));
  json_object_set_string_member (body, "reason", _yc_store_obj_str (draft, "reason"));

  snapshot = json_array_new ();
  _yc_store_snapshot_add (snapshot, "handoff", id, NULL);
  {
    g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
    g_autoptr(YcHandoff) result = NULL;

    if (!_yc_store_w_put_record (write, "handoff", handoff, "pending", error) ||
        !_yc_store_w_enqueue (write, &session, "handoff", id, "/handoffs", body_node,
                              (const char * const *) case_ids->pdata, snapshot, error) ||
        !_yc_store_w_audit (write, &session, "handoff.requested", "handoff", id, NULL, error))
      return FALSE;
    result = yc_handoff_new_from_json (handoff, error);
    if (result == NULL)
      return FALSE;
    _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  }
  return TRUE;
}

/* Give every listed case that is stored here to @holder, remembering it in @snapshot. */
static gboolean
w_move_cases (YcStoreWrite  *write,
              JsonObject    *handoff,
              const char    *holder,
              JsonArray     *snapshot,
              GError       **error)
{
  JsonArray *ids = _yc_store_obj_arr (handoff, "case_ids");
  g_autofree char *now = _yc_store_now_rfc3339 ();

  if (holder == NULL)
    return TRUE;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);
      g_autoptr(JsonObject) previous = NULL;
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *case_id;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      case_id = json_node_get_string (node);
      previous = _yc_store_w_get_json (write, "case", case_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (previous == NULL)
        continue;
      record = _yc_store_object_copy (previous);
      json_object_set_string_member (record, "holder_id", holder);
      json_object_set_string_member (record, "updated_at", now);
      _yc_store_snapshot_add (snapshot, "case", case_id, previous);
      if (!_yc_store_w_put_record (write, "case", record, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static char *
w_department_chief (YcStoreWrite *write,
                    const char   *department_id)
{
  sqlite3_stmt *stmt = _yc_store_write_prepare (write,
                                                "SELECT chief_rep_staff_id FROM departments "
                                                "WHERE id = ?1",
                                                NULL);
  char *chief = NULL;

  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, department_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    chief = g_strdup (_yc_stmt_text (stmt, 0));
  _yc_stmt_release (stmt);
  return chief;
}

static gboolean
finish_handoff_change (YcStoreWrite    *write,
                       YcStoreSession  *session,
                       JsonObject      *handoff,
                       JsonArray       *snapshot,
                       const char      *path,
                       JsonObject      *body,
                       const char      *event,
                       GError         **error)
{
  const char *id = _yc_store_obj_str (handoff, "id");
  g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(YcHandoff) result = NULL;

  if (!_yc_store_w_put_record (write, "handoff", handoff, "pending", error) ||
      !_yc_store_w_enqueue (write, session, "handoff", id, path, body_node, NULL, snapshot,
                            error) ||
      !_yc_store_w_audit (write, session, event, "handoff", id, NULL, error))
    return FALSE;
  result = yc_handoff_new_from_json (handoff, error);
  if (result == NULL)
    return FALSE;
  _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  return TRUE;
}

static gboolean
decide_handoff_job (YcStoreWrite  *write,
                    gpointer       user_data,
                    GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) handoff = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;
  g_autofree char *chief = NULL;
  const char *holder;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  previous = _yc_store_w_require_json (write, "handoff", data->id, error);
  if (previous == NULL)
    return FALSE;
  if (g_strcmp0 (_yc_store_obj_str (previous, "state"), "pending") != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_DECIDED,
                           _("This handoff has already been decided."));
      return FALSE;
    }
  if (g_strcmp0 (_yc_store_obj_str (previous, "requested_by"), session.staff_id) == 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN,
                           _("You cannot decide a handoff you requested yourself."));
      return FALSE;
    }
  if (!_yc_store_session_has_role (&session, "chief_rep") ||
      g_strcmp0 (_yc_store_obj_str (previous, "from_department_id"), session.department_id) != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN,
                           _("Only the chief representative of the department that gives the "
                             "work away can decide this handoff."));
      return FALSE;
    }

  handoff = _yc_store_object_copy (previous);
  json_object_set_string_member (handoff, "state", data->flag ? "approved" : "rejected");
  json_object_set_string_member (handoff, "decided_by", session.staff_id);
  json_object_set_string_member (handoff, "decided_at", now);
  _yc_store_obj_set_str (handoff, "decision_comment", data->text);
  _yc_store_snapshot_add (snapshot, "handoff", data->id, previous);

  /* A parallel approval leaves the case with the holder who leads it (as the server does). */
  if (data->flag && g_strcmp0 (_yc_store_obj_str (handoff, "kind"), "parallel") != 0)
    {
      holder = _yc_store_obj_str (handoff, "to_staff_id");
      if (holder == NULL && _yc_store_obj_str (handoff, "to_department_id") != NULL)
        holder = chief = w_department_chief (write,
                                             _yc_store_obj_str (handoff, "to_department_id"));
      if (!w_move_cases (write, handoff, holder, snapshot, error))
        return FALSE;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "decision", data->flag ? "approve" : "reject");
  _yc_store_obj_set_str (body, "comment", data->text);

  path = g_strdup_printf ("/handoffs/%s/decision", data->id);
  return finish_handoff_change (write, &session, handoff, snapshot, path, body,
                                data->flag ? "handoff.approved" : "handoff.rejected", error);
}

static gboolean
sign_for_handoff_job (YcStoreWrite  *write,
                      gpointer       user_data,
                      GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) handoff = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;
  const char *state;
  const char *to_staff;
  const char *to_department;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  previous = _yc_store_w_require_json (write, "handoff", data->id, error);
  if (previous == NULL)
    return FALSE;
  state = _yc_store_obj_str (previous, "state");
  if (g_strcmp0 (state, "received") == 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_RECEIVED,
                           _("This handoff has already been signed for."));
      return FALSE;
    }
  if (g_strcmp0 (state, "approved") != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_APPROVED,
                           _("This handoff has not been approved, so it cannot be signed for."));
      return FALSE;
    }
  to_staff = _yc_store_obj_str (previous, "to_staff_id");
  to_department = _yc_store_obj_str (previous, "to_department_id");
  if (!(to_staff != NULL && g_str_equal (to_staff, session.staff_id)) &&
      !(to_staff == NULL && to_department != NULL &&
        g_strcmp0 (to_department, session.department_id) == 0))
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN,
                           _("This handoff is not addressed to you."));
      return FALSE;
    }

  handoff = _yc_store_object_copy (previous);
  json_object_set_string_member (handoff, "state", "received");
  json_object_set_string_member (handoff, "received_by", session.staff_id);
  json_object_set_string_member (handoff, "received_at", now);
  _yc_store_snapshot_add (snapshot, "handoff", data->id, previous);
  if (g_strcmp0 (_yc_store_obj_str (handoff, "kind"), "parallel") != 0 &&
      !w_move_cases (write, handoff, session.staff_id, snapshot, error))
    return FALSE;

  body = json_object_new ();
  path = g_strdup_printf ("/handoffs/%s/receipt", data->id);
  return finish_handoff_change (write, &session, handoff, snapshot, path, body,
                                "handoff.received", error);
}

static gboolean
answer_handoff_job (YcStoreWrite  *write,
                    gpointer       user_data,
                    GError       **error)
{
  static const char * const answers[] = { "agree", "disagree", "agree_forward", NULL };
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) handoff = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;
  g_autofree char *comment = NULL;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  if (!_yc_store_str_in (data->text, answers))
    {
      _yc_store_set_invalid (error, _("Choose an answer: agree, disagree, or agree but forward "
                                      "it for approval."));
      return FALSE;
    }
  previous = _yc_store_w_require_json (write, "handoff", data->id, error);
  if (previous == NULL)
    return FALSE;
  if (g_strcmp0 (_yc_store_obj_str (previous, "kind"), "parallel") != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_PARALLEL,
                           _("Only a parallel approval handoff is answered."));
      return FALSE;
    }
  if (session.department_id == NULL ||
      g_strcmp0 (_yc_store_obj_str (previous, "to_department_id"), session.department_id) != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN,
                           _("Only the receiving department can answer this parallel "
                             "approval."));
      return FALSE;
    }
  if (_yc_store_obj_str (previous, "answer") != NULL)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_ANSWERED,
                           _("Your department has already answered this parallel approval."));
      return FALSE;
    }
  if (g_strcmp0 (_yc_store_obj_str (previous, "state"), "received") != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_RECEIVED,
                           _("Sign for this parallel approval before you answer it."));
      return FALSE;
    }
  if (data->text2 != NULL)
    {
      comment = g_strstrip (g_strdup (data->text2));
      if (*comment == '\0')
        g_clear_pointer (&comment, g_free);
    }
  if (g_str_equal (data->text, "disagree") && comment == NULL)
    {
      _yc_store_set_invalid (error, _("Please give the reason why your department does not "
                                      "agree."));
      return FALSE;
    }

  handoff = _yc_store_object_copy (previous);
  json_object_set_string_member (handoff, "answer", data->text);
  json_object_set_string_member (handoff, "answered_by", session.staff_id);
  json_object_set_string_member (handoff, "answered_at", now);
  _yc_store_obj_set_str (handoff, "answer_comment", comment);
  _yc_store_snapshot_add (snapshot, "handoff", data->id, previous);

  body = json_object_new ();
  json_object_set_string_member (body, "answer", data->text);
  _yc_store_obj_set_str (body, "comment", comment);

  path = g_strdup_printf ("/handoffs/%s/answer", data->id);
  return finish_handoff_change (write, &session, handoff, snapshot, path, body,
                                "handoff.answered", error);
}

YcHandoff *
yc_store_get_handoff (YcStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  object = _yc_store_read_json (self, "SELECT json FROM handoffs WHERE id = ?1", id, error);
  return object != NULL ? yc_handoff_new_from_json (object, error) : NULL;
}

GPtrArray *
yc_store_list_handoffs (YcStore     *self,
                        const char  *state,
                        GError     **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (state != NULL)
    objects = _yc_store_read_json_list (self,
                                        "SELECT json FROM handoffs WHERE state = ?1 "
                                        "ORDER BY requested_at DESC, rowid DESC",
                                        state, error);
  else
    objects = _yc_store_read_json_list (self,
                                        "SELECT json FROM handoffs "
                                        "ORDER BY requested_at DESC, rowid DESC",
                                        NULL, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_handoff_new_from_json);
}

GPtrArray *
yc_store_list_handoffs_for_case (YcStore     *self,
                                 const char  *case_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  objects = _yc_store_read_json_list (self,
                                      "SELECT json FROM handoffs WHERE EXISTS "
                                      "(SELECT 1 FROM json_each (handoffs.json, '$.case_ids') "
                                      " WHERE value = ?1) "
                                      "ORDER BY requested_at, rowid",
                                      case_id, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_handoff_new_from_json);
}

void
yc_store_request_handoff_async (YcStore            *self,
                                YcHandoff          *draft,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_HANDOFF (draft));

  _yc_store_write_async (self, self, yc_store_request_handoff_async, request_handoff_job,
                         _yc_store_job_data_new_draft (yc_handoff_to_json (draft)),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_request_handoff, YcHandoff)

YcHandoff *
yc_store_request_handoff_sync (YcStore    *self,
                               YcHandoff  *draft,
                               GError    **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (YC_IS_HANDOFF (draft), NULL);

  return _yc_store_write_sync (self, request_handoff_job,
                               _yc_store_job_data_new_draft (yc_handoff_to_json (draft)),
                               _yc_store_job_data_free, error);
}

static YcStoreJobData *
decision_data (const char *handoff_id,
               gboolean    approve,
               const char *comment)
{
  YcStoreJobData *data = _yc_store_texts_data (handoff_id, comment, NULL);

  data->flag = approve;
  return data;
}

void
yc_store_decide_handoff_async (YcStore            *self,
                               const char         *handoff_id,
                               gboolean            approve,
                               const char         *comment,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (handoff_id != NULL);

  _yc_store_write_async (self, self, yc_store_decide_handoff_async, decide_handoff_job,
                         decision_data (handoff_id, approve, comment), _yc_store_job_data_free,
                         cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_decide_handoff, YcHandoff)

YcHandoff *
yc_store_decide_handoff_sync (YcStore     *self,
                              const char  *handoff_id,
                              gboolean     approve,
                              const char  *comment,
                              GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (handoff_id != NULL, NULL);

  return _yc_store_write_sync (self, decide_handoff_job,
                               decision_data (handoff_id, approve, comment),
                               _yc_store_job_data_free, error);
}

void
yc_store_sign_for_handoff_async (YcStore            *self,
                                 const char         *handoff_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (handoff_id != NULL);

  _yc_store_write_async (self, self, yc_store_sign_for_handoff_async, sign_for_handoff_job,
                         _yc_store_texts_data (handoff_id, NULL, NULL), _yc_store_job_data_free,
                         cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_sign_for_handoff, YcHandoff)

YcHandoff *
yc_store_sign_for_handoff_sync (YcStore     *self,
                                const char  *handoff_id,
                                GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (handoff_id != NULL, NULL);

  return _yc_store_write_sync (self, sign_for_handoff_job,
                               _yc_store_texts_data (handoff_id, NULL, NULL),
                               _yc_store_job_data_free, error);
}

void
yc_store_answer_handoff_async (YcStore            *self,
                               const char         *handoff_id,
                               const char         *answer,
                               const char         *comment,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (handoff_id != NULL);

  _yc_store_write_async (self, self, yc_store_answer_handoff_async, answer_handoff_job,
                         _yc_store_texts_data (handoff_id, answer, comment),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_answer_handoff, YcHandoff)

YcHandoff *
yc_store_answer_handoff_sync (YcStore     *self,
                              const char  *handoff_id,
                              const char  *answer,
                              const char  *comment,
                              GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (handoff_id != NULL, NULL);

  return _yc_store_write_sync (self, answer_handoff_job,
                               _yc_store_texts_data (handoff_id, answer, comment),
                               _yc_store_job_data_free, error);
}
