/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake page driven as a clerk drives it, against the real yichuang-server, through the
 * store and the outbox: a first inquiry answered, one guided to another window, and a whole
 * visit for each of the four outcomes (accepted and instant online, incomplete and refused
 * with the server stopped); the returning applicant completing the materials the one-time
 * notice asked for (D8); an invalid identity that holds the outcome back; the evaluation; the
 * accessible names. Every stage is saved as a snapshot in meson-logs/screenshots/. */
#define G_LOG_DOMAIN "test-intake-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <poppler.h>

#include "display-support.h"
#include "e2e-support.h"
#include "quiet-colord.h"
#include "yc-applicant-form.h"
#include "yc-case-history.h"
#include "yc-evaluation-form.h"
#include "yc-inquiry-form.h"
#include "yc-intake-page.h"
#include "yc-item-search.h"
#include "yc-materials-checklist.h"
#include "yc-pdf-preview.h"

#define WAIT_MS 20000

typedef struct {
  E2eServer      *server;
  char           *profile;
  YcWorkstation  *ws;
  YcStore        *store;
  YcLetterWriter *writer;
  GSettings      *settings;
  GtkWidget      *window;
  GtkWidget      *page;
} Fixture;

/* ------------------------------------------------------------------ finding widgets */

static GtkWidget *
must_find (Fixture    *f,
           const char *label)
{
  GtkWidget *widget = find_labelled (f->page, label);

  if (widget == NULL)
    g_error ("no widget labelled “%s”", label);
  return widget;
}

/* ------------------------------------------------------------------ waiting */

static gboolean
stage_is (gpointer data)
{
  void **pair = data;

  return g_strcmp0 (yc_intake_page_get_stage (pair[0]), pair[1]) == 0 &&
         !yc_intake_page_get_busy (pair[0]);
}

static void
wait_stage (Fixture    *f,
            const char *stage)
{
  void *pair[2] = { f->page, (void *) stage };

  spin_until (stage_is, pair, WAIT_MS);
  g_assert_cmpstr (yc_intake_page_get_stage (YC_INTAKE_PAGE (f->page)), ==, stage);
  g_assert_false (yc_intake_page_get_busy (YC_INTAKE_PAGE (f->page)));
  spin_for (150);
}

static gboolean
preview_shown (gpointer data)
{
  YcIntakePage *page = data;
  YcPdfPreview *preview = YC_PDF_PREVIEW (find_descendant (GTK_WIDGET (page), YC_TYPE_PDF_PREVIEW));

  return yc_intake_page_get_letter (page) != NULL && !yc_intake_page_get_busy (page) &&
         yc_pdf_preview_get_n_pages (preview) > 0 && !yc_pdf_preview_get_loading (preview);
}

static void
act (Fixture    *f,
     const char *action)
{
  g_assert_true (gtk_widget_activate_action (f->page, action, NULL));
}

/* An action of a part of the page (the inquiry form, the evaluation), as its buttons fire it. */
static void
act_in (Fixture    *f,
        GType       part,
        const char *action)
{
  GtkWidget *widget = find_descendant (f->page, part);

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
}

static gboolean
finish_sensitive (Fixture *f)
{
  return gtk_widget_get_sensitive (must_find (f, _("_Finish and Issue the Letter")));
}

/* ------------------------------------------------------------------ the steps of a visit */

static void
start_application (Fixture    *f,
                   const char *question)
{
  act (f, "intake.new-visitor");
  wait_stage (f, "inquiry");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Question"))), question);
  act_in (f, YC_TYPE_INQUIRY_FORM, "inquiry.apply");
  wait_stage (f, "visit");
}

static gboolean
index_loaded (gpointer data)
{
  return yc_item_search_get_index (data) != NULL;
}

