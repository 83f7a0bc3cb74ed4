/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-http.h: the client's HTTP layer. libcurl's multi interface driven by the GLib main loop:
 * nothing here ever blocks the thread that uses it. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-api-error.h"

G_BEGIN_DECLS

/* Limits of one exchange. */
#define YC_HTTP_CONNECT_TIMEOUT_MS   5000
#define YC_HTTP_TOTAL_TIMEOUT_MS     30000
#define YC_HTTP_LONG_POLL_SLACK_MS   10000
#define YC_HTTP_MAX_BODY             (16 * 1024 * 1024)
#define YC_HTTP_MAX_HOST_CONNECTIONS 6

/**
 * YcHttpFlags:
 * @YC_HTTP_NONE: an ordinary request.
 * @YC_HTTP_LONG_POLL: a long poll (`GET /events?…&wait=N`): the overall limit becomes N s
 *   (read from the path's `wait=`, 30 when absent) plus 10 s instead of 30 s.
 * @YC_HTTP_OFFLINE_REPLAY: the change was made while offline: sends `X-Yc-Offline: 1`.
 */
typedef enum {
  YC_HTTP_NONE           = 0,
  YC_HTTP_LONG_POLL      = 1 << 0,
  YC_HTTP_OFFLINE_REPLAY = 1 << 1,
} YcHttpFlags;

/* ------------------------------------------------------------------ YcHttpResponse */

/* One answer of the server: immutable, reference counted. */
typedef struct _YcHttpResponse YcHttpResponse;

#define YC_TYPE_HTTP_RESPONSE (yc_http_response_get_type ())

GType           yc_http_response_get_type           (void) G_GNUC_CONST;
YcHttpResponse *yc_http_response_ref                (YcHttpResponse *self);
void            yc_http_response_unref              (YcHttpResponse *self);

/* The HTTP status (200, 201, 204, 304, or on a refusal 4xx/5xx). */
guint           yc_http_response_get_status         (YcHttpResponse *self);
/* The body: a JSON object (type-checked), or NULL for 204, 304, HEAD and refusals without a
 * usable problem body. Transfer none. */
JsonNode       *yc_http_response_get_json           (YcHttpResponse *self);
JsonObject     *yc_http_response_get_object         (YcHttpResponse *self);
/* The ETag header as sent (with its quotes), or NULL. Pass it back as If-None-Match. */
const char     *yc_http_response_get_etag           (YcHttpResponse *self);
/* TRUE when the server replayed the stored first answer of this Idempotency-Key. */
gboolean        yc_http_response_get_replayed       (YcHttpResponse *self);
/* Seconds to wait from Retry-After (header, else the problem's "retry_after"); -1 if none. */
gint            yc_http_response_get_retry_after    (YcHttpResponse *self);
/* Of an application/problem+json answer: "code", "detail", "field"; NULL when absent. */
const char     *yc_http_response_get_problem_code   (YcHttpResponse *self);
const char     *yc_http_response_get_problem_detail (YcHttpResponse *self);
const char     *yc_http_response_get_problem_field  (YcHttpResponse *self);
/* Any response header (the last one of that name), @name case-insensitive; NULL if absent. */
const char     *yc_http_response_get_header         (YcHttpResponse *self,
                                                     const char     *name);

/* The response that @len bytes of body make with @status, read as an exchange reads them
 * (a JSON object of at most 64 levels; of a refusal, its problem members); @retry_after is
 * the Retry-After header or NULL. NULL for a 2xx whose body is no object (the exchange fails
 * as malformed then). For the tests and fuzzers of what the client accepts from a server. */
YcHttpResponse *yc_http_response_new_from_body      (guint           status,
                                                     const char     *retry_after,
                                                     const char     *data,
                                                     gsize           len);

/* One answer inside the answer of a POST /batch (`{"status","replayed","body"}`), read as an
 * exchange reads its own answer: the response for a 2xx with an object body (none for 204),
 * else NULL and the error yc_http_request_finish_full() would give, with the refusal in
 * @out_refusal when the server refused; YC_API_ERROR_MALFORMED for a part that cannot be
 * read. The strings of the body are those of the batch's answer, already checked. */
YcHttpResponse *yc_http_response_read_part          (JsonNode        *part,
                                                     YcHttpResponse **out_refusal,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcHttpResponse, yc_http_response_unref)

