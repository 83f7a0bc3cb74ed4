/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fault-proxy.c: YcHttp through the fault proxy in front of the real yichuang-server:
 * each fault lands in the right YC_API_ERROR, nothing crashes, and the proxy itself passes
 * traffic through faithfully. */
#define G_LOG_DOMAIN "test-fault-proxy"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "e2e-support.h"
#include "yc-fault-proxy.h"
#include "yc-http.h"

#define DEMO_PASSWORD "yichuang-demo"

static E2eServer    *server;
static char         *token;
static YcFaultProxy *proxy;

/* ------------------------------------------------------------------ helpers */

typedef struct {
  YcHttp         *http;
  YcHttpResponse *response;
  YcHttpResponse *refusal;
  GError         *error;
  gboolean        done;
  gint64          started;
  gint64          finished_at;
} Call;

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->response, yc_http_response_unref);
  g_clear_pointer (&call->refusal, yc_http_response_unref);
  g_clear_error (&call->error);
}

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->response = yc_http_request_finish_full (call->http, result, &call->refusal,
                                                &call->error);
  g_assert_true ((call->response == NULL) != (call->error == NULL));
  call->done = TRUE;
  call->finished_at = g_get_monotonic_time ();
}

static void
wait_for (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
start (Call        *call,
       YcHttp      *http,
       const char  *method,
       const char  *path,
       const char  *body_json,
       const char  *key)
{
  g_autoptr(JsonNode) body = NULL;

  if (body_json != NULL)
    {
      g_autoptr(GError) error = NULL;

      body = json_from_string (body_json, &error);
      g_assert_no_error (error);
    }
  memset (call, 0, sizeof *call);
  call->http = http;
  call->started = g_get_monotonic_time ();
  yc_http_request_async (http, method, path, body, key, YC_HTTP_NONE, NULL, on_call_done, call);
}

static void
run (Call       *call,
     YcHttp     *http,
     const char *method,
     const char *path,
     const char *body_json,
     const char *key)
{
  start (call, http, method, path, body_json, key);
  wait_for (&call->done);
}

/* A YcHttp through the proxy (@direct: straight to the server). */
static YcHttp *
new_http (gboolean direct)
{
  g_autoptr(GError) error = NULL;
  YcHttp *http = yc_http_new (direct ? server->url : yc_fault_proxy_get_url (proxy), NULL,
                              &error);

  g_assert_no_error (error);
  yc_http_set_accept_language (http, "en");
  yc_http_set_token (http, token);
  return http;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
inquiry_body (const char *id)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"赵六\",\"question\":\"社保卡补办\","
                          "\"outcome\":\"answered\"}", id);
}

/* One GET /centre through the proxy with @fault. */
static void
centre_with_fault (YcHttp  *http,
                   YcFault  fault,
                   Call    *call)
{
  yc_fault_proxy_set_fault (proxy, fault);
  run (call, http, "GET", "/centre", NULL, NULL);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
}

/* ------------------------------------------------------------------ tests */

static void
test_sign_in (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  yc_fault_proxy_reset_counters (proxy);
  run (&call, http, "POST", "/sessions",
       "{\"username\":\"clerk.chen\",\"password\":\"" DEMO_PASSWORD "\","
       "\"workstation\":\"test-fault-proxy\"}", NULL);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
  token = g_strdup (member_string (yc_http_response_get_object (call.response), "token"));
  g_assert_nonnull (token);
  call_clear (&call);

  g_assert_cmpuint (yc_fault_proxy_get_requests_seen (proxy), ==, 1);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), ==, 1);
}

static void
test_pass_through (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  g_autoptr(YcHttp) direct = new_http (TRUE);
  g_autofree char *via_proxy = NULL;
  g_autofree char *straight = NULL;
  g_autofree char *etag = NULL;
  Call call;

  run (&call, http, "GET", "/service-items", NULL, NULL);
  g_assert_no_error (call.error);
  via_proxy = json_to_string (yc_http_response_get_json (call.response), FALSE);
  etag = g_strdup (yc_http_response_get_etag (call.response));
  call_clear (&call);

  run (&call, direct, "GET", "/service-items", NULL, NULL);
  g_assert_no_error (call.error);
  straight = json_to_string (yc_http_response_get_json (call.response), FALSE);
  g_assert_cmpstr (etag, ==, yc_http_response_get_etag (call.response));
  call_clear (&call);
  g_assert_cmpstr (via_proxy, ==, straight);

  /* 304 (no body) and refusals pass too. */
  memset (&call, 0, sizeof call);
  call.http = http;
  yc_http_get_async (http, "/service-items", etag, YC_HTTP_NONE, NULL, on_call_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 304);
  call_clear (&call);

  run (&call, http, "GET", "/calendar/1900", NULL, NULL);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "not_found");
  call_clear (&call);
}

