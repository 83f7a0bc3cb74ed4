/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "yc-http.h"
#include "yc-record.h"
#include "yc-url.h"

/* yc-http.c: libcurl's multi interface on the GLib main loop.
 *
 * libcurl tells us which sockets to watch (socket_cb) and when to call it back (timer_cb);
 * neither callback calls into libcurl. One GSource per socket and one re-armed timeout
 * dispatch into drive(), which calls curl_multi_socket_action() and then completes the GTasks
 * of finished transfers. Cancellation is a GCancellable source on the same main context, so it
 * too runs outside every libcurl callback. */

#define MAX_JSON_DEPTH        64
#define MAX_DETAIL_CHARS      600
#define MAX_RESPONSE_HEADERS  200
#define LONG_POLL_DEFAULT_S   30
#define LONG_POLL_MAX_S       600

struct _YcHttpResponse {
  gatomicrefcount  ref_count;
  guint            status;
  JsonNode        *json;
  GHashTable      *headers;   /* lower-case name -> value */
  char            *problem_code;
  char            *problem_detail;
  char            *problem_field;
  gint             retry_after;
};

struct _YcHttp {
  GObject       parent_instance;

  GMainContext *context;
  CURLM        *multi;
  GSource      *timer;
  GHashTable   *sockets;      /* fd -> SocketSource */

  char         *base_url;
  char         *ca_file;
  char         *token;
  char         *accept_language;
  guint         connect_timeout_ms;
  guint         total_timeout_ms;
};

