/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-batch.c: POST /batch against the real server. Each change of a batch is what it would
 * be alone (its own key, its own answer, its events), in order, committed before the answer;
 * a malformed batch changes nothing. */
#define G_LOG_DOMAIN "test-batch"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

static struct {
  YcTestServer  *srv;
  YcTestSession *li, *zhao;
  YcItem        *item;
} t;

static gboolean
setup (void)
{
  if (t.srv != NULL)
    return t.item != NULL;
  t.srv = yc_test_server_default ();
  if (t.srv == NULL)
    return FALSE;
  t.li = yc_sign_in (t.srv, "clerk.li", "ws-batch-li");
  t.zhao = yc_sign_in (t.srv, "super.zhao", "ws-batch-zhao");
  if (!t.li || !t.zhao)
    return FALSE;
  t.item = yc_find_item (t.srv, t.li->token, t.li->department_id, FALSE, -1);
  return t.item != NULL;
}

/* ------------------------------------------------------------------ building batches */

/* One request of a batch; @body is the change's JSON text (NULL: none). */
static char *
item_json (const char *path,
           const char *key,
           const char *body,
           gboolean    offline)
{
  g_autofree char *qp = yc_json_quote (path);
  g_autofree char *qk = yc_json_quote (key);
  g_autofree char *qb = yc_json_quote (body);

  return g_strdup_printf ("{\"method\":\"POST\",\"path\":%s,\"idempotency_key\":%s,"
                          "\"body\":%s%s}", qp, qk, qb, offline ? ",\"offline\":true" : "");
}

static char *
batch_json (GPtrArray *items)
{
  GString *out = g_string_new ("{\"requests\":[");

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", (char *) g_ptr_array_index (items, i));
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static GPtrArray *
items_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static void
add_item (GPtrArray  *items,
          const char *path,
          const char *key,
          const char *body)
{
  g_ptr_array_add (items, item_json (path, key, body, FALSE));
}

static YcResponse *
send_text (YcTestSession *who,
           const char    *text,
           const char    *lang)
{
  YcRequestOptions o = { .token = who->token, .accept_language = lang };

  return yc_request_full (t.srv, "POST", "/batch", text, -1, &o);
}

static YcResponse *
send_batch (YcTestSession *who,
            GPtrArray     *items,
            const char    *lang)
{
  g_autofree char *text = batch_json (items);

  return send_text (who, text, lang);
}

static char *
inquiry_json (const char *id)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"question\":\"批量测试\",\"outcome\":\"answered\"}", id);
}

/* ------------------------------------------------------------------ reading answers */

static JsonNode *
part (YcResponse *r,
      guint       i)
{
  g_autofree char *p = g_strdup_printf ("responses.%u", i);

  return yc_resp_at (r, p);
}

static gint64
part_status (YcResponse *r,
             guint       i)
{
  return yc_json_int (part (r, i), "status");
}

/* 1 true, 0 false, -1 absent or not a boolean. */
static int
part_replayed (YcResponse *r,
               guint       i)
{
  JsonNode *n = yc_json_at (part (r, i), "replayed");

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (n) ? 1 : 0;
}

static JsonNode *
part_body (YcResponse *r,
           guint       i)
{
  return yc_json_at (part (r, i), "body");
}

static char *
part_body_text (YcResponse *r,
                guint       i)
{
  return yc_json_to_string (part_body (r, i));
}

/* The batch was answered 200 with @n responses. */
static gboolean
check_batch (const char *file,
             int         line,
             YcResponse *r,
             guint       n)
{
  if (!yc_check_status (file, line, r, 200))
    return FALSE;
  if (yc_resp_len (r, "responses") != n)
    {
      yc_test_failf (file, line, "batch of %u answered with %u responses: %.400s", n,
                     yc_resp_len (r, "responses"), yc_response_text (r));
      return FALSE;
    }
  if (yc_response_header (r, "Idempotent-Replayed") != NULL)
    yc_test_failf (file, line, "a batch's answer says Idempotent-Replayed");
  return TRUE;
}
#define assert_batch(r, n) check_batch (__FILE__, __LINE__, (r), (n))

