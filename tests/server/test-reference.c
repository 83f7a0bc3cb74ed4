/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reference.c: the centre, departments, windows, staff, catalogue and calendars. */
#define G_LOG_DOMAIN "test-reference"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

static YcTestSession *session;

static YcTestSession *
clerk (void)
{
  if (session == NULL)
    session = yc_sign_in (yc_test_server_default (), "clerk.li", "ws-ref");
  return session;
}

static const char *
token (void)
{
  return clerk () ? clerk ()->token : "none";
}

static void
assert_string_member (JsonNode   *node,
                      const char *member,
                      gboolean    non_empty)
{
  const char *s = yc_json_str (node, member);
  g_autofree char *text = yc_json_to_string (node);

  if (s == NULL)
    yc_fail ("\"%s\" is not a string in %.300s", member, text);
  else if (non_empty && s[0] == '\0')
    yc_fail ("\"%s\" is empty in %.300s", member, text);
}

static void
assert_string_or_null (JsonNode   *node,
                       const char *member)
{
  if (yc_json_str (node, member) == NULL && !yc_json_is_null (node, member))
    {
      g_autofree char *text = yc_json_to_string (node);

      yc_fail ("\"%s\" is neither a string nor null in %.300s", member, text);
    }
}

static gboolean
is_slug (const char *s)
{
  return s != NULL && g_regex_match_simple ("^[A-Za-z0-9][A-Za-z0-9._-]*$", s, 0, 0);
}

static void
test_centre (void)
{
  g_autoptr(YcResponse) resp = yc_get (yc_test_server_default (), token (), "/centre");
  const char *members[] = { "code", "name", "letter_prefix", "phone", "complaint_phone", "address",
                            "letter_number_format" };
  guint i;

  if (!yc_assert_status (resp, 200))
    return;
  g_assert_true (g_str_has_prefix (resp->content_type ?: "", "application/json"));
  for (i = 0; i < G_N_ELEMENTS (members); i++)
    assert_string_member (resp->json, members[i], TRUE);
  g_assert_cmpstr (yc_resp_str (resp, "name"), ==, "示范县政务服务中心");
  g_assert_nonnull (strstr (yc_resp_str (resp, "letter_number_format") ?: "", "{seq"));
}

static void
test_departments (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) resp = yc_get (srv, token (), "/departments");
  g_autoptr(YcResponse) staff = yc_get (srv, token (), "/staff");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *zhang = yc_staff_id (srv, token (), "chief.zhang");
  g_autofree char *liu = yc_staff_id (srv, token (), "chief.liu");
  JsonNode *li = yc_json_find (staff->json, "staff", "username", "clerk.li");
  JsonNode *chen = yc_json_find (staff->json, "staff", "username", "clerk.chen");
  JsonNode *market, *hrss;
  guint i, n;

  if (!yc_assert_status (resp, 200))
    return;
  n = yc_resp_len (resp, "departments");
  g_assert_cmpuint (n, >=, 6);
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("departments.%u", i);
      JsonNode *d = yc_resp_at (resp, p);

      if (!is_slug (yc_json_str (d, "id")))
        yc_fail ("department id is not a slug: %s", yc_json_str (d, "id"));
      else
        g_hash_table_add (ids, (gpointer) yc_json_str (d, "id"));
      assert_string_member (d, "name", TRUE);
      assert_string_member (d, "short_name", TRUE);
      assert_string_or_null (d, "chief_rep_staff_id");
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, n);

  market = yc_json_find (resp->json, "departments", "id", yc_json_str (li, "department_id"));
  hrss = yc_json_find (resp->json, "departments", "id", yc_json_str (chen, "department_id"));
  g_assert_nonnull (market);
  g_assert_nonnull (hrss);
  g_assert_cmpstr (yc_json_str (market, "chief_rep_staff_id"), ==, zhang);
  g_assert_cmpstr (yc_json_str (hrss, "chief_rep_staff_id"), ==, liu);
}

