/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-api-error"

#include "config.h"

#include "yc-api-error.h"

G_DEFINE_QUARK (yc-api-error-quark, yc_api_error)

YcApiError
yc_api_error_from_status (guint status)
{
  switch (status)
    {
    case 401:
      return YC_API_ERROR_UNAUTHORIZED;
    case 403:
      return YC_API_ERROR_FORBIDDEN;
    case 404:
      return YC_API_ERROR_NOT_FOUND;
    case 409:
      return YC_API_ERROR_CONFLICT;
    case 422:
      return YC_API_ERROR_UNPROCESSABLE;
    case 429:
      return YC_API_ERROR_RATE_LIMITED;
    default:
      break;
    }

  if (status >= 500 && status <= 599)
    return YC_API_ERROR_SERVER;
  if (status >= 400 && status <= 499)
    return YC_API_ERROR_BAD_REQUEST;
  return YC_API_ERROR_MALFORMED;
}

gboolean
yc_api_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != YC_API_ERROR)
    return FALSE;

  switch ((YcApiError) error->code)
    {
    case YC_API_ERROR_NETWORK:
    case YC_API_ERROR_TIMEOUT:
    case YC_API_ERROR_SERVER:
    case YC_API_ERROR_RATE_LIMITED:
      return TRUE;
    case YC_API_ERROR_TLS:
    case YC_API_ERROR_UNAUTHORIZED:
    case YC_API_ERROR_FORBIDDEN:
    case YC_API_ERROR_NOT_FOUND:
    case YC_API_ERROR_CONFLICT:
    case YC_API_ERROR_UNPROCESSABLE:
    case YC_API_ERROR_MALFORMED:
    case YC_API_ERROR_BAD_REQUEST:
    default:
      return FALSE;
    }
}

const char *
yc_api_error_to_string (YcApiError code)
{
  static const char *const names[] = {
    [YC_API_ERROR_NETWORK] = "network",
    [YC_API_ERROR_TIMEOUT] = "timeout",
    [YC_API_ERROR_TLS] = "tls",
    [YC_API_ERROR_UNAUTHORIZED] = "unauthorized",
    [YC_API_ERROR_FORBIDDEN] = "forbidden",
    [YC_API_ERROR_NOT_FOUND] = "not-found",
    [YC_API_ERROR_CONFLICT] = "conflict",
    [YC_API_ERROR_UNPROCESSABLE] = "unprocessable",
    [YC_API_ERROR_RATE_LIMITED] = "rate-limited",
    [YC_API_ERROR_SERVER] = "server",
    [YC_API_ERROR_MALFORMED] = "malformed",
    [YC_API_ERROR_BAD_REQUEST] = "bad-request",
  };

  if ((guint) code < G_N_ELEMENTS (names))
    return names[code];
  return "unknown";
}
