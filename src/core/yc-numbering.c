/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-numbering"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-numbering.h"

G_DEFINE_QUARK (yc-numbering-error-quark, yc_numbering_error)

/* Append @value right-aligned in @spec's width: "06" pads with zeros, "6" with spaces. */
static void
append_number (GString    *out,
               guint64     value,
               const char *spec)
{
  gboolean zero = FALSE;
  guint64 width = 0;
  char digits[32];
  gsize len;

  if (spec != NULL && *spec != '\0')
    {
      if (*spec == '0')
        zero = TRUE;
      if (!g_ascii_string_to_unsigned (spec, 10, 0, 64, &width, NULL))
        width = 0;
    }

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  len = strlen (digits);
  for (gsize i = len; i < width; i++)
    g_string_append_c (out, zero ? '0' : ' ');
  g_string_append (out, digits);
}

typedef gboolean (*PlaceholderFunc) (const char *name,
                                     const char *spec,
                                     gpointer    user_data);

/* Walk @format: literal text goes to @out (when non-NULL), each placeholder to @func, which
 * returns FALSE when it did not know the name (the text is then copied literally).
 * Returns FALSE if a brace is unbalanced. */
static gboolean
walk_format (const char      *format,
             GString         *out,
             PlaceholderFunc  func,
             gpointer         user_data)
{
  const char *p = format;
  gboolean balanced = TRUE;

  while (*p != '\0')
    {
      const char *close;
      g_autofree char *inner = NULL;
      char *colon;

      if (p[0] == '{' && p[1] == '{')
        {
          if (out)
            g_string_append_c (out, '{');
          p += 2;
          continue;
        }
      if (p[0] == '}' && p[1] == '}')
        {
          if (out)
            g_string_append_c (out, '}');
          p += 2;
          continue;
        }
      if (p[0] == '}')
        balanced = FALSE;
      if (p[0] != '{')
        {
          if (out)
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      close = strchr (p + 1, '}');
      if (close == NULL || memchr (p + 1, '{', close - p - 1) != NULL)
        {
          balanced = FALSE;
          if (out)
            g_string_append_c (out, *p);
          p++;
          continue;
        }

      inner = g_strndup (p + 1, close - p - 1);
      colon = strchr (inner, ':');
      if (colon != NULL)
        *colon++ = '\0';
      if (!func (inner, colon, user_data) && out)
        g_string_append_len (out, p, close - p + 1);
      p = close + 1;
    }

  return balanced;
}

typedef struct {
  GString    *out;
  const char *prefix;
  int         year;
  const char *kind;
  const char *workstation;
  guint64     seq;
} FillData;

static gboolean
fill_placeholder (const char *name,
                  const char *spec,
                  gpointer    user_data)
{
  FillData *data = user_data;

  if (g_str_equal (name, "prefix"))
    g_string_append (data->out, data->prefix ? data->prefix : "");
  else if (g_str_equal (name, "kind"))
    g_string_append (data->out, data->kind ? data->kind : "");
  else if (g_str_equal (name, "workstation"))
    g_string_append (data->out, data->workstation ? data->workstation : "");
  else if (g_str_equal (name, "year"))
    append_number (data->out, (guint64) MAX (data->year, 0), spec);
  else if (g_str_equal (name, "seq"))
    append_number (data->out, data->seq, spec);
  else
    return FALSE;
  return TRUE;
}

char *
yc_numbering_format (const char *format,
                     const char *prefix,
                     int         year,
                     const char *kind,
                     const char *workstation,
                     guint64     seq)
{
  FillData data = { NULL, prefix, year, kind, workstation, seq };

  if (format == NULL)
    format = YC_NUMBERING_DEFAULT_FORMAT;

  data.out = g_string_new (NULL);
  walk_format (format, data.out, fill_placeholder, &data);
  return g_string_free (data.out, FALSE);
}

enum {
  SEEN_YEAR        = 1 << 0,
  SEEN_WORKSTATION = 1 << 1,
  SEEN_SEQ         = 1 << 2,
};

static gboolean
note_placeholder (const char *name,
                  const char *spec,
                  gpointer    user_data)
{
  guint *seen = user_data;

  if (g_str_equal (name, "year"))
    *seen |= SEEN_YEAR;
  else if (g_str_equal (name, "workstation"))
    *seen |= SEEN_WORKSTATION;
  else if (g_str_equal (name, "seq"))
    *seen |= SEEN_SEQ;
  return TRUE;
}

gboolean
yc_numbering_format_is_valid (const char  *format,
                              GError     **error)
{
  guint seen = 0;

  if (format == NULL || !g_utf8_validate (format, -1, NULL) ||
      !walk_format (format, NULL, note_placeholder, &seen))
    {
      g_set_error_literal (error, YC_NUMBERING_ERROR, YC_NUMBERING_ERROR_INVALID_FORMAT,
                           _("The centre’s number format is not valid."));
      return FALSE;
    }
  if (seen != (SEEN_YEAR | SEEN_WORKSTATION | SEEN_SEQ))
    {
      g_set_error_literal (error, YC_NUMBERING_ERROR, YC_NUMBERING_ERROR_INVALID_FORMAT,
                           _("The centre’s number format must contain {year}, {workstation} "
                             "and {seq}, or numbers would not be unique."));
      return FALSE;
    }
  return TRUE;
}

const char *
yc_numbering_kind_for_letter (const char *letter_kind)
{
  if (letter_kind == NULL)
    return NULL;
  if (g_str_equal (letter_kind, "one_time_notice"))
    return YC_NUMBERING_KIND_NOTICE;
  if (g_str_equal (letter_kind, "acceptance"))
    return YC_NUMBERING_KIND_ACCEPTANCE;
  if (g_str_equal (letter_kind, "refusal"))
    return YC_NUMBERING_KIND_REFUSAL;
  if (g_str_equal (letter_kind, "completion"))
    return YC_NUMBERING_KIND_COMPLETION;
  return NULL;
}
