/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case list benchmark (issue 4): the first frame of a GtkListView over YcCaseListModel on a
 * store of 100,000 cases (with a heading, as a page of the app has) against the same view over
 * an empty store, and the frame after
 * jumping to the end of the long list.
 *
 * Each run is measured like bench-startup, exec-like: this program starts itself as a child
 * ("--child <profile>") that opens the store, creates the model and the window, and reports
 * when the window's GdkFrameClock has painted its first frame; the time runs from the spawn.
 * Runs alternate between the full and the empty store, median of RUNS. The child on the full
 * store then sets the scrolled window's vertical adjustment to its upper bound and reports the
 * time to the next painted frame. The same window timed inside one process (from window
 * creation, no exec) is printed too, as window_ms and window_empty_ms.
 * Prints: first_frame_ms=… empty_ms=… ratio=… jump_frame_ms=… … */
#define G_LOG_DOMAIN "bench-caselist"

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>

#include "yc-case-list-model.h"
#include "yc-store-private.h"

#define N_CASES 100000
#define RUNS    9

typedef struct {
  gint64         start;
  gint64         began;   /* before-paint of the frame */
  gint64         painted; /* its after-paint */
  gulong         handler;
  gulong         before_handler;
  GdkFrameClock *clock;
} Probe;

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Probe         *probe)
{
  probe->began = g_get_monotonic_time ();
  g_clear_signal_handler (&probe->before_handler, clock);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Probe         *probe)
{
  probe->painted = g_get_monotonic_time ();
  g_clear_signal_handler (&probe->handler, clock);
}

static void
on_realize_cb (GtkWidget *window,
               Probe     *probe)
{
  probe->clock = gtk_widget_get_frame_clock (window);
  probe->handler = g_signal_connect (probe->clock, "after-paint",
                                     G_CALLBACK (on_after_paint_cb), probe);
}

static void
wait_for_paint (Probe *probe)
{
  while (probe->painted == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------ the row */

/* GtkListView (GTK 4.8) keeps about 200 rows alive whatever the window shows, so a row must
 * be cheap: one widget with no children, a fixed height, and text laid out only when the row
 * is on screen. */
#define N_COLUMNS 4

static const int column_chars[N_COLUMNS] = { 30, 26, 20, 10 };

#define BENCH_TYPE_ROW (bench_row_get_type ())
G_DECLARE_FINAL_TYPE (BenchRow, bench_row, BENCH, ROW, GtkWidget)

struct _BenchRow
{
  GtkWidget    parent_instance;

  char        *text[N_COLUMNS];
  PangoLayout *layout[N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (BenchRow, bench_row, GTK_TYPE_WIDGET)

static int row_height;
static int char_width;

static void
ensure_metrics (GtkWidget *widget)
{
  PangoFontMetrics *metrics;

  if (row_height > 0)
    return;
  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);
  row_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics)) + 12;
  char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics));
  pango_font_metrics_unref (metrics);
}

static void
bench_row_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  ensure_metrics (widget);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = row_height;
  else
    {
      int chars = 0;

      for (guint i = 0; i < N_COLUMNS; i++)
        chars += column_chars[i] + 2;
      *minimum = 0;
      *natural = chars * char_width;
    }
}

/* Is any of the row inside the scrolled window that shows it? */
static gboolean
row_on_screen (GtkWidget *widget)
{
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  double x, y;

  if (viewport == NULL ||
      !gtk_widget_translate_coordinates (widget, viewport, 0, 0, &x, &y))
    return TRUE;
  return y + gtk_widget_get_height (widget) >= 0 && y <= gtk_widget_get_height (viewport);
}

static void
bench_row_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  BenchRow *self = BENCH_ROW (widget);
  GdkRGBA color;
  int x = 6;

  if (!row_on_screen (widget))
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int width = column_chars[i] * char_width;

      if (self->layout[i] == NULL && self->text[i] != NULL)
        {
          self->layout[i] = gtk_widget_create_pango_layout (widget, self->text[i]);
          pango_layout_set_width (self->layout[i], width * PANGO_SCALE);
          pango_layout_set_ellipsize (self->layout[i], PANGO_ELLIPSIZE_END);
        }
      if (self->layout[i] != NULL)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, 6));
          gtk_snapshot_append_layout (snapshot, self->layout[i], &color);
          gtk_snapshot_restore (snapshot);
        }
      x += width + 2 * char_width;
    }
}

static void
bench_row_finalize (GObject *object)
{
  BenchRow *self = BENCH_ROW (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_clear_pointer (&self->text[i], g_free);
      g_clear_object (&self->layout[i]);
    }
  G_OBJECT_CLASS (bench_row_parent_class)->finalize (object);
}

