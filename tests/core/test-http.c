/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-http.c: YcHttp against the real yichuang-server (--demo, a temporary database, a port
 * the kernel picks), all on one GLib main loop. */
#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "yc-http.h"
#include "yc-sync-batch.h"

#define DEMO_PASSWORD "yichuang-demo"

typedef struct {
  GSubprocess *process;
  char        *dir;
  char        *log;
  char        *url;
} Server;

static Server *server;
static char   *server_url;
static char   *token;

/* ------------------------------------------------------------------ the server */

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
server_stop (Server *self)
{
  g_autoptr(GError) error = NULL;

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&self->process);
    }
  remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->log);
  g_free (self->url);
  g_free (self);
}

/* Start yichuang-server --demo on a free port with a new database in @dir (taken), with TLS
 * when @cert and @key are given. NULL (and its log printed) if it does not start. */
static Server *
server_start (char       *dir,
              const char *cert,
              const char *key)
{
  const char *bin = g_getenv ("YC_SERVER_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  Server *self = g_new0 (Server, 1);
  g_autofree char *text = NULL;
  gint64 deadline;

  self->dir = dir;
  self->log = g_build_filename (dir, "server.log", NULL);
  g_ptr_array_add (args, g_strdup (bin));
  g_ptr_array_add (args, g_strdup ("--listen"));
  g_ptr_array_add (args, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_build_filename (dir, "x.db", NULL));
  g_ptr_array_add (args, g_strdup ("--demo"));
  if (cert != NULL)
    {
      g_ptr_array_add (args, g_strdup ("--tls-cert"));
      g_ptr_array_add (args, g_strdup (cert));
      g_ptr_array_add (args, g_strdup ("--tls-key"));
      g_ptr_array_add (args, g_strdup (key));
    }
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) args->pdata,
                                                &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      const char *at;

      g_clear_pointer (&text, g_free);
      if (g_file_get_contents (self->log, &text, NULL, NULL)
          && (at = strstr (text, "listening on ")) != NULL)
        {
          const char *end = at + strlen ("listening on ");

          at = end;
          while (*end != '\0' && *end != '\n' && *end != ' ')
            end++;
          if (*end == '\n')
            {
              self->url = g_strndup (at, end - at);
              return self;
            }
        }
      g_usleep (20 * 1000);
    }

  g_printerr ("yichuang-server did not start:\n%s\n", text != NULL ? text : "");
  server_stop (self);
  return NULL;
}

static Server *
server_start_plain (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yc-test-http-XXXXXX", &error);

  g_assert_no_error (error);
  return server_start (dir, NULL, NULL);
}

/* ------------------------------------------------------------------ helpers */

