/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handoffs.c: handoff requests, decisions by the giving department's chief rep, receipts,
 * and the holder of the cases moving (D12). */
#define G_LOG_DOMAIN "test-handoffs"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhang, *chen, *liu, *zhao, *zhou, *ma;
  YcItem       *item;
} h;

static gboolean
setup (void)
{
  if (h.srv != NULL)
    return h.item != NULL;
  h.srv = yc_test_server_default ();
  if (h.srv == NULL)
    return FALSE;
  h.li = yc_sign_in (h.srv, "clerk.li", "ws-h-li");
  h.wang = yc_sign_in (h.srv, "clerk.wang", "ws-h-wang");
  h.zhang = yc_sign_in (h.srv, "chief.zhang", "ws-h-zhang");
  h.chen = yc_sign_in (h.srv, "clerk.chen", "ws-h-chen");
  h.liu = yc_sign_in (h.srv, "chief.liu", "ws-h-liu");
  h.zhao = yc_sign_in (h.srv, "super.zhao", "ws-h-zhao");
  h.zhou = yc_sign_in (h.srv, "clerk.zhou", "ws-h-zhou");
  h.ma = yc_sign_in (h.srv, "clerk.ma", "ws-h-ma");
  if (!h.li || !h.wang || !h.zhang || !h.chen || !h.liu || !h.zhao || !h.zhou || !h.ma)
    return FALSE;
  h.item = yc_find_item (h.srv, h.li->token, h.li->department_id, FALSE, -1);
  if (h.item == NULL)
    yc_fail ("no non-instant item of clerk.li's department");
  return h.item != NULL;
}

static char *
new_case (YcTestSession *who)
{
  g_autofree char *id = NULL;
  g_autoptr(YcResponse) r = yc_create_case (h.srv, who, h.item, "accepted", NULL, &id);

  return r->status == 201 ? g_steal_pointer (&id) : NULL;
}

static YcResponse *
request_handoff (YcTestSession  *who,
                 const char *kind,
                 const char *to_staff,
                 const char *to_dept,
                 const char *case_ids_json,
                 char      **out_id)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *qs = yc_json_quote (to_staff);
  g_autofree char *qd = yc_json_quote (to_dept);
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"%s\",\"to_staff_id\":%s,"
                                           "\"to_department_id\":%s,\"case_ids\":%s,"
                                           "\"reason\":\"李晓燕外出参加培训，由B岗顶岗\"}",
                                           id, kind, qs, qd, case_ids_json);
  YcResponse *r = yc_post (h.srv, who->token, "/handoffs", body);

  if (out_id)
    *out_id = g_steal_pointer (&id);
  return r;
}

static YcResponse *
decide (YcTestSession  *who,
        const char *handoff_id,
        const char *decision,
        const char *comment)
{
  g_autofree char *path = g_strdup_printf ("/handoffs/%s/decision", handoff_id);
  g_autofree char *qc = yc_json_quote (comment);
  g_autofree char *body = g_strdup_printf ("{\"decision\":\"%s\",\"comment\":%s}", decision, qc);

  return yc_post (h.srv, who->token, path, body);
}

static YcResponse *
receive (YcTestSession  *who,
         const char *handoff_id)
{
  g_autofree char *path = g_strdup_printf ("/handoffs/%s/receipt", handoff_id);

  return yc_post (h.srv, who->token, path, "{}");
}

static YcResponse *
answer_key (YcTestSession *who,
            const char    *handoff_id,
            const char    *answer,
            const char    *comment,
            const char    *key)
{
  g_autofree char *path = g_strdup_printf ("/handoffs/%s/answer", handoff_id);
  g_autofree char *qc = yc_json_quote (comment);
  g_autofree char *body = g_strdup_printf ("{\"answer\":\"%s\",\"comment\":%s}", answer, qc);

  if (key != NULL)
    return yc_post_key (h.srv, who->token, path, key, body);
  return yc_post (h.srv, who->token, path, body);
}

static YcResponse *
answer (YcTestSession *who,
        const char    *handoff_id,
        const char    *answer,
        const char    *comment)
{
  return answer_key (who, handoff_id, answer, comment, NULL);
}

