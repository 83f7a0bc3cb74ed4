/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sessions.c: sign-in, workstation codes, sign-out, tokens, login throttling. */
#define G_LOG_DOMAIN "test-sessions"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-test-server.h"

typedef struct {
  const char *username;
  const char *role;
  const char *group;    /* accounts with the same group share a department; NULL: none */
} Account;

static const Account accounts[] = {
  { "clerk.li", "clerk", "market" },
  { "clerk.wang", "clerk", "market" },
  { "chief.zhang", "chief_rep", "market" },
  { "clerk.chen", "clerk", "hrss" },
  { "chief.liu", "chief_rep", "hrss" },
  { "clerk.zhou", "clerk", "comprehensive" },
  { "super.zhao", "supervisor", NULL },
  { "trainer.sun", "trainer", NULL },
};

static YcResponse *
sign_in_raw (const char *username,
             const char *password,
             const char *workstation,
             const char *lang)
{
  g_autofree char *u = yc_json_quote (username);
  g_autofree char *p = yc_json_quote (password);
  g_autofree char *w = yc_json_quote (workstation);
  g_autofree char *body = g_strdup_printf ("{\"username\":%s,\"password\":%s,\"workstation\":%s}",
                                           u, p, w);
  YcRequestOptions o = { .no_idempotency_key = TRUE, .accept_language = lang };

  return yc_request_full (yc_test_server_default (), "POST", "/sessions", body, -1, &o);
}

