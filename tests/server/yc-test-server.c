/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-test-server.c: the harness of the server test suite and benchmark. */
#define G_LOG_DOMAIN "yc-test-server"

#include "config.h"

#include "yc-test-server.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define START_TIMEOUT_S   30
#define STOP_TIMEOUT_S    20
#define MAX_BODY          (64 * 1024 * 1024)

struct _YcTestServer {
  GPid      pid;
  char     *url;
  char     *db_path;
  char     *tmpdir;      /* removed at free when set */
  char     *log_path;
  int       stdout_fd;
  GThread  *drain;
  gboolean  running;
};

static GMutex        record_lock;
static FILE         *exchanges;
static char         *exchanges_path;
static gboolean      recording = TRUE;
static YcTestServer *default_server;
static guint         number_counter;
static guint         number_base;
static guint         id_counter;
static GMutex        secrets_lock;
static GPtrArray    *secrets;     /* strings that must not be logged */
static GPtrArray    *log_paths;   /* logs of every server this program ran */

/* ------------------------------------------------------------------ helpers */

double
yc_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* g_test_message() in a test program, stderr elsewhere (the benchmark keeps stdout for its
 * result line). */
static void
note (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
note (const char *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (g_test_initialized ())
    g_test_message ("%s", msg);
  else
    g_printerr ("%s\n", msg);
}

void
yc_test_failf (const char *file,
               int         line,
               const char *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  note ("FAIL %s:%d: %s", file, line, msg);
  if (g_test_initialized ())
    g_test_fail ();
}

gboolean
yc_has_cjk (const char *s)
{
  const char *p;

  if (s == NULL || !g_utf8_validate (s, -1, NULL))
    return FALSE;
  for (p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
        return TRUE;
    }
  return FALSE;
}

/* Where logs and exchange files go: next to the test executable. */
static char *
build_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe != NULL)
    return g_path_get_dirname (exe);
  return g_get_current_dir ();
}

static char *
program_name (void)
{
  return g_path_get_basename (g_get_prgname () ? g_get_prgname () : "yc-test");
}

/* ------------------------------------------------------------------ secrets */

void
yc_test_note_secret (const char *secret)
{
  if (secret == NULL || strlen (secret) < 8)
    return;
  g_mutex_lock (&secrets_lock);
  if (secrets == NULL)
    secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (secrets, g_strdup (secret));
  g_mutex_unlock (&secrets_lock);
}

static void
note_log_path (const char *path)
{
  g_mutex_lock (&secrets_lock);
  if (log_paths == NULL)
    log_paths = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (log_paths, path, g_str_equal, NULL))
    g_ptr_array_add (log_paths, g_strdup (path));
  g_mutex_unlock (&secrets_lock);
}

/* ------------------------------------------------------------------ the server process */