static char *
holder_of (const char *case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%s", case_id);
  g_autoptr(YcResponse) r = yc_get (h.srv, h.zhao->token, path);

  if (!yc_assert_status (r, 200))
    return NULL;
  return g_strdup (yc_resp_str (r, "holder_id"));
}

static gboolean
listed_for (YcTestSession  *who,
            const char *case_id)
{
  g_autoptr(YcResponse) r = yc_get (h.srv, who->token, "/cases?limit=200");

  return yc_json_find (r->json, "cases", "id", case_id) != NULL;
}

static const char *const handoff_members[] = {
  "id", "kind", "from_staff_id", "from_department_id", "to_staff_id", "to_department_id",
  "case_ids", "reason", "state", "requested_by", "requested_at", "decided_by", "decided_at",
  "decision_comment", "received_by", "received_at", "answer", "answered_by", "answered_at",
  "answer_comment", NULL
};

static void
check_shape (YcResponse *r)
{
  guint i;

  for (i = 0; handoff_members[i] != NULL; i++)
    if (yc_resp_at (r, handoff_members[i]) == NULL)
      yc_fail ("handoff without \"%s\": %.300s", handoff_members[i], yc_response_text (r));
}

static void
test_ab_cover_flow (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *case_ids = NULL;
  g_autofree char *hid = NULL;
  g_autofree char *holder = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) early = NULL;
  g_autoptr(YcResponse) by_li = NULL, by_wang = NULL, by_chen = NULL, by_liu = NULL, by_zhao = NULL;
  g_autoptr(YcResponse) approve = NULL;
  g_autoptr(YcResponse) again = NULL;
  g_autoptr(YcResponse) rec_li = NULL, rec_zhang = NULL;
  g_autoptr(YcResponse) rec = NULL, rec_again = NULL;
  g_autoptr(YcResponse) list_wang = NULL;
  g_autoptr(YcResponse) list_li = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  case_ids = g_strdup_printf ("[\"%s\"]", case_id);
  req = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, case_ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  check_shape (req);
  g_assert_cmpstr (yc_resp_str (req, "id"), ==, hid);
  g_assert_cmpstr (yc_resp_str (req, "state"), ==, "pending");
  g_assert_cmpstr (yc_resp_str (req, "kind"), ==, "ab_cover");
  g_assert_cmpstr (yc_resp_str (req, "from_staff_id"), ==, h.li->staff_id);
  g_assert_cmpstr (yc_resp_str (req, "from_department_id"), ==, h.li->department_id);
  g_assert_cmpstr (yc_resp_str (req, "to_staff_id"), ==, h.wang->staff_id);
  g_assert_cmpstr (yc_resp_str (req, "requested_by"), ==, h.li->staff_id);
  g_assert_cmpstr (yc_resp_str (req, "reason"), ==, "李晓燕外出参加培训，由B岗顶岗");
  g_assert_cmpstr (yc_resp_str (req, "case_ids.0"), ==, case_id);
  g_assert_true (yc_resp_is_null (req, "decided_by"));
  g_assert_true (yc_resp_is_null (req, "received_by"));
  g_assert_true (yc_resp_is_null (req, "answer"));
  g_assert_true (yc_resp_is_null (req, "answered_by"));
  g_assert_true (yc_resp_is_null (req, "answered_at"));
  g_assert_true (yc_resp_is_null (req, "answer_comment"));

  /* Pending: the work stays where it was. */
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.li->staff_id);
  g_assert_false (listed_for (h.wang, case_id));
  list_wang = yc_get (h.srv, h.wang->token, "/handoffs?state=pending");
  if (yc_assert_status (list_wang, 200) && yc_json_find (list_wang->json, "handoffs", "id", hid) == NULL)
    yc_fail ("the receiver's pending handoffs do not list %s", hid);
  list_li = yc_get (h.srv, h.li->token, "/handoffs");
  if (yc_assert_status (list_li, 200) && yc_json_find (list_li->json, "handoffs", "id", hid) == NULL)
    yc_fail ("the requester's handoffs do not list %s", hid);

  early = receive (h.wang, hid);
  yc_assert_problem (early, 409, "not_approved");

  /* Only a chief rep of the giving department decides. */
  by_li = decide (h.li, hid, "approve", NULL);
  by_wang = decide (h.wang, hid, "approve", NULL);
  by_chen = decide (h.chen, hid, "approve", NULL);
  by_liu = decide (h.liu, hid, "approve", NULL);
  by_zhao = decide (h.zhao, hid, "approve", NULL);
  yc_assert_problem (by_li, 403, "forbidden");
  yc_assert_problem (by_wang, 403, "forbidden");
  yc_assert_problem (by_chen, 403, "forbidden");
  yc_assert_problem (by_liu, 403, "forbidden");
  yc_assert_problem (by_zhao, 403, "forbidden");

  approve = decide (h.zhang, hid, "approve", "同意，注意交接材料");
  if (yc_assert_status (approve, 200))
    {
      check_shape (approve);
      g_assert_cmpstr (yc_resp_str (approve, "state"), ==, "approved");
      g_assert_cmpstr (yc_resp_str (approve, "decided_by"), ==, h.zhang->staff_id);
      g_assert_cmpstr (yc_resp_str (approve, "decision_comment"), ==, "同意，注意交接材料");
      g_assert_nonnull (yc_resp_str (approve, "decided_at"));
    }
  again = decide (h.zhang, hid, "reject", "改变主意");
  yc_assert_problem (again, 409, "already_decided");

  /* Approved: the new holder has it. */
  g_free (holder);
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.wang->staff_id);
  g_assert_true (listed_for (h.wang, case_id));
  g_assert_false (listed_for (h.li, case_id));

  rec_li = receive (h.li, hid);
  rec_zhang = receive (h.zhang, hid);
  yc_assert_problem (rec_li, 403, "forbidden");
  yc_assert_problem (rec_zhang, 403, "forbidden");
  rec = receive (h.wang, hid);
  if (yc_assert_status (rec, 200))
    {
      check_shape (rec);
      g_assert_cmpstr (yc_resp_str (rec, "state"), ==, "received");
      g_assert_cmpstr (yc_resp_str (rec, "received_by"), ==, h.wang->staff_id);
      g_assert_nonnull (yc_resp_str (rec, "received_at"));
    }
  rec_again = receive (h.wang, hid);
  yc_assert_problem (rec_again, 409, "already_received");

  /* The old holder can no longer work on it nor hand it off again. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s/completion", case_id);
    g_autoptr(YcResponse) done = yc_post (h.srv, h.li->token, path,
                                          "{\"result\":\"办结\",\"completed_at\":\"2026-03-12T10:00:00+08:00\"}");
    g_autoptr(YcResponse) again_req = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, case_ids, NULL);
    static const guint st[] = { 403, 409, 0 };
    static const char *const codes[] = { "forbidden", "case_not_held", NULL };

    yc_check_problem_any (__FILE__, __LINE__, done, st, codes);
    yc_assert_problem (again_req, 409, "case_not_held");
  }
  /* The new holder sees the full ID number. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%s", case_id);
    g_autoptr(YcResponse) got = yc_get (h.srv, h.wang->token, path);

    if (yc_assert_status (got, 200))
      g_assert_null (strchr (yc_resp_str (got, "applicant.id_number") ?: "*", '*'));
  }
}

static void
test_self_approval (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *case_ids = NULL;
  g_autofree char *hid = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) approve = NULL;
  g_autoptr(YcResponse) reject = NULL;
  g_autofree char *holder = NULL;

  if (!setup () || (case_id = new_case (h.zhang)) == NULL)
    return;
  case_ids = g_strdup_printf ("[\"%s\"]", case_id);
  req = request_handoff (h.zhang, "transfer", h.li->staff_id, NULL, case_ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  approve = decide (h.zhang, hid, "approve", NULL);
  yc_assert_problem (approve, 403, "forbidden");
  reject = decide (h.zhang, hid, "reject", NULL);
  yc_assert_problem (reject, 403, "forbidden");
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.zhang->staff_id);
}

static void
test_reject (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *case_ids = NULL;
  g_autofree char *hid = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) reject = NULL;
  g_autoptr(YcResponse) approve_late = NULL;
  g_autoptr(YcResponse) rec = NULL;
  g_autofree char *holder = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  case_ids = g_strdup_printf ("[\"%s\"]", case_id);
  req = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, case_ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  reject = decide (h.zhang, hid, "reject", "今天B岗也请假，不同意");
  if (yc_assert_status (reject, 200))
    {
      g_assert_cmpstr (yc_resp_str (reject, "state"), ==, "rejected");
      g_assert_cmpstr (yc_resp_str (reject, "decision_comment"), ==, "今天B岗也请假，不同意");
    }
  approve_late = decide (h.zhang, hid, "approve", NULL);
  yc_assert_problem (approve_late, 409, "already_decided");
  rec = receive (h.wang, hid);
  yc_assert_problem (rec, 409, "not_approved");
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.li->staff_id);

  /* Rejected: the case can be handed off again. */
  {
    g_autoptr(YcResponse) again = request_handoff (h.li, "shift_end", h.wang->staff_id, NULL, case_ids, NULL);

    yc_assert_status (again, 201);
  }
}

