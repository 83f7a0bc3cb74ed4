/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-handoff-latency.c: how soon a requester sees the chief's decision (issue 12).
 *
 * clerk.li's workstation (its own profile, store and YcSync following the event feed) asks for
 * YC_BENCH_HANDOFFS (200) A/B cover handoffs, one case each. Then, one at a time, chief.zhang
 * approves each with a POST /handoffs/{id}/decision sent from his own signed-in connection;
 * the latency is from that POST being sent to the handoff showing as approved in clerk.li's
 * store (its "changed" signal, after the commit). The floor is a plain GET /centre round trip
 * on the chief's connection, measured in the same run as many times.
 *
 * Prints one line: p50_ms=… p95_ms=… floor_ms=… ratio=… (ratio = p50 / floor), and for the
 * reading of it post_p50_ms=… (the decision POST's own round trip, a durable write),
 * list_p50_ms=… (the requester's GET /handoffs?scope=mine with all the handoffs, which the
 * engine fetches after each handoff event) and the count. YC_BENCH_HANDOFFS changes the
 * count. */
#define G_LOG_DOMAIN "bench-handoff-latency"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "bench-support.h"
#include "e2e-support.h"

#define WAIT_MS 60000

/* ------------------------------------------------------------------ watching the store */

typedef struct {
  YcStore    *store;
  const char *id;       /* the handoff being decided */
  gint64      seen_at;  /* when the store first showed it approved; 0 before */
} Watch;

static void
on_changed_cb (YcStore    *store,
               const char *kind,
               const char *id,
               Watch      *w)
{
  g_autoptr(YcHandoff) handoff = NULL;

  if (w->id == NULL || w->seen_at != 0 || (id != NULL && g_strcmp0 (id, w->id) != 0))
    return;
  handoff = yc_store_get_handoff (store, w->id, NULL);
  if (handoff != NULL && g_strcmp0 (yc_handoff_get_state (handoff), "approved") == 0)
    w->seen_at = g_get_monotonic_time ();
}

static gboolean
on_timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Turn the main context until *@flag is non-zero or @timeout_ms pass. */
static gboolean
wait_for (gint64 *flag,
          guint   timeout_ms)
{
  gboolean expired = FALSE;
  guint source = g_timeout_add (timeout_ms, on_timeout_cb, &expired);

  while (*flag == 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (source);
  return *flag != 0;
}

/* ------------------------------------------------------------------ one request */

typedef struct {
  gint64 done_at;
  guint  status;
} Answer;

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *a = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHttpResponse) response = yc_http_request_finish (YC_HTTP (source), result, &error);

  if (response == NULL)
    g_printerr ("bench-handoff-latency: request failed: %s\n", error->message);
  a->status = response != NULL ? yc_http_response_get_status (response) : 0;
  a->done_at = g_get_monotonic_time ();
}