static gpointer
drain_thread (gpointer data)
{
  YcTestServer *self = data;
  int log_fd = open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  char buf[4096];

  for (;;)
    {
      ssize_t n = read (self->stdout_fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (log_fd >= 0 && write (log_fd, buf, n) < 0)
        break;
    }
  if (log_fd >= 0)
    close (log_fd);
  return NULL;
}

static char *
read_first_line (int fd, double deadline)
{
  GString *line = g_string_new (NULL);

  while (yc_now () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int left_ms = (int) ((deadline - yc_now ()) * 1000) + 1;
      int r = poll (&pfd, 1, left_ms);
      char c;
      ssize_t n;

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

static gboolean
wait_exit (GPid pid, double timeout_s, int *out_status)
{
  double deadline = yc_now () + timeout_s;

  for (;;)
    {
      int status = 0;
      pid_t r = waitpid (pid, &status, WNOHANG);

      if (r == pid)
        {
          *out_status = status;
          return TRUE;
        }
      if (r < 0 && errno != EINTR)
        {
          *out_status = -1;
          return TRUE;
        }
      if (yc_now () > deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
}

void
yc_test_server_dump_log (YcTestServer *self,
                         guint         lines)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) all = NULL;
  guint n, i;

  if (self == NULL || !g_file_get_contents (self->log_path, &text, NULL, NULL))
    return;
  all = g_strsplit (text, "\n", -1);
  n = g_strv_length (all);
  note ("--- last lines of %s ---", self->log_path);
  for (i = n > lines ? n - lines : 0; i < n; i++)
    if (all[i][0] != '\0')
      note ("| %s", all[i]);
}

YcTestServer *
yc_test_server_start (const char *db_path,
                      gboolean    demo)
{
  const char *bin = g_getenv ("YC_SERVER_BIN");
  g_autoptr(YcTestServer) self = g_new0 (YcTestServer, 1);
  g_autofree char *dir = build_dir ();
  g_autofree char *line = NULL;
  g_autofree char *prg = program_name ();
  static guint serial;
  int out_pipe[2];
  int log_fd;
  const char *argv[8];
  int argc = 0;

  if (bin == NULL || !g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      yc_fail ("YC_SERVER_BIN is not set to an executable (%s)", bin ? bin : "unset");
      return NULL;
    }
  self->stdout_fd = -1;
  if (db_path == NULL)
    {
      self->tmpdir = g_dir_make_tmp ("yc-stest-XXXXXX", NULL);
      if (self->tmpdir == NULL)
        {
          yc_fail ("cannot make a temporary directory");
          return NULL;
        }
      self->db_path = g_build_filename (self->tmpdir, "server.db", NULL);
    }
  else
    self->db_path = g_strdup (db_path);
  self->log_path = g_strdup_printf ("%s/%s-%u.server.log", dir, prg, serial++);

  argv[argc++] = bin;
  argv[argc++] = "--listen";
  argv[argc++] = "127.0.0.1:0";
  argv[argc++] = "--db";
  argv[argc++] = self->db_path;
  if (demo)
    argv[argc++] = "--demo";
  argv[argc] = NULL;

  if (pipe2 (out_pipe, O_CLOEXEC) != 0)
    {
      yc_fail ("pipe: %s", g_strerror (errno));
      return NULL;
    }
  log_fd = open (self->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  self->pid = fork ();
  if (self->pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      dup2 (out_pipe[1], STDOUT_FILENO);
      if (log_fd >= 0)
        dup2 (log_fd, STDERR_FILENO);
      execv (bin, (char **) argv);
      _exit (127);
    }
  close (out_pipe[1]);
  if (log_fd >= 0)
    close (log_fd);
  if (self->pid < 0)
    {
      close (out_pipe[0]);
      yc_fail ("fork: %s", g_strerror (errno));
      return NULL;
    }
  self->running = TRUE;
  self->stdout_fd = out_pipe[0];

  line = read_first_line (self->stdout_fd, yc_now () + START_TIMEOUT_S);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    {
      yc_fail ("the server did not print \"listening on <url>\" first (got %s)",
               line ? line : "nothing");
      yc_test_server_kill (self);
      yc_test_server_dump_log (self, 30);
      return NULL;
    }
  self->url = g_strstrip (g_strdup (line + strlen ("listening on ")));
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  if (g_str_has_suffix (self->url, "/api/v1"))
    self->url[strlen (self->url) - strlen ("/api/v1")] = '\0';
  self->drain = g_thread_new ("yc-drain", drain_thread, self);
  note_log_path (self->log_path);
  note ("server %d at %s, log %s", (int) self->pid, self->url, self->log_path);
  return g_steal_pointer (&self);
}

YcTestServer *
yc_test_server_default (void)
{
  if (default_server == NULL)
    default_server = yc_test_server_start (NULL, TRUE);
  return default_server;
}

const char *
yc_test_server_get_url (YcTestServer *self)
{
  return self ? self->url : "http://127.0.0.1:9";
}

const char *
yc_test_server_get_db_path (YcTestServer *self)
{
  return self->db_path;
}

const char *
yc_test_server_get_log_path (YcTestServer *self)
{
  return self->log_path;
}

GPid
yc_test_server_get_pid (YcTestServer *self)
{
  return self->pid;
}

static void
finish_process (YcTestServer *self)
{
  self->running = FALSE;
  if (self->drain != NULL)
    g_thread_join (g_steal_pointer (&self->drain));
  if (self->stdout_fd >= 0)
    close (self->stdout_fd);
  self->stdout_fd = -1;
}

gboolean
yc_test_server_stop (YcTestServer *self)
{
  int status = 0;

  if (self == NULL || !self->running)
    return FALSE;
  kill (self->pid, SIGTERM);
  if (!wait_exit (self->pid, STOP_TIMEOUT_S, &status))
    {
      yc_fail ("the server did not exit within %d s of SIGTERM", STOP_TIMEOUT_S);
      kill (self->pid, SIGKILL);
      wait_exit (self->pid, 10, &status);
      finish_process (self);
      yc_test_server_dump_log (self, 30);
      return FALSE;
    }
  finish_process (self);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      if (WIFSIGNALED (status))
        yc_fail ("the server died of signal %d after SIGTERM", WTERMSIG (status));
      else
        yc_fail ("the server exited with status %d after SIGTERM", WEXITSTATUS (status));
      yc_test_server_dump_log (self, 30);
      return FALSE;
    }
  return TRUE;
}

void
yc_test_server_kill (YcTestServer *self)
{
  int status;

  if (self == NULL || !self->running)
    return;
  kill (self->pid, SIGKILL);
  wait_exit (self->pid, 10, &status);
  finish_process (self);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
yc_test_server_free (YcTestServer *self)
{
  if (self == NULL)
    return;
  if (self->running)
    {
      int status;

      kill (self->pid, SIGTERM);
      if (!wait_exit (self->pid, STOP_TIMEOUT_S, &status))
        {
          kill (self->pid, SIGKILL);
          wait_exit (self->pid, 10, &status);
        }
      finish_process (self);
    }
  if (self->tmpdir != NULL && g_getenv ("YC_KEEP_TMP") == NULL)
    remove_tree (self->tmpdir);
  if (self == default_server)
    default_server = NULL;
  g_free (self->tmpdir);
  g_free (self->url);
  g_free (self->db_path);
  g_free (self->log_path);
  g_free (self);
}

/* ------------------------------------------------------------------ recording */

static void
record_exchange (YcResponse *resp)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (!recording || exchanges == NULL || resp->status == 0)
    return;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, resp->method);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, resp->path);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, resp->status);
  json_builder_set_member_name (b, "content_type");
  if (resp->content_type)
    json_builder_add_string_value (b, resp->content_type);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "body");
  if (resp->json)
    json_builder_add_value (b, json_node_copy (resp->json));
  else
    json_builder_add_null_value (b);
  {
    const char *allow = yc_response_header (resp, "allow");
    const char *etag = yc_response_header (resp, "etag");
    const char *replayed = yc_response_header (resp, "idempotent-replayed");
    const char *retry = yc_response_header (resp, "retry-after");

    json_builder_set_member_name (b, "headers");
    json_builder_begin_object (b);
    if (allow)
      {
        json_builder_set_member_name (b, "Allow");
        json_builder_add_string_value (b, allow);
      }
    if (etag)
      {
        json_builder_set_member_name (b, "ETag");
        json_builder_add_string_value (b, etag);
      }
    if (replayed)
      {
        json_builder_set_member_name (b, "Idempotent-Replayed");
        json_builder_add_string_value (b, replayed);
      }
    if (retry)
      {
        json_builder_set_member_name (b, "Retry-After");
        json_builder_add_string_value (b, retry);
      }
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);

  g_mutex_lock (&record_lock);
  fputs (text, exchanges);
  fputc ('\n', exchanges);
  fflush (exchanges);
  g_mutex_unlock (&record_lock);
}

