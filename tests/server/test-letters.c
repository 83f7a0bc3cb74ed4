/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-letters.c: letters of every kind and the one-time rule (D8). */
#define G_LOG_DOMAIN "test-letters"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhao;
  YcItem       *item;
  const char   *mat_a, *mat_b;   /* two materials of the item */
} l;

static gboolean
setup (void)
{
  g_autoptr(GPtrArray) all = NULL;
  guint i;

  if (l.srv != NULL)
    return l.item != NULL;
  l.srv = yc_test_server_default ();
  if (l.srv == NULL)
    return FALSE;
  l.li = yc_sign_in (l.srv, "clerk.li", "ws-letters-li");
  l.wang = yc_sign_in (l.srv, "clerk.wang", "ws-letters-wang");
  l.zhao = yc_sign_in (l.srv, "super.zhao", "ws-letters-zhao");
  if (l.li == NULL || l.wang == NULL || l.zhao == NULL)
    return FALSE;
  all = yc_all_items (l.srv, l.li->token);
  /* A non-instant item of clerk.li's department with two or more materials, preferring two
   * mandatory ones. */
  for (i = 0; i < all->len; i++)
    {
      YcItem *it = g_ptr_array_index (all, i);

      if (it->instant || g_strcmp0 (it->department_id, l.li->department_id) != 0 ||
          it->mandatory->len + it->optional->len < 2 || it->mandatory->len == 0)
        continue;
      if (l.item == NULL || (l.item->mandatory->len < 2 && it->mandatory->len >= 2))
        {
          g_clear_pointer (&l.item, yc_item_free);
          l.item = g_ptr_array_steal_index (all, i--);
        }
    }
  if (l.item == NULL)
    {
      yc_fail ("no item of clerk.li's department with two materials");
      return FALSE;
    }
  l.mat_a = g_ptr_array_index (l.item->mandatory, 0);
  l.mat_b = l.item->mandatory->len >= 2 ? g_ptr_array_index (l.item->mandatory, 1)
                                        : g_ptr_array_index (l.item->optional, 0);
  return TRUE;
}

/* An incomplete case of clerk.li with material A (and B if @both) missing. */
static char *
incomplete_case (gboolean both)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *miss = both ? g_strdup_printf ("%s,%s", l.mat_a, l.mat_b) : g_strdup (l.mat_a);
  g_autofree char *mats = yc_materials_json (l.item, miss);
  g_autofree char *body = yc_case_json (id, l.item, "incomplete", NULL, NULL, mats, NULL);
  g_autoptr(YcResponse) resp = yc_post (l.srv, l.li->token, "/cases", body);

  if (!yc_assert_status (resp, 201))
    return NULL;
  return g_steal_pointer (&id);
}

static char *
letter_json (const char *id,
             const char *case_id,
             const char *kind,
             const char *items_json,
             const char *extra)
{
  g_autofree char *number = yc_new_number (g_str_equal (kind, "one_time_notice") ? "告" :
                                           g_str_equal (kind, "acceptance") ? "受" :
                                           g_str_equal (kind, "refusal") ? "不" : "结");
  g_autofree char *qn = yc_json_quote (number);
  g_autofree char *sha = yc_new_sha256 ();

  return g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"%s\",\"number\":%s,"
                          "\"items\":%s,\"issued_at\":\"2026-03-10T10:20:00+08:00\","
                          "\"pdf_sha256\":\"%s\"%s}",
                          id, case_id, kind, qn, items_json, sha, extra ? extra : "");
}

static char *
items_of (const char *first,
          const char *second)
{
  g_autofree char *q1 = yc_json_quote (first);
  g_autofree char *q2 = second ? yc_json_quote (second) : NULL;

  if (second == NULL)
    return g_strdup_printf ("[{\"material_id\":%s,\"note\":\"需提供原件及复印件一份\"}]", q1);
  return g_strdup_printf ("[{\"material_id\":%s,\"note\":\"需提供原件\"},"
                          "{\"material_id\":%s,\"note\":\"签字不全，请补签\"}]", q1, q2);
}