static void
test_case_not_held (void)
{
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(YcResponse) r1 = NULL, r2 = NULL, r3 = NULL;

  if (!setup () || (mine = new_case (h.li)) == NULL || (theirs = new_case (h.wang)) == NULL)
    return;
  {
    g_autofree char *ids = g_strdup_printf ("[\"%s\"]", theirs);

    r1 = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, ids, NULL);
    yc_assert_problem (r1, 409, "case_not_held");
  }
  {
    g_autofree char *ids = g_strdup_printf ("[\"%s\",\"%s\"]", mine, theirs);

    r2 = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, ids, NULL);
    yc_assert_problem (r2, 409, "case_not_held");
  }
  {
    static const guint st[] = { 404, 409, 0 };
    static const char *const codes[] = { "not_found", "case_not_held", NULL };

    r3 = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL,
                          "[\"00000000-0000-4000-8000-0000000000cc\"]", NULL);
    yc_check_problem_any (__FILE__, __LINE__, r3, st, codes);
  }
  /* Nothing moved. */
  {
    g_autofree char *holder = holder_of (mine);

    g_assert_cmpstr (holder, ==, h.li->staff_id);
  }
}

static void
test_ab_cover_partner_only (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(YcResponse) r = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const codes[] = { "invalid_value", NULL };

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  r = request_handoff (h.li, "ab_cover", h.chen->staff_id, NULL, ids, NULL);
  yc_check_problem_any (__FILE__, __LINE__, r, st, codes);
}