typedef struct {
  YcHttp         *http;
  YcHttpResponse *response;
  YcHttpResponse *refusal;
  GError         *error;
  gboolean        done;
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

  g_assert_true (call->http == YC_HTTP (source));
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

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* Send and wait. @body_json may be NULL. */
static void
run (Call        *call,
     YcHttp      *http,
     const char  *method,
     const char  *path,
     const char  *body_json,
     const char  *key,
     YcHttpFlags  flags)
{
  g_autoptr(JsonNode) body = body_json != NULL ? parse (body_json) : NULL;

  memset (call, 0, sizeof *call);
  call->http = http;
  yc_http_request_async (http, method, path, body, key, flags, NULL, on_call_done, call);
  wait_for (&call->done);
}

static YcHttp *
new_http (const char *with_token)
{
  g_autoptr(GError) error = NULL;
  YcHttp *http = yc_http_new (server_url, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (http);
  yc_http_set_accept_language (http, "en");
  yc_http_set_token (http, with_token);
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

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
has_cjk (const char *s)
{
  for (; s != NULL && *s; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);

      if (c >= 0x4E00 && c <= 0x9FFF)
        return TRUE;
    }
  return FALSE;
}

static char *
sign_in_body (const char *username,
              const char *password)
{
  return g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\",\"workstation\":\"test-http\"}",
                          username, password);
}

static gint64
last_event_seq (YcHttp *http)
{
  Call call;
  gint64 seq;
  JsonNode *node;

  run (&call, http, "GET", "/events?wait=0", NULL, NULL, YC_HTTP_LONG_POLL);
  g_assert_no_error (call.error);
  node = json_object_get_member (yc_http_response_get_object (call.response), "last_seq");
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  seq = json_node_get_int (node);
  call_clear (&call);
  return seq;
}

/* ------------------------------------------------------------------ tests */

static void
test_sign_in (void)
{
  g_autoptr(YcHttp) http = new_http (NULL);
  g_autofree char *body = sign_in_body ("clerk.li", DEMO_PASSWORD);
  Call call;
  JsonObject *object;
  JsonNode *workstation;

  run (&call, http, "POST", "/sessions", body, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  g_assert_null (call.refusal);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
  object = yc_http_response_get_object (call.response);
  g_assert_nonnull (member_string (object, "token"));
  g_assert_cmpuint (strlen (member_string (object, "token")), >, 16);
  workstation = json_object_get_member (object, "workstation");
  g_assert_nonnull (workstation);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (workstation));
  g_assert_true (g_str_has_prefix (member_string (json_node_get_object (workstation), "code"),
                                   "W"));
  g_assert_false (yc_http_response_get_replayed (call.response));

  g_free (token);
  token = g_strdup (member_string (object, "token"));
  call_clear (&call);
}

static void
test_wrong_password (void)
{
  g_autoptr(YcHttp) http = new_http (NULL);
  g_autofree char *body = sign_in_body ("clerk.wang", "not-the-password");
  Call call;

  run (&call, http, "POST", "/sessions", body, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED);
  g_assert_nonnull (call.refusal);
  g_assert_cmpuint (yc_http_response_get_status (call.refusal), ==, 401);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "invalid_credentials");
  g_assert_cmpstr (call.error->message, ==, yc_http_response_get_problem_detail (call.refusal));
  g_assert_false (has_cjk (call.error->message));
  call_clear (&call);

  /* The detail comes in the clerk's language. */
  yc_http_set_accept_language (http, "zh-CN");
  run (&call, http, "POST", "/sessions", body, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED);
  g_assert_true (has_cjk (call.error->message));
  call_clear (&call);
}

static void
test_centre (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  Call call;

  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 200);
  g_assert_nonnull (member_string (yc_http_response_get_object (call.response), "name"));
  g_assert_nonnull (member_string (yc_http_response_get_object (call.response), "letter_prefix"));
  call_clear (&call);

  /* The same through an absolute API path. */
  run (&call, http, "GET", "/api/v1/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  g_assert_nonnull (member_string (yc_http_response_get_object (call.response), "name"));
  call_clear (&call);
}

static void
on_conditional_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  on_call_done (source, result, user_data);
}

static void
test_etag (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autofree char *etag = NULL;
  JsonArray *items;
  Call call;

  run (&call, http, "GET", "/service-items", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  etag = g_strdup (yc_http_response_get_etag (call.response));
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"' || g_str_has_prefix (etag, "W/\""));
  items = member_array (yc_http_response_get_object (call.response), "service_items");
  g_assert_nonnull (items);
  g_assert_cmpuint (json_array_get_length (items), >=, 60);
  call_clear (&call);

  memset (&call, 0, sizeof call);
  call.http = http;
  yc_http_get_async (http, "/service-items", etag, YC_HTTP_NONE, NULL, on_conditional_done,
                     &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 304);
  g_assert_null (yc_http_response_get_json (call.response));
  g_assert_null (yc_http_response_get_object (call.response));
  call_clear (&call);

  /* A stale tag gets the whole catalogue again. */
  memset (&call, 0, sizeof call);
  call.http = http;
  yc_http_get_async (http, "/service-items", "\"stale\"", YC_HTTP_NONE, NULL,
                     on_conditional_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 200);
  g_assert_cmpstr (yc_http_response_get_etag (call.response), ==, etag);
  call_clear (&call);
}