static void
test_windows (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) resp = yc_get (srv, token (), "/windows");
  g_autoptr(YcResponse) depts = yc_get (srv, token (), "/departments");
  g_autoptr(YcResponse) staff = yc_get (srv, token (), "/staff");
  g_autofree char *li = yc_staff_id (srv, token (), "clerk.li");
  g_autofree char *wang = yc_staff_id (srv, token (), "clerk.wang");
  JsonNode *zhou = yc_json_find (staff->json, "staff", "username", "clerk.zhou");
  guint i, n, comprehensive = 0;
  gboolean li_wang_pair = FALSE, zhou_comprehensive = FALSE;

  if (!yc_assert_status (resp, 200))
    return;
  n = yc_resp_len (resp, "windows");
  g_assert_cmpuint (n, >=, 12);
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("windows.%u", i);
      JsonNode *w = yc_resp_at (resp, p);
      JsonNode *comp = yc_json_at (w, "comprehensive");
      const char *a = yc_json_str (w, "a_staff_id");
      const char *b = yc_json_str (w, "b_staff_id");
      const char *dept = yc_json_str (w, "department_id");

      if (!is_slug (yc_json_str (w, "id")))
        yc_fail ("window id is not a slug: %s", yc_json_str (w, "id"));
      assert_string_member (w, "code", TRUE);
      assert_string_member (w, "name", TRUE);
      assert_string_or_null (w, "department_id");
      assert_string_or_null (w, "a_staff_id");
      assert_string_or_null (w, "b_staff_id");
      if (comp == NULL || !JSON_NODE_HOLDS_VALUE (comp) || json_node_get_value_type (comp) != G_TYPE_BOOLEAN)
        yc_fail ("window %s: comprehensive is not a boolean", yc_json_str (w, "id"));
      else if (json_node_get_boolean (comp))
        {
          comprehensive++;
          if (g_strcmp0 (yc_json_str (w, "id"), yc_json_str (zhou, "window_id")) == 0)
            zhou_comprehensive = TRUE;
        }
      if (dept != NULL && yc_json_find (depts->json, "departments", "id", dept) == NULL)
        yc_fail ("window %s names unknown department %s", yc_json_str (w, "id"), dept);
      if (a != NULL && yc_json_find (staff->json, "staff", "id", a) == NULL)
        yc_fail ("window %s: unknown A staff %s", yc_json_str (w, "id"), a);
      if (b != NULL && yc_json_find (staff->json, "staff", "id", b) == NULL)
        yc_fail ("window %s: unknown B staff %s", yc_json_str (w, "id"), b);
      if ((g_strcmp0 (a, li) == 0 && g_strcmp0 (b, wang) == 0) ||
          (g_strcmp0 (a, wang) == 0 && g_strcmp0 (b, li) == 0))
        li_wang_pair = TRUE;
    }
  g_assert_cmpuint (comprehensive, >=, 1);
  g_assert_true (li_wang_pair);
  g_assert_true (zhou_comprehensive);
}

static void
test_staff (void)
{
  static const char *const usernames[] = { "clerk.li", "clerk.wang", "chief.zhang", "clerk.chen",
                                           "chief.liu", "clerk.zhou", "super.zhao", "trainer.sun" };
  g_autoptr(YcResponse) resp = yc_get (yc_test_server_default (), token (), "/staff");
  g_autofree char *text = NULL;
  guint i, n;

  if (!yc_assert_status (resp, 200))
    return;
  n = yc_resp_len (resp, "staff");
  for (i = 0; i < G_N_ELEMENTS (usernames); i++)
    if (yc_json_find (resp->json, "staff", "username", usernames[i]) == NULL)
      yc_fail ("GET /staff does not list %s", usernames[i]);
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("staff.%u", i);
      JsonNode *s = yc_resp_at (resp, p);

      if (!is_slug (yc_json_str (s, "id")))
        yc_fail ("staff id is not a slug: %s", yc_json_str (s, "id"));
      assert_string_member (s, "username", TRUE);
      assert_string_member (s, "name", TRUE);
      assert_string_or_null (s, "department_id");
      assert_string_or_null (s, "window_id");
      if (yc_json_len (s, "roles") == 0)
        yc_fail ("staff %s has no roles", yc_json_str (s, "username"));
    }
  text = g_ascii_strdown (yc_response_text (resp), -1);
  g_assert_null (strstr (text, "password"));
  g_assert_null (strstr (text, "$y$"));
  g_assert_null (strstr (text, "hash"));
}

