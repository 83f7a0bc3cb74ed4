/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtkunixprint.h>
#include <cairo-pdf.h>
#include <cairo-ps.h>
#include <poppler.h>

#include "yc-letter-print.h"
#include "yc-pdf-render.h"

G_DEFINE_QUARK (yc-letter-print-error-quark, yc_letter_print_error)

/* A4 in points, as GTK's paper size gives it. */
#define YC_A4_WIDTH_PT  595.28
#define YC_A4_HEIGHT_PT 841.89

typedef struct {
  GBytes            *pdf;
  PopplerDocument   *document;
  GtkWindow         *parent;
  YcLetterPrintMode  mode;
  char              *printer;
  int                copies;
  char              *job_name;
  char              *export_filename;

  GCancellable      *cancellable;
  gulong             cancelled_id;
  GtkPrintOperation *operation;
  gboolean           finished;

  /* YC_LETTER_PRINT_DIRECT: what the search for the printer found. */
  char              *found_printer;
  char              *first_printer;
  GtkPrinter        *printer_object;
  GtkPrinter        *first_printer_object;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  if (job->cancelled_id != 0)
    g_cancellable_disconnect (job->cancellable, job->cancelled_id);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->operation);
  g_clear_object (&job->document);
  g_clear_pointer (&job->pdf, g_bytes_unref);
  g_clear_object (&job->parent);
  g_free (job->printer);
  g_free (job->job_name);
  g_free (job->export_filename);
  g_free (job->found_printer);
  g_free (job->first_printer);
  g_clear_object (&job->printer_object);
  g_clear_object (&job->first_printer_object);
  g_free (job);
}

static void
finish_with_result (GTask               *task,
                    YcLetterPrintResult  result)
{
  PrintJob *job = g_task_get_task_data (task);

  if (job->finished)
    return;
  job->finished = TRUE;
  g_task_return_int (task, result);
}

static void
finish_with_error (GTask  *task,
                   GError *error)
{
  PrintJob *job = g_task_get_task_data (task);

  if (job->finished)
    {
      g_error_free (error);
      return;
    }
  job->finished = TRUE;
  g_task_return_error (task, error);
}

/* GtkPrintJob reports to the operation's private data when the job has reached the print
 * system, even if the operation is gone by then: keep the operation until that report (any
 * status after "sending data"). A job that never reports keeps a few bytes alive. */
static void
on_operation_status_changed_cb (GtkPrintOperation *operation,
                                gpointer           user_data)
{
  GtkPrintStatus status = gtk_print_operation_get_status (operation);

  if (status == GTK_PRINT_STATUS_SENDING_DATA)
    return;
  g_signal_handlers_disconnect_by_func (operation, on_operation_status_changed_cb, user_data);
  g_object_unref (operation);
}

static void
keep_operation_until_sent (GtkPrintOperation *operation)
{
  if (gtk_print_operation_get_status (operation) != GTK_PRINT_STATUS_SENDING_DATA)
    return;
  g_signal_connect (g_object_ref (operation), "status-changed",
                    G_CALLBACK (on_operation_status_changed_cb), NULL);
}

static void
on_operation_done_cb (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      GTask                   *task)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  keep_operation_until_sent (operation);
  g_clear_object (&job->operation);

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      finish_with_result (task, YC_LETTER_PRINT_RESULT_PRINTED);
      break;

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      finish_with_result (task, YC_LETTER_PRINT_RESULT_CANCELLED);
      break;

    case GTK_PRINT_OPERATION_RESULT_ERROR:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      gtk_print_operation_get_error (operation, &error);
      finish_with_error (task, g_error_new (YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_FAILED,
                                            _("The letter could not be printed: %s"),
                                            error != NULL ? error->message
                                                          : _("the print system failed.")));
      break;
    }
}

