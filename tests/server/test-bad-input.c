/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bad-input.c: malformed JSON, wrong types, invalid UTF-8, deep nesting, huge bodies,
 * wrong media types, unknown routes and wrong methods: each the right 4xx as problem+json with a
 * readable detail (Chinese for zh), and the server keeps answering. SQL metacharacters and
 * Chinese text in every string field are stored and returned intact. */
#define G_LOG_DOMAIN "test-bad-input"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *wang, *zhang;
  YcItem       *item;
} b;

static gboolean
setup (void)
{
  if (b.srv != NULL)
    return b.item != NULL;
  b.srv = yc_test_server_default ();
  if (b.srv == NULL)
    return FALSE;
  b.li = yc_sign_in (b.srv, "clerk.li", "ws-bad-li");
  b.wang = yc_sign_in (b.srv, "clerk.wang", "ws-bad-wang");
  b.zhang = yc_sign_in (b.srv, "chief.zhang", "ws-bad-zhang");
  if (!b.li || !b.wang || !b.zhang)
    return FALSE;
  b.item = yc_find_item (b.srv, b.li->token, b.li->department_id, FALSE, -1);
  return b.item != NULL;
}

static void
assert_alive (const char *after)
{
  g_autoptr(YcResponse) r = yc_get (b.srv, b.li->token, "/centre");

  if (r->status != 200)
    yc_fail ("the server stopped answering after %s (%u)", after, r->status);
}

/* Send @body (@len bytes, -1: strlen) to POST @path in English and in Chinese; expect
 * @status with one of @codes and a detail in the asked language. */
static void
expect_refusal (const char        *what,
                const char        *method,
                const char        *path,
                const char        *body,
                gssize             len,
                guint              status,
                const char *const *codes)
{
  const char *langs[] = { "en", "zh-CN,zh;q=0.9" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      YcRequestOptions o = { .token = b.li->token, .accept_language = langs[i] };
      g_autoptr(YcResponse) r = yc_request_full (b.srv, method, path, body, len, &o);
      guint st[] = { status, 0 };

      if (!yc_check_problem_any (__FILE__, __LINE__, r, st, codes))
        {
          g_test_message ("... while testing %s", what);
          continue;
        }
      if (i == 1 && !yc_has_cjk (yc_resp_str (r, "detail")))
        yc_fail ("%s: detail not Chinese with Accept-Language zh-CN: %s", what, yc_resp_str (r, "detail"));
      if (i == 0 && yc_has_cjk (yc_resp_str (r, "detail")))
        yc_fail ("%s: detail Chinese with Accept-Language en: %s", what, yc_resp_str (r, "detail"));
    }
  assert_alive (what);
}

static const char *const invalid_json[] = { "invalid_json", NULL };
static const char *const wrong_type[] = { "wrong_type", NULL };
static const char *const too_deep[] = { "too_deep", NULL };
static const char *const invalid_utf8[] = { "invalid_utf8", NULL };

static void
test_malformed_json (void)
{
  const char *bodies[] = {
    "{\"id\":",
    "{'id':'x'}",
    "{\"id\":\"x\",}",
    "{\"question\":\"a\"} trailing",
    "not json at all",
    "{\"question\":\"unterminated}",
    "{\"rating\":01}",
    "{\"a\":NaN}",
    /* What json-glib cannot hold: a lone surrogate, U+0000 (seen by fuzz-letter-template). */
    "{\"question\":\"\\ud83dx\"}",
    "{\"question\":\"\\ude00\"}",
    "{\"question\":\"\\ud83d\\u0041\"}",
    "{\"question\":\"a\\u0000b\"}",
  };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (bodies); i++)
    expect_refusal (bodies[i], "POST", "/inquiries", bodies[i], -1, 400, invalid_json);
  /* An empty body where one is required. */
  {
    static const char *const codes[] = { "invalid_json", "bad_request", "missing_field", NULL };

    expect_refusal ("empty body", "POST", "/inquiries", "", 0, 400, codes);
  }
}

