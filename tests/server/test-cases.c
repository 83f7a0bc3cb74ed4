/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cases.c: intake (every outcome and every refusal), case detail and lists with masking,
 * material updates, completion, evaluation and first inquiries. */
#define G_LOG_DOMAIN "test-cases"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhang, *chen, *liu, *zhao;
  YcItem       *item;      /* non-instant, market regulation */
  YcItem       *instant;   /* instant */
  YcItem       *quick;     /* non-instant with the fewest promised days, market regulation */
  YcItem       *two;       /* non-instant with two or more mandatory materials, market */
} c;

static gboolean
setup (void)
{
  if (c.srv != NULL)
    return c.li != NULL && c.item != NULL;
  c.srv = yc_test_server_default ();
  if (c.srv == NULL)
    return FALSE;
  c.li = yc_sign_in (c.srv, "clerk.li", "ws-li");
  c.wang = yc_sign_in (c.srv, "clerk.wang", "ws-wang");
  c.zhang = yc_sign_in (c.srv, "chief.zhang", "ws-zhang");
  c.chen = yc_sign_in (c.srv, "clerk.chen", "ws-chen");
  c.liu = yc_sign_in (c.srv, "chief.liu", "ws-liu");
  c.zhao = yc_sign_in (c.srv, "super.zhao", "ws-zhao");
  if (c.li == NULL || c.wang == NULL || c.zhang == NULL || c.chen == NULL || c.zhao == NULL ||
      c.liu == NULL)
    return FALSE;
  {
    g_autoptr(GPtrArray) items = yc_all_items (c.srv, c.li->token);
    guint i;

    for (i = 0; i < items->len; i++)
      {
        YcItem *it = g_ptr_array_index (items, i);
        gboolean market = g_strcmp0 (it->department_id, c.li->department_id) == 0;

        if (it->mandatory->len == 0)
          continue;
        if (!it->instant && market && c.item == NULL)
          c.item = g_ptr_array_steal_index (items, i--);
        else if (it->instant && (c.instant == NULL || (market && g_strcmp0 (c.instant->department_id,
                                                                              c.li->department_id) != 0)))
          {
            g_clear_pointer (&c.instant, yc_item_free);
            c.instant = g_ptr_array_steal_index (items, i--);
          }
        else if (!it->instant && market && it->mandatory->len >= 2 && c.two == NULL)
          c.two = g_ptr_array_steal_index (items, i--);
      }
    for (i = 0; i < items->len; i++)
      {
        YcItem *it = g_ptr_array_index (items, i);

        if (!it->instant && it->mandatory->len > 0 &&
            g_strcmp0 (it->department_id, c.li->department_id) == 0 &&
            (c.quick == NULL || it->promised_days < c.quick->promised_days))
          {
            g_clear_pointer (&c.quick, yc_item_free);
            c.quick = g_ptr_array_steal_index (items, i--);
          }
      }
  }
  if (c.item == NULL)
    yc_fail ("no non-instant service item of clerk.li's department with a mandatory material");
  if (c.quick == NULL && c.item != NULL)
    c.quick = c.item;
  if (c.two == NULL && c.item != NULL && c.item->mandatory->len >= 2)
    c.two = c.item;
  return c.item != NULL;
}

static void
teardown (void)
{
  if (c.quick == c.item)
    c.quick = NULL;
  if (c.two == c.item)
    c.two = NULL;
  g_clear_pointer (&c.item, yc_item_free);
  g_clear_pointer (&c.instant, yc_item_free);
  g_clear_pointer (&c.quick, yc_item_free);
  g_clear_pointer (&c.two, yc_item_free);
  g_clear_pointer (&c.li, yc_test_session_free);
  g_clear_pointer (&c.wang, yc_test_session_free);
  g_clear_pointer (&c.zhang, yc_test_session_free);
  g_clear_pointer (&c.chen, yc_test_session_free);
  g_clear_pointer (&c.liu, yc_test_session_free);
  g_clear_pointer (&c.zhao, yc_test_session_free);
}

static const char *const case_members[] = {
  "id", "number", "service_item", "service_item_name", "department_id", "applicant", "agent",
  "materials", "outcome", "status", "refusal_reason", "refusal_basis", "received_at",
  "accepted_on", "due_date", "completed_at", "result", "holder_id", "window_id", "workstation",
  "created_by", "id_override_reason", "created_at", "updated_at", NULL
};

static void
check_case_shape (JsonNode *node)
{
  guint i;

  for (i = 0; case_members[i] != NULL; i++)
    if (yc_json_at (node, case_members[i]) == NULL)
      {
        g_autofree char *text = yc_json_to_string (node);

        yc_fail ("case without \"%s\": %.400s", case_members[i], text);
      }
}

static char *
masked (const char *id)
{
  gsize n = strlen (id);
  GString *s = g_string_new_len (id, 6);
  gsize i;

  for (i = 6; i + 4 < n; i++)
    g_string_append_c (s, '*');
  g_string_append (s, id + n - 4);
  return g_string_free (s, FALSE);
}

static YcResponse *
post_case (YcTestSession  *who,
           YcItem     *item,
           const char *outcome,
           const char *applicant,
           const char *materials,
           const char *extra,
           char      **out_id)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = yc_case_json (id, item, outcome, "2026-03-10T10:00:00+08:00", applicant,
                                        materials, extra);
  YcResponse *resp = yc_post (c.srv, who->token, "/cases", body);

  if (out_id)
    *out_id = g_steal_pointer (&id);
  return resp;
}

/* ------------------------------------------------------------------ intake */

static void
test_accepted (void)
{
  g_autofree char *id = NULL;
  g_autofree char *idnum = yc_new_resident_id ();
  g_autofree char *app = NULL;
  g_autoptr(YcResponse) resp = NULL;
  g_autoptr(YcResponse) got = NULL;
  g_autofree char *expected_due = NULL;
  guint i;

  if (!setup ())
    return;
  app = yc_person_json ("王小明", idnum);
  resp = post_case (c.li, c.item, "accepted", app, NULL, NULL, &id);
  if (!yc_assert_status (resp, 201))
    return;
  g_assert_true (g_str_has_prefix (resp->content_type ?: "", "application/json"));
  check_case_shape (resp->json);
  g_assert_cmpstr (yc_resp_str (resp, "id"), ==, id);
  g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "accepted");
  g_assert_cmpstr (yc_resp_str (resp, "outcome"), ==, "accepted");
  g_assert_cmpstr (yc_resp_str (resp, "service_item"), ==, c.item->code);
  g_assert_cmpstr (yc_resp_str (resp, "service_item_name"), ==, c.item->name);
  g_assert_cmpstr (yc_resp_str (resp, "department_id"), ==, c.item->department_id);
  g_assert_cmpstr (yc_resp_str (resp, "holder_id"), ==, c.li->staff_id);
  g_assert_cmpstr (yc_resp_str (resp, "created_by"), ==, c.li->staff_id);
  g_assert_cmpstr (yc_resp_str (resp, "workstation"), ==, c.li->workstation_code);
  g_assert_cmpstr (yc_resp_str (resp, "window_id"), ==, c.li->window_id);
  g_assert_cmpstr (yc_resp_str (resp, "applicant.name"), ==, "王小明");
  g_assert_cmpstr (yc_resp_str (resp, "applicant.kind"), ==, "person");
  g_assert_cmpstr (yc_resp_str (resp, "applicant.id_type"), ==, "resident_id");
  g_assert_cmpstr (yc_resp_str (resp, "applicant.id_number"), ==, idnum);
  g_assert_cmpstr (yc_resp_str (resp, "applicant.phone"), ==, "13800138000");
  g_assert_true (yc_resp_is_null (resp, "agent"));
  g_assert_cmpstr (yc_resp_str (resp, "accepted_on"), ==, "2026-03-10");
  expected_due = yc_hand_due_date ("2026-03-10", c.item->promised_days);
  g_assert_cmpstr (yc_resp_str (resp, "due_date"), ==, expected_due);
  g_assert_true (yc_resp_is_null (resp, "completed_at"));
  g_assert_true (yc_resp_is_null (resp, "result"));
  g_assert_true (yc_resp_is_null (resp, "id_override_reason"));
  g_assert_cmpuint (yc_resp_len (resp, "materials"), ==, c.item->mandatory->len);
  for (i = 0; i < yc_resp_len (resp, "materials"); i++)
    {
      g_autofree char *p = g_strdup_printf ("materials.%u", i);
      JsonNode *m = yc_resp_at (resp, p);

      g_assert_cmpstr (yc_json_str (m, "state"), ==, "received");
      g_assert_nonnull (yc_json_str (m, "name"));
    }

  {
    g_autofree char *path = g_strdup_printf ("/cases/%s", id);

    got = yc_get (c.srv, c.li->token, path);
  }
  if (yc_assert_status (got, 200))
    {
      check_case_shape (got->json);
      g_assert_cmpstr (yc_resp_str (got, "number"), ==, yc_resp_str (resp, "number"));
      g_assert_cmpstr (yc_resp_str (got, "due_date"), ==, yc_resp_str (resp, "due_date"));
      g_assert_cmpstr (yc_resp_str (got, "applicant.id_number"), ==, idnum);
      g_assert_cmpstr (yc_resp_str (got, "received_at") ? "set" : NULL, ==, "set");
    }
}

