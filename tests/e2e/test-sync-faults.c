/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-faults.c: 1,000 changes queued by a workstation reach the real server exactly
 * once through a proxy that breaks exchanges at random (fixed seed): delays, resets,
 * connections closed after the server committed, 500s, truncated, corrupted and cut
 * answers, and stalls that only the client's time limit ends. The server's database is then
 * compared with the workstation's: the same ids, numbers and applicant names, nothing more.
 * Run twice: one change per request, and in POST /batch requests of up to 8 changes. */
#define G_LOG_DOMAIN "test-sync-faults"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "e2e-support.h"
#include "yc-fault-proxy.h"

#define N_CHANGES 1000
#define SEED 20260304

typedef struct {
  GHashTable *expected;  /* id -> "number\tname" */
  guint       done;
  guint       failed;
} Queue;

static void
on_taken_in_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Queue *q = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_take_in_finish (YC_STORE (source), result, &error);

  q->done++;
  if (stored == NULL)
    {
      g_test_message ("take-in failed: %s", error->message);
      q->failed++;
      return;
    }
  g_hash_table_insert (q->expected, g_strdup (yc_case_get_id (stored)),
                       g_strdup_printf ("%s\t%s", yc_case_get_number (stored),
                                        yc_case_get_applicant (stored)->name));
}

static gboolean
all_queued (gpointer data)
{
  Queue *q = data;

  return q->done == N_CHANGES;
}

static void
print_attention (YcOutbox *outbox)
{
  g_autoptr(GPtrArray) entries = yc_outbox_list (outbox, YC_OUTBOX_ATTENTION, 20, NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_test_message ("needs attention: %s %s: %s (%s)", entry->method, entry->path,
                      entry->last_error, entry->problem_code);
    }
}

static void
test_faults (gconstpointer data)
{
  guint max_batch = GPOINTER_TO_UINT (data);
  const YcFaultChance chances[] = {
    { YC_FAULT_DELAY, 0.05 },
    { YC_FAULT_RESET, 0.04 },
    { YC_FAULT_CLOSE_AFTER_REQUEST, 0.06 },
    { YC_FAULT_ANSWER_500, 0.04 },
    { YC_FAULT_TRUNCATE, 0.03 },
    { YC_FAULT_CORRUPT, 0.03 },
    { YC_FAULT_CUT, 0.03 },
    { YC_FAULT_STALL, 0.015 },
  };
  E2eServer *server = e2e_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcFaultProxy) proxy = yc_fault_proxy_new_for_url (server->url, &error);
  g_autofree char *dir = e2e_make_tmpdir ("yc-e2e-faults-XXXXXX");
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(YcWorkstation) ws = NULL;
  g_autoptr(GHashTable) on_server = NULL;
  g_autofree char *code = NULL;
  YcStore *store;
  YcOutbox *outbox;
  YcSync *sync;
  Queue q = { NULL };
  GHashTableIter iter;
  gpointer key, value;
  gint64 started;
  gboolean drained;

  g_assert_no_error (error);
  ws = e2e_workstation_new (profile, yc_fault_proxy_get_url (proxy), "e2e-faults");
  store = yc_workstation_get_store (ws);
  outbox = yc_workstation_get_outbox (ws);
  sync = yc_workstation_get_sync (ws);
  yc_sync_set_backoff_scale (sync, 0.01);
  /* One change per request, or POST /batch of up to max_batch changes (each fault then
   * falls on a whole batch). */
  yc_sync_set_max_batch (sync, max_batch);
  /* The outbox only: the event feed is exercised by test-sync-basic. */
  yc_sync_set_follow_events (sync, FALSE);
  /* A stalled exchange ends at the client's own time limit. */
  yc_http_set_timeouts (yc_workstation_get_http (ws), 1000, 2000);

  e2e_sign_in (yc_workstation_get_session (ws), "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (store, 30000));
  code = yc_store_dup_workstation_code (store);

  yc_fault_proxy_set_delay (proxy, 300);
  yc_fault_proxy_set_random (proxy, chances, G_N_ELEMENTS (chances), SEED);
  yc_fault_proxy_reset_counters (proxy);

  /* 1,000 changes, queued as fast as the store takes them while the engine replays. */
  started = g_get_monotonic_time ();
  q.expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < N_CHANGES; i++)
    {
      static const char *const items[][2] = {
        { "SCJG-001", "instant" }, { "RSJ-001", "instant" }, { "SCJG-004", "incomplete" },
      };
      g_autofree char *name = g_strdup_printf ("孙丽%04u", i);
      g_autoptr(YcCase) draft = e2e_case_draft (store, items[i % 3][0], items[i % 3][1], name, i);

      yc_store_take_in_async (store, draft, NULL, on_taken_in_cb, &q);
    }
  g_assert_true (e2e_wait (all_queued, &q, 120000));
  g_assert_cmpuint (q.failed, ==, 0);
  g_assert_cmpuint (g_hash_table_size (q.expected), ==, N_CHANGES);
  g_test_message ("queued %u changes in %.1f s", N_CHANGES,
                  (g_get_monotonic_time () - started) / 1e6);

  drained = e2e_wait_drained (outbox, 150000);
  g_test_message ("after %.1f s: %u pending, %u need attention; %u requests seen by the proxy",
                  (g_get_monotonic_time () - started) / 1e6, yc_outbox_get_n_pending (outbox),
                  yc_outbox_get_n_attention (outbox), yc_fault_proxy_get_requests_seen (proxy));
  for (guint f = 0; f < YC_FAULT_N; f++)
    if (yc_fault_proxy_get_fault_count (proxy, f) > 0)
      g_test_message ("  %s: %u", yc_fault_to_string (f), yc_fault_proxy_get_fault_count (proxy, f));
  if (!drained)
    print_attention (outbox);
  g_assert_true (drained);

  /* Every fault but the harmless ones must have happened. */
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (proxy, YC_FAULT_CLOSE_AFTER_REQUEST), >, 0);
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (proxy, YC_FAULT_STALL), >, 0);
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (proxy, YC_FAULT_CUT), >, 0);
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (proxy, YC_FAULT_CORRUPT), >, 0);

  /* The server has exactly these, once each, with the same content. */
  on_server = e2e_server_cases (server);
  g_assert_cmpint (e2e_db_int (server->db, "SELECT count(*) FROM cases WHERE workstation = ?1",
                               code), ==, N_CHANGES);
  g_hash_table_iter_init (&iter, q.expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_assert_cmpstr (g_hash_table_lookup (on_server, key), ==, value);
      g_assert_cmpint (yc_store_get_sync_state (store, "case", key), ==, YC_SYNC_STATE_SYNCED);
    }
  g_assert_cmpuint (yc_sync_get_n_sent (sync), ==, N_CHANGES);

  g_clear_pointer (&q.expected, g_hash_table_unref);
  g_clear_object (&ws);
  g_clear_pointer (&proxy, yc_fault_proxy_free);
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

  g_test_add_data_func ("/e2e/sync-faults/thousand-changes", GUINT_TO_POINTER (1), test_faults);
  g_test_add_data_func ("/e2e/sync-faults/thousand-changes-batched", GUINT_TO_POINTER (8),
                        test_faults);

  ret = g_test_run ();
  e2e_rm_rf (data_home);
  return ret;
}
