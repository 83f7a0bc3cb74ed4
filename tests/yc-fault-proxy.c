/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-fault-proxy"

#include "config.h"

#include "yc-fault-proxy.h"

#include <string.h>
#include <sys/socket.h>

/* yc-fault-proxy.c: see yc-fault-proxy.h.
 *
 * Each client connection is a Conn that goes through its exchanges one step at a time, with
 * at most one asynchronous operation pending (a read, a write, a connect or a delay):
 *
 *   step_request ─► (fault chosen) ─► step_forward ─► step_response ─► deliver ─► after_answer
 *        ▲                                                                            │
 *        └────────────────────────────── keep-alive ─────────────────────────────────┘
 *
 * A Conn is closed (conn_close) only between operations or by cancelling the pending one; its
 * sockets are closed when the last reference goes, so no stream is closed under a pending
 * operation. */

#define READ_CHUNK      (64 * 1024)
#define MAX_HEAD        (64 * 1024)
#define MAX_CHUNK_SIZE  ((gsize) 1 << 30)
#define PAD_CHUNK       (1024 * 1024)

struct _YcFaultProxy {
  char          *upstream_host;
  guint16        upstream_port;
  guint16        port;
  char          *url;

  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;

  /* The proxy's thread only. */
  GSocketService *service;
  GSocketClient  *client;
  GList          *conns;
  guint           live;

  GMutex         lock;
  GCond          cond;
  gboolean       started;
  GError        *start_error;

  /* Under lock. */
  YcFault        fault;
  gboolean       random;
  GArray        *chances;
  GRand         *rand;
  YcFault        inject_fault;
  guint          inject_count;
  guint          delay_ms;
  GBytes        *replacement;
  char          *match_method;
  char          *match_prefix;

  /* Atomic. */
  gint           n_connections;
  gint           n_seen;
  gint           n_forwarded;
  gint           n_faults[YC_FAULT_N];
};

typedef struct _Conn Conn;
typedef void (*ConnStep) (Conn *c);

struct _Conn {
  int                ref_count;
  YcFaultProxy      *proxy;
  GSocketConnection *client;
  GSocketConnection *upstream;
  GCancellable      *cancellable;
  GSource           *delay_source;
  gboolean           closed;
  gboolean           reset_on_close;

  GByteArray        *cin;              /* read from the client, not consumed yet */
  GByteArray        *uin;              /* read from the server, not consumed yet */
  gboolean           client_eof;
  gboolean           upstream_eof;
  gboolean           upstream_reused;  /* the server connection served an exchange before */
  guint8            *read_buffer;
  ConnStep           after_read;
  ConnStep           after_write;
  gboolean           reading_upstream;
  gboolean           writing_upstream;
  GBytes            *out;

  /* The current exchange. */
  GBytes            *request;          /* as forwarded */
  gboolean           request_close;
  gboolean           is_head;
  gboolean           continue_sent;
  gboolean           retried;
  gboolean           counted_forward;
  YcFault            fault;
  GPtrArray         *answer_lines;     /* status line and headers */
  GBytes            *answer_raw;       /* head and body as the server sent them */
  GBytes            *answer_body;      /* the body, de-chunked */
  gboolean           answer_close;
  gsize              pad_left;
};

static void step_request  (Conn *c);
static void step_forward  (Conn *c);
static void step_response (Conn *c);

/* ------------------------------------------------------------------ HTTP text */

static gssize
find_head_end (GByteArray *buffer)
{
  const guint8 *end;

  if (buffer->len < 4)
    return -1;
  end = memmem (buffer->data, buffer->len, "\r\n\r\n", 4);
  return end != NULL ? (end - buffer->data) + 4 : -1;
}

/* The start line and the header lines of a head (without the blank line). */
static GPtrArray *
split_head (const guint8 *data,
            gsize         head_len)
{
  g_autofree char *text = g_strndup ((const char *) data, head_len - 4);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (array, g_strdup (lines[i]));
  return array;
}

/* The value of the header @name (the last one), NULL if absent. Points into @lines. */
static const char *
head_get (GPtrArray  *lines,
          const char *name)
{
  gsize name_len = strlen (name);
  const char *found = NULL;
  guint i;

  for (i = 1; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (g_ascii_strncasecmp (line, name, name_len) == 0 && line[name_len] == ':')
        {
          found = line + name_len + 1;
          while (*found == ' ' || *found == '\t')
            found++;
        }
    }
  return found;
}

