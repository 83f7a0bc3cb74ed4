/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <string.h>

#include "yc-sync-batch.h"

gboolean
yc_sync_batch_accepts (const YcOutboxEntry *entry)
{
  return g_strcmp0 (entry->method, "POST") == 0 && entry->path != NULL &&
         entry->path[0] == '/' && entry->uuid != NULL;
}

gsize
yc_sync_batch_cost (const YcOutboxEntry *entry)
{
  /* The body is JSON text without control characters: escaping at most doubles it. */
  return 2 * (entry->body != NULL ? strlen (entry->body) : 0) + strlen (entry->path) + 160;
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

char *
yc_sync_batch_body (GPtrArray *entries)
{
  GString *out = g_string_sized_new (4096);

  g_string_append (out, "{\"requests\":[");
  for (guint i = 0; i < entries->len; i++)
    {
      const YcOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"method\":\"POST\",\"path\":");
      append_string (out, entry->path);
      g_string_append (out, ",\"idempotency_key\":");
      append_string (out, entry->uuid);
      g_string_append (out, entry->offline ? ",\"offline\":true" : ",\"offline\":false");
      if (entry->body != NULL)
        {
          /* The text itself, not the object: the server hashes what a lone request sends. */
          g_string_append (out, ",\"body\":");
          append_string (out, entry->body);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

JsonArray *
yc_sync_batch_parts (YcHttpResponse *response,
                     guint           n)
{
  JsonObject *object = yc_http_response_get_object (response);
  JsonNode *node = object != NULL ? json_object_get_member (object, "responses") : NULL;
  JsonArray *parts;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  parts = json_node_get_array (node);
  return json_array_get_length (parts) == n ? parts : NULL;
}
