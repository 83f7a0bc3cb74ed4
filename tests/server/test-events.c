/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-events.c: the audit event feed (D17) and its long poll. */
#define G_LOG_DOMAIN "test-events"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhang, *zhao, *chen;
  YcItem       *item;
} e;

static gboolean
setup (void)
{
  if (e.srv != NULL)
    return e.item != NULL;
  e.srv = yc_test_server_default ();
  if (e.srv == NULL)
    return FALSE;
  e.li = yc_sign_in (e.srv, "clerk.li", "ws-ev-li");
  e.wang = yc_sign_in (e.srv, "clerk.wang", "ws-ev-wang");
  e.zhang = yc_sign_in (e.srv, "chief.zhang", "ws-ev-zhang");
  e.zhao = yc_sign_in (e.srv, "super.zhao", "ws-ev-zhao");
  e.chen = yc_sign_in (e.srv, "clerk.chen", "ws-ev-chen");
  if (!e.li || !e.wang || !e.zhang || !e.zhao || !e.chen)
    return FALSE;
  e.item = yc_find_item (e.srv, e.li->token, e.li->department_id, FALSE, -1);
  return e.item != NULL;
}

static gint64
last_seq (YcTestSession *who)
{
  g_autoptr(YcResponse) r = yc_get (e.srv, who->token, "/events?after=0&wait=0");

  if (!yc_assert_status (r, 200))
    return 0;
  return yc_resp_int (r, "last_seq");
}

static YcResponse *
events_after (YcTestSession *who,
              gint64     after,
              int        wait,
              guint      timeout_s)
{
  g_autofree char *path = wait >= 0
    ? g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=%d", after, wait)
    : g_strdup_printf ("/events?after=%" G_GINT64_FORMAT, after);
  YcRequestOptions o = { .token = who->token, .timeout_s = timeout_s };

  return yc_request_full (e.srv, "GET", path, NULL, -1, &o);
}

static JsonNode *
find_event (YcResponse *r,
            const char *type,
            const char *id)
{
  guint i, n = yc_resp_len (r, "events");

  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("events.%u", i);
      JsonNode *ev = yc_resp_at (r, p);

      if (g_strcmp0 (yc_json_str (ev, "type"), type) == 0 &&
          (id == NULL || g_strcmp0 (yc_json_str (ev, "id"), id) == 0))
        return ev;
    }
  return NULL;
}

typedef struct {
  YcTestSession  *who;
  gint64      after;
  int         wait;
  double      done_at;
  YcResponse *resp;
} Waiter;

static gpointer
waiter_thread (gpointer data)
{
  Waiter *w = data;

  w->resp = events_after (w->who, w->after, w->wait, w->wait + 15);
  w->done_at = yc_now ();
  return NULL;
}

static char *
post_inquiry (YcTestSession *who)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"事件测试\",\"outcome\":\"answered\"}", id);
  g_autoptr(YcResponse) r = yc_post (e.srv, who->token, "/inquiries", body);

  if (!yc_assert_status (r, 201))
    return NULL;
  return g_steal_pointer (&id);
}

static void
test_long_poll_wakes (void)
{
  Waiter w = { 0 };
  GThread *thread;
  double started, posted;
  g_autofree char *id = NULL;

  if (!setup ())
    return;
  w.who = e.wang;
  w.after = last_seq (e.wang);
  w.wait = 10;
  started = yc_now ();
  thread = g_thread_new ("waiter", waiter_thread, &w);
  g_usleep (700 * 1000);
  posted = yc_now ();
  id = post_inquiry (e.li);
  g_thread_join (thread);

  if (!yc_assert_status (w.resp, 200))
    goto out;
  if (w.done_at < posted)
    yc_fail ("the long poll answered after %.2f s, before anything happened", w.done_at - started);
  else if (w.done_at - posted > 1.0)
    yc_fail ("the long poll woke %.2f s after the POST (wanted within 1 s)", w.done_at - posted);
  g_test_message ("woke %.3f s after the POST", w.done_at - posted);
  if (find_event (w.resp, "inquiry.created", id) == NULL)
    yc_fail ("the woken poll does not carry inquiry.created %s: %s", id, yc_response_text (w.resp));
  g_assert_cmpint (yc_resp_int (w.resp, "last_seq"), >, w.after);
out:
  yc_response_free (w.resp);
}