static void
choose_item (Fixture    *f,
             const char *typed,
             const char *code)
{
  YcItemSearch *search = YC_ITEM_SEARCH (find_descendant (f->page, YC_TYPE_ITEM_SEARCH));
  GtkEditable *entry = yc_item_search_get_entry (search);
  GtkWidget *label;
  g_autofree char *markup = NULL;

  /* The catalogue is read off the main thread when the page is made. */
  spin_until (index_loaded, search, WAIT_MS);
  g_assert_nonnull (yc_item_search_get_index (search));
  gtk_editable_set_text (entry, typed);
  spin_for (200);
  /* Enter chooses the best result. */
  g_signal_emit_by_name (entry, "activate");
  spin_for (150);
  g_assert_nonnull (yc_item_search_get_chosen (search));
  g_assert_cmpstr (yc_service_item_get_code (yc_item_search_get_chosen (search)), ==, code);
  label = must_find (f, _("Change _Item"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (label)));
  /* The guide beside the form names the chosen item. */
  markup = g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (gtk_widget_get_parent (label)))));
  g_assert_nonnull (strstr (markup, code));
}

static void
fill_person (Fixture    *f,
             const char *name,
             guint       serial)
{
  g_autoptr(YcParty) party = yc_party_new ();
  GtkWidget *form = find_descendant (f->page, YC_TYPE_APPLICANT_FORM);

  party->kind = g_strdup ("person");
  party->name = g_strdup (name);
  party->id_type = g_strdup ("resident_id");
  party->id_number = e2e_resident_id (serial);
  party->phone = g_strdup ("13800138000");
  yc_applicant_form_set_applicant (YC_APPLICANT_FORM (form), party, NULL);
  spin_for (100);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
}

static YcMaterialsChecklist *
checklist (Fixture *f)
{
  return YC_MATERIALS_CHECKLIST (find_descendant (f->page, YC_TYPE_MATERIALS_CHECKLIST));
}

/* Finish the visit with Ctrl+Enter's action; the letter of @kind shows in the preview. */
static YcCase *
finish (Fixture    *f,
        const char *kind,
        const char *snapshot)
{
  YcLetter *letter;
  g_autoptr(GError) error = NULL;
  YcCase *stored;

  act (f, "intake.finish");
  spin_until (preview_shown, f->page, WAIT_MS);
  if (!preview_shown (f->page))
    save_snapshot (f->window, "intake-failed");
  g_assert_true (preview_shown (f->page));
  g_assert_cmpstr (yc_intake_page_get_stage (YC_INTAKE_PAGE (f->page)), ==, "done");
  letter = yc_intake_page_get_letter (YC_INTAKE_PAGE (f->page));
  g_assert_cmpstr (yc_letter_get_kind (letter), ==, kind);
  g_assert_nonnull (yc_letter_get_pdf_sha256 (letter));
  spin_for (200);
  save_snapshot (f->window, snapshot);
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");
  stored = yc_store_get_case (f->store, yc_case_get_id (yc_intake_page_get_case (YC_INTAKE_PAGE (f->page))),
                              &error);
  g_assert_no_error (error);
  return stored;
}

static gboolean
letter_printed (gpointer data)
{
  Fixture *f = data;
  YcLetter *letter = yc_intake_page_get_letter (YC_INTAKE_PAGE (f->page));
  g_autoptr(YcStoreLetterInfo) info = letter != NULL
                                      ? yc_store_get_letter_info (f->store, yc_letter_get_id (letter), NULL)
                                      : NULL;

  return info != NULL && info->print_state == YC_LETTER_PRINT_PRINTED &&
         !yc_intake_page_get_busy (YC_INTAKE_PAGE (f->page));
}

