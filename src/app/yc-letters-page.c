/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letters-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-case-text.h"
#include "yc-letter-issue.h"
#include "yc-letter-print.h"
#include "yc-letter-printing.h"
#include "yc-letters-page.h"
#include "yc-pdf-preview.h"

/* The list shows the newest letters; searching finds older ones. */
#define MAX_ROWS 200

struct _YcLettersPage
{
  GtkWidget        parent_instance;

  YcStore         *store;
  YcLetterWriter  *writer;
  GSettings       *settings;
  gboolean         training;
  GCancellable    *cancellable;   /* for loading the PDF of the selected letter */
  guint            refresh_id;
  char            *selected_id;
  GBytes          *pdf;           /* of the selected letter, once loaded */
  gboolean         busy;          /* printing or reprinting */
  GtkFileChooserNative *chooser;
  AdwToast        *last_toast;    /* the one shown, until dismissed */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkSearchEntry  *search_entry;
  GtkStack        *list_stack;
  AdwStatusPage   *empty_page;
  GtkListBox      *list;
  GtkLabel        *letter_label;
  GtkStack        *preview_stack;
  AdwStatusPage   *preview_status;
  YcPdfPreview    *preview;
};

G_DEFINE_FINAL_TYPE (YcLettersPage, yc_letters_page, GTK_TYPE_WIDGET)

static void update_actions (YcLettersPage *self);

static char *
describe_print_state (const YcStoreLetterInfo *info)
{
  g_autofree char *at = NULL;

  switch (info->print_state)
    {
    case YC_LETTER_PRINT_PRINTED:
      at = yc_case_text_time (info->printed_at);
      /* Translators: when a letter was last printed. */
      return g_strdup_printf (_("Printed %s"), at);
    case YC_LETTER_PRINT_FAILED:
      return g_strdup (_("Printing failed"));
    case YC_LETTER_PRINT_CANCELLED:
      return g_strdup (_("Printing cancelled"));
    case YC_LETTER_PRINT_NOT_PRINTED:
    default:
      return g_strdup (_("Not printed"));
    }
}

static GtkWidget *
row_label (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
create_row (const YcStoreLetterInfo *info)
{
  YcLetter *letter = info->letter;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *issued = yc_case_text_time (yc_letter_get_issued_at (letter));
  g_autofree char *state = describe_print_state (info);
  g_autofree char *kind = NULL;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *state_label;

  kind = yc_letter_get_reprint_of (letter) != NULL
         /* Translators: a letter's kind, for a reprint (补打) of it. */
         ? g_strdup_printf (_("%s (reprint)"), yc_letter_kind_title (yc_letter_get_kind (letter)))
         : g_strdup (yc_letter_kind_title (yc_letter_get_kind (letter)));
  /* Translators: the applicant's name and masked ID number. */
  who = g_strdup_printf (_("%s · %s"), info->applicant_name ? info->applicant_name : "",
                         info->applicant_id_masked ? info->applicant_id_masked : "");
  /* Translators: the case number and when the letter was issued. */
  when = g_strdup_printf (_("Case %s · issued %s"), info->case_number ? info->case_number : "",
                          issued);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_grid_attach (GTK_GRID (grid), row_label (kind, "heading"), 0, 0, 1, 1);
  state_label = row_label (state, "caption");
  gtk_widget_set_halign (state_label, GTK_ALIGN_END);
  gtk_widget_set_hexpand (state_label, TRUE);
  if (info->print_state == YC_LETTER_PRINT_FAILED)
    gtk_widget_add_css_class (state_label, "error");
  else if (info->print_state != YC_LETTER_PRINT_PRINTED)
    gtk_widget_add_css_class (state_label, "warning");
  gtk_grid_attach (GTK_GRID (grid), state_label, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), row_label (yc_letter_get_number (letter), NULL), 0, 1, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), row_label (who, "dim-label"), 0, 2, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), row_label (when, "dim-label"), 0, 3, 2, 1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);

  accessible = g_strjoin (", ", kind, yc_letter_get_number (letter), who, when, state, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "letter-id", g_strdup (yc_letter_get_id (letter)),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "letter-number",
                          g_strdup (yc_letter_get_number (letter)), g_free);
  return row;
}

static void
toast (YcLettersPage *self,
       const char    *message)
{
  AdwToast *t = adw_toast_new (message);

  /* The newest outcome replaces the one before instead of waiting behind it. */
  if (self->last_toast != NULL)
    adw_toast_dismiss (self->last_toast);
  g_set_weak_pointer (&self->last_toast, t);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static GtkListBoxRow *
find_row (YcLettersPage *self,
          const char    *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "letter-id"), id) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