static void
test_with_agent (void)
{
  g_autofree char *agent_id = yc_new_resident_id ();
  g_autofree char *extra = NULL;
  g_autofree char *bad_extra = NULL;
  g_autoptr(YcResponse) resp = NULL;
  g_autoptr(YcResponse) bad = NULL;
  g_autofree char *bad_id = NULL;

  if (!setup ())
    return;
  /* yc_case_json writes "agent":null; a later duplicate member would be ambiguous, so the
   * agent goes through a body built here. */
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *number = yc_new_number ("案");
    g_autofree char *qn = yc_json_quote (number);
    g_autofree char *qc = yc_json_quote (c.item->code);
    g_autofree char *app = yc_person_json ("赵六", NULL);
    g_autofree char *mats = yc_materials_json (c.item, NULL);
    g_autofree char *body = NULL;

    extra = g_strdup_printf ("{\"name\":\"代理人钱七\",\"id_type\":\"resident_id\",\"id_number\":\"%s\","
                             "\"phone\":\"13900139000\"}", agent_id);
    body = g_strdup_printf ("{\"id\":\"%s\",\"number\":%s,\"service_item\":%s,\"applicant\":%s,"
                            "\"agent\":%s,\"materials\":%s,\"outcome\":\"accepted\","
                            "\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                            id, qn, qc, app, extra, mats);
    resp = yc_post (c.srv, c.li->token, "/cases", body);
    if (yc_assert_status (resp, 201))
      {
        g_assert_cmpstr (yc_resp_str (resp, "agent.name"), ==, "代理人钱七");
        g_assert_cmpstr (yc_resp_str (resp, "agent.id_number"), ==, agent_id);
        g_assert_cmpstr (yc_resp_str (resp, "agent.phone"), ==, "13900139000");
      }

    /* An agent's ID number is checked too. */
    bad_id = g_strdup (agent_id);
    bad_id[17] = bad_id[17] == '0' ? '1' : '0';
    g_free (id);
    id = yc_uuid ();
    g_free (number);
    number = yc_new_number ("案");
    g_free (qn);
    qn = yc_json_quote (number);
    bad_extra = g_strdup_printf ("{\"name\":\"代理人\",\"id_number\":\"%s\"}", bad_id);
    g_free (body);
    body = g_strdup_printf ("{\"id\":\"%s\",\"number\":%s,\"service_item\":%s,\"applicant\":%s,"
                            "\"agent\":%s,\"materials\":%s,\"outcome\":\"accepted\","
                            "\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                            id, qn, qc, app, bad_extra, mats);
    bad = yc_post (c.srv, c.li->token, "/cases", body);
    yc_assert_problem (bad, 422, "invalid_id_number");
  }
}

static void
test_instant (void)
{
  g_autoptr(YcResponse) resp = NULL;

  if (!setup ())
    return;
  if (c.instant == NULL)
    {
      yc_fail ("the demo catalogue has no instant item");
      return;
    }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = yc_case_json (id, c.instant, "instant", "2026-02-13T16:30:00+08:00",
                                          NULL, NULL, NULL);

    resp = yc_post (c.srv, c.li->token, "/cases", body);
  }
  if (!yc_assert_status (resp, 201))
    return;
  check_case_shape (resp->json);
  g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "completed");
  g_assert_cmpstr (yc_resp_str (resp, "outcome"), ==, "instant");
  g_assert_cmpstr (yc_resp_str (resp, "accepted_on"), ==, "2026-02-13");
  g_assert_cmpstr (yc_resp_str (resp, "due_date"), ==, "2026-02-13");
  g_assert_nonnull (yc_resp_str (resp, "completed_at"));

  /* "instant" is only for instant items. */
  {
    g_autoptr(YcResponse) wrong = post_case (c.li, c.item, "instant", NULL, NULL, NULL, NULL);
    static const guint st[] = { 400, 422, 0 };
    static const char *const codes[] = { "invalid_value", NULL };

    yc_check_problem_any (__FILE__, __LINE__, wrong, st, codes);
  }
}

static void
test_incomplete (void)
{
  const char *miss;
  g_autofree char *mats = NULL;
  g_autoptr(YcResponse) resp = NULL;
  JsonNode *m;

  if (!setup ())
    return;
  miss = g_ptr_array_index (c.item->mandatory, 0);
  mats = yc_materials_json (c.item, miss);
  resp = post_case (c.li, c.item, "incomplete", NULL, mats, NULL, NULL);
  if (!yc_assert_status (resp, 201))
    return;
  check_case_shape (resp->json);
  g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "incomplete");
  g_assert_cmpstr (yc_resp_str (resp, "outcome"), ==, "incomplete");
  g_assert_true (yc_resp_is_null (resp, "due_date"));
  m = yc_json_find (resp->json, "materials", "material_id", miss);
  g_assert_nonnull (m);
  g_assert_cmpstr (yc_json_str (m, "state"), ==, "missing");
  g_assert_cmpstr (yc_json_str (m, "note"), ==, "请补交");
}

static void
test_refused (void)
{
  g_autoptr(YcResponse) resp = NULL;
  g_autoptr(YcResponse) no_reason = NULL;

  if (!setup ())
    return;
  resp = post_case (c.li, c.item, "refused", NULL, NULL,
                    ",\"refusal_reason\":\"申请事项不属于本中心受理范围\","
                    "\"refusal_basis\":\"《中华人民共和国行政许可法》第三十二条\"", NULL);
  if (yc_assert_status (resp, 201))
    {
      check_case_shape (resp->json);
      g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "refused");
      g_assert_cmpstr (yc_resp_str (resp, "refusal_reason"), ==, "申请事项不属于本中心受理范围");
      g_assert_cmpstr (yc_resp_str (resp, "refusal_basis"), ==, "《中华人民共和国行政许可法》第三十二条");
      g_assert_true (yc_resp_is_null (resp, "due_date"));
    }
  no_reason = post_case (c.li, c.item, "refused", NULL, NULL, NULL, NULL);
  {
    static const guint st[] = { 400, 422, 0 };
    static const char *const codes[] = { "missing_field", "invalid_value", NULL };

    yc_check_problem_any (__FILE__, __LINE__, no_reason, st, codes);
  }
}

