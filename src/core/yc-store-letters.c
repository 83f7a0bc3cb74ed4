/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "yc-numbering.h"
#include "yc-store-private.h"

/* Letters: issuing one (numbered, laid out and fingerprinted in the same transaction), the
 * one-time rule of notices (D8), and the letters of a case. */

/* ------------------------------------------------------------------ change jobs */

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* Where letter @id's PDF is kept: letters/ID.pdf in the profile. */
static char *
pdf_path (YcStore    *store,
          const char *id)
{
  g_autofree char *name = g_strconcat (id, ".pdf", NULL);

  return g_build_filename (yc_store_get_directory (store), "letters", name, NULL);
}

/* Keep the PDF before the letter's row commits (written whole, synced, then renamed), so a
 * letter that is stored always has its PDF. */
static gboolean
w_keep_pdf (YcStoreWrite  *write,
            const char    *id,
            GBytes        *pdf,
            GError       **error)
{
  YcStore *store = _yc_store_write_get_store (write);
  g_autofree char *path = pdf_path (store, id);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *bytes = g_bytes_get_data (pdf, &size);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, bytes, size, G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_DURABLE, 0600, &local_error))
    {
      gboolean full = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
                      (local_error == NULL && errno == ENOSPC);

      g_set_error (error, YC_STORE_ERROR, full ? YC_STORE_ERROR_DISK_FULL : YC_STORE_ERROR_IO,
                   _("The letter’s PDF could not be kept in the profile: %s"),
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The one-time rule (D8): the first one-time notice of a case bounds every later one.
 * Returns the guide name of the first material a later notice may not ask for, or NULL. */
static char *
w_one_time_rule_violation (YcStoreWrite  *write,
                           const char    *case_id,
                           JsonArray     *items,
                           JsonObject    *item,
                           char         **out_material_id,
                           GError       **error)
{
  g_autoptr(JsonObject) first = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  JsonArray *allowed;

  stmt = _yc_store_write_prepare (write,
                                  "SELECT json FROM letters WHERE case_id = ?1 "
                                  "  AND kind = 'one_time_notice' AND reprint_of IS NULL "
                                  "ORDER BY issued_at, rowid LIMIT 1",
                                  error);
  if (stmt == NULL)
    return NULL;
  _yc_stmt_bind_text (stmt, 1, case_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (_yc_stmt_text (stmt, 0));
  _yc_stmt_release (stmt);
  if (text == NULL)
    return NULL;
  first = _yc_json_object_from_string (text, NULL);
  allowed = _yc_store_obj_arr (first, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *id = _yc_store_obj_str (json_array_get_object_element (items, i), "material_id");
      gboolean listed = FALSE;
      JsonObject *guide;

      for (guint j = 0; allowed != NULL && j < json_array_get_length (allowed); j++)
        {
          JsonNode *node = json_array_get_element (allowed, j);

          if (JSON_NODE_HOLDS_OBJECT (node) &&
              g_strcmp0 (_yc_store_obj_str (json_node_get_object (node), "material_id"), id) == 0)
            listed = TRUE;
        }
      if (listed)
        continue;

      guide = _yc_store_item_find_material (item, id);
      *out_material_id = g_strdup (id);
      return g_strdup (guide != NULL && _yc_store_obj_str (guide, "name")
                         ? _yc_store_obj_str (guide, "name")
                         : id);
    }
  return NULL;
}

static gboolean
issue_letter_job (YcStoreWrite  *write,
                  gpointer       user_data,
                  GError       **error)
{
  static const char * const kinds[] = { "one_time_notice", "acceptance", "refusal",
                                        "completion", NULL };
  YcStoreJobData *data = user_data;
  JsonObject *draft = data->draft;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(JsonObject) case_record = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) letter = NULL;
  g_autoptr(JsonObject) original = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonArray) snapshot = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *issued_at = NULL;
  g_autofree char *number = NULL;
  g_autofree char *sha = NULL;
  const char *case_id = _yc_store_obj_str (draft, "case_id");
  const char *kind = _yc_store_obj_str (draft, "kind");
  const char *reprint_of = _yc_store_obj_str (draft, "reprint_of");
  JsonArray *draft_items = _yc_store_obj_arr (draft, "items");
  gboolean exists;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  if (!_yc_store_str_in (kind, kinds))
    {
      _yc_store_set_invalid (error, _("Choose the kind of letter."));
      return FALSE;
    }
  case_record = _yc_store_w_require_json (write, "case", case_id, error);
  if (case_record == NULL)
    return FALSE;
  item = _yc_store_w_load_service_item (write, _yc_store_obj_str (case_record, "service_item"),
                                        error);
  if (item == NULL)
    return FALSE;

  for (guint i = 0; draft_items != NULL && i < json_array_get_length (draft_items); i++)
    {
      JsonNode *node = json_array_get_element (draft_items, i);
      JsonObject *in;
      JsonObject *out;
      const char *material_id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      in = json_node_get_object (node);
      material_id = _yc_store_obj_str (in, "material_id");
      if (_yc_store_item_find_material (item, material_id) == NULL)
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_UNKNOWN_MATERIAL,
                       _("The material “%s” is not listed in the guide of this service item."),
                       material_id != NULL ? material_id : "");
          return FALSE;
        }
      out = json_object_new ();
      json_object_set_string_member (out, "material_id", material_id);
      _yc_store_obj_set_str (out, "note", _yc_store_obj_str (in, "note"));
      json_array_add_object_element (items, out);
    }
  if (g_str_equal (kind, "one_time_notice") && json_array_get_length (items) == 0)
    {
      _yc_store_set_invalid (error, _("A one-time notice must list at least one missing or "
                                      "defective material."));
      return FALSE;
    }

  id = _yc_store_draft_id_or_new (draft);
  if (!_yc_store_w_record_exists (write, "letter", id, &exists, error))
    return FALSE;
  if (exists)
    {
      _yc_store_set_already_saved (error);
      return FALSE;
    }

  if (!_yc_store_str_is_empty (reprint_of))
    {
      original = _yc_store_w_require_json (write, "letter", reprint_of, error);
      if (original == NULL)
        return FALSE;
      if (g_strcmp0 (_yc_store_obj_str (original, "case_id"), case_id) != 0 ||
          g_strcmp0 (_yc_store_obj_str (original, "kind"), kind) != 0)
        {
          _yc_store_set_invalid (error,
                                 _("A reprint must be of a letter of the same kind and case."));
          return FALSE;
        }
    }
  else if (g_str_equal (kind, "one_time_notice"))
    {
      g_autofree char *material_id = NULL;
      g_autofree char *name = w_one_time_rule_violation (write, case_id, items, item,
                                                         &material_id, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (name != NULL)
        {
          g_autoptr(JsonObject) about = json_object_new ();
          g_autofree char *detail = NULL;

          json_object_set_string_member (about, "case_id", case_id);
          json_object_set_string_member (about, "material_id", material_id);
          detail = _yc_json_object_to_string (about);
          /* Nothing of the letter is written; the attempt itself is recorded (D8). */
          if (!_yc_store_w_audit (write, &session, "one_time_rule_refused", "case", case_id,
                                  detail, error))
            return FALSE;
          _yc_store_write_fail_after_commit (
            write,
            g_error_new (YC_STORE_ERROR, YC_STORE_ERROR_ONE_TIME_RULE,
                         _("A one-time notice was already issued for this case, and a later "
                           "notice may not ask for anything it did not list: “%s” was not on "
                           "it."),
                         name));
          return TRUE;
        }
    }

  if (!_yc_store_str_is_empty (_yc_store_obj_str (draft, "issued_at")))
    {
      issued = _yc_store_parse_rfc3339_local (_yc_store_obj_str (draft, "issued_at"));
      if (issued == NULL)
        {
          _yc_store_set_invalid (error, _("The issue time of the letter is not valid."));
          return FALSE;
        }
    }
  else
    issued = g_date_time_new_now_local ();
  issued_at = _yc_store_format_rfc3339 (issued);

  if (original != NULL)
    number = g_strdup (_yc_store_obj_str (original, "number"));
  else
    number = _yc_store_w_next_number (write, &session, yc_numbering_kind_for_letter (kind),
                                      g_date_time_get_year (issued), error);
  if (number == NULL)
    return FALSE;

  letter = json_object_new ();
  json_object_set_string_member (letter, "id", id);
  json_object_set_string_member (letter, "case_id", case_id);
  json_object_set_string_member (letter, "kind", kind);
  json_object_set_string_member (letter, "number", number);
  json_object_set_array_member (letter, "items", json_array_ref (items));
  json_object_set_string_member (letter, "issued_at", issued_at);
  _yc_store_obj_set_str (letter, "pdf_sha256", _yc_store_obj_str (draft, "pdf_sha256"));
  json_object_set_string_member (letter, "issued_by", session.staff_id);
  json_object_set_string_member (letter, "workstation", session.workstation);
  _yc_store_obj_set_str (letter, "reprint_of",
                         _yc_store_str_is_empty (reprint_of) ? NULL : reprint_of);

  if (data->render != NULL)
    {
      g_autoptr(YcLetter) numbered = yc_letter_new_from_json (letter, error);
      g_autoptr(GBytes) pdf = NULL;

      if (numbered == NULL)
        return FALSE;
      pdf = data->render (numbered, data->render_data, error);
      if (pdf == NULL || !w_keep_pdf (write, id, pdf, error))
        return FALSE;
      sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
      _yc_store_obj_set_str (letter, "pdf_sha256", sha);
    }
  if (!is_sha256_hex (_yc_store_obj_str (letter, "pdf_sha256")))
    {
      _yc_store_set_invalid (error, _("The letter has no valid fingerprint (SHA-256) of its PDF."));
      return FALSE;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "id", id);
  json_object_set_string_member (body, "case_id", case_id);
  json_object_set_string_member (body, "kind", kind);
  json_object_set_string_member (body, "number", number);
  json_object_set_array_member (body, "items", json_array_ref (items));
  json_object_set_string_member (body, "issued_at", issued_at);
  json_object_set_string_member (body, "pdf_sha256", _yc_store_obj_str (letter, "pdf_sha256"));
  _yc_store_obj_set_str (body, "reprint_of",
                         _yc_store_str_is_empty (reprint_of) ? NULL : reprint_of);

  snapshot = json_array_new ();
  _yc_store_snapshot_add (snapshot, "letter", id, NULL);
  {
    const char *deps[] = { case_id, NULL };
    g_autoptr(JsonNode) body_node = json_node_init_object (json_node_alloc (), body);
    g_autoptr(YcLetter) result = NULL;

    if (!_yc_store_w_put_record (write, "letter", letter, "pending", error) ||
        !_yc_store_w_enqueue (write, &session, "letter", id, "/letters", body_node, deps, snapshot,
                              error) ||
        !_yc_store_w_audit (write, &session, "letter.issued", "letter", id, NULL, error))
      return FALSE;
    result = yc_letter_new_from_json (letter, error);
    if (result == NULL)
      return FALSE;
    _yc_store_write_set_result (write, g_steal_pointer (&result), g_object_unref);
  }
  return TRUE;
}