/* Item @i has @status, @replayed (-1: either) and, when @code is set, is that problem. */
static gboolean
check_part (const char *file,
            int         line,
            YcResponse *r,
            guint       i,
            guint       status,
            int         replayed,
            const char *code)
{
  g_autofree char *body = part_body_text (r, i);
  JsonNode *b = part_body (r, i);

  if (part (r, i) == NULL)
    {
      yc_test_failf (file, line, "no item %u in %.300s", i, yc_response_text (r));
      return FALSE;
    }
  if (part_status (r, i) != status)
    {
      yc_test_failf (file, line, "item %u: status %" G_GINT64_FORMAT ", expected %u: %.400s", i,
                     part_status (r, i), status, body);
      return FALSE;
    }
  if (part_replayed (r, i) < 0 || (replayed >= 0 && part_replayed (r, i) != replayed))
    {
      yc_test_failf (file, line, "item %u: replayed %d, expected %d", i, part_replayed (r, i),
                     replayed);
      return FALSE;
    }
  if (code != NULL)
    {
      if (g_strcmp0 (yc_json_str (b, "code"), code) != 0 ||
          yc_json_int (b, "status") != status ||
          !g_str_has_prefix (yc_json_str (b, "type") ?: "", "urn:yichuang:problem:") ||
          yc_json_str (b, "detail") == NULL)
        {
          yc_test_failf (file, line, "item %u: expected problem %s: %.400s", i, code, body);
          return FALSE;
        }
    }
  else if (status < 300 && (b == NULL || !JSON_NODE_HOLDS_OBJECT (b)))
    {
      yc_test_failf (file, line, "item %u: %u without a record: %.300s", i, status, body);
      return FALSE;
    }
  return TRUE;
}
#define assert_part(r, i, s, rp, c) check_part (__FILE__, __LINE__, (r), (i), (s), (rp), (c))

/* ------------------------------------------------------------------ the database */

/* count(*) of @sql with @arg bound to ?1, read through a connection of our own (so only
 * what the server committed is seen). -1 on error. */
static gint64
db_count (const char *sql,
          const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 n = -1;

  if (sqlite3_open_v2 (yc_test_server_get_db_path (t.srv), &db, SQLITE_OPEN_READONLY, NULL) !=
      SQLITE_OK)
    {
      yc_fail ("cannot open the server's database: %s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return -1;
    }
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    yc_fail ("%s: %s", sql, sqlite3_errmsg (db));
  else
    {
      if (arg != NULL)
        sqlite3_bind_text (st, 1, arg, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (st) == SQLITE_ROW)
        n = sqlite3_column_int64 (st, 0);
      else
        yc_fail ("%s: %s", sql, sqlite3_errmsg (db));
    }
  sqlite3_finalize (st);
  sqlite3_close (db);
  return n;
}

static gint64
cases_with_id (const char *id)
{
  return db_count ("SELECT count(*) FROM cases WHERE id = ?1", id);
}

static gint64
inquiries_with_id (const char *id)
{
  return db_count ("SELECT count(*) FROM inquiries WHERE id = ?1", id);
}

static gint64
events_of (const char *type,
           const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM events WHERE type = '%s' AND"
                                          " entity_id = ?1", type);

  return db_count (sql, id);
}

/* ------------------------------------------------------------------ tests */

typedef struct {
  char *ids[5];
  char *keys[5];
  char *bodies[5];
  char *text;        /* the batch */
} FiveChanges;

static void
five_changes_clear (FiveChanges *f)
{
  for (guint i = 0; i < 5; i++)
    {
      g_free (f->ids[i]);
      g_free (f->keys[i]);
      g_free (f->bodies[i]);
    }
  g_free (f->text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FiveChanges, five_changes_clear)

/* Three cases and two inquiries, each under a key of its own. */
static void
five_changes_init (FiveChanges *f)
{
  g_autoptr(GPtrArray) items = items_new ();

  for (guint i = 0; i < 5; i++)
    {
      f->ids[i] = yc_uuid ();
      f->keys[i] = yc_uuid ();
      f->bodies[i] = i < 3 ? yc_case_json (f->ids[i], t.item, "accepted", NULL, NULL, NULL, NULL)
                           : inquiry_json (f->ids[i]);
      add_item (items, i < 3 ? "/cases" : "/inquiries", f->keys[i], f->bodies[i]);
    }
  f->text = batch_json (items);
}

static void
test_new_and_replayed (void)
{
  g_auto(FiveChanges) f = { 0 };
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) again = NULL;

  if (!setup ())
    return;
  five_changes_init (&f);
  first = send_text (t.li, f.text, NULL);
  if (!assert_batch (first, 5))
    return;
  for (guint i = 0; i < 5; i++)
    {
      const gboolean is_case = i < 3;

      assert_part (first, i, 201, 0, NULL);
      /* In the order of the requests. */
      g_assert_cmpstr (yc_json_str (part_body (first, i), "id"), ==, f.ids[i]);
      /* Committed (seen by another connection) once, with its one event. */
      g_assert_cmpint (is_case ? cases_with_id (f.ids[i]) : inquiries_with_id (f.ids[i]), ==, 1);
      g_assert_cmpint (events_of (is_case ? "case.created" : "inquiry.created", f.ids[i]), ==, 1);
    }
  g_assert_cmpstr (yc_json_str (part_body (first, 0), "workstation"), ==,
                   t.li->workstation_code);

  /* The same batch again: every change is its stored answer. */
  again = send_text (t.li, f.text, NULL);
  if (!assert_batch (again, 5))
    return;
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *a = part_body_text (first, i);
      g_autofree char *b = part_body_text (again, i);

      assert_part (again, i, part_status (first, i), 1, NULL);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (i < 3 ? cases_with_id (f.ids[i]) : inquiries_with_id (f.ids[i]), ==, 1);
      g_assert_cmpint (events_of (i < 3 ? "case.created" : "inquiry.created", f.ids[i]), ==, 1);
    }
}