static void
test_department_target (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *hid = NULL;
  g_autofree char *holder = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) approve = NULL;
  g_autoptr(YcResponse) by_li = NULL;
  g_autoptr(YcResponse) rec = NULL;
  g_autoptr(YcResponse) dept_list = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  /* A transfer to a department: its chief rep holds the cases once approved, the member who
   * signs for them after. (A parallel approval moves nothing: see test-handoffs in e2e.) */
  req = request_handoff (h.li, "transfer", NULL, h.chen->department_id, ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  g_assert_cmpstr (yc_resp_str (req, "to_department_id"), ==, h.chen->department_id);
  g_assert_true (yc_resp_is_null (req, "to_staff_id"));

  /* The receiving department's chief rep does not decide: the giving one does. */
  {
    g_autoptr(YcResponse) by_liu = decide (h.liu, hid, "approve", NULL);

    yc_assert_problem (by_liu, 403, "forbidden");
  }
  approve = decide (h.zhang, hid, "approve", "同意转办");
  yc_assert_status (approve, 200);
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.liu->staff_id);

  dept_list = yc_get (h.srv, h.liu->token, "/handoffs?scope=department&state=approved");
  if (yc_assert_status (dept_list, 200) && yc_json_find (dept_list->json, "handoffs", "id", hid) == NULL)
    yc_fail ("chief.liu's department handoffs do not list the approved handoff");

  by_li = receive (h.li, hid);
  yc_assert_problem (by_li, 403, "forbidden");
  /* A member of the receiving department signs for it; the body may be empty. */
  {
    g_autofree char *path = g_strdup_printf ("/handoffs/%s/receipt", hid);
    YcRequestOptions o = { .token = h.chen->token };

    rec = yc_request_full (h.srv, "POST", path, NULL, -1, &o);
  }
  if (yc_assert_status (rec, 200))
    {
      g_assert_cmpstr (yc_resp_str (rec, "state"), ==, "received");
      g_assert_cmpstr (yc_resp_str (rec, "received_by"), ==, h.chen->staff_id);
    }
  g_free (holder);
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.chen->staff_id);
}