G_DEFINE_FINAL_TYPE (YcHttp, yc_http, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (YcHttpResponse, yc_http_response, yc_http_response_ref, yc_http_response_unref)

typedef struct {
  GSource  source;
  YcHttp  *http;              /* unowned: the sources die in finalize */
  int      fd;
  gpointer tag;
} SocketSource;

typedef struct {
  YcHttp             *http;   /* unowned: the task's source object holds it */
  CURL               *easy;
  struct curl_slist  *headers;
  char               *method;
  char               *log_path;
  char               *body;
  GByteArray         *received;
  gboolean            too_large;
  GHashTable         *response_headers;
  GSource            *cancel_source;
  YcHttpResponse     *refusal;
  gint64              started;
  char                error_buffer[CURL_ERROR_SIZE];
} Transfer;

static void drive (YcHttp        *self,
                   curl_socket_t  fd,
                   int            action);

/* ------------------------------------------------------------------ responses */

static YcHttpResponse *
response_new (guint       status,
              GHashTable *headers)
{
  YcHttpResponse *self = g_new0 (YcHttpResponse, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->headers = g_hash_table_ref (headers);
  self->retry_after = -1;
  return self;
}

/* ------------------------------------------------------------------ transfers */

static void
transfer_free (gpointer data)
{
  Transfer *t = data;

  if (t->cancel_source != NULL)
    {
      g_source_destroy (t->cancel_source);
      g_source_unref (t->cancel_source);
    }
  /* Still set only when the handle never reached the multi handle. */
  if (t->easy != NULL)
    curl_easy_cleanup (t->easy);
  curl_slist_free_all (t->headers);
  g_free (t->method);
  g_free (t->log_path);
  g_free (t->body);
  g_byte_array_unref (t->received);
  g_hash_table_unref (t->response_headers);
  g_clear_pointer (&t->refusal, yc_http_response_unref);
  g_free (t);
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;

  if (len > YC_HTTP_MAX_BODY - t->received->len)
    {
      /* Anything but @len aborts the transfer with CURLE_WRITE_ERROR. */
      t->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (t->received, (const guint8 *) data, len);
  return len;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;
  const char *colon;
  g_autofree char *name = NULL;
  g_autofree char *raw = NULL;

  /* A status line starts the headers of a new answer (after a 100 Continue, say). */
  if (len >= 5 && memcmp (data, "HTTP/", 5) == 0)
    {
      g_hash_table_remove_all (t->response_headers);
      return len;
    }

  colon = memchr (data, ':', len);
  if (colon == NULL || colon == data)
    return len;
  if (g_hash_table_size (t->response_headers) >= MAX_RESPONSE_HEADERS)
    return len;

  name = g_ascii_strdown (data, colon - data);
  raw = g_strndup (colon + 1, len - (colon + 1 - data));
  g_strstrip (raw);
  g_hash_table_replace (t->response_headers, g_steal_pointer (&name),
                        g_utf8_make_valid (raw, -1));
  return len;
}

static void
transfer_set_refusal (Transfer       *t,
                      YcHttpResponse *response)
{
  g_clear_pointer (&t->refusal, yc_http_response_unref);
  t->refusal = yc_http_response_ref (response);
}

/* ------------------------------------------------------------------ helpers */

static gboolean
json_depth_ok (const char *data,
               gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize i;

  /* json-glib parses recursively: refuse deep nesting before it can exhaust the stack. */
  for (i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* The body as a JSON object, or NULL when it is empty, not UTF-8 (before or after decoding
 * its escapes), too deep, not JSON, or not an object. */
static JsonNode *
parse_object (const char *data,
              gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (len == 0)
    return NULL;
  if (!g_utf8_validate (data, len, NULL))
    return NULL;
  if (!json_depth_ok (data, len))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) || !yc_json_strings_valid (root))
    return NULL;
  return json_node_ref (root);
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_problem_code (const char *code)
{
  const char *p;

  if (code == NULL || *code == '\0' || strlen (code) > 64)
    return FALSE;
  for (p = code; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gint
parse_retry_after (const char *value)
{
  const char *p;
  time_t when;
  gint64 delta;

  if (value == NULL || *value == '\0')
    return -1;

  for (p = value; g_ascii_isdigit (*p); p++)
    ;
  if (*p == '\0')
    {
      guint64 seconds = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
        return G_MAXINT;
      return (gint) seconds;
    }

  /* An HTTP date. */
  when = curl_getdate (value, NULL);
  if (when == (time_t) -1)
    return -1;
  delta = (gint64) when - (gint64) time (NULL);
  return (gint) CLAMP (delta, 0, G_MAXINT);
}

static void
response_read_problem (YcHttpResponse *response)
{
  JsonObject *object;
  JsonNode *node;
  const char *code;
  const char *detail;
  const char *field;

  if (response->json == NULL)
    return;
  object = json_node_get_object (response->json);

  code = object_get_string (object, "code");
  if (is_problem_code (code))
    response->problem_code = g_strdup (code);

  detail = object_get_string (object, "detail");
  if (detail != NULL)
    {
      g_autofree char *clean = g_strstrip (g_strdup (detail));

      if (*clean != '\0')
        {
          if (g_utf8_strlen (clean, -1) > MAX_DETAIL_CHARS)
            response->problem_detail = g_utf8_substring (clean, 0, MAX_DETAIL_CHARS);
          else
            response->problem_detail = g_steal_pointer (&clean);
        }
    }

  field = object_get_string (object, "field");
  if (field != NULL && strlen (field) <= 256)
    response->problem_field = g_strdup (field);

  node = json_object_get_member (object, "retry_after");
  if (response->retry_after < 0 && node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_INT64)
    response->retry_after = (gint) CLAMP (json_node_get_int (node), 0, G_MAXINT);
}

static char *
generic_refusal_message (guint status)
{
  switch (yc_api_error_from_status (status))
    {
    case YC_API_ERROR_UNAUTHORIZED:
      return g_strdup (_("You are not signed in, or your sign-in has expired. Please sign in again."));
    case YC_API_ERROR_FORBIDDEN:
      return g_strdup (_("You are not allowed to do this."));
    case YC_API_ERROR_NOT_FOUND:
      return g_strdup (_("The server does not have this record."));
    case YC_API_ERROR_CONFLICT:
      return g_strdup (_("This conflicts with what is already on the server."));
    case YC_API_ERROR_UNPROCESSABLE:
      return g_strdup (_("The server did not accept this change."));
    case YC_API_ERROR_RATE_LIMITED:
      return g_strdup (_("The server is busy. Please try again in a moment."));
    case YC_API_ERROR_SERVER:
      return g_strdup_printf (_("The server has a problem (error %u). Try again later; if this keeps happening, ask the administrator."),
                              status);
    case YC_API_ERROR_BAD_REQUEST:
      return g_strdup_printf (_("The server did not understand the request (error %u). Ask the administrator."),
                              status);
    case YC_API_ERROR_NETWORK:
    case YC_API_ERROR_TIMEOUT:
    case YC_API_ERROR_TLS:
    case YC_API_ERROR_MALFORMED:
    default:
      break;
    }

  if (status >= 300 && status <= 399)
    return g_strdup_printf (_("The server sent the request on to another address (HTTP %u), which is not followed. Check the server address or ask the administrator."),
                            status);
  return g_strdup_printf (_("The server answered with an unexpected status (%u). Ask the administrator."),
                          status);
}

static GError *
malformed_error (void)
{
  return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_MALFORMED,
                              _("The server sent an answer that cannot be read. Ask the administrator."));
}

static GError *
too_large_error (void)
{
  return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_MALFORMED,
                              _("The server’s answer is too large (over 16 MiB) and was not read. Ask the administrator."));
}

static GError *
transport_error (Transfer *t,
                 CURLcode  code)
{
  switch (code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_TIMEOUT,
                                  _("The server did not answer in time. Try again in a moment; if this keeps happening, ask the administrator."));

    case CURLE_FILESIZE_EXCEEDED:
      return too_large_error ();

    case CURLE_WRITE_ERROR:
      if (t->too_large)
        return too_large_error ();
      break;

    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
      return malformed_error ();

    case CURLE_COULDNT_RESOLVE_HOST:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_NETWORK,
                                  _("The server’s name cannot be found. Check the network cable and the server address, or ask the administrator."));

    case CURLE_COULDNT_RESOLVE_PROXY:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_NETWORK,
                                  _("The proxy server cannot be found. Ask the administrator."));

    case CURLE_COULDNT_CONNECT:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_NETWORK,
                                  _("The server cannot be reached. Check the network cable or ask the administrator."));

    case CURLE_PEER_FAILED_VERIFICATION:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_TLS,
                                  _("The server’s certificate cannot be trusted, so nothing was sent. Ask the administrator."));

    case CURLE_SSL_CACERT_BADFILE:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_TLS,
                                  _("The site’s certificate file cannot be read. Ask the administrator."));

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_TLS,
                                  _("No secure connection to the server could be made. Ask the administrator."));

    default:
      break;
    }

  return g_error_new_literal (YC_API_ERROR, YC_API_ERROR_NETWORK,
                              _("The connection to the server broke off before its answer arrived. Try again in a moment."));
}