static void
test_batch_and_alone (void)
{
  g_autofree char *id1 = yc_uuid (), *key1 = yc_uuid ();
  g_autofree char *id2 = yc_uuid (), *key2 = yc_uuid ();
  g_autofree char *body1 = NULL, *body2 = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(GPtrArray) items2 = items_new ();
  g_autoptr(YcResponse) batch = NULL;
  g_autoptr(YcResponse) alone = NULL;
  g_autoptr(YcResponse) single = NULL;
  g_autoptr(YcResponse) batch2 = NULL;

  if (!setup ())
    return;
  /* In a batch first, then alone. */
  body1 = yc_case_json (id1, t.item, "accepted", NULL, NULL, NULL, NULL);
  add_item (items, "/cases", key1, body1);
  batch = send_batch (t.li, items, NULL);
  if (assert_batch (batch, 1) && assert_part (batch, 0, 201, 0, NULL))
    {
      g_autofree char *b = part_body_text (batch, 0);
      g_autofree char *a = NULL;

      alone = yc_post_key (t.srv, t.li->token, "/cases", key1, body1);
      yc_assert_status (alone, 201);
      if (!yc_response_replayed (alone))
        yc_fail ("a batch's change sent alone again was not replayed");
      a = yc_json_to_string (alone->json);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (cases_with_id (id1), ==, 1);
    }

  /* Alone first, then in a batch. */
  body2 = g_strdup_printf ("{\"id\":\"%s\",\"question\":\"先单发后批量\",\"outcome\":\"answered\"}",
                           id2);
  single = yc_post_key (t.srv, t.li->token, "/inquiries", key2, body2);
  if (yc_assert_status (single, 201))
    {
      g_autofree char *a = yc_json_to_string (single->json);
      g_autofree char *b = NULL;

      add_item (items2, "/inquiries", key2, body2);
      batch2 = send_batch (t.li, items2, NULL);
      if (assert_batch (batch2, 1) && assert_part (batch2, 0, 201, 1, NULL))
        {
          b = part_body_text (batch2, 0);
          g_assert_cmpstr (a, ==, b);
        }
      g_assert_cmpint (inquiries_with_id (id2), ==, 1);
      g_assert_cmpint (events_of ("inquiry.created", id2), ==, 1);
    }
}

static void
test_mismatch_and_twice (void)
{
  g_autofree char *key = yc_uuid (), *id = yc_uuid (), *other = yc_uuid ();
  g_autofree char *twice_key = yc_uuid (), *twice_id = yc_uuid ();
  g_autofree char *body = NULL, *other_body = NULL, *twice_body = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(YcResponse) first = NULL;
  g_autoptr(YcResponse) r = NULL;

  if (!setup ())
    return;
  body = inquiry_json (id);
  first = yc_post_key (t.srv, t.li->token, "/inquiries", key, body);
  if (!yc_assert_status (first, 201))
    return;
  /* Item 0: the key with another body. Items 1 and 2: one key twice (the second is the
   * first's answer, replayed after the commit). */
  other_body = inquiry_json (other);
  twice_body = yc_case_json (twice_id, t.item, "accepted", NULL, NULL, NULL, NULL);
  add_item (items, "/inquiries", key, other_body);
  add_item (items, "/cases", twice_key, twice_body);
  add_item (items, "/cases", twice_key, twice_body);
  r = send_batch (t.li, items, NULL);
  if (!assert_batch (r, 3))
    return;
  assert_part (r, 0, 422, 0, "idempotency_mismatch");
  g_assert_cmpint (inquiries_with_id (other), ==, 0);
  assert_part (r, 1, 201, 0, NULL);
  assert_part (r, 2, 201, 1, NULL);
  {
    g_autofree char *a = part_body_text (r, 1);
    g_autofree char *b = part_body_text (r, 2);

    g_assert_cmpstr (a, ==, b);
  }
  g_assert_cmpint (cases_with_id (twice_id), ==, 1);
  g_assert_cmpint (events_of ("case.created", twice_id), ==, 1);
}