static void
test_organisation (void)
{
  g_autofree char *code = yc_new_credit_code ();
  g_autofree char *bad = g_strdup (code);
  g_autofree char *app = NULL;
  g_autofree char *bad_app = NULL;
  g_autofree char *lower_app = NULL;
  g_autofree char *no_rep = NULL;
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autoptr(YcResponse) ok = NULL;
  g_autoptr(YcResponse) refused = NULL;
  g_autoptr(YcResponse) refused_lower = NULL;
  g_autoptr(YcResponse) missing_rep = NULL;
  g_autoptr(YcResponse) overridden = NULL;

  if (!setup ())
    return;
  bad[17] = bad[17] == 'A' ? 'B' : 'A';
  app = g_strdup_printf ("{\"kind\":\"organisation\",\"name\":\"示范县青禾餐饮有限公司\","
                         "\"credit_code\":\"%s\",\"legal_representative\":\"孙八\","
                         "\"phone\":\"13700137000\"}", code);
  ok = post_case (c.li, c.item, "accepted", app, NULL, NULL, NULL);
  if (yc_assert_status (ok, 201))
    {
      g_assert_cmpstr (yc_resp_str (ok, "applicant.kind"), ==, "organisation");
      g_assert_cmpstr (yc_resp_str (ok, "applicant.credit_code"), ==, code);
      g_assert_cmpstr (yc_resp_str (ok, "applicant.legal_representative"), ==, "孙八");
    }

  bad_app = g_strdup_printf ("{\"kind\":\"organisation\",\"name\":\"示范县青禾餐饮有限公司\","
                             "\"credit_code\":\"%s\",\"legal_representative\":\"孙八\"}", bad);
  refused = post_case (c.li, c.item, "accepted", bad_app, NULL, NULL, NULL);
  yc_assert_problem (refused, 422, "invalid_credit_code");

  lower_app = g_strdup_printf ("{\"kind\":\"organisation\",\"name\":\"某公司\","
                               "\"credit_code\":\"%s\",\"legal_representative\":\"孙八\"}", lower);
  refused_lower = post_case (c.li, c.item, "accepted", lower_app, NULL, NULL, NULL);
  yc_assert_problem (refused_lower, 422, "invalid_credit_code");

  no_rep = g_strdup_printf ("{\"kind\":\"organisation\",\"name\":\"某公司\",\"credit_code\":\"%s\"}", code);
  missing_rep = post_case (c.li, c.item, "accepted", no_rep, NULL, NULL, NULL);
  {
    static const guint st[] = { 400, 422, 0 };
    static const char *const codes[] = { "missing_field", "invalid_value", NULL };

    yc_check_problem_any (__FILE__, __LINE__, missing_rep, st, codes);
  }

  overridden = post_case (c.li, c.item, "accepted", bad_app, NULL,
                          ",\"id_override_reason\":\"营业执照为旧版，经核验无误\"", NULL);
  if (yc_assert_status (overridden, 201))
    {
      g_assert_cmpstr (yc_resp_str (overridden, "applicant.credit_code"), ==, bad);
      g_assert_cmpstr (yc_resp_str (overridden, "id_override_reason"), ==, "营业执照为旧版，经核验无误");
    }
}

static void
test_invalid_id_number (void)
{
  g_autofree char *good = yc_new_resident_id ();
  g_autofree char *bad_check = g_strdup (good);
  g_autofree char *bad_date = yc_resident_id ("11010519991332123");
  g_autofree char *future = yc_resident_id ("11010520991231123");
  g_autofree char *a1 = NULL, *a2 = NULL, *a3 = NULL, *a4 = NULL, *a5 = NULL;
  g_autoptr(YcResponse) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, r7 = NULL;

  if (!setup ())
    return;
  bad_check[17] = bad_check[17] == '1' ? '2' : '1';
  a1 = yc_person_json ("张三", bad_check);
  a2 = yc_person_json ("张三", bad_date);
  a3 = yc_person_json ("张三", future);
  a4 = yc_person_json ("张三", "12345");
  r1 = post_case (c.li, c.item, "accepted", a1, NULL, NULL, NULL);
  r2 = post_case (c.li, c.item, "accepted", a2, NULL, NULL, NULL);
  r3 = post_case (c.li, c.item, "accepted", a3, NULL, NULL, NULL);
  r4 = post_case (c.li, c.item, "accepted", a4, NULL, NULL, NULL);
  yc_assert_problem (r1, 422, "invalid_id_number");
  yc_assert_problem (r2, 422, "invalid_id_number");
  yc_assert_problem (r3, 422, "invalid_id_number");
  yc_assert_problem (r4, 422, "invalid_id_number");
  /* The full number must not be echoed back in the problem. */
  g_assert_null (strstr (yc_response_text (r1), bad_check));

  /* In Chinese for a Chinese workstation. */
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = yc_case_json (id, c.item, "accepted", NULL, a1, NULL, NULL);
    YcRequestOptions o = { .token = c.li->token, .accept_language = "zh-CN,zh;q=0.9,en;q=0.5" };

    r5 = yc_request_full (c.srv, "POST", "/cases", body, -1, &o);
    yc_assert_problem (r5, 422, "invalid_id_number");
    if (!yc_has_cjk (yc_resp_str (r5, "detail")))
      yc_fail ("invalid_id_number detail is not Chinese: %s", yc_resp_str (r5, "detail"));
  }

  /* The override lets it through and is recorded. */
  r6 = post_case (c.li, c.item, "accepted", a1, NULL, ",\"id_override_reason\":\"旧证件号码，公安已核实\"", NULL);
  if (yc_assert_status (r6, 201))
    {
      g_assert_cmpstr (yc_resp_str (r6, "id_override_reason"), ==, "旧证件号码，公安已核实");
      g_assert_cmpstr (yc_resp_str (r6, "applicant.id_number"), ==, bad_check);
    }

  /* Other documents (passports) are not checked. */
  a5 = g_strdup ("{\"kind\":\"person\",\"name\":\"John Smith\",\"id_type\":\"other\","
                 "\"id_number\":\"E12345678\",\"phone\":\"13800138000\"}");
  r7 = post_case (c.li, c.item, "accepted", a5, NULL, NULL, NULL);
  if (yc_assert_status (r7, 201))
    {
      g_assert_cmpstr (yc_resp_str (r7, "applicant.id_type"), ==, "other");
      g_assert_cmpstr (yc_resp_str (r7, "applicant.id_number"), ==, "E12345678");
    }
}

/* Passports and the Hong Kong/Macao and Taiwan travel permits are accepted as typed (the
 * client checks their plausible formats), with an agent holding a permit; an ID type the
 * contract does not list is refused. */