/* The error of a refusal: the problem's detail, or a sentence for its status. */
static void
refusal_error (YcHttpResponse  *response,
               GError         **error)
{
  guint status = response->status;

  if (response->problem_detail != NULL)
    g_set_error_literal (error, YC_API_ERROR, yc_api_error_from_status (status),
                         response->problem_detail);
  else
    {
      g_autofree char *message = generic_refusal_message (status);

      g_set_error_literal (error, YC_API_ERROR, yc_api_error_from_status (status), message);
    }
}

/* Turn a finished exchange into the response, or the error and (for refusals) the answer. */
static YcHttpResponse *
transfer_read_answer (Transfer  *t,
                      guint      status,
                      GError   **error)
{
  g_autoptr(YcHttpResponse) response = response_new (status, t->response_headers);

  response->retry_after = parse_retry_after (g_hash_table_lookup (t->response_headers,
                                                                   "retry-after"));

  if (status == 304 || status == 204
      || (status >= 200 && status <= 299 && g_str_equal (t->method, "HEAD")))
    return g_steal_pointer (&response);

  if (status >= 200 && status <= 299)
    {
      response->json = parse_object ((const char *) t->received->data, t->received->len);
      if (response->json == NULL)
        {
          g_propagate_error (error, malformed_error ());
          return NULL;
        }
      return g_steal_pointer (&response);
    }

  /* A refusal. Whatever its body is, the status decides the error; a problem body that
   * reads well gives the message. */
  response->json = parse_object ((const char *) t->received->data, t->received->len);
  response_read_problem (response);
  transfer_set_refusal (t, response);
  refusal_error (response, error);
  return NULL;
}