/* ------------------------------------------------------------------ public */

GPtrArray *
yc_store_list_letters (YcStore     *self,
                       const char  *case_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) objects = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  objects = _yc_store_read_json_list (self,
                                      "SELECT json FROM letters WHERE case_id = ?1 "
                                      "ORDER BY issued_at, rowid",
                                      case_id, error);
  if (objects == NULL)
    return NULL;
  return _yc_store_decode_records (objects, (YcStoreDecodeFunc) yc_letter_new_from_json);
}

static YcStoreJobData *
letter_data (YcLetter          *draft,
             YcStoreRenderFunc  render,
             gpointer           render_data,
             GDestroyNotify     render_data_free)
{
  YcStoreJobData *data = _yc_store_job_data_new_draft (yc_letter_to_json (draft));

  data->render = render;
  data->render_data = render_data;
  data->render_data_free = render_data_free;
  return data;
}

void
yc_store_issue_letter_async (YcStore            *self,
                             YcLetter           *draft,
                             YcStoreRenderFunc   render,
                             gpointer            render_data,
                             GDestroyNotify      render_data_free,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_LETTER (draft));

  _yc_store_write_async (self, self, yc_store_issue_letter_async, issue_letter_job,
                         letter_data (draft, render, render_data, render_data_free),
                         _yc_store_job_data_free, cancellable, callback, user_data);
}