static void
test_many_waiters (void)
{
  YcTestSession *who[] = { e.wang, e.zhang, e.zhao, e.li };
  Waiter w[G_N_ELEMENTS (who)];
  GThread *threads[G_N_ELEMENTS (who)];
  g_autofree char *id = NULL;
  double posted;
  guint i;

  if (!setup ())
    return;
  who[0] = e.wang;
  who[1] = e.zhang;
  who[2] = e.zhao;
  who[3] = e.li;
  for (i = 0; i < G_N_ELEMENTS (who); i++)
    {
      w[i] = (Waiter) { who[i], last_seq (who[i]), 10, 0, NULL };
      threads[i] = g_thread_new ("waiter", waiter_thread, &w[i]);
    }
  g_usleep (700 * 1000);
  posted = yc_now ();
  id = post_inquiry (e.li);
  for (i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_thread_join (threads[i]);
      if (yc_assert_status (w[i].resp, 200))
        {
          if (w[i].done_at - posted > 1.0)
            yc_fail ("waiter %s woke %.2f s after the POST", who[i]->username, w[i].done_at - posted);
          if (find_event (w[i].resp, "inquiry.created", id) == NULL)
            yc_fail ("waiter %s did not get inquiry.created", who[i]->username);
        }
      yc_response_free (w[i].resp);
    }
}

static void
test_long_poll_times_out (void)
{
  gint64 seq;
  g_autoptr(YcResponse) r = NULL;

  if (!setup ())
    return;
  seq = last_seq (e.zhao);
  r = events_after (e.zhao, seq, 2, 20);
  if (!yc_assert_status (r, 200))
    return;
  g_assert_cmpuint (yc_resp_len (r, "events"), ==, 0);
  g_assert_cmpint (yc_resp_int (r, "last_seq"), ==, seq);
  if (r->elapsed < 1.8 || r->elapsed > 3.5)
    yc_fail ("wait=2 with nothing new answered after %.2f s", r->elapsed);
}

static void
test_no_wait (void)
{
  gint64 seq;
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(YcResponse) plain = NULL;

  if (!setup ())
    return;
  seq = last_seq (e.zhao);
  r = events_after (e.zhao, seq, 0, 10);
  plain = events_after (e.zhao, seq, -1, 10);
  yc_assert_status (r, 200);
  yc_assert_status (plain, 200);
  if (r->elapsed > 0.5 || plain->elapsed > 0.5)
    yc_fail ("wait=0 / no wait took %.2f / %.2f s", r->elapsed, plain->elapsed);
}

static void
test_bad_parameters (void)
{
  const char *paths[] = { "/events?wait=31", "/events?wait=-1", "/events?after=-5",
                          "/events?after=abc", "/events?wait=soon" };
  static const guint st[] = { 400, 0 };
  static const char *const codes[] = { "invalid_value", "bad_request", NULL };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(YcResponse) r = yc_get (e.srv, e.zhao->token, paths[i]);

      yc_check_problem_any (__FILE__, __LINE__, r, st, codes);
    }
}

static void
check_event (YcResponse *r,
             const char *type,
             const char *entity,
             const char *id,
             YcTestSession  *actor,
             gboolean    offline)
{
  JsonNode *ev = find_event (r, type, id);
  JsonNode *off;

  if (ev == NULL)
    {
      yc_fail ("no %s event for %s", type, id ? id : "(any)");
      return;
    }
  g_assert_cmpstr (yc_json_str (ev, "entity"), ==, entity);
  g_assert_cmpstr (yc_json_str (ev, "actor_id"), ==, actor->staff_id);
  g_assert_cmpstr (yc_json_str (ev, "workstation"), ==, actor->workstation_code);
  g_assert_nonnull (yc_json_str (ev, "at"));
  off = yc_json_at (ev, "offline");
  if (off == NULL || !JSON_NODE_HOLDS_VALUE (off) || json_node_get_boolean (off) != offline)
    yc_fail ("%s event: offline should be %s", type, offline ? "true" : "false");
}

