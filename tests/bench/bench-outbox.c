/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-outbox.c: the offline outbox (issue 4).
 *
 * (a) Durable enqueue: yc_store_take_in_sync() of 2,000 cases on a local store (one
 *     transaction each, synchronous=FULL): p50 and p99 in ms.
 * (b) Replay: 10,000 changes queued while the sync engine was stopped, then replayed to the
 *     real yichuang-server on a loopback port (changes/s), against the server's own floor for
 *     durable POSTs measured in the same run: the same 10,000 POST /cases bodies (with new ids
 *     and numbers) sent straight from an HTTP loop with as many requests in flight as the
 *     sync engine may have. The engine sends what is ready in POST /batch requests of up to
 *     YC_SYNC_BATCH_MAX changes (each change with its own key and stored answer, as alone),
 *     on the same number of connections. Target: replay_ratio >= 0.85 (printed, not
 *     enforced).
 *     The CPU time per change of this process (all its threads) and of the server during
 *     each phase is printed too: on a shared machine the ratio moves with the others' load.
 *
 * Prints one line: enqueue_p50_ms=… enqueue_p99_ms=… replay_per_s=… floor_per_s=…
 * replay_ratio=… replay_client_cpu_us=… floor_client_cpu_us=… replay_server_cpu_us=…
 * floor_server_cpu_us=… (and the sizes). YC_BENCH_OUTBOX_ENQUEUE and YC_BENCH_OUTBOX_REPLAY
 * change the counts. */
#define G_LOG_DOMAIN "bench-outbox"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-support.h"
#include "e2e-support.h"
#include "../core/store-fixture.h"
#include "yc-sync-batch.h"

#define MAX_IN_FLIGHT 8

/* ------------------------------------------------------------------ (a) enqueue */

static void
measure_enqueue (guint   n,
                 double *p50,
                 double *p99)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(GArray) ms = g_array_sized_new (FALSE, FALSE, sizeof (double), n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("钱进%05u", i);
      g_autoptr(YcCase) draft = e2e_case_draft (store, i % 2 ? "SCJG-001" : "RSJ-001", "instant",
                                                name, i);
      g_autoptr(YcCase) stored = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      stored = yc_store_take_in_sync (store, draft, &error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (ms, elapsed);
      /* The store's "changed" signals wait on the main context. */
      fixture_drain ();
    }

  g_array_sort (ms, compare_double);
  *p50 = percentile (ms, 0.50);
  *p99 = percentile (ms, 0.99);
  yc_store_close (store);
  fixture_rm_rf (dir);
}

/* ------------------------------------------------------------------ (b) replay and floor */

/* CPU time of this process (all its threads: the store's writer too), in ms. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* CPU time of the server process, in ms (utime and stime of /proc/PID/stat); 0 if unknown. */
static double
server_cpu_ms (E2eServer *server)
{
  const char *id = g_subprocess_get_identifier (server->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", id != NULL ? id : "0");
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (id == NULL || !g_file_get_contents (path, &text, NULL, NULL) ||
      (end = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3; utime and stime are fields 14 and 15. */
  fields = g_strsplit (end + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1e3 /
         sysconf (_SC_CLK_TCK);
}

typedef struct {
  guint done;
  guint failed;
} Counter;

static void
on_queued_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Counter *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_take_in_finish (YC_STORE (source), result, &error);

  c->done++;
  if (stored == NULL)
    {
      g_printerr ("bench-outbox: take-in failed: %s\n", error->message);
      c->failed++;
    }
}

typedef struct {
  guint n;
  Counter *counter;
} Until;

static gboolean
counted (gpointer data)
{
  Until *u = data;

  return u->counter->done >= u->n;
}

typedef struct {
  YcHttp    *http;
  GPtrArray *bodies;   /* JSON text */
  guint      next;
  guint      in_flight;
  guint      done;
  guint      failed;
} Floor;

static void floor_send (Floor *f);

static void
on_floor_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Floor *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHttpResponse) response = yc_http_request_finish (YC_HTTP (source), result, &error);

  f->in_flight--;
  f->done++;
  if (response == NULL)
    {
      if (f->failed++ < 5)
        g_printerr ("bench-outbox: floor POST failed: %s\n", error->message);
    }
  floor_send (f);
}

static void
floor_send (Floor *f)
{
  while (f->in_flight < MAX_IN_FLIGHT && f->next < f->bodies->len)
    {
      g_autoptr(JsonNode) body = json_from_string (g_ptr_array_index (f->bodies, f->next++), NULL);
      g_autofree char *key = g_uuid_string_random ();

      f->in_flight++;
      yc_http_request_async (f->http, "POST", "/cases", body, key, YC_HTTP_NONE, NULL,
                             on_floor_sent_cb, f);
    }
}

static gboolean
floor_done (gpointer data)
{
  Floor *f = data;

  return f->done == f->bodies->len;
}

/* The bodies of the pending POST /cases entries, as other cases: new ids and numbers. */
static GPtrArray *
floor_bodies (YcOutbox *outbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = yc_outbox_list (outbox, YC_OUTBOX_PENDING, 0, &error);
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) node = json_from_string (entry->body, &error);
      JsonObject *object;
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (entry->path, ==, "/cases");
      object = json_node_get_object (node);
      number = g_strconcat ("F", json_object_get_string_member (object, "number"), NULL);
      json_object_set_string_member (object, "id", id);
      json_object_set_string_member (object, "number", number);
      g_ptr_array_add (bodies, json_to_string (node, FALSE));
    }
  return bodies;
}

