/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-event-feed"

#include "config.h"

#include <string.h>

#include "fuzz-support.h"
#include "yc-http.h"
#include "yc-sync.h"

/* A page of the event feed (GET /events) as the sync engine reads it: the body read as an
 * exchange reads a 200 answer, then the cases and handoffs it names and the sequence number
 * kept after it, from a few positions of the local log.
 *
 * Input: the body. */

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gint64 positions[] = { -1, 0, 1, 1000, G_MAXINT64 };
  g_autoptr(YcHttpResponse) response = NULL;
  JsonObject *page;

  response = yc_http_response_new_from_body (200, NULL, (const char *) data, size);
  if (response == NULL)
    return 0;
  page = yc_http_response_get_object (response);
  g_assert_nonnull (page);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(GHashTable) cases = NULL;
      GHashTableIter iter;
      const char *id;
      gboolean handoffs = TRUE;
      gint64 seq = -2;

      cases = yc_sync_read_event_page (page, positions[i], &handoffs, &seq);
      g_assert_nonnull (cases);
      /* It only moves forward, or to where a new server's log ends. */
      g_assert_true (seq == positions[i] || seq > positions[i] || seq >= 0);
      g_hash_table_iter_init (&iter, cases);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

          g_assert_cmpint (*id, !=, '\0');
          g_assert_null (strchr (escaped, '/'));
          g_assert_null (strchr (escaped, '?'));
        }
    }
  /* No page at all (an answer without a body) names nothing. */
  {
    gboolean handoffs = TRUE;
    gint64 seq = 0;
    g_autoptr(GHashTable) none = yc_sync_read_event_page (NULL, 7, &handoffs, &seq);

    g_assert_cmpuint (g_hash_table_size (none), ==, 0);
    g_assert_false (handoffs);
    g_assert_cmpint (seq, ==, 7);
  }
  return 0;
}
