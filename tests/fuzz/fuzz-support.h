/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-support.h: what every fuzz harness of tests/fuzz shares. A harness defines
 * LLVMFuzzerTestOneInput; libFuzzer (clang) or fuzz-replay.c (any compiler) calls it. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The input as a NUL-terminated string (it may hold NULs before the end). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

/* Split the input at its first line break: @head gets the line, the rest is returned. */
static inline const uint8_t *
fuzz_split_line (const uint8_t  *data,
                 size_t          size,
                 char          **head,
                 size_t         *rest_size)
{
  const uint8_t *nl = size > 0 ? memchr (data, '\n', size) : NULL;
  size_t head_len = nl != NULL ? (size_t) (nl - data) : size;

  *head = fuzz_strndup (data, head_len);
  *rest_size = nl != NULL ? size - head_len - 1 : 0;
  return nl != NULL ? nl + 1 : data + size;
}
