/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Startup benchmark: time from exec to the first painted frame of the main window, against the
 * floor of a bare AdwApplicationWindow started the same way by this very program. Runs are
 * alternated so that whatever the machine is doing weighs on both alike.
 * Prints: startup_ms=… floor_ms=… ratio=… runs=… */
#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "yc-application.h"

#define RUNS 9

static void
on_floor_activate_cb (GApplication *app)
{
  GtkWindow *window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));

  gtk_window_set_default_size (window, 1100, 720);
  yc_application_probe_first_frame (window);
  gtk_window_present (window);
}

static int
run_floor (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.yichuang.Desk.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (on_floor_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* Exec @argv and return the milliseconds until it reports its first frame. */
static double
time_one (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, painted = 0;
  char *line;

  start = g_get_monotonic_time ();
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (process == NULL)
    g_error ("cannot start %s: %s", argv[0], error->message);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "first-frame "))
        painted = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
      g_free (line);
    }

  if (!g_subprocess_wait_check (process, NULL, &error))
    g_error ("%s failed: %s", argv[0], error->message);
  if (painted == 0)
    g_error ("%s never reported a painted frame", argv[0]);

  return (painted - start) / 1000.0;
}

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
  const char *app_bin = g_getenv ("YC_APP_BIN");
  double app_ms[RUNS], floor_ms[RUNS];
  double app_median, floor_median;

  if (argc > 1 && g_str_equal (argv[1], "--floor"))
    return run_floor ();

  if (app_bin == NULL)
    g_error ("set YC_APP_BIN to the yichuang executable");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("needs a display: run it with build-aux/yc bench startup");

  g_setenv ("YC_STARTUP_PROBE", "1", TRUE);

  {
    const char *app_argv[] = { app_bin, NULL };
    const char *floor_argv[] = { argv[0], "--floor", NULL };

    /* One of each first, uncounted, so that both start from warm caches. */
    time_one (app_argv);
    time_one (floor_argv);

    for (guint i = 0; i < RUNS; i++)
      {
        app_ms[i] = time_one (app_argv);
        floor_ms[i] = time_one (floor_argv);
        g_printerr ("run %u: app %.1f ms, floor %.1f ms\n", i + 1, app_ms[i], floor_ms[i]);
      }
  }

  app_median = median (app_ms, RUNS);
  floor_median = median (floor_ms, RUNS);
  g_print ("startup_ms=%.1f floor_ms=%.1f ratio=%.2f runs=%d renderer=%s target_ratio=1.30\n",
           app_median, floor_median, app_median / floor_median, RUNS,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  return 0;
}