static void
transfer_done (YcHttp   *self,
               GTask    *task,
               CURLcode  code)
{
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHttpResponse) response = NULL;
  long status = 0;
  gint64 elapsed_ms = (g_get_monotonic_time () - t->started) / 1000;

  if (t->cancel_source != NULL)
    {
      g_source_destroy (t->cancel_source);
      g_clear_pointer (&t->cancel_source, g_source_unref);
    }
  curl_multi_remove_handle (self->multi, t->easy);

  if (code != CURLE_OK)
    {
      error = transport_error (t, code);
      g_debug ("%s %s: failed after %" G_GINT64_FORMAT " ms: %s (%s)", t->method, t->log_path,
               elapsed_ms, curl_easy_strerror (code), t->error_buffer);
    }
  else
    {
      curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &status);
      g_debug ("%s %s: %ld in %" G_GINT64_FORMAT " ms", t->method, t->log_path, status,
               elapsed_ms);
      response = transfer_read_answer (t, (guint) status, &error);
    }

  curl_easy_cleanup (t->easy);
  t->easy = NULL;

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&response),
                           (GDestroyNotify) yc_http_response_unref);
  g_object_unref (task);
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Transfer *t = g_task_get_task_data (task);

  g_clear_pointer (&t->cancel_source, g_source_unref);
  curl_multi_remove_handle (t->http->multi, t->easy);
  curl_easy_cleanup (t->easy);
  t->easy = NULL;
  g_debug ("%s %s: cancelled", t->method, t->log_path);

  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ the main loop glue */

static gboolean
socket_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  SocketSource *ss = (SocketSource *) source;
  GIOCondition condition = g_source_query_unix_fd (source, ss->tag);
  int action = 0;

  if (condition & (G_IO_IN | G_IO_HUP))
    action |= CURL_CSELECT_IN;
  if (condition & G_IO_OUT)
    action |= CURL_CSELECT_OUT;
  if (condition & G_IO_ERR)
    action |= CURL_CSELECT_ERR;

  /* This may remove (destroy) this very source; GLib keeps it alive until we return. */
  drive (ss->http, ss->fd, action);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs socket_source_funcs = {
  .dispatch = socket_source_dispatch,
};

static void
socket_source_free (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static int
socket_cb (CURL          *easy,
           curl_socket_t  fd,
           int            what,
           void          *user_data,
           void          *socket_data)
{
  YcHttp *self = user_data;
  SocketSource *ss = g_hash_table_lookup (self->sockets, GINT_TO_POINTER (fd));
  GIOCondition condition = 0;

  if (what == CURL_POLL_REMOVE)
    {
      g_hash_table_remove (self->sockets, GINT_TO_POINTER (fd));
      return 0;
    }

  if (what & CURL_POLL_IN)
    condition |= G_IO_IN;
  if (what & CURL_POLL_OUT)
    condition |= G_IO_OUT;

  if (ss == NULL)
    {
      ss = (SocketSource *) g_source_new (&socket_source_funcs, sizeof (SocketSource));
      ss->http = self;
      ss->fd = fd;
      ss->tag = g_source_add_unix_fd ((GSource *) ss, fd, condition);
      g_source_set_static_name ((GSource *) ss, "[yc-http] socket");
      g_source_attach ((GSource *) ss, self->context);
      g_hash_table_insert (self->sockets, GINT_TO_POINTER (fd), ss);
    }
  else
    g_source_modify_unix_fd ((GSource *) ss, ss->tag, condition);

  return 0;
}

static gboolean
on_timer (gpointer user_data)
{
  YcHttp *self = user_data;

  /* The context drops this source when we return G_SOURCE_REMOVE; libcurl may arm a new one
   * from inside drive(). */
  g_clear_pointer (&self->timer, g_source_unref);
  drive (self, CURL_SOCKET_TIMEOUT, 0);
  return G_SOURCE_REMOVE;
}

/* libcurl's timer: -1 removes it, 0 means "as soon as possible" (from the main loop, never
 * from here), anything else re-arms the one timeout. */
static int
timer_cb (CURLM *multi,
          long   timeout_ms,
          void  *user_data)
{
  YcHttp *self = user_data;

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (timeout_ms < 0)
    return 0;

  self->timer = g_timeout_source_new ((guint) MIN (timeout_ms, (long) G_MAXINT));
  g_source_set_static_name (self->timer, "[yc-http] timer");
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
  return 0;
}

static void
drive (YcHttp        *self,
       curl_socket_t  fd,
       int            action)
{
  CURLMsg *msg;
  int running = 0;
  int left = 0;

  g_object_ref (self);

  curl_multi_socket_action (self->multi, fd, action, &running);

  while ((msg = curl_multi_info_read (self->multi, &left)) != NULL)
    {
      GTask *task = NULL;
      CURLcode code;

      if (msg->msg != CURLMSG_DONE)
        continue;
      code = msg->data.result;
      curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &task);
      /* msg is invalid once its handle is removed: use only the copies from here on. */
      transfer_done (self, task, code);
    }

  g_object_unref (self);
}

