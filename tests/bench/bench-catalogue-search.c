/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catalogue search benchmark (issue 11): a catalogue of 10,000 service items (the demo
 * centre's 72, each varied into 139 more with a place suffix), searched as a clerk types:
 * names, codes and pinyin initials with backspaces. For every keystroke it times
 *   - the filter alone (YcCatalogueIndex): p50_ms, p95_ms (the target: p95 <= 5 ms);
 *   - the whole keystroke in the real YcItemSearch shown in a window: setting the entry's
 *     text, the search, the results model update and the GtkListView's layout until the
 *     window's frame clock has painted the frame (keystroke_p50_ms, keystroke_p95_ms);
 *   - a floor measured in the same run: one strcmp of the query against each of the same
 *     10,000 names (floor_ms); ratio = p50_ms / floor_ms;
 *   - a redraw of the same window with nothing changed (frame_ms, the median): the part of a
 *     keystroke that is painting.
 * Keystrokes are 40 ms apart, faster than anyone types, so the frame clock is idle at each.
 * Then, on the real YcIntakePage over a local store: from Enter on the outcome (intake.finish,
 * an acceptance) to the letter shown in the preview: the case saved, the letter numbered,
 * laid out, kept, read back and its page rendered (outcome_to_preview_ms, the median).
 * Prints: p50_ms=… p95_ms=… keystroke_p50_ms=… keystroke_p95_ms=… floor_ms=… ratio=…
 * frame_ms=… outcome_to_preview_ms=… */
#define G_LOG_DOMAIN "bench-catalogue-search"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/display-support.h"
#include "../core/store-fixture.h"
#include "yc-applicant-form.h"
#include "yc-catalogue-index.h"
#include "yc-inquiry-form.h"
#include "yc-intake-page.h"
#include "yc-item-search.h"
#include "yc-materials-checklist.h"
#include "yc-pdf-preview.h"

#define N_ITEMS  10000
#define ROUNDS   3     /* the keystroke sequence is typed this many times */

/* What a clerk types: pinyin initials, a name, a code, then corrections. "" is the entry
 * cleared (every item shown). */
static const char *const keystrokes[] = {
  "g", "gt", "gtd", "gtdj", "gtd", "gt", "g", "",
  "个", "个体", "个体工", "个体工商", "个体工", "个体", "个", "",
  "S", "SC", "SCJ", "SCJG", "SCJG-", "SCJG-0", "SCJG-00", "SCJG-001", "SCJG-00", "SCJG-0", "",
  "s", "sh", "shb", "shbz", "shbzk", "shbz", "shb", "",
  "身", "身份", "身份证", "身份证换", "身份证", "",
  "d", "dj", "djb", "dj", "d", "",
  "r", "rs", "rsj", "rsj-", "rsj-0", "rsj-00", "rsj-005", "",
};

static const struct { const char *name; const char *initials; } places[] = {
  { "城关镇", "cgz" }, { "东关街道", "dgjd" }, { "西城街道", "xcjd" }, { "南湖镇", "nhz" },
  { "北山乡", "bsx" }, { "新区", "xq" }, { "开发区", "kfq" }, { "高新区", "gxq" },
  { "河西镇", "hxz" }, { "桥头镇", "qtz" }, { "龙泉乡", "lqx" }, { "石门镇", "smz" },
};

/* Every figure this benchmark prints. A later measurement (outcome_to_preview_ms: from the
 * intake outcome to the letter's preview) adds its field here and its line in
 * print_figures(), so that all figures stay on the one line the reports parse. */
typedef struct {
  double p50_ms;
  double p95_ms;
  double index_p50_ms;
  double index_p95_ms;
  double floor_ms;
  double frame_ms;  /* a frame of the same window with nothing changed: what painting costs */
  double outcome_to_preview_ms;
} Figures;

static void
print_figures (const Figures *figures)
{
  struct { const char *name; double value; } rows[] = {
    /* The filter's time per keystroke, the target (p95 <= 5 ms) … */
    { "p50_ms", figures->index_p50_ms },
    { "p95_ms", figures->index_p95_ms },
    /* … and the whole keystroke as the clerk sees it, until the frame is painted. */
    { "keystroke_p50_ms", figures->p50_ms },
    { "keystroke_p95_ms", figures->p95_ms },
    { "floor_ms", figures->floor_ms },
    { "ratio", figures->floor_ms > 0 ? figures->index_p50_ms / figures->floor_ms : 0 },
    { "frame_ms", figures->frame_ms },
    { "outcome_to_preview_ms", figures->outcome_to_preview_ms },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, rows[i].value < 0.1 ? "%.4f" : "%.2f", rows[i].value);
      printf ("%s%s=%s", i > 0 ? " " : "", rows[i].name, buf);
    }
  printf ("\n");
  fflush (stdout);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
quantile (GArray *values,
          double  q)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint index;

  g_array_sort (sorted, compare_doubles);
  index = MIN (sorted->len - 1, (guint) (q * (sorted->len - 1) + 0.5));
  return g_array_index (sorted, double, index);
}