static void
test_one_time_rule (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *id1 = yc_uuid ();
  g_autofree char *id2 = yc_uuid ();
  g_autofree char *id3 = yc_uuid ();
  g_autofree char *only_a = NULL;
  g_autofree char *a_and_b = NULL;
  g_autofree char *only_b = NULL;
  g_autofree char *b1 = NULL, *b2 = NULL, *b3 = NULL, *b4 = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) again = NULL;
  g_autoptr(YcResponse) widened = NULL;
  g_autoptr(YcResponse) swapped = NULL;
  g_autoptr(YcResponse) list = NULL;
  g_autoptr(YcResponse) before = NULL;
  g_autoptr(YcResponse) events = NULL;
  gint64 last_seq;
  guint i, refused_events = 0;

  if (!setup () || (case_id = incomplete_case (FALSE)) == NULL)
    return;
  before = yc_get (l.srv, l.zhao->token, "/events?after=0");
  last_seq = yc_resp_int (before, "last_seq");

  only_a = items_of (l.mat_a, NULL);
  a_and_b = items_of (l.mat_a, l.mat_b);
  only_b = items_of (l.mat_b, NULL);

  /* The first notice lists only A. */
  b1 = letter_json (id1, case_id, "one_time_notice", only_a, NULL);
  first = yc_post (l.srv, l.li->token, "/letters", b1);
  if (!yc_assert_status (first, 201))
    return;
  g_assert_cmpstr (yc_resp_str (first, "id"), ==, id1);
  g_assert_cmpstr (yc_resp_str (first, "case_id"), ==, case_id);
  g_assert_cmpstr (yc_resp_str (first, "kind"), ==, "one_time_notice");
  g_assert_cmpstr (yc_resp_str (first, "issued_by"), ==, l.li->staff_id);
  g_assert_cmpstr (yc_resp_str (first, "workstation"), ==, l.li->workstation_code);
  g_assert_cmpuint (yc_resp_len (first, "items"), ==, 1);
  g_assert_cmpstr (yc_resp_str (first, "items.0.material_id"), ==, l.mat_a);
  g_assert_cmpstr (yc_resp_str (first, "items.0.note"), ==, "需提供原件及复印件一份");
  g_assert_nonnull (yc_resp_str (first, "number"));
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{64}$", yc_resp_str (first, "pdf_sha256") ?: "", 0, 0));

  /* A later notice asking for A again is fine (a reprint, say). */
  b2 = letter_json (id2, case_id, "one_time_notice", only_a, NULL);
  again = yc_post (l.srv, l.li->token, "/letters", b2);
  yc_assert_status (again, 201);

  /* Asking for B (received at intake, and not listed by the first notice) breaks the promise. */
  b3 = letter_json (id3, case_id, "one_time_notice", a_and_b, NULL);
  {
    YcRequestOptions o = { .token = l.li->token, .accept_language = "zh-CN" };

    widened = yc_request_full (l.srv, "POST", "/letters", b3, -1, &o);
  }
  yc_assert_problem (widened, 422, "one_time_rule");
  if (!yc_has_cjk (yc_resp_str (widened, "detail")))
    yc_fail ("one_time_rule detail is not Chinese: %s", yc_resp_str (widened, "detail"));
  {
    g_autofree char *id4 = yc_uuid ();

    b4 = letter_json (id4, case_id, "one_time_notice", only_b, NULL);
    swapped = yc_post (l.srv, l.li->token, "/letters", b4);
    yc_assert_problem (swapped, 422, "one_time_rule");
  }

  /* Only the two accepted letters exist, oldest first. */
  {
    g_autofree char *path = g_strdup_printf ("/letters?case_id=%s", case_id);

    list = yc_get (l.srv, l.li->token, path);
  }
  if (yc_assert_status (list, 200))
    {
      g_assert_cmpuint (yc_resp_len (list, "letters"), ==, 2);
      g_assert_cmpstr (yc_resp_str (list, "letters.0.id"), ==, id1);
      g_assert_cmpstr (yc_resp_str (list, "letters.1.id"), ==, id2);
    }

  /* Each refused attempt is an event the supervisor can see. */
  {
    g_autofree char *path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT, MAX (last_seq, 0));

    events = yc_get (l.srv, l.zhao->token, path);
  }
  if (yc_assert_status (events, 200))
    for (i = 0; i < yc_resp_len (events, "events"); i++)
      {
        g_autofree char *p = g_strdup_printf ("events.%u", i);
        JsonNode *e = yc_resp_at (events, p);

        if (g_strcmp0 (yc_json_str (e, "type"), "one_time_rule_refused") == 0)
          {
            refused_events++;
            g_assert_cmpstr (yc_json_str (e, "actor_id"), ==, l.li->staff_id);
            if (g_strcmp0 (yc_json_str (e, "id"), case_id) != 0 &&
                g_strcmp0 (yc_json_str (e, "id"), id3) != 0 &&
                g_strcmp0 (yc_json_str (e, "entity"), "letter") != 0)
              yc_fail ("one_time_rule_refused event names neither the case nor the letter: %s",
                       yc_json_str (e, "id"));
          }
      }
  g_assert_cmpuint (refused_events, ==, 2);
}

