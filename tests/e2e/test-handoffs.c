/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handoffs.c: handoffs (D12) between real workstations, each with its own profile, store
 * and sync engine, against the real yichuang-server. A clerk asks her A/B partner to cover a
 * case; the chief representative sees the request through the event feed alone, approves it,
 * the requester sees the approval, the partner signs for it and now holds the case. Two
 * workstations signed in as the same chief decide one request, one of them offline, or both
 * at once: one wins, the other's change waits for the clerk with already_decided and its
 * store shows the real state. The rules of D15 are refused both here and by the server. A
 * parallel handoff (并联审批) goes to two departments, which sign for it and answer. */
#define G_LOG_DOMAIN "test-handoffs"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "e2e-support.h"
#include "yc-fault-proxy.h"

#define WAIT_MS 30000

/* ------------------------------------------------------------------ workstations */

typedef struct {
  char          *profile;
  YcWorkstation *ws;
  YcStore       *store;
  YcOutbox      *outbox;
  YcSession     *session;
  YcSync        *sync;
  YcHttp        *http;
  char          *username;
} Desk;

typedef struct {
  char         *dir;
  E2eServer    *server;
  YcFaultProxy *proxy;    /* in front of the server, for the desks that go offline */
  GPtrArray    *desks;
  guint         serial;
} World;

static World world;

static void
desk_free (Desk *d)
{
  g_clear_object (&d->ws);
  g_free (d->profile);
  g_free (d->username);
  g_free (d);
}

static void
world_init (void)
{
  g_autoptr(GError) error = NULL;

  world.dir = e2e_make_tmpdir ("yc-e2e-handoffs-XXXXXX");
  world.server = e2e_server_new ();
  world.proxy = yc_fault_proxy_new_for_url (world.server->url, &error);
  g_assert_no_error (error);
  world.desks = g_ptr_array_new_with_free_func ((GDestroyNotify) desk_free);
}

static void
world_clear (void)
{
  g_clear_pointer (&world.desks, g_ptr_array_unref);
  g_clear_pointer (&world.proxy, yc_fault_proxy_free);
  e2e_server_free (world.server);
  world.server = NULL;
  e2e_rm_rf (world.dir);
  g_clear_pointer (&world.dir, g_free);
}

/* A new profile signed in as @username, following the event feed; through the fault proxy
 * when @via_proxy. */
static Desk *
desk_new (const char *username,
          gboolean    via_proxy)
{
  g_autoptr(GError) error = NULL;
  Desk *d = g_new0 (Desk, 1);
  g_autofree char *name = g_strdup_printf ("ws-%s-%u", username, world.desks->len);

  d->username = g_strdup (username);
  d->profile = g_build_filename (world.dir, name, NULL);
  d->ws = e2e_workstation_new (d->profile,
                               via_proxy ? yc_fault_proxy_get_url (world.proxy)
                                         : world.server->url,
                               name);
  d->store = yc_workstation_get_store (d->ws);
  d->outbox = yc_workstation_get_outbox (d->ws);
  d->session = yc_workstation_get_session (d->ws);
  d->sync = yc_workstation_get_sync (d->ws);
  d->http = yc_workstation_get_http (d->ws);
  yc_sync_set_backoff_scale (d->sync, 0.02);
  yc_sync_set_follow_events (d->sync, TRUE);
  g_ptr_array_add (world.desks, d);

  e2e_sign_in (d->session, username, E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_session_get_state (d->session), ==, YC_SESSION_SIGNED_IN);
  g_assert_true (e2e_wait_catalogue (d->store, WAIT_MS));
  return d;
}

static YcCase *
take_in (Desk *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("赵敏%04u", ++world.serial);
  g_autoptr(YcCase) draft = e2e_case_draft (d->store, "SCJG-001", "accepted", name,
                                            world.serial);
  YcCase *stored = e2e_take_in (d->store, draft, &error);

  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (d->outbox, WAIT_MS));
  return stored;
}

