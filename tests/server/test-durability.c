/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-durability.c: SIGKILL the server during a burst of writes; the database must pass
 * PRAGMA integrity_check and hold every case that was acknowledged with 201. */
#define G_LOG_DOMAIN "test-durability"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

#define WRITERS 4

typedef struct {
  YcTestServer *srv;
  const char   *token;
  YcItem       *item;
  gint         *stop;
  GMutex       *lock;
  GHashTable   *acked;     /* case id -> number */
  guint         sent;
  guint         failed;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  while (!g_atomic_int_get (w->stop))
    {
      g_autofree char *id = yc_uuid ();
      g_autofree char *body = yc_case_json (id, w->item, "accepted", NULL, NULL, NULL, NULL);
      YcRequestOptions o = { .token = w->token, .timeout_s = 10, .no_record = TRUE };
      g_autoptr(YcResponse) r = yc_request_full (w->srv, "POST", "/cases", body, -1, &o);

      w->sent++;
      if (r->status == 201)
        {
          g_mutex_lock (w->lock);
          g_hash_table_insert (w->acked, g_strdup (id), g_strdup (yc_resp_str (r, "number")));
          g_mutex_unlock (w->lock);
        }
      else
        {
          w->failed++;
          if (r->status != 0)
            g_test_message ("write refused: %u %s", r->status, yc_response_text (r));
          g_usleep (20 * 1000);
        }
    }
  return NULL;
}

static void
check_integrity (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  GString *answer = g_string_new (NULL);

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      yc_fail ("cannot open %s after SIGKILL: %s", db_path, sqlite3_errmsg (db));
      sqlite3_close (db);
      g_string_free (answer, TRUE);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
    yc_fail ("PRAGMA integrity_check: %s", sqlite3_errmsg (db));
  while (st != NULL && sqlite3_step (st) == SQLITE_ROW)
    g_string_append_printf (answer, "%s%s", answer->len ? "; " : "", sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  if (g_strcmp0 (answer->str, "ok") != 0)
    yc_fail ("PRAGMA integrity_check after SIGKILL: %s", answer->str);
  else
    g_test_message ("PRAGMA integrity_check: ok");

  st = NULL;
  g_string_truncate (answer, 0);
  if (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK)
    while (sqlite3_step (st) == SQLITE_ROW)
      g_string_append_printf (answer, "%s ", sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  if (answer->len > 0)
    yc_fail ("PRAGMA foreign_key_check after SIGKILL: rows in %s", answer->str);
  {
    sqlite3_stmt *jm = NULL;

    if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK &&
        sqlite3_step (jm) == SQLITE_ROW)
      g_assert_cmpstr ((const char *) sqlite3_column_text (jm, 0), ==, "wal");
    sqlite3_finalize (jm);
  }
  sqlite3_close (db);
  g_string_free (answer, TRUE);
}

static void
burst_and_kill (YcTestServer *srv,
                GHashTable   *acked,
                double        seconds)
{
  g_autoptr(YcTestSession) s = yc_sign_in (srv, "clerk.li", "ws-durable");
  g_autoptr(YcItem) item = NULL;
  Writer writers[WRITERS];
  GThread *threads[WRITERS];
  GMutex lock;
  gint stop = 0;
  guint i, before = g_hash_table_size (acked), sent = 0;

  if (s == NULL)
    return;
  item = yc_find_item (srv, s->token, s->department_id, FALSE, -1);
  if (item == NULL)
    return;
  g_mutex_init (&lock);
  for (i = 0; i < WRITERS; i++)
    {
      writers[i] = (Writer) { srv, s->token, item, &stop, &lock, acked, 0, 0 };
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }
  g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
  yc_test_server_kill (srv);
  g_atomic_int_set (&stop, 1);
  for (i = 0; i < WRITERS; i++)
    {
      g_thread_join (threads[i]);
      sent += writers[i].sent;
    }
  g_mutex_clear (&lock);
  g_test_message ("%u POST /cases sent, %u acknowledged before SIGKILL", sent,
                  g_hash_table_size (acked) - before);
  if (g_hash_table_size (acked) - before < 10)
    yc_fail ("only %u writes were acknowledged in %.1f s", g_hash_table_size (acked) - before, seconds);
}

static void
check_all_there (YcTestServer *srv,
                 GHashTable   *acked)
{
  g_autoptr(YcTestSession) s = yc_sign_in (srv, "clerk.li", "ws-durable");
  GHashTableIter iter;
  gpointer key, value;
  guint missing = 0;

  if (s == NULL)
    return;
  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_strdup_printf ("/cases/%s", (char *) key);
      YcRequestOptions o = { .token = s->token, .no_record = TRUE };
      g_autoptr(YcResponse) r = yc_request_full (srv, "GET", path, NULL, -1, &o);

      if (r->status != 200 || g_strcmp0 (yc_resp_str (r, "number"), value) != 0)
        {
          if (missing++ < 10)
            yc_fail ("acknowledged case %s is gone after the restart (%u)", (char *) key, r->status);
        }
    }
  if (missing > 0)
    yc_fail ("%u of %u acknowledged cases lost", missing, g_hash_table_size (acked));
  else
    g_test_message ("all %u acknowledged cases are there", g_hash_table_size (acked));
}

static void
test_kill_during_writes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-stest-kill-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint round;

  for (round = 0; round < 3; round++)
    {
      YcTestServer *srv = yc_test_server_start (db, TRUE);

      if (srv == NULL)
        break;
      /* Everything acknowledged in earlier rounds survived this restart. */
      if (round > 0)
        check_all_there (srv, acked);
      burst_and_kill (srv, acked, 1.5 + round * 0.5);
      yc_test_server_free (srv);
      check_integrity (db);
    }
  {
    YcTestServer *srv = yc_test_server_start (db, TRUE);

    if (srv != NULL)
      {
        check_all_there (srv, acked);
        g_assert_true (yc_test_server_stop (srv));
        yc_test_server_free (srv);
      }
  }
  check_integrity (db);
  if (g_getenv ("YC_KEEP_TMP") == NULL)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
}

int
main (int argc, char **argv)
{
  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/durability/kill-9-during-writes", test_kill_during_writes);
  return yc_test_run ();
}