static void
test_other_documents (void)
{
  g_autofree char *passport = g_strdup ("{\"kind\":\"person\",\"name\":\"Maria Rossi\","
                                        "\"id_type\":\"passport\",\"id_number\":\"YA1234567\","
                                        "\"phone\":\"13800138000\"}");
  g_autofree char *taiwan = g_strdup ("{\"kind\":\"person\",\"name\":\"林志明\","
                                      "\"id_type\":\"taiwan_permit\",\"id_number\":\"01234567\"}");
  g_autofree char *unknown = g_strdup ("{\"kind\":\"person\",\"name\":\"张三\","
                                       "\"id_type\":\"driving_licence\",\"id_number\":\"X1\"}");
  g_autoptr(YcResponse) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;

  if (!setup ())
    return;
  r1 = post_case (c.li, c.item, "accepted", passport, NULL, NULL, NULL);
  if (yc_assert_status (r1, 201))
    {
      g_assert_cmpstr (yc_resp_str (r1, "applicant.id_type"), ==, "passport");
      g_assert_cmpstr (yc_resp_str (r1, "applicant.id_number"), ==, "YA1234567");
      g_assert_cmpstr (yc_resp_str (r1, "applicant.name"), ==, "Maria Rossi");
    }
  r2 = post_case (c.li, c.item, "accepted", taiwan, NULL, NULL, NULL);
  if (yc_assert_status (r2, 201))
    g_assert_cmpstr (yc_resp_str (r2, "applicant.id_type"), ==, "taiwan_permit");

  /* The applicant with a passport, the agent with a Hong Kong/Macao permit. */
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *number = yc_new_number ("案");
    g_autofree char *qn = yc_json_quote (number);
    g_autofree char *qc = yc_json_quote (c.item->code);
    g_autofree char *mats = yc_materials_json (c.item, NULL);
    g_autofree char *body = NULL;

    body = g_strdup_printf ("{\"id\":\"%s\",\"number\":%s,\"service_item\":%s,\"applicant\":%s,"
                            "\"agent\":{\"name\":\"陈家明\",\"id_type\":\"hk_macao_permit\","
                            "\"id_number\":\"H12345678\",\"phone\":\"13900139000\"},"
                            "\"materials\":%s,\"outcome\":\"accepted\","
                            "\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                            id, qn, qc, passport, mats);
    r3 = yc_post (c.srv, c.li->token, "/cases", body);
    if (yc_assert_status (r3, 201))
      {
        g_assert_cmpstr (yc_resp_str (r3, "agent.id_type"), ==, "hk_macao_permit");
        g_assert_cmpstr (yc_resp_str (r3, "agent.id_number"), ==, "H12345678");
      }
  }

  r4 = post_case (c.li, c.item, "accepted", unknown, NULL, NULL, NULL);
  yc_assert_problem (r4, 400, "invalid_value");
}

static void
test_lowercase_x (void)
{
  /* 11010519491231002X with a lower-case x is the same number. */
  g_autofree char *app = yc_person_json ("小写", "11010519491231002x");
  g_autoptr(YcResponse) r = NULL;

  if (!setup ())
    return;
  r = post_case (c.li, c.item, "accepted", app, NULL, NULL, NULL);
  if (yc_assert_status (r, 201))
    {
      const char *stored = yc_resp_str (r, "applicant.id_number");

      if (g_ascii_strcasecmp (stored ?: "", "11010519491231002X") != 0)
        yc_fail ("stored id number %s", stored);
    }
}

static void
test_invalid_phone (void)
{
  g_autofree char *id = yc_new_resident_id ();
  g_autofree char *app = g_strdup_printf ("{\"kind\":\"person\",\"name\":\"张三\",\"id_number\":\"%s\","
                                          "\"phone\":\"12345\"}", id);
  g_autofree char *app2 = g_strdup_printf ("{\"kind\":\"person\",\"name\":\"张三\",\"id_number\":\"%s\","
                                           "\"phone\":\"2380013800a\"}", id);
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(YcResponse) r2 = NULL;

  if (!setup ())
    return;
  r = post_case (c.li, c.item, "accepted", app, NULL, NULL, NULL);
  r2 = post_case (c.li, c.item, "accepted", app2, NULL, NULL, NULL);
  yc_assert_problem (r, 422, "invalid_phone");
  yc_assert_problem (r2, 422, "invalid_phone");
}

static void
test_unknown_item_and_material (void)
{
  g_autoptr(YcResponse) item = NULL;
  g_autoptr(YcResponse) mat = NULL;
  g_autofree char *mats = NULL;

  if (!setup ())
    return;
  item = post_case (c.li, NULL, "accepted", NULL, "[]", NULL, NULL);
  yc_assert_problem (item, 422, "unknown_service_item");

  {
    g_autofree char *base = yc_materials_json (c.item, NULL);

    base[strlen (base) - 1] = '\0';
    mats = g_strdup_printf ("%s,{\"material_id\":\"no-such-material\",\"state\":\"received\"}]", base);
  }
  mat = post_case (c.li, c.item, "accepted", NULL, mats, NULL, NULL);
  yc_assert_problem (mat, 422, "unknown_material");
}

static void
test_outcome_consistency (void)
{
  const char *first;
  g_autofree char *missing = NULL;
  g_autoptr(YcResponse) accepted_missing = NULL;
  g_autoptr(YcResponse) incomplete_all = NULL;
  g_autoptr(YcResponse) omitted = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const codes[] = { "invalid_value", "missing_field", NULL };

  if (!setup ())
    return;
  first = g_ptr_array_index (c.item->mandatory, 0);
  missing = yc_materials_json (c.item, first);
  accepted_missing = post_case (c.li, c.item, "accepted", NULL, missing, NULL, NULL);
  yc_check_problem_any (__FILE__, __LINE__, accepted_missing, st, codes);
  incomplete_all = post_case (c.li, c.item, "incomplete", NULL, NULL, NULL, NULL);
  yc_check_problem_any (__FILE__, __LINE__, incomplete_all, st, codes);
  /* A mandatory material not mentioned at all is not received. */
  omitted = post_case (c.li, c.item, "accepted", NULL, "[]", NULL, NULL);
  yc_check_problem_any (__FILE__, __LINE__, omitted, st, codes);
}

static void
test_bad_fields (void)
{
  g_autoptr(YcResponse) no_applicant = NULL;
  g_autoptr(YcResponse) bad_outcome = NULL;
  g_autoptr(YcResponse) bad_id = NULL;
  g_autoptr(YcResponse) bad_time = NULL;
  g_autoptr(YcResponse) bad_state = NULL;
  g_autoptr(YcResponse) wrong_type = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const invalid[] = { "invalid_value", NULL };

  if (!setup ())
    return;
  {
    g_autofree char *number = yc_new_number ("案");
    g_autofree char *nid = yc_uuid ();
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"number\":\"%s\",\"service_item\":\"%s\","
                                             "\"materials\":[],\"outcome\":\"accepted\","
                                             "\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                                             nid, number, c.item->code);

    no_applicant = yc_post (c.srv, c.li->token, "/cases", body);
    yc_assert_problem (no_applicant, 400, "missing_field");
  }
  bad_outcome = post_case (c.li, c.item, "perhaps", NULL, NULL, NULL, NULL);
  yc_check_problem_any (__FILE__, __LINE__, bad_outcome, st, invalid);
  {
    g_autofree char *body = yc_case_json ("not-a-uuid", c.item, "accepted", NULL, NULL, NULL, NULL);

    bad_id = yc_post (c.srv, c.li->token, "/cases", body);
    yc_check_problem_any (__FILE__, __LINE__, bad_id, st, invalid);
  }
  {
    g_autofree char *id = yc_uuid ();
    g_autofree char *body = yc_case_json (id, c.item, "accepted", "yesterday at noon", NULL, NULL, NULL);

    bad_time = yc_post (c.srv, c.li->token, "/cases", body);
    yc_check_problem_any (__FILE__, __LINE__, bad_time, st, invalid);
  }
  {
    g_autofree char *q = yc_json_quote (g_ptr_array_index (c.item->mandatory, 0));
    g_autofree char *mats = g_strdup_printf ("[{\"material_id\":%s,\"state\":\"lost\"}]", q);

    bad_state = post_case (c.li, c.item, "incomplete", NULL, mats, NULL, NULL);
    yc_check_problem_any (__FILE__, __LINE__, bad_state, st, invalid);
  }
  wrong_type = post_case (c.li, c.item, "accepted", "\"张三\"", NULL, NULL, NULL);
  yc_assert_problem (wrong_type, 400, "wrong_type");
}

