/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-kill.c: a workstation (yc-e2e-client) taking in cases while its sync engine
 * replays them is SIGKILLed 20 times at random moments and started again on the same
 * profile; a last run without a kill empties the outbox. Every case it reported saved must
 * then be on the server exactly once, with the number it was given here, nothing else may
 * have come from it, and both SQLite databases must pass PRAGMA integrity_check. */
#define G_LOG_DOMAIN "test-sync-kill"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "e2e-support.h"

#define N_KILLS 20

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
client_spawn (const char  *profile,
              const char  *url,
              const char *const *extra)
{
  const char *bin = g_getenv ("YC_E2E_CLIENT");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_assert_nonnull (bin);
  g_ptr_array_add (args, (gpointer) bin);
  g_ptr_array_add (args, (gpointer) "--profile");
  g_ptr_array_add (args, (gpointer) profile);
  g_ptr_array_add (args, (gpointer) "--server");
  g_ptr_array_add (args, (gpointer) url);
  g_ptr_array_add (args, (gpointer) "--workstation");
  g_ptr_array_add (args, (gpointer) "e2e-kill");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Read what the client printed, up to its end; add every complete "saved <id>" line to
 * @saved. Gives the number of lines added. */
static guint
collect (GSubprocess *process,
         GHashTable  *saved,
         gboolean    *out_drained)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  /* The last piece has no newline: a line cut by the kill does not count as reported. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "saved "))
        {
          const char *id = lines[i] + strlen ("saved ");

          g_assert_true (g_uuid_string_is_valid (id));
          g_assert_false (g_hash_table_contains (saved, id));
          g_hash_table_add (saved, g_strdup (id));
          n++;
        }
      else if (g_str_equal (lines[i], "drained") && out_drained != NULL)
        *out_drained = TRUE;
    }
  return n;
}

/* id -> number of the client's local cases. */
static GHashTable *
client_cases (const char *store_db)
{
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = e2e_db_open_ro (store_db);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, number FROM cases", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (cases, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return cases;
}

static void
test_kill (void)
{
  E2eServer *server = e2e_server_new ();
  g_autofree char *dir = e2e_make_tmpdir ("yc-e2e-kill-XXXXXX");
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *store_db = g_build_filename (profile, "store.db", NULL);
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) server_cases = NULL;
  g_autoptr(GHashTable) local = NULL;
  g_autofree char *integrity = NULL;
  const char *const drain_args[] = { "--changes", "0", "--drain", NULL };
  GHashTableIter iter;
  gpointer key, value;
  gboolean drained = FALSE;

  for (guint round = 0; round < N_KILLS; round++)
    {
      g_autoptr(GSubprocess) client = client_spawn (profile, server->url, NULL);
      /* The first run signs in and fetches the catalogue before its first change. */
      guint delay = round == 0 ? g_test_rand_int_range (1500, 2500)
                                  : g_test_rand_int_range (150, 1500);
      guint n;

      g_usleep (delay * 1000);
      g_subprocess_force_exit (client);
      n = collect (client, saved, NULL);
      g_assert_true (g_subprocess_get_if_signaled (client));
      g_assert_cmpint (g_subprocess_get_term_sig (client), ==, SIGKILL);
      g_test_message ("round %u: killed after %u ms, %u changes reported saved", round, delay, n);
    }

  /* Once more, to the end: the outbox empties. */
  {
    g_autoptr(GSubprocess) client = client_spawn (profile, server->url, drain_args);

    collect (client, saved, &drained);
    g_assert_true (g_subprocess_get_if_exited (client));
    g_assert_cmpint (g_subprocess_get_exit_status (client), ==, 0);
    g_assert_true (drained);
  }

  g_test_message ("%u changes reported saved in all", g_hash_table_size (saved));
  g_assert_cmpuint (g_hash_table_size (saved), >=, 50);

  /* Every change reported saved is on the server exactly once, under the number it got
   * here; the server has nothing from this workstation that the workstation does not. */
  server_cases = e2e_server_cases (server);
  local = client_cases (store_db);
  g_hash_table_iter_init (&iter, saved);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *on_server = g_hash_table_lookup (server_cases, key);
      const char *number = g_hash_table_lookup (local, key);

      g_assert_nonnull (number);
      g_assert_nonnull (on_server);
      g_assert_cmpint (e2e_server_count_case (server, key), ==, 1);
      g_assert_true (g_str_has_prefix (on_server, number));
      g_assert_cmpint (on_server[strlen (number)], ==, '\t');
    }
  g_hash_table_iter_init (&iter, local);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *on_server = g_hash_table_lookup (server_cases, key);

      g_assert_nonnull (on_server);
      g_assert_true (g_str_has_prefix (on_server, value));
    }
  g_assert_cmpint (e2e_db_int (server->db,
                               "SELECT count(*) FROM cases WHERE workstation = "
                               "(SELECT code FROM workstations WHERE name = ?1)", "e2e-kill"),
                   ==, g_hash_table_size (local));
  g_assert_cmpint (e2e_db_int (store_db, "SELECT count(*) FROM outbox", NULL), ==, 0);

  integrity = e2e_db_integrity (store_db);
  g_assert_cmpstr (integrity, ==, "ok");
  g_clear_pointer (&integrity, g_free);
  integrity = e2e_db_integrity (server->db);
  g_assert_cmpstr (integrity, ==, "ok");

  e2e_server_free (server);
  e2e_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = e2e_make_tmpdir ("yc-e2e-data-XXXXXX");
  int ret;

  setlocale (LC_ALL, "");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/sync-kill/twenty-kills", test_kill);

  ret = g_test_run ();
  e2e_rm_rf (data_home);
  return ret;
}