static gboolean
head_has_token (GPtrArray  *lines,
                const char *name,
                const char *token)
{
  const char *value = head_get (lines, name);
  g_auto(GStrv) parts = NULL;
  guint i;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit (value, ",", -1);
  for (i = 0; parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (parts[i]), token) == 0)
      return TRUE;
  return FALSE;
}

/* The head again, without the headers in @drop (NULL-terminated), with @extra lines added. */
static GString *
head_rebuild (GPtrArray         *lines,
              const char *const *drop,
              const char        *extra)
{
  GString *out = g_string_new (g_ptr_array_index (lines, 0));
  guint i;

  g_string_append (out, "\r\n");
  for (i = 1; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *colon = strchr (line, ':');
      gboolean skip = FALSE;
      guint j;

      for (j = 0; drop != NULL && drop[j] != NULL && colon != NULL; j++)
        if ((gsize) (colon - line) == strlen (drop[j])
            && g_ascii_strncasecmp (line, drop[j], colon - line) == 0)
          skip = TRUE;
      if (!skip)
        g_string_append_printf (out, "%s\r\n", line);
    }
  if (extra != NULL)
    g_string_append (out, extra);
  g_string_append (out, "\r\n");
  return out;
}

static gboolean
parse_length (const char *value,
              gsize      *out)
{
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXSIZE, &n, NULL))
    return FALSE;
  *out = n;
  return TRUE;
}

/* The length of a whole chunked body at @data, -1 while incomplete, -2 if it is not one.
 * Appends the decoded bytes to @decoded when given. */
static gssize
chunked_length (const guint8 *data,
                gsize         len,
                GByteArray   *decoded)
{
  gsize pos = 0;

  for (;;)
    {
      const guint8 *eol = memmem (data + pos, len - pos, "\r\n", 2);
      gsize size = 0;
      const guint8 *p;

      if (eol == NULL)
        return len - pos > 1024 ? -2 : -1;
      for (p = data + pos; p < eol && g_ascii_isxdigit (*p); p++)
        {
          size = size * 16 + g_ascii_xdigit_value (*p);
          if (size > MAX_CHUNK_SIZE)
            return -2;
        }
      if (p == data + pos || (p < eol && *p != ';' && *p != ' '))
        return -2;
      pos = (eol - data) + 2;

      if (size == 0)
        {
          /* Trailers, up to an empty line. */
          for (;;)
            {
              eol = memmem (data + pos, len - pos, "\r\n", 2);
              if (eol == NULL)
                return -1;
              if (eol == data + pos)
                return pos + 2;
              pos = (eol - data) + 2;
            }
        }

      if (len - pos < size + 2)
        return -1;
      if (data[pos + size] != '\r' || data[pos + size + 1] != '\n')
        return -2;
      if (decoded != NULL)
        g_byte_array_append (decoded, data + pos, size);
      pos += size + 2;
    }
}

/* ------------------------------------------------------------------ connections */

static Conn *
conn_ref (Conn *c)
{
  c->ref_count++;
  return c;
}

static void
conn_clear_exchange (Conn *c)
{
  g_clear_pointer (&c->request, g_bytes_unref);
  g_clear_pointer (&c->answer_lines, g_ptr_array_unref);
  g_clear_pointer (&c->answer_raw, g_bytes_unref);
  g_clear_pointer (&c->answer_body, g_bytes_unref);
  c->request_close = FALSE;
  c->answer_close = FALSE;
  c->is_head = FALSE;
  c->continue_sent = FALSE;
  c->retried = FALSE;
  c->counted_forward = FALSE;
  c->fault = YC_FAULT_PASS;
}

static void
conn_drop_upstream (Conn *c)
{
  if (c->upstream != NULL)
    {
      g_io_stream_close (G_IO_STREAM (c->upstream), NULL, NULL);
      g_clear_object (&c->upstream);
    }
  g_byte_array_set_size (c->uin, 0);
  c->upstream_eof = FALSE;
  c->upstream_reused = FALSE;
}