/* ------------------------------------------------------------------ request building */

static gboolean
header_value_ok (const char *value)
{
  const char *p;

  for (p = value; *p; p++)
    if (*p == '\r' || *p == '\n')
      return FALSE;
  return TRUE;
}

static gboolean
path_ok (const char *path)
{
  const guchar *p;

  if (*path == '\0')
    return FALSE;
  for (p = (const guchar *) path; *p; p++)
    if (*p <= 0x20 || *p >= 0x7f || *p == '#')
      return FALSE;
  return TRUE;
}

static gboolean
method_ok (const char *method)
{
  const char *p;

  if (*method == '\0')
    return FALSE;
  for (p = method; *p; p++)
    if (!g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
build_url (YcHttp     *self,
           const char *path)
{
  if (g_str_has_prefix (path, "/api/"))
    return g_strconcat (self->base_url, path, NULL);
  return g_strconcat (self->base_url, "/api/v1", path[0] == '/' ? "" : "/", path, NULL);
}

/* For logs: the path without its query, which may hold a name or an ID number. */
static char *
path_for_log (const char *path)
{
  const char *query = strchr (path, '?');

  return query != NULL ? g_strndup (path, query - path) : g_strdup (path);
}

/* The overall limit of a long poll: its wait= (30 s when absent) plus the slack. */
static guint
long_poll_timeout_ms (const char *path)
{
  const char *query = strchr (path, '?');
  guint64 wait_s = LONG_POLL_DEFAULT_S;

  if (query != NULL)
    {
      g_auto(GStrv) params = g_strsplit (query + 1, "&", -1);
      guint i;

      for (i = 0; params[i] != NULL; i++)
        if (g_str_has_prefix (params[i], "wait="))
          {
            if (!g_ascii_string_to_unsigned (params[i] + 5, 10, 0, LONG_POLL_MAX_S, &wait_s, NULL))
              wait_s = LONG_POLL_DEFAULT_S;
          }
    }
  return (guint) wait_s * 1000 + YC_HTTP_LONG_POLL_SLACK_MS;
}

static char *
language_from_locale (void)
{
  const char *const *names = g_get_language_names ();
  GString *tag;
  const char *p;

  if (names == NULL || names[0] == NULL || g_str_equal (names[0], "C")
      || g_str_equal (names[0], "POSIX") || g_str_has_prefix (names[0], "C."))
    return g_strdup ("en");

  tag = g_string_new (NULL);
  for (p = names[0]; *p && *p != '.' && *p != '@'; p++)
    g_string_append_c (tag, *p == '_' ? '-' : *p);
  if (tag->len == 0 || !header_value_ok (tag->str))
    {
      g_string_free (tag, TRUE);
      return g_strdup ("en");
    }
  return g_string_free (tag, FALSE);
}

static void
start_request (YcHttp              *self,
               const char          *method,
               const char          *path,
               char                *body,            /* JSON text, owned */
               const char          *idempotency_key,
               const char          *if_none_match,
               YcHttpFlags          flags,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  Transfer *t;
  CURL *easy;
  CURLMcode mcode;
  guint total_ms;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_http_request_async);
  g_task_set_name (task, "[yc-http] request");

  if (!method_ok (method) || !path_ok (path)
      || (idempotency_key != NULL && !header_value_ok (idempotency_key))
      || (if_none_match != NULL && !header_value_ok (if_none_match)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Invalid method, path or header value");
      g_free (body);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_free (body);
      return;
    }

  t = g_new0 (Transfer, 1);
  t->http = self;
  t->method = g_strdup (method);
  t->log_path = path_for_log (path);
  t->received = g_byte_array_new ();
  t->response_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  t->started = g_get_monotonic_time ();
  g_task_set_task_data (task, t, transfer_free);

  t->easy = easy = curl_easy_init ();
  if (easy == NULL)
    g_error ("Out of memory: libcurl cannot create a handle");

  url = build_url (self, path);
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_PRIVATE, (char *) task);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  /* With signals allowed, libcurl ignores SIGPIPE around its own socket writes (TLS ones
   * included). It resolves names on a thread, so it sets no alarms. */
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 0L);
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (self->ca_file != NULL)
    curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "yichuang/" PACKAGE_VERSION);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, t->error_buffer);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, t);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, t);
  curl_easy_setopt (easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) YC_HTTP_MAX_BODY);

  total_ms = (flags & YC_HTTP_LONG_POLL) ? long_poll_timeout_ms (path)
           : self->total_timeout_ms;
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) self->connect_timeout_ms);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) total_ms);

  t->headers = curl_slist_append (t->headers, "Accept: application/json");
  /* libcurl would otherwise wait for a 100 Continue on large bodies. */
  t->headers = curl_slist_append (t->headers, "Expect:");
  if (self->accept_language != NULL)
    {
      g_autofree char *line = g_strconcat ("Accept-Language: ", self->accept_language, NULL);

      t->headers = curl_slist_append (t->headers, line);
    }
  if (self->token != NULL)
    {
      g_autofree char *line = g_strconcat ("Authorization: Bearer ", self->token, NULL);

      t->headers = curl_slist_append (t->headers, line);
      memset (line, 0, strlen (line));
    }
  if (idempotency_key != NULL)
    {
      g_autofree char *line = g_strconcat ("Idempotency-Key: ", idempotency_key, NULL);

      t->headers = curl_slist_append (t->headers, line);
    }
  if (if_none_match != NULL)
    {
      g_autofree char *line = g_strconcat ("If-None-Match: ", if_none_match, NULL);

      t->headers = curl_slist_append (t->headers, line);
    }
  if (flags & YC_HTTP_OFFLINE_REPLAY)
    t->headers = curl_slist_append (t->headers, "X-Yc-Offline: 1");

  if (body != NULL)
    {
      gsize len = 0;

      t->body = body; /* owned from here on */
      len = strlen (t->body);
      t->headers = curl_slist_append (t->headers,
                                      "Content-Type: application/json; charset=utf-8");
      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) len);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, t->body);
      if (!g_str_equal (method, "POST"))
        curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);
    }
  else if (g_str_equal (method, "POST"))
    {
      /* An empty POST: no body and no form Content-Type. */
      t->headers = curl_slist_append (t->headers, "Content-Type:");
      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) 0);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, "");
    }
  else if (g_str_equal (method, "GET"))
    curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  else if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);

  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, t->headers);

  if (cancellable != NULL)
    {
      t->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (t->cancel_source, "[yc-http] cancel");
      g_source_set_callback (t->cancel_source, G_SOURCE_FUNC (on_cancelled), task, NULL);
      g_source_attach (t->cancel_source, self->context);
    }

  mcode = curl_multi_add_handle (self->multi, easy);
  if (mcode != CURLM_OK)
    {
      g_task_return_new_error (task, YC_API_ERROR, YC_API_ERROR_NETWORK,
                               "libcurl: %s", curl_multi_strerror (mcode));
      return;
    }

  /* The multi handle owns this reference until the transfer is done or cancelled. */
  g_steal_pointer (&task);
}