static void
evaluate (Fixture *f,
          int      stars)
{
  g_autofree char *label = g_strdup_printf ("_%d", stars);
  GtkWidget *button = NULL;
  g_autoptr(JsonObject) evaluation = NULL;
  const char *labels[] = { N_("_1 Very dissatisfied"), N_("_2 Dissatisfied"),
                           N_("_3 Basically satisfied"), N_("_4 Satisfied"),
                           N_("_5 Very satisfied") };

  button = must_find (f, _(labels[stars - 1]));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("Co_mment"))), "办事很快");
  act_in (f, YC_TYPE_EVALUATION_FORM, "evaluation.record");
  spin_for (300);
  evaluation = yc_store_get_evaluation (f->store,
                                        yc_case_get_id (yc_intake_page_get_case (YC_INTAKE_PAGE (f->page))),
                                        NULL);
  g_assert_nonnull (evaluation);
  g_assert_cmpint (json_object_get_int_member (evaluation, "rating"), ==, stars);

  /* The case's history, from the visit that just ended, ends with the rating (D17). */
  g_assert_true (gtk_widget_activate_action (f->page, "intake.history", NULL));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    YcCaseHistory *history = NULL;
    g_autofree char *last = NULL;
    g_autofree char *rated = g_strdup_printf (_("Rated by the applicant: %d of 5"), stars);

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && history == NULL; i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (YC_IS_CASE_HISTORY (window))
          history = YC_CASE_HISTORY (window);
      }
    g_assert_nonnull (history);
    g_assert_cmpuint (yc_case_history_get_n_steps (history), >=, 2);
    last = yc_case_history_dup_step (history, yc_case_history_get_n_steps (history) - 1);
    g_assert_nonnull (strstr (last, rated));
    gtk_window_destroy (GTK_WINDOW (history));
  }
}

/* ------------------------------------------------------------------ fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = e2e_server_new ();
  f->profile = e2e_make_tmpdir ("yc-intake-XXXXXX");
  f->ws = e2e_workstation_new (f->profile, f->server->url, "W01");
  f->store = yc_workstation_get_store (f->ws);
  e2e_sign_in (yc_workstation_get_session (f->ws), "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (f->store, WAIT_MS));
  f->writer = yc_letter_writer_new (NULL);
  f->settings = g_settings_new ("org.yichuang.Desk");

  f->window = adw_application_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 860);
  /* data: a training page (its letters must carry the void mark). */
  f->page = yc_intake_page_new (f->store, f->writer, f->settings, data != NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  spin_until (widget_is_mapped, f->page, 5000);
  spin_for (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin_for (100);
  g_clear_object (&f->settings);
  g_clear_object (&f->writer);
  g_clear_object (&f->ws);
  e2e_server_free (f->server);
  e2e_rm_rf (f->profile);
  g_free (f->profile);
}

/* ------------------------------------------------------------------ tests */

static void
test_inquiries (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonArray) audit = NULL;
  guint inquiries = 0;

  save_snapshot (f->window, "intake-idle");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");

  /* Answered on the spot. */
  act (f, "intake.new-visitor");
  wait_stage (f, "inquiry");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("Visitor’s _name"))), "王五");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Phone"))), "1380013800");
  spin_for (50);
  /* A phone number one digit short is pointed out at once. */
  g_assert_true (gtk_widget_has_css_class (must_find (f, _("_Phone")), "error"));
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Phone"))), "13800138000");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Question"))), "营业执照遗失怎么补办");
  save_snapshot (f->window, "intake-inquiry");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");
  act_in (f, YC_TYPE_INQUIRY_FORM, "inquiry.answered");
  wait_stage (f, "idle");

  /* Guided to another window. */
  act (f, "intake.new-visitor");
  wait_stage (f, "inquiry");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Question"))), "社保卡挂失");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (must_find (f, _("Guide to _window")))),
                    !=, GTK_INVALID_LIST_POSITION);
  act_in (f, YC_TYPE_INQUIRY_FORM, "inquiry.guided");
  wait_stage (f, "idle");

  /* Came for an application, then left before it was taken in: still registered (D2). */
  start_application (f, "咨询餐饮店开办");
  act (f, "intake.cancel");
  wait_stage (f, "idle");

  audit = yc_store_list_audit_events (f->store, 50, NULL);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (audit, i), "entity"),
                   "inquiry") == 0)
      inquiries++;
  g_assert_cmpuint (inquiries, ==, 3);
  g_assert_true (e2e_wait_drained (yc_workstation_get_outbox (f->ws), WAIT_MS));
}