YC_STORE_DEFINE_OBJECT_FINISH (yc_store_issue_letter, YcLetter)

YcLetter *
yc_store_issue_letter_sync (YcStore            *self,
                            YcLetter           *draft,
                            YcStoreRenderFunc   render,
                            gpointer            render_data,
                            GError            **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (YC_IS_LETTER (draft), NULL);

  return _yc_store_write_sync (self, issue_letter_job,
                               letter_data (draft, render, render_data, NULL),
                               _yc_store_job_data_free, error);
}

/* ------------------------------------------------------------------ the list of letters */

void
yc_store_letter_info_free (YcStoreLetterInfo *info)
{
  if (info == NULL)
    return;
  g_clear_object (&info->letter);
  g_free (info->case_number);
  g_free (info->applicant_name);
  g_free (info->applicant_id_masked);
  g_free (info->printed_at);
  g_free (info);
}

static const char * const print_states[] = { "not_printed", "printed", "failed", "cancelled" };

static YcLetterPrintState
print_state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (print_states); i++)
    if (g_strcmp0 (text, print_states[i]) == 0)
      return (YcLetterPrintState) i;
  return YC_LETTER_PRINT_NOT_PRINTED;
}

#define LETTER_INFO_COLUMNS                                                                        \
  "SELECT l.json, c.number, c.applicant_name, c.applicant_id_masked, l.print_state, "            \
  "  l.printed_at FROM letters l LEFT JOIN cases c ON c.id = l.case_id "

