/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yichuang-server: the reference server of the Yichuang REST API v1. */
#define G_LOG_DOMAIN "yichuang-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>

#include <glib-unix.h>

#include "yc-server.h"

typedef struct {
  YcServer  *server;
  GMainLoop *loop;
} State;

static void
on_shutdown_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  State *state = user_data;

  yc_server_shutdown_finish (YC_SERVER (source), result, NULL);
  g_main_loop_quit (state->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  State *state = user_data;

  g_message ("Stopping");
  yc_server_shutdown_async (state->server, NULL, on_shutdown_done, state);
  return G_SOURCE_CONTINUE;
}

static char *
default_db_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "yichuang-server", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "yichuang-server.db", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *db = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *log_level_name = NULL;
  gboolean demo = FALSE;
  gboolean training = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default 127.0.0.1:8470; port 0 picks a free one)",
      "ADDR:PORT" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The SQLite database (created if missing)", "PATH" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      "Seed the demo centre into an empty database (a training server)", NULL },
    { "training", 0, 0, G_OPTION_ARG_NONE, &training,
      "Run as a training server (trainers may make changes)", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "log-level", 0, 0, G_OPTION_ARG_STRING, &log_level_name,
      "error, warning, info (default: one line per request) or debug", "LEVEL" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(YcServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  YcServerLogLevel log_level = YC_SERVER_LOG_INFO;
  State state;

  setlocale (LC_ALL, "");
  /* The database holds personal data: nobody else may read what we create. */
  umask (077);

  context = g_option_context_new ("- the Yichuang REST API server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("yichuang-server: %s\nTry “yichuang-server --help”.\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("yichuang-server: unexpected argument “%s”\nTry “yichuang-server --help”.\n",
                  argv[1]);
      return 2;
    }
  if (version)
    {
      g_print ("yichuang-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (log_level_name != NULL && !yc_server_parse_log_level (log_level_name, &log_level))
    {
      g_printerr ("yichuang-server: unknown log level “%s” (error, warning, info, debug)\n",
                  log_level_name);
      return 2;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("yichuang-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  yc_server_set_log_level (log_level);

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("yichuang-server: cannot load the TLS certificate: %s\n", error->message);
          return 1;
        }
    }

  if (db == NULL)
    db = default_db_path ();
  server = yc_server_new (db, &error);
  if (server == NULL)
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return 1;
    }
  if (demo && !yc_server_seed_demo (server, &error))
    {
      g_printerr ("yichuang-server: %s\n", error->message);
      return 1;
    }
  if (training)
    yc_server_set_training (server, TRUE);

  if (!yc_server_listen (server, listen != NULL ? listen : "127.0.0.1:8470", certificate, &error))
    {
      g_printerr ("yichuang-server: cannot listen: %s\n", error->message);
      return 1;
    }

  /* A parent process reads this line to learn the port. */
  printf ("listening on %s\n", yc_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  state.server = server;
  state.loop = loop;
  g_unix_signal_add (SIGTERM, on_signal, &state);
  g_unix_signal_add (SIGINT, on_signal, &state);
  g_main_loop_run (loop);

  return 0;
}