static void
test_conflicts (void)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *b1 = NULL;
  g_autofree char *b2 = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) same_id = NULL;
  g_autoptr(YcResponse) same_number = NULL;

  if (!setup ())
    return;
  b1 = yc_case_json (id, c.item, "accepted", NULL, NULL, NULL, NULL);
  first = yc_post (c.srv, c.li->token, "/cases", b1);
  if (!yc_assert_status (first, 201))
    return;
  /* Same id, another record, another key. */
  b2 = yc_case_json (id, c.item, "accepted", "2026-03-11T09:00:00+08:00", NULL, NULL, NULL);
  same_id = yc_post (c.srv, c.li->token, "/cases", b2);
  yc_assert_problem (same_id, 409, "conflict");
  /* Same number, another id. */
  {
    g_autofree char *other = yc_uuid ();
    g_autofree char *qn = yc_json_quote (yc_resp_str (first, "number"));
    g_autofree char *qc = yc_json_quote (c.item->code);
    g_autofree char *app = yc_person_json (NULL, NULL);
    g_autofree char *mats = yc_materials_json (c.item, NULL);
    g_autofree char *b3 = g_strdup_printf ("{\"id\":\"%s\",\"number\":%s,\"service_item\":%s,"
                                           "\"applicant\":%s,\"materials\":%s,\"outcome\":\"accepted\","
                                           "\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                                           other, qn, qc, app, mats);

    same_number = yc_post (c.srv, c.li->token, "/cases", b3);
    yc_assert_problem (same_number, 409, "conflict");
  }
}

/* ------------------------------------------------------------------ detail, lists, masking */

static void
test_detail_masking (void)
{
  g_autofree char *idnum = yc_new_resident_id ();
  g_autofree char *app = yc_person_json ("周九", idnum);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mask = masked (idnum);
  g_autoptr(YcResponse) created = NULL;
  g_autoptr(YcResponse) holder = NULL;
  g_autoptr(YcResponse) chief = NULL;
  g_autoptr(YcResponse) sup = NULL;
  g_autoptr(YcResponse) colleague = NULL;
  g_autoptr(YcResponse) other_dept = NULL;
  g_autoptr(YcResponse) other_chief = NULL;
  g_autoptr(YcResponse) unknown = NULL;
  g_autoptr(YcResponse) junk = NULL;

  if (!setup ())
    return;
  created = post_case (c.li, c.item, "accepted", app, NULL, NULL, &id);
  if (!yc_assert_status (created, 201))
    return;
  path = g_strdup_printf ("/cases/%s", id);
  holder = yc_get (c.srv, c.li->token, path);
  chief = yc_get (c.srv, c.zhang->token, path);
  sup = yc_get (c.srv, c.zhao->token, path);
  colleague = yc_get (c.srv, c.wang->token, path);
  other_dept = yc_get (c.srv, c.chen->token, path);
  other_chief = yc_get (c.srv, c.liu->token, path);

  yc_assert_status (holder, 200);
  g_assert_cmpstr (yc_resp_str (holder, "applicant.id_number"), ==, idnum);
  yc_assert_status (chief, 200);
  g_assert_cmpstr (yc_resp_str (chief, "applicant.id_number"), ==, idnum);
  yc_assert_status (sup, 200);
  g_assert_cmpstr (yc_resp_str (sup, "applicant.id_number"), ==, mask);
  /* Others: refused, or masked; never the full number. */
  if (colleague->status == 200)
    g_assert_cmpstr (yc_resp_str (colleague, "applicant.id_number"), ==, mask);
  else
    yc_assert_problem (colleague, 403, "forbidden");
  if (other_dept->status == 200)
    g_assert_cmpstr (yc_resp_str (other_dept, "applicant.id_number"), ==, mask);
  else
    yc_assert_problem (other_dept, 403, "forbidden");
  if (other_chief->status == 200)
    g_assert_cmpstr (yc_resp_str (other_chief, "applicant.id_number"), ==, mask);
  else
    yc_assert_problem (other_chief, 403, "forbidden");
  g_assert_null (strstr (yc_response_text (colleague), idnum));
  g_assert_null (strstr (yc_response_text (other_dept), idnum));
  g_assert_null (strstr (yc_response_text (other_chief), idnum));
  g_assert_null (strstr (yc_response_text (sup), idnum));

  unknown = yc_get (c.srv, c.li->token, "/cases/00000000-0000-4000-8000-000000000000");
  yc_assert_problem (unknown, 404, "not_found");
  junk = yc_get (c.srv, c.li->token, "/cases/not-a-uuid");
  {
    static const guint st[] = { 400, 404, 0 };
    static const char *const codes[] = { "bad_request", "invalid_value", "not_found", NULL };

    yc_check_problem_any (__FILE__, __LINE__, junk, st, codes);
  }
}

static void
check_list_masked (YcResponse *list,
                   const char *case_id,
                   const char *full,
                   const char *mask)
{
  JsonNode *entry = yc_json_find (list->json, "cases", "id", case_id);

  if (entry == NULL)
    {
      yc_fail ("%s %s does not list case %s", list->method, list->path, case_id);
      return;
    }
  check_case_shape (entry);
  g_assert_cmpstr (yc_json_str (entry, "applicant.id_number"), ==, mask);
  g_assert_null (strstr (yc_response_text (list), full));
}

static void
test_list_masking (void)
{
  g_autofree char *idnum = yc_new_resident_id ();
  g_autofree char *mask = masked (idnum);
  g_autofree char *app = yc_person_json ("吴十", idnum);
  g_autofree char *id = NULL;
  g_autoptr(YcResponse) created = NULL;
  g_autoptr(YcResponse) mine = NULL;
  g_autoptr(YcResponse) dept = NULL;
  g_autoptr(YcResponse) centre = NULL;
  g_autoptr(YcResponse) wang_mine = NULL;

  if (!setup ())
    return;
  created = post_case (c.li, c.item, "accepted", app, NULL, NULL, &id);
  if (!yc_assert_status (created, 201))
    return;
  mine = yc_get (c.srv, c.li->token, "/cases?limit=200");
  dept = yc_get (c.srv, c.zhang->token, "/cases?holder=department&limit=200");
  centre = yc_get (c.srv, c.zhao->token, "/cases?holder=centre&limit=200");
  wang_mine = yc_get (c.srv, c.wang->token, "/cases?holder=me&limit=200");
  if (yc_assert_status (mine, 200))
    check_list_masked (mine, id, idnum, mask);
  if (yc_assert_status (dept, 200))
    check_list_masked (dept, id, idnum, mask);
  if (yc_assert_status (centre, 200))
    check_list_masked (centre, id, idnum, mask);
  if (yc_assert_status (wang_mine, 200) && yc_json_find (wang_mine->json, "cases", "id", id) != NULL)
    yc_fail ("clerk.wang's own list shows clerk.li's case");
  g_assert_true (yc_json_at (mine->json, "next_after") != NULL);
}

