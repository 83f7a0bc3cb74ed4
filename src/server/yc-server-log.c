/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-log"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "yc-server-private.h"

/* What yichuang-server writes to stderr: GLib messages up to the level chosen, and one line
 * per request. */

static YcServerLogLevel log_level = YC_SERVER_LOG_INFO;

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  YcServerLogLevel wanted;
  const char *message = NULL;
  const char *domain = NULL;
  const char *label;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    wanted = YC_SERVER_LOG_ERROR, label = "error";
  else if (level & G_LOG_LEVEL_WARNING)
    wanted = YC_SERVER_LOG_WARNING, label = "warning";
  else if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
    wanted = YC_SERVER_LOG_INFO, label = "info";
  else
    wanted = YC_SERVER_LOG_DEBUG, label = "debug";

  if (wanted > log_level)
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
      else if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
    }
  fprintf (stderr, "%s: %s: %s\n", label, domain != NULL ? domain : "yichuang-server",
           message != NULL ? message : "");
  return G_LOG_WRITER_HANDLED;
}

void
yc_server_set_log_level (YcServerLogLevel level)
{
  static gsize installed = 0;

  log_level = level;
  if (g_once_init_enter (&installed))
    {
      g_log_set_writer_func (log_writer, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

gboolean
yc_server_parse_log_level (const char       *text,
                           YcServerLogLevel *out_level)
{
  static const char * const names[] = { "error", "warning", "info", "debug" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out_level = (YcServerLogLevel) i;
        return TRUE;
      }
  return FALSE;
}

void
yc_server_log_request (YcRequest *req)
{
  char stamp[32];
  time_t now;
  struct tm tm;
  gint64 elapsed;

  if (log_level < YC_SERVER_LOG_INFO)
    return;

  now = time (NULL);
  localtime_r (&now, &tm);
  strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", &tm);
  elapsed = g_get_monotonic_time () - req->started;
  /* The route template, never the raw path or query: those may carry names. */
  fprintf (stderr, "%s %s %s%s %u %" G_GINT64_FORMAT ".%03d ms %s%s\n",
           stamp,
           yc_request_method (req),
           req->route != NULL ? YC_API_PREFIX : "",
           req->route != NULL ? req->route->pattern : "(no route)",
           req->status,
           elapsed / 1000, (int) (elapsed % 1000),
           req->session != NULL ? req->session->staff_id
                                : req->log_staff_id != NULL ? req->log_staff_id : "-",
           req->parent != NULL ? " (in a batch)" : "");
}