static void
check_item_fields (JsonNode *item)
{
  static const char *const strings[] = { "code", "name", "pinyin", "department_id", "kind",
                                         "legal_basis", "conditions", "procedure", "fees",
                                         "contact", "complaint_channel" };
  static const char *const kinds[] = { "permit", "confirmation", "payment", "public_service",
                                       "other", NULL };
  const char *code = yc_json_str (item, "code");
  JsonNode *instant = yc_json_at (item, "instant");
  gint64 promised = yc_json_int (item, "promised_days");
  gint64 statutory = yc_json_int (item, "statutory_days");
  guint i, n;

  for (i = 0; i < G_N_ELEMENTS (strings); i++)
    assert_string_member (item, strings[i], TRUE);
  if (!g_strv_contains (kinds, yc_json_str (item, "kind") ?: ""))
    yc_fail ("item %s: kind %s", code, yc_json_str (item, "kind"));
  if (!g_regex_match_simple ("^[a-z0-9]+$", yc_json_str (item, "pinyin") ?: "", 0, 0))
    yc_fail ("item %s: pinyin \"%s\"", code, yc_json_str (item, "pinyin"));
  if (instant == NULL || !JSON_NODE_HOLDS_VALUE (instant) ||
      json_node_get_value_type (instant) != G_TYPE_BOOLEAN)
    yc_fail ("item %s: instant is not a boolean", code);
  if (promised < 0 || statutory < 0 || promised == G_MININT64 || statutory == G_MININT64)
    yc_fail ("item %s: promised_days/statutory_days missing or negative", code);
  else if (promised > statutory)
    yc_fail ("item %s: promised %" G_GINT64_FORMAT " > statutory %" G_GINT64_FORMAT " days",
             code, promised, statutory);
  if (instant && JSON_NODE_HOLDS_VALUE (instant) && !json_node_get_boolean (instant) && promised <= 0)
    yc_fail ("item %s is not instant but promises %" G_GINT64_FORMAT " days", code, promised);
  if (yc_json_int (item, "version") < 1)
    yc_fail ("item %s: version < 1", code);
  n = yc_json_len (item, "materials");
  if (n == 0)
    yc_fail ("item %s has no materials", code);
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("materials.%u", i);
      JsonNode *m = yc_json_at (item, p);
      JsonNode *orig = yc_json_at (m, "original");
      JsonNode *mand = yc_json_at (m, "mandatory");

      assert_string_member (m, "id", TRUE);
      assert_string_member (m, "name", TRUE);
      assert_string_member (m, "note", FALSE);
      if (yc_json_int (m, "copies") < 0)
        yc_fail ("item %s material %u: copies", code, i);
      if (orig == NULL || !JSON_NODE_HOLDS_VALUE (orig) || json_node_get_value_type (orig) != G_TYPE_BOOLEAN ||
          mand == NULL || !JSON_NODE_HOLDS_VALUE (mand) || json_node_get_value_type (mand) != G_TYPE_BOOLEAN)
        yc_fail ("item %s material %u: original/mandatory not booleans", code, i);
    }
}

static void
test_service_items (void)
{
  static const char *const expected_names[] = { "个体工商户设立登记", "食品经营许可", "社会保障卡",
                                                "不动产登记" };
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) resp = yc_get (srv, token (), "/service-items");
  g_autoptr(YcResponse) depts = yc_get (srv, token (), "/departments");
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  guint i, n, instant = 0, names_found = 0, j;

  if (!yc_assert_status (resp, 200))
    return;
  n = yc_resp_len (resp, "service_items");
  g_assert_cmpuint (n, >=, 60);
  g_assert_nonnull (yc_resp_str (resp, "version"));
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("service_items.%u", i);
      JsonNode *item = yc_resp_at (resp, p);
      const char *code = yc_json_str (item, "code");
      JsonNode *inst = yc_json_at (item, "instant");
      g_autofree char *path = NULL;
      g_autoptr(YcResponse) one = NULL;

      check_item_fields (item);
      if (code == NULL)
        continue;
      if (g_hash_table_contains (codes, code))
        yc_fail ("item code %s appears twice", code);
      g_hash_table_add (codes, (gpointer) code);
      if (yc_json_find (depts->json, "departments", "id", yc_json_str (item, "department_id")) == NULL)
        yc_fail ("item %s: unknown department %s", code, yc_json_str (item, "department_id"));
      if (inst && JSON_NODE_HOLDS_VALUE (inst) && json_node_get_boolean (inst))
        instant++;
      for (j = 0; j < G_N_ELEMENTS (expected_names); j++)
        if (strstr (yc_json_str (item, "name") ?: "", expected_names[j]) != NULL)
          names_found |= 1u << j;
      if (g_strcmp0 (yc_json_str (item, "name"), "个体工商户设立登记") == 0)
        g_assert_cmpstr (yc_json_str (item, "pinyin"), ==, "gtgshsldj");

      /* Each guide on its own equals its catalogue entry. */
      {
        g_autofree char *esc = g_uri_escape_string (code, NULL, FALSE);

        path = g_strdup_printf ("/service-items/%s", esc);
      }
      one = yc_get (srv, token (), path);
      if (yc_assert_status (one, 200) && !json_node_equal (one->json, item))
        yc_fail ("GET %s differs from its catalogue entry", path);
    }
  g_assert_cmpuint (instant, >=, 1);
  g_assert_cmpuint (instant, <, n);
  for (j = 0; j < G_N_ELEMENTS (expected_names); j++)
    if (!(names_found & (1u << j)))
      yc_fail ("no service item named like %s", expected_names[j]);
}