static void
test_four_outcomes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcCase) accepted = NULL;
  g_autoptr(YcCase) instant = NULL;
  g_autoptr(YcCase) incomplete = NULL;
  g_autoptr(YcCase) refused = NULL;
  g_autoptr(YcCase) completed = NULL;
  g_autoptr(GHashTable) at_server = NULL;
  GtkWidget *find_entry;
  GtkWidget *form;

  /* Accepted, online: SCJG-004 found by its code, every material received. */
  start_application (f, "办理食品经营许可");
  save_snapshot (f->window, "intake-visit-empty");
  /* Nothing can be finished before the item is chosen. */
  g_assert_false (finish_sensitive (f));
  choose_item (f, "SCJG-004", "SCJG-004");
  fill_person (f, "张三", 11);
  yc_materials_checklist_set_all (checklist (f), "received");
  spin_for (100);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (f, _("_1 Accept: the materials are complete")))));
  save_snapshot (f->window, "intake-visit-accepted");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");
  accepted = finish (f, "acceptance", "intake-done-accepted");
  g_assert_cmpstr (yc_case_get_status (accepted), ==, "accepted");
  g_assert_nonnull (yc_case_get_due_date (accepted));
  /* Ctrl+P prints the letter on the printer chosen in the preferences: the private CUPS
   * scheduler's PDF printer when yc check started one. */
  if (g_getenv ("CUPS_SERVER") != NULL)
    {
      const char *letter_id = yc_letter_get_id (yc_intake_page_get_letter (YC_INTAKE_PAGE (f->page)));

      g_settings_set_string (f->settings, "printer", "YC-PDF");
      act (f, "intake.print");
      spin_until (letter_printed, (gpointer) f, 30000);
      g_assert_true (letter_printed (f));
      g_assert_nonnull (letter_id);
      g_settings_reset (f->settings, "printer");
    }
  else
    g_test_message ("no private CUPS scheduler: printing from the intake page not tried here");
  evaluate (f, 5);
  save_snapshot (f->window, "intake-evaluated");

  /* Instant, online: 个体工商户设立登记 found by its pinyin initials. */
  start_application (f, "开个体户");
  choose_item (f, "gtdj", "SCJG-001");
  fill_person (f, "李四", 12);
  yc_materials_checklist_set_all (checklist (f), "received");
  spin_for (100);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (f, _("_2 Complete instantly (即来即办)")))));
  instant = finish (f, "completion", "intake-done-instant");
  g_assert_cmpstr (yc_case_get_status (instant), ==, "completed");
  g_assert_true (e2e_wait_drained (yc_workstation_get_outbox (f->ws), WAIT_MS));

  /* The server goes away: the hall goes on. */
  e2e_server_stop (f->server);

  /* Materials incomplete, offline: the one-time notice lists what is missing. */
  start_application (f, "食品经营许可");
  choose_item (f, "SCJG-004", "SCJG-004");
  fill_person (f, "赵六", 13);
  yc_materials_checklist_set_all (checklist (f), "missing");
  spin_for (100);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (must_find (f, _("_3 Materials incomplete: issue the one-time notice")))));
  /* Accepting is refused while a mandatory material is missing, and the screen says why. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (must_find (f, _("_1 Accept: the materials are complete"))), TRUE);
  spin_for (50);
  g_assert_false (finish_sensitive (f));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (must_find (f, _("_3 Materials incomplete: issue the one-time notice"))), TRUE);
  save_snapshot (f->window, "intake-visit-incomplete");
  incomplete = finish (f, "one_time_notice", "intake-done-incomplete");
  g_assert_cmpstr (yc_case_get_status (incomplete), ==, "incomplete");
  /* Saved here, waiting in the outbox for the server. */
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (incomplete)), ==,
                   YC_SYNC_STATE_PENDING);

  /* Not accepted, offline: reason and legal basis are required. */
  start_application (f, "咨询跨省事项");
  choose_item (f, "SCJG-004", "SCJG-004");
  fill_person (f, "钱七", 14);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (must_find (f, _("_4 Not accepted: issue the refusal notice"))), TRUE);
  spin_for (100);
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Why it is not accepted"))), "申请事项不属于本中心职权范围");
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("Legal _basis"))), "《中华人民共和国行政许可法》第三十二条第一款第（二）项");
  save_snapshot (f->window, "intake-visit-refused");
  refused = finish (f, "refusal", "intake-done-refused");
  g_assert_cmpstr (yc_case_get_status (refused), ==, "refused");

  /* The returning applicant (still offline) brings what the notice asked for. */
  act (f, "intake.find-case");
  wait_stage (f, "find");
  find_entry = find_by_placeholder (f->page, _("Case number, ID number or name"));
  g_assert_nonnull (find_entry);
  gtk_editable_set_text (GTK_EDITABLE (find_entry), yc_case_get_number (incomplete));
  spin_for (300);
  save_snapshot (f->window, "intake-find");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");
  g_signal_emit_by_name (find_entry, "activate");
  wait_stage (f, "visit");
  form = find_descendant (f->page, YC_TYPE_APPLICANT_FORM);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  save_snapshot (f->window, "intake-returning");
  yc_materials_checklist_set_all (checklist (f), "received");
  spin_for (100);
  completed = finish (f, "acceptance", "intake-done-returning");
  g_assert_cmpstr (yc_case_get_id (completed), ==, yc_case_get_id (incomplete));
  g_assert_cmpstr (yc_case_get_status (completed), ==, "accepted");

  /* The server comes back: every case of the day arrives, once. */
  e2e_server_start (f->server);
  g_assert_true (e2e_wait_drained (yc_workstation_get_outbox (f->ws), 40000));
  g_assert_cmpint (e2e_server_count_case (f->server, yc_case_get_id (accepted)), ==, 1);
  g_assert_cmpint (e2e_server_count_case (f->server, yc_case_get_id (instant)), ==, 1);
  g_assert_cmpint (e2e_server_count_case (f->server, yc_case_get_id (incomplete)), ==, 1);
  g_assert_cmpint (e2e_server_count_case (f->server, yc_case_get_id (refused)), ==, 1);
  at_server = e2e_server_cases (f->server);
  g_assert_cmpuint (g_hash_table_size (at_server), >=, 4);
}