static void
test_unauthorized (void)
{
  g_autoptr(YcHttp) http = new_http (NULL);
  Call call;

  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED);
  g_assert_nonnull (call.refusal);
  g_assert_cmpuint (yc_http_response_get_status (call.refusal), ==, 401);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "unauthorized");
  g_assert_cmpstr (call.error->message, !=, "");
  g_assert_false (yc_api_error_is_transient (call.error));
  call_clear (&call);

  yc_http_set_token (http, "not-a-token");
  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED);
  call_clear (&call);
}

static void
test_not_found (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *path = g_strconcat ("/cases/", uuid, NULL);
  Call call;

  run (&call, http, "GET", path, NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (yc_http_response_get_status (call.refusal), ==, 404);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "not_found");
  g_assert_nonnull (yc_http_response_get_problem_detail (call.refusal));
  g_assert_cmpstr (call.error->message, ==, yc_http_response_get_problem_detail (call.refusal));
  call_clear (&call);

  /* finish() without the refusal gives the same error. */
  run (&call, http, "GET", "/calendar/1900", NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NOT_FOUND);
  call_clear (&call);
}

/* A POST /cases body for the first demo item, with @id_number for the applicant. */
static char *
case_body (YcHttp     *http,
           const char *id_number)
{
  Call call;
  JsonArray *items;
  JsonObject *item;
  JsonArray *materials;
  g_autofree char *item_path = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *received_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean instant;
  guint i;

  run (&call, http, "GET", "/service-items", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  items = member_array (yc_http_response_get_object (call.response), "service_items");
  g_assert_nonnull (items);
  item_path = g_strconcat ("/service-items/",
                           member_string (json_array_get_object_element (items, 0), "code"),
                           NULL);
  call_clear (&call);

  run (&call, http, "GET", item_path, NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  item = yc_http_response_get_object (call.response);
  instant = json_object_get_boolean_member_with_default (item, "instant", FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, "示政务〔2026〕案字第W01-000001号");
  json_builder_set_member_name (builder, "service_item");
  json_builder_add_string_value (builder, member_string (item, "code"));
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "person");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "张三");
  json_builder_set_member_name (builder, "id_type");
  json_builder_add_string_value (builder, "resident_id");
  json_builder_set_member_name (builder, "id_number");
  json_builder_add_string_value (builder, id_number);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, "13800138000");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  materials = member_array (item, "materials");
  for (i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonObject *material = json_array_get_object_element (materials, i);

      if (!json_object_get_boolean_member_with_default (material, "mandatory", FALSE))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "material_id");
      json_builder_add_string_value (builder, member_string (material, "id"));
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, "received");
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, instant ? "instant" : "accepted");
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_string_value (builder, received_at);
  json_builder_end_object (builder);
  call_clear (&call);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
test_unprocessable (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  /* Month 13: not a resident ID number whatever its check digit. */
  g_autofree char *body = case_body (http, "110101199013071234");
  g_autofree char *key = g_uuid_string_random ();
  Call call;

  run (&call, http, "POST", "/cases", body, key, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_UNPROCESSABLE);
  g_assert_nonnull (call.refusal);
  g_assert_cmpuint (yc_http_response_get_status (call.refusal), ==, 422);
  g_assert_cmpstr (yc_http_response_get_problem_code (call.refusal), ==, "invalid_id_number");
  g_assert_cmpstr (call.error->message, ==, yc_http_response_get_problem_detail (call.refusal));
  g_assert_cmpstr (call.error->message, !=, "");
  g_assert_false (yc_api_error_is_transient (call.error));
  call_clear (&call);
}