static void
test_refusal_holds_nothing_back (void)
{
  g_autofree char *bad_id = yc_new_resident_id ();
  g_autofree char *bad_case = yc_uuid (), *good_case = yc_uuid (), *inq = yc_uuid ();
  g_autofree char *bad_key = yc_uuid (), *k1 = yc_uuid (), *k2 = yc_uuid ();
  g_autofree char *app = NULL, *b0 = NULL, *b1 = NULL, *b2 = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(YcResponse) alone = NULL;

  if (!setup ())
    return;
  /* A wrong check digit. */
  bad_id[17] = bad_id[17] == '3' ? '4' : '3';
  app = yc_person_json ("错号批量", bad_id);
  b0 = yc_case_json (bad_case, t.item, "accepted", NULL, app, NULL, NULL);
  b1 = yc_case_json (good_case, t.item, "accepted", NULL, NULL, NULL, NULL);
  b2 = inquiry_json (inq);
  add_item (items, "/cases", bad_key, b0);
  add_item (items, "/cases", k1, b1);
  add_item (items, "/inquiries", k2, b2);
  r = send_batch (t.li, items, NULL);
  if (!assert_batch (r, 3))
    return;
  assert_part (r, 0, 422, 0, "invalid_id_number");
  assert_part (r, 1, 201, 0, NULL);
  assert_part (r, 2, 201, 0, NULL);
  g_assert_cmpint (cases_with_id (bad_case), ==, 0);
  g_assert_cmpint (cases_with_id (good_case), ==, 1);
  g_assert_cmpint (inquiries_with_id (inq), ==, 1);
  /* The refusal is the stored answer of its key, as it would be alone. */
  alone = yc_post_key (t.srv, t.li->token, "/cases", bad_key, b0);
  yc_assert_problem (alone, 422, "invalid_id_number");
  if (!yc_response_replayed (alone))
    yc_fail ("the refused change of a batch, sent alone, was not its stored answer");
}

static void
test_not_batchable_and_unknown (void)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *inq = NULL, *inner = NULL, *case_path = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(GPtrArray) inner_items = items_new ();
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(GPtrArray) key_array = g_ptr_array_new_with_free_func (g_free);
  const char *keys[7];

  if (!setup ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_ptr_array_add (key_array, yc_uuid ());
      keys[i] = g_ptr_array_index (key_array, i);
    }
  inq = inquiry_json (id);
  add_item (inner_items, "/inquiries", keys[6], inq);
  inner = batch_json (inner_items);
  case_path = g_strdup_printf ("/cases/%s", id);
  add_item (items, "/sessions",
            keys[0], "{\"username\":\"clerk.li\",\"password\":\"" YC_DEMO_PASSWORD "\","
            "\"workstation\":\"ws-batch-li\"}");
  add_item (items, "/batch", keys[1], inner);
  add_item (items, "/no-such-thing", keys[2], "{}");
  add_item (items, "/events", keys[3], "{}");
  add_item (items, case_path, keys[4], "{}");
  add_item (items, "/inquiries", keys[5], inq);
  r = send_batch (t.li, items, NULL);
  if (!assert_batch (r, 6))
    return;
  assert_part (r, 0, 400, 0, "not_batchable");
  assert_part (r, 1, 400, 0, "not_batchable");
  assert_part (r, 2, 404, 0, "not_found");
  assert_part (r, 3, 405, 0, "method_not_allowed");
  assert_part (r, 4, 405, 0, "method_not_allowed");
  assert_part (r, 5, 201, 0, NULL);
  /* The batch inside was not run (its inquiry is the same record, made once by item 5), and
   * its key is free. */
  g_assert_cmpint (inquiries_with_id (id), ==, 1);
  {
    g_autofree char *other = yc_uuid ();
    g_autofree char *b = inquiry_json (other);
    g_autoptr(YcResponse) alone = yc_post_key (t.srv, t.li->token, "/inquiries", keys[6], b);

    yc_assert_status (alone, 201);
    g_assert_false (yc_response_replayed (alone));
  }
}