/* ------------------------------------------------------------------ the catalogue */

static GPtrArray *
build_catalogue (void)
{
  const char *root = g_getenv ("YC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "data", "demo",
                                            "service-items.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *demo;
  guint n_demo;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  demo = json_node_get_array (json_parser_get_root (parser));
  n_demo = json_array_get_length (demo);

  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(JsonNode) node = json_node_copy (json_array_get_element (demo, i % n_demo));
      JsonObject *object = json_node_get_object (node);
      guint variant = i / n_demo;
      YcServiceItem *item;

      /* Variant 0 is the real item; the others are the same item at another place. */
      if (variant > 0)
        {
          guint place = (variant - 1) % G_N_ELEMENTS (places);
          guint serial = (variant - 1) / G_N_ELEMENTS (places) + 1;
          g_autofree char *code = g_strdup_printf ("%s-%03u",
                                                   json_object_get_string_member (object, "code"),
                                                   variant);
          g_autofree char *name = g_strdup_printf ("%s（%s第%u服务站）",
                                                   json_object_get_string_member (object, "name"),
                                                   places[place].name, serial);
          g_autofree char *pinyin = g_strdup_printf ("%s%sd%ufwz",
                                                     json_object_get_string_member (object, "pinyin"),
                                                     places[place].initials, serial);

          json_object_set_string_member (object, "code", code);
          json_object_set_string_member (object, "name", name);
          json_object_set_string_member (object, "pinyin", pinyin);
        }
      item = yc_service_item_new_from_json (object, &error);
      if (item == NULL)
        g_error ("item %u: %s", i, error->message);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* ------------------------------------------------------------------ the floor */

static volatile guint floor_sink;

static double
time_floor (char      **names,
            const char *query)
{
  gint64 start = g_get_monotonic_time ();
  guint equal = 0;

  for (guint i = 0; i < N_ITEMS; i++)
    equal += strcmp (names[i], query) == 0;
  floor_sink += equal;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_index (YcCatalogueIndex *index,
            const char       *query)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) found = yc_catalogue_index_search (index, query, 0);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  floor_sink += found->len;
  return ms;
}

/* ------------------------------------------------------------------ the widget */

typedef struct {
  gint64 painted;
  gulong handler;
} Probe;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Probe         *probe)
{
  probe->painted = g_get_monotonic_time ();
  g_clear_signal_handler (&probe->handler, clock);
}

static void
spin_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* One keystroke in the real widget: from setting the text to the painted frame. */
static double
time_keystroke (GtkWidget    *window,
                YcItemSearch *search,
                const char   *query)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Probe probe = { 0 };
  gint64 start, deadline;

  probe.handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &probe);
  start = g_get_monotonic_time ();
  gtk_editable_set_text (yc_item_search_get_entry (search), query);
  deadline = start + 5 * G_USEC_PER_SEC;
  while (probe.painted == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (probe.painted == 0)
    g_error ("no frame was painted after typing “%s”", query);
  return (probe.painted - start) / 1000.0;
}

/* A redraw of the whole window with nothing changed, to the painted frame. */
static double
time_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Probe probe = { 0 };
  gint64 start;

  probe.handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &probe);
  start = g_get_monotonic_time ();
  gtk_widget_queue_draw (window);
  while (probe.painted == 0)
    g_main_context_iteration (NULL, TRUE);
  return (probe.painted - start) / 1000.0;
}