static void
test_keep_alive (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  enum { N = 30 };
  Call calls[N];
  guint i, done;

  yc_fault_proxy_reset_counters (proxy);
  for (i = 0; i < 20; i++)
    {
      run (&calls[0], http, "GET", "/centre", NULL, NULL);
      g_assert_no_error (calls[0].error);
      call_clear (&calls[0]);
    }
  g_assert_cmpuint (yc_fault_proxy_get_requests_seen (proxy), ==, 20);
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy), ==, 1);

  /* At once: never more than YC_HTTP_MAX_HOST_CONNECTIONS connections. */
  for (i = 0; i < N; i++)
    start (&calls[i], http, "GET", "/windows", NULL, NULL);
  do
    {
      g_main_context_iteration (NULL, TRUE);
      for (done = 0, i = 0; i < N; i++)
        done += calls[i].done;
    }
  while (done < N);
  for (i = 0; i < N; i++)
    {
      g_assert_no_error (calls[i].error);
      call_clear (&calls[i]);
    }
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy), <=, YC_HTTP_MAX_HOST_CONNECTIONS);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), ==, 20 + N);
}

static void
test_delay (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  yc_fault_proxy_set_delay (proxy, 400);
  centre_with_fault (http, YC_FAULT_DELAY, &call);
  g_assert_no_error (call.error);
  g_assert_cmpint (call.finished_at - call.started, >=, 350 * 1000);
  call_clear (&call);
  yc_fault_proxy_set_delay (proxy, 200);
}

static void
test_reset (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  guint forwarded;
  Call call;

  yc_fault_proxy_reset_counters (proxy);
  centre_with_fault (http, YC_FAULT_RESET, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NETWORK);
  g_assert_null (call.refusal);
  g_assert_true (yc_api_error_is_transient (call.error));
  g_assert_cmpstr (call.error->message, !=, "");
  call_clear (&call);
  g_assert_cmpuint (yc_fault_proxy_get_fault_count (proxy, YC_FAULT_RESET), >=, 1);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), ==, 0);

  /* And afterwards all is well. */
  forwarded = yc_fault_proxy_get_requests_forwarded (proxy);
  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_no_error (call.error);
  call_clear (&call);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), ==, forwarded + 1);
}

static void
test_close_after_request (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = inquiry_body (id);
  Call call;

  /* The server takes the change, the client hears nothing. */
  yc_fault_proxy_reset_counters (proxy);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_CLOSE_AFTER_REQUEST);
  run (&call, http, "POST", "/inquiries", body, key);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NETWORK);
  g_assert_true (yc_api_error_is_transient (call.error));
  call_clear (&call);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), >=, 1);

  /* Sent again with the same key, it was already done. */
  run (&call, http, "POST", "/inquiries", body, key);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
  g_assert_true (yc_http_response_get_replayed (call.response));
  call_clear (&call);
}

static void
test_answer_500 (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  yc_fault_proxy_reset_counters (proxy);
  centre_with_fault (http, YC_FAULT_ANSWER_500, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_SERVER);
  g_assert_true (yc_api_error_is_transient (call.error));
  g_assert_nonnull (call.refusal);
  g_assert_cmpuint (yc_http_response_get_status (call.refusal), ==, 500);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "internal_error");
  g_assert_cmpstr (call.error->message, ==, yc_http_response_get_problem_detail (call.refusal));
  call_clear (&call);
  g_assert_cmpuint (yc_fault_proxy_get_requests_forwarded (proxy), ==, 0);
}