/* The info of the row @stmt is on; NULL (and nothing set) if its JSON no longer decodes. */
static YcStoreLetterInfo *
letter_info_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(JsonObject) object = _yc_json_object_from_string (_yc_stmt_text (stmt, 0), NULL);
  YcStoreLetterInfo *info;
  YcLetter *letter;

  letter = object != NULL ? yc_letter_new_from_json (object, NULL) : NULL;
  if (letter == NULL)
    return NULL;
  info = g_new0 (YcStoreLetterInfo, 1);
  info->letter = letter;
  info->case_number = g_strdup (_yc_stmt_text (stmt, 1));
  info->applicant_name = g_strdup (_yc_stmt_text (stmt, 2));
  info->applicant_id_masked = g_strdup (_yc_stmt_text (stmt, 3));
  info->print_state = print_state_from_string (_yc_stmt_text (stmt, 4));
  info->printed_at = g_strdup (_yc_stmt_text (stmt, 5));
  return info;
}

GPtrArray *
yc_store_find_letters (YcStore     *self,
                       const char  *query,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *workstation = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  workstation = yc_store_dup_workstation_code (self);
  stripped = g_strstrip (g_strdup (query != NULL ? query : ""));
  pattern = *stripped != '\0' ? _yc_store_like_pattern (stripped) : NULL;
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_store_letter_info_free);

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self,
                                 LETTER_INFO_COLUMNS
                                 "WHERE json_extract (l.json, '$.workstation') IS ?1 "
                                 "  AND (?2 IS NULL OR l.number LIKE ?2 ESCAPE '\\' "
                                 "       OR c.applicant_name LIKE ?2 ESCAPE '\\' "
                                 "       OR c.number LIKE ?2 ESCAPE '\\') "
                                 "ORDER BY l.issued_at DESC, l.rowid DESC LIMIT ?3",
                                 error);
  if (stmt == NULL)
    {
      _yc_store_read_unlock (self);
      return NULL;
    }
  _yc_stmt_bind_text (stmt, 1, workstation);
  _yc_stmt_bind_text (stmt, 2, pattern);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      YcStoreLetterInfo *info = letter_info_from_row (stmt);

      if (info != NULL)
        g_ptr_array_add (found, info);
    }
  if (rc != SQLITE_DONE)
    {
      _yc_store_set_sqlite_error (error, _yc_store_read_get_db (self), rc);
      _yc_stmt_release (stmt);
      _yc_store_read_unlock (self);
      return NULL;
    }
  _yc_stmt_release (stmt);
  _yc_store_read_unlock (self);
  return g_steal_pointer (&found);
}

