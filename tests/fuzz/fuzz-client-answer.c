/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-client-answer"

#include "config.h"

#include <string.h>

#include "fuzz-support.h"
#include "yc-api-error.h"
#include "yc-case.h"
#include "yc-centre.h"
#include "yc-department.h"
#include "yc-handoff.h"
#include "yc-http.h"
#include "yc-inquiry.h"
#include "yc-letter.h"
#include "yc-material.h"
#include "yc-record.h"
#include "yc-service-item.h"
#include "yc-service-window.h"
#include "yc-staff.h"
#include "yc-sync-batch.h"

/* What the client makes of a server's answer: the status and body read as an exchange reads
 * them (a JSON object, the members of a problem+json refusal), then the object, and each
 * object of its arrays (the pages of the lists), read as every record the client decodes.
 * A record that decodes encodes again, and its encoding decodes to the same encoding. The
 * answer of a POST /batch ("responses") is read part by part as the sync engine reads it.
 *
 * Input: "STATUS" or "STATUS RETRY-AFTER" on the first line, then the body. */

#define ROUND_TRIP(object, Type, new_from_json, to_json)                                  \
  G_STMT_START {                                                                          \
    g_autoptr(GError) error_ = NULL;                                                      \
    g_autoptr(Type) record_ = new_from_json ((object), &error_);                          \
                                                                                          \
    if (record_ == NULL)                                                                  \
      {                                                                                   \
        g_assert_nonnull (error_);                                                        \
        g_free (yc_record_error_dup_field (error_));                                      \
      }                                                                                   \
    else                                                                                  \
      {                                                                                   \
        g_autoptr(JsonNode) node_ = to_json (record_);                                    \
        g_autoptr(Type) again_ = new_from_json (json_node_get_object (node_), &error_);   \
        g_autoptr(JsonNode) node2_ = NULL;                                                \
        g_autofree char *text_ = NULL;                                                    \
        g_autofree char *text2_ = NULL;                                                   \
                                                                                          \
        g_assert_no_error (error_);                                                       \
        g_assert_nonnull (again_);                                                        \
        node2_ = to_json (again_);                                                        \
        text_ = yc_json_to_string (node_, NULL);                                          \
        text2_ = yc_json_to_string (node2_, NULL);                                        \
        g_assert_true (g_utf8_validate (text_, -1, NULL));                                \
        g_assert_cmpstr (text_, ==, text2_);                                              \
      }                                                                                   \
  } G_STMT_END

static void
read_records (JsonObject *object)
{
  ROUND_TRIP (object, YcCase, yc_case_new_from_json, yc_case_to_json);
  ROUND_TRIP (object, YcLetter, yc_letter_new_from_json, yc_letter_to_json);
  ROUND_TRIP (object, YcHandoff, yc_handoff_new_from_json, yc_handoff_to_json);
  ROUND_TRIP (object, YcInquiry, yc_inquiry_new_from_json, yc_inquiry_to_json);
  ROUND_TRIP (object, YcServiceItem, yc_service_item_new_from_json, yc_service_item_to_json);
  ROUND_TRIP (object, YcCentre, yc_centre_new_from_json, yc_centre_to_json);
  ROUND_TRIP (object, YcDepartment, yc_department_new_from_json, yc_department_to_json);
  ROUND_TRIP (object, YcStaff, yc_staff_new_from_json, yc_staff_to_json);
  ROUND_TRIP (object, YcServiceWindow, yc_service_window_new_from_json,
              yc_service_window_to_json);
  ROUND_TRIP (object, YcMaterial, yc_material_new_from_json, yc_material_to_json);
}

static void
check_problem (YcHttpResponse *response)
{
  const char *code = yc_http_response_get_problem_code (response);
  const char *detail = yc_http_response_get_problem_detail (response);
  const char *field = yc_http_response_get_problem_field (response);
  guint status = yc_http_response_get_status (response);

  if (code != NULL)
    {
      g_assert_cmpuint (strlen (code), <=, 64);
      for (const char *p = code; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '.');
    }
  if (detail != NULL)
    {
      g_assert_true (g_utf8_validate (detail, -1, NULL));
      g_assert_cmpint (g_utf8_strlen (detail, -1), <=, 600);
      g_assert_cmpint (*detail, !=, '\0');
    }
  if (field != NULL)
    g_assert_cmpuint (strlen (field), <=, 256);
  g_assert_cmpint (yc_http_response_get_retry_after (response), >=, -1);
  if (status >= 400 && status <= 599)
    {
      g_autoptr(GError) error = g_error_new_literal (YC_API_ERROR,
                                                     yc_api_error_from_status (status), "x");

      (void) yc_api_error_is_transient (error);
      g_assert_nonnull (yc_api_error_to_string (yc_api_error_from_status (status)));
    }
  (void) yc_http_response_get_etag (response);
  (void) yc_http_response_get_replayed (response);
}

/* Each part of a batch's answer: a response, or an error (with the refusal when the server
 * refused), never both. */
static void
read_batch (YcHttpResponse *response)
{
  JsonObject *object = yc_http_response_get_object (response);
  JsonNode *member = json_object_get_member (object, "responses");
  JsonArray *parts;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_assert_null (yc_sync_batch_parts (response, 1));
      return;
    }
  g_assert_null (yc_sync_batch_parts (response, json_array_get_length (json_node_get_array (member)) + 1));
  parts = yc_sync_batch_parts (response, json_array_get_length (json_node_get_array (member)));
  g_assert_nonnull (parts);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      g_autoptr(YcHttpResponse) refusal = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YcHttpResponse) part = yc_http_response_read_part (
        json_array_get_element (parts, i), &refusal, &error);

      if (part != NULL)
        {
          g_assert_no_error (error);
          g_assert_null (refusal);
          g_assert_cmpuint (yc_http_response_get_status (part), >=, 200);
          g_assert_cmpuint (yc_http_response_get_status (part), <=, 304);
          if (yc_http_response_get_json (part) != NULL)
            read_records (yc_http_response_get_object (part));
          check_problem (part);
          continue;
        }
      g_assert_nonnull (error);
      g_assert_true (error->domain == YC_API_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (refusal != NULL)
        {
          g_assert_cmpuint (yc_http_response_get_status (refusal), >=, 100);
          check_problem (refusal);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *line = NULL;
  g_autoptr(YcHttpResponse) response = NULL;
  const uint8_t *body;
  size_t body_len;
  guint64 status = 200;
  char *retry_after;
  JsonObject *object;

  body = fuzz_split_line (data, size, &line, &body_len);
  retry_after = strchr (line, ' ');
  if (retry_after != NULL)
    *retry_after++ = '\0';
  if (!g_ascii_string_to_unsigned (line, 10, 200, 599, &status, NULL))
    status = 200;

  response = yc_http_response_new_from_body ((guint) status, retry_after,
                                             (const char *) body, body_len);
  if (response == NULL)
    {
      g_assert_cmpuint (status, <, 300);
      return 0;
    }
  check_problem (response);
  object = yc_http_response_get_object (response);
  if (object == NULL)
    return 0;
  g_assert_true (yc_json_strings_valid (yc_http_response_get_json (response)));

  read_records (object);
  read_batch (response);
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *member;

    json_object_iter_init (&iter, object);
    while (json_object_iter_next (&iter, &name, &member))
      {
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

        if (JSON_NODE_HOLDS_OBJECT (member))
          read_records (json_node_get_object (member));
        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (JSON_NODE_HOLDS_OBJECT (element))
              read_records (json_node_get_object (element));
          }
      }
  }
  return 0;
}