static void
test_service_items_etag (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) resp = yc_get (srv, token (), "/service-items");
  const char *etag = yc_response_header (resp, "ETag");
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", yc_resp_str (resp, "version") ?: "");
  g_autoptr(YcResponse) again = NULL;
  g_autoptr(YcResponse) not_modified = NULL;
  g_autoptr(YcResponse) other = NULL;
  g_autoptr(YcResponse) weak = NULL;

  if (!yc_assert_status (resp, 200))
    return;
  if (etag == NULL || !g_regex_match_simple ("^\"[!#-~]+\"$", etag, 0, 0))
    {
      yc_fail ("no strong quoted ETag on GET /service-items (%s)", etag ? etag : "none");
      return;
    }
  g_assert_cmpstr (etag, ==, quoted);
  again = yc_get (srv, token (), "/service-items");
  g_assert_cmpstr (yc_response_header (again, "ETag"), ==, etag);
  {
    YcRequestOptions o = { .token = token (), .if_none_match = etag };

    not_modified = yc_request_full (srv, "GET", "/service-items", NULL, -1, &o);
  }
  yc_assert_status (not_modified, 304);
  g_assert_cmpuint (g_bytes_get_size (not_modified->body), ==, 0);
  g_assert_cmpstr (yc_response_header (not_modified, "ETag"), ==, etag);
  {
    YcRequestOptions o = { .token = token (), .if_none_match = "\"not-the-etag\"" };

    other = yc_request_full (srv, "GET", "/service-items", NULL, -1, &o);
  }
  yc_assert_status (other, 200);
  {
    g_autofree char *list = g_strdup_printf ("\"x\", %s", etag);
    YcRequestOptions o = { .token = token (), .if_none_match = list };

    weak = yc_request_full (srv, "GET", "/service-items", NULL, -1, &o);
  }
  yc_assert_status (weak, 304);
}

static gboolean
item_matches (JsonNode   *item,
              const char *q)
{
  g_autofree char *lower = g_utf8_strdown (q, -1);
  g_autofree char *code = g_utf8_strdown (yc_json_str (item, "code") ?: "", -1);

  return strstr (yc_json_str (item, "name") ?: "", q) != NULL ||
         strstr (code, lower) != NULL ||
         strstr (yc_json_str (item, "pinyin") ?: "", lower) != NULL ||
         strstr (yc_json_str (item, "code") ?: "", q) != NULL;
}

static void
check_query (const char *q,
             const char *must_contain_code)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autofree char *esc = g_uri_escape_string (q, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/service-items?q=%s", esc);
  g_autoptr(YcResponse) resp = yc_get (srv, token (), path);
  guint i, n;

  if (!yc_assert_status (resp, 200))
    return;
  n = yc_resp_len (resp, "service_items");
  for (i = 0; i < n; i++)
    {
      g_autofree char *p = g_strdup_printf ("service_items.%u", i);

      if (!item_matches (yc_resp_at (resp, p), q))
        yc_fail ("q=%s returned %s, which does not match", q,
                 yc_json_str (yc_resp_at (resp, p), "name"));
    }
  if (must_contain_code != NULL && yc_json_find (resp->json, "service_items", "code", must_contain_code) == NULL)
    yc_fail ("q=%s does not find item %s", q, must_contain_code);
}