/* ------------------------------------------------------------------ class */

static void
yc_http_finalize (GObject *object)
{
  YcHttp *self = YC_HTTP (object);

  /* Closing the idle connections may still call socket_cb and timer_cb. */
  curl_multi_cleanup (self->multi);
  self->multi = NULL;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_hash_table_unref (self->sockets);

  g_free (self->base_url);
  g_free (self->ca_file);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->accept_language);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (yc_http_parent_class)->finalize (object);
}

static void
yc_http_class_init (YcHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_http_finalize;

  if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
    g_error ("libcurl cannot be initialised");
}

static void
yc_http_init (YcHttp *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->sockets = g_hash_table_new_full (NULL, NULL, NULL, socket_source_free);
  self->connect_timeout_ms = YC_HTTP_CONNECT_TIMEOUT_MS;
  self->total_timeout_ms = YC_HTTP_TOTAL_TIMEOUT_MS;
  self->accept_language = language_from_locale ();

  self->multi = curl_multi_init ();
  if (self->multi == NULL)
    g_error ("Out of memory: libcurl cannot create a multi handle");
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                     (long) YC_HTTP_MAX_HOST_CONNECTIONS);
  curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) YC_HTTP_MAX_HOST_CONNECTIONS * 2);
}

/* ------------------------------------------------------------------ public API: responses */