static void
conn_unref (gpointer data)
{
  Conn *c = data;

  if (--c->ref_count > 0)
    return;

  if (c->reset_on_close)
    {
      GSocket *socket = g_socket_connection_get_socket (c->client);
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };

      /* Closing with a zero linger time sends RST instead of FIN. */
      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_io_stream_close (G_IO_STREAM (c->client), NULL, NULL);
  conn_drop_upstream (c);
  conn_clear_exchange (c);
  g_object_unref (c->client);
  g_object_unref (c->cancellable);
  g_byte_array_unref (c->cin);
  g_byte_array_unref (c->uin);
  g_clear_pointer (&c->out, g_bytes_unref);
  g_free (c->read_buffer);
  c->proxy->live--;
  g_free (c);
}

static void
conn_close (Conn *c)
{
  if (c->closed)
    return;
  c->closed = TRUE;
  g_cancellable_cancel (c->cancellable);
  if (c->delay_source != NULL)
    {
      g_source_destroy (c->delay_source);
      g_clear_pointer (&c->delay_source, g_source_unref);
    }
  c->proxy->conns = g_list_remove (c->proxy->conns, c);
  conn_unref (c);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Conn *c = user_data;
  gboolean from_upstream = c->reading_upstream;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (c->closed)
    goto out;

  if (n < 0 && !from_upstream)
    {
      conn_close (c);
      goto out;
    }

  if (n <= 0)
    {
      if (from_upstream)
        c->upstream_eof = TRUE;
      else
        c->client_eof = TRUE;
    }
  else
    g_byte_array_append (from_upstream ? c->uin : c->cin, c->read_buffer, n);

  c->after_read (c);

out:
  conn_unref (c);
}

static void
read_more (Conn     *c,
           gboolean  from_upstream,
           ConnStep  next)
{
  GIOStream *stream = G_IO_STREAM (from_upstream ? c->upstream : c->client);

  c->after_read = next;
  c->reading_upstream = from_upstream;
  g_input_stream_read_async (g_io_stream_get_input_stream (stream), c->read_buffer, READ_CHUNK,
                             G_PRIORITY_DEFAULT, c->cancellable, on_read, conn_ref (c));
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Conn *c = user_data;
  g_autoptr(GError) error = NULL;
  gboolean to_upstream = c->writing_upstream;

  g_clear_pointer (&c->out, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (c->closed)
        goto out;
      if (to_upstream && c->upstream_reused && !c->retried)
        {
          /* The server closed the idle connection meanwhile: once more on a new one. */
          c->retried = TRUE;
          conn_drop_upstream (c);
          step_forward (c);
        }
      else
        conn_close (c);
      goto out;
    }

  if (!c->closed)
    c->after_write (c);

out:
  conn_unref (c);
}

static void
write_then (Conn     *c,
            gboolean  to_upstream,
            GBytes   *bytes,
            ConnStep  next)
{
  GIOStream *stream = G_IO_STREAM (to_upstream ? c->upstream : c->client);
  gsize len = 0;
  gconstpointer data;

  g_clear_pointer (&c->out, g_bytes_unref);
  c->out = bytes;
  c->after_write = next;
  c->writing_upstream = to_upstream;
  data = g_bytes_get_data (bytes, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), data, len,
                                   G_PRIORITY_DEFAULT, c->cancellable, on_written,
                                   conn_ref (c));
}

/* ------------------------------------------------------------------ choosing faults */

static YcFault
choose_fault (YcFaultProxy *self,
              const char   *method,
              const char   *path)
{
  YcFault fault = YC_FAULT_PASS;

  g_mutex_lock (&self->lock);
  if (self->match_method != NULL && g_strcmp0 (method, self->match_method) != 0)
    goto out;
  if (self->match_prefix != NULL && !g_str_has_prefix (path, self->match_prefix))
    goto out;

  if (self->inject_count > 0)
    {
      fault = self->inject_fault;
      self->inject_count--;
    }
  else if (self->random)
    {
      double r = g_rand_double (self->rand);
      double sum = 0;
      guint i;

      for (i = 0; i < self->chances->len; i++)
        {
          YcFaultChance *chance = &g_array_index (self->chances, YcFaultChance, i);

          sum += chance->probability;
          if (r < sum)
            {
              fault = chance->fault;
              break;
            }
        }
    }
  else
    fault = self->fault;

out:
  g_mutex_unlock (&self->lock);
  g_atomic_int_inc (&self->n_faults[fault]);
  return fault;
}

