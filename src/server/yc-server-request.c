/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-request"

#include "config.h"

#include <string.h>

#include "yc-record.h"
#include "yc-server-json-check.h"
#include "yc-server-private.h"

/* What a handler does with its YcRequest: set the answer (a JSON body or a problem), read
 * the path parameters, query and caller, and read the parsed body. */

void
yc_request_reply_bytes (YcRequest  *req,
                        guint       status,
                        const char *content_type,
                        char       *data,
                        gsize       len)
{
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  g_free (req->response);
  g_free (req->content_type);
  req->answered = TRUE;
  req->status = status;
  req->content_type = g_strdup (content_type);
  req->response = data;
  req->response_len = len;
  if (status < 400)
    req->problem_code = NULL;
}

void
yc_request_reply_gbytes (YcRequest  *req,
                         guint       status,
                         const char *content_type,
                         GBytes     *bytes)
{
  yc_request_reply_bytes (req, status, content_type, NULL, 0);
  req->response_bytes = g_bytes_ref (bytes);
}

void
yc_request_reply (YcRequest *req,
                  guint      status,
                  JsonNode  *node)
{
  gsize len = 0;
  char *data = NULL;

  if (node != NULL)
    {
      data = yc_json_to_string (node, &len);
      json_node_unref (node);
    }
  yc_request_reply_bytes (req, status, data != NULL ? "application/json; charset=utf-8" : NULL,
                          data, len);
}

void
yc_request_problem_detail (YcRequest  *req,
                           guint       status,
                           const char *code,
                           const char *field,
                           const char *detail_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = g_strconcat ("urn:yichuang:problem:", code, NULL);
  g_autofree char *detail = yc_problem_detail (detail_id, field, req->zh);
  gsize len;
  char *data;
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, yc_problem_title (code));
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  if (req->retry_after > 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, req->retry_after);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = yc_json_to_string (root, &len);
  yc_request_reply_bytes (req, status, "application/problem+json; charset=utf-8", data, len);
  req->problem_code = code;
}

void
yc_request_problem (YcRequest  *req,
                    guint       status,
                    const char *code,
                    const char *field)
{
  yc_request_problem_detail (req, status, code, field, code);
}

void
yc_request_internal_error (YcRequest    *req,
                           const GError *error)
{
  g_warning ("%s %s: %s", yc_request_method (req),
             req->route != NULL ? req->route->pattern : "?",
             error != NULL ? error->message : "no answer");
  req->keep_changes = FALSE;
  yc_request_problem (req, 500, "internal_error", NULL);
}

void
yc_request_decode_error (YcRequest    *req,
                         const GError *error)
{
  g_autofree char *field = yc_record_error_dup_field (error);

  if (field == NULL)
    yc_request_problem (req, 400, "bad_request", NULL);
  else
    yc_request_problem (req, 400, "wrong_type", field);
}

void
yc_request_set_header (YcRequest  *req,
                       const char *name,
                       const char *value)
{
  /* A change inside a batch has no headers of its own: what they say is in its fields
   * (replayed), and the batch's answer carries it. */
  if (req->msg != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), name,
                                  value);
}

const char *
yc_request_method (YcRequest *req)
{
  return req->msg != NULL ? soup_server_message_get_method (req->msg) : "POST";
}

const char *
yc_request_param (YcRequest *req,
                  guint      index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (req->params), NULL);
  return req->params[index];
}

const char *
yc_request_query (YcRequest  *req,
                  const char *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

gboolean
yc_request_has_role (YcRequest *req,
                     guint      roles)
{
  return req->session != NULL && (req->session->roles & roles) != 0;
}

gboolean
yc_request_is_training_trainer (YcRequest *req)
{
  return req->server->training && yc_request_has_role (req, YC_ROLE_TRAINER);
}

static char *
member_path (const char *path,
             const char *member)
{
  return yc_json_path_member (path, member);
}

gboolean
yc_request_body_string (YcRequest   *req,
                        JsonObject  *object,
                        const char  *path,
                        const char  *member,
                        gboolean     required,
                        const char **out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *field = member_path (path, member);

          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *field = member_path (path, member);

      yc_request_problem (req, 400, "wrong_type", field);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    {
      g_autofree char *field = member_path (path, member);

      yc_request_problem (req, 400, "missing_field", field);
      return FALSE;
    }
  return TRUE;
}

gboolean
yc_request_body_int (YcRequest  *req,
                     JsonObject *object,
                     const char *path,
                     const char *member,
                     gboolean    required,
                     gboolean   *present,
                     gint64     *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *field = member_path (path, member);

          yc_request_problem (req, 400, "missing_field", field);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_autofree char *field = member_path (path, member);

      yc_request_problem (req, 400, "wrong_type", field);
      return FALSE;
    }
  *present = TRUE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
content_type_ok (SoupServerMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);

  if (type == NULL)
    return TRUE;
  return g_ascii_strcasecmp (type, "application/json") == 0 || g_str_has_suffix (type, "+json");
}

gboolean
yc_request_parse_body (YcRequest  *req,
                       const char *data,
                       gsize       len)
{
  if (len == 0)
    {
      req->body = json_object_new ();
      return TRUE;
    }
  if (req->msg != NULL && !content_type_ok (req->msg))
    {
      yc_request_problem (req, 415, "unsupported_media_type", NULL);
      return FALSE;
    }
  return yc_request_parse_json_body (req, data, len);
}

gboolean
yc_request_parse_json_body (YcRequest  *req,
                            const char *data,
                            gsize       len)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!g_utf8_validate_len (data, len, NULL))
    {
      yc_request_problem (req, 400, "invalid_utf8", NULL);
      return FALSE;
    }
  switch (yc_server_json_check (data, len, YC_MAX_DEPTH))
    {
    case YC_SERVER_JSON_TOO_DEEP:
      yc_request_problem (req, 400, "too_deep", NULL);
      return FALSE;
    case YC_SERVER_JSON_SYNTAX:
      yc_request_problem (req, 400, "invalid_json", NULL);
      return FALSE;
    case YC_SERVER_JSON_OK:
    default:
      break;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &error))
    {
      yc_request_problem (req, 400, "invalid_json", NULL);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      yc_request_problem_detail (req, 400, "wrong_type", "$", "body_not_object");
      return FALSE;
    }
  req->body_node = json_node_ref (root);
  req->body = json_object_ref (json_node_get_object (root));
  return TRUE;
}