static void
on_operation_begin_print_cb (GtkPrintOperation *operation,
                             GtkPrintContext   *context,
                             GTask             *task)
{
  /* A cancellation that came while the dialog was open or the printer was being looked up. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    gtk_print_operation_cancel (operation);
}

/* Each page on paper of its own orientation, so that a landscape page is not shrunk. */
static void
on_operation_request_page_setup_cb (GtkPrintOperation *operation,
                                    GtkPrintContext   *context,
                                    int                page_nr,
                                    GtkPageSetup      *setup,
                                    GTask             *task)
{
  PrintJob *job = g_task_get_task_data (task);
  PopplerPage *page = poppler_document_get_page (job->document, page_nr);
  double width = 0, height = 0;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  g_object_unref (page);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
}

static void
on_operation_draw_page_cb (GtkPrintOperation *operation,
                           GtkPrintContext   *context,
                           int                page_nr,
                           GTask             *task)
{
  PrintJob *job = g_task_get_task_data (task);
  PopplerPage *page = poppler_document_get_page (job->document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double paper_width = gtk_print_context_get_width (context);
  double paper_height = gtk_print_context_get_height (context);
  double width = 0, height = 0, scale;

  if (page == NULL)
    return;

  /* Full page, in points: a PDF point is a point on paper. A page that is not the paper's
   * size is fitted and centred rather than cut. */
  poppler_page_get_size (page, &width, &height);
  if (width <= 0 || height <= 0)
    {
      g_object_unref (page);
      return;
    }
  scale = MIN (paper_width / width, paper_height / height);
  cairo_save (cr);
  cairo_translate (cr, (paper_width - width * scale) / 2, (paper_height - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

static void
on_cancellable_cancelled_cb (GCancellable *cancellable,
                             PrintJob     *job)
{
  if (job->operation != NULL)
    gtk_print_operation_cancel (job->operation);
}

static void
run_operation (GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationAction action;
  GtkPrintOperationResult result;
  const char *printer;

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      finish_with_result (task, YC_LETTER_PRINT_RESULT_CANCELLED);
      return;
    }

  gtk_page_setup_set_paper_size (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  printer = job->found_printer != NULL ? job->found_printer : job->printer;
  if (printer != NULL && *printer != '\0')
    gtk_print_settings_set_printer (settings, printer);
  gtk_print_settings_set_n_copies (settings, job->copies);
  gtk_print_settings_set_paper_size (settings, a4);

  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (job->document));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_job_name (operation, job->job_name);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, FALSE);
  gtk_print_operation_set_track_print_status (operation, TRUE);

  switch (job->mode)
    {
    case YC_LETTER_PRINT_EXPORT:
      gtk_print_operation_set_export_filename (operation, job->export_filename);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
      break;
    case YC_LETTER_PRINT_DIRECT:
      action = GTK_PRINT_OPERATION_ACTION_PRINT;
      break;
    case YC_LETTER_PRINT_WITH_DIALOG:
    default:
      action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
      break;
    }

  /* The "done" handler holds the task until the operation is gone; the task lets go of the
   * operation when it is done. */
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_operation_begin_print_cb), task);
  g_signal_connect (operation, "request-page-setup",
                    G_CALLBACK (on_operation_request_page_setup_cb), task);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_operation_draw_page_cb), task);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_operation_done_cb),
                         g_object_ref (task), (GClosureNotify) g_object_unref,
                         0);
  job->operation = g_object_ref (operation);

  /* Pages are drawn in idle callbacks and "done" reports the end, also of an export. */
  result = gtk_print_operation_run (operation, action, job->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !job->finished)
    {
      g_clear_object (&job->operation);
      finish_with_error (task, g_error_new (YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_FAILED,
                                            _("The letter could not be printed: %s"),
                                            error != NULL ? error->message
                                                          : _("the print system failed.")));
    }
}

/* YC_LETTER_PRINT_DIRECT, through a GtkPrintJob on the printer the search found. Not through
 * GtkPrintOperation: GTK 4.8 looks the printer up again and, when it is found on the CUPS
 * backend before that backend's list is complete, schedules its "found" callback twice and
 * crashes in the second one (a use after free in find_printer_idle). */