static void
test_size_limits (void)
{
  g_autoptr(YcResponse) empty = NULL;
  g_autoptr(YcResponse) over = NULL;
  g_autoptr(YcResponse) full = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 seen = 0;

  if (!setup ())
    return;
  empty = send_text (t.li, "{\"requests\":[]}", NULL);
  if (yc_assert_problem (empty, 400, "invalid_value"))
    g_assert_cmpstr (yc_resp_str (empty, "field"), ==, "requests");

  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *key = yc_uuid ();
      char *id = yc_uuid ();
      g_autofree char *body = inquiry_json (id);

      g_ptr_array_add (ids, id);
      add_item (items, "/inquiries", key, body);
    }
  over = send_batch (t.li, items, NULL);
  if (yc_assert_problem (over, 400, "invalid_value"))
    g_assert_cmpstr (yc_resp_str (over, "field"), ==, "requests");
  for (guint i = 0; i < ids->len; i++)
    seen += inquiries_with_id (g_ptr_array_index (ids, i));
  g_assert_cmpint (seen, ==, 0);

  /* 100 is allowed. */
  g_ptr_array_remove_index (items, 100);
  full = send_batch (t.li, items, NULL);
  if (assert_batch (full, 100))
    for (guint i = 0; i < 100; i++)
      {
        assert_part (full, i, 201, 0, NULL);
        g_assert_cmpstr (yc_json_str (part_body (full, i), "id"), ==,
                         (char *) g_ptr_array_index (ids, i));
      }
  g_assert_cmpint (inquiries_with_id (g_ptr_array_index (ids, 99)), ==, 1);
  g_assert_cmpint (inquiries_with_id (g_ptr_array_index (ids, 100)), ==, 0);
}