refresh (YcLettersPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autofree char *keep = g_strdup (self->selected_id);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkWidget *child;
  GtkListBoxRow *row;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  letters = yc_store_find_letters (self->store, query, MAX_ROWS, &error);
  if (letters == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Letters Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }

  /* Rebuilding the list must not look like the clerk choosing another letter. */
  g_signal_handlers_block_matched (self->list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < letters->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (letters, i)));
  row = keep != NULL ? find_row (self, keep) : NULL;
  gtk_list_box_select_row (self->list, row);
  g_signal_handlers_unblock_matched (self->list, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  if (letters->len == 0)
    {
      gboolean searching = query != NULL && *query != '\0';

      adw_status_page_set_title (self->empty_page, searching ? _("No Letter Found")
                                                             : _("No Letters Yet"));
      adw_status_page_set_description (self->empty_page,
                                       searching
                                       ? _("No letter of this workstation has this number, "
                                           "name or case number.")
                                       : _("Letters issued at this workstation are listed "
                                           "here, to preview, print again or save."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  YcLettersPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (YcLettersPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
on_store_changed_cb (YcLettersPage *self,
                     const char    *kind,
                     const char    *id)
{
  queue_refresh (self);
}

/* ------------------------------------------------------------------ the selected letter */

static void
show_preview_message (YcLettersPage *self,
                      const char    *title,
                      const char    *description)
{
  adw_status_page_set_title (self->preview_status, title);
  adw_status_page_set_description (self->preview_status, description);
  gtk_stack_set_visible_child_name (self->preview_stack, "none");
}

static void
on_pdf_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcLettersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_load_pdf_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->preview == NULL)
    return;
  g_clear_pointer (&self->pdf, g_bytes_unref);
  if (pdf == NULL)
    {
      show_preview_message (self, _("This Letter Cannot Be Shown"), error->message);
      update_actions (self);
      return;
    }
  self->pdf = g_steal_pointer (&pdf);
  yc_pdf_preview_set_pdf (self->preview, self->pdf);
  gtk_stack_set_visible_child_name (self->preview_stack, "preview");
  update_actions (self);
}

static void
on_row_selected_cb (YcLettersPage *self,
                    GtkListBoxRow *row)
{
  const char *id = row != NULL ? g_object_get_data (G_OBJECT (row), "letter-id") : NULL;

  if (self->preview == NULL || g_strcmp0 (id, self->selected_id) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  yc_pdf_preview_set_pdf (self->preview, NULL);

  if (id == NULL)
    {
      gtk_label_set_text (self->letter_label, "");
      show_preview_message (self, _("No Letter Selected"),
                            _("Choose a letter in the list to see it as it prints."));
    }
  else
    {
      gtk_label_set_text (self->letter_label, g_object_get_data (G_OBJECT (row), "letter-number"));
      self->cancellable = g_cancellable_new ();
      yc_letter_load_pdf_async (self->store, id, self->cancellable, on_pdf_loaded_cb,
                                g_object_ref (self));
    }
  update_actions (self);
}

static void
update_actions (YcLettersPage *self)
{
  gboolean has_pdf = self->pdf != NULL && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letters.print", has_pdf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letters.print-dialog", has_pdf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letters.save-as", has_pdf);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letters.reprint",
                                 self->selected_id != NULL && !self->busy);
  /* Written from the records, the stub needs no kept PDF. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letters.print-stub",
                                 self->selected_id != NULL && !self->busy);
}

/* ------------------------------------------------------------------ printing */

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcLettersPage *self = YC_LETTERS_PAGE (source);
  g_autofree char *message = yc_letter_printing_print_finish (result, NULL);

  self->busy = FALSE;
  update_actions (self);
  toast (self, message);
}

static void
print_pdf (YcLettersPage *self,
           GBytes        *pdf,
           const char    *letter_id,
           const char    *number,
           gboolean       with_dialog)
{
  self->busy = TRUE;
  update_actions (self);
  yc_letter_printing_print_async (GTK_WIDGET (self), self->store, self->settings, pdf, letter_id,
                                  number, with_dialog, on_printed_cb, NULL);
}

static void
print_selected (YcLettersPage *self,
                gboolean       with_dialog)
{
  GtkListBoxRow *row = find_row (self, self->selected_id);

  if (self->pdf == NULL || self->busy || row == NULL)
    return;
  print_pdf (self, self->pdf, self->selected_id, g_object_get_data (G_OBJECT (row), "letter-number"),
             with_dialog);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  print_selected (YC_LETTERS_PAGE (widget), g_str_equal (action_name, "letters.print-dialog"));
}

/* ------------------------------------------------------------------ reprinting */

typedef struct {
  YcLettersPage *self;
  char          *letter_id;
  char          *number;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_object_unref (job->self);
  g_free (job->letter_id);
  g_free (job->number);
  g_free (job);
}

static void
on_reprint_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PrintJob *job = user_data;
  YcLettersPage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_load_pdf_finish (result, &error);

  self->busy = FALSE;
  if (pdf == NULL)
    {
      toast (self, error->message);
      update_actions (self);
      print_job_free (job);
      return;
    }
  print_pdf (self, pdf, job->letter_id, job->number, FALSE);
  print_job_free (job);
}

static void
on_reprinted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcLettersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetter) letter = yc_letter_reprint_finish (result, &error);
  PrintJob *job;

  if (letter == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The letter could not be reprinted: %s"),
                                                  error->message);
      self->busy = FALSE;
      update_actions (self);
      toast (self, message);
      return;
    }
  /* The reprint is a letter of its own: show it, then print it. */
  refresh (self);
  yc_letters_page_select_letter (self, yc_letter_get_id (letter));
  job = g_new0 (PrintJob, 1);
  job->self = g_object_ref (self);
  job->letter_id = g_strdup (yc_letter_get_id (letter));
  job->number = g_strdup (yc_letter_get_number (letter));
  yc_letter_load_pdf_async (self->store, job->letter_id, NULL, on_reprint_loaded_cb, job);
}

