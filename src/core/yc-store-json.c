/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-record.h"
#include "yc-store-private.h"

/* Small JSON and time helpers that the store's files share: lenient member access, deep
 * copies, RFC 3339 times in local time. */

JsonObject *
_yc_json_object_from_string (const char  *text,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no JSON");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      yc_json_set_type_error (error, NULL, "an object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
_yc_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return yc_json_to_string (node, NULL);
}

/* ------------------------------------------------------------------ members */

/* The string member @member of @object, or NULL if missing, null or not a string. */
const char *
_yc_store_obj_str (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_yc_store_obj_obj (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
_yc_store_obj_arr (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

void
_yc_store_obj_set_str (JsonObject *object,
                       const char *member,
                       const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

gboolean
_yc_store_str_is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

/* ------------------------------------------------------------------ deep copies */

static JsonNode *node_deep_copy (JsonNode *node);

/* Deep copy of an object (json_node_copy shares the containers). */
JsonObject *
_yc_store_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (copy, member, node_deep_copy (value));
  return copy;
}

JsonArray *
_yc_store_array_copy (JsonArray *array)
{
  guint n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, node_deep_copy (json_array_get_element (array, i)));
  return copy;
}

static JsonNode *
node_deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *copy = json_node_alloc ();

      json_node_init_object (copy, NULL);
      json_node_take_object (copy, _yc_store_object_copy (json_node_get_object (node)));
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonNode *copy = json_node_alloc ();

      json_node_init_array (copy, NULL);
      json_node_take_array (copy, _yc_store_array_copy (json_node_get_array (node)));
      return copy;
    }
  return json_node_copy (node);
}

/* ------------------------------------------------------------------ times */

char *
_yc_store_format_rfc3339 (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
_yc_store_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return _yc_store_format_rfc3339 (now);
}

/* Parse an RFC 3339 time, in local time. */
GDateTime *
_yc_store_parse_rfc3339_local (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return NULL;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return NULL;
  return g_date_time_to_local (dt);
}