static void
test_wrong_types (void)
{
  g_autofree char *case_id = NULL;
  g_autoptr(YcResponse) created = NULL;
  g_autofree char *eval = NULL;
  g_autofree char *cases_mats = NULL;
  g_autofree char *cases_app = NULL;
  g_autofree char *number = yc_new_number ("案");
  static const char *const top_codes[] = { "wrong_type", "bad_request", "invalid_json", NULL };

  if (!setup ())
    return;
  created = yc_create_case (b.srv, b.li, b.item, "accepted", NULL, &case_id);
  eval = g_strdup_printf ("/cases/%s/evaluation", case_id);
  expect_refusal ("question: number", "POST", "/inquiries",
                  "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a01\",\"question\":42,\"outcome\":\"answered\"}",
                  -1, 400, wrong_type);
  expect_refusal ("outcome: array", "POST", "/inquiries",
                  "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a02\",\"question\":\"q\",\"outcome\":[\"answered\"]}",
                  -1, 400, wrong_type);
  expect_refusal ("id: number", "POST", "/inquiries",
                  "{\"id\":12345,\"question\":\"q\",\"outcome\":\"answered\"}", -1, 400, wrong_type);
  expect_refusal ("rating: float", "POST", eval, "{\"rating\":4.5}", -1, 400, wrong_type);
  expect_refusal ("rating: bool", "POST", eval, "{\"rating\":true}", -1, 400, wrong_type);
  expect_refusal ("case_ids: string", "POST", "/handoffs",
                  "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a03\",\"kind\":\"ab_cover\",\"to_staff_id\":\"s-wang\","
                  "\"case_ids\":\"all\",\"reason\":\"r\"}", -1, 400, wrong_type);
  cases_mats = g_strdup_printf ("{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a04\",\"number\":\"%s\","
                                "\"service_item\":\"%s\",\"applicant\":{\"kind\":\"person\",\"name\":\"x\","
                                "\"id_number\":\"11010519491231002X\"},\"materials\":\"all of them\","
                                "\"outcome\":\"accepted\",\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                                number, b.item->code);
  expect_refusal ("materials: string", "POST", "/cases", cases_mats, -1, 400, wrong_type);
  cases_app = g_strdup_printf ("{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a05\",\"number\":\"%s\","
                               "\"service_item\":\"%s\",\"applicant\":[\"x\"],\"materials\":[],"
                               "\"outcome\":\"accepted\",\"received_at\":\"2026-03-10T10:00:00+08:00\"}",
                               number, b.item->code);
  expect_refusal ("applicant: array", "POST", "/cases", cases_app, -1, 400, wrong_type);
  expect_refusal ("decision: number", "POST", "/handoffs/00000000-0000-4000-8000-000000000001/decision",
                  "{\"decision\":1}", -1, 400, wrong_type);
  expect_refusal ("top level array", "POST", "/inquiries", "[]", -1, 400, top_codes);
  expect_refusal ("top level number", "POST", "/inquiries", "42", -1, 400, top_codes);
  expect_refusal ("top level string", "POST", "/inquiries", "\"hello\"", -1, 400, top_codes);
  expect_refusal ("top level null", "POST", "/inquiries", "null", -1, 400, top_codes);
}

static void
test_invalid_utf8 (void)
{
  const char *const bodies[] = {
    "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a10\",\"question\":\"\xff\xfe\",\"outcome\":\"answered\"}",
    "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a11\",\"question\":\"\xc0\xaf\",\"outcome\":\"answered\"}",
    "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a12\",\"question\":\"\xed\xa0\x80\",\"outcome\":\"answered\"}",
    "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a13\",\"question\":\"\xe4\xb8\",\"outcome\":\"answered\"}",
    "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a14\",\"qu\x80stion\":\"x\",\"outcome\":\"answered\"}",
  };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *what = g_strdup_printf ("invalid UTF-8 #%u", i);

      expect_refusal (what, "POST", "/inquiries", bodies[i], -1, 400, invalid_utf8);
    }
  /* In a sign-in too. */
  {
    YcRequestOptions o = { .no_idempotency_key = TRUE };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/sessions",
                                               "{\"username\":\"clerk.li\xff\",\"password\":\"x\",\"workstation\":\"w\"}",
                                               -1, &o);

    yc_assert_problem (r, 400, "invalid_utf8");
  }
}