static gboolean
window_mapped (GtkWidget *window)
{
  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

/* ------------------------------------------------------------------ outcome to preview */

#define OUTCOME_RUNS 7

static gboolean
letter_previewed (YcIntakePage *page)
{
  YcPdfPreview *preview = YC_PDF_PREVIEW (find_descendant (GTK_WIDGET (page), YC_TYPE_PDF_PREVIEW));

  return yc_intake_page_get_letter (page) != NULL && !yc_intake_page_get_busy (page) &&
         yc_pdf_preview_get_n_pages (preview) > 0 && !yc_pdf_preview_get_loading (preview);
}

/* A whole accepted visit on the intake page, OUTCOME_RUNS times; the median of the time from
 * the outcome's action to the letter's first page in the preview. */
static double
time_outcomes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.yichuang.Desk");
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = adw_window_new ();
  GtkWidget *page = yc_intake_page_new (store, writer, settings, FALSE);
  g_autoptr(JsonNode) windows = fixture_load_demo ("windows.json");
  g_autoptr(GError) error = NULL;
  YcItemSearch *search;
  double median;

  /* The letters name the clerk's window. */
  if (!yc_store_apply_reference_sync (store, YC_STORE_WINDOWS, json_node_get_array (windows),
                                      &error))
    g_error ("cannot load the windows: %s", error->message);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  while (!window_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  search = YC_ITEM_SEARCH (find_descendant (page, YC_TYPE_ITEM_SEARCH));
  while (yc_item_search_get_index (search) == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < OUTCOME_RUNS + 1; i++)
    {
      g_autoptr(YcParty) party = yc_party_new ();
      gint64 start;
      double ms;

      gtk_widget_activate_action (page, "intake.new-visitor", NULL);
      gtk_widget_activate_action (find_descendant (page, YC_TYPE_INQUIRY_FORM), "inquiry.apply",
                                  NULL);
      spin_ms (50);
      gtk_editable_set_text (yc_item_search_get_entry (search), "SCJG-004");
      spin_ms (50);
      g_signal_emit_by_name (yc_item_search_get_entry (search), "activate");
      party->kind = g_strdup ("person");
      party->name = g_strdup ("张三");
      party->id_type = g_strdup ("resident_id");
      party->id_number = g_strdup ("11010519491231002X");
      yc_applicant_form_set_applicant (YC_APPLICANT_FORM (find_descendant (page, YC_TYPE_APPLICANT_FORM)),
                                       party, NULL);
      yc_materials_checklist_set_all (YC_MATERIALS_CHECKLIST (find_descendant (page, YC_TYPE_MATERIALS_CHECKLIST)),
                                      "received");
      spin_ms (100);

      start = g_get_monotonic_time ();
      if (!gtk_widget_activate_action (page, "intake.finish", NULL))
        g_error ("the intake page has no finish action");
      while (!letter_previewed (YC_INTAKE_PAGE (page)))
        {
          g_main_context_iteration (NULL, TRUE);
          if (g_get_monotonic_time () - start > 30 * G_USEC_PER_SEC)
            g_error ("no letter in the preview after 30 s (stage %s, letter %s, busy %d)",
                     yc_intake_page_get_stage (YC_INTAKE_PAGE (page)),
                     yc_intake_page_get_letter (YC_INTAKE_PAGE (page)) != NULL ? "issued" : "none",
                     yc_intake_page_get_busy (YC_INTAKE_PAGE (page)));
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_message ("visit %u: outcome to preview %.1f ms", i, ms);
      /* The first visit warms the fonts and the writer up; it is not counted. */
      if (i > 0)
        g_array_append_val (runs, ms);
      spin_ms (100);
    }
  median = quantile (runs, 0.5);
  gtk_window_destroy (GTK_WINDOW (window));
  spin_ms (100);
  g_clear_object (&store);
  fixture_rm_rf (dir);
  return median;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(YcCatalogueIndex) index = NULL;
  g_autoptr(GArray) keystroke_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) index_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GtkCssProvider) css = NULL;
  g_autofree char **names = NULL;
  GtkWidget *window, *search;
  Figures figures = { 0 };
  gint64 built;

  gtk_init ();
  adw_init ();

  built = g_get_monotonic_time ();
  items = build_catalogue ();
  index = yc_catalogue_index_new (items);
  g_message ("10,000 items built and indexed in %.0f ms",
             (g_get_monotonic_time () - built) / 1000.0);
  names = g_new0 (char *, N_ITEMS + 1);
  for (guint i = 0; i < N_ITEMS; i++)
    names[i] = (char *) yc_service_item_get_name (g_ptr_array_index (items, i));

  /* The window as the intake page shows the search: the app's style sheet, a column of a
   * usual width, the results under the entry. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 800);
  search = yc_item_search_new ();
  gtk_widget_set_margin_top (search, 12);
  gtk_widget_set_margin_bottom (search, 12);
  gtk_widget_set_margin_start (search, 12);
  gtk_widget_set_margin_end (search, 12);
  adw_window_set_content (ADW_WINDOW (window), search);
  yc_item_search_set_index (YC_ITEM_SEARCH (search), index);
  gtk_window_present (GTK_WINDOW (window));
  while (!window_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_grab_focus (search);
  spin_ms (300);

  for (guint round = 0; round < ROUNDS; round++)
    for (guint k = 0; k < G_N_ELEMENTS (keystrokes); k++)
      {
        double ms;

        ms = time_floor (names, keystrokes[k]);
        g_array_append_val (floor_ms, ms);
        ms = time_index (index, keystrokes[k]);
        g_array_append_val (index_ms, ms);
        spin_ms (40);
        ms = time_keystroke (window, YC_ITEM_SEARCH (search), keystrokes[k]);
        /* The first round warms the fonts and the rows up; it is not counted. */
        if (round > 0)
          g_array_append_val (keystroke_ms, ms);
        spin_ms (40);
        ms = time_frame (window);
        if (round > 0)
          g_array_append_val (frame_ms, ms);
      }

  figures.p50_ms = quantile (keystroke_ms, 0.5);
  figures.p95_ms = quantile (keystroke_ms, 0.95);
  figures.index_p50_ms = quantile (index_ms, 0.5);
  figures.index_p95_ms = quantile (index_ms, 0.95);
  figures.floor_ms = quantile (floor_ms, 0.5);
  figures.frame_ms = quantile (frame_ms, 0.5);
  gtk_window_destroy (GTK_WINDOW (window));
  figures.outcome_to_preview_ms = time_outcomes ();
  print_figures (&figures);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  return 0;
}