static gboolean
has_role (YcResponse *resp,
          const char *role)
{
  guint i, n = yc_resp_len (resp, "staff.roles");

  for (i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("staff.roles.%u", i);

      if (g_strcmp0 (yc_resp_str (resp, path), role) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_sign_in_all (void)
{
  const char *market_dept = NULL, *hrss_dept = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_response_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      YcResponse *resp = sign_in_raw (accounts[i].username, YC_DEMO_PASSWORD, "ws-signin", NULL);
      g_autoptr(GDateTime) expires = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      const char *dept;

      g_ptr_array_add (keep, resp);
      if (!yc_assert_status (resp, 201))
        continue;
      g_assert_nonnull (yc_resp_str (resp, "token"));
      g_assert_cmpuint (strlen (yc_resp_str (resp, "token") ?: ""), >=, 32);
      g_assert_cmpstr (yc_resp_str (resp, "staff.username"), ==, accounts[i].username);
      g_assert_nonnull (yc_resp_str (resp, "staff.id"));
      g_assert_nonnull (yc_resp_str (resp, "staff.name"));
      if (!has_role (resp, accounts[i].role))
        yc_fail ("%s does not have role %s: %s", accounts[i].username, accounts[i].role,
                 yc_response_text (resp));
      g_assert_true (g_regex_match_simple ("^W[0-9]{2,}$", yc_resp_str (resp, "workstation.code") ?: "",
                                           0, 0));
      g_assert_cmpstr (yc_resp_str (resp, "workstation.name"), ==, "ws-signin");
      g_assert_cmpstr (yc_resp_str (resp, "centre.name"), ==, "示范县政务服务中心");

      expires = g_date_time_new_from_iso8601 (yc_resp_str (resp, "expires_at") ?: "", NULL);
      if (expires == NULL)
        yc_fail ("expires_at is not RFC 3339: %s", yc_resp_str (resp, "expires_at"));
      else
        {
          double hours = g_date_time_difference (expires, now) / (double) G_TIME_SPAN_HOUR;

          if (hours < 11.9 || hours > 12.1)
            yc_fail ("token lifetime is %.2f h, not 12 h", hours);
        }

      dept = yc_resp_str (resp, "staff.department_id");
      if (accounts[i].group == NULL)
        g_assert_true (yc_resp_is_null (resp, "staff.department_id"));
      else if (g_strcmp0 (accounts[i].group, "market") == 0)
        {
          g_assert_nonnull (dept);
          if (market_dept == NULL)
            market_dept = dept;
          g_assert_cmpstr (dept, ==, market_dept);
        }
      else if (g_strcmp0 (accounts[i].group, "hrss") == 0)
        {
          g_assert_nonnull (dept);
          if (hrss_dept == NULL)
            hrss_dept = dept;
          g_assert_cmpstr (dept, ==, hrss_dept);
        }
    }
  g_assert_cmpstr (market_dept, !=, hrss_dept);
}

static void
test_workstation_codes (void)
{
  g_autoptr(YcResponse) a1 = sign_in_raw ("clerk.li", YC_DEMO_PASSWORD, "ws-alpha", NULL);
  g_autoptr(YcResponse) a2 = sign_in_raw ("clerk.wang", YC_DEMO_PASSWORD, "ws-alpha", NULL);
  g_autoptr(YcResponse) b = sign_in_raw ("clerk.li", YC_DEMO_PASSWORD, "ws-beta 工作站", NULL);
  g_autoptr(YcResponse) a3 = sign_in_raw ("clerk.li", YC_DEMO_PASSWORD, "ws-alpha", NULL);

  yc_assert_status (a1, 201);
  yc_assert_status (a2, 201);
  yc_assert_status (b, 201);
  yc_assert_status (a3, 201);
  g_assert_nonnull (yc_resp_str (a1, "workstation.code"));
  g_assert_cmpstr (yc_resp_str (a1, "workstation.code"), ==, yc_resp_str (a2, "workstation.code"));
  g_assert_cmpstr (yc_resp_str (a1, "workstation.code"), ==, yc_resp_str (a3, "workstation.code"));
  g_assert_cmpstr (yc_resp_str (a1, "workstation.code"), !=, yc_resp_str (b, "workstation.code"));
  g_assert_cmpstr (yc_resp_str (b, "workstation.name"), ==, "ws-beta 工作站");
  /* Two sign-ins give two different tokens. */
  g_assert_cmpstr (yc_resp_str (a1, "token"), !=, yc_resp_str (a3, "token"));
}

static void
test_wrong_credentials (void)
{
  g_autoptr(YcResponse) wrong = sign_in_raw ("clerk.wang", "not-the-password", "ws", NULL);
  g_autoptr(YcResponse) unknown = sign_in_raw ("nobody.here", YC_DEMO_PASSWORD, "ws", NULL);
  g_autoptr(YcResponse) zh = sign_in_raw ("clerk.wang", "wrong", "ws", "zh-CN,zh;q=0.9");
  g_autoptr(YcResponse) en = sign_in_raw ("clerk.wang", "wrong", "ws", "en-US");
  g_autoptr(YcResponse) empty = sign_in_raw ("clerk.wang", "", "ws", NULL);

  yc_assert_problem (wrong, 401, "invalid_credentials");
  yc_assert_problem (unknown, 401, "invalid_credentials");
  /* The answer must not tell whether the username exists. */
  g_assert_cmpstr (yc_resp_str (wrong, "detail"), ==, yc_resp_str (unknown, "detail"));
  yc_assert_problem (zh, 401, "invalid_credentials");
  if (!yc_has_cjk (yc_resp_str (zh, "detail")))
    yc_fail ("detail is not Chinese with Accept-Language zh-CN: %s", yc_resp_str (zh, "detail"));
  yc_assert_problem (en, 401, "invalid_credentials");
  if (yc_has_cjk (yc_resp_str (en, "detail")))
    yc_fail ("detail is Chinese with Accept-Language en-US: %s", yc_resp_str (en, "detail"));
  /* An empty password is either a bad request or simply wrong. */
  if (empty->status != 401 && empty->status != 400)
    yc_fail ("empty password: %u %s", empty->status, yc_response_text (empty));
}

static void
test_sign_in_bad_bodies (void)
{
  YcTestServer *srv = yc_test_server_default ();
  YcRequestOptions o = { .no_idempotency_key = TRUE };
  g_autoptr(YcResponse) missing = yc_request_full (srv, "POST", "/sessions",
                                                   "{\"username\":\"clerk.li\",\"workstation\":\"ws\"}",
                                                   -1, &o);
  g_autoptr(YcResponse) wrong_type = yc_request_full (srv, "POST", "/sessions",
                                                      "{\"username\":42,\"password\":\"x\",\"workstation\":\"ws\"}",
                                                      -1, &o);
  g_autoptr(YcResponse) not_json = yc_request_full (srv, "POST", "/sessions", "username=clerk.li",
                                                    -1, &o);

  yc_assert_problem (missing, 400, "missing_field");
  yc_assert_problem (wrong_type, 400, "wrong_type");
  yc_assert_problem (not_json, 400, "invalid_json");
}

static void
test_sign_out (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcTestSession) s = yc_sign_in (srv, "clerk.wang", "ws-signout");
  g_autoptr(YcTestSession) other = yc_sign_in (srv, "clerk.wang", "ws-signout");
  g_autoptr(YcResponse) before = NULL;
  g_autoptr(YcResponse) out = NULL;
  g_autoptr(YcResponse) after = NULL;
  g_autoptr(YcResponse) again = NULL;
  g_autoptr(YcResponse) post_after = NULL;
  g_autoptr(YcResponse) still = NULL;

  if (s == NULL || other == NULL)
    return;
  before = yc_get (srv, s->token, "/centre");
  yc_assert_status (before, 200);
  out = yc_delete (srv, s->token, "/sessions/current");
  yc_assert_status (out, 204);
  g_assert_cmpuint (g_bytes_get_size (out->body), ==, 0);
  after = yc_get (srv, s->token, "/centre");
  yc_assert_problem (after, 401, "unauthorized");
  again = yc_delete (srv, s->token, "/sessions/current");
  yc_assert_problem (again, 401, "unauthorized");
  post_after = yc_post (srv, s->token, "/inquiries",
                        "{\"id\":\"0b7c3a52-7d1e-4a8e-9e55-0c1c7c0f2a11\",\"question\":\"x\",\"outcome\":\"answered\"}");
  yc_assert_problem (post_after, 401, "unauthorized");
  /* Only that session ended. */
  still = yc_get (srv, other->token, "/centre");
  yc_assert_status (still, 200);
}

static void
test_bad_tokens (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) none = yc_get (srv, NULL, "/centre");
  g_autoptr(YcResponse) junk = yc_get (srv, "abc", "/centre");
  g_autofree char *random_hex = yc_new_sha256 ();
  g_autoptr(YcResponse) unknown = yc_get (srv, random_hex, "/cases");
  YcRequestOptions basic_o = { .extra_header = "Authorization: Basic Y2xlcmsubGk6eWljaHVhbmctZGVtbw==" };
  g_autoptr(YcResponse) basic = yc_request_full (srv, "GET", "/centre", NULL, -1, &basic_o);
  YcRequestOptions zh_o = { .accept_language = "zh-CN" };
  g_autoptr(YcResponse) zh = yc_request_full (srv, "GET", "/staff", NULL, -1, &zh_o);
  g_autoptr(YcResponse) post = yc_post (srv, NULL, "/cases", "{}");
  g_autoptr(YcResponse) del = yc_delete (srv, NULL, "/sessions/current");

  yc_assert_problem (none, 401, "unauthorized");
  yc_assert_problem (junk, 401, "unauthorized");
  yc_assert_problem (unknown, 401, "unauthorized");
  yc_assert_problem (basic, 401, "unauthorized");
  yc_assert_problem (zh, 401, "unauthorized");
  if (!yc_has_cjk (yc_resp_str (zh, "detail")))
    yc_fail ("401 detail is not Chinese with zh-CN: %s", yc_resp_str (zh, "detail"));
  yc_assert_problem (post, 401, "unauthorized");
  yc_assert_problem (del, 401, "unauthorized");
}

