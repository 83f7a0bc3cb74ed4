/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-server.c: requests/s and p99 latency of yichuang-server for GET /service-items/{code}
 * and POST /cases (durable), against a floor measured in the same run: a bare SoupServer
 * answering a fixed JSON body (GET) and inserting one row into a WAL + synchronous=FULL SQLite
 * table (POST). The load generator is libcurl multi with 32 keep-alive HTTP/1.1 connections
 * on loopback.
 *
 * Prints one line:
 *   get_rps=… get_p99_ms=… post_rps=… post_p99_ms=… floor_get_rps=… floor_post_rps=…
 *   get_ratio=… post_ratio=…
 * Targets (printed, not enforced): get_ratio >= 0.5, post_ratio >= 0.6. */
#define G_LOG_DOMAIN "bench-server"

#include "config.h"

#include <curl/curl.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "yc-test-server.h"

#define CONNECTIONS   32
#define WARMUP_S      0.5
#define DEFAULT_PHASE 5.0
/* Each phase runs in ROUNDS slices alternating with its floor, so that a change in disk or CPU
 * speed during the run affects both alike. */
#define ROUNDS        2

/* ------------------------------------------------------------------ the floor server */

typedef struct {
  GMainContext *ctx;
  GMainLoop    *loop;
  SoupServer   *server;
  sqlite3      *db;
  sqlite3_stmt *insert;
  GBytes       *get_body;
  char         *dir;
  guint         port;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint64       rows;
} Floor;

static void
floor_get_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Floor *f = user_data;
  gsize len;
  const char *data = g_bytes_get_data (f->get_body, &len);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    data, len);
}

static void
floor_post_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Floor *f = user_data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  sqlite3_bind_text (f->insert, 1, key ? key : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (f->insert, 2, data, (int) len, SQLITE_TRANSIENT);
  if (sqlite3_step (f->insert) != SQLITE_DONE)
    {
      sqlite3_reset (f->insert);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  sqlite3_reset (f->insert);
  f->rows++;
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    data, len);
}

