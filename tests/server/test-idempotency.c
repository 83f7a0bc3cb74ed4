/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-idempotency.c: Idempotency-Key on every POST: replay, mismatch, missing key, keys per
 * workstation and across restarts, and concurrent requests with the same key. */
#define G_LOG_DOMAIN "test-idempotency"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhang;
  YcItem       *item;
} t;

static gboolean
setup (void)
{
  if (t.srv != NULL)
    return t.item != NULL;
  t.srv = yc_test_server_default ();
  if (t.srv == NULL)
    return FALSE;
  t.li = yc_sign_in (t.srv, "clerk.li", "ws-idem-li");
  t.wang = yc_sign_in (t.srv, "clerk.wang", "ws-idem-wang");
  t.zhang = yc_sign_in (t.srv, "chief.zhang", "ws-idem-zhang");
  if (!t.li || !t.wang || !t.zhang)
    return FALSE;
  t.item = yc_find_item (t.srv, t.li->token, t.li->department_id, FALSE, -1);
  return t.item != NULL;
}

/* POST twice with one key and one body: same status, same body, the second marked replayed. */
static YcResponse *
check_replay (YcTestSession  *who,
              const char *path,
              const char *body,
              guint       expected_status)
{
  g_autofree char *key = yc_uuid ();
  YcResponse *first = yc_post_key (t.srv, who->token, path, key, body);
  g_autoptr(YcResponse) second = NULL;

  if (!yc_assert_status (first, expected_status))
    return first;
  if (yc_response_replayed (first))
    yc_fail ("POST %s: the first answer says Idempotent-Replayed: true", path);
  second = yc_post_key (t.srv, who->token, path, key, body);
  yc_assert_status (second, expected_status);
  if (!yc_response_replayed (second))
    yc_fail ("POST %s replayed without Idempotent-Replayed: true (got %s)", path,
             yc_response_header (second, "Idempotent-Replayed") ?: "nothing");
  if (!g_bytes_equal (first->body, second->body))
    yc_fail ("POST %s replayed with another body:\n first: %s\nsecond: %s", path,
             yc_response_text (first), yc_response_text (second));
  return first;
}

static guint
count_cases_numbered (YcTestSession  *who,
                      const char *number)
{
  g_autofree char *esc = g_uri_escape_string (number, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/cases?holder=me&q=%s&limit=200", esc);
  g_autoptr(YcResponse) r = yc_get (t.srv, who->token, path);

  yc_assert_status (r, 200);
  return yc_resp_len (r, "cases");
}

static void
test_replay_every_post (void)
{
  g_autofree char *case_id = yc_uuid ();
  g_autofree char *case_body = NULL;
  g_autofree char *mats = NULL;
  g_autoptr(YcResponse) c1 = NULL;

  if (!setup ())
    return;
  mats = yc_materials_json (t.item, g_ptr_array_index (t.item->mandatory, 0));
  case_body = yc_case_json (case_id, t.item, "incomplete", NULL, NULL, mats, NULL);
  c1 = check_replay (t.li, "/cases", case_body, 201);
  if (c1->status != 201)
    return;
  g_assert_cmpuint (count_cases_numbered (t.li, yc_resp_str (c1, "number")), ==, 1);

  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"重放测试\",\"outcome\":\"answered\"}", id);
    g_autoptr(YcResponse) r = check_replay (t.li, "/inquiries", body, 201);
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *number = yc_new_number ("告");
    g_autofree char *sha = yc_new_sha256 ();
    g_autofree char *q = yc_json_quote (g_ptr_array_index (t.item->mandatory, 0));
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"one_time_notice\","
                                             "\"number\":\"%s\",\"items\":[{\"material_id\":%s,\"note\":\"补交\"}],"
                                             "\"issued_at\":\"2026-03-10T10:20:00+08:00\",\"pdf_sha256\":\"%s\"}",
                                             id, case_id, number, q, sha);
    g_autoptr(YcResponse) r = check_replay (t.li, "/letters", body, 201);
  }
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s/materials", case_id);
    g_autofree char *q = yc_json_quote (g_ptr_array_index (t.item->mandatory, 0));
    g_autofree char *body = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\"}]}", q);
    g_autoptr(YcResponse) r = check_replay (t.li, path, body, 200);
  }
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s/evaluation", case_id);
    g_autoptr(YcResponse) r = check_replay (t.li, path, "{\"rating\":5,\"comment\":\"好\"}", 201);
  }
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s/completion", case_id);
    g_autoptr(YcResponse) r = check_replay (t.li, path,
                                            "{\"result\":\"办结\",\"completed_at\":\"2026-03-12T10:00:00+08:00\"}", 200);
  }
  /* Handoff, decision and receipt: a replayed decision is not "already decided". */
  {
    g_autofree char *other = NULL;
    g_autoptr(YcResponse) created = yc_create_case (t.srv, t.li, t.item, "accepted", NULL, &other);
    g_autofree char *hid = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"ab_cover\",\"to_staff_id\":\"%s\","
                                             "\"case_ids\":[\"%s\"],\"reason\":\"顶岗\"}",
                                             hid, t.wang->staff_id, other);
    g_autoptr(YcResponse) req = check_replay (t.li, "/handoffs", body, 201);
    g_autofree char *dpath = g_strdup_printf ("/handoffs/%s/decision", hid);
    g_autofree char *rpath = g_strdup_printf ("/handoffs/%s/receipt", hid);
    g_autoptr(YcResponse) dec = check_replay (t.zhang, dpath, "{\"decision\":\"approve\",\"comment\":\"同意\"}", 200);
    g_autoptr(YcResponse) rec = check_replay (t.wang, rpath, "{}", 200);
  }
}