static void
test_list_filters_and_pages (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after = NULL;
  g_autofree char *unique_name = g_strdup_printf ("欧阳%u", g_random_int_range (1000, 9999));
  const char *number = NULL;
  guint i, pages = 0;
  YcTestSession *who;

  if (!setup ())
    return;
  /* clerk.chen holds nothing else in this program: his list is exactly what he makes here. */
  who = c.chen;
  {
    g_autoptr(YcItem) hr = yc_find_item (c.srv, who->token, who->department_id, FALSE, -1);

    if (hr == NULL)
      {
        yc_fail ("no non-instant item of clerk.chen's department");
        return;
      }
    for (i = 0; i < 5; i++)
      {
        g_autofree char *id = NULL;
        g_autofree char *app = yc_person_json (i == 2 ? unique_name : "普通申请人", NULL);
        g_autofree char *mats = i == 4 ? yc_materials_json (hr, g_ptr_array_index (hr->mandatory, 0)) : NULL;
        g_autoptr(YcResponse) r = NULL;

        id = yc_uuid ();
        {
          g_autofree char *body = yc_case_json (id, hr, i == 4 ? "incomplete" : "accepted", NULL, app,
                                                mats, NULL);

          r = yc_post (c.srv, who->token, "/cases", body);
        }
        if (!yc_assert_status (r, 201))
          return;
        if (i == 3)
          number = g_intern_string (yc_resp_str (r, "number"));
        g_ptr_array_add (ids, g_steal_pointer (&id));
        g_usleep (20 * 1000);
      }
  }

  /* Pages of 2, newest first, no repeats, all five seen. */
  for (;;)
    {
      g_autofree char *path = NULL;
      g_autoptr(YcResponse) page = NULL;
      guint n;

      if (after)
        {
          g_autofree char *esc = g_uri_escape_string (after, NULL, FALSE);

          path = g_strdup_printf ("/cases?limit=2&after=%s", esc);
        }
      else
        path = g_strdup ("/cases?limit=2");
      page = yc_get (c.srv, who->token, path);
      if (!yc_assert_status (page, 200) || ++pages > 10)
        break;
      n = yc_resp_len (page, "cases");
      g_assert_cmpuint (n, <=, 2);
      for (i = 0; i < n; i++)
        {
          g_autofree char *p = g_strdup_printf ("cases.%u.id", i);
          const char *cid = yc_resp_str (page, p);

          if (cid == NULL || g_hash_table_contains (seen, cid))
            yc_fail ("case %s repeated across pages", cid);
          else
            {
              /* Newest first: the k-th case seen is the (5-k)-th made. */
              guint k = g_hash_table_size (seen);

              if (k < ids->len && g_strcmp0 (cid, g_ptr_array_index (ids, ids->len - 1 - k)) != 0)
                yc_fail ("page order: position %u is %s, expected %s", k, cid,
                         (char *) g_ptr_array_index (ids, ids->len - 1 - k));
              g_hash_table_add (seen, g_strdup (cid));
            }
        }
      g_clear_pointer (&after, g_free);
      if (yc_resp_is_null (page, "next_after"))
        break;
      after = g_strdup (yc_resp_str (page, "next_after"));
      if (after == NULL)
        {
          yc_fail ("next_after is neither a string nor null");
          break;
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);

  {
    g_autoptr(YcResponse) st = yc_get (c.srv, who->token, "/cases?status=incomplete");
    g_autoptr(YcResponse) st2 = yc_get (c.srv, who->token, "/cases?status=accepted&limit=200");
    g_autofree char *esc_name = g_uri_escape_string (unique_name, NULL, FALSE);
    g_autofree char *qpath = g_strdup_printf ("/cases?q=%s", esc_name);
    g_autoptr(YcResponse) byname = yc_get (c.srv, who->token, qpath);
    g_autofree char *esc_num = g_uri_escape_string (number ?: "", NULL, FALSE);
    g_autofree char *npath = g_strdup_printf ("/cases?q=%s", esc_num);
    g_autoptr(YcResponse) bynumber = yc_get (c.srv, who->token, npath);

    if (yc_assert_status (st, 200))
      {
        g_assert_cmpuint (yc_resp_len (st, "cases"), ==, 1);
        g_assert_cmpstr (yc_resp_str (st, "cases.0.id"), ==, g_ptr_array_index (ids, 4));
      }
    if (yc_assert_status (st2, 200))
      g_assert_cmpuint (yc_resp_len (st2, "cases"), ==, 4);
    if (yc_assert_status (byname, 200))
      {
        g_assert_cmpuint (yc_resp_len (byname, "cases"), ==, 1);
        g_assert_cmpstr (yc_resp_str (byname, "cases.0.id"), ==, g_ptr_array_index (ids, 2));
      }
    if (yc_assert_status (bynumber, 200))
      {
        g_assert_cmpuint (yc_resp_len (bynumber, "cases"), ==, 1);
        g_assert_cmpstr (yc_resp_str (bynumber, "cases.0.id"), ==, g_ptr_array_index (ids, 3));
      }
  }
  {
    static const guint st[] = { 400, 0 };
    static const char *const codes[] = { "invalid_value", "bad_request", NULL };
    const char *bad[] = { "/cases?limit=0", "/cases?limit=201", "/cases?limit=ten",
                          "/cases?holder=everyone", "/cases?status=lost" };

    for (i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(YcResponse) r = yc_get (c.srv, who->token, bad[i]);

        yc_check_problem_any (__FILE__, __LINE__, r, st, codes);
      }
  }
}

static void
test_list_scopes (void)
{
  g_autoptr(YcResponse) clerk_dept = NULL;
  g_autoptr(YcResponse) clerk_centre = NULL;
  g_autoptr(YcResponse) chief_dept = NULL;
  g_autoptr(YcResponse) chief_centre = NULL;
  g_autoptr(YcResponse) sup_dept = NULL;
  g_autoptr(YcResponse) sup_centre = NULL;
  g_autoptr(YcResponse) created = NULL;
  g_autofree char *hr_case = NULL;

  if (!setup ())
    return;
  {
    g_autoptr(YcItem) hr = yc_find_item (c.srv, c.liu->token, c.liu->department_id, FALSE, -1);

    if (hr != NULL)
      created = yc_create_case (c.srv, c.liu, hr, "accepted", NULL, &hr_case);
  }
  clerk_dept = yc_get (c.srv, c.li->token, "/cases?holder=department");
  clerk_centre = yc_get (c.srv, c.li->token, "/cases?holder=centre");
  chief_dept = yc_get (c.srv, c.zhang->token, "/cases?holder=department&limit=200");
  chief_centre = yc_get (c.srv, c.zhang->token, "/cases?holder=centre");
  sup_dept = yc_get (c.srv, c.zhao->token, "/cases?holder=department");
  sup_centre = yc_get (c.srv, c.zhao->token, "/cases?holder=centre&limit=200");
  yc_assert_problem (clerk_dept, 403, "forbidden");
  yc_assert_problem (clerk_centre, 403, "forbidden");
  yc_assert_status (chief_dept, 200);
  yc_assert_problem (chief_centre, 403, "forbidden");
  yc_assert_status (sup_dept, 200);
  yc_assert_status (sup_centre, 200);
  if (hr_case != NULL)
    {
      /* Another department's case is not in chief.zhang's department list, but is in the
       * centre's. */
      if (yc_json_find (chief_dept->json, "cases", "id", hr_case) != NULL)
        yc_fail ("chief.zhang's department list shows a human-resources case");
      if (yc_json_find (sup_centre->json, "cases", "id", hr_case) == NULL)
        yc_fail ("the supervisor's centre list misses a human-resources case");
    }
}

/* ------------------------------------------------------------------ materials, completion, evaluation */

static void
test_materials_update (void)
{
  YcItem *item;
  const char *m0, *m1 = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *today = yc_today_iso ();
  g_autofree char *expected_due = NULL;
  g_autoptr(YcResponse) created = NULL;

  if (!setup ())
    return;
  item = c.two ? c.two : c.quick;
  m0 = g_ptr_array_index (item->mandatory, 0);
  if (item->mandatory->len >= 2)
    m1 = g_ptr_array_index (item->mandatory, 1);
  {
    g_autofree char *miss = m1 ? g_strdup_printf ("%s,%s", m0, m1) : g_strdup (m0);
    g_autofree char *mats = yc_materials_json (item, miss);

    created = post_case (c.li, item, "incomplete", NULL, mats, NULL, &id);
  }
  if (!yc_assert_status (created, 201))
    return;
  path = g_strdup_printf ("/cases/%s/materials", id);

  if (m1 != NULL)
    {
      g_autofree char *q = yc_json_quote (m0);
      g_autofree char *body = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\","
                                               "\"note\":\"已补交\"}]}", q);
      g_autoptr(YcResponse) partial = yc_post (c.srv, c.li->token, path, body);

      if (yc_assert_status (partial, 200))
        {
          check_case_shape (partial->json);
          g_assert_cmpstr (yc_resp_str (partial, "status"), ==, "incomplete");
          g_assert_cmpstr (yc_json_str (yc_json_find (partial->json, "materials", "material_id", m0),
                                        "state"), ==, "received");
        }
    }

  {
    g_autofree char *q0 = yc_json_quote (m0);
    g_autofree char *q1 = yc_json_quote (m1 ? m1 : m0);
    g_autofree char *body = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\"},"
                                             "{\"material_id\":%s,\"state\":\"received\",\"note\":\"\"}]}",
                                             q0, q1);
    g_autoptr(YcResponse) wang = yc_post (c.srv, c.wang->token, path, body);
    g_autoptr(YcResponse) sup = yc_post (c.srv, c.zhao->token, path, body);
    g_autoptr(YcResponse) done = yc_post (c.srv, c.li->token, path, body);

    {
      static const guint st[] = { 403, 409, 0 };
      static const char *const codes[] = { "forbidden", "case_not_held", NULL };

      yc_check_problem_any (__FILE__, __LINE__, wang, st, codes);
    }
    yc_assert_problem (sup, 403, "forbidden");
    if (yc_assert_status (done, 200))
      {
        g_assert_cmpstr (yc_resp_str (done, "status"), ==, "accepted");
        g_assert_cmpstr (yc_resp_str (done, "accepted_on"), ==, today);
        expected_due = yc_hand_due_date (today, item->promised_days);
        if (expected_due != NULL)
          g_assert_cmpstr (yc_resp_str (done, "due_date"), ==, expected_due);
        else
          g_test_message ("the due date of a case accepted today leaves 2026; not checked");
      }
    else if (done->status == 422 && g_strcmp0 (yc_resp_str (done, "code"), "calendar_missing") == 0)
      g_test_message ("calendar_missing: the due date leaves the loaded calendars");
  }

  {
    g_autoptr(YcResponse) unknown_mat = yc_post (c.srv, c.li->token, path,
                                                 "{\"materials\":[{\"material_id\":\"no-such\",\"state\":\"received\"}]}");
    g_autoptr(YcResponse) empty = yc_post (c.srv, c.li->token, path, "{\"materials\":[]}");
    g_autoptr(YcResponse) unknown_case = yc_post (c.srv, c.li->token,
                                                  "/cases/00000000-0000-4000-8000-000000000001/materials",
                                                  "{\"materials\":[{\"material_id\":\"x\",\"state\":\"received\"}]}");
    static const guint st[] = { 400, 422, 0 };
    static const char *const codes[] = { "invalid_value", NULL };

    yc_assert_problem (unknown_mat, 422, "unknown_material");
    yc_check_problem_any (__FILE__, __LINE__, empty, st, codes);
    yc_assert_problem (unknown_case, 404, "not_found");
  }
}

