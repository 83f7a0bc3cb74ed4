/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-batch"

#include "config.h"

#include <string.h>

#include "yc-record.h"
#include "yc-server-private.h"

/* POST /batch: a workstation coming back online sends what waited in its outbox several
 * changes to a request. Each change is what it would be alone: the same route, its own
 * Idempotency-Key and hash over the same body text (so a change sent in a batch and again
 * alone is one change), its own savepoint and stored answer, its own events. The changes run
 * in the order given, and the batch answers when every one of them is committed, with their
 * answers in the same order. A refused change holds back none of the others. */

typedef struct {
  const char *path;
  const char *key;
  const char *body;
  gboolean    offline;
} Part;

static gboolean
member_string (YcRequest   *req,
               JsonObject  *object,
               const char  *path,
               const char  *member,
               gboolean     required,
               const char **out)
{
  return yc_request_body_string (req, object, path, member, required, out);
}

static gboolean
member_bool (YcRequest  *req,
             JsonObject *object,
             const char *path,
             const char *member,
             gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *field = yc_json_path_member (path, member);

      yc_request_problem (req, 400, "wrong_type", field);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Read every part before running any: a malformed batch changes nothing. */
static gboolean
read_parts (YcRequest *req,
            GArray    *parts)
{
  JsonNode *node = json_object_get_member (req->body, "requests");
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      yc_request_problem (req, 400, "missing_field", "requests");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      yc_request_problem (req, 400, "wrong_type", "requests");
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0 || n > YC_BATCH_MAX)
    {
      yc_request_problem_detail (req, 400, "invalid_value", "requests", "batch_size");
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("requests[%u]", i);
      JsonObject *object;
      const char *method;
      Part part = { NULL };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          yc_request_problem (req, 400, "wrong_type", path);
          return FALSE;
        }
      object = json_node_get_object (element);
      if (!member_string (req, object, path, "method", TRUE, &method) ||
          !member_string (req, object, path, "path", TRUE, &part.path) ||
          !member_string (req, object, path, "idempotency_key", TRUE, &part.key) ||
          !member_string (req, object, path, "body", FALSE, &part.body) ||
          !member_bool (req, object, path, "offline", &part.offline))
        return FALSE;
      if (strcmp (method, "POST") != 0)
        {
          g_autofree char *field = yc_json_path_member (path, "method");

          yc_request_problem_detail (req, 400, "invalid_value", field, "batch_method");
          return FALSE;
        }
      if (!yc_request_check_key (req, part.key))
        {
          g_autofree char *field = yc_json_path_member (path, "idempotency_key");

          yc_request_problem_detail (req, 400, "invalid_value", field, "invalid_value");
          return FALSE;
        }
      g_array_append_val (parts, part);
    }
  return TRUE;
}

void
yc_server_handle_batch (YcRequest *req)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (Part));

  if (!read_parts (req, parts))
    return;

  /* The parts point into req->body, which lives as long as the request. */
  for (guint i = 0; i < parts->len; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);

      yc_server_run_part (req, part->path, part->key, part->offline, part->body,
                          part->body != NULL ? strlen (part->body) : 0);
    }

  if (req->parts_waiting == 0)
    {
      yc_server_batch_reply (req);
      return;
    }
  /* Answered when the last of its changes is committed (request_finish of that change). */
  req->paused = TRUE;
  soup_server_message_pause (req->msg);
}

static void
append_part (GString   *out,
             YcRequest *part)
{
  const char *data = NULL;
  gsize len = 0;

  g_string_append_printf (out, "{\"status\":%u,\"replayed\":%s,\"body\":", part->status,
                          part->replayed ? "true" : "false");
  if (part->response_bytes != NULL)
    data = g_bytes_get_data (part->response_bytes, &len);
  else if (part->response != NULL)
    {
      data = part->response;
      len = part->response_len;
    }
  /* Every answer of a change is a JSON object the server wrote itself (a record or a
   * problem), or nothing. */
  if (len > 0 && part->content_type != NULL && strstr (part->content_type, "json") != NULL)
    g_string_append_len (out, data, len);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

void
yc_server_batch_reply (YcRequest *req)
{
  GString *out = g_string_new ("{\"responses\":[");
  gsize len;

  for (guint i = 0; req->parts != NULL && i < req->parts->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_part (out, g_ptr_array_index (req->parts, i));
    }
  g_string_append (out, "]}");
  len = out->len;
  yc_request_reply_bytes (req, 200, "application/json; charset=utf-8",
                          g_string_free (out, FALSE), len);
}