static void
test_first_notice_free (void)
{
  g_autofree char *case_id = NULL;
  g_autofree char *id = yc_uuid ();
  g_autofree char *items = NULL;
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) resp = NULL;

  /* Another case: its own first notice lists both A and B. */
  if (!setup () || (case_id = incomplete_case (TRUE)) == NULL)
    return;
  items = items_of (l.mat_a, l.mat_b);
  body = letter_json (id, case_id, "one_time_notice", items, NULL);
  resp = yc_post (l.srv, l.li->token, "/letters", body);
  if (yc_assert_status (resp, 201))
    g_assert_cmpuint (yc_resp_len (resp, "items"), ==, 2);
}

static void
test_other_kinds (void)
{
  g_autofree char *case_id = NULL;
  const char *kinds[] = { "acceptance", "refusal", "completion" };
  g_autofree char *first_id = NULL;
  guint i;
  g_autoptr(YcResponse) created = NULL;

  if (!setup ())
    return;
  created = yc_create_case (l.srv, l.li, l.item, "accepted", NULL, &case_id);
  if (case_id == NULL)
    return;
  for (i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *id = yc_uuid ();
      g_autofree char *body = letter_json (id, case_id, kinds[i], "[]", NULL);
      g_autoptr(YcResponse) resp = yc_post (l.srv, l.li->token, "/letters", body);

      if (yc_assert_status (resp, 201))
        {
          g_assert_cmpstr (yc_resp_str (resp, "kind"), ==, kinds[i]);
          g_assert_cmpuint (yc_resp_len (resp, "items"), ==, 0);
        }
      if (first_id == NULL)
        first_id = g_strdup (id);
    }
  /* A reprint says which letter it copies. */
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *extra = g_strdup_printf (",\"reprint_of\":\"%s\"", first_id);
    g_autofree char *body = letter_json (id, case_id, "acceptance", "[]", extra);
    g_autoptr(YcResponse) resp = yc_post (l.srv, l.li->token, "/letters", body);

    if (yc_assert_status (resp, 201))
      g_assert_cmpstr (yc_resp_str (resp, "reprint_of"), ==, first_id);
  }
  {
    g_autofree char *path = g_strdup_printf ("/letters?case_id=%s", case_id);
    g_autoptr(YcResponse) list = yc_get (l.srv, l.li->token, path);
    g_autoptr(YcResponse) sup = yc_get (l.srv, l.zhao->token, path);

    if (yc_assert_status (list, 200))
      g_assert_cmpuint (yc_resp_len (list, "letters"), ==, 4);
    yc_assert_status (sup, 200);
  }
}

