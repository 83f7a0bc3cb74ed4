/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>

#include "yc-letter-fonts.h"

G_DEFINE_QUARK (yc-letter-fonts-error-quark, yc_letter_fonts_error)

char *
yc_letter_font_find (const char  *family,
                     GError     **error)
{
  FcPattern *pattern;
  FcPattern *match = NULL;
  FcResult result = FcResultNoMatch;
  FcChar8 *matched_family = NULL;
  FcChar8 *file = NULL;
  char *path = NULL;

  g_return_val_if_fail (family != NULL, NULL);

  pattern = FcPatternCreate ();
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  FcPatternAddString (pattern, FC_LANG, (const FcChar8 *) "zh-cn");
  FcPatternAddInteger (pattern, FC_WEIGHT, FC_WEIGHT_REGULAR);
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);

  /* fontconfig always finds *something*: only the family asked for will do. */
  if (match != NULL &&
      FcPatternGetString (match, FC_FAMILY, 0, &matched_family) == FcResultMatch &&
      g_ascii_strcasecmp ((const char *) matched_family, family) == 0 &&
      FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch)
    path = g_strdup ((const char *) file);
  else
    g_set_error (error, YC_LETTER_FONTS_ERROR, YC_LETTER_FONTS_ERROR_MISSING,
                 _("The font “%s” that letters are printed in is not installed (Debian package fonts-noto-cjk)."),
                 family);

  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return path;
}

gboolean
yc_letter_fonts_check (GError **error)
{
  g_autofree char *body = yc_letter_font_find (YC_LETTER_FONT_BODY, error);
  g_autofree char *heading = NULL;

  if (body == NULL)
    return FALSE;
  heading = yc_letter_font_find (YC_LETTER_FONT_HEADING, error);
  return heading != NULL;
}

gboolean
yc_letter_fonts_ensure (GError **error)
{
  static gint found;

  if (g_atomic_int_get (&found))
    return TRUE;
  if (!yc_letter_fonts_check (error))
    return FALSE;
  g_atomic_int_set (&found, TRUE);
  return TRUE;
}