static void
test_invalid_identity (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcParty) party = yc_party_new ();
  g_autofree char *id = e2e_resident_id (21);
  GtkWidget *form;
  g_autofree char *wrong = NULL;

  start_application (f, "食品经营许可");
  choose_item (f, "SCJG-004", "SCJG-004");
  yc_materials_checklist_set_all (checklist (f), "received");

  /* A wrong check character: the outcome waits, and the form says why. */
  wrong = g_strdup (id);
  wrong[17] = wrong[17] == '1' ? '2' : '1';
  party->kind = g_strdup ("person");
  party->name = g_strdup ("孙八");
  party->id_type = g_strdup ("resident_id");
  party->id_number = g_strdup (wrong);
  form = find_descendant (f->page, YC_TYPE_APPLICANT_FORM);
  yc_applicant_form_set_applicant (YC_APPLICANT_FORM (form), party, NULL);
  spin_for (100);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  act (f, "intake.finish");
  spin_for (300);
  g_assert_cmpstr (yc_intake_page_get_stage (YC_INTAKE_PAGE (f->page)), ==, "visit");
  g_assert_null (yc_intake_page_get_case (YC_INTAKE_PAGE (f->page)));
  save_snapshot (f->window, "intake-invalid-id");
  if (g_str_equal (lang_tag (), "zh_CN"))
    assert_widget_tree_chinese (f->window, "SCJG");
  /* The finish button is held back, and the clerk sees which check failed. */
  g_assert_false (finish_sensitive (f));

  /* Corrected, it goes through. */
  g_free (party->id_number);
  party->id_number = g_strdup (id);
  yc_applicant_form_set_applicant (YC_APPLICANT_FORM (form), party, NULL);
  spin_for (100);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  {
    g_autoptr(YcCase) stored = finish (f, "acceptance", "intake-done-corrected");

    g_assert_cmpstr (yc_case_get_applicant (stored)->id_number, ==, id);
  }
}