/* ------------------------------------------------------------------ the run */

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = e2e_make_tmpdir ("yc-bench-data-XXXXXX");
  g_autofree char *dir = e2e_make_tmpdir ("yc-bench-handoffs-XXXXXX");
  g_autofree char *li_profile = g_build_filename (dir, "li", NULL);
  g_autofree char *zhang_profile = g_build_filename (dir, "zhang", NULL);
  guint n = env_count ("YC_BENCH_HANDOFFS", 200);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) latency = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_autoptr(GArray) floor = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_autoptr(GArray) post = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  YcWorkstation *li_ws, *zhang_ws;
  YcStore *store;
  YcOutbox *outbox;
  YcHttp *chief;
  E2eServer *server;
  Watch watch = { NULL };
  double p50, p95, floor_ms;

  setlocale (LC_ALL, "");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  server = e2e_server_new ();
  li_ws = e2e_workstation_new (li_profile, server->url, "bench-li");
  zhang_ws = e2e_workstation_new (zhang_profile, server->url, "bench-zhang");
  store = yc_workstation_get_store (li_ws);
  outbox = yc_workstation_get_outbox (li_ws);
  yc_sync_set_follow_events (yc_workstation_get_sync (li_ws), TRUE);
  /* The chief's connection only sends the decisions: its own engine stays out of the way. */
  yc_sync_set_follow_events (yc_workstation_get_sync (zhang_ws), FALSE);
  chief = yc_workstation_get_http (zhang_ws);

  e2e_sign_in (yc_workstation_get_session (li_ws), "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  e2e_sign_in (yc_workstation_get_session (zhang_ws), "chief.zhang", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (store, WAIT_MS));

  /* The requests, made and sent as the clerk would. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("周航%04u", i);
      g_autoptr(YcCase) draft = e2e_case_draft (store, "SCJG-001", "accepted", name, i);
      g_autoptr(YcCase) kase = e2e_take_in (store, draft, &error);
      g_autoptr(YcHandoff) request = NULL;
      g_autoptr(YcHandoff) handoff = NULL;
      const char *case_ids[2] = { NULL, NULL };

      g_assert_no_error (error);
      case_ids[0] = yc_case_get_id (kase);
      request = g_object_new (YC_TYPE_HANDOFF, "kind", "ab_cover", "to-staff-id", "s-wang",
                              "case-ids", case_ids, "reason", "外出培训，由B岗顶岗", NULL);
      handoff = yc_store_request_handoff_sync (store, request, &error);
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_strdup (yc_handoff_get_id (handoff)));
    }
  g_assert_true (e2e_wait_drained (outbox, 120000));
  /* Let the requester's engine catch up with the feed of its own requests. */
  e2e_sleep (1000);

  g_signal_connect (store, "changed::handoffs", G_CALLBACK (on_changed_cb), &watch);
  watch.store = store;
  for (guint i = 0; i < n; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *path = g_strdup_printf ("/handoffs/%s/decision", id);
      g_autofree char *key = g_uuid_string_random ();
      g_autoptr(JsonNode) body = json_from_string ("{\"decision\":\"approve\",\"comment\":\"同意\"}",
                                                   NULL);
      Answer decided = { 0 }, fetched = { 0 };
      gint64 start;
      double ms;

      /* The floor: a plain GET round trip on the same connection. */
      start = g_get_monotonic_time ();
      yc_http_get_async (chief, "/centre", NULL, YC_HTTP_NONE, NULL, on_answer_cb, &fetched);
      g_assert_true (wait_for (&fetched.done_at, WAIT_MS));
      g_assert_cmpuint (fetched.status, ==, 200);
      ms = (fetched.done_at - start) / 1000.0;
      g_array_append_val (floor, ms);

      /* The decision, until the requester's store shows it. */
      watch.id = id;
      watch.seen_at = 0;
      start = g_get_monotonic_time ();
      yc_http_request_async (chief, "POST", path, body, key, YC_HTTP_NONE, NULL, on_answer_cb,
                             &decided);
      if (!wait_for (&watch.seen_at, WAIT_MS))
        g_error ("handoff %u of %u never showed approved in the requester's store", i + 1, n);
      ms = (watch.seen_at - start) / 1000.0;
      g_array_append_val (latency, ms);
      g_assert_true (wait_for (&decided.done_at, WAIT_MS));
      g_assert_cmpuint (decided.status, ==, 200);
      ms = (decided.done_at - start) / 1000.0;
      g_array_append_val (post, ms);
    }
  g_signal_handlers_disconnect_by_data (store, &watch);

  /* What the engine fetches after each handoff event, on its own. */
  for (guint i = 0; i < 21; i++)
    {
      Answer listed = { 0 };
      gint64 start = g_get_monotonic_time ();
      double ms;

      yc_http_get_async (yc_workstation_get_http (li_ws), "/handoffs?scope=mine", NULL,
                         YC_HTTP_NONE, NULL, on_answer_cb, &listed);
      g_assert_true (wait_for (&listed.done_at, WAIT_MS));
      g_assert_cmpuint (listed.status, ==, 200);
      ms = (listed.done_at - start) / 1000.0;
      g_array_append_val (list, ms);
    }
  g_assert_cmpint (e2e_db_int (server->db,
                               "SELECT count(*) FROM handoffs WHERE state = 'approved'", NULL),
                   ==, n);

  g_array_sort (latency, compare_double);
  g_array_sort (floor, compare_double);
  g_array_sort (post, compare_double);
  g_array_sort (list, compare_double);
  p50 = percentile (latency, 0.50);
  p95 = percentile (latency, 0.95);
  floor_ms = percentile (floor, 0.50);
  printf ("p50_ms=%.2f p95_ms=%.2f floor_ms=%.3f ratio=%.1f post_p50_ms=%.2f list_p50_ms=%.2f "
          "handoffs=%u\n",
          p50, p95, floor_ms, p50 / floor_ms, percentile (post, 0.50), percentile (list, 0.50), n);
  fflush (stdout);

  g_object_unref (zhang_ws);
  g_object_unref (li_ws);
  e2e_server_free (server);
  e2e_rm_rf (dir);
  e2e_rm_rf (data_home);
  return 0;
}