static char *
nested (guint depth)
{
  GString *s = g_string_new ("{\"id\":\"");
  g_autofree char *id = yc_uuid ();
  guint i;

  g_string_append (s, id);
  g_string_append (s, "\",\"question\":\"深层嵌套\",\"outcome\":\"answered\",\"extra\":");
  /* The top-level object is level 1. */
  for (i = 1; i < depth; i++)
    {
      if (i % 2)
        g_string_append_c (s, '[');
      else
        g_string_append (s, "{\"k\":");
    }
  g_string_append (s, "1");
  for (i = depth - 1; i >= 1; i--)
    g_string_append_c (s, i % 2 ? ']' : '}');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
test_deep_nesting (void)
{
  g_autofree char *forty = nested (40);
  g_autofree char *ten = nested (10);
  g_autoptr(GString) huge = g_string_new (NULL);
  guint i;

  if (!setup ())
    return;
  expect_refusal ("40-deep JSON", "POST", "/inquiries", forty, -1, 400, too_deep);
  /* 10 levels are fine (the extra member is ignored). */
  {
    g_autoptr(YcResponse) r = yc_post (b.srv, b.li->token, "/inquiries", ten);

    yc_assert_status (r, 201);
  }
  /* 200 000 open brackets (400 kB): refused without exhausting the stack. */
  for (i = 0; i < 200000; i++)
    g_string_append_c (huge, '[');
  {
    static const char *const codes[] = { "too_deep", "invalid_json", NULL };

    expect_refusal ("200000 open brackets", "POST", "/inquiries", huge->str, huge->len, 400, codes);
  }
  g_string_truncate (huge, 0);
  for (i = 0; i < 100000; i++)
    g_string_append (huge, "{\"a\":");
  {
    static const char *const codes[] = { "too_deep", "invalid_json", NULL };

    expect_refusal ("100000 nested objects", "POST", "/inquiries", huge->str, huge->len, 400, codes);
  }
}

static void
test_huge_bodies (void)
{
  gsize big = 10 * 1024 * 1024;
  g_autofree char *body = g_malloc (big + 64);
  gsize i;

  if (!setup ())
    return;
  /* A JSON string of 10 MiB. */
  memcpy (body, "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a20\",\"question\":\"", 56);
  for (i = 56; i < big - 32; i++)
    body[i] = 'a' + (i % 26);
  g_snprintf (body + i, 64, "\",\"outcome\":\"answered\"}");
  {
    YcRequestOptions o = { .token = b.li->token, .expect_continue = TRUE, .accept_language = "zh-CN" };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);

    yc_assert_problem (r, 413, "payload_too_large");
    if (!yc_has_cjk (yc_resp_str (r, "detail")))
      yc_fail ("413 detail is not Chinese");
    assert_alive ("10 MiB with Expect: 100-continue");
  }
  /* Without Expect the server may answer 413 and close while the body is still coming: a
   * reset connection is acceptable then, as long as it keeps serving. */
  {
    YcRequestOptions o = { .token = b.li->token };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);

    if (r->status == 0)
      g_test_message ("10 MiB without Expect: connection closed before the answer (curl %d)",
                      r->transport_error);
    else
      yc_assert_problem (r, 413, "payload_too_large");
    assert_alive ("10 MiB without Expect");
  }
  {
    YcRequestOptions o = { .token = b.li->token, .chunked = TRUE };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);

    if (r->status == 0)
      g_test_message ("10 MiB chunked: connection closed before the answer (curl %d)",
                      r->transport_error);
    else
      yc_assert_problem (r, 413, "payload_too_large");
    assert_alive ("10 MiB chunked");
  }
  /* Just over 1 MiB. */
  {
    gsize just = 1024 * 1024 + 100;
    YcRequestOptions o = { .token = b.li->token };
    g_autoptr(YcResponse) r = NULL;

    g_snprintf (body + just - 32, 64, "\",\"outcome\":\"answered\"}");
    r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);
    yc_assert_problem (r, 413, "payload_too_large");
    assert_alive ("1 MiB + 100 bytes");
  }
  /* A big Authorization header is refused, not fatal. */
  {
    g_autofree char *junk = g_strnfill (8000, 'z');
    g_autoptr(YcResponse) r = yc_get (b.srv, junk, "/centre");

    if (r->status != 401 && r->status != 400 && r->status != 431)
      yc_fail ("8 kB bearer token: %u", r->status);
    assert_alive ("an 8 kB token");
  }
}

