/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-api-error.h: the YC_API_ERROR domain, how a request to the server can fail. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_API_ERROR (yc_api_error_quark ())

/**
 * YcApiError:
 * @YC_API_ERROR_NETWORK: no answer: the host is unknown or unreachable, the connection was
 *   refused, reset or closed before a whole answer arrived. The request may or may not have
 *   reached the server.
 * @YC_API_ERROR_TIMEOUT: connecting took over 5 s, or the whole exchange over its time limit
 *   (30 s; long polls: the wait plus 10 s). The request may or may not have reached the server.
 * @YC_API_ERROR_TLS: no secure connection: the certificate is not trusted, or the site CA file
 *   cannot be read.
 * @YC_API_ERROR_UNAUTHORIZED: 401: no token, an expired or revoked token, wrong credentials.
 * @YC_API_ERROR_FORBIDDEN: 403.
 * @YC_API_ERROR_NOT_FOUND: 404.
 * @YC_API_ERROR_CONFLICT: 409 (problem code `idempotency_in_progress` means "ask again later").
 * @YC_API_ERROR_UNPROCESSABLE: 422: the server refused the change (problem code says why).
 * @YC_API_ERROR_RATE_LIMITED: 429 (see the Retry-After of the answer).
 * @YC_API_ERROR_SERVER: 5xx.
 * @YC_API_ERROR_MALFORMED: an answer that cannot be used: a success body that is not a JSON
 *   object, a body over 16 MiB, a corrupted or cut JSON text, invalid UTF-8, nesting deeper
 *   than 64 levels, or a status no client should see (3xx other than 304, 1xx, unknown). After
 *   a POST the server may have applied the change: replaying it with the same
 *   Idempotency-Key is safe.
 * @YC_API_ERROR_BAD_REQUEST: any other 4xx (400, 405, 413, 415, …): a fault of this client.
 */
typedef enum {
  YC_API_ERROR_NETWORK,
  YC_API_ERROR_TIMEOUT,
  YC_API_ERROR_TLS,
  YC_API_ERROR_UNAUTHORIZED,
  YC_API_ERROR_FORBIDDEN,
  YC_API_ERROR_NOT_FOUND,
  YC_API_ERROR_CONFLICT,
  YC_API_ERROR_UNPROCESSABLE,
  YC_API_ERROR_RATE_LIMITED,
  YC_API_ERROR_SERVER,
  YC_API_ERROR_MALFORMED,
  YC_API_ERROR_BAD_REQUEST,
} YcApiError;

GQuark       yc_api_error_quark          (void);

/* The YcApiError for an HTTP status that is not a success (not 2xx, not 304). */
YcApiError   yc_api_error_from_status    (guint          status);

/* TRUE for failures worth repeating unchanged later: NETWORK, TIMEOUT, SERVER and
 * RATE_LIMITED. (The sync engine also repeats CONFLICT with the problem code
 * `idempotency_in_progress`, which it sees on the answer.) */
gboolean     yc_api_error_is_transient   (const GError  *error);

/* A short stable English name of @code ("network", "unprocessable", …) for logs. */
const char  *yc_api_error_to_string      (YcApiError     code);

G_END_DECLS