static YcHandoff *
request (Desk       *d,
         const char *kind,
         const char *to_staff,
         const char *to_department,
         YcCase     *kase,
         const char *reason)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { yc_case_get_id (kase), NULL };
  g_autoptr(YcHandoff) draft = g_object_new (YC_TYPE_HANDOFF, "kind", kind,
                                             "to-staff-id", to_staff,
                                             "to-department-id", to_department,
                                             "case-ids", ids, "reason", reason, NULL);
  YcHandoff *handoff = yc_store_request_handoff_sync (d->store, draft, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_state (handoff), ==, "pending");
  g_assert_true (e2e_wait_drained (d->outbox, WAIT_MS));
  return handoff;
}

/* ------------------------------------------------------------------ waiting for a store */

typedef struct {
  Desk       *desk;
  const char *id;
  const char *state;
  const char *answer;   /* NULL: any */
} Seen;

static gboolean
shows_state (gpointer data)
{
  Seen *s = data;
  g_autoptr(YcHandoff) handoff = yc_store_get_handoff (s->desk->store, s->id, NULL);

  return handoff != NULL && g_strcmp0 (yc_handoff_get_state (handoff), s->state) == 0 &&
         (s->answer == NULL || g_strcmp0 (yc_handoff_get_answer (handoff), s->answer) == 0);
}

/* Wait until @d's store shows handoff @id in @state (with @answer); fails the test if not. */
static void
assert_shows (Desk       *d,
              const char *id,
              const char *state,
              const char *answer)
{
  Seen s = { d, id, state, answer };

  if (!e2e_wait (shows_state, &s, WAIT_MS))
    {
      g_autoptr(YcHandoff) handoff = yc_store_get_handoff (d->store, id, NULL);

      g_error ("%s's store does not show handoff %s %s/%s (it has %s/%s)", d->username, id,
               state, answer ? answer : "-",
               handoff ? yc_handoff_get_state (handoff) : "nothing",
               handoff && yc_handoff_get_answer (handoff) ? yc_handoff_get_answer (handoff) : "-");
    }
}

typedef struct {
  Desk       *desk;
  const char *case_id;
  const char *holder;
} Held;

static gboolean
holds_case (gpointer data)
{
  Held *h = data;
  g_autoptr(YcCase) kase = yc_store_get_case (h->desk->store, h->case_id, NULL);

  return kase != NULL && g_strcmp0 (yc_case_get_holder_id (kase), h->holder) == 0;
}

static void
assert_holder (Desk       *d,
               const char *case_id,
               const char *holder)
{
  Held h = { d, case_id, holder };

  if (!e2e_wait (holds_case, &h, WAIT_MS))
    g_error ("%s's store does not show case %s held by %s", d->username, case_id, holder);
}

static char *
server_holder (const char *case_id)
{
  sqlite3 *db = e2e_db_open_ro (world.server->db);
  sqlite3_stmt *stmt = NULL;
  char *holder = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT holder_id FROM cases WHERE id = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    holder = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return holder;
}

/* ------------------------------------------------------------------ the server's refusals */

typedef struct {
  GAsyncResult *result;
} Waiting;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiting *w = user_data;

  w->result = g_object_ref (result);
}

/* POST @body to @path as @d's session; the answer must be a refusal with @status and @code. */
static void
assert_server_refuses (Desk       *d,
                       const char *path,
                       const char *body,
                       guint       status,
                       const char *code)
{
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(YcHttpResponse) refusal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  Waiting w = { NULL };

  yc_http_request_async (d->http, "POST", path, node, key, YC_HTTP_NONE, NULL, on_done_cb, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  response = yc_http_request_finish_full (d->http, w.result, &refusal, &error);
  g_object_unref (w.result);
  g_assert_null (response);
  g_assert_nonnull (error);
  if (refusal == NULL)
    g_error ("POST %s as %s: no refusal but %s", path, d->username, error->message);
  g_assert_cmpuint (yc_http_response_get_status (refusal), ==, status);
  g_assert_cmpstr (yc_http_response_get_problem_code (refusal), ==, code);
}

static char *
handoff_path (YcHandoff  *handoff,
              const char *what)
{
  return g_strdup_printf ("/handoffs/%s/%s", yc_handoff_get_id (handoff), what);
}

/* The entries of @d's outbox that need attention. */
static GPtrArray *
attention (Desk *d)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = yc_outbox_list (d->outbox, YC_OUTBOX_ATTENTION, 0, &error);

  g_assert_no_error (error);
  return entries;
}