static void
on_job_sent_cb (GtkPrintJob  *print_job,
                gpointer      user_data,
                const GError *error)
{
  GTask *task = user_data;

  if (error != NULL)
    finish_with_error (task, g_error_new (YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_FAILED,
                                          _("The letter could not be printed: %s"),
                                          error->message));
  else
    finish_with_result (task, YC_LETTER_PRINT_RESULT_PRINTED);
}

static void
send_to_printer (GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPrintJob) print_job = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int n_pages = poppler_document_get_n_pages (job->document);

  gtk_page_setup_set_paper_size (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_settings_set_printer (settings, job->found_printer);
  gtk_print_settings_set_n_copies (settings, job->copies);
  gtk_print_settings_set_paper_size (settings, a4);

  print_job = gtk_print_job_new (job->job_name, job->printer_object, settings, page_setup);
  surface = gtk_print_job_get_surface (print_job, &error);
  if (surface == NULL)
    {
      finish_with_error (task, g_error_new (YC_LETTER_PRINT_ERROR, YC_LETTER_PRINT_ERROR_FAILED,
                                            _("The letter could not be printed: %s"),
                                            error != NULL ? error->message
                                                          : _("the print system failed.")));
      return;
    }

  /* Each page at full size on A4 of its own orientation, as the operation would draw it. */
  cr = cairo_create (surface);
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (job->document, i);
      double width = 0, height = 0, paper_width, paper_height, scale;

      if (page == NULL)
        continue;
      poppler_page_get_size (page, &width, &height);
      paper_width = width > height ? YC_A4_HEIGHT_PT : YC_A4_WIDTH_PT;
      paper_height = width > height ? YC_A4_WIDTH_PT : YC_A4_HEIGHT_PT;
      if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_PS)
        cairo_ps_surface_set_size (surface, paper_width, paper_height);
      else if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_PDF)
        cairo_pdf_surface_set_size (surface, paper_width, paper_height);
      if (width > 0 && height > 0)
        {
          scale = MIN (paper_width / width, paper_height / height);
          cairo_save (cr);
          cairo_translate (cr, (paper_width - width * scale) / 2,
                           (paper_height - height * scale) / 2);
          cairo_scale (cr, scale, scale);
          poppler_page_render_for_printing (page, cr);
          cairo_restore (cr);
        }
      cairo_show_page (cr);
      g_object_unref (page);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      finish_with_result (task, YC_LETTER_PRINT_RESULT_CANCELLED);
      return;
    }
  gtk_print_job_send (print_job, on_job_sent_cb, g_object_ref (task), g_object_unref);
}

static gboolean
on_printer_found_cb (GtkPrinter *printer,
                     gpointer    user_data)
{
  PrintJob *job = g_task_get_task_data (G_TASK (user_data));
  const char *name = gtk_printer_get_name (printer);

  /* Always FALSE: the search runs to its end. Stopping it early (TRUE) makes GTK 4.8 destroy
   * the CUPS backend while its requests about the printers are still under way, and their
   * replies then crash in GTK's main loop. */
  /* "Print to File" and its kind are not printers a letter can go to. */
  if (gtk_printer_is_virtual (printer) || name == NULL || job->found_printer != NULL)
    return FALSE;

  if (job->printer != NULL && *job->printer != '\0')
    {
      if (g_strcmp0 (name, job->printer) == 0)
        {
          job->found_printer = g_strdup (name);
          job->printer_object = g_object_ref (printer);
        }
      return FALSE;
    }

  if (gtk_printer_is_default (printer))
    {
      job->found_printer = g_strdup (name);
      job->printer_object = g_object_ref (printer);
    }
  else if (job->first_printer == NULL)
    {
      job->first_printer = g_strdup (name);
      job->first_printer_object = g_object_ref (printer);
    }
  return FALSE;
}

