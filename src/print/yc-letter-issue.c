/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-issue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-letter-issue.h"

/* What the layout needs, gathered on the calling thread and only read on the writer's. */
typedef struct {
  YcLetterWriter     *writer;
  YcCase             *case_;
  YcServiceItem      *item;
  YcCentre           *centre;
  char               *clerk_name;
  char               *window_code;
  YcLetterWriteFlags  flags;
} RenderData;

static void
render_data_free (gpointer ptr)
{
  RenderData *data = ptr;

  g_clear_object (&data->writer);
  g_clear_object (&data->case_);
  g_clear_object (&data->item);
  g_clear_object (&data->centre);
  g_free (data->clerk_name);
  g_free (data->window_code);
  g_free (data);
}

/* YcStoreRenderFunc: on the store's writer thread, with the letter numbered. */
static GBytes *
render_letter (YcLetter  *letter,
               gpointer   user_data,
               GError   **error)
{
  RenderData *data = user_data;
  g_autoptr(YcLetterContent) content = NULL;
  YcLetterWriteFlags flags = data->flags;

  content = yc_letter_content_new_from_records (letter, data->case_, data->item, data->centre,
                                                data->clerk_name, data->window_code);
  if (yc_letter_get_reprint_of (letter) != NULL)
    flags |= YC_LETTER_WRITE_REPRINT;
  return yc_letter_writer_write (data->writer, content, flags, error);
}

/* The records of @case_id's letter; NULL with @error when the case is not stored here. */
static RenderData *
gather (YcStore             *store,
        YcLetterWriter      *writer,
        const char          *case_id,
        YcLetterWriteFlags   flags,
        GError             **error)
{
  g_autoptr(YcCase) case_ = yc_store_get_case (store, case_id, error);
  YcStaff *staff;
  RenderData *data;

  if (case_ == NULL)
    return NULL;
  data = g_new0 (RenderData, 1);
  data->writer = g_object_ref (writer);
  data->flags = flags;
  /* An item no longer in the catalogue: the case's own record of it names the materials. */
  if (yc_case_get_service_item (case_) != NULL)
    data->item = yc_store_get_service_item (store, yc_case_get_service_item (case_), NULL);
  data->centre = yc_store_get_centre (store);
  staff = yc_store_get_staff (store);
  if (staff != NULL)
    {
      data->clerk_name = g_strdup (yc_staff_get_name (staff));
      if (yc_staff_get_window_id (staff) != NULL)
        data->window_code = yc_store_dup_window_code (store, yc_staff_get_window_id (staff));
      g_object_unref (staff);
    }
  if (data->window_code == NULL && yc_case_get_window_id (case_) != NULL)
    data->window_code = yc_store_dup_window_code (store, yc_case_get_window_id (case_));
  data->case_ = g_steal_pointer (&case_);
  return data;
}

static void
issued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  YcLetter *letter = yc_store_issue_letter_finish (YC_STORE (source), result, &error);

  if (letter == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, letter, g_object_unref);
}

static void
issue (GTask              *task,
       YcStore            *store,
       YcLetterWriter     *writer,
       YcLetter           *draft,
       YcLetterWriteFlags  flags)
{
  g_autoptr(GError) error = NULL;
  RenderData *data = gather (store, writer, yc_letter_get_case_id (draft), flags, &error);

  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  yc_store_issue_letter_async (store, draft, render_letter, data, render_data_free,
                               g_task_get_cancellable (task), issued_cb, task);
}

void
yc_letter_issue_async (YcStore             *store,
                       YcLetterWriter      *writer,
                       YcLetter            *draft,
                       YcLetterWriteFlags   flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (YC_IS_LETTER_WRITER (writer));
  g_return_if_fail (YC_IS_LETTER (draft));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_issue_async);
  issue (task, store, writer, draft, flags);
}

YcLetter *
yc_letter_issue_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_letter_reprint_async (YcStore             *store,
                         YcLetterWriter      *writer,
                         const char          *letter_id,
                         YcLetterWriteFlags   flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(YcStoreLetterInfo) info = NULL;
  g_autoptr(YcLetter) draft = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task;
  YcLetter *original;
  const char *first;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (YC_IS_LETTER_WRITER (writer));
  g_return_if_fail (letter_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_reprint_async);
  info = yc_store_get_letter_info (store, letter_id, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  original = info->letter;
  /* A reprint of a reprint copies the first letter. */
  first = yc_letter_get_reprint_of (original) != NULL ? yc_letter_get_reprint_of (original)
                                                      : yc_letter_get_id (original);
  draft = g_object_new (YC_TYPE_LETTER,
                        "case-id", yc_letter_get_case_id (original),
                        "kind", yc_letter_get_kind (original),
                        "reprint-of", first,
                        NULL);
  yc_letter_set_items (draft, yc_letter_get_items (original));
  issue (task, store, writer, draft, flags);
}

YcLetter *
yc_letter_reprint_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_stub_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *pdf = yc_letter_writer_write_finish (YC_LETTER_WRITER (source), result, &error);

  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
yc_letter_write_stub_async (YcStore             *store,
                            YcLetterWriter      *writer,
                            const char          *letter_id,
                            YcLetterWriteFlags   flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(YcStoreLetterInfo) info = NULL;
  g_autoptr(YcLetterContent) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  RenderData *data;
  YcLetter *letter;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (YC_IS_LETTER_WRITER (writer));
  g_return_if_fail (letter_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_write_stub_async);
  info = yc_store_get_letter_info (store, letter_id, &error);
  data = info != NULL ? gather (store, writer, yc_letter_get_case_id (info->letter), flags, &error)
                      : NULL;
  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The same records as the letter, so the stub says what the letter says. */
  letter = info->letter;
  content = yc_letter_content_new_from_records (letter, data->case_, data->item, data->centre,
                                                data->clerk_name, data->window_code);
  flags |= YC_LETTER_WRITE_STUB;
  if (yc_letter_get_reprint_of (letter) != NULL)
    flags |= YC_LETTER_WRITE_REPRINT;
  render_data_free (data);
  yc_letter_writer_write_async (writer, content, flags, cancellable, on_stub_written_cb,
                                g_steal_pointer (&task));
}

GBytes *
yc_letter_write_stub_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                                 _("This workstation does not have the PDF of this letter: it "
                                   "was issued elsewhere. Reprint it to have a copy here."));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The PDF of this letter cannot be read: %s"), error->message);
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (contents, length),
                         (GDestroyNotify) g_bytes_unref);
}

void
yc_letter_load_pdf_async (YcStore             *store,
                          const char          *letter_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (letter_id != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_load_pdf_async);
  g_task_set_task_data (task, yc_store_dup_letter_pdf_path (store, letter_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

GBytes *
yc_letter_load_pdf_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