static void
reprint_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcLettersPage *self = YC_LETTERS_PAGE (widget);

  if (self->selected_id == NULL || self->busy)
    return;
  self->busy = TRUE;
  update_actions (self);
  yc_letter_reprint_async (self->store, self->writer, self->selected_id,
                           self->training ? YC_LETTER_WRITE_TRAINING : YC_LETTER_WRITE_NONE,
                           NULL, on_reprinted_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ the stub copy */

typedef struct {
  YcLetterPrintOptions  options;
  char                 *printer;
  char                 *job_name;
  char                 *export_filename;
} StubJob;

static void
stub_job_free (StubJob *job)
{
  g_free (job->printer);
  g_free (job->job_name);
  g_free (job->export_filename);
  g_free (job);
}

static void
on_stub_printed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  YcLetterPrintResult outcome = yc_letter_print_finish (result, &error);

  if (outcome == YC_LETTER_PRINT_RESULT_FAILED)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, outcome);
}

static void
on_stub_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcLettersPage *self = g_task_get_source_object (task);
  StubJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_write_stub_finish (result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  yc_letter_print_async (pdf, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &job->options,
                         cancellable, on_stub_printed_cb, g_steal_pointer (&task));
}

static void
on_stub_action_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  YcLettersPage *self = YC_LETTERS_PAGE (source);
  g_autofree char *number = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  switch (yc_letters_page_print_stub_finish (self, result, &error))
    {
    case YC_LETTER_PRINT_RESULT_PRINTED:
      /* Translators: %s is the letter number. */
      message = g_strdup_printf (_("The stub copy of %s was sent to the printer."), number);
      break;
    case YC_LETTER_PRINT_RESULT_CANCELLED:
      /* Translators: %s is the letter number. */
      message = g_strdup_printf (_("Printing the stub copy of %s was cancelled."), number);
      break;
    case YC_LETTER_PRINT_RESULT_FAILED:
    default:
      message = g_strdup_printf (_("The stub copy could not be printed: %s"), error->message);
      break;
    }
  self->busy = FALSE;
  update_actions (self);
  toast (self, message);
}

/* The stub is the centre's copy of the letter shown: written again, marked 存根, and printed
 * as the preferences say. It is not a letter of its own and leaves the print state alone. */
static void
print_stub_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YcLettersPage *self = YC_LETTERS_PAGE (widget);
  GtkListBoxRow *row = find_row (self, self->selected_id);
  YcLetterPrintOptions options = { 0 };
  g_autofree char *printer = NULL;

  if (row == NULL || self->busy)
    return;
  printer = yc_letter_printing_get_options (self->settings, FALSE, &options);
  self->busy = TRUE;
  update_actions (self);
  yc_letters_page_print_stub_async (self, &options, NULL, on_stub_action_done_cb,
                                    g_strdup (g_object_get_data (G_OBJECT (row),
                                                                 "letter-number")));
}

/* ------------------------------------------------------------------ saving a copy */

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcLettersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("The PDF could not be saved: %s"), error->message);
  else
    /* Translators: %s is a file name. */
    message = g_strdup_printf (_("Saved as “%s”."), name);
  toast (self, message);
}

static void
on_chooser_response_cb (YcLettersPage *self,
                        int            response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->pdf != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  g_file_replace_contents_bytes_async (file, self->pdf, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                       on_saved_cb, g_object_ref (self));
}

/* A file name from a letter number: 示政务〔2026〕告字第A07-000123号.pdf, without characters
 * file systems refuse. */
