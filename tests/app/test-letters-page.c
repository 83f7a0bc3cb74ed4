/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Letters page over a real store with letters issued by the real writer: the list, the
 * search, the preview of the kept PDF, and printing that fails (no such printer) or goes to
 * the private CUPS scheduler's PDF printer: the letter stays issued either way and its print
 * state says what happened. The stub copy (存根) is written and printed without touching the
 * letters or their print state. Snapshots go to meson-logs/screenshots/. */
#define G_LOG_DOMAIN "test-letters-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "../core/store-fixture.h"
#include "display-support.h"
#include "yc-letter-issue.h"
#include "yc-letters-page.h"
#include "../print/letter-fixture.h"
#include "yc-pdf-preview.h"

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static YcLetter *
issue (YcStore        *store,
       YcLetterWriter *writer,
       YcCase         *case_,
       const char     *kind)
{
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", yc_case_get_id (case_),
                                            "kind", kind, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *materials = yc_case_get_materials (case_);
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  YcLetter *letter;

  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterial *m = g_ptr_array_index (materials, i);

      if (g_strcmp0 (m->state, "received") != 0)
        g_ptr_array_add (items, yc_letter_item_new (m->material_id, m->note));
    }
  yc_letter_set_items (draft, items);
  yc_letter_issue_async (store, writer, draft, YC_LETTER_WRITE_NONE, NULL, done_cb, &wait);
  g_main_loop_run (wait.loop);
  letter = yc_letter_issue_finish (wait.result, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return letter;
}

static YcCase *
take_in (YcStore    *store,
         const char *outcome,
         const char *name,
         guint       serial)
{
  g_autoptr(YcCase) draft = fixture_case_draft (store, "SCJG-004", outcome, name, serial,
                                                "2026-03-02T09:30:00+08:00");
  g_autoptr(GError) error = NULL;
  YcCase *stored = yc_store_take_in_sync (store, draft, &error);

  g_assert_no_error (error);
  return stored;
}

static gboolean
preview_ready (gpointer data)
{
  YcPdfPreview *preview = data;

  return yc_pdf_preview_get_pdf (preview) != NULL && !yc_pdf_preview_get_loading (preview);
}

typedef struct {
  YcStore    *store;
  const char *id;
  YcLetterPrintState state;
} StateWait;

static gboolean
print_state_is (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(YcStoreLetterInfo) info = yc_store_get_letter_info (wait->store, wait->id, NULL);

  return info != NULL && info->print_state == wait->state;
}

static gboolean
widget_is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* The stub copy of the letter selected in @page through GTK's print operation into
 * @dir/@name, and the text Poppler reads from that file (squeezed). */
static char *
export_stub (GtkWidget  *page,
             const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_EXPORT, .copies = 1,
                                   .export_filename = path };
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) pdf = NULL;

  yc_letters_page_print_stub_async (YC_LETTERS_PAGE (page), &options, NULL, done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_cmpint (yc_letters_page_print_stub_finish (YC_LETTERS_PAGE (page), wait.result,
                                                      &error), ==,
                   YC_LETTER_PRINT_RESULT_PRINTED);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);

  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  pdf = g_mapped_file_get_bytes (file);
  return letter_fixture_pdf_text (pdf);
}

/* The stub copy, from the action and into a file: the centre's copy is marked 存根, carries
 * the letter's number, and neither issues a letter nor changes the print state. */
static void
check_stub_copy (GtkWidget  *window,
                 GtkWidget  *page,
                 YcStore    *store,
                 YcLetter   *letter,
                 const char *dir)
{
  g_autoptr(GPtrArray) before = yc_store_find_letters (store, "", 100, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(YcStoreLetterInfo) info = yc_store_get_letter_info (store, yc_letter_get_id (letter),
                                                                 NULL);
  g_autofree char *text = NULL;
  YcLetterPrintState state = info->print_state;
  GtkWidget *button = NULL;

  for (GtkWidget *b = find_descendant (page, GTK_TYPE_BUTTON); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (b)),
                   "letters.print-stub") == 0)
      button = b;
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  /* Through the action to the printer of the preferences (not there): the clerk is told. */
  g_assert_true (gtk_widget_activate_action (page, "letters.print-stub", NULL));
  g_assert_false (gtk_widget_get_sensitive (button));
  spin_until (widget_is_sensitive, button, 20000);
  g_assert_true (gtk_widget_get_sensitive (button));
  spin_for (600); /* the toast before fades out */
  save_snapshot (window, "letters-page-stub");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (window, NULL);

  text = export_stub (page, dir, "stub.pdf");
  g_assert_nonnull (strstr (text, "存根"));
  g_assert_nonnull (strstr (text, yc_letter_get_number (letter)));
  g_assert_null (strstr (text, "补打"));

  after = yc_store_find_letters (store, "", 100, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&info, yc_store_letter_info_free);
  info = yc_store_get_letter_info (store, yc_letter_get_id (letter), NULL);
  g_assert_cmpint (info->print_state, ==, state);
  g_assert_cmpuint (yc_letters_page_get_n_letters (YC_LETTERS_PAGE (page)), ==, before->len);
}

