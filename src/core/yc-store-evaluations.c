/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/* Evaluations (D11): the applicant's rating of a case, one per case. */

static gboolean
record_evaluation_job (YcStoreWrite  *write,
                       gpointer       user_data,
                       GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) case_record = NULL;
  g_autoptr(JsonObject) evaluation = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) snapshot = json_array_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *now = _yc_store_now_rfc3339 ();
  g_autofree char *path = NULL;
  const char *deps[] = { data->id, NULL };
  gboolean exists;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  if (data->number < 1 || data->number > 5)
    {
      _yc_store_set_invalid (error, _("The rating must be from 1 (very dissatisfied) to 5 (very "
                                      "satisfied)."));
      return FALSE;
    }
  case_record = _yc_store_w_require_json (write, "case", data->id, error);
  if (case_record == NULL)
    return FALSE;
  if (!_yc_store_w_record_exists (write, "evaluation", data->id, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_EVALUATED,
                           _("This case has already been rated; a case is rated only once."));
      return FALSE;
    }

  evaluation = json_object_new ();
  json_object_set_string_member (evaluation, "case_id", data->id);
  json_object_set_int_member (evaluation, "rating", data->number);
  _yc_store_obj_set_str (evaluation, "comment", data->text);
  json_object_set_string_member (evaluation, "at", now);
  _yc_store_obj_set_str (evaluation, "staff_id", _yc_store_obj_str (case_record, "holder_id"));

  body = json_object_new ();
  json_object_set_int_member (body, "rating", data->number);
  _yc_store_obj_set_str (body, "comment", data->text);
  json_object_set_string_member (body, "at", now);
  body_node = json_node_init_object (json_node_alloc (), body);

  _yc_store_snapshot_add (snapshot, "evaluation", data->id, NULL);
  path = g_strdup_printf ("/cases/%s/evaluation", data->id);
  return _yc_store_w_put_record (write, "evaluation", evaluation, "pending", error) &&
         _yc_store_w_enqueue (write, &session, "evaluation", data->id, path, body_node, deps,
                              snapshot, error) &&
         _yc_store_w_audit (write, &session, "evaluation.created", "case", data->id, NULL, error);
}

JsonObject *
yc_store_get_evaluation (YcStore     *self,
                         const char  *case_id,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  object = _yc_store_read_json (self, "SELECT json FROM evaluations WHERE id = ?1", case_id,
                                &local_error);
  if (object == NULL && !g_error_matches (local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return object;
}

static YcStoreJobData *
evaluation_data (const char *case_id,
                 int         rating,
                 const char *comment)
{
  YcStoreJobData *data = _yc_store_texts_data (case_id, comment, NULL);

  data->number = rating;
  return data;
}

void
yc_store_record_evaluation_async (YcStore            *self,
                                  const char         *case_id,
                                  int                 rating,
                                  const char         *comment,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (case_id != NULL);

  _yc_store_write_async (self, self, yc_store_record_evaluation_async, record_evaluation_job,
                         evaluation_data (case_id, rating, comment), _yc_store_job_data_free,
                         cancellable, callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_record_evaluation)

gboolean
yc_store_record_evaluation_sync (YcStore     *self,
                                 const char  *case_id,
                                 int          rating,
                                 const char  *comment,
                                 GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return _yc_store_write_sync (self, record_evaluation_job,
                               evaluation_data (case_id, rating, comment), _yc_store_job_data_free,
                               error) != NULL;
}