static void
test_truncate (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  centre_with_fault (http, YC_FAULT_TRUNCATE, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  g_assert_null (call.refusal);
  call_clear (&call);
}

static void
test_corrupt (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  centre_with_fault (http, YC_FAULT_CORRUPT, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  /* A refusal with a corrupted problem body still tells the status apart. */
  yc_fault_proxy_set_fault (proxy, YC_FAULT_CORRUPT);
  run (&call, http, "GET", "/calendar/1900", NULL, NULL);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NOT_FOUND);
  g_assert_null (yc_http_response_get_problem_code (call.refusal));
  g_assert_cmpstr (call.error->message, !=, "");
  call_clear (&call);
}

static void
test_cut (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  centre_with_fault (http, YC_FAULT_CUT, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NETWORK);
  call_clear (&call);
}

static void
test_stall (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  yc_http_set_timeouts (http, 0, 600);
  centre_with_fault (http, YC_FAULT_STALL, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_TIMEOUT);
  g_assert_true (yc_api_error_is_transient (call.error));
  g_assert_cmpint (call.finished_at - call.started, >=, 500 * 1000);
  g_assert_cmpint (call.finished_at - call.started, <, 5 * G_USEC_PER_SEC);
  call_clear (&call);

  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_no_error (call.error);
  call_clear (&call);
}

static void
test_huge_body (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  centre_with_fault (http, YC_FAULT_PAD, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  g_assert_false (yc_api_error_is_transient (call.error));
  call_clear (&call);

  /* Announced as too large by its Content-Length. */
  {
    gsize len = YC_HTTP_MAX_BODY + 2;
    g_autofree char *huge = g_malloc (len);

    memset (huge, ' ', len);
    huge[0] = '{';
    huge[len - 1] = '}';
    yc_fault_proxy_set_replacement_body (proxy, huge, len);
    centre_with_fault (http, YC_FAULT_REPLACE_BODY, &call);
    g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
    call_clear (&call);
  }

  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_no_error (call.error);
  call_clear (&call);
}

static void
replace_and_get (YcHttp     *http,
                 const char *body,
                 gssize      len,
                 Call       *call)
{
  yc_fault_proxy_set_replacement_body (proxy, body, len);
  centre_with_fault (http, YC_FAULT_REPLACE_BODY, call);
}

static void
test_wrong_bodies (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  g_autoptr(YcHttp) anonymous = new_http (FALSE);
  GString *deep = g_string_new (NULL);
  Call call;
  guint i;

  /* Not an object, not JSON, not UTF-8, empty, too deep: MALFORMED. */
  replace_and_get (http, "[1,2,3]", -1, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  replace_and_get (http, "<html><body>Bad gateway</body></html>", -1, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  replace_and_get (http, "{\"name\":\"\xff\xfe\"}", -1, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  replace_and_get (http, "", 0, &call);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  for (i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  replace_and_get (http, deep->str, deep->len, &call);
  g_string_free (deep, TRUE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
  call_clear (&call);

  /* Wrong member types are well-formed JSON: the records' codecs judge them, not YcHttp. */
  replace_and_get (http, "{\"name\":5,\"code\":[],\"phone\":{\"x\":null}}", -1, &call);
  g_assert_no_error (call.error);
  g_assert_null (member_string (yc_http_response_get_object (call.response), "name"));
  call_clear (&call);

  /* A refusal whose body is not a problem: the status still decides, with our own words. */
  yc_http_set_token (anonymous, NULL);
  yc_fault_proxy_set_replacement_body (proxy, "{\"code\":7,\"detail\":[\"x\"]}", -1);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_REPLACE_BODY);
  run (&call, anonymous, "GET", "/centre", NULL, NULL);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED);
  g_assert_null (yc_http_response_get_problem_code (call.refusal));
  g_assert_null (yc_http_response_get_problem_detail (call.refusal));
  g_assert_cmpstr (call.error->message, !=, "");
  call_clear (&call);
}

static void
test_match (void)
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  Call call;

  /* Only POSTs are broken; GETs pass. */
  yc_fault_proxy_set_match (proxy, "POST", "/api/v1/");
  yc_fault_proxy_set_fault (proxy, YC_FAULT_ANSWER_500);
  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_no_error (call.error);
  call_clear (&call);
  run (&call, http, "POST", "/inquiries", "{}", "00000000-0000-4000-8000-000000000000");
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_SERVER);
  call_clear (&call);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
  yc_fault_proxy_set_match (proxy, NULL, NULL);

  /* inject: the next one only. */
  yc_fault_proxy_inject (proxy, YC_FAULT_ANSWER_500, 1);
  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_SERVER);
  call_clear (&call);
  run (&call, http, "GET", "/centre", NULL, NULL);
  g_assert_no_error (call.error);
  call_clear (&call);
}

static const YcFaultChance chances[] = {
  { YC_FAULT_RESET, 0.08 },
  { YC_FAULT_CLOSE_AFTER_REQUEST, 0.08 },
  { YC_FAULT_ANSWER_500, 0.08 },
  { YC_FAULT_TRUNCATE, 0.05 },
  { YC_FAULT_CORRUPT, 0.05 },
  { YC_FAULT_CUT, 0.05 },
  { YC_FAULT_DELAY, 0.05 },
};

/* @n GETs one after another, each repeated until it succeeds; the faults met. */
static void
random_run (guint n,
            guint counts[YC_FAULT_N])
{
  g_autoptr(YcHttp) http = new_http (FALSE);
  guint i, f;

  yc_fault_proxy_reset_counters (proxy);
  yc_fault_proxy_set_delay (proxy, 20);
  yc_fault_proxy_set_random (proxy, chances, G_N_ELEMENTS (chances), 20260428);
  for (i = 0; i < n; i++)
    {
      guint attempts = 0;
      Call call;

      for (;;)
        {
          run (&call, http, "GET", "/departments", NULL, NULL);
          attempts++;
          if (call.error == NULL)
            break;
          g_assert_true (g_error_matches (call.error, YC_API_ERROR, YC_API_ERROR_NETWORK)
                         || g_error_matches (call.error, YC_API_ERROR, YC_API_ERROR_SERVER)
                         || g_error_matches (call.error, YC_API_ERROR, YC_API_ERROR_MALFORMED));
          g_assert_cmpuint (attempts, <, 30);
          call_clear (&call);
        }
      call_clear (&call);
    }
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS);
  yc_fault_proxy_set_delay (proxy, 200);
  for (f = 0; f < YC_FAULT_N; f++)
    counts[f] = yc_fault_proxy_get_fault_count (proxy, f);
}

static void
test_random (void)
{
  guint first[YC_FAULT_N];
  guint second[YC_FAULT_N];
  guint f, faults = 0;

  random_run (100, first);
  for (f = YC_FAULT_DELAY; f < YC_FAULT_N; f++)
    faults += first[f];
  g_test_message ("random faults: %u of %u requests", faults, faults + first[YC_FAULT_PASS]);
  g_assert_cmpuint (faults, >, 10);
  /* Every request succeeded once: untouched or only delayed. */
  g_assert_cmpuint (first[YC_FAULT_PASS] + first[YC_FAULT_DELAY], >=, 100);

  /* The same seed, the same requests: the same faults. */
  random_run (100, second);
  for (f = 0; f < YC_FAULT_N; f++)
    g_assert_cmpuint (first[f], ==, second[f]);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);
  signal (SIGPIPE, SIG_IGN);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("YC_SERVER_BIN") == NULL)
    {
      g_print ("1..0 # SKIP YC_SERVER_BIN is not set\n");
      return 0;
    }
  server = e2e_server_new ();
  proxy = yc_fault_proxy_new_for_url (server->url, &error);
  g_assert_no_error (error);

  g_test_add_func ("/fault-proxy/sign-in", test_sign_in);
  g_test_add_func ("/fault-proxy/pass-through", test_pass_through);
  g_test_add_func ("/fault-proxy/keep-alive", test_keep_alive);
  g_test_add_func ("/fault-proxy/delay", test_delay);
  g_test_add_func ("/fault-proxy/reset", test_reset);
  g_test_add_func ("/fault-proxy/close-after-request", test_close_after_request);
  g_test_add_func ("/fault-proxy/answer-500", test_answer_500);
  g_test_add_func ("/fault-proxy/truncate", test_truncate);
  g_test_add_func ("/fault-proxy/corrupt", test_corrupt);
  g_test_add_func ("/fault-proxy/cut", test_cut);
  g_test_add_func ("/fault-proxy/stall", test_stall);
  g_test_add_func ("/fault-proxy/huge-body", test_huge_body);
  g_test_add_func ("/fault-proxy/wrong-bodies", test_wrong_bodies);
  g_test_add_func ("/fault-proxy/match", test_match);
  g_test_add_func ("/fault-proxy/random", test_random);

  status = g_test_run ();
  g_clear_pointer (&proxy, yc_fault_proxy_free);
  g_clear_pointer (&token, g_free);
  g_clear_pointer (&server, e2e_server_free);
  return status;
}