static void
test_mismatch (void)
{
  g_autofree char *key = yc_uuid ();
  g_autofree char *id = yc_uuid ();
  g_autofree char *b1 = NULL;
  g_autofree char *b2 = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) other_body = NULL;
  g_autoptr(YcResponse) other_path = NULL;
  g_autoptr(YcResponse) replay = NULL;

  if (!setup ())
    return;
  b1 = yc_case_json (id, t.item, "accepted", NULL, NULL, NULL, NULL);
  b2 = yc_case_json (id, t.item, "accepted", "2026-03-11T10:00:00+08:00", NULL, NULL, NULL);
  first = yc_post_key (t.srv, t.li->token, "/cases", key, b1);
  if (!yc_assert_status (first, 201))
    return;
  other_body = yc_post_key (t.srv, t.li->token, "/cases", key, b2);
  yc_assert_problem (other_body, 422, "idempotency_mismatch");
  {
    g_autofree char *iid = yc_uuid ();
    g_autofree char *ib = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"?\",\"outcome\":\"answered\"}", iid);

    other_path = yc_post_key (t.srv, t.li->token, "/inquiries", key, ib);
    yc_assert_problem (other_path, 422, "idempotency_mismatch");
  }
  /* The mismatches changed nothing: the first answer is still what the key gives. */
  replay = yc_post_key (t.srv, t.li->token, "/cases", key, b1);
  yc_assert_status (replay, 201);
  g_assert_true (g_bytes_equal (first->body, replay->body));
}

static void
test_missing_key (void)
{
  g_autofree char *case_id = NULL;
  g_autoptr(YcResponse) created = NULL;
  const char *paths[] = { "/cases", "/inquiries", "/letters", "/handoffs", NULL, NULL, NULL,
                          "/handoffs/00000000-0000-4000-8000-000000000001/decision",
                          "/handoffs/00000000-0000-4000-8000-000000000001/receipt" };
  g_autofree char *p4 = NULL, *p5 = NULL, *p6 = NULL;
  guint i;

  if (!setup ())
    return;
  created = yc_create_case (t.srv, t.li, t.item, "accepted", NULL, &case_id);
  p4 = g_strdup_printf ("/cases/%s/materials", case_id);
  p5 = g_strdup_printf ("/cases/%s/completion", case_id);
  p6 = g_strdup_printf ("/cases/%s/evaluation", case_id);
  paths[4] = p4;
  paths[5] = p5;
  paths[6] = p6;
  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      YcRequestOptions o = { .token = t.li->token, .no_idempotency_key = TRUE, .accept_language = "zh-CN" };
      g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", paths[i], "{}", -1, &o);

      yc_assert_problem (r, 400, "missing_idempotency_key");
      if (!yc_has_cjk (yc_resp_str (r, "detail")))
        yc_fail ("missing_idempotency_key detail not Chinese");
    }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = yc_case_json (id, t.item, "accepted", NULL, NULL, NULL, NULL);
    YcRequestOptions o2 = { .token = t.li->token, .no_idempotency_key = TRUE };
    g_autoptr(YcResponse) none = yc_request_full (t.srv, "POST", "/cases", body, -1, &o2);
    g_autofree char *path = g_strdup_printf ("/cases/%s", id);
    g_autoptr(YcResponse) absent = yc_get (t.srv, t.li->token, path);

    yc_assert_problem (none, 400, "missing_idempotency_key");
    /* The refused request created nothing. */
    yc_assert_problem (absent, 404, "not_found");
  }
  {
    /* The key is a UUID (openapi.yaml: format uuid). */
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = yc_case_json (id, t.item, "accepted", NULL, NULL, NULL, NULL);
    YcRequestOptions o = { .token = t.li->token, .idempotency_key = "not-a-uuid" };
    g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", "/cases", body, -1, &o);
    static const guint st[] = { 400, 0 };
    static const char *const codes[] = { "bad_request", "invalid_value", "missing_idempotency_key", NULL };

    yc_check_problem_any (__FILE__, __LINE__, r, st, codes);
  }
}