/* ------------------------------------------------------------------ the steps */

static void
after_answer (Conn *c)
{
  gboolean close = c->request_close || c->answer_close;

  conn_clear_exchange (c);
  if (close)
    conn_close (c);
  else
    step_request (c);
}

static void
step_pad (Conn *c)
{
  static GBytes *spaces;
  gsize n;

  if (g_once_init_enter (&spaces))
    {
      guint8 *block = g_malloc (PAD_CHUNK);

      memset (block, ' ', PAD_CHUNK);
      g_once_init_leave (&spaces, g_bytes_new_take (block, PAD_CHUNK));
    }

  if (c->pad_left == 0)
    {
      conn_close (c);
      return;
    }
  n = MIN (c->pad_left, (gsize) PAD_CHUNK);
  c->pad_left -= n;
  write_then (c, FALSE, g_bytes_new_from_bytes (spaces, 0, n), step_pad);
}

static GBytes *
answer_with_body (Conn         *c,
                  const guint8 *body,
                  gsize         len)
{
  static const char *const drop[] = { "Content-Length", "Transfer-Encoding", NULL };
  g_autofree char *extra = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "\r\n", len);
  GString *out = head_rebuild (c->answer_lines, drop, extra);

  g_string_append_len (out, (const char *) body, len);
  return g_string_free_to_bytes (out);
}

static void
deliver (Conn *c)
{
  gsize len = 0;
  const guint8 *body = g_bytes_get_data (c->answer_body, &len);
  YcFault fault = c->fault;

  /* Answers without a body have nothing to break but their connection. */
  if ((len == 0 || c->is_head)
      && (fault == YC_FAULT_TRUNCATE || fault == YC_FAULT_CORRUPT || fault == YC_FAULT_CUT))
    fault = YC_FAULT_PASS;

  switch (fault)
    {
    case YC_FAULT_CLOSE_AFTER_REQUEST:
      conn_close (c);
      break;

    case YC_FAULT_TRUNCATE:
      write_then (c, FALSE, answer_with_body (c, body, len / 2), after_answer);
      break;

    case YC_FAULT_CORRUPT:
      {
        g_autofree guint8 *copy = g_memdup2 (body, len);

        copy[0] ^= 0x80;
        copy[len / 3] ^= 0x55;
        copy[(2 * len) / 3] ^= 0xA5;
        write_then (c, FALSE, answer_with_body (c, copy, len), after_answer);
      }
      break;

    case YC_FAULT_CUT:
      {
        g_autoptr(GBytes) whole = answer_with_body (c, body, len);

        write_then (c, FALSE,
                    g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - (len + 1) / 2),
                    conn_close);
      }
      break;

    case YC_FAULT_PAD:
      {
        static const char *const drop[] = {
          "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", NULL
        };
        GString *out = head_rebuild (c->answer_lines, drop, "Connection: close\r\n");

        g_string_append_len (out, (const char *) body, c->is_head ? 0 : len);
        c->pad_left = YC_FAULT_PAD_BYTES;
        write_then (c, FALSE, g_string_free_to_bytes (out), step_pad);
      }
      break;

    case YC_FAULT_REPLACE_BODY:
      {
        g_autoptr(GBytes) replacement = NULL;
        gsize rlen = 0;
        const guint8 *rdata;

        g_mutex_lock (&c->proxy->lock);
        if (c->proxy->replacement != NULL)
          replacement = g_bytes_ref (c->proxy->replacement);
        g_mutex_unlock (&c->proxy->lock);
        rdata = replacement != NULL ? g_bytes_get_data (replacement, &rlen) : NULL;
        write_then (c, FALSE, answer_with_body (c, rdata, rlen), after_answer);
      }
      break;

    case YC_FAULT_PASS:
    case YC_FAULT_DELAY:
    case YC_FAULT_RESET:
    case YC_FAULT_ANSWER_500:
    case YC_FAULT_ANSWER_404:
    case YC_FAULT_STALL:
    case YC_FAULT_N:
    default:
      write_then (c, FALSE, g_bytes_ref (c->answer_raw), after_answer);
      break;
    }
}