YcHttpResponse *
yc_http_response_ref (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_http_response_unref (YcHttpResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->json, json_node_unref);
  g_hash_table_unref (self->headers);
  g_free (self->problem_code);
  g_free (self->problem_detail);
  g_free (self->problem_field);
  g_free (self);
}

YcHttpResponse *
yc_http_response_new_from_body (guint       status,
                                const char *retry_after,
                                const char *data,
                                gsize       len)
{
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(YcHttpResponse) response = NULL;

  if (retry_after != NULL)
    g_hash_table_insert (headers, g_strdup ("retry-after"), g_strdup (retry_after));
  response = response_new (status, headers);
  response->retry_after = parse_retry_after (retry_after);
  if (status == 304 || status == 204)
    return g_steal_pointer (&response);
  response->json = parse_object (data, len);
  if (status >= 200 && status <= 299)
    return response->json != NULL ? g_steal_pointer (&response) : NULL;
  response_read_problem (response);
  return g_steal_pointer (&response);
}

YcHttpResponse *
yc_http_response_read_part (JsonNode        *part,
                            YcHttpResponse **out_refusal,
                            GError         **error)
{
  g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(YcHttpResponse) response = NULL;
  JsonObject *object;
  JsonNode *node;
  gint64 status;

  if (out_refusal != NULL)
    *out_refusal = NULL;
  if (part == NULL || !JSON_NODE_HOLDS_OBJECT (part))
    goto malformed;
  object = json_node_get_object (part);
  node = json_object_get_member (object, "status");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    goto malformed;
  status = json_node_get_int (node);
  if (status < 100 || status > 599)
    goto malformed;
  node = json_object_get_member (object, "replayed");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node))
    g_hash_table_insert (headers, g_strdup ("idempotent-replayed"), g_strdup ("true"));

  response = response_new ((guint) status, headers);
  node = json_object_get_member (object, "body");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    response->json = json_node_ref (node);

  if (status == 204 || status == 304)
    return g_steal_pointer (&response);
  if (status >= 200 && status <= 299)
    {
      if (response->json == NULL)
        goto malformed;
      return g_steal_pointer (&response);
    }
  response_read_problem (response);
  refusal_error (response, error);
  if (out_refusal != NULL)
    *out_refusal = g_steal_pointer (&response);
  return NULL;

malformed:
  g_propagate_error (error, malformed_error ());
  return NULL;
}