static void
test_transfer_other_department (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *hid = NULL;
  g_autofree char *holder = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) approve = NULL;
  g_autoptr(YcResponse) rec = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  req = request_handoff (h.li, "guide", h.zhou->staff_id, NULL, ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  approve = decide (h.zhang, hid, "approve", NULL);
  yc_assert_status (approve, 200);
  holder = holder_of (case_id);
  g_assert_cmpstr (holder, ==, h.zhou->staff_id);
  rec = receive (h.zhou, hid);
  yc_assert_status (rec, 200);
}

static void
test_validation (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const invalid[] = { "invalid_value", NULL };
  static const char *const invalid_or_missing[] = { "invalid_value", "missing_field", NULL };

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  {
    g_autoptr(YcResponse) r = request_handoff (h.li, "teleport", h.wang->staff_id, NULL, ids, NULL);

    yc_check_problem_any (__FILE__, __LINE__, r, st, invalid);
  }
  {
    g_autoptr(YcResponse) r = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, "[]", NULL);

    yc_check_problem_any (__FILE__, __LINE__, r, st, invalid_or_missing);
  }
  {
    g_autoptr(YcResponse) r = request_handoff (h.li, "transfer", NULL, NULL, ids, NULL);

    yc_check_problem_any (__FILE__, __LINE__, r, st, invalid_or_missing);
  }
  {
    g_autoptr(YcResponse) r = request_handoff (h.li, "shift_end", NULL, h.wang->department_id, ids, NULL);

    yc_check_problem_any (__FILE__, __LINE__, r, st, invalid_or_missing);
  }
  {
    static const guint st2[] = { 400, 404, 422, 0 };
    static const char *const codes[] = { "invalid_value", "not_found", NULL };
    g_autoptr(YcResponse) r = request_handoff (h.li, "transfer", "s-nobody", NULL, ids, NULL);

    yc_check_problem_any (__FILE__, __LINE__, r, st2, codes);
  }
  {
    g_autofree char *nid = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"ab_cover\",\"to_staff_id\":\"%s\","
                                             "\"case_ids\":%s}", nid, h.wang->staff_id, ids);
    g_autoptr(YcResponse) r = yc_post (h.srv, h.li->token, "/handoffs", body);

    yc_assert_problem (r, 400, "missing_field");
  }
  {
    g_autoptr(YcResponse) r = request_handoff (h.zhao, "ab_cover", h.wang->staff_id, NULL, ids, NULL);

    yc_assert_problem (r, 403, "forbidden");
  }
  {
    g_autoptr(YcResponse) unknown_dec = decide (h.zhang, "00000000-0000-4000-8000-0000000000dd", "approve", NULL);
    g_autoptr(YcResponse) unknown_rec = receive (h.wang, "00000000-0000-4000-8000-0000000000de");

    yc_assert_problem (unknown_dec, 404, "not_found");
    yc_assert_problem (unknown_rec, 404, "not_found");
  }
  {
    g_autofree char *hid = NULL;
    g_autoptr(YcResponse) req = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, ids, &hid);
    g_autoptr(YcResponse) bad = NULL;

    if (yc_assert_status (req, 201))
      {
        bad = decide (h.zhang, hid, "perhaps", NULL);
        yc_check_problem_any (__FILE__, __LINE__, bad, st, invalid);
      }
  }
}