static void
test_throttling (void)
{
  YcTestServer *srv = yc_test_server_default ();
  guint i;
  g_autoptr(YcResponse) eleventh = NULL;
  g_autoptr(YcResponse) right_pw = NULL;
  g_autoptr(YcTestSession) other = NULL;
  const char *retry;

  /* clerk.zhou is used by no other test of this program. */
  for (i = 1; i <= 10; i++)
    {
      g_autoptr(YcResponse) r = sign_in_raw ("clerk.zhou", "wrong-password", "ws-throttle", NULL);

      if (!yc_assert_problem (r, 401, "invalid_credentials"))
        g_test_message ("failure %u was not 401", i);
    }
  eleventh = sign_in_raw ("clerk.zhou", "wrong-password", "ws-throttle", "zh-CN");
  yc_assert_problem (eleventh, 429, "too_many_attempts");
  retry = yc_response_header (eleventh, "Retry-After");
  if (retry == NULL || g_ascii_strtoll (retry, NULL, 10) <= 0)
    yc_fail ("429 without a positive Retry-After header (%s)", retry ? retry : "none");
  else if (yc_resp_int (eleventh, "retry_after") != g_ascii_strtoll (retry, NULL, 10))
    yc_fail ("retry_after in the body (%" G_GINT64_FORMAT ") differs from Retry-After %s",
             yc_resp_int (eleventh, "retry_after"), retry);
  if (!yc_has_cjk (yc_resp_str (eleventh, "detail")))
    yc_fail ("429 detail is not Chinese with zh-CN");

  /* Locked: even the right password is refused now. */
  right_pw = sign_in_raw ("clerk.zhou", YC_DEMO_PASSWORD, "ws-throttle", NULL);
  yc_assert_problem (right_pw, 429, "too_many_attempts");

  /* Other usernames are not affected. */
  other = yc_sign_in (srv, "clerk.chen", "ws-throttle");
  g_assert_nonnull (other);
}