static void
step_response (Conn *c)
{
  gssize head_end = find_head_end (c->uin);
  g_autoptr(GPtrArray) lines = NULL;
  g_auto(GStrv) status_parts = NULL;
  guint64 status = 0;
  gsize available;
  gsize body_len = 0;
  GByteArray *decoded = NULL;

  if (head_end < 0)
    {
      if (c->uin->len > MAX_HEAD)
        conn_close (c);
      else if (c->upstream_eof)
        {
          if (c->uin->len == 0 && c->upstream_reused && !c->retried)
            {
              /* The server had closed the idle connection: once more on a new one. */
              c->retried = TRUE;
              conn_drop_upstream (c);
              step_forward (c);
            }
          else
            conn_close (c);
        }
      else
        read_more (c, TRUE, step_response);
      return;
    }

  lines = split_head (c->uin->data, head_end);
  status_parts = g_strsplit (g_ptr_array_index (lines, 0), " ", 3);
  if (g_strv_length (status_parts) < 2 || !g_str_has_prefix (status_parts[0], "HTTP/1.")
      || !g_ascii_string_to_unsigned (status_parts[1], 10, 100, 999, &status, NULL))
    {
      conn_close (c);
      return;
    }

  available = c->uin->len - head_end;

  if (status >= 100 && status <= 199)
    {
      /* An interim answer: pass it on and read the real one. */
      GBytes *interim;

      if (status == 101)
        {
          conn_close (c);
          return;
        }
      interim = g_bytes_new (c->uin->data, head_end);
      g_byte_array_remove_range (c->uin, 0, head_end);
      write_then (c, FALSE, interim, step_response);
      return;
    }

  if (c->is_head || status == 204 || status == 304)
    body_len = 0;
  else if (head_has_token (lines, "Transfer-Encoding", "chunked"))
    {
      gssize n;

      decoded = g_byte_array_new ();
      n = chunked_length (c->uin->data + head_end, available, decoded);
      if (n == -2 || (n == -1 && c->upstream_eof))
        {
          g_byte_array_unref (decoded);
          conn_close (c);
          return;
        }
      if (n == -1)
        {
          g_byte_array_unref (decoded);
          read_more (c, TRUE, step_response);
          return;
        }
      body_len = n;
    }
  else if (head_get (lines, "Content-Length") != NULL)
    {
      if (!parse_length (head_get (lines, "Content-Length"), &body_len))
        {
          conn_close (c);
          return;
        }
      if (available < body_len)
        {
          if (c->upstream_eof)
            conn_close (c);
          else
            read_more (c, TRUE, step_response);
          return;
        }
    }
  else
    {
      /* Ended by the close of the connection. */
      if (!c->upstream_eof)
        {
          read_more (c, TRUE, step_response);
          return;
        }
      body_len = available;
      c->answer_close = TRUE;
    }

  c->answer_raw = g_bytes_new (c->uin->data, head_end + body_len);
  if (decoded != NULL)
    c->answer_body = g_byte_array_free_to_bytes (decoded);
  else
    c->answer_body = g_bytes_new (c->uin->data + head_end, body_len);
  if (head_has_token (lines, "Connection", "close"))
    c->answer_close = TRUE;
  c->answer_lines = g_steal_pointer (&lines);
  g_byte_array_remove_range (c->uin, 0, head_end + body_len);

  c->upstream_reused = TRUE;
  if (c->answer_close)
    conn_drop_upstream (c);

  deliver (c);
}

static void
on_request_forwarded (Conn *c)
{
  if (!c->counted_forward)
    {
      c->counted_forward = TRUE;
      g_atomic_int_inc (&c->proxy->n_forwarded);
    }
  step_response (c);
}

static void
on_upstream_connected (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Conn *c = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (c->closed)
    {
      g_clear_object (&connection);
      conn_unref (c);
      return;
    }
  if (connection == NULL)
    {
      g_debug ("upstream: %s", error->message);
      conn_close (c);
      conn_unref (c);
      return;
    }

  c->upstream = connection;
  c->upstream_eof = FALSE;
  c->upstream_reused = FALSE;
  write_then (c, TRUE, g_bytes_ref (c->request), on_request_forwarded);
  conn_unref (c);
}