void
yc_test_set_recording (gboolean record)
{
  recording = record;
}

/* ------------------------------------------------------------------ requests */

static void
easy_free (gpointer data)
{
  curl_easy_cleanup (data);
}

static GPrivate easy_key = G_PRIVATE_INIT (easy_free);

static CURL *
get_easy (void)
{
  CURL *easy = g_private_get (&easy_key);

  if (easy == NULL)
    {
      easy = curl_easy_init ();
      g_private_set (&easy_key, easy);
    }
  else
    curl_easy_reset (easy);
  return easy;
}

typedef struct {
  YcResponse *resp;
  GByteArray *buf;
} Sink;

static size_t
on_header (char *data, size_t size, size_t nmemb, void *user_data)
{
  Sink *sink = user_data;
  size_t len = size * nmemb;
  g_autofree char *line = g_strndup (data, len);
  char *colon;

  g_strchomp (line);
  if (g_str_has_prefix (line, "HTTP/"))
    g_hash_table_remove_all (sink->resp->headers);
  else if ((colon = strchr (line, ':')) != NULL)
    {
      g_autofree char *name = g_ascii_strdown (line, colon - line);
      char *value = g_strstrip (g_strdup (colon + 1));
      const char *old = g_hash_table_lookup (sink->resp->headers, name);

      if (old != NULL)
        {
          char *joined = g_strdup_printf ("%s, %s", old, value);

          g_free (value);
          value = joined;
        }
      g_hash_table_replace (sink->resp->headers, g_steal_pointer (&name), value);
    }
  return len;
}

static size_t
on_body (char *data, size_t size, size_t nmemb, void *user_data)
{
  Sink *sink = user_data;
  size_t len = size * nmemb;

  if (sink->buf->len + len > MAX_BODY)
    return 0;
  g_byte_array_append (sink->buf, (const guint8 *) data, len);
  return len;
}

typedef struct {
  const char *data;
  gsize       len;
  gsize       pos;
} Source;

static size_t
on_read (char *buffer, size_t size, size_t nitems, void *user_data)
{
  Source *src = user_data;
  size_t n = MIN (size * nitems, src->len - src->pos);

  memcpy (buffer, src->data + src->pos, n);
  src->pos += n;
  return n;
}

YcResponse *
yc_request_full (YcTestServer           *server,
                 const char             *method,
                 const char             *path,
                 const char             *body,
                 gssize                  body_len,
                 const YcRequestOptions *opts)
{
  static const YcRequestOptions no_opts = { 0 };
  YcResponse *resp = g_new0 (YcResponse, 1);
  struct curl_slist *headers = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  Sink sink;
  Source source = { 0 };
  CURL *easy;
  CURLcode rc;
  long status = 0;
  double t0;
  gboolean is_post = g_strcmp0 (method, "POST") == 0;

  if (opts == NULL)
    opts = &no_opts;
  if (body != NULL && body_len < 0)
    body_len = strlen (body);

  resp->method = g_strdup (method);
  if (path[0] == '!')
    resp->path = g_strdup (path + 1);
  else if (g_str_has_prefix (path, "/api/"))
    resp->path = g_strdup (path);
  else
    resp->path = g_strconcat ("/api/v1", path, NULL);
  resp->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  url = g_strconcat (yc_test_server_get_url (server), resp->path, NULL);

  if (opts->token != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Authorization: Bearer %s", opts->token);
      headers = curl_slist_append (headers, h);
    }
  if (!opts->no_idempotency_key && (is_post || opts->idempotency_key != NULL))
    {
      g_autofree char *h = NULL;

      key = opts->idempotency_key ? g_strdup (opts->idempotency_key) : yc_uuid ();
      h = g_strdup_printf ("Idempotency-Key: %s", key);
      headers = curl_slist_append (headers, h);
      resp->idempotency_key = g_strdup (key);
    }
  if (body != NULL)
    {
      if (opts->content_type == NULL)
        headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
      else if (opts->content_type[0] != '\0')
        {
          g_autofree char *h = g_strdup_printf ("Content-Type: %s", opts->content_type);
          headers = curl_slist_append (headers, h);
        }
      else
        headers = curl_slist_append (headers, "Content-Type:");
    }
  else
    headers = curl_slist_append (headers, "Content-Type:");
  if (opts->accept_language != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Accept-Language: %s", opts->accept_language);
      headers = curl_slist_append (headers, h);
    }
  if (opts->if_none_match != NULL)
    {
      g_autofree char *h = g_strdup_printf ("If-None-Match: %s", opts->if_none_match);
      headers = curl_slist_append (headers, h);
    }
  if (opts->offline)
    headers = curl_slist_append (headers, "X-Yc-Offline: 1");
  if (opts->extra_header != NULL)
    headers = curl_slist_append (headers, opts->extra_header);
  headers = curl_slist_append (headers, opts->expect_continue ? "Expect: 100-continue" : "Expect:");
  headers = curl_slist_append (headers, "Accept: application/json, application/problem+json");

  easy = get_easy ();
  sink.resp = resp;
  sink.buf = g_byte_array_new ();
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT, (long) (opts->timeout_s ? opts->timeout_s : 30));
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt (easy, CURLOPT_EXPECT_100_TIMEOUT_MS, 3000L);
  if (g_strcmp0 (method, "GET") == 0)
    curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  else
    {
      if (!is_post)
        curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);
      if (body != NULL && opts->chunked)
        {
          source.data = body;
          source.len = body_len;
          headers = curl_slist_append (headers, "Transfer-Encoding: chunked");
          curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
          curl_easy_setopt (easy, CURLOPT_POST, 1L);
          curl_easy_setopt (easy, CURLOPT_READFUNCTION, on_read);
          curl_easy_setopt (easy, CURLOPT_READDATA, &source);
        }
      else if (body != NULL || is_post)
        {
          curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) (body ? body_len : 0));
          curl_easy_setopt (easy, CURLOPT_POSTFIELDS, body ? body : "");
        }
    }

  t0 = yc_now ();
  rc = curl_easy_perform (easy);
  resp->elapsed = yc_now () - t0;
  resp->transport_error = rc;
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  resp->status = (rc == CURLE_OK) ? (guint) status : 0;
  curl_slist_free_all (headers);
  /* Keep nothing pointing at our stack. */
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, NULL);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, NULL);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (easy, CURLOPT_READDATA, NULL);

  g_byte_array_append (sink.buf, (const guint8 *) "", 1);
  {
    /* A slice of a NUL-terminated buffer, so yc_response_text() can hand out a string. */
    g_autoptr(GBytes) full = g_byte_array_free_to_bytes (sink.buf);

    resp->body = g_bytes_new_from_bytes (full, 0, g_bytes_get_size (full) - 1);
  }
  resp->content_type = g_strdup (g_hash_table_lookup (resp->headers, "content-type"));

  if (rc != CURLE_OK)
    note ("%s %s: transport error: %s", method, resp->path, curl_easy_strerror (rc));

  if (resp->content_type != NULL && strstr (resp->content_type, "json") != NULL &&
      g_bytes_get_size (resp->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, g_bytes_get_data (resp->body, NULL),
                                      g_bytes_get_size (resp->body), NULL))
        resp->json = json_node_copy (json_parser_get_root (parser));
    }
  if (!opts->no_record)
    record_exchange (resp);
  return resp;
}