static void
test_malformed_items (void)
{
  static const struct {
    const char *item;     /* the second request; KEY is a fresh key */
    const char *code;
    const char *field;
  } cases[] = {
    { "{\"method\":\"GET\",\"path\":\"/cases\",\"idempotency_key\":\"KEY\"}",
      "invalid_value", "requests[1].method" },
    { "{\"path\":\"/cases\",\"idempotency_key\":\"KEY\"}", "missing_field", "requests[1].method" },
    { "{\"method\":\"POST\",\"idempotency_key\":\"KEY\"}", "missing_field", "requests[1].path" },
    { "{\"method\":\"POST\",\"path\":\"/inquiries\",\"body\":\"{}\",\"x\":\"KEY\"}",
      "missing_field", "requests[1].idempotency_key" },
    { "{\"method\":\"POST\",\"path\":\"/inquiries\",\"idempotency_key\":\"not-a-uuid-KEY\"}",
      "invalid_value", "requests[1].idempotency_key" },
    { "{\"method\":\"POST\",\"path\":\"/inquiries\",\"idempotency_key\":\"KEY\",\"body\":{}}",
      "wrong_type", "requests[1].body" },
    { "{\"method\":\"POST\",\"path\":\"/inquiries\",\"idempotency_key\":\"KEY\",\"body\":\"{}\","
      "\"offline\":\"yes\"}", "wrong_type", "requests[1].offline" },
    { "[\"KEY\"]", "wrong_type", "requests[1]" },
  };

  if (!setup ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *id = yc_uuid (), *key = yc_uuid (), *key2 = yc_uuid ();
      g_autofree char *body = inquiry_json (id);
      g_autofree char *good = item_json ("/inquiries", key, body, FALSE);
      g_auto(GStrv) split = g_strsplit (cases[c].item, "KEY", -1);
      g_autofree char *bad = g_strjoinv (key2, split);
      g_autofree char *text = g_strdup_printf ("{\"requests\":[%s,%s]}", good, bad);
      g_autoptr(YcResponse) r = send_text (t.li, text, NULL);
      g_autoptr(YcResponse) alone = NULL;

      if (yc_assert_problem (r, 400, cases[c].code) &&
          g_strcmp0 (yc_resp_str (r, "field"), cases[c].field) != 0)
        yc_fail ("malformed item %u: field %s, expected %s", c, yc_resp_str (r, "field"),
                 cases[c].field);
      /* Nothing ran: not the change before it, and its key is still free. */
      g_assert_cmpint (inquiries_with_id (id), ==, 0);
      alone = yc_post_key (t.srv, t.li->token, "/inquiries", key, body);
      yc_assert_status (alone, 201);
      g_assert_false (yc_response_replayed (alone));
    }

  {
    static const char *const shapes[][2] = {
      { "{}", "missing_field" },
      { "{\"requests\":{}}", "wrong_type" },
      { "{\"requests\":null}", "missing_field" },
      { "[]", "wrong_type" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
      {
        g_autoptr(YcResponse) r = send_text (t.li, shapes[i][0], NULL);

        yc_assert_problem (r, 400, shapes[i][1]);
      }
  }
}

static void
test_outer_errors (void)
{
  g_autofree char *id = yc_uuid (), *key = yc_uuid ();
  g_autofree char *body = NULL, *text = NULL;
  g_autoptr(GPtrArray) items = items_new ();

  if (!setup ())
    return;
  body = inquiry_json (id);
  add_item (items, "/inquiries", key, body);
  text = batch_json (items);
  {
    YcRequestOptions o = { .token = t.li->token, .no_idempotency_key = TRUE };
    g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", "/batch", text, -1, &o);

    yc_assert_problem (r, 400, "missing_idempotency_key");
  }
  {
    YcRequestOptions o = { .token = t.li->token, .idempotency_key = "batch-1" };
    g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", "/batch", text, -1, &o);

    if (yc_assert_problem (r, 400, "invalid_value"))
      g_assert_cmpstr (yc_resp_str (r, "field"), ==, "Idempotency-Key");
  }
  {
    YcRequestOptions o = { 0 };
    g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", "/batch", text, -1, &o);

    yc_assert_problem (r, 401, "unauthorized");
  }
  {
    YcRequestOptions o = { .token = t.li->token, .content_type = "text/plain" };
    g_autoptr(YcResponse) r = yc_request_full (t.srv, "POST", "/batch", text, -1, &o);

    yc_assert_problem (r, 415, "unsupported_media_type");
  }
  {
    /* Over 1 MiB in all, in one change's body. */
    GString *big = g_string_new ("{\"id\":\"");
    g_autofree char *big_text = NULL;
    g_autoptr(GPtrArray) big_items = items_new ();
    YcRequestOptions o = { .token = t.li->token, .expect_continue = TRUE };
    g_autoptr(YcResponse) r = NULL;

    g_string_append_printf (big, "%s\",\"outcome\":\"answered\",\"question\":\"", id);
    for (guint i = 0; i < 1100 * 1024 / 8; i++)
      g_string_append (big, "abcdefgh");
    g_string_append (big, "\"}");
    add_item (big_items, "/inquiries", key, big->str);
    g_string_free (big, TRUE);
    big_text = batch_json (big_items);
    r = yc_request_full (t.srv, "POST", "/batch", big_text, -1, &o);
    yc_assert_problem (r, 413, "payload_too_large");
  }
  g_assert_cmpint (inquiries_with_id (id), ==, 0);

  /* The batch's own key stands for nothing: the same one on another batch runs it. */
  {
    g_autofree char *outer = yc_uuid ();
    YcRequestOptions o = { .token = t.li->token, .idempotency_key = outer };
    g_autoptr(YcResponse) r1 = yc_request_full (t.srv, "POST", "/batch", text, -1, &o);
    g_autofree char *id2 = yc_uuid (), *key2 = yc_uuid ();
    g_autofree char *body2 = inquiry_json (id2);
    g_autoptr(GPtrArray) items2 = items_new ();
    g_autofree char *text2 = NULL;
    g_autoptr(YcResponse) r2 = NULL;

    if (assert_batch (r1, 1))
      assert_part (r1, 0, 201, 0, NULL);
    add_item (items2, "/inquiries", key2, body2);
    text2 = batch_json (items2);
    r2 = yc_request_full (t.srv, "POST", "/batch", text2, -1, &o);
    if (assert_batch (r2, 1))
      assert_part (r2, 0, 201, 0, NULL);
    g_assert_cmpint (inquiries_with_id (id), ==, 1);
    g_assert_cmpint (inquiries_with_id (id2), ==, 1);
  }
}

static void
test_forbidden_role (void)
{
  g_autofree char *case_id = yc_uuid (), *inq = yc_uuid ();
  g_autofree char *k1 = yc_uuid (), *k2 = yc_uuid ();
  g_autofree char *b1 = NULL, *b2 = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(YcResponse) r = NULL;

  if (!setup ())
    return;
  b1 = yc_case_json (case_id, t.item, "accepted", NULL, NULL, NULL, NULL);
  b2 = inquiry_json (inq);
  add_item (items, "/cases", k1, b1);
  add_item (items, "/inquiries", k2, b2);
  /* A supervisor may send a batch, but may not make any change of it (D15). */
  r = send_batch (t.zhao, items, NULL);
  if (!assert_batch (r, 2))
    return;
  assert_part (r, 0, 403, 0, "forbidden");
  assert_part (r, 1, 403, 0, "forbidden");
  g_assert_cmpint (cases_with_id (case_id), ==, 0);
  g_assert_cmpint (inquiries_with_id (inq), ==, 0);
}

static void
test_language (void)
{
  g_autofree char *bad_id = yc_new_resident_id ();
  g_autofree char *app = NULL;
  const char *langs[] = { "zh-CN,zh;q=0.9", NULL };

  if (!setup ())
    return;
  bad_id[17] = bad_id[17] == '5' ? '6' : '5';
  app = yc_person_json ("语言", bad_id);
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autofree char *id = yc_uuid (), *k1 = yc_uuid (), *k2 = yc_uuid ();
      g_autofree char *body = yc_case_json (id, t.item, "accepted", NULL, app, NULL, NULL);
      g_autoptr(GPtrArray) items = items_new ();
      g_autoptr(YcResponse) r = NULL;

      add_item (items, "/cases", k1, body);
      add_item (items, "/nowhere", k2, "{}");
      r = send_batch (t.li, items, langs[l]);
      if (!assert_batch (r, 2))
        continue;
      assert_part (r, 0, 422, 0, "invalid_id_number");
      assert_part (r, 1, 404, 0, "not_found");
      for (guint i = 0; i < 2; i++)
        {
          const char *detail = yc_json_str (part_body (r, i), "detail");

          if (yc_has_cjk (detail) != (langs[l] != NULL))
            yc_fail ("item %u with Accept-Language %s: detail \"%s\"", i,
                     langs[l] ? langs[l] : "(none)", detail ? detail : "(none)");
        }
    }
}

static gint64
last_seq (void)
{
  g_autoptr(YcResponse) r = yc_get (t.srv, t.zhao->token, "/events?after=0&wait=0");

  if (!yc_assert_status (r, 200))
    return 0;
  return yc_resp_int (r, "last_seq");
}

/* The "offline" member of the event @type about @id after @after: 1, 0, or -1 when absent. */
static int
event_offline (gint64      after,
               const char *type,
               const char *id)
{
  g_autofree char *path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT, after);
  g_autoptr(YcResponse) r = yc_get (t.srv, t.zhao->token, path);

  yc_assert_status (r, 200);
  for (guint i = 0; i < yc_resp_len (r, "events"); i++)
    {
      g_autofree char *p = g_strdup_printf ("events.%u", i);
      JsonNode *ev = yc_resp_at (r, p);
      JsonNode *off = yc_json_at (ev, "offline");

      if (g_strcmp0 (yc_json_str (ev, "type"), type) == 0 &&
          g_strcmp0 (yc_json_str (ev, "id"), id) == 0 && off != NULL &&
          JSON_NODE_HOLDS_VALUE (off))
        return json_node_get_boolean (off) ? 1 : 0;
    }
  return -1;
}