/* 并联审批: each receiving department answers once it has signed for the handoff. */
static void
test_parallel_answers (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *to_rsj = NULL;
  g_autofree char *to_zjj = NULL;
  g_autofree char *key = yc_uuid ();
  g_autoptr(YcResponse) r1 = NULL, r2 = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  r1 = request_handoff (h.li, "parallel", NULL, h.chen->department_id, ids, &to_rsj);
  r2 = request_handoff (h.li, "parallel", NULL, h.ma->department_id, ids, &to_zjj);
  if (!yc_assert_status (r1, 201) || !yc_assert_status (r2, 201))
    return;

  /* Pending: not yet signed for. */
  {
    g_autoptr(YcResponse) early = answer (h.chen, to_rsj, "agree", NULL);

    yc_assert_problem (early, 409, "not_received");
  }
  {
    g_autoptr(YcResponse) a1 = decide (h.zhang, to_rsj, "approve", "同意并联审批");
    g_autoptr(YcResponse) a2 = decide (h.zhang, to_zjj, "approve", NULL);

    yc_assert_status (a1, 200);
    yc_assert_status (a2, 200);
  }
  /* Approved but not signed for. */
  {
    g_autoptr(YcResponse) early = answer (h.chen, to_rsj, "agree", NULL);

    yc_assert_problem (early, 409, "not_received");
  }
  {
    g_autoptr(YcResponse) rec1 = receive (h.chen, to_rsj);
    g_autoptr(YcResponse) rec2 = receive (h.ma, to_zjj);

    yc_assert_status (rec1, 200);
    yc_assert_status (rec2, 200);
  }

  /* Only the receiving department answers: not the giver, not its chief, not another
   * receiving department, not the supervisor. */
  {
    g_autoptr(YcResponse) by_li = answer (h.li, to_rsj, "agree", NULL);
    g_autoptr(YcResponse) by_zhang = answer (h.zhang, to_rsj, "agree", NULL);
    g_autoptr(YcResponse) by_ma = answer (h.ma, to_rsj, "agree", NULL);
    g_autoptr(YcResponse) by_zhao = answer (h.zhao, to_rsj, "agree", NULL);

    yc_assert_problem (by_li, 403, "forbidden");
    yc_assert_problem (by_zhang, 403, "forbidden");
    yc_assert_problem (by_ma, 403, "forbidden");
    yc_assert_problem (by_zhao, 403, "forbidden");
  }
  /* The answer and its reason. */
  {
    static const guint st[] = { 400, 422, 0 };
    static const char *const codes[] = { "invalid_value", NULL };
    g_autofree char *path = g_strdup_printf ("/handoffs/%s/answer", to_rsj);
    g_autoptr(YcResponse) odd = answer (h.chen, to_rsj, "perhaps", NULL);
    g_autoptr(YcResponse) missing = yc_post (h.srv, h.chen->token, path,
                                             "{\"comment\":\"同意\"}");
    g_autoptr(YcResponse) bare = answer (h.chen, to_rsj, "disagree", NULL);
    g_autoptr(YcResponse) blank = answer (h.chen, to_rsj, "disagree", "  ");

    yc_check_problem_any (__FILE__, __LINE__, odd, st, codes);
    yc_assert_problem (missing, 400, "missing_field");
    if (yc_assert_problem (bare, 422, "invalid_value"))
      g_assert_cmpstr (yc_resp_str (bare, "field"), ==, "comment");
    if (yc_assert_problem (blank, 422, "invalid_value"))
      g_assert_cmpstr (yc_resp_str (blank, "field"), ==, "comment");
  }

  /* rsj agrees but must forward it; the answer is kept and replayed under its key. */
  {
    g_autoptr(YcResponse) ok = answer_key (h.chen, to_rsj, "agree_forward", "同意，需报县人社局审定",
                                           key);
    g_autoptr(YcResponse) replay = answer_key (h.chen, to_rsj, "agree_forward",
                                               "同意，需报县人社局审定", key);
    g_autoptr(YcResponse) mismatch = answer_key (h.chen, to_rsj, "agree", NULL, key);
    g_autoptr(YcResponse) again = answer (h.chen, to_rsj, "agree", NULL);
    g_autoptr(YcResponse) by_liu = answer (h.liu, to_rsj, "disagree", "不同意");

    if (yc_assert_status (ok, 200))
      {
        check_shape (ok);
        g_assert_cmpstr (yc_resp_str (ok, "answer"), ==, "agree_forward");
        g_assert_cmpstr (yc_resp_str (ok, "answered_by"), ==, h.chen->staff_id);
        g_assert_nonnull (yc_resp_str (ok, "answered_at"));
        g_assert_cmpstr (yc_resp_str (ok, "answer_comment"), ==, "同意，需报县人社局审定");
        g_assert_cmpstr (yc_resp_str (ok, "state"), ==, "received");
      }
    if (yc_assert_status (replay, 200))
      {
        g_assert_cmpstr (yc_response_header (replay, "idempotent-replayed"), ==, "true");
        g_assert_cmpstr (yc_response_text (replay), ==, yc_response_text (ok));
      }
    yc_assert_problem (mismatch, 422, "idempotency_mismatch");
    yc_assert_problem (again, 409, "already_answered");
    /* Once for the department, whoever of it asks. */
    yc_assert_problem (by_liu, 409, "already_answered");
  }
  /* zjj does not agree, with its reason. */
  {
    g_autoptr(YcResponse) no = answer (h.ma, to_zjj, "disagree", "施工图审查未通过，不同意");

    if (yc_assert_status (no, 200))
      {
        g_assert_cmpstr (yc_resp_str (no, "answer"), ==, "disagree");
        g_assert_cmpstr (yc_resp_str (no, "answered_by"), ==, h.ma->staff_id);
        g_assert_cmpstr (yc_resp_str (no, "answer_comment"), ==, "施工图审查未通过，不同意");
      }
  }
  /* The requester sees both answers in the list; the feed has the events. */
  {
    g_autoptr(YcResponse) mine = yc_get (h.srv, h.li->token, "/handoffs?scope=mine");
    g_autoptr(YcResponse) events = yc_get (h.srv, h.zhao->token, "/events?after=0&wait=0");
    JsonNode *a = NULL, *b = NULL;
    guint answered = 0;

    if (yc_assert_status (mine, 200))
      {
        a = yc_json_find (mine->json, "handoffs", "id", to_rsj);
        b = yc_json_find (mine->json, "handoffs", "id", to_zjj);
      }
    if (a == NULL || b == NULL)
      yc_fail ("clerk.li's handoffs do not list both parallel handoffs");
    else
      {
        g_assert_cmpstr (yc_json_str (a, "answer"), ==, "agree_forward");
        g_assert_cmpstr (yc_json_str (b, "answer"), ==, "disagree");
      }
    /* The first page may not reach this far: page on until the end. */
    if (yc_assert_status (events, 200))
      {
        g_autoptr(JsonNode) page = json_node_copy (events->json);
        gint64 after = 0;

        while (page != NULL)
          {
            guint n = yc_json_len (page, "events");
            g_autofree char *next = NULL;
            g_autoptr(YcResponse) more = NULL;

            for (guint i = 0; i < n; i++)
              {
                g_autofree char *tp = g_strdup_printf ("events.%u.type", i);
                g_autofree char *ip = g_strdup_printf ("events.%u.id", i);

                if (g_strcmp0 (yc_json_str (page, tp), "handoff.answered") == 0 &&
                    (g_strcmp0 (yc_json_str (page, ip), to_rsj) == 0 ||
                     g_strcmp0 (yc_json_str (page, ip), to_zjj) == 0))
                  answered++;
              }
            if (n == 0 || yc_json_int (page, "last_seq") <= after)
              break;
            after = yc_json_int (page, "last_seq");
            next = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=0", after);
            more = yc_get (h.srv, h.zhao->token, next);
            g_clear_pointer (&page, json_node_unref);
            if (more->json != NULL)
              page = json_node_copy (more->json);
          }
      }
    g_assert_cmpuint (answered, ==, 2);
  }
}