static void
bench_row_class_init (BenchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bench_row_finalize;
  widget_class->measure = bench_row_measure;
  widget_class->snapshot = bench_row_snapshot;
}

static void
bench_row_init (BenchRow *self)
{
}

static void
bench_row_set_text (BenchRow   *self,
                    guint       column,
                    const char *text)
{
  if (g_strcmp0 (self->text[column], text) == 0)
    return;
  g_free (self->text[column]);
  self->text[column] = g_strdup (text);
  g_clear_object (&self->layout[column]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, g_object_new (BENCH_TYPE_ROW, NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  YcCase *row = gtk_list_item_get_item (item);
  BenchRow *widget = BENCH_ROW (gtk_list_item_get_child (item));
  const YcParty *applicant = yc_case_get_applicant (row);
  g_autofree char *who = NULL;

  /* The applicant as lists show it: the ID number masked (D14). */
  who = g_strdup_printf ("%s %s", applicant && applicant->name ? applicant->name : "",
                         applicant && applicant->id_number ? applicant->id_number : "");
  bench_row_set_text (widget, 0, yc_case_get_number (row));
  bench_row_set_text (widget, 1, who);
  bench_row_set_text (widget, 2, yc_case_get_service_item_name (row));
  bench_row_set_text (widget, 3, yc_case_get_due_date (row));
}

/* ------------------------------------------------------------------ one window */

typedef struct {
  double first_ms;
  double jump_ms;      /* the work of the jump: inside set_value, then the frame itself */
  double jump_wall_ms; /* also waiting for the frame clock's next frame */
  gint64 painted_at;
} Run;

/* The timed part: store -> YcCaseListModel -> GtkNoSelection -> GtkListView, in a
 * GtkScrolledWindow in a GtkWindow, up to the first painted frame. */
static Run
show_list (YcStore  *store,
           gint64    start,
           gboolean  jump)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *view;
  GtkWidget *box;
  g_autofree char *heading = NULL;
  YcCaseListModel *model;
  Probe probe = { 0 };
  gint64 set;
  Run run = { 0, 0, 0, 0 };

  probe.start = start;

  model = yc_case_list_model_new (store);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (model))),
                            g_object_ref (factory));
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  /* A page of the app has a heading in Chinese, full or empty alike. */
  heading = g_strdup_printf ("我的案件（共 %u 件）",
                             g_list_model_get_n_items (G_LIST_MODEL (model)));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_label_new (heading));
  gtk_box_append (GTK_BOX (box), scrolled);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_title (GTK_WINDOW (window), "一窗 · 案件列表");
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), &probe);
  gtk_window_present (GTK_WINDOW (window));

  wait_for_paint (&probe);
  run.first_ms = (probe.painted - probe.start) / 1000.0;
  run.painted_at = probe.painted;

  if (jump)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      /* Let the window settle (the main loop running, the frame clock idle), then jump to
       * the end of the list. */
      {
        gint64 until = g_get_monotonic_time () + 200 * 1000;

        while (g_get_monotonic_time () < until)
          {
            g_main_context_iteration (NULL, FALSE);
            g_usleep (1000);
          }
      }

      probe.painted = 0;
      probe.handler = g_signal_connect (probe.clock, "after-paint",
                                        G_CALLBACK (on_after_paint_cb), &probe);
      probe.before_handler = g_signal_connect (probe.clock, "before-paint",
                                               G_CALLBACK (on_before_paint_cb), &probe);
      probe.start = g_get_monotonic_time ();
      /* The list view rebinds its rows to the end of the model right here. */
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      set = g_get_monotonic_time ();
      wait_for_paint (&probe);
      /* The frame clock paces frames to the display's refresh: the wait for the next slot
       * (up to one refresh interval) is not work, so it is left out of jump_ms. */
      run.jump_ms = ((set - probe.start) + (probe.painted - MAX (probe.began, set))) / 1000.0;
      run.jump_wall_ms = (probe.painted - probe.start) / 1000.0;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
  return run;
}

static YcStore *
open_store (const char *profile)
{
  g_autoptr(GError) error = NULL;
  YcStore *store = yc_store_open (profile, &error);

  if (store == NULL)
    g_error ("cannot open a store: %s", error->message);
  return store;
}

/* The child: what a freshly started workstation does before showing its case list. */
static int
run_child (const char *profile,
           gboolean    jump)
{
  g_autoptr(YcStore) store = NULL;
  Run run;

  gtk_init ();
  store = open_store (profile);
  run = show_list (store, g_get_monotonic_time (), jump);
  /* The parent times from the spawn: report when the first frame was painted, on the
   * monotonic clock that both processes share. */
  g_print ("painted %" G_GINT64_FORMAT " jump %.3f wall %.3f\n", run.painted_at, run.jump_ms,
           run.jump_wall_ms);
  return 0;
}