static void
test_idempotency (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"王五\","
                                           "\"question\":\"营业执照怎么办？\","
                                           "\"outcome\":\"answered\"}", id);
  gint64 after = last_event_seq (http);
  g_autofree char *events_path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=0",
                                                  after);
  Call call;
  JsonArray *events;
  guint i, found = 0;

  run (&call, http, "POST", "/inquiries", body, key, YC_HTTP_OFFLINE_REPLAY);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
  g_assert_false (yc_http_response_get_replayed (call.response));
  call_clear (&call);

  run (&call, http, "POST", "/inquiries", body, key, YC_HTTP_OFFLINE_REPLAY);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
  g_assert_true (yc_http_response_get_replayed (call.response));
  call_clear (&call);

  /* One event, marked as made offline (X-Yc-Offline: 1). */
  run (&call, http, "GET", events_path, NULL, NULL, YC_HTTP_LONG_POLL);
  g_assert_no_error (call.error);
  events = member_array (yc_http_response_get_object (call.response), "events");
  g_assert_nonnull (events);
  for (i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (member_string (event, "id"), id) == 0)
        {
          found++;
          g_assert_cmpstr (member_string (event, "type"), ==, "inquiry.created");
          g_assert_true (json_object_get_boolean_member_with_default (event, "offline", FALSE));
        }
    }
  g_assert_cmpuint (found, ==, 1);
  call_clear (&call);
}

/* POST /batch as the sync engine sends it (yc_sync_batch_body) and reads its answer
 * (yc_sync_batch_parts, yc_http_response_read_part): each change answered as alone. */
static void
test_batch (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *batch_key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"赵六\","
                                           "\"question\":\"个体户\\\"登记\\\"在哪里？\","
                                           "\"outcome\":\"answered\"}", id);
  g_autofree char *other = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"赵七\","
                                            "\"question\":\"别的问题\",\"outcome\":\"answered\"}",
                                            id);
  YcOutboxEntry entries[3] = {
    { .uuid = key, .method = (char *) "POST", .path = (char *) "/inquiries", .body = body,
      .offline = TRUE },
    { .uuid = key, .method = (char *) "POST", .path = (char *) "/inquiries", .body = body,
      .offline = TRUE },
    { .uuid = key, .method = (char *) "POST", .path = (char *) "/inquiries", .body = other },
  };
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) broken = NULL;
  JsonArray *parts;
  Call call;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_assert_true (yc_sync_batch_accepts (&entries[i]));
      g_ptr_array_add (list, &entries[i]);
    }
  text = yc_sync_batch_body (list);
  memset (&call, 0, sizeof call);
  call.http = http;
  yc_http_request_text_async (http, "POST", "/batch", text, batch_key, YC_HTTP_NONE, NULL,
                              on_call_done, &call);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 200);
  g_assert_null (yc_sync_batch_parts (call.response, 2));
  parts = yc_sync_batch_parts (call.response, 3);
  g_assert_nonnull (parts);

  /* Applied; the same key and text again is the first answer; another text is refused. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YcHttpResponse) refusal = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcHttpResponse) part = yc_http_response_read_part (
        json_array_get_element (parts, i), &refusal, &error);

      if (i < 2)
        {
          g_assert_no_error (error);
          g_assert_null (refusal);
          g_assert_cmpuint (yc_http_response_get_status (part), ==, 201);
          g_assert_true (yc_http_response_get_replayed (part) == (i == 1));
          g_assert_cmpstr (member_string (yc_http_response_get_object (part), "id"), ==, id);
          g_assert_cmpstr (member_string (yc_http_response_get_object (part), "question"), ==,
                           "个体户\"登记\"在哪里？");
        }
      else
        {
          g_assert_null (part);
          g_assert_error (error, YC_API_ERROR, YC_API_ERROR_UNPROCESSABLE);
          g_assert_nonnull (refusal);
          g_assert_cmpstr (yc_http_response_get_problem_code (refusal), ==,
                           "idempotency_mismatch");
        }
    }
  call_clear (&call);

  /* The change sent alone under its key: one change. */
  run (&call, http, "POST", "/inquiries", body, key, YC_HTTP_OFFLINE_REPLAY);
  g_assert_no_error (call.error);
  g_assert_true (yc_http_response_get_replayed (call.response));
  call_clear (&call);

  /* Parts the engine cannot read fail as malformed answers; a 500 as the server's. */
  broken = parse ("{\"responses\":[{\"status\":201},{\"status\":\"201\",\"body\":{}},"
                  "{\"status\":500,\"body\":{\"code\":\"internal_error\","
                  "\"detail\":\"服务器出错\"}}]}");
  parts = json_object_get_array_member (json_node_get_object (broken), "responses");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YcHttpResponse) refusal = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcHttpResponse) part = yc_http_response_read_part (
        json_array_get_element (parts, i), &refusal, &error);

      g_assert_null (part);
      if (i < 2)
        {
          g_assert_error (error, YC_API_ERROR, YC_API_ERROR_MALFORMED);
          g_assert_null (refusal);
        }
      else
        {
          g_assert_error (error, YC_API_ERROR, YC_API_ERROR_SERVER);
          g_assert_cmpstr (error->message, ==, "服务器出错");
          g_assert_nonnull (refusal);
        }
    }
}

