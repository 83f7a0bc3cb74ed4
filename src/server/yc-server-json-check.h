/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-server-json-check.h: a strict RFC 8259 check of a request body before json-glib parses
 * it. json-glib accepts more (single quotes, leading zeros, trailing commas) and recurses
 * without a limit. Stricter than RFC 8259 in one point: a string may not hold "\u0000" or a
 * surrogate escape without its pair, which json-glib cuts short or turns into bytes that are
 * not UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  YC_SERVER_JSON_OK,
  YC_SERVER_JSON_SYNTAX,    /* not one RFC 8259 JSON value */
  YC_SERVER_JSON_TOO_DEEP,  /* objects and arrays nested deeper than max_depth */
} YcServerJsonCheck;

/* Check the @len bytes at @data (valid UTF-8 already) without building anything. */
YcServerJsonCheck yc_server_json_check (const char *data,
                                        gsize       len,
                                        guint       max_depth);

G_END_DECLS