static void
test_every_change_is_an_event (void)
{
  gint64 before;
  g_autofree char *inq = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *case2 = NULL;
  g_autofree char *letter_id = yc_uuid ();
  g_autofree char *hid = yc_uuid ();
  g_autoptr(YcResponse) all = NULL;
  const char *m0;
  guint i, n;
  gint64 prev = 0;

  if (!setup ())
    return;
  before = last_seq (e.zhao);
  m0 = g_ptr_array_index (e.item->mandatory, 0);
  inq = post_inquiry (e.li);
  {
    g_autofree char *mats = yc_materials_json (e.item, m0);
    g_autofree char *body = NULL;
    g_autoptr(YcResponse) r = NULL;

    case_id = yc_uuid ();
    body = yc_case_json (case_id, e.item, "incomplete", NULL, NULL, mats, NULL);
    r = yc_post (e.srv, e.li->token, "/cases", body);
    yc_assert_status (r, 201);
  }
  {
    g_autofree char *q = yc_json_quote (m0);
    g_autofree char *num = yc_new_number ("告");
    g_autofree char *sha = yc_new_sha256 ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"one_time_notice\","
                                             "\"number\":\"%s\",\"items\":[{\"material_id\":%s,\"note\":\"补\"}],"
                                             "\"issued_at\":\"2026-03-10T10:20:00+08:00\",\"pdf_sha256\":\"%s\"}",
                                             letter_id, case_id, num, q, sha);
    g_autoptr(YcResponse) r = yc_post (e.srv, e.li->token, "/letters", body);
    g_autofree char *path = g_strdup_printf ("/cases/%s/materials", case_id);
    g_autofree char *mbody = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\"}]}", q);
    g_autoptr(YcResponse) m = NULL;

    yc_assert_status (r, 201);
    m = yc_post (e.srv, e.li->token, path, mbody);
    yc_assert_status (m, 200);
  }
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s/completion", case_id);
    g_autofree char *epath = g_strdup_printf ("/cases/%s/evaluation", case_id);
    g_autoptr(YcResponse) r = yc_post (e.srv, e.li->token, path,
                                       "{\"result\":\"办结\",\"completed_at\":\"2026-03-12T10:00:00+08:00\"}");
    g_autoptr(YcResponse) ev = NULL;

    yc_assert_status (r, 200);
    ev = yc_post (e.srv, e.li->token, epath, "{\"rating\":5}");
    yc_assert_status (ev, 201);
  }
  {
    g_autoptr(YcResponse) c2 = yc_create_case (e.srv, e.li, e.item, "accepted", NULL, &case2);
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"ab_cover\",\"to_staff_id\":\"%s\","
                                             "\"case_ids\":[\"%s\"],\"reason\":\"顶岗\"}",
                                             hid, e.wang->staff_id, case2);
    g_autofree char *dpath = g_strdup_printf ("/handoffs/%s/decision", hid);
    g_autofree char *rpath = g_strdup_printf ("/handoffs/%s/receipt", hid);
    g_autoptr(YcResponse) req = yc_post (e.srv, e.li->token, "/handoffs", body);
    g_autoptr(YcResponse) dec = yc_post (e.srv, e.zhang->token, dpath, "{\"decision\":\"approve\"}");
    g_autoptr(YcResponse) rec = yc_post (e.srv, e.wang->token, rpath, "{}");

    yc_assert_status (req, 201);
    yc_assert_status (dec, 200);
    yc_assert_status (rec, 200);
  }
  {
    g_autoptr(YcTestSession) s = yc_sign_in (e.srv, "clerk.chen", "ws-ev-signout");
    g_autoptr(YcResponse) out = NULL;

    if (s != NULL)
      {
        out = yc_delete (e.srv, s->token, "/sessions/current");
        yc_assert_status (out, 204);
      }
  }

  {
    g_autofree char *path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT, before);

    all = yc_get (e.srv, e.zhao->token, path);
  }
  if (!yc_assert_status (all, 200))
    return;
  check_event (all, "inquiry.created", "inquiry", inq, e.li, FALSE);
  check_event (all, "case.created", "case", case_id, e.li, FALSE);
  check_event (all, "letter.issued", "letter", letter_id, e.li, FALSE);
  check_event (all, "case.materials", "case", case_id, e.li, FALSE);
  check_event (all, "case.completed", "case", case_id, e.li, FALSE);
  if (find_event (all, "evaluation.created", NULL) == NULL)
    yc_fail ("no evaluation.created event");
  check_event (all, "handoff.requested", "handoff", hid, e.li, FALSE);
  check_event (all, "handoff.approved", "handoff", hid, e.zhang, FALSE);
  check_event (all, "handoff.received", "handoff", hid, e.wang, FALSE);
  if (find_event (all, "session.created", NULL) == NULL)
    yc_fail ("no session.created event");
  if (find_event (all, "session.ended", NULL) == NULL)
    yc_fail ("no session.ended event");

  /* Oldest first, strictly increasing, all after "before". */
  n = yc_resp_len (all, "events");
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("events.%u.seq", i);
      gint64 seq = yc_resp_int (all, p);

      if (seq <= before || seq <= prev)
        yc_fail ("event %u has seq %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT, i, seq, prev);
      prev = seq;
    }
  g_assert_cmpint (yc_resp_int (all, "last_seq"), ==, prev);
}