YcStoreLetterInfo *
yc_store_get_letter_info (YcStore     *self,
                          const char  *id,
                          GError     **error)
{
  YcStoreLetterInfo *info = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  _yc_store_read_lock (self);
  stmt = _yc_store_read_prepare (self, LETTER_INFO_COLUMNS "WHERE l.id = ?1", error);
  if (stmt != NULL)
    {
      _yc_stmt_bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        info = letter_info_from_row (stmt);
      else if (rc != SQLITE_DONE)
        _yc_store_set_sqlite_error (error, _yc_store_read_get_db (self), rc);
      if (info == NULL && (rc == SQLITE_ROW || rc == SQLITE_DONE))
        g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                     _("The letter is not stored on this workstation."));
      _yc_stmt_release (stmt);
    }
  _yc_store_read_unlock (self);
  return info;
}

char *
yc_store_dup_letter_pdf_path (YcStore    *self,
                              const char *id)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return pdf_path (self, id);
}

/* ------------------------------------------------------------------ print state */

static gboolean
set_print_state_job (YcStoreWrite  *write,
                     gpointer       user_data,
                     GError       **error)
{
  YcStoreJobData *data = user_data;
  g_auto(YcStoreSession) session = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = _yc_store_format_rfc3339 (now);
  YcLetterPrintState state = (YcLetterPrintState) data->number;
  g_autoptr(JsonObject) about = json_object_new ();
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!_yc_store_w_load_session (write, &session, error))
    return FALSE;
  stmt = _yc_store_write_prepare (write,
                                  "UPDATE letters SET print_state = ?2, "
                                  "  printed_at = CASE WHEN ?2 = 'printed' THEN ?3 "
                                  "                    ELSE printed_at END "
                                  "WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  _yc_stmt_bind_text (stmt, 1, data->id);
  _yc_stmt_bind_text (stmt, 2, print_states[state]);
  _yc_stmt_bind_text (stmt, 3, at);
  ok = _yc_store_step_done (_yc_store_write_get_db (write), stmt, error);
  _yc_stmt_release (stmt);
  if (!ok)
    return FALSE;
  if (sqlite3_changes (_yc_store_write_get_db (write)) == 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The letter is not stored on this workstation."));
      return FALSE;
    }
  json_object_set_string_member (about, "print_state", print_states[state]);
  detail = _yc_json_object_to_string (about);
  if (!_yc_store_w_audit (write, &session, "letter.print", "letter", data->id, detail, error))
    return FALSE;
  _yc_store_write_note_change (write, "letter", data->id);
  return TRUE;
}

static YcStoreJobData *
print_state_data (const char         *id,
                  YcLetterPrintState  state)
{
  YcStoreJobData *data = _yc_store_texts_data (id, NULL, NULL);

  data->number = (int) state;
  return data;
}

void
yc_store_set_letter_print_state_async (YcStore            *self,
                                       const char         *id,
                                       YcLetterPrintState  state,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail ((guint) state < G_N_ELEMENTS (print_states));

  _yc_store_write_async (self, self, yc_store_set_letter_print_state_async, set_print_state_job,
                         print_state_data (id, state), _yc_store_job_data_free, cancellable,
                         callback, user_data);
}

YC_STORE_DEFINE_BOOL_FINISH (yc_store_set_letter_print_state)

gboolean
yc_store_set_letter_print_state_sync (YcStore            *self,
                                      const char         *id,
                                      YcLetterPrintState  state,
                                      GError            **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (print_states), FALSE);

  return _yc_store_write_sync (self, set_print_state_job, print_state_data (id, state),
                               _yc_store_job_data_free, error) != NULL;
}
