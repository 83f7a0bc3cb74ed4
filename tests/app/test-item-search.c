/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service item search and guide of the intake page over a real store with the demo
 * catalogue: typing pinyin initials, a code and a name, moving through the results from the
 * entry, choosing with Enter, Escape; the catalogue read again when the store replaces it;
 * the guide of the chosen item, and its print into a PDF read back with Poppler.
 * Snapshots go to meson-logs/screenshots/. */
#define G_LOG_DOMAIN "test-item-search"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "../core/store-fixture.h"
#include "display-support.h"
#include "yc-item-guide.h"
#include "yc-item-search.h"
#include "yc-pdf-render.h"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct {
  YcItemSearch *search;
  YcServiceItem *chosen;
  guint n_chosen;
} Fixture;

static void
on_item_chosen_cb (YcItemSearch  *search,
                   YcServiceItem *item,
                   Fixture       *fixture)
{
  g_set_object (&fixture->chosen, item);
  fixture->n_chosen++;
}

static gboolean
index_loaded (gpointer data)
{
  return yc_item_search_get_index (YC_ITEM_SEARCH (data)) != NULL;
}

typedef struct {
  YcItemSearch *search;
  guint n_items;
} CountWait;

static gboolean
index_has (gpointer data)
{
  CountWait *wait = data;
  YcCatalogueIndex *index = yc_item_search_get_index (wait->search);

  return index != NULL && yc_catalogue_index_get_n_items (index) == wait->n_items;
}

/* Every visible label's text under @widget, one per line. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

/* A key pressed while the entry has the focus goes to the entry's key controller first (it
 * runs in the capture phase): hand it the key there, as GTK does for a real press. */
static gboolean
press_key (YcItemSearch *search,
           guint         keyval)
{
  GtkWidget *entry = GTK_WIDGET (yc_item_search_get_entry (search));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) ==
            GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  spin_for (30);
  return handled;
}

static guint
selected_position (YcItemSearch *search)
{
  GListModel *results = yc_item_search_get_results (search);
  YcServiceItem *selected = yc_item_search_get_selected (search);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(YcServiceItem) item = g_list_model_get_item (results, i);

      if (item == selected)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static guint
position_of (GListModel *results,
             const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(YcServiceItem) item = g_list_model_get_item (results, i);

      if (g_str_equal (yc_service_item_get_code (item), code))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
type_query (YcItemSearch *search,
            const char   *text)
{
  /* Character by character, as typed: each keystroke filters. */
  GtkEditable *entry = yc_item_search_get_entry (search);
  g_autoptr(GString) typed = g_string_new (NULL);

  gtk_editable_set_text (entry, "");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      g_string_append_len (typed, p, g_utf8_next_char (p) - p);
      gtk_editable_set_text (entry, typed->str);
      gtk_editable_set_position (entry, -1);
      spin_for (10);
    }
  spin_for (60);
}

static gboolean
focus_in_entry (YcItemSearch *search)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (search)));
  GtkWidget *entry = GTK_WIDGET (yc_item_search_get_entry (search));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static GHashTable *
department_names (void)
{
  g_autoptr(JsonNode) departments = fixture_load_demo ("departments.json");
  JsonArray *array = json_node_get_array (departments);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_hash_table_insert (names, g_strdup (json_object_get_string_member (object, "id")),
                           g_strdup (json_object_get_string_member (object, "name")));
    }
  return names;
}

