/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-server-request"

#include "config.h"

#include <string.h>

#include "fuzz-support.h"
#include "yc-handoff.h"
#include "yc-inquiry.h"
#include "yc-letter.h"
#include "yc-record.h"
#include "yc-server-json-check.h"
#include "yc-server-private.h"

/* What yichuang-server does with the bytes of a request before it touches its database: the
 * route of the method and path, the strict JSON check and parse of the body, and the body of
 * every write route read into its record and checked as the handlers check it; for POST /batch,
 * each of its requests read and its body text checked the same way.
 *
 * Input: "METHOD PATH" on the first line, then header lines ("Content-Type: …",
 * "Accept-Language: …") up to an empty line, then the body. */

static void
request_clear (YcRequest *req)
{
  for (guint i = 0; i < G_N_ELEMENTS (req->params); i++)
    g_clear_pointer (&req->params[i], g_free);
  g_clear_pointer (&req->body_node, json_node_unref);
  g_clear_pointer (&req->body, json_object_unref);
  g_clear_pointer (&req->response, g_free);
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  g_clear_pointer (&req->content_type, g_free);
}

/* An answer given is a problem+json body that names a known problem. */
static void
check_problem (YcRequest *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!req->answered)
    return;
  g_assert_cmpuint (req->status, >=, 400);
  g_assert_nonnull (req->problem_code);
  g_assert_nonnull (yc_problem_title (req->problem_code));
  g_assert_true (json_parser_load_from_data (parser, req->response, req->response_len, NULL));
  req->answered = FALSE;
}

static gboolean
require (YcRequest  *req,
         const char *member)
{
  JsonNode *node = json_object_get_member (req->body, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      yc_request_problem (req, 400, "missing_field", member);
      return FALSE;
    }
  return TRUE;
}

/* POST /cases up to the catalogue look-up, then the applicant and the agent. */
static void
case_create (YcRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) kase = yc_case_new_from_json (req->body, &error);
  const char *override;
  GDate received;

  if (kase == NULL)
    {
      yc_request_decode_error (req, error);
      return;
    }
  if (!require (req, "id") || !require (req, "number") || !require (req, "service_item") ||
      !require (req, "applicant") || !require (req, "materials") || !require (req, "outcome") ||
      !require (req, "received_at"))
    return;
  (void) yc_server_is_uuid (yc_case_get_id (kase));
  (void) yc_server_parse_time (yc_case_get_received_at (kase), &received);
  (void) yc_case_get_materials (kase);

  override = yc_case_get_id_override_reason (kase);
  if (override != NULL && *override == '\0')
    override = NULL;
  {
    g_autoptr(YcParty) applicant = yc_party_copy (yc_case_get_applicant (kase));

    if (!yc_server_check_party (req, applicant, "applicant", FALSE, override != NULL))
      return;
  }
  if (yc_case_get_agent (kase) != NULL)
    {
      g_autoptr(YcParty) agent = yc_party_copy (yc_case_get_agent (kase));

      (void) yc_server_check_party (req, agent, "agent", TRUE, override != NULL);
    }
}

static void
other_records (YcRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) update = yc_case_new_from_json (req->body, &error);
  g_autoptr(YcInquiry) inquiry = NULL;
  g_autoptr(YcLetter) letter = NULL;
  g_autoptr(YcHandoff) handoff = NULL;

  if (update == NULL)
    yc_request_decode_error (req, error);
  check_problem (req);
  g_clear_error (&error);

  inquiry = yc_inquiry_new_from_json (req->body, &error);
  if (inquiry == NULL)
    yc_request_decode_error (req, error);
  check_problem (req);
  g_clear_error (&error);

  letter = yc_letter_new_from_json (req->body, &error);
  if (letter == NULL)
    yc_request_decode_error (req, error);
  else
    {
      (void) yc_server_is_uuid (yc_letter_get_id (letter));
      (void) yc_server_is_uuid (yc_letter_get_case_id (letter));
      (void) yc_letter_get_items (letter);
    }
  check_problem (req);
  g_clear_error (&error);

  handoff = yc_handoff_new_from_json (req->body, &error);
  if (handoff == NULL)
    yc_request_decode_error (req, error);
  else
    {
      const char * const *ids = yc_handoff_get_case_ids (handoff);

      for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
        (void) yc_server_is_uuid (ids[i]);
    }
  check_problem (req);
}