guint
yc_http_response_get_status (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

JsonNode *
yc_http_response_get_json (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

JsonObject *
yc_http_response_get_object (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json != NULL ? json_node_get_object (self->json) : NULL;
}

const char *
yc_http_response_get_etag (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->headers, "etag");
}

gboolean
yc_http_response_get_replayed (YcHttpResponse *self)
{
  const char *value;

  g_return_val_if_fail (self != NULL, FALSE);
  value = g_hash_table_lookup (self->headers, "idempotent-replayed");
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

gint
yc_http_response_get_retry_after (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->retry_after;
}

const char *
yc_http_response_get_problem_code (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_code;
}

const char *
yc_http_response_get_problem_detail (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_detail;
}

const char *
yc_http_response_get_problem_field (YcHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problem_field;
}

const char *
yc_http_response_get_header (YcHttpResponse *self,
                             const char     *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->headers, lower);
}

/* ------------------------------------------------------------------ public API: YcHttp */

YcHttp *
yc_http_new (const char  *base_url,
             const char  *ca_file,
             GError     **error)
{
  g_autofree char *normal = NULL;
  YcHttp *self;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normal = yc_server_url_normalize (base_url, error);
  if (normal == NULL)
    return NULL;

  if (ca_file != NULL && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, YC_API_ERROR, YC_API_ERROR_TLS,
                   _("The site’s certificate file “%s” cannot be read. Ask the administrator."),
                   ca_file);
      return NULL;
    }

  self = g_object_new (YC_TYPE_HTTP, NULL);
  self->base_url = g_steal_pointer (&normal);
  self->ca_file = g_strdup (ca_file);
  return self;
}

const char *
yc_http_get_base_url (YcHttp *self)
{
  g_return_val_if_fail (YC_IS_HTTP (self), NULL);
  return self->base_url;
}

void
yc_http_set_token (YcHttp     *self,
                   const char *token)
{
  g_return_if_fail (YC_IS_HTTP (self));
  g_return_if_fail (token == NULL || header_value_ok (token));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
yc_http_set_accept_language (YcHttp     *self,
                             const char *language)
{
  g_return_if_fail (YC_IS_HTTP (self));
  g_return_if_fail (language == NULL || header_value_ok (language));

  g_free (self->accept_language);
  self->accept_language = language != NULL ? g_strdup (language) : language_from_locale ();
}

void
yc_http_set_timeouts (YcHttp *self,
                      guint   connect_ms,
                      guint   total_ms)
{
  g_return_if_fail (YC_IS_HTTP (self));

  self->connect_timeout_ms = connect_ms != 0 ? connect_ms : YC_HTTP_CONNECT_TIMEOUT_MS;
  self->total_timeout_ms = total_ms != 0 ? total_ms : YC_HTTP_TOTAL_TIMEOUT_MS;
}

void
yc_http_request_async (YcHttp              *self,
                       const char          *method,
                       const char          *path,
                       JsonNode            *body,
                       const char          *idempotency_key,
                       YcHttpFlags          flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (YC_IS_HTTP (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, method, path, body != NULL ? json_to_string (body, FALSE) : NULL,
                 idempotency_key, NULL, flags, cancellable, callback, user_data);
}

void
yc_http_request_text_async (YcHttp              *self,
                            const char          *method,
                            const char          *path,
                            const char          *body,
                            const char          *idempotency_key,
                            YcHttpFlags          flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YC_IS_HTTP (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, method, path, g_strdup (body), idempotency_key, NULL, flags, cancellable,
                 callback, user_data);
}

void
yc_http_get_async (YcHttp              *self,
                   const char          *path,
                   const char          *if_none_match,
                   YcHttpFlags          flags,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_return_if_fail (YC_IS_HTTP (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_request (self, "GET", path, NULL, NULL, if_none_match, flags, cancellable,
                 callback, user_data);
}

YcHttpResponse *
yc_http_request_finish_full (YcHttp          *self,
                             GAsyncResult    *result,
                             YcHttpResponse **out_refusal,
                             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  YcHttpResponse *response;
  Transfer *t;

  g_return_val_if_fail (YC_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, yc_http_request_async), NULL);

  if (out_refusal != NULL)
    *out_refusal = NULL;

  response = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (response != NULL)
    return response;

  t = g_task_get_task_data (G_TASK (result));
  if (out_refusal != NULL && t != NULL && t->refusal != NULL
      && local_error->domain == YC_API_ERROR)
    *out_refusal = yc_http_response_ref (t->refusal);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

YcHttpResponse *
yc_http_request_finish (YcHttp        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return yc_http_request_finish_full (self, result, NULL, error);
}
