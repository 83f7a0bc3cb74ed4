/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display tests of the application shell: every template loads, every action fires, the
 * window finalizes when closed, the preferences explain bad settings, and under zh_CN every
 * visible word is Chinese. Snapshots go to meson-logs/screenshots/ for a person to look at. */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "yc-application.h"
#include "yc-connection-indicator.h"
#include "yc-preferences-window.h"
#include "yc-window.h"
#include "display-support.h"

static YcApplication *app;

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The first toplevel of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static YcWindow *
open_main_window (void)
{
  YcWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (YC_IS_WINDOW (window));
  spin_until (widget_is_mapped, window, 5000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  spin_for (200);
  return window;
}

static void
close_and_assert_finalized (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (window);
  spin_until (pointer_is_null, &weak, 5000);
  g_assert_null (weak);
}

static void
test_templates_load (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *indicator;
  GObject *overlay;

  indicator = g_object_ref_sink (yc_connection_indicator_new ());
  g_assert_nonnull (yc_connection_indicator_get_text (YC_CONNECTION_INDICATOR (indicator)));
  g_assert_finalize_object (indicator);

  builder = gtk_builder_new_from_resource ("/org/yichuang/Desk/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  {
    YcPreferencesWindow *prefs = yc_preferences_window_new (yc_application_get_settings (app), NULL);

    g_assert_true (YC_IS_PREFERENCES_WINDOW (prefs));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
}

static void
test_connection_indicator (void)
{
  YcConnectionIndicator *indicator = YC_CONNECTION_INDICATOR (g_object_ref_sink (yc_connection_indicator_new ()));
  g_autofree char *unconfigured = g_strdup (yc_connection_indicator_get_text (indicator));

  yc_connection_indicator_set_state (indicator, YC_CONNECTION_OFFLINE);
  yc_connection_indicator_set_pending (indicator, 3);
  g_assert_nonnull (strstr (yc_connection_indicator_get_text (indicator), "3"));
  g_assert_cmpstr (yc_connection_indicator_get_text (indicator), !=, unconfigured);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "offline"));

  yc_connection_indicator_set_state (indicator, YC_CONNECTION_SYNCING);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "syncing"));
  g_assert_nonnull (strstr (yc_connection_indicator_get_text (indicator), "3"));

  yc_connection_indicator_set_state (indicator, YC_CONNECTION_ONLINE);
  yc_connection_indicator_set_pending (indicator, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "online"));

  yc_connection_indicator_set_attention (indicator, 2);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (indicator), "attention"));

  if (is_chinese ())
    {
      yc_connection_indicator_set_attention (indicator, 0);
      g_assert_cmpstr (yc_connection_indicator_get_text (indicator), ==, "在线");
    }

  g_assert_finalize_object (indicator);
}

static void
test_main_window (void)
{
  YcWindow *window;
  YcConnectionIndicator *indicator;
  GSettings *settings = yc_application_get_settings (app);

  g_settings_reset (settings, "server-url");
  window = open_main_window ();
  indicator = yc_window_get_connection_indicator (window);
  g_assert_cmpint (yc_connection_indicator_get_state (indicator), ==, YC_CONNECTION_UNCONFIGURED);

  if (is_chinese ())
    {
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "一窗");
      assert_widget_tree_chinese (GTK_WIDGET (window), NULL);
    }
  else
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Yichuang");

  save_snapshot (GTK_WIDGET (window), "window");

  /* A server address changes what the window says, at once. */
  g_settings_set_string (settings, "server-url", "https://yc.example.gov.cn");
  spin_for (50);
  g_assert_cmpint (yc_connection_indicator_get_state (indicator), ==, YC_CONNECTION_SIGNED_OUT);
  if (is_chinese ())
    assert_widget_tree_chinese (GTK_WIDGET (window), "https://");

  /* A bad one stored behind our back is explained, not a crash. */
  g_settings_set_string (settings, "server-url", "ftp://yc.example.gov.cn");
  spin_for (50);
  g_assert_cmpint (yc_connection_indicator_get_state (indicator), ==, YC_CONNECTION_UNCONFIGURED);

  g_settings_reset (settings, "server-url");
  close_and_assert_finalized (GTK_WINDOW (window));
}