typedef struct {
  GtkWidget  *widget;
  const char *format; /* the toast's message, up to its %s */
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *lead = g_strndup (wait->format, strstr (wait->format, "%s") - wait->format);

  collect_text (wait->widget, text);
  return strstr (text->str, lead) != NULL;
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
check_guide_pdf (YcItemGuide   *guide,
                 YcServiceItem *item,
                 const char    *dir)
{
  g_autofree char *path = g_build_filename (dir, "guide.pdf", NULL);
  YcLetterPrintOptions options = { .mode = YC_LETTER_PRINT_EXPORT, .copies = 1,
                                   .export_filename = path };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *text = NULL;
  GPtrArray *materials = yc_service_item_get_materials (item);

  yc_item_guide_print_async (guide, &options, NULL, on_printed_cb, &result);
  spin_until (result_ready, &result, 60000);
  g_assert_nonnull (result);
  g_assert_cmpint (yc_item_guide_print_finish (guide, result, &error), ==,
                   YC_LETTER_PRINT_RESULT_PRINTED);
  g_assert_no_error (error);

  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  pdf = g_mapped_file_get_bytes (file);
  document = yc_pdf_open (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (all, page_text);
    }
  text = squeeze (all->str);
  g_assert_nonnull (strstr (text, yc_service_item_get_name (item)));
  g_assert_nonnull (strstr (text, "办事指南"));
  g_assert_cmpuint (materials->len, >, 0);
  for (guint i = 0; i < materials->len; i++)
    {
      g_autofree char *name = squeeze (yc_material_get_name (g_ptr_array_index (materials, i)));

      if (strstr (text, name) == NULL)
        g_error ("the printed guide lacks the material “%s”", name);
    }
  g_test_message ("guide printed to %s", path);
}

static void
test_item_search (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(GHashTable) names = department_names ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) guide_text = g_string_new (NULL);
  g_autofree char *squeezed = NULL;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  Fixture fixture = { 0 };
  GtkWidget *window, *paned, *search_widget, *guide_widget;
  YcItemSearch *search;
  YcItemGuide *guide;
  GListModel *results;
  YcCatalogueIndex *index;
  GPtrArray *materials;
  guint target;

  /* The application's style sheet, which AdwApplication would load from its resources. */
  gtk_css_provider_load_from_resource (css, "/org/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = adw_application_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  search_widget = yc_item_search_new ();
  guide_widget = yc_item_guide_new ();
  search = YC_ITEM_SEARCH (search_widget);
  guide = YC_ITEM_GUIDE (guide_widget);
  fixture.search = search;
  gtk_widget_set_size_request (search_widget, 380, -1);
  gtk_widget_set_margin_top (search_widget, 12);
  gtk_widget_set_margin_bottom (search_widget, 12);
  gtk_widget_set_margin_start (search_widget, 12);
  gtk_widget_set_margin_end (search_widget, 12);
  gtk_paned_set_start_child (GTK_PANED (paned), search_widget);
  gtk_paned_set_end_child (GTK_PANED (paned), guide_widget);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 404);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), paned);
  g_signal_connect (search, "item-chosen", G_CALLBACK (on_item_chosen_cb), &fixture);
  yc_item_search_set_department_names (search, names);
  yc_item_guide_set_department_names (guide, names);
  yc_item_guide_set_print_context (guide, NULL, "示范县政务服务中心", FALSE);

  gtk_window_present (GTK_WINDOW (window));
  spin_until (widget_is_mapped, search_widget, 5000);

  /* The catalogue is read on a worker thread. */
  yc_item_search_set_store (search, store);
  spin_until (index_loaded, search, 10000);
  index = yc_item_search_get_index (search);
  g_assert_nonnull (index);
  g_assert_cmpuint (yc_catalogue_index_get_n_items (index), ==, 72);
  results = yc_item_search_get_results (search);
  spin_for (100);
  /* The best 30 shown, and a line saying how many more there are. */
  g_assert_cmpuint (yc_item_search_get_n_matches (search), ==, 72);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 30);
  {
    g_autoptr(GString) shown = g_string_new (NULL);

    collect_text (search_widget, shown);
    g_assert_nonnull (strstr (shown->str, "30"));
    g_assert_nonnull (strstr (shown->str, "72"));
  }

  /* Focus goes into the entry, as for the caller's mnemonic. */
  gtk_widget_grab_focus (search_widget);
  spin_for (50);
  g_assert_true (focus_in_entry (search));
  save_snapshot (window, "item-search-all");
  if (is_chinese ())
    assert_widget_tree_chinese (window, "SCJG-");

  /* Pinyin initials: g, gt, gtd, gtdj. */
  type_query (search, "gtdj");
  index = yc_item_search_get_index (search);
  {
    g_autoptr(GPtrArray) expected = yc_catalogue_index_search (index, "gtdj", 0);

    g_assert_cmpuint (yc_item_search_get_n_matches (search), ==, expected->len);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, MIN (expected->len, 30));
    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(YcServiceItem) shown = g_list_model_get_item (results, i);

        g_assert_true (shown == g_ptr_array_index (expected, i));
        g_assert_cmpint (yc_catalogue_index_match (index, shown, "gtdj"), !=,
                         YC_CATALOGUE_MATCH_NONE);
      }
  }
  target = position_of (results, "SCJG-001");
  g_assert_cmpuint (target, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (selected_position (search), ==, 0);

  /* Up at the top stays there; Down moves, one result at a time, the entry keeping focus. */
  g_assert_true (press_key (search, GDK_KEY_Up));
  g_assert_cmpuint (selected_position (search), ==, 0);
  for (guint i = 0; i < target; i++)
    {
      g_assert_true (press_key (search, GDK_KEY_Down));
      g_assert_cmpuint (selected_position (search), ==, i + 1);
    }
  g_assert_true (focus_in_entry (search));
  g_assert_cmpstr (yc_service_item_get_code (yc_item_search_get_selected (search)), ==,
                   "SCJG-001");
  save_snapshot (window, "item-search-pinyin");

  /* Enter takes the selected result. */
  g_signal_emit_by_name (yc_item_search_get_entry (search), "activate");
  spin_for (30);
  g_assert_cmpuint (fixture.n_chosen, ==, 1);
  g_assert_nonnull (fixture.chosen);
  g_assert_cmpstr (yc_service_item_get_code (fixture.chosen), ==, "SCJG-001");
  g_assert_true (yc_item_search_get_chosen (search) == fixture.chosen);

  /* An item code: that item first. Typed in lower case too. */
  type_query (search, "SCJG-001");
  g_assert_cmpuint (g_list_model_get_n_items (results), >=, 1);
  g_assert_cmpstr (yc_service_item_get_code (yc_item_search_get_selected (search)), ==,
                   "SCJG-001");
  type_query (search, "scjg-01");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5); /* SCJG-010 … SCJG-014 */
  save_snapshot (window, "item-search-code");

  /* A name: the three 个体工商户 items, every one instant (即办). */
  type_query (search, "个体");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YcServiceItem) item = g_list_model_get_item (results, i);
      g_autofree char *code = g_strdup_printf ("SCJG-%03u", i + 1);

      g_assert_cmpstr (yc_service_item_get_code (item), ==, code);
      g_assert_true (yc_service_item_get_instant (item));
    }
  g_assert_true (press_key (search, GDK_KEY_Down));
  g_assert_true (press_key (search, GDK_KEY_Down));
  g_assert_true (press_key (search, GDK_KEY_Down)); /* stays on the last */
  g_assert_cmpuint (selected_position (search), ==, 2);
  save_snapshot (window, "item-search-name");
  if (is_chinese ())
    assert_widget_tree_chinese (window, "SCJG-");

  /* Nothing found; Escape clears the query and shows the whole catalogue again. */
  type_query (search, "qqqzzz");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_assert_null (yc_item_search_get_selected (search));
  g_signal_emit_by_name (yc_item_search_get_entry (search), "activate");
  g_assert_cmpuint (fixture.n_chosen, ==, 1);
  spin_for (50);
  save_snapshot (window, "item-search-none");
  if (is_chinese ())
    assert_widget_tree_chinese (window, "SCJG-");
  g_signal_emit_by_name (yc_item_search_get_entry (search), "stop-search");
  spin_for (30);
  g_assert_cmpstr (gtk_editable_get_text (yc_item_search_get_entry (search)), ==, "");
  g_assert_cmpuint (yc_item_search_get_n_matches (search), ==, 72);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 30);

  /* The guide: no item, then the chosen one with every material. */
  save_snapshot (guide_widget, "item-guide-none");
  if (is_chinese ())
    assert_widget_tree_chinese (guide_widget, NULL);
  yc_item_guide_set_item (guide, fixture.chosen);
  spin_for (150);
  save_snapshot (window, "item-guide-SCJG-001");
  collect_text (guide_widget, guide_text);
  squeezed = squeeze (guide_text->str);
  g_assert_nonnull (strstr (guide_text->str, yc_service_item_get_name (fixture.chosen)));
  g_assert_nonnull (strstr (guide_text->str, yc_service_item_get_legal_basis (fixture.chosen)));
  g_assert_nonnull (strstr (guide_text->str, yc_service_item_get_procedure (fixture.chosen)));
  g_assert_nonnull (strstr (guide_text->str, "示范县市场监督管理局"));
  materials = yc_service_item_get_materials (fixture.chosen);
  for (guint i = 0; i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);

      g_assert_nonnull (strstr (guide_text->str, yc_material_get_name (material)));
      g_assert_nonnull (strstr (guide_text->str, yc_material_get_note (material)));
    }
  if (is_chinese ())
    {
      assert_widget_tree_chinese (guide_widget, "SCJG-");
      g_assert_nonnull (strstr (guide_text->str, "申请材料"));
      g_assert_nonnull (strstr (guide_text->str, "3个工作日"));
    }
  else
    g_assert_nonnull (strstr (guide_text->str, "3 working days"));
  {
    /* The guide's page of its stack (the status page has a scrolled window of its own). */
    GtkWidget *page = gtk_stack_get_visible_child (GTK_STACK (find_descendant (guide_widget,
                                                                               GTK_TYPE_STACK)));
    GtkAdjustment *adjustment;

    g_assert_true (GTK_IS_SCROLLED_WINDOW (page));
    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                       gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  spin_for (150);
  save_snapshot (window, "item-guide-SCJG-001-end");

  /* Printed for the visitor: every material on the page. */
  check_guide_pdf (guide, fixture.chosen, dir);

  /* guide.print goes straight to the printer of the preferences; one that is not there is
   * reported to the clerk. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.yichuang.Desk");
    ToastWait wait = { guide_widget, _("The guide could not be printed: %s") };

    g_settings_set_string (settings, "printer", "YC-No-Such-Printer");
    yc_item_guide_set_print_context (guide, settings, "示范县政务服务中心", TRUE);
    g_assert_true (gtk_widget_activate_action (guide_widget, "guide.print", NULL));
    spin_until (toast_shown, &wait, 30000);
    g_assert_true (toast_shown (&wait));
    spin_for (300);
    save_snapshot (window, "item-guide-print-failed");
    g_settings_reset (settings, "printer");
    yc_item_guide_set_print_context (guide, NULL, "示范县政务服务中心", FALSE);
  }

  /* The catalogue replaced by the sync: the search reads it again. */
  {
    g_autoptr(JsonNode) catalogue = fixture_load_demo ("service-items.json");
    JsonArray *array = json_node_get_array (catalogue);
    CountWait wait = { search, 10 };

    while (json_array_get_length (array) > 10)
      json_array_remove_element (array, json_array_get_length (array) - 1);
    g_assert_true (yc_store_apply_catalogue_sync (store, catalogue, "\"v2\"", &error));
    g_assert_no_error (error);
    spin_until (index_has, &wait, 10000);
    g_assert_true (index_has (&wait));
    spin_for (50);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 10);
    g_assert_cmpuint (yc_item_search_get_n_matches (search), ==, 10);
  }

  /* Reset forgets the choice. */
  type_query (search, "gt");
  yc_item_search_reset (search);
  g_assert_null (yc_item_search_get_chosen (search));
  g_assert_cmpstr (gtk_editable_get_text (yc_item_search_get_entry (search)), ==, "");
  yc_item_guide_set_item (guide, NULL);
  g_assert_null (yc_item_guide_get_item (guide));

  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (100);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  g_clear_object (&fixture.chosen);
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
  g_test_add_func ("/app/item-search", test_item_search);
  return g_test_run ();
}