static void
test_cancel (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 after = last_event_seq (http);
  g_autofree char *path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=20", after);
  gint64 started;
  Call call = { .http = http };

  /* Mid-request: a long poll that would wait 20 s. */
  started = g_get_monotonic_time ();
  yc_http_get_async (http, path, NULL, YC_HTTP_LONG_POLL, cancellable, on_call_done, &call);
  g_timeout_add_once (300, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  wait_for (&call.done);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (call.refusal);
  g_assert_cmpint (call.finished_at - started, <, 3 * G_USEC_PER_SEC);
  call_clear (&call);

  /* Before it starts. */
  memset (&call, 0, sizeof call);
  call.http = http;
  yc_http_get_async (http, "/centre", NULL, YC_HTTP_NONE, cancellable, on_call_done, &call);
  wait_for (&call.done);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  call_clear (&call);

  /* The same YcHttp goes on working. */
  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  call_clear (&call);
}

static void
test_concurrent (void)
{
  static const char *const paths[] = {
    "/centre", "/service-items", "/departments", "/windows", "/staff", "/calendar/2026",
  };
  g_autoptr(YcHttp) http = new_http (token);
  enum { N = 60 };
  Call calls[N];
  guint i, done = 0;

  memset (calls, 0, sizeof calls);
  for (i = 0; i < N; i++)
    {
      calls[i].http = http;
      yc_http_get_async (http, paths[i % G_N_ELEMENTS (paths)], NULL, YC_HTTP_NONE, NULL,
                         on_call_done, &calls[i]);
    }
  while (done < N)
    {
      g_main_context_iteration (NULL, TRUE);
      for (done = 0, i = 0; i < N; i++)
        done += calls[i].done;
    }
  for (i = 0; i < N; i++)
    {
      g_assert_no_error (calls[i].error);
      g_assert_cmpuint (yc_http_response_get_status (calls[i].response), ==, 200);
      g_assert_nonnull (yc_http_response_get_object (calls[i].response));
      call_clear (&calls[i]);
    }
}

static void
on_sign_in_for_event (gpointer user_data)
{
  YcHttp *http = user_data;
  g_autofree char *body = sign_in_body ("clerk.zhou", DEMO_PASSWORD);
  g_autoptr(JsonNode) node = parse (body);

  /* Fire and forget: the event it makes ends the long poll. */
  yc_http_request_async (http, "POST", "/sessions", node, NULL, YC_HTTP_NONE, NULL, NULL, NULL);
}

static void
test_long_poll (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autoptr(YcHttp) other = new_http (NULL);
  gint64 after = last_event_seq (http);
  g_autofree char *quiet = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=2", after);
  g_autofree char *woken = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=20", after);
  JsonArray *events;
  gint64 started;
  Call call;

  /* Longer than the overall limit of ordinary requests, which does not apply. */
  yc_http_set_timeouts (http, 0, 1000);
  started = g_get_monotonic_time ();
  run (&call, http, "GET", quiet, NULL, NULL, YC_HTTP_LONG_POLL);
  g_assert_no_error (call.error);
  g_assert_cmpint (call.finished_at - started, >=, 1500 * 1000);
  g_assert_cmpint (call.finished_at - started, <, 8 * G_USEC_PER_SEC);
  events = member_array (yc_http_response_get_object (call.response), "events");
  g_assert_nonnull (events);
  g_assert_cmpuint (json_array_get_length (events), ==, 0);
  call_clear (&call);

  /* Something happens: the answer comes at once. */
  g_timeout_add_once (300, on_sign_in_for_event, other);
  started = g_get_monotonic_time ();
  run (&call, http, "GET", woken, NULL, NULL, YC_HTTP_LONG_POLL);
  g_assert_no_error (call.error);
  g_assert_cmpint (call.finished_at - started, <, 10 * G_USEC_PER_SEC);
  events = member_array (yc_http_response_get_object (call.response), "events");
  g_assert_nonnull (events);
  g_assert_cmpuint (json_array_get_length (events), >=, 1);
  call_clear (&call);

  /* An ordinary request under the same short limit still fits in it. */
  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_no_error (call.error);
  call_clear (&call);
}

static void
test_bad_arguments (void)
{
  g_autoptr(YcHttp) http = new_http (token);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHttp) bad = NULL;
  Call call;

  run (&call, http, "GET", "/cases?q=a b", NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  call_clear (&call);

  run (&call, http, "GET", "/centre", NULL, "key\r\nX-Evil: 1", YC_HTTP_NONE);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  call_clear (&call);

  bad = yc_http_new ("ftp://example.org", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = yc_http_new ("http://yc.example.org", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = yc_http_new (server_url, "/nonexistent/ca.pem", &error);
  g_assert_null (bad);
  g_assert_error (error, YC_API_ERROR, YC_API_ERROR_TLS);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(YcHttp) http = NULL;
  Call call;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  http = yc_http_new (url, NULL, &error);
  g_assert_no_error (error);

  run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
  g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_NETWORK);
  g_assert_null (call.refusal);
  g_assert_true (yc_api_error_is_transient (call.error));
  call_clear (&call);
}

/* A self-signed certificate for 127.0.0.1 in @dir/@name.pem with its key @name.key. */
static void
make_certificate (const char  *openssl,
                  const char  *dir,
                  const char  *name,
                  char       **out_cert,
                  char       **out_key)
{
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *cert = g_build_filename (dir, cert_name, NULL);
  g_autofree char *key = g_build_filename (dir, key_name, NULL);
  g_autofree char *subject = g_strconcat ("/CN=Yichuang test ", name, NULL);
  const char *argv[] = {
    openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-days", "2", "-subj", subject,
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout", key, "-out", cert, NULL
  };
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (wait_status, &error);
  g_assert_no_error (error);
  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
}

/* A YcHttp for the TLS server. The first handshake of a process loads the system's
 * authorities, which takes seconds under a sanitizer on a busy machine, and curl counts it in
 * the connect timeout: the 5 s default would turn the error this test is about into a timeout.
 * The limits stay, so a handshake that hangs still fails the test. */
static YcHttp *
new_tls_http (const char *url,
              const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  YcHttp *http = yc_http_new (url, ca_file, &error);

  g_assert_no_error (error);
  yc_http_set_timeouts (http, 60 * 1000, 90 * 1000);
  return http;
}

static void
test_tls (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other_cert = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *plain_url = NULL;
  g_autofree char *body = sign_in_body ("clerk.li", DEMO_PASSWORD);
  char *dir;
  Server *tls;
  Call call;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  dir = g_dir_make_tmp ("yc-test-https-XXXXXX", &error);
  g_assert_no_error (error);
  make_certificate (openssl, dir, "site", &cert, &key);
  make_certificate (openssl, dir, "other", &other_cert, &other_key);
  tls = server_start (dir, cert, key);
  g_assert_nonnull (tls);
  g_assert_true (g_str_has_prefix (tls->url, "https://"));

  /* The system's authorities do not know the site's certificate. */
  {
    g_autoptr(YcHttp) http = new_tls_http (tls->url, NULL);

    run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
    g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_TLS);
    g_assert_null (call.refusal);
    g_assert_false (yc_api_error_is_transient (call.error));
    call_clear (&call);
  }

  /* Nor does another site's CA file. */
  {
    g_autoptr(YcHttp) http = new_tls_http (tls->url, other_cert);

    run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
    g_assert_error (call.error, YC_API_ERROR, YC_API_ERROR_TLS);
    call_clear (&call);
  }

  /* The site's CA file: everything works. */
  {
    g_autoptr(YcHttp) http = new_tls_http (tls->url, cert);

    run (&call, http, "POST", "/sessions", body, NULL, YC_HTTP_NONE);
    g_assert_no_error (call.error);
    g_assert_cmpuint (yc_http_response_get_status (call.response), ==, 201);
    yc_http_set_token (http, member_string (yc_http_response_get_object (call.response),
                                            "token"));
    call_clear (&call);
    run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
    g_assert_no_error (call.error);
    call_clear (&call);
  }

  /* The same host name under https:// to a server that speaks plain HTTP. */
  {
    g_autoptr(YcHttp) http = NULL;
    g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, &error);

    g_assert_no_error (error);
    plain_url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uri));
    http = yc_http_new (plain_url, NULL, &error);
    g_assert_no_error (error);
    yc_http_set_timeouts (http, 1000, 2000);
    run (&call, http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE);
    g_assert_nonnull (call.error);
    g_assert_true (g_error_matches (call.error, YC_API_ERROR, YC_API_ERROR_TLS)
                   || g_error_matches (call.error, YC_API_ERROR, YC_API_ERROR_TIMEOUT));
    call_clear (&call);
  }

  server_stop (tls);
}

