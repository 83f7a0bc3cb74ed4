/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-letter-fonts"

#include <gio/gio.h>

#include "yc-letter-fonts.h"

static void
test_letter_faces_installed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = yc_letter_font_find (YC_LETTER_FONT_BODY, &error);
  g_autofree char *heading = NULL;
  g_autofree char *base = NULL;

  /* build-aux/yc installs fonts-noto-cjk: both faces are real files. */
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_true (g_file_test (body, G_FILE_TEST_IS_REGULAR));
  base = g_path_get_basename (body);
  g_assert_true (g_str_has_prefix (base, "NotoSerifCJK"));

  heading = yc_letter_font_find (YC_LETTER_FONT_HEADING, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (heading, G_FILE_TEST_IS_REGULAR));

  g_assert_true (yc_letter_fonts_check (&error));
  g_assert_no_error (error);
}

static void
test_substitute_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = yc_letter_font_find ("No Such Letter Face SC", &error);

  /* fontconfig would hand back some other font: that must not pass for the real one. */
  g_assert_null (path);
  g_assert_error (error, YC_LETTER_FONTS_ERROR, YC_LETTER_FONTS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "No Such Letter Face SC"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/print/letter-fonts/installed", test_letter_faces_installed);
  g_test_add_func ("/print/letter-fonts/substitute-refused", test_substitute_refused);
  return g_test_run ();
}
