/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-printing"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-letter-print.h"
#include "yc-letter-printing.h"

typedef struct {
  YcStore  *store;
  char     *letter_id;
  char     *number;
  char     *message;
  gboolean  printed;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_object_unref (job->store);
  g_free (job->letter_id);
  g_free (job->number);
  g_free (job->message);
  g_free (job);
}

static void
on_state_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The letter is issued either way; only its print state could not be noted. */
  if (!yc_store_set_letter_print_state_finish (YC_STORE (source), result, &error))
    {
      char *both = g_strdup_printf ("%s %s", job->message, error->message);

      g_free (job->message);
      job->message = both;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YcLetterPrintResult outcome = yc_letter_print_finish (result, &error);
  YcLetterPrintState state;

  switch (outcome)
    {
    case YC_LETTER_PRINT_RESULT_PRINTED:
      state = YC_LETTER_PRINT_PRINTED;
      job->printed = TRUE;
      /* Translators: %s is the letter number. */
      job->message = g_strdup_printf (_("%s was sent to the printer."), job->number);
      break;
    case YC_LETTER_PRINT_RESULT_CANCELLED:
      state = YC_LETTER_PRINT_CANCELLED;
      job->message = g_strdup_printf (_("Printing %s was cancelled. The letter is issued; print it "
                                        "again when you are ready."), job->number);
      break;
    case YC_LETTER_PRINT_RESULT_FAILED:
    default:
      state = YC_LETTER_PRINT_FAILED;
      job->message = g_strdup_printf (_("%s The letter is issued and kept; print it again once the "
                                        "printer works."),
                                      error != NULL ? error->message
                                                    : _("The letter could not be printed."));
      break;
    }
  yc_store_set_letter_print_state_async (job->store, job->letter_id, state, NULL,
                                         on_state_saved_cb, task);
}

char *
yc_letter_printing_get_options (GSettings            *settings,
                                gboolean              with_dialog,
                                YcLetterPrintOptions *options)
{
  char *printer = g_settings_get_string (settings, "printer");

  /* With a printer chosen in the preferences, straight to it; otherwise ask. */
  options->mode = with_dialog || *printer == '\0' ? YC_LETTER_PRINT_WITH_DIALOG
                                                  : YC_LETTER_PRINT_DIRECT;
  options->printer = printer;
  options->copies = MAX (1, g_settings_get_int (settings, "copies-per-letter"));
  return printer;
}

void
yc_letter_printing_print_async (GtkWidget           *widget,
                                YcStore             *store,
                                GSettings           *settings,
                                GBytes              *pdf,
                                const char          *letter_id,
                                const char          *number,
                                gboolean             with_dialog,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  YcLetterPrintOptions options = { 0 };
  g_autofree char *printer = yc_letter_printing_get_options (settings, with_dialog, &options);
  PrintJob *job = g_new0 (PrintJob, 1);
  GtkRoot *root = gtk_widget_get_root (widget);
  GTask *task = g_task_new (widget, NULL, callback, user_data);

  g_task_set_source_tag (task, yc_letter_printing_print_async);
  job->store = g_object_ref (store);
  job->letter_id = g_strdup (letter_id);
  job->number = g_strdup (number);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);

  options.job_name = number;
  yc_letter_print_async (pdf, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &options, NULL,
                         on_printed_cb, task);
}

char *
yc_letter_printing_print_finish (GAsyncResult *result,
                                 gboolean     *printed)
{
  PrintJob *job = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (printed != NULL)
    *printed = job->printed;
  return g_strdup (job->message);
}

const char *
yc_letter_kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "one_time_notice") == 0)
    return _("One-Time Notice");
  if (g_strcmp0 (kind, "acceptance") == 0)
    return _("Acceptance Notice");
  if (g_strcmp0 (kind, "refusal") == 0)
    return _("Refusal Notice");
  if (g_strcmp0 (kind, "completion") == 0)
    return _("Completion Notice");
  return kind;
}