static void
test_media_type (void)
{
  const char *body = "{\"id\":\"3b0c7a52-7d1e-4a8e-9e55-0c1c7c0f2a30\",\"question\":\"q\",\"outcome\":\"answered\"}";
  const char *types[] = { "text/plain", "application/x-www-form-urlencoded", "application/xml" };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (types); i++)
    {
      YcRequestOptions o = { .token = b.li->token, .content_type = types[i] };
      g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);

      yc_assert_problem (r, 415, "unsupported_media_type");
    }
  /* application/json without a charset, and with odd casing, is JSON. */
  {
    YcRequestOptions o = { .token = b.li->token, .content_type = "Application/JSON" };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/inquiries", body, -1, &o);

    yc_assert_status (r, 201);
  }
  assert_alive ("media types");
}

static void
test_unknown_routes (void)
{
  const char *paths[] = {
    "/nope", "/cases/00000000-0000-4000-8000-000000000001/nope", "/centre/extra",
    "!/api/v2/centre", "!/api/v1", "!/nope", "!/", "!/api/v1/%2e%2e/%2e%2e/etc/passwd",
    "/service-items/SCJG-001/materials/1", "/calendar/2026/01",
  };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      /* Not recorded: these paths are not in the OpenAPI description, on purpose. */
      YcRequestOptions o = { .token = b.li->token, .accept_language = "zh-CN", .no_record = TRUE };
      g_autoptr(YcResponse) r = yc_request_full (b.srv, "GET", paths[i], NULL, -1, &o);

      if (yc_assert_problem (r, 404, "not_found") && !yc_has_cjk (yc_resp_str (r, "detail")))
        yc_fail ("404 detail is not Chinese for %s", paths[i]);
    }
  assert_alive ("unknown routes");
}

typedef struct {
  const char *method;
  const char *path;
  const char *allow;   /* comma-separated methods the Allow header must name */
} WrongMethod;

static void
test_wrong_methods (void)
{
  const WrongMethod cases[] = {
    { "PUT", "/cases", "GET,POST" },
    { "DELETE", "/cases", "GET,POST" },
    { "DELETE", "/centre", "GET" },
    { "POST", "/centre", "GET" },
    { "GET", "/sessions", "POST" },
    { "GET", "/sessions/current", "DELETE" },
    { "PATCH", "/cases/00000000-0000-4000-8000-000000000001", "GET" },
    { "GET", "/cases/00000000-0000-4000-8000-000000000001/materials", "POST" },
    { "PUT", "/handoffs/00000000-0000-4000-8000-000000000001/decision", "POST" },
    { "DELETE", "/events", "GET" },
    { "POST", "/service-items", "GET" },
    { "PUT", "/calendar/2026", "GET" },
  };
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      YcRequestOptions o = { .token = b.li->token, .accept_language = "zh-CN" };
      gboolean with_body = g_str_equal (cases[i].method, "POST") || g_str_equal (cases[i].method, "PUT") ||
                           g_str_equal (cases[i].method, "PATCH");
      g_autoptr(YcResponse) r = yc_request_full (b.srv, cases[i].method, cases[i].path,
                                                 with_body ? "{}" : NULL, -1, &o);
      const char *allow = yc_response_header (r, "Allow");
      g_auto(GStrv) want = g_strsplit (cases[i].allow, ",", -1);
      guint k;

      if (!yc_assert_problem (r, 405, "method_not_allowed"))
        continue;
      if (!yc_has_cjk (yc_resp_str (r, "detail")))
        yc_fail ("405 detail is not Chinese");
      if (allow == NULL)
        {
          yc_fail ("%s %s: 405 without an Allow header", cases[i].method, cases[i].path);
          continue;
        }
      for (k = 0; want[k] != NULL; k++)
        if (strstr (allow, want[k]) == NULL)
          yc_fail ("%s %s: Allow \"%s\" does not name %s", cases[i].method, cases[i].path, allow, want[k]);
      if (strstr (allow, cases[i].method) != NULL && !g_str_equal (cases[i].method, "POST"))
        yc_fail ("%s %s: Allow \"%s\" names the refused method", cases[i].method, cases[i].path, allow);
    }
  assert_alive ("wrong methods");
}