static void
test_service_items_query (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(GPtrArray) items = yc_all_items (srv, token ());
  g_autoptr(YcResponse) none = yc_get (srv, token (), "/service-items?q=zzzzqqqq-nothing");
  YcItem *first;
  g_autofree char *pinyin_part = NULL;
  g_autofree char *name_part = NULL;
  const char *name;

  if (items->len == 0)
    {
      yc_fail ("no service items");
      return;
    }
  first = g_ptr_array_index (items, items->len / 2);
  pinyin_part = g_strndup (yc_json_str (first->json, "pinyin") ?: "", 4);
  name = first->name ?: "";
  name_part = g_utf8_substring (name, 0, MIN (3, g_utf8_strlen (name, -1)));
  check_query (pinyin_part, first->code);
  check_query (name_part, first->code);
  check_query (first->code, first->code);
  yc_assert_status (none, 200);
  g_assert_cmpuint (yc_resp_len (none, "service_items"), ==, 0);
}

static void
test_service_item_unknown (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) unknown = yc_get (srv, token (), "/service-items/NO-SUCH-ITEM-000");
  g_autoptr(YcResponse) chinese = yc_get (srv, token (), "/service-items/%E4%B8%8D%E5%AD%98%E5%9C%A8");
  g_autoptr(YcResponse) sql = yc_get (srv, token (), "/service-items/x'%20OR%20'1'='1");

  yc_assert_problem (unknown, 404, "not_found");
  yc_assert_problem (chinese, 404, "not_found");
  yc_assert_problem (sql, 404, "not_found");
}

static gboolean
in_array (JsonNode   *root,
          const char *path,
          const char *date)
{
  JsonNode *n = yc_json_at (root, path);
  guint i;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  for (i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    if (g_strcmp0 (json_array_get_string_element (json_node_get_array (n), i), date) == 0)
      return TRUE;
  return FALSE;
}

static void
check_calendar (int year)
{
  g_autofree char *path = g_strdup_printf ("/calendar/%d", year);
  g_autoptr(YcResponse) resp = yc_get (yc_test_server_default (), token (), path);
  GDate d;
  guint mismatches = 0;

  if (!yc_assert_status (resp, 200))
    return;
  g_assert_cmpint (yc_resp_int (resp, "year"), ==, year);
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, year);
  while (g_date_get_year (&d) == year)
    {
      char iso[16];
      gboolean weekend = g_date_get_weekday (&d) >= G_DATE_SATURDAY;
      gboolean expected, server;

      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", year, g_date_get_month (&d), g_date_get_day (&d));
      expected = yc_hand_is_working_day (&d);
      server = (!weekend && !in_array (resp->json, "off_days", iso)) || in_array (resp->json, "work_days", iso);
      if (expected != server && mismatches++ < 10)
        yc_fail ("%s: the server's calendar says %s, the State Council notice says %s",
                 iso, server ? "working day" : "day off", expected ? "working day" : "day off");
      g_date_add_days (&d, 1);
    }
}

static void
test_calendars (void)
{
  YcTestServer *srv = yc_test_server_default ();
  g_autoptr(YcResponse) unknown = yc_get (srv, token (), "/calendar/2031");
  g_autoptr(YcResponse) junk = yc_get (srv, token (), "/calendar/abcd");

  check_calendar (2026);
  check_calendar (2025);
  yc_assert_problem (unknown, 404, "not_found");
  {
    static const guint statuses[] = { 400, 404, 0 };
    static const char *const codes[] = { "bad_request", "invalid_value", "not_found", NULL };

    yc_check_problem_any (__FILE__, __LINE__, junk, statuses, codes);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/reference/centre", test_centre);
  g_test_add_func ("/server/reference/departments", test_departments);
  g_test_add_func ("/server/reference/windows", test_windows);
  g_test_add_func ("/server/reference/staff", test_staff);
  g_test_add_func ("/server/reference/service-items", test_service_items);
  g_test_add_func ("/server/reference/service-items-etag", test_service_items_etag);
  g_test_add_func ("/server/reference/service-items-query", test_service_items_query);
  g_test_add_func ("/server/reference/service-item-unknown", test_service_item_unknown);
  g_test_add_func ("/server/reference/calendars", test_calendars);
  ret = yc_test_run ();
  g_clear_pointer (&session, yc_test_session_free);
  return ret;
}
