/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-json-check"

#include "config.h"

#include <string.h>

#include "yc-server-json-check.h"

typedef struct {
  const char *p;
  const char *end;
  guint       depth;
  guint       max_depth;
  gboolean    too_deep;
} Scanner;

static void
scan_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

/* The value of the escape "uXXXX" at @p (after its backslash), or -1. */
static int
read_escape (const char *p,
             const char *end)
{
  int value = 0;

  if (end - p < 5 || p[0] != 'u')
    return -1;
  for (int i = 1; i <= 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (p[i]);
    }
  return value;
}

static gboolean
scan_string (Scanner *s)
{
  s->p++;  /* the opening quote */
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          s->p++;
          continue;
        }
      if (++s->p >= s->end)
        return FALSE;
      switch (*s->p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          s->p++;
          break;
        case 'u':
          {
            int value = read_escape (s->p, s->end);

            /* json-glib cuts a string at U+0000 and makes bytes that are not UTF-8 of a
             * surrogate without its pair: refuse what it cannot hold. */
            if (value <= 0 || (value >= 0xDC00 && value <= 0xDFFF))
              return FALSE;
            s->p += 5;
            if (value >= 0xD800 && value <= 0xDBFF)
              {
                int low;

                if (s->end - s->p < 6 || s->p[0] != '\\')
                  return FALSE;
                low = read_escape (s->p + 1, s->end);
                if (low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                s->p += 6;
              }
          }
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

static gboolean
scan_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

static gboolean
scan_number (Scanner *s)
{
  if (*s->p == '-')
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  if (*s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_word (Scanner    *s,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean scan_value (Scanner *s);

static gboolean
scan_container (Scanner *s,
                char     close)
{
  if (++s->depth > s->max_depth)
    {
      s->too_deep = TRUE;
      return FALSE;
    }
  s->p++;
  scan_space (s);
  if (s->p < s->end && *s->p == close)
    {
      s->p++;
      s->depth--;
      return TRUE;
    }
  while (TRUE)
    {
      if (close == '}')
        {
          scan_space (s);
          if (s->p >= s->end || *s->p != '"' || !scan_string (s))
            return FALSE;
          scan_space (s);
          if (s->p >= s->end || *s->p != ':')
            return FALSE;
          s->p++;
        }
      if (!scan_value (s))
        return FALSE;
      scan_space (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == ',')
        {
          s->p++;
          continue;
        }
      if (*s->p != close)
        return FALSE;
      s->p++;
      s->depth--;
      return TRUE;
    }
}

static gboolean
scan_value (Scanner *s)
{
  scan_space (s);
  if (s->p >= s->end)
    return FALSE;
  switch (*s->p)
    {
    case '{':
      return scan_container (s, '}');
    case '[':
      return scan_container (s, ']');
    case '"':
      return scan_string (s);
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        return scan_number (s);
      return FALSE;
    }
}

YcServerJsonCheck
yc_server_json_check (const char *data,
                      gsize       len,
                      guint       max_depth)
{
  Scanner s = { data, data + len, 0, max_depth, FALSE };

  if (!scan_value (&s))
    return s.too_deep ? YC_SERVER_JSON_TOO_DEEP : YC_SERVER_JSON_SYNTAX;
  scan_space (&s);
  return s.p == s.end ? YC_SERVER_JSON_OK : YC_SERVER_JSON_SYNTAX;
}