static char *
file_name_for (const char *number)
{
  GString *name = g_string_new (NULL);

  for (const char *p = number != NULL ? number : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || c < 0x20)
        g_string_append_c (name, '-');
      else
        g_string_append_unichar (name, c);
    }
  if (name->len == 0)
    g_string_append (name, _("letter"));
  g_string_append (name, ".pdf");
  return g_string_free (name, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcLettersPage *self = YC_LETTERS_PAGE (widget);
  GtkListBoxRow *row = find_row (self, self->selected_id);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->pdf == NULL || row == NULL || self->chooser != NULL)
    return;
  name = file_name_for (g_object_get_data (G_OBJECT (row), "letter-number"));
  self->chooser = gtk_file_chooser_native_new (_("Save Letter as PDF"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ search */

static void
on_search_changed_cb (YcLettersPage *self)
{
  refresh (self);
}

/* Enter in the search field opens the first letter found. */
static void
on_search_activate_cb (YcLettersPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, 0);

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
on_stop_search_cb (YcLettersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcLettersPage *self = YC_LETTERS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------ GObject */

static void
yc_letters_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_letters_page_parent_class)->map (widget);
  refresh (YC_LETTERS_PAGE (widget));
}

static void
yc_letters_page_dispose (GObject *object)
{
  YcLettersPage *self = YC_LETTERS_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->last_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_LETTERS_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->writer);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (yc_letters_page_parent_class)->dispose (object);
}

static void
yc_letters_page_class_init (YcLettersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_letters_page_dispose;
  widget_class->map = yc_letters_page_map;

  g_type_ensure (YC_TYPE_PDF_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-letters-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, list);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, letter_label);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, preview_status);
  gtk_widget_class_bind_template_child (widget_class, YcLettersPage, preview);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "letters.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "letters.print-dialog", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "letters.reprint", NULL, reprint_action);
  gtk_widget_class_install_action (widget_class, "letters.print-stub", NULL, print_stub_action);
  gtk_widget_class_install_action (widget_class, "letters.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "letters.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "letters.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "letters.print-dialog", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "letters.print-stub", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "letters.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "letters.find", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_letters_page_init (YcLettersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
yc_letters_page_new (YcStore        *store,
                     YcLetterWriter *writer,
                     GSettings      *settings,
                     gboolean        training)
{
  YcLettersPage *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_LETTER_WRITER (writer), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YC_TYPE_LETTERS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->writer = g_object_ref (writer);
  self->settings = g_object_ref (settings);
  self->training = training;
  g_signal_connect_object (store, "changed::letter", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::case", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

gboolean
yc_letters_page_select_letter (YcLettersPage *self,
                               const char    *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (YC_IS_LETTERS_PAGE (self), FALSE);

  row = find_row (self, id);
  if (row == NULL)
    {
      refresh (self);
      row = find_row (self, id);
    }
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->list, row);
  return TRUE;
}

const char *
yc_letters_page_get_selected (YcLettersPage *self)
{
  g_return_val_if_fail (YC_IS_LETTERS_PAGE (self), NULL);

  return self->selected_id;
}

guint
yc_letters_page_get_n_letters (YcLettersPage *self)
{
  guint n = 0;

  g_return_val_if_fail (YC_IS_LETTERS_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
yc_letters_page_print_stub_async (YcLettersPage              *self,
                                  const YcLetterPrintOptions *options,
                                  GCancellable               *cancellable,
                                  GAsyncReadyCallback         callback,
                                  gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkListBoxRow *row;
  StubJob *job;

  g_return_if_fail (YC_IS_LETTERS_PAGE (self));
  g_return_if_fail (options != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_letters_page_print_stub_async);
  row = find_row (self, self->selected_id);
  if (row == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("No letter is selected."));
      return;
    }
  job = g_new0 (StubJob, 1);
  job->options = *options;
  job->printer = g_strdup (options->printer);
  /* Translators: the print queue's name for a stub copy; %s is the letter number. */
  job->job_name = g_strdup_printf (_("%s (stub)"),
                                   (char *) g_object_get_data (G_OBJECT (row), "letter-number"));
  job->export_filename = g_strdup (options->export_filename);
  job->options.printer = job->printer;
  job->options.job_name = job->job_name;
  job->options.export_filename = job->export_filename;
  g_task_set_task_data (task, job, (GDestroyNotify) stub_job_free);
  yc_letter_write_stub_async (self->store, self->writer, self->selected_id,
                              self->training ? YC_LETTER_WRITE_TRAINING : YC_LETTER_WRITE_NONE,
                              cancellable, on_stub_written_cb, g_steal_pointer (&task));
}

YcLetterPrintResult
yc_letters_page_print_stub_finish (YcLettersPage  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_autoptr(GError) local = NULL;
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), YC_LETTER_PRINT_RESULT_FAILED);

  outcome = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return YC_LETTER_PRINT_RESULT_FAILED;
    }
  return (YcLetterPrintResult) outcome;
}