YcResponse *
yc_get (YcTestServer *server,
        const char   *token,
        const char   *path)
{
  YcRequestOptions o = { .token = token };

  return yc_request_full (server, "GET", path, NULL, -1, &o);
}

YcResponse *
yc_post (YcTestServer *server,
         const char   *token,
         const char   *path,
         const char   *body)
{
  YcRequestOptions o = { .token = token };

  return yc_request_full (server, "POST", path, body, -1, &o);
}

YcResponse *
yc_post_key (YcTestServer *server,
             const char   *token,
             const char   *path,
             const char   *key,
             const char   *body)
{
  YcRequestOptions o = { .token = token, .idempotency_key = key };

  return yc_request_full (server, "POST", path, body, -1, &o);
}

YcResponse *
yc_delete (YcTestServer *server,
           const char   *token,
           const char   *path)
{
  YcRequestOptions o = { .token = token };

  return yc_request_full (server, "DELETE", path, NULL, -1, &o);
}

void
yc_response_free (YcResponse *resp)
{
  if (resp == NULL)
    return;
  g_free (resp->method);
  g_free (resp->path);
  g_free (resp->content_type);
  g_free (resp->idempotency_key);
  g_clear_pointer (&resp->body, g_bytes_unref);
  g_clear_pointer (&resp->json, json_node_unref);
  g_clear_pointer (&resp->headers, g_hash_table_unref);
  g_free (resp);
}

const char *
yc_response_header (YcResponse *resp,
                    const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (resp->headers, lower);
}

gboolean
yc_response_replayed (YcResponse *resp)
{
  return g_strcmp0 (yc_response_header (resp, "Idempotent-Replayed"), "true") == 0;
}

const char *
yc_response_text (YcResponse *resp)
{
  /* The bytes were copied with a terminating NUL one past the end. */
  const char *data = g_bytes_get_data (resp->body, NULL);

  return data ? data : "";
}

/* ------------------------------------------------------------------ JSON access */

JsonNode *
yc_json_at (JsonNode   *root,
            const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = root;
  guint i;

  if (root == NULL)
    return NULL;
  if (path == NULL || path[0] == '\0')
    return root;
  parts = g_strsplit (path, ".", -1);
  for (i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);

          node = json_object_has_member (o, parts[i]) ? json_object_get_member (o, parts[i]) : NULL;
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *a = json_node_get_array (node);
          char *end = NULL;
          guint64 idx = g_ascii_strtoull (parts[i], &end, 10);

          if (end == parts[i] || *end != '\0' || idx >= json_array_get_length (a))
            node = NULL;
          else
            node = json_array_get_element (a, idx);
        }
      else
        node = NULL;
    }
  return node;
}