static void
step_forward (Conn *c)
{
  if (c->upstream == NULL)
    {
      g_socket_client_connect_to_host_async (c->proxy->client, c->proxy->upstream_host,
                                             c->proxy->upstream_port, c->cancellable,
                                             on_upstream_connected, conn_ref (c));
      return;
    }
  write_then (c, TRUE, g_bytes_ref (c->request), on_request_forwarded);
}

static gboolean
on_delay_done (gpointer user_data)
{
  Conn *c = user_data;

  g_clear_pointer (&c->delay_source, g_source_unref);
  step_forward (c);
  return G_SOURCE_REMOVE;
}

static void
step_stall (Conn *c)
{
  if (c->client_eof)
    {
      conn_close (c);
      return;
    }
  g_byte_array_set_size (c->cin, 0);
  read_more (c, FALSE, step_stall);
}

static void
answer_problem (Conn       *c,
                const char *status_line,
                const char *body)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("HTTP/1.1 %s\r\n"
                          "Content-Type: application/problem+json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "%s"
                          "\r\n%s",
                          status_line, strlen (body),
                          c->request_close ? "Connection: close\r\n" : "", body);
  write_then (c, FALSE, g_bytes_new (text, strlen (text)), after_answer);
}

static void
answer_500 (Conn *c)
{
  answer_problem (c, "500 Internal Server Error",
                  "{\"type\":\"urn:yichuang:problem:internal_error\",\"title\":\"Internal Server Error\","
                  "\"status\":500,\"detail\":\"The server failed (a fault injected by the test proxy).\","
                  "\"code\":\"internal_error\"}");
}

static void
answer_404 (Conn *c)
{
  answer_problem (c, "404 Not Found",
                  "{\"type\":\"urn:yichuang:problem:not_found\",\"title\":\"Not found\","
                  "\"status\":404,\"detail\":\"There is no such address in the API.\","
                  "\"code\":\"not_found\"}");
}

static void
step_request (Conn *c)
{
  gssize head_end;
  g_autoptr(GPtrArray) lines = NULL;
  g_auto(GStrv) request_line = NULL;
  gsize available;
  gsize body_len = 0;
  const char *version;
  GString *forward;
  static const char *const drop[] = { "Expect", NULL };

  if (c->closed)
    return;

  head_end = find_head_end (c->cin);
  if (head_end < 0)
    {
      if (c->cin->len > MAX_HEAD || c->client_eof)
        conn_close (c);
      else
        read_more (c, FALSE, step_request);
      return;
    }

  lines = split_head (c->cin->data, head_end);
  request_line = g_strsplit (g_ptr_array_index (lines, 0), " ", 3);
  if (g_strv_length (request_line) != 3 || !g_str_has_prefix (request_line[2], "HTTP/1."))
    {
      conn_close (c);
      return;
    }
  version = request_line[2];

  available = c->cin->len - head_end;
  if (head_has_token (lines, "Transfer-Encoding", "chunked"))
    {
      gssize n = chunked_length (c->cin->data + head_end, available, NULL);

      if (n == -2)
        {
          conn_close (c);
          return;
        }
      body_len = n >= 0 ? (gsize) n : G_MAXSIZE;
    }
  else if (head_get (lines, "Content-Length") != NULL
           && !parse_length (head_get (lines, "Content-Length"), &body_len))
    {
      conn_close (c);
      return;
    }

  if (body_len == G_MAXSIZE || available < body_len)
    {
      if (c->client_eof)
        {
          conn_close (c);
          return;
        }
      if (!c->continue_sent && head_has_token (lines, "Expect", "100-continue"))
        {
          static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
          GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c->client));

          c->continue_sent = TRUE;
          if (!g_output_stream_write_all (out, go_on, strlen (go_on), NULL, NULL, NULL))
            {
              conn_close (c);
              return;
            }
        }
      read_more (c, FALSE, step_request);
      return;
    }

  /* A whole request. */
  forward = head_rebuild (lines, drop, NULL);
  g_string_append_len (forward, (const char *) c->cin->data + head_end, body_len);
  c->request = g_string_free_to_bytes (forward);
  c->request_close = head_has_token (lines, "Connection", "close")
                     || (g_str_equal (version, "HTTP/1.0")
                         && !head_has_token (lines, "Connection", "keep-alive"));
  c->is_head = g_str_equal (request_line[0], "HEAD");
  g_byte_array_remove_range (c->cin, 0, head_end + body_len);
  c->retried = FALSE;
  c->counted_forward = FALSE;

  g_atomic_int_inc (&c->proxy->n_seen);
  c->fault = choose_fault (c->proxy, request_line[0], request_line[1]);

  switch (c->fault)
    {
    case YC_FAULT_RESET:
      c->reset_on_close = TRUE;
      conn_close (c);
      break;

    case YC_FAULT_ANSWER_500:
      answer_500 (c);
      break;

    case YC_FAULT_ANSWER_404:
      answer_404 (c);
      break;

    case YC_FAULT_STALL:
      step_stall (c);
      break;

    case YC_FAULT_DELAY:
      {
        guint delay_ms;

        g_mutex_lock (&c->proxy->lock);
        delay_ms = c->proxy->delay_ms;
        g_mutex_unlock (&c->proxy->lock);
        c->delay_source = g_timeout_source_new (delay_ms);
        g_source_set_callback (c->delay_source, on_delay_done, conn_ref (c), conn_unref);
        g_source_attach (c->delay_source, c->proxy->context);
      }
      break;

    case YC_FAULT_PASS:
    case YC_FAULT_CLOSE_AFTER_REQUEST:
    case YC_FAULT_TRUNCATE:
    case YC_FAULT_CORRUPT:
    case YC_FAULT_CUT:
    case YC_FAULT_PAD:
    case YC_FAULT_REPLACE_BODY:
    case YC_FAULT_N:
    default:
      step_forward (c);
      break;
    }
}