/* Only a parallel handoff is answered. */
static void
test_answer_not_parallel (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *hid = NULL;
  g_autoptr(YcResponse) req = NULL;
  g_autoptr(YcResponse) approve = NULL;
  g_autoptr(YcResponse) rec = NULL;
  g_autoptr(YcResponse) by_wang = NULL;
  g_autoptr(YcResponse) unknown = NULL;

  if (!setup () || (case_id = new_case (h.li)) == NULL)
    return;
  ids = g_strdup_printf ("[\"%s\"]", case_id);
  req = request_handoff (h.li, "ab_cover", h.wang->staff_id, NULL, ids, &hid);
  if (!yc_assert_status (req, 201))
    return;
  approve = decide (h.zhang, hid, "approve", NULL);
  rec = receive (h.wang, hid);
  yc_assert_status (rec, 200);
  by_wang = answer (h.wang, hid, "agree", NULL);
  yc_assert_problem (by_wang, 409, "not_parallel");
  unknown = answer (h.chen, "00000000-0000-4000-8000-0000000000df", "agree", NULL);
  yc_assert_problem (unknown, 404, "not_found");
}

static void
test_lists (void)
{
  g_autoptr(YcResponse) sup = NULL;
  g_autoptr(YcResponse) chief = NULL;
  g_autoptr(YcResponse) bad_state = NULL;
  g_autoptr(YcResponse) bad_scope = NULL;
  g_autoptr(YcResponse) pending = NULL;
  guint i, n;

  if (!setup ())
    return;
  sup = yc_get (h.srv, h.zhao->token, "/handoffs?scope=department");
  chief = yc_get (h.srv, h.zhang->token, "/handoffs?scope=department");
  pending = yc_get (h.srv, h.zhang->token, "/handoffs?scope=department&state=pending");
  yc_assert_status (sup, 200);
  yc_assert_status (chief, 200);
  if (yc_assert_status (pending, 200))
    {
      n = yc_resp_len (pending, "handoffs");
      for (i = 0; i < n; i++)
        {
          g_autofree char *p = g_strdup_printf ("handoffs.%u.state", i);

          g_assert_cmpstr (yc_resp_str (pending, p), ==, "pending");
        }
    }
  /* The supervisor sees the whole centre: at least what chief.zhang's department sees. */
  g_assert_cmpuint (yc_resp_len (sup, "handoffs"), >=, yc_resp_len (chief, "handoffs"));
  g_assert_cmpuint (yc_resp_len (chief, "handoffs"), >, 0);
  bad_state = yc_get (h.srv, h.zhang->token, "/handoffs?state=lost");
  bad_scope = yc_get (h.srv, h.zhang->token, "/handoffs?scope=universe");
  {
    static const guint st[] = { 400, 0 };
    static const char *const codes[] = { "invalid_value", "bad_request", NULL };

    yc_check_problem_any (__FILE__, __LINE__, bad_state, st, codes);
    yc_check_problem_any (__FILE__, __LINE__, bad_scope, st, codes);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/handoffs/ab-cover-flow", test_ab_cover_flow);
  g_test_add_func ("/server/handoffs/self-approval", test_self_approval);
  g_test_add_func ("/server/handoffs/reject", test_reject);
  g_test_add_func ("/server/handoffs/case-not-held", test_case_not_held);
  g_test_add_func ("/server/handoffs/ab-cover-partner-only", test_ab_cover_partner_only);
  g_test_add_func ("/server/handoffs/department-target", test_department_target);
  g_test_add_func ("/server/handoffs/transfer-other-department", test_transfer_other_department);
  g_test_add_func ("/server/handoffs/validation", test_validation);
  g_test_add_func ("/server/handoffs/parallel-answers", test_parallel_answers);
  g_test_add_func ("/server/handoffs/answer-not-parallel", test_answer_not_parallel);
  g_test_add_func ("/server/handoffs/lists", test_lists);
  ret = yc_test_run ();
  g_clear_pointer (&h.item, yc_item_free);
  g_clear_pointer (&h.li, yc_test_session_free);
  g_clear_pointer (&h.wang, yc_test_session_free);
  g_clear_pointer (&h.zhang, yc_test_session_free);
  g_clear_pointer (&h.chen, yc_test_session_free);
  g_clear_pointer (&h.liu, yc_test_session_free);
  g_clear_pointer (&h.zhao, yc_test_session_free);
  g_clear_pointer (&h.zhou, yc_test_session_free);
  g_clear_pointer (&h.ma, yc_test_session_free);
  return ret;
}