static void
test_offline (void)
{
  g_autofree char *on = yc_uuid (), *off = yc_uuid (), *kase = yc_uuid ();
  g_autofree char *k1 = yc_uuid (), *k2 = yc_uuid (), *k3 = yc_uuid ();
  g_autofree char *b1 = NULL, *b2 = NULL, *b3 = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(YcResponse) r = NULL;
  gint64 before;

  if (!setup ())
    return;
  before = last_seq ();
  b1 = inquiry_json (on);
  b2 = inquiry_json (off);
  b3 = yc_case_json (kase, t.item, "accepted", NULL, NULL, NULL, NULL);
  g_ptr_array_add (items, item_json ("/inquiries", k1, b1, TRUE));
  g_ptr_array_add (items, item_json ("/inquiries", k2, b2, FALSE));
  g_ptr_array_add (items, item_json ("/cases", k3, b3, TRUE));
  r = send_batch (t.li, items, NULL);
  if (!assert_batch (r, 3))
    return;
  for (guint i = 0; i < 3; i++)
    assert_part (r, i, 201, 0, NULL);
  g_assert_cmpint (event_offline (before, "inquiry.created", on), ==, 1);
  g_assert_cmpint (event_offline (before, "inquiry.created", off), ==, 0);
  g_assert_cmpint (event_offline (before, "case.created", kase), ==, 1);
}