static void
test_letters_page (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(JsonNode) windows = fixture_load_demo ("windows.json");
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.yichuang.Desk");
  g_autoptr(YcCase) incomplete = NULL;
  g_autoptr(YcCase) accepted = NULL;
  g_autoptr(YcLetter) notice = NULL;
  g_autoptr(YcLetter) acceptance = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *void_copy = NULL;
  YcPdfPreview *preview;
  GtkSearchEntry *search;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *training;
  StateWait state_wait;

  yc_store_apply_reference_sync (store, YC_STORE_WINDOWS, json_node_get_array (windows), &error);
  g_assert_no_error (error);
  incomplete = take_in (store, "incomplete", "张三", 1);
  accepted = take_in (store, "accepted", "李四<&>", 2);
  notice = issue (store, writer, incomplete, "one_time_notice");
  acceptance = issue (store, writer, accepted, "acceptance");

  window = adw_application_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  page = yc_letters_page_new (store, writer, settings, FALSE);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (widget_is_mapped, page, 5000);
  spin_for (100);

  /* Newest first; nothing selected yet, so nothing can be printed. */
  g_assert_cmpuint (yc_letters_page_get_n_letters (YC_LETTERS_PAGE (page)), ==, 2);
  g_assert_null (yc_letters_page_get_selected (YC_LETTERS_PAGE (page)));
  g_assert_false (gtk_widget_activate_action (page, "letters.print", NULL) &&
                  yc_letters_page_get_selected (YC_LETTERS_PAGE (page)) != NULL);
  save_snapshot (window, "letters-page-none");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (window, NULL);

  /* Choosing a letter shows its kept PDF. */
  g_assert_true (yc_letters_page_select_letter (YC_LETTERS_PAGE (page), yc_letter_get_id (notice)));
  preview = YC_PDF_PREVIEW (find_descendant (page, YC_TYPE_PDF_PREVIEW));
  spin_until (preview_ready, preview, 10000);
  g_assert_true (preview_ready (preview));
  g_assert_cmpuint (yc_pdf_preview_get_n_pages (preview), ==, 1);
  spin_for (200);
  save_snapshot (window, "letters-page-notice");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (window, NULL);

  /* Searching by the applicant's name keeps only that letter; Escape clears it. */
  search = GTK_SEARCH_ENTRY (find_descendant (page, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (search), "李四");
  spin_for (400); /* the search entry waits a moment after typing */
  g_assert_cmpuint (yc_letters_page_get_n_letters (YC_LETTERS_PAGE (page)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "no such letter");
  spin_for (400);
  g_assert_cmpuint (yc_letters_page_get_n_letters (YC_LETTERS_PAGE (page)), ==, 0);
  save_snapshot (window, "letters-page-not-found");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  spin_for (400);
  g_assert_cmpuint (yc_letters_page_get_n_letters (YC_LETTERS_PAGE (page)), ==, 2);

  /* A printer that is not there: the clerk is told, the letter stays issued, marked failed. */
  g_assert_true (yc_letters_page_select_letter (YC_LETTERS_PAGE (page), yc_letter_get_id (notice)));
  spin_until (preview_ready, preview, 10000);
  g_settings_set_string (settings, "printer", "YC-No-Such-Printer");
  g_assert_true (gtk_widget_activate_action (page, "letters.print", NULL));
  state_wait = (StateWait) { store, yc_letter_get_id (notice), YC_LETTER_PRINT_FAILED };
  spin_until (print_state_is, &state_wait, 20000);
  g_assert_true (print_state_is (&state_wait));
  spin_for (200);
  save_snapshot (window, "letters-page-print-failed");
  check_stub_copy (window, page, store, notice, dir);

  /* Through the private CUPS scheduler's PDF printer, when yc check started one. */
  if (g_getenv ("CUPS_SERVER") != NULL)
    {
      g_settings_set_string (settings, "printer", "YC-PDF");
      g_assert_true (gtk_widget_activate_action (page, "letters.print", NULL));
      state_wait.state = YC_LETTER_PRINT_PRINTED;
      spin_until (print_state_is, &state_wait, 30000);
      g_assert_true (print_state_is (&state_wait));
      spin_for (200);
      save_snapshot (window, "letters-page-printed");
    }
  else
    g_test_message ("no private CUPS scheduler: printing to a real printer not tried here");

  /* In training the stub is void too: the diagonal 培训演示 无效 adds a 训. */
  g_settings_reset (settings, "printer");
  plain = export_stub (page, dir, "stub-plain.pdf");
  training = yc_letters_page_new (store, writer, settings, TRUE);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), training);
  spin_until (widget_is_mapped, training, 5000);
  g_assert_true (yc_letters_page_select_letter (YC_LETTERS_PAGE (training),
                                                yc_letter_get_id (notice)));
  void_copy = export_stub (training, dir, "stub-training.pdf");
  g_assert_nonnull (strstr (void_copy, "存根"));
  g_assert_nonnull (strstr (void_copy, yc_letter_get_number (notice)));
  g_assert_cmpuint (letter_fixture_count (void_copy, "训"), ==,
                    letter_fixture_count (plain, "训") + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (100);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (display_log_writer_cb, NULL, NULL);
  adw_init ();
  g_test_add_func ("/app/letters-page", test_letters_page);
  return g_test_run ();
}
