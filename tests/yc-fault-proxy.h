/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-fault-proxy.h: a TCP proxy for tests, in front of the real yichuang-server, that breaks
 * chosen HTTP/1.1 exchanges in the ways networks and servers break them.
 *
 * It listens on 127.0.0.1 on a port the kernel picks and runs on a thread of its own (its own
 * GMainContext), so it works under clients that block as well as under clients on the test's
 * main loop. It reads HTTP/1.1 well enough to find where each request and each answer ends on
 * a keep-alive connection (Content-Length or chunked bodies; answers delimited by the close of
 * the connection), so a fault applies to one exchange, not to a whole connection. Requests with
 * "Expect: 100-continue" get their 100 Continue from the proxy. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * YcFault:
 * @YC_FAULT_PASS: forward the request and the answer unchanged.
 * @YC_FAULT_DELAY: wait (yc_fault_proxy_set_delay()) before forwarding the request.
 * @YC_FAULT_RESET: reset the client's connection (RST) without forwarding anything.
 * @YC_FAULT_CLOSE_AFTER_REQUEST: forward the request, wait until the server has answered (so
 *   it has committed), then close the client's connection without a byte of the answer.
 * @YC_FAULT_ANSWER_500: answer 500 (problem+json, code "internal_error") without forwarding.
 * @YC_FAULT_TRUNCATE: forward; pass the answer with its body cut in half and Content-Length
 *   made to match (a well-framed answer whose body is broken).
 * @YC_FAULT_CORRUPT: forward; pass the answer with bytes of its body flipped (the first one
 *   always, so a JSON body never stays valid).
 * @YC_FAULT_CUT: forward; send the answer's headers and half its body, then close.
 * @YC_FAULT_STALL: accept the request, never forward or answer; the connection stays open
 *   until the client closes it.
 * @YC_FAULT_PAD: forward; pass the answer without Content-Length, ended by closing the
 *   connection, its body followed by 17 MiB of spaces (a huge, otherwise valid JSON answer).
 * @YC_FAULT_REPLACE_BODY: forward; pass the answer's status and headers with the body replaced
 *   by yc_fault_proxy_set_replacement_body() (Content-Length made to match).
 * @YC_FAULT_ANSWER_404: answer 404 (problem+json, code "not_found") without forwarding, as a
 *   server of an older version answers an address it does not have.
 */
typedef enum {
  YC_FAULT_PASS,
  YC_FAULT_DELAY,
  YC_FAULT_RESET,
  YC_FAULT_CLOSE_AFTER_REQUEST,
  YC_FAULT_ANSWER_500,
  YC_FAULT_TRUNCATE,
  YC_FAULT_CORRUPT,
  YC_FAULT_CUT,
  YC_FAULT_STALL,
  YC_FAULT_PAD,
  YC_FAULT_REPLACE_BODY,
  YC_FAULT_ANSWER_404,
  YC_FAULT_N
} YcFault;

#define YC_FAULT_PAD_BYTES (17 * 1024 * 1024)

typedef struct {
  YcFault fault;
  double  probability;
} YcFaultChance;

typedef struct _YcFaultProxy YcFaultProxy;

/* Start a proxy to @upstream_host:@upstream_port. NULL and @error when it cannot listen. */
YcFaultProxy *yc_fault_proxy_new                 (const char          *upstream_host,
                                                  guint16              upstream_port,
                                                  GError             **error);
/* Start a proxy to the host and port of @url ("http://127.0.0.1:PORT"). */
YcFaultProxy *yc_fault_proxy_new_for_url         (const char          *url,
                                                  GError             **error);
/* Close every connection, stop the thread, free. */
void          yc_fault_proxy_free                (YcFaultProxy        *self);

guint16       yc_fault_proxy_get_port            (YcFaultProxy        *self);
/* "http://127.0.0.1:PORT" (owned by the proxy). */
const char   *yc_fault_proxy_get_url             (YcFaultProxy        *self);

/* Apply @fault to every request from now on (ends random mode). */
void          yc_fault_proxy_set_fault           (YcFaultProxy        *self,
                                                  YcFault              fault);
/* Apply @fault to the next @count requests, then the fault (or random mode) set before. */
void          yc_fault_proxy_inject              (YcFaultProxy        *self,
                                                  YcFault              fault,
                                                  guint                count);
/* Pick a fault for each request at random: each @chances entry with its probability, PASS
 * with what is left. The same @seed and the same order of requests give the same faults. */
void          yc_fault_proxy_set_random          (YcFaultProxy        *self,
                                                  const YcFaultChance *chances,
                                                  guint                n_chances,
                                                  guint32              seed);
/* The wait of YC_FAULT_DELAY, in ms (default 200). */
void          yc_fault_proxy_set_delay           (YcFaultProxy        *self,
                                                  guint                delay_ms);
/* The body of YC_FAULT_REPLACE_BODY (copied). */
void          yc_fault_proxy_set_replacement_body (YcFaultProxy       *self,
                                                  const char          *body,
                                                  gssize               len);
/* Faults apply only to requests with this method (NULL: any) whose path starts with
 * @path_prefix (NULL: any); the others pass. */
void          yc_fault_proxy_set_match           (YcFaultProxy        *self,
                                                  const char          *method,
                                                  const char          *path_prefix);

/* Counters since creation or the last reset. */
guint         yc_fault_proxy_get_connections     (YcFaultProxy        *self);
guint         yc_fault_proxy_get_requests_seen   (YcFaultProxy        *self);
/* Requests written whole to the server. */
guint         yc_fault_proxy_get_requests_forwarded (YcFaultProxy     *self);
/* Requests that got @fault (YC_FAULT_PASS counts the untouched ones). */
guint         yc_fault_proxy_get_fault_count     (YcFaultProxy        *self,
                                                  YcFault              fault);
void          yc_fault_proxy_reset_counters      (YcFaultProxy        *self);

const char   *yc_fault_to_string                 (YcFault              fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFaultProxy, yc_fault_proxy_free)

G_END_DECLS