/* Both desks of @data (Desk *[2]) have sent everything, and exactly one was refused. */
static gboolean
one_refused (gpointer data)
{
  Desk **pair = data;

  return yc_outbox_get_n_pending (pair[0]->outbox) == 0 &&
         yc_outbox_get_n_pending (pair[1]->outbox) == 0 &&
         yc_outbox_get_n_attention (pair[0]->outbox) + yc_outbox_get_n_attention (pair[1]->outbox)
           == 1;
}

/* ------------------------------------------------------------------ the tests */

static void
test_ab_cover (void)
{
  Desk *li, *wang, *zhang, *liu;
  g_autoptr(YcCase) first = NULL;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(YcCase) own = NULL;
  g_autoptr(YcHandoff) earlier = NULL;
  g_autoptr(YcHandoff) cover = NULL;
  g_autoptr(YcHandoff) mine = NULL;
  g_autoptr(YcHandoff) refused = NULL;
  g_autoptr(YcHandoff) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *holder = NULL;
  static const char approve[] = "{\"decision\":\"approve\",\"comment\":null}";

  world_init ();
  li = desk_new ("clerk.li", FALSE);
  wang = desk_new ("clerk.wang", FALSE);
  liu = desk_new ("chief.liu", FALSE);

  /* A request made before the chief's workstation was ever used: its first sign-in brings
   * it (no event about it comes later). */
  first = take_in (li);
  earlier = request (li, "shift_end", "s-wang", NULL, first, "下班交接");
  zhang = desk_new ("chief.zhang", FALSE);
  assert_shows (zhang, yc_handoff_get_id (earlier), "pending", NULL);

  /* The chief sees a new request through the event feed alone. */
  kase = take_in (li);
  cover = request (li, "ab_cover", "s-wang", NULL, kase, "李晓燕外出参加培训，由B岗顶岗");
  assert_shows (zhang, yc_handoff_get_id (cover), "pending", NULL);
  assert_shows (wang, yc_handoff_get_id (cover), "pending", NULL);
  decision = handoff_path (cover, "decision");
  receipt = handoff_path (cover, "receipt");

  /* A receipt before the approval. */
  refused = yc_store_sign_for_handoff_sync (wang->store, yc_handoff_get_id (cover), &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  assert_server_refuses (wang, receipt, "{}", 409, "not_approved");

  /* The chief of another department: the request is not even on that workstation. */
  refused = yc_store_decide_handoff_sync (liu->store, yc_handoff_get_id (cover), TRUE, NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_server_refuses (liu, decision, approve, 403, "forbidden");

  /* A chief approving their own request. */
  own = take_in (zhang);
  mine = request (zhang, "transfer", "s-li", NULL, own, "首席代表外出，案件转交");
  refused = yc_store_decide_handoff_sync (zhang->store, yc_handoff_get_id (mine), TRUE, NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  {
    g_autofree char *path = handoff_path (mine, "decision");

    assert_server_refuses (zhang, path, approve, 403, "forbidden");
  }

  /* The chief approves; the requester sees it. */
  done = yc_store_decide_handoff_sync (zhang->store, yc_handoff_get_id (cover), TRUE,
                                       "同意，注意交接材料", &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (zhang->outbox, WAIT_MS));
  assert_shows (li, yc_handoff_get_id (cover), "approved", NULL);
  assert_shows (wang, yc_handoff_get_id (cover), "approved", NULL);

  /* A receipt by someone else than the receiver. */
  g_clear_object (&refused);
  refused = yc_store_sign_for_handoff_sync (li->store, yc_handoff_get_id (cover), &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  assert_server_refuses (li, receipt, "{}", 403, "forbidden");

  /* The partner signs for it; the requester sees that, and the case is the partner's. */
  g_clear_object (&done);
  done = yc_store_sign_for_handoff_sync (wang->store, yc_handoff_get_id (cover), &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (wang->outbox, WAIT_MS));
  assert_shows (li, yc_handoff_get_id (cover), "received", NULL);
  holder = server_holder (yc_case_get_id (kase));
  g_assert_cmpstr (holder, ==, "s-wang");
  assert_holder (wang, yc_case_get_id (kase), "s-wang");
  assert_holder (li, yc_case_get_id (kase), "s-wang");
  assert_holder (zhang, yc_case_get_id (kase), "s-wang");

  world_clear ();
}

/* Two workstations of the same chief decide one request. With @offline, the second decides
 * while its network is cut, and the first decides meanwhile; otherwise both at once. */
static void
run_double_decision (gboolean offline)
{
  Desk *li, *a, *b;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(YcHandoff) cover = NULL;
  g_autoptr(YcHandoff) by_a = NULL;
  g_autoptr(YcHandoff) by_b = NULL;
  g_autoptr(YcHandoff) real = NULL;
  g_autoptr(GPtrArray) refusals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  const YcOutboxEntry *entry;
  Desk *winner, *loser;
  const char *state;

  world_init ();
  li = desk_new ("clerk.li", FALSE);
  a = desk_new ("chief.zhang", FALSE);
  b = desk_new ("chief.zhang", TRUE);
  kase = take_in (li);
  cover = request (li, "ab_cover", "s-wang", NULL, kase, "临时外出办事，请B岗顶岗");
  assert_shows (a, yc_handoff_get_id (cover), "pending", NULL);
  assert_shows (b, yc_handoff_get_id (cover), "pending", NULL);
  assert_holder (b, yc_case_get_id (kase), "s-li");

  if (offline)
    {
      /* b approves with its network cut; a rejects meanwhile, online. */
      yc_fault_proxy_set_fault (world.proxy, YC_FAULT_RESET);
      by_b = yc_store_decide_handoff_sync (b->store, yc_handoff_get_id (cover), TRUE,
                                           "同意（离线审批）", &error);
      g_assert_no_error (error);
      /* Saved here all the same: the case already shows with its new holder. */
      assert_holder (b, yc_case_get_id (kase), "s-wang");
      by_a = yc_store_decide_handoff_sync (a->store, yc_handoff_get_id (cover), FALSE,
                                           "B岗今日请假，不同意", &error);
      g_assert_no_error (error);
      g_assert_true (e2e_wait_drained (a->outbox, WAIT_MS));
      g_assert_cmpuint (yc_outbox_get_n_pending (b->outbox), ==, 1);
      yc_fault_proxy_set_fault (world.proxy, YC_FAULT_PASS);
      yc_sync_kick (b->sync);
      winner = a;
      loser = b;
    }
  else
    {
      /* Both at once: whichever reaches the server first wins. */
      by_a = yc_store_decide_handoff_sync (a->store, yc_handoff_get_id (cover), FALSE,
                                           "不同意", &error);
      g_assert_no_error (error);
      by_b = yc_store_decide_handoff_sync (b->store, yc_handoff_get_id (cover), TRUE,
                                           "同意", &error);
      g_assert_no_error (error);
      winner = loser = NULL;
    }

  /* One wins; the other's change waits with the server's reason. */
  {
    Desk *pair[] = { a, b };

    g_assert_true (e2e_wait (one_refused, pair, WAIT_MS));
    if (yc_outbox_get_n_attention (a->outbox) > 0)
      {
        g_assert_false (offline);
        winner = b;
        loser = a;
      }
    else if (!offline)
      {
        winner = a;
        loser = b;
      }
    g_assert_cmpuint (yc_outbox_get_n_attention (loser->outbox), ==, 1);
    g_assert_cmpuint (yc_outbox_get_n_attention (winner->outbox), ==, 0);
  }
  g_assert_true (e2e_wait_drained (winner->outbox, WAIT_MS));
  refusals = attention (loser);
  g_assert_cmpuint (refusals->len, ==, 1);
  entry = g_ptr_array_index (refusals, 0);
  g_assert_cmpstr (entry->record_kind, ==, "handoff");
  g_assert_cmpstr (entry->record_id, ==, yc_handoff_get_id (cover));
  g_assert_cmpstr (entry->problem_code, ==, "already_decided");
  g_assert_nonnull (entry->last_error);

  /* The loser's store shows what the server holds, and the case where it really is. */
  state = winner == a ? yc_handoff_get_state (by_a) : yc_handoff_get_state (by_b);
  assert_shows (loser, yc_handoff_get_id (cover), state, NULL);
  assert_shows (li, yc_handoff_get_id (cover), state, NULL);
  real = yc_store_get_handoff (loser->store, yc_handoff_get_id (cover), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_decision_comment (real), ==,
                   yc_handoff_get_decision_comment (winner == a ? by_a : by_b));
  g_assert_cmpint (yc_store_get_sync_state (loser->store, "handoff", yc_handoff_get_id (cover)),
                   ==, YC_SYNC_STATE_ATTENTION);
  holder = server_holder (yc_case_get_id (kase));
  g_assert_cmpstr (holder, ==, g_str_equal (state, "approved") ? "s-wang" : "s-li");
  assert_holder (loser, yc_case_get_id (kase), holder);
  assert_holder (li, yc_case_get_id (kase), holder);

  world_clear ();
}

static void
test_double_decision_offline (void)
{
  run_double_decision (TRUE);
}

static void
test_double_decision_at_once (void)
{
  run_double_decision (FALSE);
}

static void
test_parallel (void)
{
  Desk *li, *zhang, *chen, *ma;
  g_autoptr(YcCase) kase = NULL;
  g_autoptr(YcHandoff) to_rsj = NULL;
  g_autoptr(YcHandoff) to_zjj = NULL;
  g_autoptr(YcHandoff) step = NULL;
  g_autoptr(YcHandoff) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;

  world_init ();
  li = desk_new ("clerk.li", FALSE);
  zhang = desk_new ("chief.zhang", FALSE);
  chen = desk_new ("clerk.chen", FALSE);
  ma = desk_new ("clerk.ma", FALSE);

  kase = take_in (li);
  to_rsj = request (li, "parallel", NULL, "rsj", kase, "并联审批：请人社部门出具意见");
  to_zjj = request (li, "parallel", NULL, "zjj", kase, "并联审批：请住建部门出具意见");
  history = yc_store_list_handoffs_for_case (li->store, yc_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (yc_handoff_get_id (g_ptr_array_index (history, 0)), ==,
                   yc_handoff_get_id (to_rsj));

  /* The giving department's chief approves both. */
  assert_shows (zhang, yc_handoff_get_id (to_rsj), "pending", NULL);
  assert_shows (zhang, yc_handoff_get_id (to_zjj), "pending", NULL);
  step = yc_store_decide_handoff_sync (zhang->store, yc_handoff_get_id (to_rsj), TRUE,
                                       "同意并联审批", &error);
  g_assert_no_error (error);
  g_clear_object (&step);
  step = yc_store_decide_handoff_sync (zhang->store, yc_handoff_get_id (to_zjj), TRUE,
                                       "同意并联审批", &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (zhang->outbox, WAIT_MS));

  /* Each receiving department signs for its own and answers it. */
  assert_shows (chen, yc_handoff_get_id (to_rsj), "approved", NULL);
  assert_shows (ma, yc_handoff_get_id (to_zjj), "approved", NULL);
  g_clear_object (&step);
  step = yc_store_answer_handoff_sync (chen->store, yc_handoff_get_id (to_rsj), "agree", NULL,
                                       &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_RECEIVED);
  g_clear_error (&error);
  {
    g_autofree char *path = handoff_path (to_rsj, "answer");

    assert_server_refuses (chen, path, "{\"answer\":\"agree\"}", 409, "not_received");
  }
  g_clear_object (&step);
  step = yc_store_sign_for_handoff_sync (chen->store, yc_handoff_get_id (to_rsj), &error);
  g_assert_no_error (error);
  g_clear_object (&step);
  step = yc_store_sign_for_handoff_sync (ma->store, yc_handoff_get_id (to_zjj), &error);
  g_assert_no_error (error);

  g_clear_object (&step);
  step = yc_store_answer_handoff_sync (chen->store, yc_handoff_get_id (to_rsj), "agree_forward",
                                       "同意，需报县人社局审定", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_answer (step), ==, "agree_forward");
  /* 不同意 needs its reason. */
  g_clear_object (&step);
  step = yc_store_answer_handoff_sync (ma->store, yc_handoff_get_id (to_zjj), "disagree", "",
                                       &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&step);
  step = yc_store_answer_handoff_sync (ma->store, yc_handoff_get_id (to_zjj), "disagree",
                                       "施工图审查未通过，不同意", &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (chen->outbox, WAIT_MS));
  g_assert_true (e2e_wait_drained (ma->outbox, WAIT_MS));

  /* Asked, approved, signed for and answered by two departments, the case stays with the
   * clerk who leads it, on the server and on every workstation. */
  {
    g_autofree char *holder = server_holder (yc_case_get_id (kase));

    g_assert_cmpstr (holder, ==, "s-li");
  }
  assert_holder (li, yc_case_get_id (kase), "s-li");

  /* An answer by another department: zjj's handoff is not on rsj's workstation, and the
   * server refuses it. */
  g_clear_object (&step);
  step = yc_store_answer_handoff_sync (chen->store, yc_handoff_get_id (to_zjj), "agree", NULL,
                                       &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *path = handoff_path (to_zjj, "answer");

    assert_server_refuses (chen, path, "{\"answer\":\"agree\"}", 403, "forbidden");
    assert_server_refuses (li, path, "{\"answer\":\"agree\"}", 403, "forbidden");
  }
  /* Once only. */
  {
    g_autofree char *path = handoff_path (to_rsj, "answer");

    assert_server_refuses (chen, path, "{\"answer\":\"agree\"}", 409, "already_answered");
  }

  /* The requester sees both answers. */
  assert_shows (li, yc_handoff_get_id (to_rsj), "received", "agree_forward");
  assert_shows (li, yc_handoff_get_id (to_zjj), "received", "disagree");
  seen = yc_store_get_handoff (li->store, yc_handoff_get_id (to_zjj), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_answered_by (seen), ==, "s-ma");
  g_assert_cmpstr (yc_handoff_get_answer_comment (seen), ==, "施工图审查未通过，不同意");
  g_assert_nonnull (yc_handoff_get_answered_at (seen));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = yc_store_list_handoffs_for_case (li->store, yc_case_get_id (kase), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (yc_handoff_get_answer (g_ptr_array_index (history, 0)), ==, "agree_forward");
  g_assert_cmpstr (yc_handoff_get_answer (g_ptr_array_index (history, 1)), ==, "disagree");
  g_assert_cmpint (e2e_db_int (world.server->db,
                               "SELECT count(*) FROM events WHERE type = 'handoff.answered'",
                               NULL), ==, 2);

  world_clear ();
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/e2e/handoffs/ab-cover", test_ab_cover);
  g_test_add_func ("/e2e/handoffs/double-decision-offline", test_double_decision_offline);
  g_test_add_func ("/e2e/handoffs/double-decision-at-once", test_double_decision_at_once);
  g_test_add_func ("/e2e/handoffs/parallel", test_parallel);
  return g_test_run ();
}