static void
measure_replay (guint   n,
                double *replay_per_s,
                double *floor_per_s,
                double *replay_cpu_us,
                double *floor_cpu_us,
                double *replay_server_us,
                double *floor_server_us)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-bench-outbox-XXXXXX");
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  E2eServer *server = e2e_server_new ();
  g_autoptr(YcWorkstation) ws = e2e_workstation_new (profile, server->url, "bench-outbox");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  YcStore *store = yc_workstation_get_store (ws);
  YcOutbox *outbox = yc_workstation_get_outbox (ws);
  YcSync *sync = yc_workstation_get_sync (ws);
  Counter queued = { 0 };
  Until until = { n, &queued };
  Floor f = { NULL };
  gint64 start;
  double seconds;
  double cpu_start, server_start;

  /* The outbox alone: no event feed (it would add two GETs per case). */
  yc_sync_set_follow_events (sync, FALSE);
  yc_sync_set_max_in_flight (sync, MAX_IN_FLIGHT);
  e2e_sign_in (yc_workstation_get_session (ws), "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (store, 30000));

  /* Queue n changes with the engine stopped, as a workstation offline would. */
  yc_sync_stop (sync);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("孙宁%05u", i);
      g_autoptr(YcCase) draft = e2e_case_draft (store, i % 2 ? "SCJG-001" : "RSJ-001", "instant",
                                                name, i);

      yc_store_take_in_async (store, draft, NULL, on_queued_cb, &queued);
    }
  g_assert_true (e2e_wait (counted, &until, 120000));
  g_assert_cmpuint (queued.failed, ==, 0);
  g_assert_cmpuint (yc_outbox_get_n_pending (outbox), ==, n);
  g_printerr ("bench-outbox: queued %u changes in %.1f s\n", n,
              (g_get_monotonic_time () - start) / 1e6);

  /* The floor first, so that the replay meets the larger database. */
  bodies = floor_bodies (outbox);
  f.http = yc_workstation_get_http (ws);
  f.bodies = bodies;
  start = g_get_monotonic_time ();
  cpu_start = cpu_ms ();
  server_start = server_cpu_ms (server);
  floor_send (&f);
  g_assert_true (e2e_wait (floor_done, &f, 170000));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *floor_cpu_us = (cpu_ms () - cpu_start) * 1e3 / n;
  *floor_server_us = (server_cpu_ms (server) - server_start) * 1e3 / n;
  g_printerr ("bench-outbox: floor of %u posts in %.1f s\n", n, seconds);
  g_assert_cmpuint (f.failed, ==, 0);
  *floor_per_s = n / seconds;

  /* The replay. */
  start = g_get_monotonic_time ();
  cpu_start = cpu_ms ();
  server_start = server_cpu_ms (server);
  yc_sync_start (sync);
  g_assert_true (e2e_wait_drained (outbox, 170000));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *replay_cpu_us = (cpu_ms () - cpu_start) * 1e3 / n;
  *replay_server_us = (server_cpu_ms (server) - server_start) * 1e3 / n;
  *replay_per_s = n / seconds;
  g_assert_cmpint (e2e_db_int (server->db, "SELECT count(*) FROM cases", NULL), >=, 2 * n);

  g_clear_object (&ws);
  e2e_server_free (server);
  e2e_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = e2e_make_tmpdir ("yc-bench-data-XXXXXX");
  guint n_enqueue = env_count ("YC_BENCH_OUTBOX_ENQUEUE", 2000);
  guint n_replay = env_count ("YC_BENCH_OUTBOX_REPLAY", 10000);
  double p50, p99, replay_per_s, floor_per_s;
  double replay_cpu_us, floor_cpu_us, replay_server_us, floor_server_us;

  setlocale (LC_ALL, "");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  measure_enqueue (n_enqueue, &p50, &p99);
  measure_replay (n_replay, &replay_per_s, &floor_per_s, &replay_cpu_us, &floor_cpu_us,
                  &replay_server_us, &floor_server_us);

  printf ("enqueue_p50_ms=%.3f enqueue_p99_ms=%.3f replay_per_s=%.0f floor_per_s=%.0f "
          "replay_ratio=%.2f replay_client_cpu_us=%.0f floor_client_cpu_us=%.0f "
          "replay_server_cpu_us=%.0f floor_server_cpu_us=%.0f enqueued=%u replayed=%u "
          "max_in_flight=%d max_batch=%d\n",
          p50, p99, replay_per_s, floor_per_s, replay_per_s / floor_per_s, replay_cpu_us,
          floor_cpu_us, replay_server_us, floor_server_us, n_enqueue, n_replay, MAX_IN_FLIGHT,
          YC_SYNC_BATCH_MAX);
  fflush (stdout);
  e2e_rm_rf (data_home);
  return 0;
}
