/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the display tests share: running the main loop until something happens, snapshots
 * kept in meson-logs/screenshots/ for a person to look at, and the check that under zh_CN
 * every visible word is Chinese. */
#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "quiet-colord.h"

static inline void
spin_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static inline void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* Mapped, allocated and painted once. */
static inline gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static inline const char *
lang_tag (void)
{
  const char *lang = g_getenv ("LANG");

  return lang != NULL && g_str_has_prefix (lang, "zh") ? "zh_CN" : "en";
}

static inline void
save_snapshot (GtkWidget  *widget,
               const char *name)
{
  const char *build_root = g_getenv ("YC_BUILD_ROOT");
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  dir = g_build_filename (build_root != NULL ? build_root : ".", "meson-logs", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s-%s.png", name, lang_tag ());
  path = g_build_filename (dir, file, NULL);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  /* The paintable shows what was last drawn: wait for a frame if nothing was yet. */
  for (int i = 0; i < 100; i++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (node);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("snapshot: %s", path);
}

static inline gboolean
text_has_han (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static inline gboolean
text_has_latin_word (const char *text)
{
  int run = 0;

  for (const char *p = text; *p; p++)
    {
      run = g_ascii_isalpha (*p) ? run + 1 : 0;
      if (run >= 3)
        return TRUE;
    }
  return FALSE;
}

/* Under zh_CN, every visible label must be Chinese: a Latin word without any Han character
 * means a string was not translated. Host names and addresses are data, not words. */
static inline void
assert_widget_tree_chinese (GtkWidget  *widget,
                            const char *allowed)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      /* Key names are what keyboards print, in every language. */
      static const char * const keys[] = { "Ctrl", "Shift", "Alt", "Super", NULL };

      if (text != NULL && *text != '\0' && text_has_latin_word (text) && !text_has_han (text) &&
          !g_strv_contains (keys, text) &&
          (allowed == NULL || strstr (text, allowed) == NULL))
        g_error ("untranslated label under zh_CN: “%s”", text);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_widget_tree_chinese (child, allowed);
}

static inline gboolean
is_chinese (void)
{
  return g_str_equal (lang_tag (), "zh_CN");
}

/* The first widget of @type at or under @widget, depth first; NULL if none. */
static inline GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget a label names: a button or check button with that label, or the mnemonic
 * widget of a label with that text. */
static inline GtkWidget *
find_labelled (GtkWidget  *widget,
               const char *label)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0 &&
      gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) != NULL)
    return gtk_label_get_mnemonic_widget (GTK_LABEL (widget));
  if ((GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0) ||
      (GTK_IS_CHECK_BUTTON (widget) &&
       g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The search entry whose placeholder is @placeholder, at or under @widget. */
static inline GtkWidget *
find_by_placeholder (GtkWidget  *widget,
                     const char *placeholder)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "placeholder-text", &text, NULL);
      if (g_strcmp0 (text, placeholder) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_placeholder (child, placeholder);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The application's style sheet, as the running application loads it, for widgets shown
 * outside a YcApplication. */
static inline void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/org/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* The start of a display test that runs the application's code: a throwaway data directory
 * (never the real profile, returned to be removed at the end), the translations of the build
 * tree, GTK and libadwaita without animations (snapshots show the settled screen), and
 * @writer (display_log_writer_cb when NULL) for the log. */
static inline char *
display_test_init (int           *argc,
                   char        ***argv,
                   const char    *name,
                   GLogWriterFunc writer)
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");
  g_autofree char *template = g_strdup_printf ("yc-%s-XXXXXX", name);
  char *data_home = g_dir_make_tmp (template, NULL);

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (writer != NULL ? writer : display_log_writer_cb, NULL, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return data_home;
}