static gboolean
printer_search_done_idle (gpointer user_data)
{
  GTask *task = user_data;
  PrintJob *job = g_task_get_task_data (task);

  /* Without a chosen printer, GTK's own rule: the default one, else the first one. */
  if (job->found_printer == NULL && (job->printer == NULL || *job->printer == '\0'))
    {
      job->found_printer = g_steal_pointer (&job->first_printer);
      job->printer_object = g_steal_pointer (&job->first_printer_object);
    }

  if (g_cancellable_is_cancelled (job->cancellable))
    finish_with_result (task, YC_LETTER_PRINT_RESULT_CANCELLED);
  else if (job->printer_object != NULL)
    send_to_printer (task);
  else if (job->printer != NULL && *job->printer != '\0')
    finish_with_error (task, g_error_new (YC_LETTER_PRINT_ERROR,
                                          YC_LETTER_PRINT_ERROR_PRINTER_NOT_FOUND,
                                          _("The printer “%s” cannot be found. Check that it is "
                                            "switched on and connected, or choose another "
                                            "printer in Preferences."), job->printer));
  else
    finish_with_error (task, g_error_new_literal (YC_LETTER_PRINT_ERROR,
                                                  YC_LETTER_PRINT_ERROR_NO_PRINTER,
                                                  _("No printer is set up on this computer. Ask "
                                                    "the administrator to set one up, then "
                                                    "choose it in Preferences.")));
  return G_SOURCE_REMOVE;
}

/* Called once when the printer search ends (it may be inside gtk_enumerate_printers). */
static void
on_printer_search_done_cb (gpointer user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, printer_search_done_idle, user_data, g_object_unref);
}

void
yc_letter_print_async (GBytes                     *pdf,
                       GtkWindow                  *parent,
                       const YcLetterPrintOptions *options,
                       GCancellable               *cancellable,
                       GAsyncReadyCallback         callback,
                       gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (options != NULL);
  g_return_if_fail (options->mode != YC_LETTER_PRINT_EXPORT || options->export_filename != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letter_print_async);
  /* A cancelled print is a result, not an error. */
  g_task_set_check_cancellable (task, FALSE);

  job = g_new0 (PrintJob, 1);
  job->pdf = g_bytes_ref (pdf);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->mode = options->mode;
  job->printer = g_strdup (options->printer);
  job->copies = MAX (options->copies, 1);
  job->job_name = g_strdup (options->job_name != NULL ? options->job_name : _("Letter"));
  job->export_filename = g_strdup (options->export_filename);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_task_set_task_data (task, job, print_job_free);

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      finish_with_result (task, YC_LETTER_PRINT_RESULT_CANCELLED);
      return;
    }

  /* Parsing a letter of a few pages held in memory is quick, and GtkPrintOperation draws the
   * pages on this thread anyway. */
  job->document = yc_pdf_open (pdf, &error);
  if (job->document == NULL || poppler_document_get_n_pages (job->document) < 1)
    {
      finish_with_error (task, g_error_new_literal (YC_LETTER_PRINT_ERROR,
                                                    YC_LETTER_PRINT_ERROR_INVALID_PDF,
                                                    _("The letter cannot be printed because its "
                                                      "PDF file is damaged.")));
      return;
    }

  job->cancelled_id = g_cancellable_connect (job->cancellable,
                                             G_CALLBACK (on_cancellable_cancelled_cb), job, NULL);

  /* Straight to a printer: GtkPrintOperation would quietly take another printer when the
   * chosen one is missing, so look for it first. */
  if (job->mode == YC_LETTER_PRINT_DIRECT)
    gtk_enumerate_printers (on_printer_found_cb, g_object_ref (task), on_printer_search_done_cb,
                            FALSE);
  else
    run_operation (task);
}

YcLetterPrintResult
yc_letter_print_finish (GAsyncResult  *result,
                        GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), YC_LETTER_PRINT_RESULT_FAILED);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_letter_print_async,
                        YC_LETTER_PRINT_RESULT_FAILED);

  value = g_task_propagate_int (G_TASK (result), error);
  return value < 0 ? YC_LETTER_PRINT_RESULT_FAILED : (YcLetterPrintResult) value;
}