/* ------------------------------------------------------------------ YcHttp */

#define YC_TYPE_HTTP (yc_http_get_type ())

G_DECLARE_FINAL_TYPE (YcHttp, yc_http, YC, HTTP, GObject)

/* @base_url: the server address (checked with yc_server_url_normalize(): https://, or http://
 * for this machine only). @ca_file: the site's CA certificates (PEM) to trust instead of the
 * system's, or NULL. Certificate and host name verification is always on. Proxies come from
 * the environment (http_proxy, https_proxy, no_proxy), as libcurl reads them.
 *
 * A YcHttp belongs to the thread-default main context of the thread that creates it; use it
 * from that thread only. Requests keep it alive until they complete. Fails with
 * G_IO_ERROR_INVALID_ARGUMENT for a bad address and YC_API_ERROR_TLS for an unreadable CA
 * file. */
YcHttp         *yc_http_new                  (const char           *base_url,
                                              const char           *ca_file,
                                              GError              **error);
const char     *yc_http_get_base_url         (YcHttp               *self);
/* The bearer token of later requests (NULL: none). Never logged. */
void            yc_http_set_token            (YcHttp               *self,
                                              const char           *token);
/* The Accept-Language of later requests, e.g. "zh-CN" (NULL: from the locale, as at creation). */
void            yc_http_set_accept_language  (YcHttp               *self,
                                              const char           *language);
/* Override the connect and overall time limits in milliseconds (0: the defaults above). Long
 * polls keep their own overall limit. Meant for tests and for slow sites. */
void            yc_http_set_timeouts         (YcHttp               *self,
                                              guint                 connect_ms,
                                              guint                 total_ms);

/* Send one request. @path: "/api/v1/…" (any path starting with "/api/"), or a path relative
 * to /api/v1 ("/cases", "cases?holder=me"); query values must already be escaped. @body: the
 * JSON body (NULL: none), sent as application/json; charset=utf-8. @idempotency_key: the
 * Idempotency-Key header (NULL: none; every POST but POST /sessions needs one). Cancelling
 * @cancellable aborts the exchange; finish then fails with G_IO_ERROR_CANCELLED. */
void            yc_http_request_async        (YcHttp               *self,
                                              const char           *method,
                                              const char           *path,
                                              JsonNode             *body,
                                              const char           *idempotency_key,
                                              YcHttpFlags           flags,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* As yc_http_request_async(), with the body already written as JSON text (the outbox keeps
 * its entries that way): it is sent as it is, without parsing it again. */
void            yc_http_request_text_async   (YcHttp               *self,
                                              const char           *method,
                                              const char           *path,
                                              const char           *body,
                                              const char           *idempotency_key,
                                              YcHttpFlags           flags,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* A GET, conditional when @if_none_match (an ETag from an earlier answer) is given: an
 * unchanged resource then completes with a 304 response without a body. Finish with
 * yc_http_request_finish(). */
void            yc_http_get_async            (YcHttp               *self,
                                              const char           *path,
                                              const char           *if_none_match,
                                              YcHttpFlags           flags,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);

/* How a request ends:
 * - a 2xx answer with a JSON object body (or no body for 204), or 304: the response;
 * - any other answer: NULL and a YC_API_ERROR error (yc_api_error_from_status()) whose message
 *   is the problem's "detail" — a sentence a clerk can read, in the Accept-Language — or, when
 *   the answer carries none, a translated sentence for that kind of failure;
 * - no usable answer: NULL and YC_API_ERROR_NETWORK, _TIMEOUT, _TLS or _MALFORMED with a
 *   translated sentence;
 * - cancelled: NULL and G_IO_ERROR_CANCELLED. */
YcHttpResponse *yc_http_request_finish       (YcHttp               *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* As yc_http_request_finish(); in addition, when the server refused (the error is one of the
 * HTTP statuses: UNAUTHORIZED … SERVER, BAD_REQUEST, or MALFORMED for an unexpected status),
 * @out_refusal receives that answer, with its problem code, detail, field and Retry-After.
 * Otherwise *@out_refusal is set to NULL. */
YcHttpResponse *yc_http_request_finish_full  (YcHttp               *self,
                                              GAsyncResult         *result,
                                              YcHttpResponse      **out_refusal,
                                              GError              **error);

G_END_DECLS