static void
test_unref_in_flight (void)
{
  YcHttp *http = new_http (token);
  Call call = { .http = http };

  /* Dropping our reference does not stop the request; the task keeps the YcHttp alive. */
  yc_http_get_async (http, "/centre", NULL, YC_HTTP_NONE, NULL, on_call_done, &call);
  g_object_unref (http);
  wait_for (&call.done);
  g_assert_no_error (call.error);
  call_clear (&call);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("YC_SERVER_BIN") == NULL)
    {
      g_test_skip ("YC_SERVER_BIN is not set");
      g_print ("1..0 # SKIP YC_SERVER_BIN is not set\n");
      return 0;
    }
  server = server_start_plain ();
  if (server == NULL)
    return 1;
  server_url = server->url;

  g_test_add_func ("/http/sign-in", test_sign_in);
  g_test_add_func ("/http/wrong-password", test_wrong_password);
  g_test_add_func ("/http/centre", test_centre);
  g_test_add_func ("/http/etag", test_etag);
  g_test_add_func ("/http/unauthorized", test_unauthorized);
  g_test_add_func ("/http/not-found", test_not_found);
  g_test_add_func ("/http/unprocessable", test_unprocessable);
  g_test_add_func ("/http/idempotency", test_idempotency);
  g_test_add_func ("/http/batch", test_batch);
  g_test_add_func ("/http/cancel", test_cancel);
  g_test_add_func ("/http/concurrent", test_concurrent);
  g_test_add_func ("/http/long-poll", test_long_poll);
  g_test_add_func ("/http/bad-arguments", test_bad_arguments);
  g_test_add_func ("/http/unreachable", test_unreachable);
  g_test_add_func ("/http/tls", test_tls);
  g_test_add_func ("/http/unref-in-flight", test_unref_in_flight);

  status = g_test_run ();
  g_clear_pointer (&token, g_free);
  g_clear_pointer (&server, server_stop);
  return status;
}