static void
test_per_workstation (void)
{
  g_autofree char *key = yc_uuid ();
  g_autofree char *id1 = yc_uuid ();
  g_autofree char *id2 = yc_uuid ();
  g_autofree char *b1 = NULL, *b2 = NULL;
  g_autoptr(YcResponse) on_a = NULL;
  g_autoptr(YcResponse) on_b = NULL;
  g_autoptr(YcResponse) again_a = NULL;
  g_autoptr(YcTestSession) li_again = NULL;

  if (!setup ())
    return;
  b1 = yc_case_json (id1, t.item, "accepted", NULL, NULL, NULL, NULL);
  b2 = yc_case_json (id2, t.item, "accepted", NULL, NULL, NULL, NULL);
  on_a = yc_post_key (t.srv, t.li->token, "/cases", key, b1);
  yc_assert_status (on_a, 201);
  /* Another workstation may use the same key for its own request. */
  on_b = yc_post_key (t.srv, t.wang->token, "/cases", key, b2);
  yc_assert_status (on_b, 201);
  g_assert_false (yc_response_replayed (on_b));
  g_assert_cmpstr (yc_resp_str (on_b, "id"), ==, id2);
  /* The key belongs to the workstation, not the session: after signing in again it replays. */
  li_again = yc_sign_in (t.srv, "clerk.li", "ws-idem-li");
  if (li_again == NULL)
    return;
  g_assert_cmpstr (li_again->workstation_code, ==, t.li->workstation_code);
  again_a = yc_post_key (t.srv, li_again->token, "/cases", key, b1);
  yc_assert_status (again_a, 201);
  g_assert_true (yc_response_replayed (again_a));
  g_assert_true (g_bytes_equal (on_a->body, again_a->body));
}

static void
test_error_not_applied (void)
{
  g_autofree char *key = yc_uuid ();
  g_autofree char *id = yc_uuid ();
  g_autofree char *bad_id = yc_new_resident_id ();
  g_autofree char *bad_app = NULL;
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) r1 = NULL;
  g_autoptr(YcResponse) r2 = NULL;

  if (!setup ())
    return;
  /* A refused request, sent again with its key, is refused again the same way. */
  bad_id[17] = bad_id[17] == '3' ? '4' : '3';
  bad_app = yc_person_json ("错号", bad_id);
  body = yc_case_json (id, t.item, "accepted", NULL, bad_app, NULL, NULL);
  r1 = yc_post_key (t.srv, t.li->token, "/cases", key, body);
  r2 = yc_post_key (t.srv, t.li->token, "/cases", key, body);
  yc_assert_problem (r1, 422, "invalid_id_number");
  yc_assert_problem (r2, 422, "invalid_id_number");
}

typedef struct {
  const char *body;
  const char *key;
  const char *token;
  gint       *ready;
  gint       *go;
  YcResponse *resp;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *r = data;
  YcRequestOptions o = { .token = r->token, .idempotency_key = r->key, .no_record = FALSE };

  g_atomic_int_inc (r->ready);
  while (!g_atomic_int_get (r->go))
    g_thread_yield ();
  r->resp = yc_request_full (t.srv, "POST", "/cases", r->body, -1, &o);
  return NULL;
}

static void
test_concurrent_same_key (void)
{
  enum { RACERS = 8, ROUNDS = 6 };
  guint round;

  if (!setup ())
    return;
  for (round = 0; round < ROUNDS; round++)
    {
      g_autofree char *key = yc_uuid ();
      g_autofree char *id = yc_uuid ();
      g_autofree char *body = yc_case_json (id, t.item, "accepted", NULL, NULL, NULL, NULL);
      Racer racers[RACERS];
      GThread *threads[RACERS];
      gint ready = 0, go = 0;
      guint i, fresh = 0, replayed = 0, busy = 0;
      const char *number = NULL;
      g_autofree char *path = g_strdup_printf ("/cases/%s", id);
      g_autoptr(YcResponse) got = NULL;

      for (i = 0; i < RACERS; i++)
        {
          racers[i] = (Racer) { body, key, t.li->token, &ready, &go, NULL };
          threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
        }
      while (g_atomic_int_get (&ready) < RACERS)
        g_thread_yield ();
      g_atomic_int_set (&go, 1);
      for (i = 0; i < RACERS; i++)
        g_thread_join (threads[i]);

      for (i = 0; i < RACERS; i++)
        {
          YcResponse *r = racers[i].resp;

          if (r->status == 201 && !yc_response_replayed (r))
            {
              fresh++;
              number = yc_resp_str (r, "number");
            }
          else if (r->status == 201)
            replayed++;
          else if (r->status == 409)
            {
              busy++;
              yc_assert_problem (r, 409, "idempotency_in_progress");
            }
          else
            yc_fail ("concurrent request with the same key: %u %s", r->status, yc_response_text (r));
        }
      if (fresh != 1)
        yc_fail ("round %u: %u requests with the same key were applied (expected exactly 1; "
                 "%u replayed, %u in progress)", round, fresh, replayed, busy);
      g_test_message ("round %u: 1 applied, %u replayed, %u in progress", round, replayed, busy);
      if (number != NULL)
        g_assert_cmpuint (count_cases_numbered (t.li, number), ==, 1);
      got = yc_get (t.srv, t.li->token, path);
      yc_assert_status (got, 200);
      for (i = 0; i < RACERS; i++)
        yc_response_free (racers[i].resp);
    }
}