const char *
yc_json_str (JsonNode   *root,
             const char *path)
{
  JsonNode *n = yc_json_at (root, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gint64
yc_json_int (JsonNode   *root,
             const char *path)
{
  JsonNode *n = yc_json_at (root, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return G_MININT64;
  return json_node_get_int (n);
}

gboolean
yc_json_is_null (JsonNode   *root,
                 const char *path)
{
  JsonNode *n = yc_json_at (root, path);

  return n != NULL && JSON_NODE_HOLDS_NULL (n);
}

guint
yc_json_len (JsonNode   *root,
             const char *path)
{
  JsonNode *n = yc_json_at (root, path);

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return 0;
  return json_array_get_length (json_node_get_array (n));
}

JsonNode *
yc_json_find (JsonNode   *root,
              const char *array_path,
              const char *member,
              const char *value)
{
  JsonNode *n = yc_json_at (root, array_path);
  JsonArray *a;
  guint i;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return NULL;
  a = json_node_get_array (n);
  for (i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (g_strcmp0 (yc_json_str (e, member), value) == 0)
        return e;
    }
  return NULL;
}

char *
yc_json_quote (const char *s)
{
  GString *out;
  const char *p;

  if (s == NULL)
    return g_strdup ("null");
  out = g_string_new ("\"");
  for (p = s; *p; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

char *
yc_json_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(none)");
  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------ assertions */

static char *
describe (YcResponse *resp)
{
  g_autofree char *text = g_strndup (yc_response_text (resp), 600);

  if (resp->status == 0)
    return g_strdup_printf ("%s %s: no answer (curl error %d)", resp->method, resp->path,
                            resp->transport_error);
  return g_strdup_printf ("%s %s -> %u %s", resp->method, resp->path, resp->status, text);
}

gboolean
yc_check_status (const char *file,
                 int         line,
                 YcResponse *resp,
                 guint       expected)
{
  g_autofree char *what = NULL;

  if (resp != NULL && resp->status == expected)
    return TRUE;
  if (resp == NULL)
    {
      yc_test_failf (file, line, "expected HTTP %u, got no response", expected);
      return FALSE;
    }
  what = describe (resp);
  yc_test_failf (file, line, "expected HTTP %u: %s", expected, what);
  return FALSE;
}

static gboolean
problem_shape_ok (const char *file,
                  int         line,
                  YcResponse *resp)
{
  g_autofree char *what = describe (resp);
  const char *code = yc_resp_str (resp, "code");
  g_autofree char *type = g_strconcat ("urn:yichuang:problem:", code ? code : "", NULL);
  gboolean ok = TRUE;

  if (resp->content_type == NULL || !g_str_has_prefix (resp->content_type, "application/problem+json"))
    {
      yc_test_failf (file, line, "not application/problem+json (%s): %s",
                     resp->content_type ? resp->content_type : "no Content-Type", what);
      return FALSE;
    }
  if (resp->json == NULL || !JSON_NODE_HOLDS_OBJECT (resp->json))
    {
      yc_test_failf (file, line, "problem body is not a JSON object: %s", what);
      return FALSE;
    }
  if (g_strcmp0 (yc_resp_str (resp, "type"), type) != 0)
    ok = FALSE, yc_test_failf (file, line, "problem \"type\" is not %s: %s", type, what);
  if (yc_resp_int (resp, "status") != resp->status)
    ok = FALSE, yc_test_failf (file, line, "problem \"status\" differs from HTTP status: %s", what);
  if (yc_resp_str (resp, "title") == NULL || yc_resp_str (resp, "title")[0] == '\0')
    ok = FALSE, yc_test_failf (file, line, "problem without \"title\": %s", what);
  if (yc_resp_str (resp, "detail") == NULL || strlen (yc_resp_str (resp, "detail")) < 4)
    ok = FALSE, yc_test_failf (file, line, "problem without a readable \"detail\": %s", what);
  return ok;
}

gboolean
yc_check_problem (const char *file,
                  int         line,
                  YcResponse *resp,
                  guint       expected_status,
                  const char *expected_code)
{
  g_autofree char *what = NULL;

  if (resp == NULL)
    {
      yc_test_failf (file, line, "expected %u %s, got no response", expected_status, expected_code);
      return FALSE;
    }
  what = describe (resp);
  if (resp->status != expected_status || g_strcmp0 (yc_resp_str (resp, "code"), expected_code) != 0)
    {
      yc_test_failf (file, line, "expected %u %s: %s", expected_status, expected_code, what);
      return FALSE;
    }
  return problem_shape_ok (file, line, resp);
}

gboolean
yc_check_problem_any (const char        *file,
                      int                line,
                      YcResponse        *resp,
                      const guint       *statuses,
                      const char *const *codes)
{
  g_autofree char *what = NULL;
  gboolean status_ok = FALSE, code_ok = FALSE;
  guint i;

  if (resp == NULL)
    return FALSE;
  what = describe (resp);
  for (i = 0; statuses[i] != 0; i++)
    status_ok |= resp->status == statuses[i];
  for (i = 0; codes[i] != NULL; i++)
    code_ok |= g_strcmp0 (yc_resp_str (resp, "code"), codes[i]) == 0;
  if (!status_ok || !code_ok)
    {
      g_autofree char *sl = NULL;
      g_autofree char *cl = g_strjoinv ("|", (char **) codes);
      GString *s = g_string_new (NULL);

      for (i = 0; statuses[i] != 0; i++)
        g_string_append_printf (s, "%s%u", i ? "|" : "", statuses[i]);
      sl = g_string_free (s, FALSE);
      yc_test_failf (file, line, "expected %s %s: %s", sl, cl, what);
      return FALSE;
    }
  return problem_shape_ok (file, line, resp);
}

/* ------------------------------------------------------------------ sessions */

YcTestSession *
yc_sign_in (YcTestServer *server,
            const char   *username,
            const char   *workstation)
{
  g_autofree char *u = yc_json_quote (username);
  g_autofree char *w = yc_json_quote (workstation ? workstation : "test-ws");
  g_autofree char *body = g_strdup_printf ("{\"username\":%s,\"password\":\"%s\",\"workstation\":%s}",
                                           u, YC_DEMO_PASSWORD, w);
  YcRequestOptions o = { .no_idempotency_key = TRUE };
  g_autoptr(YcResponse) resp = yc_request_full (server, "POST", "/sessions", body, -1, &o);
  YcTestSession *s;

  if (!yc_assert_status (resp, 201) || yc_resp_str (resp, "token") == NULL)
    return NULL;
  s = g_new0 (YcTestSession, 1);
  s->username = g_strdup (username);
  s->token = g_strdup (yc_resp_str (resp, "token"));
  yc_test_note_secret (s->token);
  s->staff_id = g_strdup (yc_resp_str (resp, "staff.id"));
  s->department_id = g_strdup (yc_resp_str (resp, "staff.department_id"));
  s->window_id = g_strdup (yc_resp_str (resp, "staff.window_id"));
  s->workstation = g_strdup (workstation ? workstation : "test-ws");
  s->workstation_code = g_strdup (yc_resp_str (resp, "workstation.code"));
  s->role = g_strdup (yc_resp_str (resp, "staff.roles.0"));
  return s;
}

void
yc_test_session_free (YcTestSession *s)
{
  if (s == NULL)
    return;
  g_free (s->username);
  g_free (s->token);
  g_free (s->staff_id);
  g_free (s->department_id);
  g_free (s->window_id);
  g_free (s->workstation);
  g_free (s->workstation_code);
  g_free (s->role);
  g_free (s);
}

/* ------------------------------------------------------------------ demo catalogue */

void
yc_item_free (YcItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->name);
  g_free (item->department_id);
  g_clear_pointer (&item->mandatory, g_ptr_array_unref);
  g_clear_pointer (&item->optional, g_ptr_array_unref);
  g_clear_pointer (&item->json, json_node_unref);
  g_free (item);
}

static YcItem *
item_from_json (JsonNode *node)
{
  YcItem *item = g_new0 (YcItem, 1);
  JsonNode *mats = yc_json_at (node, "materials");
  JsonNode *instant = yc_json_at (node, "instant");
  guint i;

  item->code = g_strdup (yc_json_str (node, "code"));
  item->name = g_strdup (yc_json_str (node, "name"));
  item->department_id = g_strdup (yc_json_str (node, "department_id"));
  item->promised_days = (int) yc_json_int (node, "promised_days");
  item->instant = instant && JSON_NODE_HOLDS_VALUE (instant) && json_node_get_boolean (instant);
  item->mandatory = g_ptr_array_new_with_free_func (g_free);
  item->optional = g_ptr_array_new_with_free_func (g_free);
  item->json = json_node_copy (node);
  if (mats != NULL && JSON_NODE_HOLDS_ARRAY (mats))
    for (i = 0; i < json_array_get_length (json_node_get_array (mats)); i++)
      {
        JsonNode *m = json_array_get_element (json_node_get_array (mats), i);
        JsonNode *mand = yc_json_at (m, "mandatory");
        const char *id = yc_json_str (m, "id");

        if (id == NULL)
          continue;
        if (mand && JSON_NODE_HOLDS_VALUE (mand) && json_node_get_boolean (mand))
          g_ptr_array_add (item->mandatory, g_strdup (id));
        else
          g_ptr_array_add (item->optional, g_strdup (id));
      }
  return item;
}

GPtrArray *
yc_all_items (YcTestServer *server,
              const char   *token)
{
  g_autoptr(YcResponse) resp = yc_get (server, token, "/service-items");
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_free);
  JsonNode *list;
  guint i;

  if (!yc_assert_status (resp, 200))
    return items;
  list = yc_resp_at (resp, "service_items");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return items;
  for (i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    g_ptr_array_add (items, item_from_json (json_array_get_element (json_node_get_array (list), i)));
  return items;
}

YcItem *
yc_find_item (YcTestServer *server,
              const char   *token,
              const char   *department_id,
              gboolean      instant,
              int           promised_days)
{
  g_autoptr(GPtrArray) items = yc_all_items (server, token);
  guint i;

  for (i = 0; i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);

      if (department_id != NULL && g_strcmp0 (item->department_id, department_id) != 0)
        continue;
      if (item->instant != instant || item->mandatory->len == 0)
        continue;
      if (promised_days >= 0 && item->promised_days != promised_days)
        continue;
      return g_ptr_array_steal_index (items, i);
    }
  return NULL;
}

char *
yc_staff_id (YcTestServer *server,
             const char   *token,
             const char   *username)
{
  g_autoptr(YcResponse) resp = yc_get (server, token, "/staff");
  JsonNode *who = yc_json_find (resp->json, "staff", "username", username);

  return g_strdup (yc_json_str (who, "id"));
}

/* ------------------------------------------------------------------ request bodies */

char *
yc_uuid (void)
{
  return g_uuid_string_random ();
}

char
yc_resident_id_check (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char map[] = "10X98765432";
  int sum = 0, i;

  for (i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return map[sum % 11];
}

char *
yc_resident_id (const char *first17)
{
  char *id = g_strdup_printf ("%.17s%c", first17, yc_resident_id_check (first17));

  yc_test_note_secret (id);
  return id;
}

char *
yc_new_resident_id (void)
{
  guint n = g_atomic_int_add (&id_counter, 1);
  GDate *d = g_date_new_dmy (1, G_DATE_JANUARY, 1960);
  g_autofree char *first17 = NULL;

  g_date_add_days (d, n / 500);
  first17 = g_strdup_printf ("110105%04u%02u%02u%03u", g_date_get_year (d), g_date_get_month (d),
                             g_date_get_day (d), (n % 500) * 2 + 1);
  g_date_free (d);
  return yc_resident_id (first17);
}

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static char
credit_check (const char *first17)
{
  int sum = 0, w = 1, i;

  for (i = 0; i < 17; i++)
    {
      const char *p = strchr (credit_alphabet, first17[i]);

      sum += (int) (p ? p - credit_alphabet : 0) * w;
      w = (w * 3) % 31;
    }
  return credit_alphabet[(31 - sum % 31) % 31];
}

char *
yc_credit_code (const char *first17)
{
  return g_strdup_printf ("%.17s%c", first17, credit_check (first17));
}

char *
yc_new_credit_code (void)
{
  guint n = g_atomic_int_add (&id_counter, 1);
  g_autofree char *first17 = g_strdup_printf ("91110105MA%07u", n % 10000000);

  return yc_credit_code (first17);
}

char *
yc_new_number (const char *kind)
{
  guint n = g_atomic_int_add (&number_counter, 1);

  if (number_base == 0)
    number_base = g_random_int_range (100000, 800000);
  return g_strdup_printf ("示政务〔2026〕%s字第W99-%06u号", kind ? kind : "案", number_base + n);
}

char *
yc_new_sha256 (void)
{
  GString *s = g_string_new (NULL);
  int i;

  for (i = 0; i < 8; i++)
    g_string_append_printf (s, "%08x", g_random_int ());
  return g_string_free (s, FALSE);
}

char *
yc_materials_json (YcItem     *item,
                   const char *missing)
{
  g_auto(GStrv) miss = missing ? g_strsplit (missing, ",", -1) : g_new0 (char *, 1);
  GString *s = g_string_new ("[");
  guint i;

  for (i = 0; i < item->mandatory->len; i++)
    {
      const char *id = g_ptr_array_index (item->mandatory, i);
      g_autofree char *q = yc_json_quote (id);
      gboolean is_missing = g_strv_contains ((const char *const *) miss, id);

      g_string_append_printf (s, "%s{\"material_id\":%s,\"state\":\"%s\",\"note\":%s}",
                              i ? "," : "", q, is_missing ? "missing" : "received",
                              is_missing ? "\"请补交\"" : "\"\"");
    }
  /* Optional materials named in @missing are listed too. */
  for (i = 0; miss[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (item->mandatory, miss[i], g_str_equal, NULL))
      {
        g_autofree char *q = yc_json_quote (miss[i]);

        g_string_append_printf (s, "%s{\"material_id\":%s,\"state\":\"missing\",\"note\":\"请补交\"}",
                                s->len > 1 ? "," : "", q);
      }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

char *
yc_person_json (const char *name,
                const char *id_number)
{
  g_autofree char *id = id_number ? g_strdup (id_number) : yc_new_resident_id ();
  g_autofree char *qn = yc_json_quote (name ? name : "张三");
  g_autofree char *qi = yc_json_quote (id);

  return g_strdup_printf ("{\"kind\":\"person\",\"name\":%s,\"id_type\":\"resident_id\","
                          "\"id_number\":%s,\"phone\":\"13800138000\"}", qn, qi);
}

char *
yc_case_json (const char *id,
              YcItem     *item,
              const char *outcome,
              const char *received_at,
              const char *applicant_json,
              const char *materials_json,
              const char *extra)
{
  g_autofree char *number = yc_new_number ("案");
  g_autofree char *qnum = yc_json_quote (number);
  g_autofree char *qcode = yc_json_quote (item ? item->code : "NO-SUCH-ITEM");
  g_autofree char *app = applicant_json ? g_strdup (applicant_json) : yc_person_json (NULL, NULL);
  g_autofree char *mats = materials_json ? g_strdup (materials_json)
                                         : (item ? yc_materials_json (item, NULL) : g_strdup ("[]"));

  return g_strdup_printf ("{\"id\":\"%s\",\"number\":%s,\"service_item\":%s,\"applicant\":%s,"
                          "\"agent\":null,\"materials\":%s,\"outcome\":\"%s\","
                          "\"received_at\":\"%s\"%s}",
                          id, qnum, qcode, app, mats, outcome,
                          received_at ? received_at : "2026-03-10T10:00:00+08:00",
                          extra ? extra : "");
}

YcResponse *
yc_create_case (YcTestServer *server,
                YcTestSession    *session,
                YcItem       *item,
                const char   *outcome,
                const char   *received_at,
                char        **out_id)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  YcResponse *resp;

  if (outcome == NULL)
    outcome = item->instant ? "instant" : "accepted";
  body = yc_case_json (id, item, outcome, received_at, NULL, NULL, NULL);
  resp = yc_post (server, session ? session->token : NULL, "/cases", body);
  yc_assert_status (resp, 201);
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return resp;
}

/* ------------------------------------------------------------------ the official calendar */

static const char *const hand_off_days[] = {
  /* 2025 */
  "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01",
  "2025-02-02", "2025-02-03", "2025-02-04", "2025-04-04", "2025-04-05", "2025-04-06",
  "2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05", "2025-05-31",
  "2025-06-01", "2025-06-02", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04",
  "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08",
  /* 2026 */
  "2026-01-01", "2026-01-02", "2026-01-03",
  "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
  "2026-02-21", "2026-02-22", "2026-02-23",
  "2026-04-04", "2026-04-05", "2026-04-06",
  "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
  "2026-06-19", "2026-06-20", "2026-06-21",
  "2026-09-25", "2026-09-26", "2026-09-27",
  "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06",
  "2026-10-07",
  NULL
};

static const char *const hand_work_days[] = {
  "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
  "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
  NULL
};

static char *
iso_of (const GDate *d)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d),
                          g_date_get_day (d));
}

gboolean
yc_hand_is_working_day (const GDate *date)
{
  g_autofree char *iso = iso_of (date);

  if (g_strv_contains (hand_work_days, iso))
    return TRUE;
  if (g_strv_contains (hand_off_days, iso))
    return FALSE;
  return g_date_get_weekday (date) <= G_DATE_FRIDAY;
}

char *
yc_hand_due_date (const char *from_iso,
                  guint       days)
{
  GDate d;
  int y = 0, m = 0, dd = 0;

  if (sscanf (from_iso, "%d-%d-%d", &y, &m, &dd) != 3 || !g_date_valid_dmy (dd, m, y))
    return NULL;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, dd, m, y);
  while (days > 0)
    {
      g_date_add_days (&d, 1);
      if (g_date_get_year (&d) > 2026)
        return NULL;
      if (yc_hand_is_working_day (&d))
        days--;
    }
  return iso_of (&d);
}

char *
yc_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* ------------------------------------------------------------------ program lifecycle */

void
yc_test_init (int    *argc,
              char ***argv)
{
  const char *env = g_getenv ("YC_EXCHANGES_FILE");

  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
  g_test_set_nonfatal_assertions ();
  signal (SIGPIPE, SIG_IGN);
  curl_global_init (CURL_GLOBAL_ALL);

  if (env != NULL && env[0] != '\0')
    {
      exchanges_path = g_strdup (env);
      exchanges = fopen (exchanges_path, "a");
    }
  else
    {
      g_autofree char *dir = build_dir ();
      g_autofree char *prg = program_name ();

      exchanges_path = g_strdup_printf ("%s/%s.exchanges.jsonl", dir, prg);
      exchanges = fopen (exchanges_path, "w");
    }
  if (exchanges == NULL)
    g_printerr ("cannot write %s\n", exchanges_path);
}

static void
test_teardown_server_exit (void)
{
  if (default_server == NULL)
    {
      g_test_skip ("no shared server was started");
      return;
    }
  g_assert_true (yc_test_server_stop (default_server));
  yc_test_server_free (default_server);
  default_server = NULL;
}

static void
test_teardown_secrets (void)
{
  guint i, j, checked = 0;

  yc_test_note_secret (YC_DEMO_PASSWORD);
  if (log_paths == NULL)
    {
      g_test_skip ("no server was started");
      return;
    }
  for (i = 0; i < log_paths->len; i++)
    {
      g_autofree char *text = NULL;
      const char *path = g_ptr_array_index (log_paths, i);

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      checked++;
      for (j = 0; secrets != NULL && j < secrets->len; j++)
        {
          const char *secret = g_ptr_array_index (secrets, j);

          if (strstr (text, secret) != NULL)
            yc_fail ("the server log %s contains a secret: %.4s… (%zu characters: a token, the "
                     "password or a full ID number)", path, secret, strlen (secret));
        }
    }
  g_test_message ("%u server logs searched for %u secrets", checked, secrets ? secrets->len : 0);
}

static void
test_teardown_openapi (void)
{
  const char *checker = g_getenv ("YC_OPENAPI_CHECKER");
  const char *yaml = g_getenv ("YC_OPENAPI_YAML");
  const char *python = g_getenv ("YC_PYTHON");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  const char *argv[6];

  if (checker == NULL || yaml == NULL)
    {
      g_test_skip ("YC_OPENAPI_CHECKER / YC_OPENAPI_YAML not set");
      return;
    }
  if (!g_file_test (checker, G_FILE_TEST_EXISTS) || !g_file_test (yaml, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("check-openapi.py or openapi.yaml does not exist yet");
      return;
    }
  if (exchanges == NULL)
    {
      g_test_skip ("no exchanges recorded");
      return;
    }
  fflush (exchanges);
  argv[0] = python ? python : "python3";
  argv[1] = checker;
  argv[2] = "exchanges";
  argv[3] = yaml;
  argv[4] = exchanges_path;
  argv[5] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &wait_status, &error))
    {
      yc_fail ("cannot run %s: %s", checker, error->message);
      return;
    }
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_auto(GStrv) lines = g_strsplit_set (out && out[0] ? out : err, "\n", -1);
      guint i;

      for (i = 0; lines[i] != NULL && i < 200; i++)
        if (lines[i][0] != '\0')
          g_test_message ("check-openapi: %s", lines[i]);
      if (err && out && out[0])
        g_test_message ("check-openapi stderr: %s", err);
      yc_fail ("responses recorded in %s do not match data/openapi.yaml", exchanges_path);
    }
}

int
yc_test_run (void)
{
  int ret;

  g_test_add_func ("/zz-teardown/server-exit", test_teardown_server_exit);
  g_test_add_func ("/zz-teardown/no-secrets-in-logs", test_teardown_secrets);
  g_test_add_func ("/zz-teardown/openapi-exchanges", test_teardown_openapi);
  ret = g_test_run ();
  if (default_server != NULL)
    yc_test_server_free (default_server);
  if (exchanges != NULL)
    fclose (exchanges);
  exchanges = NULL;
  g_clear_pointer (&exchanges_path, g_free);
  g_clear_pointer (&secrets, g_ptr_array_unref);
  g_clear_pointer (&log_paths, g_ptr_array_unref);
  curl_global_cleanup ();
  return ret;
}