/* Tokens survive a restart; an expired token is refused. The expiry is moved into the past
 * in the stopped server's database (any column named like "expires"). */
static void
expire_all_sessions (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  guint changed = 0;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      yc_fail ("cannot open %s: %s", db_path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return;
    }
  sqlite3_prepare_v2 (db, "SELECT m.name, p.name, p.type FROM sqlite_master m, "
                          "pragma_table_info(m.name) p WHERE m.type = 'table' "
                          "AND p.name LIKE '%expire%'", -1, &tables, NULL);
  while (tables != NULL && sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      const char *column = (const char *) sqlite3_column_text (tables, 1);
      g_autofree char *probe = g_strdup_printf ("SELECT typeof(\"%s\") FROM \"%s\" LIMIT 1",
                                                column, table);
      sqlite3_stmt *st = NULL;
      const char *type = "text";
      g_autofree char *type_copy = NULL;
      g_autofree char *update = NULL;

      if (sqlite3_prepare_v2 (db, probe, -1, &st, NULL) == SQLITE_OK && sqlite3_step (st) == SQLITE_ROW)
        type = (const char *) sqlite3_column_text (st, 0);
      type_copy = g_strdup (type);
      sqlite3_finalize (st);
      if (g_strcmp0 (type_copy, "integer") == 0 || g_strcmp0 (type_copy, "real") == 0)
        update = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = 1000", table, column);
      else
        update = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = '2001-01-01T00:00:00+08:00'", table, column);
      if (sqlite3_exec (db, update, NULL, NULL, NULL) == SQLITE_OK)
        changed += sqlite3_changes (db);
      g_test_message ("expired %s.%s (%s)", table, column, type_copy);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  if (changed == 0)
    yc_fail ("found no session expiry column to move into the past");
}

static void
test_restart_and_expiry (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-stest-exp-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autoptr(YcTestSession) s = NULL;
  g_autofree char *token = NULL;
  YcTestServer *srv;

  srv = yc_test_server_start (db, TRUE);
  if (srv == NULL)
    return;
  s = yc_sign_in (srv, "clerk.li", "ws-restart");
  if (s == NULL)
    {
      yc_test_server_free (srv);
      return;
    }
  token = g_strdup (s->token);
  g_assert_true (yc_test_server_stop (srv));
  yc_test_server_free (srv);

  /* Restarted with --demo on a database that is not empty: no second seeding, same tokens. */
  srv = yc_test_server_start (db, TRUE);
  if (srv != NULL)
    {
      g_autoptr(YcResponse) ok = yc_get (srv, token, "/centre");
      g_autoptr(YcResponse) staff = yc_get (srv, token, "/staff");
      guint i, n = yc_resp_len (staff, "staff"), li = 0;

      yc_assert_status (ok, 200);
      for (i = 0; i < n; i++)
        {
          g_autofree char *p = g_strdup_printf ("staff.%u.username", i);

          li += g_strcmp0 (yc_resp_str (staff, p), "clerk.li") == 0;
        }
      g_assert_cmpuint (li, ==, 1);
      g_assert_true (yc_test_server_stop (srv));
      yc_test_server_free (srv);
    }

  expire_all_sessions (db);
  srv = yc_test_server_start (db, TRUE);
  if (srv != NULL)
    {
      g_autoptr(YcResponse) expired = yc_get (srv, token, "/centre");
      g_autoptr(YcTestSession) fresh = NULL;

      yc_assert_problem (expired, 401, "unauthorized");
      fresh = yc_sign_in (srv, "clerk.li", "ws-restart");
      g_assert_nonnull (fresh);
      g_assert_true (yc_test_server_stop (srv));
      yc_test_server_free (srv);
    }
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
  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/sessions/sign-in-all", test_sign_in_all);
  g_test_add_func ("/server/sessions/workstation-codes", test_workstation_codes);
  g_test_add_func ("/server/sessions/wrong-credentials", test_wrong_credentials);
  g_test_add_func ("/server/sessions/bad-bodies", test_sign_in_bad_bodies);
  g_test_add_func ("/server/sessions/sign-out", test_sign_out);
  g_test_add_func ("/server/sessions/bad-tokens", test_bad_tokens);
  g_test_add_func ("/server/sessions/throttling", test_throttling);
  g_test_add_func ("/server/sessions/restart-and-expiry", test_restart_and_expiry);
  return yc_test_run ();
}