static void
test_completion (void)
{
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autoptr(YcResponse) a = NULL;
  g_autoptr(YcResponse) b = NULL;
  g_autoptr(YcResponse) by_wang = NULL;
  g_autoptr(YcResponse) by_sup = NULL;
  g_autoptr(YcResponse) by_chen = NULL;
  g_autoptr(YcResponse) ok = NULL;
  g_autoptr(YcResponse) by_chief = NULL;
  g_autoptr(YcResponse) missing = NULL;
  g_autoptr(YcResponse) twice = NULL;
  const char *body = "{\"result\":\"准予登记，核发营业执照\",\"completed_at\":\"2026-03-12T15:00:00+08:00\"}";

  if (!setup ())
    return;
  a = yc_create_case (c.srv, c.li, c.item, "accepted", NULL, &id);
  b = yc_create_case (c.srv, c.li, c.item, "accepted", NULL, &id2);
  if (id == NULL || id2 == NULL)
    return;
  path = g_strdup_printf ("/cases/%s/completion", id);
  path2 = g_strdup_printf ("/cases/%s/completion", id2);

  missing = yc_post (c.srv, c.li->token, path, "{\"completed_at\":\"2026-03-12T15:00:00+08:00\"}");
  yc_assert_problem (missing, 400, "missing_field");
  by_wang = yc_post (c.srv, c.wang->token, path, body);
  yc_assert_problem (by_wang, 403, "forbidden");
  by_sup = yc_post (c.srv, c.zhao->token, path, body);
  yc_assert_problem (by_sup, 403, "forbidden");
  by_chen = yc_post (c.srv, c.chen->token, path, body);
  yc_assert_problem (by_chen, 403, "forbidden");

  ok = yc_post (c.srv, c.li->token, path, body);
  if (yc_assert_status (ok, 200))
    {
      check_case_shape (ok->json);
      g_assert_cmpstr (yc_resp_str (ok, "status"), ==, "completed");
      g_assert_cmpstr (yc_resp_str (ok, "result"), ==, "准予登记，核发营业执照");
      g_assert_nonnull (yc_resp_str (ok, "completed_at"));
    }
  twice = yc_post (c.srv, c.li->token, path, body);
  {
    static const guint st[] = { 409, 422, 0 };
    static const char *const codes[] = { "conflict", "invalid_value", NULL };

    yc_check_problem_any (__FILE__, __LINE__, twice, st, codes);
  }

  /* The department's chief rep may complete a case he does not hold. */
  by_chief = yc_post (c.srv, c.zhang->token, path2, body);
  if (yc_assert_status (by_chief, 200))
    g_assert_cmpstr (yc_resp_str (by_chief, "status"), ==, "completed");
}

static void
test_completion_of_incomplete (void)
{
  g_autofree char *id = NULL;
  g_autofree char *mats = NULL;
  g_autofree char *path = NULL;
  g_autoptr(YcResponse) created = NULL;
  g_autoptr(YcResponse) r = NULL;
  static const guint st[] = { 409, 422, 0 };
  static const char *const codes[] = { "conflict", "invalid_value", NULL };

  if (!setup ())
    return;
  mats = yc_materials_json (c.item, g_ptr_array_index (c.item->mandatory, 0));
  created = post_case (c.li, c.item, "incomplete", NULL, mats, NULL, &id);
  if (!yc_assert_status (created, 201))
    return;
  path = g_strdup_printf ("/cases/%s/completion", id);
  r = yc_post (c.srv, c.li->token, path,
               "{\"result\":\"办结\",\"completed_at\":\"2026-03-12T15:00:00+08:00\"}");
  yc_check_problem_any (__FILE__, __LINE__, r, st, codes);
}

static void
test_evaluation (void)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(YcResponse) created = NULL;
  g_autoptr(YcResponse) too_high = NULL;
  g_autoptr(YcResponse) zero = NULL;
  g_autoptr(YcResponse) text = NULL;
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) second = NULL;
  g_autoptr(YcResponse) unknown = NULL;
  g_autoptr(YcResponse) sup = NULL;
  static const guint st[] = { 400, 422, 0 };
  static const char *const codes[] = { "invalid_value", NULL };

  if (!setup ())
    return;
  created = yc_create_case (c.srv, c.li, c.instant ? c.instant : c.item, NULL, NULL, &id);
  if (id == NULL)
    return;
  path = g_strdup_printf ("/cases/%s/evaluation", id);
  too_high = yc_post (c.srv, c.li->token, path, "{\"rating\":6,\"comment\":\"\"}");
  yc_check_problem_any (__FILE__, __LINE__, too_high, st, codes);
  zero = yc_post (c.srv, c.li->token, path, "{\"rating\":0}");
  yc_check_problem_any (__FILE__, __LINE__, zero, st, codes);
  text = yc_post (c.srv, c.li->token, path, "{\"rating\":\"5\"}");
  yc_assert_problem (text, 400, "wrong_type");
  sup = yc_post (c.srv, c.zhao->token, path, "{\"rating\":5}");
  yc_assert_problem (sup, 403, "forbidden");

  first = yc_post (c.srv, c.li->token, path, "{\"rating\":5,\"comment\":\"办事很快，非常满意！\"}");
  if (yc_assert_status (first, 201))
    {
      g_assert_cmpstr (yc_resp_str (first, "case_id"), ==, id);
      g_assert_cmpint (yc_resp_int (first, "rating"), ==, 5);
      g_assert_cmpstr (yc_resp_str (first, "comment"), ==, "办事很快，非常满意！");
      g_assert_cmpstr (yc_resp_str (first, "staff_id"), ==, c.li->staff_id);
      g_assert_nonnull (yc_resp_str (first, "at"));
    }
  second = yc_post (c.srv, c.li->token, path, "{\"rating\":1,\"comment\":\"改主意了\"}");
  yc_assert_problem (second, 409, "already_evaluated");
  unknown = yc_post (c.srv, c.li->token, "/cases/00000000-0000-4000-8000-000000000002/evaluation",
                     "{\"rating\":3}");
  yc_assert_problem (unknown, 404, "not_found");
}

