/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-support.h: what the benchmarks that report percentiles share — a count from the
 * environment and the p-th value of a sorted array of samples. */
#pragma once

#include <glib.h>

/* The unsigned number in environment variable @name, or @fallback when it is unset. */
static inline guint
env_count (const char *name,
           guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* For g_array_sort() of doubles. */
static inline int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The @p-th (0…1) value of @sorted, an array of doubles sorted with compare_double(). */
static inline double
percentile (GArray *sorted,
            double  p)
{
  guint i = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}