static void
test_offline_flag (void)
{
  gint64 before;
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(YcResponse) evs = NULL;

  if (!setup ())
    return;
  before = last_seq (e.zhao);
  body = yc_case_json (id, e.item, "accepted", "2026-03-09T09:00:00+08:00", NULL, NULL, NULL);
  {
    YcRequestOptions o = { .token = e.li->token, .offline = TRUE };

    r = yc_request_full (e.srv, "POST", "/cases", body, -1, &o);
  }
  yc_assert_status (r, 201);
  evs = events_after (e.zhao, before, 0, 10);
  if (yc_assert_status (evs, 200))
    check_event (evs, "case.created", "case", id, e.li, TRUE);
}

static void
test_append_only (void)
{
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) second = NULL;
  guint i, n;

  if (!setup ())
    return;
  first = yc_get (e.srv, e.zhao->token, "/events?after=0");
  g_free (post_inquiry (e.li));
  second = yc_get (e.srv, e.zhao->token, "/events?after=0");
  if (!yc_assert_status (first, 200) || !yc_assert_status (second, 200))
    return;
  n = yc_resp_len (first, "events");
  g_assert_cmpuint (yc_resp_len (second, "events"), >, n);
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("events.%u", i);

      if (!json_node_equal (yc_resp_at (first, p), yc_resp_at (second, p)))
        yc_fail ("event %u changed between two reads", i);
    }
}

static void
test_department_filter (void)
{
  g_autofree char *id = NULL;
  gint64 before;
  g_autoptr(YcResponse) chen = NULL;

  if (!setup ())
    return;
  /* Others see their department's events (the contract allows everything for now): at least
   * clerk.chen must not be refused. */
  before = last_seq (e.chen);
  id = post_inquiry (e.li);
  chen = events_after (e.chen, before, 0, 10);
  yc_assert_status (chen, 200);
}

static void
test_sigterm_with_waiter (void)
{
  YcTestServer *srv = yc_test_server_start (NULL, TRUE);
  g_autoptr(YcTestSession) s = NULL;
  Waiter w = { 0 };
  GThread *thread;
  double t0;

  if (srv == NULL)
    return;
  s = yc_sign_in (srv, "super.zhao", "ws-term");
  if (s == NULL)
    {
      yc_test_server_free (srv);
      return;
    }
  {
    /* The waiter must talk to this server, not the shared one. */
    YcTestServer *saved = e.srv;

    e.srv = srv;
    w.who = s;
    w.after = 1000000;
    w.wait = 30;
    thread = g_thread_new ("waiter", waiter_thread, &w);
    g_usleep (500 * 1000);
    t0 = yc_now ();
    g_assert_true (yc_test_server_stop (srv));
    g_test_message ("stopped %.2f s after SIGTERM with a long poll waiting", yc_now () - t0);
    g_thread_join (thread);
    e.srv = saved;
  }
  if (w.resp->status != 0 && w.resp->status != 200 && w.resp->status != 503)
    yc_fail ("the waiting client got %u at shutdown", w.resp->status);
  yc_response_free (w.resp);
  yc_test_server_free (srv);
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/events/long-poll-wakes", test_long_poll_wakes);
  g_test_add_func ("/server/events/many-waiters", test_many_waiters);
  g_test_add_func ("/server/events/long-poll-times-out", test_long_poll_times_out);
  g_test_add_func ("/server/events/no-wait", test_no_wait);
  g_test_add_func ("/server/events/bad-parameters", test_bad_parameters);
  g_test_add_func ("/server/events/every-change-is-an-event", test_every_change_is_an_event);
  g_test_add_func ("/server/events/offline-flag", test_offline_flag);
  g_test_add_func ("/server/events/append-only", test_append_only);
  g_test_add_func ("/server/events/department-filter", test_department_filter);
  g_test_add_func ("/server/events/sigterm-with-waiter", test_sigterm_with_waiter);
  ret = yc_test_run ();
  g_clear_pointer (&e.item, yc_item_free);
  g_clear_pointer (&e.li, yc_test_session_free);
  g_clear_pointer (&e.wang, yc_test_session_free);
  g_clear_pointer (&e.zhang, yc_test_session_free);
  g_clear_pointer (&e.zhao, yc_test_session_free);
  g_clear_pointer (&e.chen, yc_test_session_free);
  return ret;
}
