/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"
#include "yc-validate.h"

/* First-inquiry registrations (D2): the visitor's question and where it was sent. */

static gboolean
register_inquiry_job (YcStoreWrite  *write,
                      gpointer       user_data,
                      GError       **error)
{
  static const char * const outcomes[] = { "answered", "guided", "case", NULL };
  YcStoreJobData *data = user_data;
  JsonObject *draft = data->draft;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) inquiry = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autoptr(GDateTime) asked = NULL;
  g_autofree char *id = NULL;
  g_autofree char *asked_at = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  const char *outcome = _yc_store_obj_str (draft, "outcome");
  const char *window = _yc_store_obj_str (draft, "guided_to_window");
  const char *case_id = _yc_store_obj_str (draft, "case_id");
  gboolean exists;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  if (_yc_store_str_is_empty (_yc_store_obj_str (draft, "question")))
    {
      _yc_store_set_invalid (error, _("Please write down what the visitor asked."));
      return FALSE;
    }
  if (!_yc_store_str_is_empty (_yc_store_obj_str (draft, "visitor_phone")) &&
      !yc_validate_mobile (_yc_store_obj_str (draft, "visitor_phone"), NULL))
    {
      _yc_store_set_invalid (error, _("The visitor’s phone number is not a mainland mobile number (11 digits starting with 1)."));
      return FALSE;
    }
  if (!_yc_store_str_in (outcome, outcomes))
    {
      _yc_store_set_invalid (error, _("Choose the outcome of the inquiry."));
      return FALSE;
    }
  if (g_str_equal (outcome, "guided") && _yc_store_str_is_empty (window))
    {
      _yc_store_set_invalid (error, _("Choose the window the visitor was guided to."));
      return FALSE;
    }
  if (g_str_equal (outcome, "case") && _yc_store_str_is_empty (case_id))
    {
      _yc_store_set_invalid (error, _("Choose the case that was taken in for this visitor."));
      return FALSE;
    }
  if (!g_str_equal (outcome, "guided"))
    window = NULL;
  if (!g_str_equal (outcome, "case"))
    case_id = NULL;

  if (!_yc_store_str_is_empty (_yc_store_obj_str (draft, "asked_at")))
    asked = _yc_store_parse_rfc3339_local (_yc_store_obj_str (draft, "asked_at"));
  else
    asked = g_date_time_new_now_local ();
  if (asked == NULL)
    {
      _yc_store_set_invalid (error, _("The time of the inquiry is not valid."));
      return FALSE;
    }
  asked_at = _yc_store_format_rfc3339 (asked);

  id = _yc_store_draft_id_or_new (draft);
  if (!_yc_store_w_record_exists (write, "inquiry", id, &exists, error))
    return FALSE;
  if (exists)
    {
      _yc_store_set_already_saved (error);
      return FALSE;
    }

  inquiry = json_object_new ();
  json_object_set_string_member (inquiry, "id", id);
  _yc_store_obj_set_str (inquiry, "visitor_name", _yc_store_obj_str (draft, "visitor_name"));
  _yc_store_obj_set_str (inquiry, "visitor_phone", _yc_store_obj_str (draft, "visitor_phone"));
  json_object_set_string_member (inquiry, "question", _yc_store_obj_str (draft, "question"));
  json_object_set_string_member (inquiry, "outcome", outcome);
  _yc_store_obj_set_str (inquiry, "guided_to_window", window);
  _yc_store_obj_set_str (inquiry, "case_id", case_id);
  json_object_set_string_member (inquiry, "asked_at", asked_at);
  json_object_set_string_member (inquiry, "staff_id", session.staff_id);
  _yc_store_obj_set_str (inquiry, "window_id", session.window_id);
  json_object_set_string_member (inquiry, "workstation", session.workstation);
  json_object_set_string_member (inquiry, "created_at", now);

  body = json_object_new ();
  json_object_set_string_member (body, "id", id);
  _yc_store_obj_set_str (body, "visitor_name", _yc_store_obj_str (draft, "visitor_name"));
  if (_yc_store_obj_str (draft, "visitor_phone") != NULL)
    _yc_store_obj_set_str (body, "visitor_phone", _yc_store_obj_str (draft, "visitor_phone"));
  json_object_set_string_member (body, "question", _yc_store_obj_str (draft, "question"));
  json_object_set_string_member (body, "outcome", outcome);
  _yc_store_obj_set_str (body, "guided_to_window", window);
  _yc_store_obj_set_str (body, "case_id", case_id);
  json_object_set_string_member (body, "asked_at", asked_at);

  _yc_store_snapshot_add (snapshot, "inquiry", id, NULL);
  {
    const char *deps[] = { case_id, NULL };
    g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
    g_autoptr(YcInquiry) result = NULL;

    if (!_yc_store_w_put_record (write, "inquiry", inquiry, "pending", error) ||
        !_yc_store_w_enqueue (write, &session, "inquiry", id, "/inquiries", body_node,
                              case_id != NULL ? deps : NULL, snapshot, error) ||
        !_yc_store_w_audit (write, &session, "inquiry.created", "inquiry", id, NULL, error))
      return FALSE;
    result = yc_inquiry_new_from_json (inquiry, error);
    if (result == NULL)
      return FALSE;
    _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  }
  return TRUE;
}

YcInquiry *
yc_store_get_inquiry (YcStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  object = _yc_store_read_json (self, "SELECT json FROM inquiries WHERE id = ?1", id, error);
  return object != NULL ? yc_inquiry_new_from_json (object, error) : NULL;
}

void
yc_store_register_inquiry_async (YcStore            *self,
                                 YcInquiry          *draft,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_INQUIRY (draft));

  _yc_store_write_async (self, self, yc_store_register_inquiry_async, register_inquiry_job,
                         _yc_store_job_data_new_draft (yc_inquiry_to_json (draft)),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_register_inquiry, YcInquiry)

YcInquiry *
yc_store_register_inquiry_sync (YcStore    *self,
                                YcInquiry  *draft,
                                GError    **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (YC_IS_INQUIRY (draft), NULL);

  return _yc_store_write_sync (self, register_inquiry_job,
                               _yc_store_job_data_new_draft (yc_inquiry_to_json (draft)),
                               _yc_store_job_data_free, error);
}