/* ------------------------------------------------------------------ the parent */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *full_profile = NULL;
  g_autofree char *empty_profile = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  double full_ms[RUNS], empty_ms[RUNS], jump_ms[RUNS], jump_wall_ms[RUNS];
  double window_ms[RUNS], window_empty_ms[RUNS];
  gint64 start;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], g_str_equal (argv[3], "jump"));

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("needs a display: run it with build-aux/yc bench caselist");

  dir = g_dir_make_tmp ("yc-bench-caselist-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  full_profile = g_build_filename (dir, "full", NULL);
  empty_profile = g_build_filename (dir, "empty", NULL);

  {
    g_autoptr(YcStore) full = open_store (full_profile);
    g_autoptr(YcStore) empty = open_store (empty_profile);

    start = g_get_monotonic_time ();
    if (!_yc_store_fill_cases_for_testing (full, N_CASES, "s-li", &error))
      g_error ("cannot fill the store: %s", error->message);
    g_printerr ("filled %d cases in %.0f ms (not timed)\n", N_CASES,
                (g_get_monotonic_time () - start) / 1000.0);
  }

  /* Exec-like runs, alternating; one of each first, uncounted, to warm the caches. */
  for (int i = -1; i < RUNS; i++)
    for (guint which = 0; which < 2; which++)
      {
        const char *child_argv[] = { argv[0], "--child", which == 0 ? full_profile : empty_profile,
                                     which == 0 ? "jump" : "no", NULL };
        g_autoptr(GSubprocess) child = NULL;
        g_autoptr(GBytes) out = NULL;
        gint64 painted = 0;
        double jump = 0;
        double wall = 0;
        const char *text;

        start = g_get_monotonic_time ();
        child = g_subprocess_newv (child_argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
        if (child == NULL || !g_subprocess_communicate (child, NULL, NULL, &out, NULL, &error) ||
            !g_subprocess_get_successful (child))
          g_error ("the child failed: %s", error ? error->message : "exit status");
        text = g_bytes_get_data (out, NULL);
        if (text == NULL || sscanf (text, "painted %" G_GINT64_FORMAT " jump %lf wall %lf",
                                    &painted, &jump, &wall) != 3)
          g_error ("the child reported no frame");
        if (i < 0)
          continue;
        if (which == 0)
          {
            full_ms[i] = (painted - start) / 1000.0;
            jump_ms[i] = jump;
            jump_wall_ms[i] = wall;
          }
        else
          empty_ms[i] = (painted - start) / 1000.0;
      }

  /* The same window inside this process, from its creation (no exec, no GTK start-up). */
  gtk_init ();
  {
    g_autoptr(YcStore) full = open_store (full_profile);
    g_autoptr(YcStore) empty = open_store (empty_profile);

    show_list (full, g_get_monotonic_time (), FALSE);
    show_list (empty, g_get_monotonic_time (), FALSE);
    for (guint i = 0; i < RUNS; i++)
      {
        window_ms[i] = show_list (full, g_get_monotonic_time (), FALSE).first_ms;
        window_empty_ms[i] = show_list (empty, g_get_monotonic_time (), FALSE).first_ms;
      }
  }

  for (guint i = 0; i < RUNS; i++)
    g_printerr ("run %u: 100k %.1f ms, empty %.1f ms, jump to the end %.1f ms (%.1f with the "
                "frame clock's wait); in-process window %.1f / %.1f ms\n",
                i + 1, full_ms[i], empty_ms[i], jump_ms[i], jump_wall_ms[i], window_ms[i],
                window_empty_ms[i]);

  {
    double full_median = median (full_ms, RUNS);
    double empty_median = median (empty_ms, RUNS);

    g_print ("first_frame_ms=%.1f empty_ms=%.1f ratio=%.2f jump_frame_ms=%.1f "
             "jump_wall_ms=%.1f window_ms=%.1f window_empty_ms=%.1f runs=%d cases=%d "
             "renderer=%s target_ratio=1.20 target_jump_ms=16\n",
             full_median, empty_median, full_median / empty_median, median (jump_ms, RUNS),
             median (jump_wall_ms, RUNS), median (window_ms, RUNS),
             median (window_empty_ms, RUNS), RUNS, N_CASES,
             g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  }

  quoted = g_shell_quote (dir);
  command = g_strdup_printf ("rm -rf %s", quoted);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_warning ("could not remove %s", dir);
  return 0;
}