static gboolean
floor_open_db (Floor *f)
{
  g_autofree char *path = g_build_filename (f->dir, "floor.db", NULL);
  const char *setup =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "CREATE TABLE cases (id TEXT PRIMARY KEY, body BLOB NOT NULL);";

  if (sqlite3_open (path, &f->db) != SQLITE_OK ||
      sqlite3_exec (f->db, setup, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (f->db, "INSERT INTO cases (id, body) VALUES (?, ?)", -1, &f->insert, NULL) != SQLITE_OK)
    {
      g_printerr ("floor database: %s\n", sqlite3_errmsg (f->db));
      return FALSE;
    }
  return TRUE;
}

static gpointer
floor_thread (gpointer data)
{
  Floor *f = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (f->ctx);
  f->server = soup_server_new ("server-header", "floor", NULL);
  soup_server_add_handler (f->server, "/floor/item", floor_get_cb, f, NULL);
  soup_server_add_handler (f->server, "/floor/cases", floor_post_cb, f, NULL);
  if (!floor_open_db (f) ||
      !soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      if (error)
        g_printerr ("floor server: %s\n", error->message);
    }
  else
    {
      uris = soup_server_get_uris (f->server);
      if (uris != NULL)
        f->port = g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  g_mutex_lock (&f->lock);
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);
  if (f->port != 0)
    g_main_loop_run (f->loop);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  sqlite3_finalize (f->insert);
  sqlite3_close (f->db);
  g_main_context_pop_thread_default (f->ctx);
  return NULL;
}

/* ------------------------------------------------------------------ the load generator */

typedef struct {
  const char *name;
  char       *url;
  gboolean    post;
  const char *token;
  YcItem     *item;
  double      seconds;          /* per slice */
  double      measured;         /* seconds measured over all slices */
  /* results */
  GArray     *latencies_us;   /* gint64 */
  guint       ok;
  guint       errors;
  long        connects;
  double      rps;
  double      p99_ms;
  double      p50_ms;
  guint       first_error_status;
} Phase;

typedef struct {
  CURL              *easy;
  struct curl_slist *headers;
  char              *body;
} Slot;

static size_t
discard_cb (char *ptr, size_t size, size_t nmemb, void *data)
{
  return size * nmemb;
}

static void
arm (Slot  *slot,
     Phase *phase)
{
  curl_slist_free_all (slot->headers);
  slot->headers = NULL;
  g_clear_pointer (&slot->body, g_free);
  curl_easy_reset (slot->easy);
  curl_easy_setopt (slot->easy, CURLOPT_URL, phase->url);
  curl_easy_setopt (slot->easy, CURLOPT_PRIVATE, slot);
  curl_easy_setopt (slot->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (slot->easy, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (slot->easy, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (slot->easy, CURLOPT_WRITEFUNCTION, discard_cb);
  curl_easy_setopt (slot->easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1);
  curl_easy_setopt (slot->easy, CURLOPT_TCP_NODELAY, 1L);
  if (phase->token != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Authorization: Bearer %s", phase->token);

      slot->headers = curl_slist_append (slot->headers, h);
    }
  slot->headers = curl_slist_append (slot->headers, "Accept: application/json");
  slot->headers = curl_slist_append (slot->headers, "Expect:");
  if (phase->post)
    {
      g_autofree char *key = yc_uuid ();
      g_autofree char *id = yc_uuid ();
      g_autofree char *kh = g_strdup_printf ("Idempotency-Key: %s", key);

      slot->body = yc_case_json (id, phase->item, "accepted", NULL, NULL, NULL, NULL);
      slot->headers = curl_slist_append (slot->headers, kh);
      slot->headers = curl_slist_append (slot->headers, "Content-Type: application/json; charset=utf-8");
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDSIZE, (long) strlen (slot->body));
      curl_easy_setopt (slot->easy, CURLOPT_POSTFIELDS, slot->body);
    }
  else
    curl_easy_setopt (slot->easy, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt (slot->easy, CURLOPT_HTTPHEADER, slot->headers);
}

static int
compare_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
run_phase (Phase *phase)
{
  CURLM *multi = curl_multi_init ();
  Slot slots[CONNECTIONS];
  double t0, measure_from, end;
  int running = 0, inflight = CONNECTIONS;
  guint i;
  long expected = phase->post ? 201 : 200;

  curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) CONNECTIONS);
  curl_multi_setopt (multi, CURLMOPT_MAXCONNECTS, (long) CONNECTIONS);
  curl_multi_setopt (multi, CURLMOPT_PIPELINING, (long) CURLPIPE_NOTHING);
  if (phase->latencies_us == NULL)
    phase->latencies_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  t0 = yc_now ();
  measure_from = t0 + WARMUP_S;
  end = measure_from + phase->seconds;
  for (i = 0; i < CONNECTIONS; i++)
    {
      slots[i] = (Slot) { curl_easy_init (), NULL, NULL };
      arm (&slots[i], phase);
      curl_multi_add_handle (multi, slots[i].easy);
    }

  while (inflight > 0)
    {
      CURLMsg *msg;
      int left;

      curl_multi_perform (multi, &running);
      while ((msg = curl_multi_info_read (multi, &left)) != NULL)
        {
          Slot *slot = NULL;
          long status = 0, connects = 0;
          curl_off_t total_us = 0;
          double now = yc_now ();

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &slot);
          curl_easy_getinfo (msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
          curl_easy_getinfo (msg->easy_handle, CURLINFO_TOTAL_TIME_T, &total_us);
          curl_easy_getinfo (msg->easy_handle, CURLINFO_NUM_CONNECTS, &connects);
          phase->connects += connects;
          if (now >= measure_from && now <= end)
            {
              if (msg->data.result == CURLE_OK && status == expected)
                {
                  gint64 us = total_us;

                  phase->ok++;
                  g_array_append_val (phase->latencies_us, us);
                }
              else
                {
                  if (phase->errors++ == 0)
                    phase->first_error_status = (guint) status;
                }
            }
          curl_multi_remove_handle (multi, msg->easy_handle);
          if (now < end)
            {
              arm (slot, phase);
              curl_multi_add_handle (multi, slot->easy);
            }
          else
            inflight--;
        }
      if (inflight > 0)
        curl_multi_poll (multi, NULL, 0, 100, NULL);
    }

  for (i = 0; i < CONNECTIONS; i++)
    {
      curl_easy_cleanup (slots[i].easy);
      curl_slist_free_all (slots[i].headers);
      g_free (slots[i].body);
    }
  curl_multi_cleanup (multi);
  phase->measured += phase->seconds;
}

static void
finish_phase (Phase *phase)
{
  phase->rps = phase->measured > 0 ? phase->ok / phase->measured : 0;
  if (phase->latencies_us->len > 0)
    {
      guint n = phase->latencies_us->len;

      g_array_sort (phase->latencies_us, compare_i64);
      phase->p99_ms = g_array_index (phase->latencies_us, gint64, MIN (n - 1, (guint) (n * 0.99))) / 1000.0;
      phase->p50_ms = g_array_index (phase->latencies_us, gint64, n / 2) / 1000.0;
    }
  g_printerr ("%-10s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  ok %u  errors %u (first: HTTP %u)  "
              "new connections %ld\n",
              phase->name, phase->rps, phase->p50_ms, phase->p99_ms, phase->ok, phase->errors,
              phase->first_error_status, phase->connects);
}

/* ------------------------------------------------------------------ main */

static size_t
collect_cb (char *ptr, size_t size, size_t nmemb, void *data)
{
  g_string_append_len (data, ptr, size * nmemb);
  return size * nmemb;
}

static GBytes *
get_body (const char *url,
          const char *token)
{
  CURL *easy = curl_easy_init ();
  GString *out = g_string_new (NULL);
  struct curl_slist *headers = NULL;
  g_autofree char *auth = g_strdup_printf ("Authorization: Bearer %s", token);
  long status = 0;

  headers = curl_slist_append (headers, auth);
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, collect_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, out);
  curl_easy_perform (easy);
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (easy);
  curl_slist_free_all (headers);
  if (status != 200)
    {
      g_printerr ("GET %s: HTTP %ld\n", url, status);
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free_to_bytes (out);
}

int
main (int argc, char **argv)
{
  g_autoptr(YcTestServer) srv = NULL;
  g_autoptr(YcTestSession) session = NULL;
  g_autoptr(YcItem) item = NULL;
  g_autoptr(GBytes) item_body = NULL;
  Floor floor = { 0 };
  GThread *floor_th;
  const char *env_seconds = g_getenv ("YC_BENCH_SECONDS");
  double seconds = env_seconds ? g_ascii_strtod (env_seconds, NULL) : DEFAULT_PHASE;
  Phase get = { "get" }, post = { "post" }, floor_get = { "floor_get" }, floor_post = { "floor_post" };
  double get_ratio, post_ratio;
  guint i;
  char buf[8][G_ASCII_DTOSTR_BUF_SIZE];

  g_set_prgname ("bench-server");
  signal (SIGPIPE, SIG_IGN);
  curl_global_init (CURL_GLOBAL_ALL);
  yc_test_set_recording (FALSE);
  if (seconds <= 0 || seconds > 20)
    seconds = DEFAULT_PHASE;
  seconds /= ROUNDS;

  srv = yc_test_server_start (NULL, TRUE);
  if (srv == NULL)
    {
      g_printerr ("could not start the server ($YC_SERVER_BIN)\n");
      return 1;
    }
  session = yc_sign_in (srv, "clerk.li", "bench");
  if (session == NULL)
    {
      g_printerr ("could not sign in as clerk.li\n");
      return 1;
    }
  item = yc_find_item (srv, session->token, session->department_id, FALSE, -1);
  if (item == NULL)
    {
      g_printerr ("no service item to use\n");
      return 1;
    }

  get.url = g_strdup_printf ("%s/api/v1/service-items/%s", yc_test_server_get_url (srv), item->code);
  get.token = session->token;
  get.seconds = seconds;
  post.url = g_strdup_printf ("%s/api/v1/cases", yc_test_server_get_url (srv));
  post.token = session->token;
  post.item = item;
  post.post = TRUE;
  post.seconds = seconds;

  /* The floor answers GET with exactly the bytes the real server sends for the item. */
  item_body = get_body (get.url, session->token);
  if (item_body == NULL)
    return 1;

  floor.ctx = g_main_context_new ();
  floor.loop = g_main_loop_new (floor.ctx, FALSE);
  floor.get_body = g_bytes_ref (item_body);
  floor.dir = g_dir_make_tmp ("yc-bench-floor-XXXXXX", NULL);
  g_mutex_init (&floor.lock);
  g_cond_init (&floor.cond);
  floor_th = g_thread_new ("floor", floor_thread, &floor);
  g_mutex_lock (&floor.lock);
  while (!floor.ready)
    g_cond_wait (&floor.cond, &floor.lock);
  g_mutex_unlock (&floor.lock);
  if (floor.port == 0)
    return 1;
  floor_get.url = g_strdup_printf ("http://127.0.0.1:%u/floor/item", floor.port);
  floor_get.seconds = seconds;
  floor_post.url = g_strdup_printf ("http://127.0.0.1:%u/floor/cases", floor.port);
  floor_post.post = TRUE;
  floor_post.item = item;
  floor_post.seconds = seconds;

  g_printerr ("%d connections, %d x %.1f s per phase (each +%.1f s warm-up), item %s (%zu bytes)\n",
              CONNECTIONS, ROUNDS, seconds, WARMUP_S, item->code, g_bytes_get_size (item_body));
  for (i = 0; i < ROUNDS; i++)
    {
      run_phase (&get);
      run_phase (&floor_get);
    }
  for (i = 0; i < ROUNDS; i++)
    {
      run_phase (&post);
      run_phase (&floor_post);
    }
  finish_phase (&get);
  finish_phase (&floor_get);
  finish_phase (&post);
  finish_phase (&floor_post);

  g_main_loop_quit (floor.loop);
  g_main_context_wakeup (floor.ctx);
  g_thread_join (floor_th);

  if (!yc_test_server_stop (srv))
    g_printerr ("the server did not stop cleanly\n");

  get_ratio = floor_get.rps > 0 ? get.rps / floor_get.rps : 0;
  post_ratio = floor_post.rps > 0 ? post.rps / floor_post.rps : 0;
  g_ascii_formatd (buf[0], sizeof buf[0], "%.0f", get.rps);
  g_ascii_formatd (buf[1], sizeof buf[1], "%.2f", get.p99_ms);
  g_ascii_formatd (buf[2], sizeof buf[2], "%.0f", post.rps);
  g_ascii_formatd (buf[3], sizeof buf[3], "%.2f", post.p99_ms);
  g_ascii_formatd (buf[4], sizeof buf[4], "%.0f", floor_get.rps);
  g_ascii_formatd (buf[5], sizeof buf[5], "%.0f", floor_post.rps);
  g_ascii_formatd (buf[6], sizeof buf[6], "%.2f", get_ratio);
  g_ascii_formatd (buf[7], sizeof buf[7], "%.2f", post_ratio);
  printf ("get_rps=%s get_p99_ms=%s post_rps=%s post_p99_ms=%s floor_get_rps=%s floor_post_rps=%s "
          "get_ratio=%s post_ratio=%s\n",
          buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7]);
  g_printerr ("targets: get_ratio >= 0.5 (%s), post_ratio >= 0.6 (%s)\n",
              get_ratio >= 0.5 ? "met" : "NOT met", post_ratio >= 0.6 ? "met" : "NOT met");
  fflush (stdout);

  if (get.errors > 0 || post.errors > 0)
    g_printerr ("the real server answered %u GET and %u POST requests with errors\n",
                get.errors, post.errors);
  {
    g_autofree char *db = g_build_filename (floor.dir, "floor.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    remove (db);
    remove (wal);
    remove (shm);
    remove (floor.dir);
  }
  return (get.ok > 0 && post.ok > 0) ? 0 : 1;
}
