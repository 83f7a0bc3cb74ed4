/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store-fixture.h: a YcStore in a temporary profile with the demo centre's catalogue,
 * calendars and a signed-in clerk, for test-store, test-outbox and test-case-list-model. */
#pragma once

#include <glib/gstdio.h>

#include "yc-store.h"
#include "yc-validate.h"

#define FIXTURE_CENTRE \
  "{\"code\":\"sfx-zwzx\",\"name\":\"示范县政务服务中心\",\"letter_prefix\":\"示政务\"," \
  "\"phone\":\"0000-6610000\",\"complaint_phone\":\"0000-6610012\",\"address\":\"人民大道88号\"," \
  "\"letter_number_format\":\"{prefix}〔{year}〕{kind}字第{workstation}-{seq:06}号\"}"

static inline JsonNode *
fixture_parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static inline JsonNode *
fixture_load_demo (const char *name)
{
  const char *root = g_getenv ("YC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "data", "demo", name,
                                            NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Sign in as one of the demo staff. */
static inline void
fixture_sign_in (YcStore    *store,
                 const char *staff_id,
                 const char *role,
                 const char *department_id,
                 const char *window_id)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"name\":\"测试\","
                                           "\"roles\":[\"%s\"],\"department_id\":%s%s%s,"
                                           "\"window_id\":%s%s%s}",
                                           staff_id, staff_id, role,
                                           department_id ? "\"" : "",
                                           department_id ? department_id : "null",
                                           department_id ? "\"" : "",
                                           window_id ? "\"" : "",
                                           window_id ? window_id : "null",
                                           window_id ? "\"" : "");
  g_autoptr(JsonNode) staff = fixture_parse (json);
  g_autoptr(JsonNode) centre = fixture_parse (FIXTURE_CENTRE);
  g_autoptr(GError) error = NULL;

  yc_store_set_session_sync (store, json_node_get_object (centre), "W01",
                             json_node_get_object (staff), &error);
  g_assert_no_error (error);
}

static inline void
fixture_load_reference (YcStore *store)
{
  g_autoptr(JsonNode) catalogue = fixture_load_demo ("service-items.json");
  g_autoptr(JsonNode) calendar = fixture_load_demo ("calendar.json");
  g_autoptr(JsonNode) departments = fixture_load_demo ("departments.json");
  g_autoptr(GError) error = NULL;
  JsonArray *years = json_object_get_array_member (json_node_get_object (calendar), "years");

  yc_store_apply_catalogue_sync (store, catalogue, "\"etag-1\"", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      yc_store_apply_calendar_sync (store, json_array_get_object_element (years, i), &error);
      g_assert_no_error (error);
    }
  yc_store_apply_reference_sync (store, YC_STORE_DEPARTMENTS, json_node_get_array (departments),
                                 &error);
  g_assert_no_error (error);
}

/* A fresh store in a new temporary directory (the profile is <dir>/profile). */
static inline YcStore *
fixture_store_new (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_autofree char *profile = NULL;
  YcStore *store;

  g_assert_no_error (error);
  profile = g_build_filename (dir, "profile", NULL);
  store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  fixture_load_reference (store);
  fixture_sign_in (store, "s-li", "clerk", "scjg", "w-a01");
  *out_dir = g_steal_pointer (&dir);
  return store;
}

static inline void
fixture_rm_rf (const char *dir)
{
  g_autofree char *quoted = g_shell_quote (dir);
  g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* A valid resident ID number (GB 11643) made from @serial. */
static inline char *
fixture_resident_id (guint serial)
{
  char first17[18];

  g_snprintf (first17, sizeof first17, "11010519800101%03u", serial % 1000);
  return g_strdup_printf ("%s%c", first17, yc_resident_id_check_char (first17));
}

/* A draft for @item_code: every material of the guide received, or for "incomplete" the
 * first mandatory one missing. */
static inline YcCase *
fixture_case_draft (YcStore    *store,
                    const char *item_code,
                    const char *outcome,
                    const char *applicant_name,
                    guint       serial,
                    const char *received_at)
{
  g_autoptr(YcServiceItem) item = yc_store_get_service_item (store, item_code, NULL);
  g_autoptr(YcParty) applicant = yc_party_new ();
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  GPtrArray *guide;
  gboolean lacking = g_strcmp0 (outcome, "incomplete") == 0;
  YcCase *draft;

  g_assert_nonnull (item);
  guide = yc_service_item_get_materials (item);
  for (guint i = 0; i < guide->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (guide, i);
      gboolean missing = lacking && yc_material_get_mandatory (material);

      g_ptr_array_add (materials,
                       yc_case_material_new (yc_material_get_id (material), NULL,
                                             missing ? "missing" : "received",
                                             missing ? "缺少原件" : NULL));
      if (missing)
        lacking = FALSE;
    }

  draft = g_object_new (YC_TYPE_CASE,
                        "service-item", item_code,
                        "outcome", outcome,
                        "received-at", received_at,
                        "refusal-reason", g_strcmp0 (outcome, "refused") == 0 ? "不属于本中心受理范围" : NULL,
                        NULL);
  applicant->kind = g_strdup ("person");
  applicant->name = g_strdup (applicant_name);
  applicant->id_type = g_strdup ("resident_id");
  applicant->id_number = fixture_resident_id (serial);
  applicant->phone = g_strdup ("13800138000");
  yc_case_set_applicant (draft, applicant);
  yc_case_set_materials (draft, materials);
  return draft;
}

static inline YcCase *
fixture_take_in (YcStore    *store,
                 const char *item_code,
                 const char *outcome,
                 guint       serial)
{
  g_autoptr(YcCase) draft = fixture_case_draft (store, item_code, outcome, "王芳", serial,
                                                "2026-03-02T09:30:00+08:00");
  g_autoptr(GError) error = NULL;
  YcCase *stored = yc_store_take_in_sync (store, draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return stored;
}

/* Run the default main context until nothing is pending. */
static inline void
fixture_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