static void
test_concurrent_same_id (void)
{
  enum { RACERS = 6 };
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  Racer racers[RACERS];
  GThread *threads[RACERS];
  char *keys[RACERS];
  gint ready = 0, go = 0;
  guint i, created = 0;

  if (!setup ())
    return;
  /* Different keys, the same record: one record whatever happens. */
  body = yc_case_json (id, t.item, "accepted", NULL, NULL, NULL, NULL);
  for (i = 0; i < RACERS; i++)
    {
      keys[i] = yc_uuid ();
      racers[i] = (Racer) { body, keys[i], t.li->token, &ready, &go, NULL };
      threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
    }
  while (g_atomic_int_get (&ready) < RACERS)
    g_thread_yield ();
  g_atomic_int_set (&go, 1);
  for (i = 0; i < RACERS; i++)
    g_thread_join (threads[i]);
  for (i = 0; i < RACERS; i++)
    {
      YcResponse *r = racers[i].resp;

      if (r->status == 201)
        created++;
      else if (r->status != 409)
        yc_fail ("same id, different keys: %u %s", r->status, yc_response_text (r));
      yc_response_free (r);
      g_free (keys[i]);
    }
  g_assert_cmpuint (created, >=, 1);
  {
    g_autoptr(YcResponse) list = yc_get (t.srv, t.li->token, "/cases?limit=200");
    guint n = 0, k;

    for (k = 0; k < yc_resp_len (list, "cases"); k++)
      {
        g_autofree char *p = g_strdup_printf ("cases.%u.id", k);

        n += g_strcmp0 (yc_resp_str (list, p), id) == 0;
      }
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_keys_survive_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-stest-idem-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *key = yc_uuid ();
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) second = NULL;
  g_autoptr(YcItem) item = NULL;
  YcTestServer *srv;

  srv = yc_test_server_start (db, TRUE);
  if (srv == NULL)
    return;
  {
    g_autoptr(YcTestSession) s = yc_sign_in (srv, "clerk.li", "ws-restart");

    if (s != NULL)
      {
        item = yc_find_item (srv, s->token, s->department_id, FALSE, -1);
        body = yc_case_json (id, item, "accepted", NULL, NULL, NULL, NULL);
        first = yc_post_key (srv, s->token, "/cases", key, body);
        yc_assert_status (first, 201);
      }
  }
  g_assert_true (yc_test_server_stop (srv));
  yc_test_server_free (srv);
  srv = yc_test_server_start (db, TRUE);
  if (srv != NULL && body != NULL)
    {
      g_autoptr(YcTestSession) s = yc_sign_in (srv, "clerk.li", "ws-restart");

      if (s != NULL)
        {
          second = yc_post_key (srv, s->token, "/cases", key, body);
          yc_assert_status (second, 201);
          g_assert_true (yc_response_replayed (second));
          if (first != NULL)
            g_assert_true (g_bytes_equal (first->body, second->body));
        }
      g_assert_true (yc_test_server_stop (srv));
    }
  yc_test_server_free (srv);
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
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/idempotency/replay-every-post", test_replay_every_post);
  g_test_add_func ("/server/idempotency/mismatch", test_mismatch);
  g_test_add_func ("/server/idempotency/missing-key", test_missing_key);
  g_test_add_func ("/server/idempotency/per-workstation", test_per_workstation);
  g_test_add_func ("/server/idempotency/error-not-applied", test_error_not_applied);
  g_test_add_func ("/server/idempotency/concurrent-same-key", test_concurrent_same_key);
  g_test_add_func ("/server/idempotency/concurrent-same-id", test_concurrent_same_id);
  g_test_add_func ("/server/idempotency/keys-survive-restart", test_keys_survive_restart);
  ret = yc_test_run ();
  g_clear_pointer (&t.item, yc_item_free);
  g_clear_pointer (&t.li, yc_test_session_free);
  g_clear_pointer (&t.wang, yc_test_session_free);
  g_clear_pointer (&t.zhang, yc_test_session_free);
  return ret;
}