static YcPreferencesWindow *
open_preferences (void)
{
  YcWindow *window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  YcPreferencesWindow *prefs;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  prefs = YC_PREFERENCES_WINDOW (find_toplevel (YC_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  spin_until (widget_is_mapped, prefs, 5000);
  spin_for (100);
  return prefs;
}

static void
test_preferences (void)
{
  GSettings *settings = yc_application_get_settings (app);
  YcWindow *window;
  YcPreferencesWindow *prefs;
  const char *problem;

  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "ca-file");
  window = open_main_window ();

  /* No server address: said plainly. */
  prefs = open_preferences ();
  problem = yc_preferences_window_get_server_problem (prefs);
  g_assert_nonnull (problem);
  if (is_chinese ())
    {
      g_assert_true (text_has_han (problem));
      assert_widget_tree_chinese (GTK_WIDGET (prefs), NULL);
    }
  save_snapshot (GTK_WIDGET (prefs), "preferences");
  close_and_assert_finalized (GTK_WINDOW (prefs));

  /* An address that would send passwords in the clear. */
  g_settings_set_string (settings, "server-url", "http://yc.example.gov.cn");
  prefs = open_preferences ();
  problem = yc_preferences_window_get_server_problem (prefs);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "https://"));
  close_and_assert_finalized (GTK_WINDOW (prefs));

  /* A CA file that does not exist. */
  g_settings_set_string (settings, "server-url", "https://yc.example.gov.cn");
  g_settings_set_string (settings, "ca-file", "/nonexistent/site-ca.pem");
  prefs = open_preferences ();
  problem = yc_preferences_window_get_server_problem (prefs);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "/nonexistent/site-ca.pem"));
  save_snapshot (GTK_WIDGET (prefs), "preferences-bad-ca");
  close_and_assert_finalized (GTK_WINDOW (prefs));

  /* Everything in order: no message. */
  g_settings_reset (settings, "ca-file");
  g_settings_set_string (settings, "server-url", "http://127.0.0.1:8470");
  prefs = open_preferences ();
  g_assert_null (yc_preferences_window_get_server_problem (prefs));
  close_and_assert_finalized (GTK_WINDOW (prefs));

  g_settings_reset (settings, "server-url");
  close_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_actions (void)
{
  YcWindow *window = open_main_window ();
  GtkWindow *about;
  GtkWindow *shortcuts;
  gpointer weak;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  spin_until (widget_is_mapped, about, 5000);
  save_snapshot (GTK_WIDGET (about), "about");
  close_and_assert_finalized (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  spin_until (widget_is_mapped, shortcuts, 5000);
  spin_for (100);
  if (is_chinese ())
    assert_widget_tree_chinese (GTK_WIDGET (shortcuts), NULL);
  save_snapshot (GTK_WIDGET (shortcuts), "shortcuts");
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);

  /* The accelerators the shortcuts window promises are really set. */
  {
    g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
    g_auto(GStrv) prefs = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
    g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");

    g_assert_true (g_strv_contains ((const char * const *) quit, "<Control>q"));
    g_assert_true (g_strv_contains ((const char * const *) prefs, "<Control>comma"));
    g_assert_true (g_strv_contains ((const char * const *) help, "F1"));
  }

  /* Quit closes the window, which then goes away completely. */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.quit", NULL));
  spin_until (pointer_is_null, &weak, 5000);
  g_assert_null (weak);
}

static void
test_training_window (void)
{
  YcWindow *window;

  yc_application_set_training (app, TRUE);
  window = open_main_window ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "yc-training"));
  save_snapshot (GTK_WIDGET (window), "window-training");
  close_and_assert_finalized (GTK_WINDOW (window));
  yc_application_set_training (app, FALSE);
}

int
main (int    argc,
      char **argv)
{
  /* Never the real profile: a throwaway data directory for this run. */
  g_autofree char *data_home = display_test_init (&argc, &argv, "test-window", NULL);
  int ret;

  app = g_object_new (YC_TYPE_APPLICATION,
                      "application-id", "org.yichuang.Desk.Test",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/yichuang/Desk",
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/app/templates-load", test_templates_load);
  g_test_add_func ("/app/connection-indicator", test_connection_indicator);
  g_test_add_func ("/app/main-window", test_main_window);
  g_test_add_func ("/app/preferences", test_preferences);
  g_test_add_func ("/app/training-window", test_training_window);
  g_test_add_func ("/app/actions", test_actions);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
