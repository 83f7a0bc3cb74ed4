/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-util"

#include "config.h"

#include <string.h>

#include "yc-server-private.h"

/* Times, UUIDs and hashes, the small helpers every handler uses. */

char *
yc_server_format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

GDateTime *
yc_server_now (void)
{
  static GTimeZone *local = NULL;

  /* GLib looks at /etc/localtime on every g_date_time_new_now_local(): once is enough. */
  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());
  return g_date_time_new_now (local);
}

char *
yc_server_now_iso (void)
{
  g_autoptr(GDateTime) now = yc_server_now ();

  return yc_server_format_time (now);
}

gint64
yc_server_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
yc_server_is_uuid (const char *text)
{
  static const guint8 dashes[] = { 8, 13, 18, 23 };

  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = i == dashes[0] || i == dashes[1] || i == dashes[2] || i == dashes[3];

      if (dash ? text[i] != '-'
               : !((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f')))
        return FALSE;
    }
  return TRUE;
}

gboolean
yc_server_parse_time (const char *text,
                      GDate      *out_date)
{
  g_autoptr(GDateTime) time = NULL;
  gsize len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  /* RFC 3339 needs the date, 'T' and an explicit offset. */
  if (len < 20 || (text[10] != 'T' && text[10] != 't') ||
      !(text[len - 1] == 'Z' || text[len - 1] == 'z' || text[len - 6] == '+' ||
        text[len - 6] == '-'))
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  if (out_date != NULL)
    {
      g_autoptr(GDateTime) now = yc_server_now ();
      g_autoptr(GDateTime) local = NULL;
      int y, m, d;

      /* The centre's calendar day: the time as the server's local time zone sees it. */
      local = g_date_time_to_timezone (time, g_date_time_get_timezone (now));
      g_date_time_get_ymd (local, &y, &m, &d);
      g_date_clear (out_date, 1);
      g_date_set_dmy (out_date, d, m, y);
    }
  return TRUE;
}

char *
yc_server_sha256_hex (gconstpointer data,
                      gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}
