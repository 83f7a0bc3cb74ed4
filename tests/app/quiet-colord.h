/* SPDX-License-Identifier: GPL-3.0-or-later */
/* quiet-colord.h: one log writer for the display tests. */
#pragma once

#include <glib.h>
#include <string.h>

/* GTK's CUPS backend asks colord (on the system bus, which the test session lacks) about each
 * printer's colour profile and warns when it cannot: no fault of printing, so that one
 * warning is logged as a message. Every other warning stays fatal. */
static inline GLogWriterOutput
display_log_writer_cb (GLogLevelFlags   log_level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_WARNING)
    for (gsize i = 0; i < n_fields; i++)
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
          strstr (fields[i].value, "colord") != NULL)
        log_level = G_LOG_LEVEL_MESSAGE;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}