/* ------------------------------------------------------------------ inquiries */

static void
test_inquiries (void)
{
  g_autofree char *id1 = yc_uuid ();
  g_autofree char *id2 = yc_uuid ();
  g_autofree char *id3 = yc_uuid ();
  g_autofree char *case_id = NULL;
  g_autofree char *b1 = NULL, *b2 = NULL, *b3 = NULL, *b4 = NULL;
  g_autoptr(YcResponse) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, created = NULL;
  g_autoptr(YcResponse) windows = NULL;
  const char *other_window = NULL;
  guint i;
  static const guint st[] = { 400, 422, 0 };
  static const char *const codes[] = { "invalid_value", NULL };

  if (!setup ())
    return;
  windows = yc_get (c.srv, c.li->token, "/windows");
  for (i = 0; i < yc_resp_len (windows, "windows"); i++)
    {
      g_autofree char *p = g_strdup_printf ("windows.%u.id", i);

      if (g_strcmp0 (yc_resp_str (windows, p), c.li->window_id) != 0)
        {
          other_window = yc_resp_str (windows, p);
          break;
        }
    }

  b1 = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"李大爷\",\"visitor_phone\":\"13912345678\","
                        "\"question\":\"办理个体工商户需要带什么材料？\",\"outcome\":\"answered\"}", id1);
  r1 = yc_post (c.srv, c.li->token, "/inquiries", b1);
  if (yc_assert_status (r1, 201))
    {
      g_assert_cmpstr (yc_resp_str (r1, "id"), ==, id1);
      g_assert_cmpstr (yc_resp_str (r1, "visitor_name"), ==, "李大爷");
      g_assert_cmpstr (yc_resp_str (r1, "visitor_phone"), ==, "13912345678");
      g_assert_cmpstr (yc_resp_str (r1, "question"), ==, "办理个体工商户需要带什么材料？");
      g_assert_cmpstr (yc_resp_str (r1, "outcome"), ==, "answered");
      g_assert_cmpstr (yc_resp_str (r1, "staff_id"), ==, c.li->staff_id);
      g_assert_cmpstr (yc_resp_str (r1, "window_id"), ==, c.li->window_id);
      g_assert_cmpstr (yc_resp_str (r1, "workstation"), ==, c.li->workstation_code);
      g_assert_nonnull (yc_resp_str (r1, "asked_at"));
      g_assert_nonnull (yc_resp_str (r1, "created_at"));
    }

  b2 = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":null,\"question\":\"社保卡在哪里办？\","
                        "\"outcome\":\"guided\",\"guided_to_window\":\"%s\","
                        "\"asked_at\":\"2026-03-10T09:05:00+08:00\"}", id2, other_window ?: "w-x");
  r2 = yc_post (c.srv, c.li->token, "/inquiries", b2);
  if (yc_assert_status (r2, 201))
    {
      g_assert_cmpstr (yc_resp_str (r2, "guided_to_window"), ==, other_window);
      g_assert_true (yc_resp_is_null (r2, "visitor_name"));
      g_assert_true (yc_resp_is_null (r2, "visitor_phone"));
    }

  /* A phone number that is not a mainland mobile number is refused, naming the field. */
  {
    g_autofree char *pid = yc_uuid ();
    g_autofree char *pb = g_strdup_printf ("{\"id\":\"%s\",\"visitor_phone\":\"1234\","
                                           "\"question\":\"?\",\"outcome\":\"answered\"}", pid);
    g_autoptr(YcResponse) pr = yc_post (c.srv, c.li->token, "/inquiries", pb);

    if (yc_assert_problem (pr, 422, "invalid_value"))
      g_assert_cmpstr (yc_resp_str (pr, "field"), ==, "visitor_phone");
  }

  created = yc_create_case (c.srv, c.li, c.item, "accepted", NULL, &case_id);
  b3 = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"陈女士\",\"question\":\"申请食品经营许可\","
                        "\"outcome\":\"case\",\"case_id\":\"%s\"}", id3, case_id ?: "");
  r3 = yc_post (c.srv, c.li->token, "/inquiries", b3);
  if (yc_assert_status (r3, 201))
    g_assert_cmpstr (yc_resp_str (r3, "case_id"), ==, case_id);

  {
    g_autofree char *nid = yc_uuid ();

    b4 = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"?\",\"outcome\":\"shrugged\"}", nid);
  }
  r4 = yc_post (c.srv, c.li->token, "/inquiries", b4);
  yc_check_problem_any (__FILE__, __LINE__, r4, st, codes);
  r5 = yc_post (c.srv, c.li->token, "/inquiries", "{\"id\":\"6f1c2f4e-3b1a-4c55-9a51-0d0f5a1b7c01\",\"outcome\":\"answered\"}");
  yc_assert_problem (r5, 400, "missing_field");
  /* Same id, another inquiry. */
  {
    g_autofree char *b6 = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"别的问题\",\"outcome\":\"answered\"}", id1);

    r6 = yc_post (c.srv, c.li->token, "/inquiries", b6);
    yc_assert_problem (r6, 409, "conflict");
  }
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/cases/accepted", test_accepted);
  g_test_add_func ("/server/cases/with-agent", test_with_agent);
  g_test_add_func ("/server/cases/instant", test_instant);
  g_test_add_func ("/server/cases/incomplete", test_incomplete);
  g_test_add_func ("/server/cases/refused", test_refused);
  g_test_add_func ("/server/cases/organisation", test_organisation);
  g_test_add_func ("/server/cases/invalid-id-number", test_invalid_id_number);
  g_test_add_func ("/server/cases/lowercase-x", test_lowercase_x);
  g_test_add_func ("/server/cases/other-documents", test_other_documents);
  g_test_add_func ("/server/cases/invalid-phone", test_invalid_phone);
  g_test_add_func ("/server/cases/unknown-item-and-material", test_unknown_item_and_material);
  g_test_add_func ("/server/cases/outcome-consistency", test_outcome_consistency);
  g_test_add_func ("/server/cases/bad-fields", test_bad_fields);
  g_test_add_func ("/server/cases/conflicts", test_conflicts);
  g_test_add_func ("/server/cases/detail-masking", test_detail_masking);
  g_test_add_func ("/server/cases/list-masking", test_list_masking);
  g_test_add_func ("/server/cases/list-filters-and-pages", test_list_filters_and_pages);
  g_test_add_func ("/server/cases/list-scopes", test_list_scopes);
  g_test_add_func ("/server/cases/materials-update", test_materials_update);
  g_test_add_func ("/server/cases/completion", test_completion);
  g_test_add_func ("/server/cases/completion-of-incomplete", test_completion_of_incomplete);
  g_test_add_func ("/server/cases/evaluation", test_evaluation);
  g_test_add_func ("/server/inquiries/create", test_inquiries);
  ret = yc_test_run ();
  teardown ();
  return ret;
}