/* ------------------------------------------------------------------ hostile strings */

static const char *const nasty[] = {
  "'; DROP TABLE cases; --",
  "\" OR \"1\"=\"1",
  "李四' OR '1'='1 /* 注释 */ --",
  "100%_通过\\反斜杠\\\\",
  "Robert'); DELETE FROM staff WHERE ('1'='1",
  "😀 表情 𠀀 生僻字 ㊣ 〔2026〕",
  "全角：，。！？【】《》「」 引号\"结束",
};

static void
check_echo (YcResponse *r,
            const char *path,
            const char *expected,
            const char *what)
{
  const char *got = yc_json_str (r->json, path);

  if (g_strcmp0 (got, expected) != 0)
    yc_fail ("%s: \"%s\" came back as \"%s\"", what, expected, got ? got : "(absent)");
}

static void
test_hostile_strings (gconstpointer data)
{
  const char *s = data;
  g_autofree char *q = yc_json_quote (s);
  g_autofree char *case_id = yc_uuid ();
  g_autofree char *inq_id = yc_uuid ();
  g_autofree char *letter_id = yc_uuid ();
  g_autofree char *hid = yc_uuid ();
  g_autofree char *number = NULL;
  g_autofree char *qnumber = NULL;
  g_autofree char *credit = yc_new_credit_code ();
  g_autofree char *mat = NULL;
  const char *m0;

  if (!setup ())
    return;
  m0 = g_ptr_array_index (b.item->mandatory, 0);
  mat = yc_json_quote (m0);
  number = g_strdup_printf ("%s-%u", s, g_random_int ());
  qnumber = yc_json_quote (number);

  /* Sign-in: the workstation name is given back; a hostile username is just wrong. */
  {
    g_autofree char *body = g_strdup_printf ("{\"username\":\"clerk.wang\",\"password\":\"%s\","
                                             "\"workstation\":%s}", YC_DEMO_PASSWORD, q);
    g_autofree char *body2 = g_strdup_printf ("{\"username\":%s,\"password\":%s,\"workstation\":\"w\"}", q, q);
    YcRequestOptions o = { .no_idempotency_key = TRUE };
    g_autoptr(YcResponse) r = yc_request_full (b.srv, "POST", "/sessions", body, -1, &o);
    g_autoptr(YcResponse) r2 = yc_request_full (b.srv, "POST", "/sessions", body2, -1, &o);

    if (yc_assert_status (r, 201))
      check_echo (r, "workstation.name", s, "workstation");
    yc_assert_problem (r2, 401, "invalid_credentials");
  }

  /* An inquiry. */
  {
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":%s,\"question\":%s,"
                                             "\"outcome\":\"answered\"}", inq_id, q, q);
    g_autoptr(YcResponse) r = yc_post (b.srv, b.li->token, "/inquiries", body);

    if (yc_assert_status (r, 201))
      {
        check_echo (r, "visitor_name", s, "visitor_name");
        check_echo (r, "question", s, "question");
      }
  }

  /* A case: organisation with every string field hostile, an agent, an override reason. */
  {
    g_autofree char *body = g_strdup_printf (
      "{\"id\":\"%s\",\"number\":%s,\"service_item\":\"%s\","
      "\"applicant\":{\"kind\":\"organisation\",\"name\":%s,\"credit_code\":\"%s\","
      "\"legal_representative\":%s,\"phone\":\"13800138000\"},"
      "\"agent\":{\"name\":%s,\"id_type\":\"other\",\"id_number\":%s,\"phone\":\"13900139000\"},"
      "\"materials\":[{\"material_id\":%s,\"state\":\"missing\",\"note\":%s}],"
      "\"outcome\":\"incomplete\",\"refusal_reason\":null,\"received_at\":\"2026-03-10T10:00:00+08:00\","
      "\"id_override_reason\":%s}",
      case_id, qnumber, b.item->code, q, credit, q, q, q, mat, q, q);
    g_autoptr(YcResponse) r = yc_post (b.srv, b.li->token, "/cases", body);
    g_autofree char *path = g_strdup_printf ("/cases/%s", case_id);
    g_autoptr(YcResponse) got = NULL;

    if (yc_assert_status (r, 201))
      {
        check_echo (r, "number", number, "case number");
        check_echo (r, "applicant.name", s, "applicant.name");
        check_echo (r, "applicant.legal_representative", s, "legal_representative");
        check_echo (r, "agent.name", s, "agent.name");
        check_echo (r, "agent.id_number", s, "agent.id_number (other document)");
        check_echo (r, "materials.0.note", s, "material note");
        check_echo (r, "id_override_reason", s, "id_override_reason");
      }
    got = yc_get (b.srv, b.li->token, path);
    if (yc_assert_status (got, 200))
      {
        check_echo (got, "number", number, "case number (GET)");
        check_echo (got, "applicant.name", s, "applicant.name (GET)");
        check_echo (got, "materials.0.note", s, "material note (GET)");
      }
    /* Searching for it finds exactly it. */
    {
      g_autofree char *esc = g_uri_escape_string (number, NULL, FALSE);
      g_autofree char *qpath = g_strdup_printf ("/cases?q=%s", esc);
      g_autoptr(YcResponse) found = yc_get (b.srv, b.li->token, qpath);

      if (yc_assert_status (found, 200))
        {
          g_assert_cmpuint (yc_resp_len (found, "cases"), ==, 1);
          g_assert_cmpstr (yc_resp_str (found, "cases.0.id"), ==, case_id);
        }
    }
  }

  /* A one-time notice and a refusal with hostile text. */
  {
    g_autofree char *sha = yc_new_sha256 ();
    g_autofree char *lnumber = g_strdup_printf ("%s-告-%u", s, g_random_int ());
    g_autofree char *qln = yc_json_quote (lnumber);
    g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"one_time_notice\","
                                             "\"number\":%s,\"items\":[{\"material_id\":%s,\"note\":%s}],"
                                             "\"issued_at\":\"2026-03-10T10:20:00+08:00\",\"pdf_sha256\":\"%s\"}",
                                             letter_id, case_id, qln, mat, q, sha);
    g_autoptr(YcResponse) r = yc_post (b.srv, b.li->token, "/letters", body);

    if (yc_assert_status (r, 201))
      {
        check_echo (r, "number", lnumber, "letter number");
        check_echo (r, "items.0.note", s, "letter item note");
      }
  }
  {
    g_autofree char *rid = yc_uuid ();
    g_autofree char *body = yc_case_json (rid, b.item, "refused", NULL, NULL, NULL, NULL);
    g_autofree char *extra = NULL;
    g_autoptr(YcResponse) r = NULL;

    /* yc_case_json has no refusal fields: splice them in before the last brace. */
    body[strlen (body) - 1] = '\0';
    extra = g_strdup_printf ("%s,\"refusal_reason\":%s,\"refusal_basis\":%s}", body, q, q);
    r = yc_post (b.srv, b.li->token, "/cases", extra);
    if (yc_assert_status (r, 201))
      {
        check_echo (r, "refusal_reason", s, "refusal_reason");
        check_echo (r, "refusal_basis", s, "refusal_basis");
      }
  }

  /* Completion result and evaluation comment. */
  {
    g_autofree char *cid = NULL;
    g_autoptr(YcResponse) created = yc_create_case (b.srv, b.li, b.item, "accepted", NULL, &cid);
    g_autofree char *cpath = g_strdup_printf ("/cases/%s/completion", cid);
    g_autofree char *epath = g_strdup_printf ("/cases/%s/evaluation", cid);
    g_autofree char *cbody = g_strdup_printf ("{\"result\":%s,\"completed_at\":\"2026-03-12T10:00:00+08:00\"}", q);
    g_autofree char *ebody = g_strdup_printf ("{\"rating\":3,\"comment\":%s}", q);
    g_autoptr(YcResponse) done = yc_post (b.srv, b.li->token, cpath, cbody);
    g_autoptr(YcResponse) eval = yc_post (b.srv, b.li->token, epath, ebody);

    if (yc_assert_status (done, 200))
      check_echo (done, "result", s, "result");
    if (yc_assert_status (eval, 201))
      check_echo (eval, "comment", s, "evaluation comment");

    /* A handoff reason and a decision comment. */
    {
      g_autofree char *hbody = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"ab_cover\",\"to_staff_id\":\"%s\","
                                                "\"case_ids\":[\"%s\"],\"reason\":%s}",
                                                hid, b.wang->staff_id, cid, q);
      g_autofree char *dpath = g_strdup_printf ("/handoffs/%s/decision", hid);
      g_autofree char *dbody = g_strdup_printf ("{\"decision\":\"reject\",\"comment\":%s}", q);
      g_autoptr(YcResponse) req = yc_post (b.srv, b.li->token, "/handoffs", hbody);
      g_autoptr(YcResponse) dec = NULL;

      if (yc_assert_status (req, 201))
        check_echo (req, "reason", s, "handoff reason");
      dec = yc_post (b.srv, b.zhang->token, dpath, dbody);
      if (yc_assert_status (dec, 200))
        check_echo (dec, "decision_comment", s, "decision comment");
    }
  }

  /* Hostile search strings are only strings. */
  {
    g_autofree char *esc = g_uri_escape_string (s, NULL, FALSE);
    g_autofree char *p1 = g_strdup_printf ("/service-items?q=%s", esc);
    g_autofree char *p2 = g_strdup_printf ("/cases?holder=me&q=%s", esc);
    g_autoptr(YcResponse) r1 = yc_get (b.srv, b.li->token, p1);
    g_autoptr(YcResponse) r2 = yc_get (b.srv, b.li->token, p2);

    if (yc_assert_status (r1, 200))
      g_assert_cmpuint (yc_resp_len (r1, "service_items"), ==, 0);
    yc_assert_status (r2, 200);
  }
  assert_alive ("hostile strings");
}