static void
test_letter_refusals (void)
{
  g_autofree char *case_id = NULL;
  g_autoptr(YcResponse) unknown_case = NULL;
  g_autoptr(YcResponse) unknown_mat = NULL;
  g_autoptr(YcResponse) bad_kind = NULL;
  g_autoptr(YcResponse) bad_sha = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) same_number = NULL;
  g_autoptr(YcResponse) by_wang = NULL;
  g_autoptr(YcResponse) by_sup = NULL;
  g_autoptr(YcResponse) list_missing = NULL;
  g_autoptr(YcResponse) list_unknown = NULL;
  g_autoptr(YcResponse) missing_field = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const invalid[] = { "invalid_value", NULL };

  if (!setup () || (case_id = incomplete_case (TRUE)) == NULL)
    return;
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = letter_json (id, "00000000-0000-4000-8000-00000000000a", "acceptance", "[]", NULL);

    unknown_case = yc_post (l.srv, l.li->token, "/letters", body);
    yc_assert_problem (unknown_case, 404, "not_found");
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = letter_json (id, case_id, "one_time_notice",
                                         "[{\"material_id\":\"no-such-material\",\"note\":\"x\"}]", NULL);

    unknown_mat = yc_post (l.srv, l.li->token, "/letters", body);
    yc_assert_problem (unknown_mat, 422, "unknown_material");
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = letter_json (id, case_id, "love_letter", "[]", NULL);

    bad_kind = yc_post (l.srv, l.li->token, "/letters", body);
    yc_check_problem_any (__FILE__, __LINE__, bad_kind, st, invalid);
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"acceptance\","
                                             "\"number\":\"示政务〔2026〕受字第W99-999001号\",\"items\":[],"
                                             "\"issued_at\":\"2026-03-10T10:20:00+08:00\","
                                             "\"pdf_sha256\":\"not-a-digest\"}", id, case_id);

    bad_sha = yc_post (l.srv, l.li->token, "/letters", body);
    yc_check_problem_any (__FILE__, __LINE__, bad_sha, st, invalid);
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"acceptance\","
                                             "\"items\":[],\"issued_at\":\"2026-03-10T10:20:00+08:00\","
                                             "\"pdf_sha256\":\"%064d\"}", id, case_id, 0);

    missing_field = yc_post (l.srv, l.li->token, "/letters", body);
    yc_assert_problem (missing_field, 400, "missing_field");
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *id2 = yc_uuid ();
    g_autofree char *both = items_of (l.mat_a, l.mat_b);
    g_autofree char *body = letter_json (id, case_id, "one_time_notice", both, NULL);
    g_autofree char *body2 = NULL;
    g_autofree char *qn = NULL;
    g_autofree char *sha = yc_new_sha256 ();

    first = yc_post (l.srv, l.li->token, "/letters", body);
    if (yc_assert_status (first, 201))
      {
        qn = yc_json_quote (yc_resp_str (first, "number"));
        body2 = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"acceptance\",\"number\":%s,"
                                 "\"items\":[],\"issued_at\":\"2026-03-10T10:20:00+08:00\","
                                 "\"pdf_sha256\":\"%s\"}", id2, case_id, qn, sha);
        same_number = yc_post (l.srv, l.li->token, "/letters", body2);
        yc_assert_problem (same_number, 409, "conflict");
      }
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = letter_json (id, case_id, "acceptance", "[]", NULL);
    static const guint st2[] = { 403, 409, 0 };
    static const char *const codes[] = { "forbidden", "case_not_held", NULL };

    by_wang = yc_post (l.srv, l.wang->token, "/letters", body);
    yc_check_problem_any (__FILE__, __LINE__, by_wang, st2, codes);
    by_sup = yc_post (l.srv, l.zhao->token, "/letters", body);
    yc_assert_problem (by_sup, 403, "forbidden");
  }
  list_missing = yc_get (l.srv, l.li->token, "/letters");
  {
    static const guint st3[] = { 400, 0 };
    static const char *const codes[] = { "missing_field", "bad_request", "invalid_value", NULL };

    yc_check_problem_any (__FILE__, __LINE__, list_missing, st3, codes);
  }
  list_unknown = yc_get (l.srv, l.li->token, "/letters?case_id=00000000-0000-4000-8000-00000000000b");
  yc_assert_problem (list_unknown, 404, "not_found");
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/letters/one-time-rule", test_one_time_rule);
  g_test_add_func ("/server/letters/first-notice-free", test_first_notice_free);
  g_test_add_func ("/server/letters/other-kinds", test_other_kinds);
  g_test_add_func ("/server/letters/refusals", test_letter_refusals);
  ret = yc_test_run ();
  g_clear_pointer (&l.item, yc_item_free);
  g_clear_pointer (&l.li, yc_test_session_free);
  g_clear_pointer (&l.wang, yc_test_session_free);
  g_clear_pointer (&l.zhao, yc_test_session_free);
  return ret;
}
