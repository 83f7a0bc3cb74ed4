/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-batch.c: a workstation back online sends its outbox several changes to a request
 * (POST /batch), against the real yichuang-server behind the fault proxy (which only counts,
 * or breaks what it is told to). Each change reaches the server exactly once, a change that
 * depends on another goes after it, a change refused in a batch waits for the clerk while the
 * others flow on, the offline mark survives, a batch whose answer is lost is sent again and
 * applied once, and a server without POST /batch gets one change per request. */
#define G_LOG_DOMAIN "test-sync-batch"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "e2e-support.h"
#include "yc-fault-proxy.h"

#define WAIT_MS 60000

typedef struct {
  char          *dir;
  E2eServer     *server;
  YcFaultProxy  *proxy;
  YcWorkstation *ws;
  YcStore       *store;
  YcOutbox      *outbox;
  YcSync        *sync;
  char          *code;
  guint          serial;
} World;

static void
world_init (World      *w,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;

  memset (w, 0, sizeof *w);
  w->dir = e2e_make_tmpdir ("yc-e2e-batch-XXXXXX");
  profile = g_build_filename (w->dir, "profile", NULL);
  w->server = e2e_server_new ();
  w->proxy = yc_fault_proxy_new_for_url (w->server->url, &error);
  g_assert_no_error (error);
  w->ws = e2e_workstation_new (profile, yc_fault_proxy_get_url (w->proxy), name);
  w->store = yc_workstation_get_store (w->ws);
  w->outbox = yc_workstation_get_outbox (w->ws);
  w->sync = yc_workstation_get_sync (w->ws);
  yc_sync_set_backoff_scale (w->sync, 0.01);
  /* The outbox only: the event feed would add its own requests to the proxy's count. */
  yc_sync_set_follow_events (w->sync, FALSE);
  e2e_sign_in (yc_workstation_get_session (w->ws), "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (w->store, WAIT_MS));
  w->code = yc_store_dup_workstation_code (w->store);
}

static void
world_clear (World *w)
{
  g_clear_object (&w->ws);
  g_clear_pointer (&w->proxy, yc_fault_proxy_free);
  e2e_server_free (w->server);
  e2e_rm_rf (w->dir);
  g_free (w->dir);
  g_free (w->code);
}

static YcCase *
take_in (World      *w,
         const char *item_code,
         const char *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("赵敏%04u", ++w->serial);
  g_autoptr(YcCase) draft = e2e_case_draft (w->store, item_code, outcome, name, w->serial);
  YcCase *stored = e2e_take_in (w->store, draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

static gint64
server_cases_here (World *w)
{
  return e2e_db_int (w->server->db, "SELECT count(*) FROM cases WHERE workstation = ?1",
                     w->code);
}

/* Every queued case is on the server once, synced here. */
static void
assert_all_once (World     *w,
                 GPtrArray *cases)
{
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *kase = g_ptr_array_index (cases, i);

      g_assert_cmpint (e2e_server_count_case (w->server, yc_case_get_id (kase)), ==, 1);
      g_assert_cmpint (yc_store_get_sync_state (w->store, "case", yc_case_get_id (kase)), ==,
                       YC_SYNC_STATE_SYNCED);
    }
}

static gboolean
is_offline (gpointer data)
{
  return !yc_sync_get_online (data);
}

static gboolean
settled_with_one_refusal (gpointer data)
{
  World *w = data;

  return yc_outbox_get_n_pending (w->outbox) == 0 && yc_outbox_get_n_attention (w->outbox) == 1;
}

/* ------------------------------------------------------------------ a day's queue */

static void
test_queue_replayed (void)
{
  World w;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(YcCase) refused = NULL;
  g_autoptr(YcCase) probe = NULL;
  g_autoptr(GError) error = NULL;
  const char *const missing[] = { "SCJG-004-01", NULL };
  guint n_changes;
  guint requests;
  gint64 online_events;

  world_init (&w, "e2e-batch-1");
  e2e_add_unknown_item (w.store);

  /* The server goes away for the morning. The first change after that finds out (it was
   * made online); then 40 incomplete cases each with its one-time notice (which must follow
   * its case), 40 instant cases, and one case the server will refuse. */
  e2e_server_stop (w.server);
  probe = take_in (&w, "RSJ-001", "instant");
  g_assert_true (e2e_wait (is_offline, w.sync, WAIT_MS));
  for (guint i = 0; i < 40; i++)
    {
      YcCase *incomplete = take_in (&w, "SCJG-004", "incomplete");
      YcLetter *letter = e2e_issue_letter (w.store, yc_case_get_id (incomplete),
                                           "one_time_notice", missing, &error);

      g_assert_no_error (error);
      g_ptr_array_add (cases, incomplete);
      g_ptr_array_add (letters, letter);
      g_ptr_array_add (cases, take_in (&w, "SCJG-001", "instant"));
      if (i == 20)
        refused = take_in (&w, "E2E-999", "instant");
    }
  n_changes = cases->len + letters->len + 2;
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, n_changes);
  entries = yc_outbox_list (w.outbox, YC_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (entries, i);

      g_assert_true (entry->offline == !g_str_equal (entry->record_id, yc_case_get_id (probe)));
    }
  g_ptr_array_add (cases, g_object_ref (probe));

  /* Back: the queue goes out in a few requests. */
  yc_fault_proxy_reset_counters (w.proxy);
  e2e_server_start (w.server);
  yc_sync_kick (w.sync);
  g_assert_true (e2e_wait (settled_with_one_refusal, &w, WAIT_MS));
  /* Those that reached the server (not the tries while it was starting). */
  requests = yc_fault_proxy_get_requests_forwarded (w.proxy);
  g_test_message ("%u changes in %u requests (%u seen)", n_changes, requests,
                  yc_fault_proxy_get_requests_seen (w.proxy));
  /* At least a batch for the cases and one for the letters that wait for them; far fewer
   * than one per change (how many depends on how the answers are recorded meanwhile). */
  g_assert_cmpuint (requests, >=, 2);
  g_assert_cmpuint (requests, <=, n_changes / 5);

  assert_all_once (&w, cases);
  g_assert_cmpint (server_cases_here (&w), ==, cases->len);
  for (guint i = 0; i < letters->len; i++)
    {
      YcLetter *letter = g_ptr_array_index (letters, i);

      g_assert_cmpint (e2e_db_int (w.server->db, "SELECT count(*) FROM letters WHERE id = ?1",
                                   yc_letter_get_id (letter)), ==, 1);
      g_assert_cmpint (yc_store_get_sync_state (w.store, "letter", yc_letter_get_id (letter)),
                       ==, YC_SYNC_STATE_SYNCED);
    }
  /* Each notice after its case, on the server's own record of what happened. */
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(*) FROM events l JOIN letters ON letters.id = l.entity_id"
                               " JOIN events c ON c.entity_id = letters.case_id AND c.entity = 'case'"
                               " WHERE l.entity = 'letter' AND l.seq < c.seq", NULL), ==, 0);
  /* Made offline, and the server knows it: every event of this workstation says so, but
   * those of the change made before it knew. */
  online_events = e2e_db_int (w.server->db,
                              "SELECT count(*) FROM events WHERE entity_id = ?1 AND offline = 0",
                              yc_case_get_id (probe));
  g_assert_cmpint (online_events, >=, 1);
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(*) FROM events WHERE workstation = ?1 AND offline = 0"
                               " AND entity IN ('case', 'letter')", w.code), ==, online_events);
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(DISTINCT entity_id) FROM events"
                               " WHERE workstation = ?1 AND offline = 1", w.code), ==,
                   n_changes - 2);

  /* The refused one waits for the clerk with the server's reason; it held back nothing. */
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (refused)), ==, 0);
  g_assert_cmpint (yc_store_get_sync_state (w.store, "case", yc_case_get_id (refused)), ==,
                   YC_SYNC_STATE_ATTENTION);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = yc_outbox_list (w.outbox, YC_OUTBOX_ATTENTION, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((YcOutboxEntry *) g_ptr_array_index (entries, 0))->problem_code, ==,
                   "unknown_service_item");
  g_assert_cmpuint (yc_sync_get_n_sent (w.sync), ==, n_changes - 1);

  world_clear (&w);
}