static void
test_like_wildcards (void)
{
  g_autoptr(YcResponse) pct = NULL;
  g_autoptr(YcResponse) under = NULL;

  if (!setup ())
    return;
  /* "%" and "_" are characters to look for, not wildcards. */
  pct = yc_get (b.srv, b.li->token, "/service-items?q=%25");
  under = yc_get (b.srv, b.li->token, "/service-items?q=_");
  if (yc_assert_status (pct, 200))
    g_assert_cmpuint (yc_resp_len (pct, "service_items"), ==, 0);
  if (yc_assert_status (under, 200))
    g_assert_cmpuint (yc_resp_len (under, "service_items"), ==, 0);
}

int
main (int argc, char **argv)
{
  int ret;
  guint i;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/bad-input/malformed-json", test_malformed_json);
  g_test_add_func ("/server/bad-input/wrong-types", test_wrong_types);
  g_test_add_func ("/server/bad-input/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/server/bad-input/deep-nesting", test_deep_nesting);
  g_test_add_func ("/server/bad-input/huge-bodies", test_huge_bodies);
  g_test_add_func ("/server/bad-input/media-type", test_media_type);
  g_test_add_func ("/server/bad-input/unknown-routes", test_unknown_routes);
  g_test_add_func ("/server/bad-input/wrong-methods", test_wrong_methods);
  for (i = 0; i < G_N_ELEMENTS (nasty); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/bad-input/hostile-strings/%u", i);

      g_test_add_data_func (path, nasty[i], test_hostile_strings);
    }
  g_test_add_func ("/server/bad-input/like-wildcards", test_like_wildcards);
  ret = yc_test_run ();
  g_clear_pointer (&b.item, yc_item_free);
  g_clear_pointer (&b.li, yc_test_session_free);
  g_clear_pointer (&b.wang, yc_test_session_free);
  g_clear_pointer (&b.zhang, yc_test_session_free);
  return ret;
}