/* Every control the clerk can reach has a name a screen reader can say: its own label, a
 * label property, or a label that names it (labelled-by). */
static void
assert_named (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if ((GTK_IS_EDITABLE (widget) && !GTK_IS_TEXT (widget)) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                       gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY);

      if (!named)
        g_error ("a %s has no accessible name", G_OBJECT_TYPE_NAME (widget));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_named (child);
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  act (f, "intake.new-visitor");
  wait_stage (f, "inquiry");
  assert_named (f->page);
  gtk_editable_set_text (GTK_EDITABLE (must_find (f, _("_Question"))), "食品经营许可");
  act_in (f, YC_TYPE_INQUIRY_FORM, "inquiry.apply");
  wait_stage (f, "visit");
  assert_named (f->page);
  choose_item (f, "SCJG-004", "SCJG-004");
  assert_named (f->page);
  act (f, "intake.find-case");
  wait_stage (f, "find");
  assert_named (f->page);
}

/* The letter the page issued, as text (Poppler). */
static char *
issued_letter_text (Fixture *f)
{
  YcLetter *letter = yc_intake_page_get_letter (YC_INTAKE_PAGE (f->page));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = yc_store_dup_letter_pdf_path (f->store, yc_letter_get_id (letter));
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
      g_object_unref (page);
    }
  g_object_unref (document);
  return g_string_free (text, FALSE);
}

static guint
count_of (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Training mode (issue 13): the letter a training page issues carries the void watermark
 * (培训演示 无效, drawn diagonally, which Poppler reads out of order: its 训 is counted); the
 * letter of a real page has none. */
static void
test_letter_mark (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(YcCase) accepted = NULL;
  g_autofree char *text = NULL;

  start_application (f, "办理食品经营许可");
  choose_item (f, "SCJG-004", "SCJG-004");
  fill_person (f, "张三", 12);
  yc_materials_checklist_set_all (checklist (f), "received");
  spin_for (100);
  accepted = finish (f, "acceptance", data != NULL ? "intake-letter-training" : "intake-letter-real");
  text = issued_letter_text (f);
  g_assert_nonnull (strstr (text, yc_letter_get_number (yc_intake_page_get_letter (YC_INTAKE_PAGE (f->page)))));
  if (data != NULL)
    g_assert_cmpuint (count_of (text, "训"), >, 0);
  else
    g_assert_cmpuint (count_of (text, "训"), ==, 0);
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
  load_app_style ();
  g_test_add ("/intake/inquiries", Fixture, NULL, fixture_set_up, test_inquiries, fixture_tear_down);
  g_test_add ("/intake/four-outcomes", Fixture, NULL, fixture_set_up, test_four_outcomes,
              fixture_tear_down);
  g_test_add ("/intake/invalid-identity", Fixture, NULL, fixture_set_up, test_invalid_identity,
              fixture_tear_down);
  g_test_add ("/intake/accessible", Fixture, NULL, fixture_set_up, test_accessible,
              fixture_tear_down);
  g_test_add ("/intake/letter-mark/real", Fixture, NULL, fixture_set_up, test_letter_mark,
              fixture_tear_down);
  g_test_add ("/intake/letter-mark/training", Fixture, "training", fixture_set_up,
              test_letter_mark, fixture_tear_down);
  return g_test_run ();
}