/* ------------------------------------------------------------------ a lost answer */

/* @n instant cases queued with the engine stopped, added to @cases. */
static void
queue_stopped (World     *w,
               guint      n,
               GPtrArray *cases)
{
  yc_sync_stop (w->sync);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cases, take_in (w, i % 2 ? "SCJG-001" : "RSJ-001", "instant"));
}

static void
test_answer_lost (void)
{
  World w;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 60;

  world_init (&w, "e2e-batch-2");
  queue_stopped (&w, n, cases);

  /* The server applies the first batch, and the connection dies before its answer. */
  yc_fault_proxy_set_match (w.proxy, "POST", "/api/v1/batch");
  yc_fault_proxy_inject (w.proxy, YC_FAULT_CLOSE_AFTER_REQUEST, 1);
  yc_fault_proxy_reset_counters (w.proxy);
  yc_sync_start (w.sync);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));

  g_assert_cmpuint (yc_fault_proxy_get_fault_count (w.proxy, YC_FAULT_CLOSE_AFTER_REQUEST), ==,
                    1);
  /* Sent again under the same keys: the server answered from its memory. */
  g_assert_cmpuint (yc_fault_proxy_get_requests_seen (w.proxy), >=, 2);
  assert_all_once (&w, cases);
  g_assert_cmpint (server_cases_here (&w), ==, n);
  /* Nothing happened twice. */
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(*) FROM (SELECT entity_id, type FROM events"
                               " WHERE workstation = ?1 GROUP BY entity_id, type"
                               " HAVING count(*) > 1)", w.code), ==, 0);
  g_assert_cmpuint (yc_sync_get_n_sent (w.sync), ==, n);

  world_clear (&w);
}

/* ------------------------------------------------------------------ an older server */

static void
test_server_without_batch (void)
{
  World w;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = 20;

  world_init (&w, "e2e-batch-3");
  queue_stopped (&w, n, cases);

  /* Every POST /batch is answered 404, as a server from before it answers. */
  yc_fault_proxy_set_match (w.proxy, "POST", "/api/v1/batch");
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_ANSWER_404);
  yc_fault_proxy_reset_counters (w.proxy);
  yc_sync_start (w.sync);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));

  /* One batch was tried and not applied; then one change per request, nothing refused. */
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (w.proxy, YC_FAULT_ANSWER_404), ==, 1);
  g_assert_cmpuint (yc_fault_proxy_get_requests_seen (w.proxy), ==, n + 1);
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);
  assert_all_once (&w, cases);
  g_assert_cmpint (server_cases_here (&w), ==, n);

  world_clear (&w);
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

  g_test_add_func ("/e2e/sync-batch/queue-replayed", test_queue_replayed);
  g_test_add_func ("/e2e/sync-batch/answer-lost", test_answer_lost);
  g_test_add_func ("/e2e/sync-batch/server-without-batch", test_server_without_batch);

  ret = g_test_run ();
  e2e_rm_rf (data_home);
  return ret;
}