/* The members the small routes read with the body helpers. */
static void
members (YcRequest *req)
{
  static const char * const strings[] = {
    "result", "completed_at", "comment", "at", "decision", "username", "password",
    "workstation", "reason", "answer",
  };
  const char *text;
  gboolean present;
  gint64 rating;
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (yc_request_body_string (req, req->body, NULL, strings[i], i % 2 == 0, &text) &&
          text != NULL)
        (void) yc_server_parse_time (text, &date);
      check_problem (req);
    }
  (void) yc_request_body_int (req, req->body, NULL, "rating", TRUE, &present, &rating);
  check_problem (req);
}

static void body_checks (YcRequest  *req,
                         const char *body,
                         size_t      body_len,
                         guint       nesting);

/* POST /batch: its requests read with the helpers the server reads them with, each one's path
 * matched as a POST below /api/v1 and its body text put through what a body sent alone goes
 * through (a batch inside a batch too, two levels deep at most). */
static void
batch_requests (YcRequest *req,
                guint      nesting)
{
  JsonNode *node = json_object_get_member (req->body, "requests");
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  n = MIN (json_array_get_length (array), YC_BATCH_MAX + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("requests[%u]", i);
      g_autoptr(GString) allow = g_string_new (NULL);
      YcRequest part = { .zh = req->zh };
      JsonObject *object;
      const char *method = NULL, *target = NULL, *key = NULL, *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      if (!yc_request_body_string (req, object, path, "method", TRUE, &method))
        check_problem (req);
      if (!yc_request_body_string (req, object, path, "path", TRUE, &target))
        check_problem (req);
      if (!yc_request_body_string (req, object, path, "idempotency_key", TRUE, &key))
        check_problem (req);
      else if (!yc_request_check_key (req, key))
        check_problem (req);
      if (!yc_request_body_string (req, object, path, "body", FALSE, &text))
        check_problem (req);

      if (target != NULL && target[0] == '/')
        {
          g_autofree char *full = g_strconcat (YC_API_PREFIX, target, NULL);

          if (yc_server_match_route (&part, "POST", full, allow) && part.route != NULL)
            g_assert_cmpstr (part.route->method, ==, "POST");
        }
      if (text != NULL && nesting < 2)
        body_checks (&part, text, strlen (text), nesting + 1);
      request_clear (&part);
    }
}

/* What a body goes through: the strict check, the parse, and every route's reading of it. */
static void
body_checks (YcRequest  *req,
             const char *body,
             size_t      body_len,
             guint       nesting)
{
  /* The strict check alone, at a few depths: it never reads past the body. */
  for (guint depth = 0; depth <= 2; depth++)
    (void) yc_server_json_check (body, body_len, depth);

  if (body_len == 0)
    req->body = json_object_new ();
  else if (!yc_request_parse_json_body (req, body, body_len))
    {
      g_assert_null (req->body);
      check_problem (req);
      return;
    }
  g_assert_nonnull (req->body);
  /* What passed the checks holds only text. */
  g_assert_true (req->body_node == NULL || yc_json_strings_valid (req->body_node));

  case_create (req);
  check_problem (req);
  other_records (req);
  members (req);
  if (req->route != NULL && strcmp (req->route->pattern, "/batch") == 0)
    batch_requests (req, nesting);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gpointer server_class;
  g_autofree char *line = NULL;
  g_autoptr(GString) allow = g_string_new (NULL);
  const uint8_t *body;
  size_t body_len;
  YcRequest req = { 0 };
  char *space;

  if (server_class == NULL)
    server_class = g_type_class_ref (YC_TYPE_SERVER);

  body = fuzz_split_line (data, size, &line, &body_len);
  space = strchr (line, ' ');
  if (space != NULL)
    {
      *space = '\0';
      if (yc_server_match_route (&req, line, space + 1, allow) && req.route != NULL)
        g_assert_true (g_str_has_prefix (space + 1, YC_API_PREFIX "/"));
    }

  /* The headers. */
  while (body_len > 0)
    {
      g_autofree char *header = NULL;

      body = fuzz_split_line (body, body_len, &header, &body_len);
      if (*header == '\0' || strcmp (header, "\r") == 0)
        break;
      if (g_ascii_strncasecmp (header, "accept-language: zh", 19) == 0)
        req.zh = TRUE;
    }

  body_checks (&req, (const char *) body, body_len, 0);
  request_clear (&req);
  return 0;
}