static void
test_order (void)
{
  g_autofree char *id = yc_uuid (), *late = yc_uuid ();
  g_autofree char *k1 = yc_uuid (), *k2 = yc_uuid (), *k3 = yc_uuid (), *k4 = yc_uuid ();
  g_autofree char *mats = NULL, *case_body = NULL, *late_body = NULL, *update = NULL;
  g_autofree char *path = NULL, *late_path = NULL;
  const char *missing;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(GPtrArray) reversed = items_new ();
  g_autoptr(YcResponse) r = NULL;
  g_autoptr(YcResponse) r2 = NULL;

  if (!setup ())
    return;
  /* A case waiting for a material, then that material: one batch, in that order. */
  missing = g_ptr_array_index (t.item->mandatory, 0);
  mats = yc_materials_json (t.item, missing);
  case_body = yc_case_json (id, t.item, "incomplete", NULL, NULL, mats, NULL);
  {
    g_autofree char *q = yc_json_quote (missing);

    update = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\"}]}", q);
  }
  path = g_strdup_printf ("/cases/%s/materials", id);
  add_item (items, "/cases", k1, case_body);
  add_item (items, path, k2, update);
  r = send_batch (t.li, items, NULL);
  if (assert_batch (r, 2))
    {
      assert_part (r, 0, 201, 0, NULL);
      g_assert_cmpstr (yc_json_str (part_body (r, 0), "status"), ==, "incomplete");
      assert_part (r, 1, 200, 0, NULL);
      g_assert_cmpstr (yc_json_str (part_body (r, 1), "status"), ==, "accepted");
      g_assert_cmpint (events_of ("case.materials", id), ==, 1);
    }

  /* The other way round the materials come before their case, which is not there yet. */
  late_body = yc_case_json (late, t.item, "incomplete", NULL, NULL, mats, NULL);
  late_path = g_strdup_printf ("/cases/%s/materials", late);
  add_item (reversed, late_path, k3, update);
  add_item (reversed, "/cases", k4, late_body);
  r2 = send_batch (t.li, reversed, NULL);
  if (assert_batch (r2, 2))
    {
      assert_part (r2, 0, 404, 0, "not_found");
      assert_part (r2, 1, 201, 0, NULL);
      g_assert_cmpstr (yc_json_str (part_body (r2, 1), "status"), ==, "incomplete");
      g_assert_cmpint (events_of ("case.materials", late), ==, 0);
    }
}

static guint
count_lines (const char *text,
             const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
test_log_lines (void)
{
  const char *log_path;
  g_autofree char *before = NULL;
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(YcResponse) r = NULL;
  gsize before_len = 0;
  guint in_batch = 0, batch_lines = 0;

  if (!setup ())
    return;
  log_path = yc_test_server_get_log_path (t.srv);
  g_file_get_contents (log_path, &before, &before_len, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = yc_uuid (), *key = yc_uuid ();
      g_autofree char *body = inquiry_json (id);

      add_item (items, i < 2 ? "/inquiries" : "/nothing-here", key, body);
    }
  r = send_batch (t.li, items, NULL);
  if (!assert_batch (r, 3))
    return;
  /* The batch's own line is written once its answer is sent: wait for it a little. */
  for (guint tries = 0; tries < 40 && batch_lines == 0; tries++)
    {
      g_autofree char *text = NULL;
      gsize len = 0;

      if (tries > 0)
        g_usleep (50 * 1000);
      if (!g_file_get_contents (log_path, &text, &len, NULL) || len < before_len)
        continue;
      in_batch = count_lines (text + before_len, "(in a batch)\n");
      batch_lines = count_lines (text + before_len, "POST /api/v1/batch 200 ");
      if (batch_lines > 0)
        {
          g_assert_cmpuint (count_lines (text + before_len,
                                         "POST /api/v1/inquiries 201 "), ==, 2);
          g_assert_cmpuint (count_lines (text + before_len, "POST (no route) 404 "), ==, 1);
        }
    }
  g_assert_cmpuint (batch_lines, ==, 1);
  g_assert_cmpuint (in_batch, ==, 3);
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/batch/new-and-replayed", test_new_and_replayed);
  g_test_add_func ("/server/batch/batch-and-alone", test_batch_and_alone);
  g_test_add_func ("/server/batch/mismatch-and-twice", test_mismatch_and_twice);
  g_test_add_func ("/server/batch/refusal-holds-nothing-back", test_refusal_holds_nothing_back);
  g_test_add_func ("/server/batch/not-batchable-and-unknown", test_not_batchable_and_unknown);
  g_test_add_func ("/server/batch/size-limits", test_size_limits);
  g_test_add_func ("/server/batch/malformed-items", test_malformed_items);
  g_test_add_func ("/server/batch/outer-errors", test_outer_errors);
  g_test_add_func ("/server/batch/forbidden-role", test_forbidden_role);
  g_test_add_func ("/server/batch/language", test_language);
  g_test_add_func ("/server/batch/offline", test_offline);
  g_test_add_func ("/server/batch/order", test_order);
  g_test_add_func ("/server/batch/log-lines", test_log_lines);
  ret = yc_test_run ();
  g_clear_pointer (&t.item, yc_item_free);
  g_clear_pointer (&t.li, yc_test_session_free);
  g_clear_pointer (&t.zhao, yc_test_session_free);
  return ret;
}
