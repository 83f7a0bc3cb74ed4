/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yichuang"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "yc-application.h"

int
main (int    argc,
      char **argv)
{
  /* YC_LOCALEDIR lets the uninstalled tree and the tests find their translations. */
  const char *localedir = g_getenv ("YC_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("yichuang");
  g_set_application_name (_("Yichuang"));

  return yc_application_main (argc, argv);
}