/* ------------------------------------------------------------------ the proxy's thread */

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  YcFaultProxy *self = user_data;
  Conn *c = g_new0 (Conn, 1);

  c->ref_count = 1;
  c->proxy = self;
  c->client = g_object_ref (connection);
  c->cancellable = g_cancellable_new ();
  c->cin = g_byte_array_new ();
  c->uin = g_byte_array_new ();
  c->read_buffer = g_malloc (READ_CHUNK);
  self->conns = g_list_prepend (self->conns, c);
  self->live++;
  g_atomic_int_inc (&self->n_connections);

  step_request (c);
  return TRUE;
}

static gboolean
stop_in_thread (gpointer user_data)
{
  YcFaultProxy *self = user_data;

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  while (self->conns != NULL)
    conn_close (self->conns->data);
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
proxy_thread (gpointer user_data)
{
  YcFaultProxy *self = user_data;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  self->service = g_socket_service_new ();
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &error))
    {
      g_mutex_lock (&self->lock);
      self->start_error = g_steal_pointer (&error);
      self->started = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
      g_clear_object (&self->service);
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }

  self->client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (self->client, FALSE);
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);

  g_mutex_lock (&self->lock);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  /* Let the cancelled operations finish. */
  while (self->live > 0)
    g_main_context_iteration (self->context, TRUE);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->service);
  g_clear_object (&self->client);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* ------------------------------------------------------------------ public API */

YcFaultProxy *
yc_fault_proxy_new (const char  *upstream_host,
                    guint16      upstream_port,
                    GError     **error)
{
  YcFaultProxy *self;

  g_return_val_if_fail (upstream_host != NULL, NULL);

  self = g_new0 (YcFaultProxy, 1);
  self->upstream_host = g_strdup (upstream_host);
  self->upstream_port = upstream_port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->chances = g_array_new (FALSE, FALSE, sizeof (YcFaultChance));
  self->rand = g_rand_new_with_seed (1);
  self->delay_ms = 200;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->thread = g_thread_new ("yc-fault-proxy", proxy_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_thread_join (self->thread);
      self->thread = NULL;
      yc_fault_proxy_free (self);
      return NULL;
    }

  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  return self;
}

YcFaultProxy *
yc_fault_proxy_new_for_url (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return NULL;
  port = g_uri_get_port (uri);
  if (g_uri_get_host (uri) == NULL || port <= 0 || port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "No host and port in %s", url);
      return NULL;
    }
  return yc_fault_proxy_new (g_uri_get_host (uri), (guint16) port, error);
}

void
yc_fault_proxy_free (YcFaultProxy *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, stop_in_thread, self);
      g_thread_join (self->thread);
    }

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_array_unref (self->chances);
  g_rand_free (self->rand);
  g_clear_pointer (&self->replacement, g_bytes_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->match_method);
  g_free (self->match_prefix);
  g_free (self->upstream_host);
  g_free (self->url);
  g_free (self);
}

guint16
yc_fault_proxy_get_port (YcFaultProxy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
}

const char *
yc_fault_proxy_get_url (YcFaultProxy *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

void
yc_fault_proxy_set_fault (YcFaultProxy *self,
                          YcFault       fault)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (fault < YC_FAULT_N);

  g_mutex_lock (&self->lock);
  self->fault = fault;
  self->random = FALSE;
  self->inject_count = 0;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_inject (YcFaultProxy *self,
                       YcFault       fault,
                       guint         count)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (fault < YC_FAULT_N);

  g_mutex_lock (&self->lock);
  self->inject_fault = fault;
  self->inject_count = count;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_random (YcFaultProxy        *self,
                           const YcFaultChance *chances,
                           guint                n_chances,
                           guint32              seed)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (chances != NULL || n_chances == 0);

  g_mutex_lock (&self->lock);
  g_array_set_size (self->chances, 0);
  g_array_append_vals (self->chances, chances, n_chances);
  g_rand_set_seed (self->rand, seed);
  self->random = TRUE;
  self->inject_count = 0;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_delay (YcFaultProxy *self,
                          guint         delay_ms)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_replacement_body (YcFaultProxy *self,
                                     const char   *body,
                                     gssize        len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (body != NULL || len <= 0);

  if (len < 0)
    len = body != NULL ? strlen (body) : 0;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->replacement, g_bytes_unref);
  self->replacement = g_bytes_new (body, len);
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_match (YcFaultProxy *self,
                          const char   *method,
                          const char   *path_prefix)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  g_free (self->match_method);
  g_free (self->match_prefix);
  self->match_method = g_strdup (method);
  self->match_prefix = g_strdup (path_prefix);
  g_mutex_unlock (&self->lock);
}

guint
yc_fault_proxy_get_connections (YcFaultProxy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) g_atomic_int_get (&self->n_connections);
}

guint
yc_fault_proxy_get_requests_seen (YcFaultProxy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) g_atomic_int_get (&self->n_seen);
}

guint
yc_fault_proxy_get_requests_forwarded (YcFaultProxy *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint) g_atomic_int_get (&self->n_forwarded);
}

guint
yc_fault_proxy_get_fault_count (YcFaultProxy *self,
                                YcFault       fault)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (fault < YC_FAULT_N, 0);
  return (guint) g_atomic_int_get (&self->n_faults[fault]);
}

void
yc_fault_proxy_reset_counters (YcFaultProxy *self)
{
  guint i;

  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->n_connections, 0);
  g_atomic_int_set (&self->n_seen, 0);
  g_atomic_int_set (&self->n_forwarded, 0);
  for (i = 0; i < YC_FAULT_N; i++)
    g_atomic_int_set (&self->n_faults[i], 0);
}

const char *
yc_fault_to_string (YcFault fault)
{
  static const char *const names[] = {
    [YC_FAULT_PASS] = "pass",
    [YC_FAULT_DELAY] = "delay",
    [YC_FAULT_RESET] = "reset",
    [YC_FAULT_CLOSE_AFTER_REQUEST] = "close-after-request",
    [YC_FAULT_ANSWER_500] = "answer-500",
    [YC_FAULT_TRUNCATE] = "truncate",
    [YC_FAULT_CORRUPT] = "corrupt",
    [YC_FAULT_CUT] = "cut",
    [YC_FAULT_STALL] = "stall",
    [YC_FAULT_PAD] = "pad",
    [YC_FAULT_REPLACE_BODY] = "replace-body",
    [YC_FAULT_ANSWER_404] = "answer-404",
  };

  if ((guint) fault < G_N_ELEMENTS (names))
    return names[fault];
  return "unknown";
}
