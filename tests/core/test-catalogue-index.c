/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue search over the demo centre's 72 real service items: what each kind of query
 * finds, in which order, against a plain reference scan written independently here. */
#define G_LOG_DOMAIN "test-catalogue-index"

#include "config.h"

#include <string.h>

#include "store-fixture.h"
#include "yc-catalogue-index.h"

static GPtrArray *
load_items (void)
{
  g_autoptr(JsonNode) root = fixture_load_demo ("service-items.json");
  JsonArray *array = json_node_get_array (root);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) error = NULL;
      YcServiceItem *item = yc_service_item_new_from_json (json_array_get_object_element (array, i),
                                                           &error);

      g_assert_no_error (error);
      g_ptr_array_add (items, item);
    }
  g_assert_cmpuint (items->len, ==, 72);
  return items;
}

/* The reference: does @item match @query (already lower case ASCII or Chinese) at all? */
static gboolean
reference_matches (YcServiceItem *item,
                   const char    *query)
{
  g_autofree char *code = g_ascii_strdown (yc_service_item_get_code (item), -1);
  const char *pinyin = yc_service_item_get_pinyin (item);
  const char *p = pinyin;

  if (strstr (yc_service_item_get_name (item), query) || strstr (code, query))
    return TRUE;
  for (const char *q = query; *q; q++)
    {
      if (!g_ascii_isalnum (*q))
        return FALSE;
      while (*p && *p != *q)
        p++;
      if (*p == '\0')
        return FALSE;
      p++;
    }
  return TRUE;
}

static gboolean
contains_code (GPtrArray  *found,
               const char *code)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (yc_service_item_get_code (g_ptr_array_index (found, i)), code))
      return TRUE;
  return FALSE;
}

/* Found exactly what the reference finds, each once, ranked by match and then by code. */
static void
check_search (YcCatalogueIndex *index,
              GPtrArray        *items,
              const char       *typed,
              const char       *reference_query)
{
  g_autoptr(GPtrArray) found = yc_catalogue_index_search (index, typed, 0);
  guint expected = 0;

  for (guint i = 0; i < items->len; i++)
    {
      YcServiceItem *item = g_ptr_array_index (items, i);
      gboolean match = reference_matches (item, reference_query);

      expected += match;
      if (match != contains_code (found, yc_service_item_get_code (item)))
        g_error ("“%s”: %s %s", typed, yc_service_item_get_code (item),
                 match ? "not found" : "found but does not match");
    }
  g_assert_cmpuint (found->len, ==, expected);

  for (guint i = 1; i < found->len; i++)
    {
      YcServiceItem *a = g_ptr_array_index (found, i - 1);
      YcServiceItem *b = g_ptr_array_index (found, i);
      YcCatalogueMatch ma = yc_catalogue_index_match (index, a, typed);
      YcCatalogueMatch mb = yc_catalogue_index_match (index, b, typed);

      g_assert_cmpint (ma, <=, mb);
      if (ma == mb)
        g_assert_cmpstr (yc_service_item_get_code (a), <, yc_service_item_get_code (b));
    }
}

static void
test_pinyin_initials (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcCatalogueIndex) index = yc_catalogue_index_new (items);
  g_autoptr(GPtrArray) found = yc_catalogue_index_search (index, "gtdj", 0);
  g_autoptr(GPtrArray) prefix = yc_catalogue_index_search (index, "gtgsh", 0);

  g_assert_true (contains_code (found, "SCJG-001"));
  g_assert_cmpint (yc_catalogue_index_match (index, g_ptr_array_index (found, 0), "gtdj"), ==,
                   YC_CATALOGUE_MATCH_PINYIN);
  check_search (index, items, "gtdj", "gtdj");
  check_search (index, items, "g", "g");
  check_search (index, items, "gt", "gt");
  check_search (index, items, "gtd", "gtd");

  /* The three 个体工商户 items start with those initials: they come first, by code. */
  g_assert_cmpuint (prefix->len, >=, 3);
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (prefix, 0)), ==, "SCJG-001");
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (prefix, 1)), ==, "SCJG-002");
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (prefix, 2)), ==, "SCJG-003");
  g_assert_cmpint (yc_catalogue_index_match (index, g_ptr_array_index (prefix, 0), "gtgsh"), ==,
                   YC_CATALOGUE_MATCH_PINYIN_PREFIX);
}

static void
test_code (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcCatalogueIndex) index = yc_catalogue_index_new (items);
  g_autoptr(GPtrArray) exact = yc_catalogue_index_search (index, "SCJG-001", 0);
  g_autoptr(GPtrArray) lower = yc_catalogue_index_search (index, "  scjg-001 ", 0);
  g_autoptr(GPtrArray) wide = yc_catalogue_index_search (index, "ＳＣＪＧ－００１", 0);
  g_autoptr(GPtrArray) department = yc_catalogue_index_search (index, "scjg", 0);

  g_assert_cmpuint (exact->len, >=, 1);
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (exact, 0)), ==, "SCJG-001");
  g_assert_cmpint (yc_catalogue_index_match (index, g_ptr_array_index (exact, 0), "SCJG-001"), ==,
                   YC_CATALOGUE_MATCH_CODE_EXACT);
  g_assert_cmpuint (lower->len, ==, exact->len);
  g_assert_cmpuint (wide->len, ==, exact->len);
  g_assert_true (g_ptr_array_index (lower, 0) == g_ptr_array_index (exact, 0));
  g_assert_true (g_ptr_array_index (wide, 0) == g_ptr_array_index (exact, 0));
  check_search (index, items, "SCJG-001", "scjg-001");

  /* Every 市场监管 item, by code, before anything matching "scjg" some other way. */
  g_assert_cmpuint (department->len, >=, 14);
  for (guint i = 0; i < 14; i++)
    {
      g_autofree char *code = g_strdup_printf ("SCJG-%03u", i + 1);

      g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (department, i)), ==, code);
    }
  check_search (index, items, "scjg", "scjg");
  check_search (index, items, "-00", "-00");

  g_assert_true (yc_catalogue_index_lookup (index, "GAJ-004") != NULL);
  g_assert_cmpstr (yc_service_item_get_name (yc_catalogue_index_lookup (index, "GAJ-004")), ==,
                   "户口迁移");
  g_assert_null (yc_catalogue_index_lookup (index, "GAJ-999"));
}

static void
test_name (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcCatalogueIndex) index = yc_catalogue_index_new (items);
  g_autoptr(GPtrArray) found = yc_catalogue_index_search (index, "个体", 0);
  g_autoptr(GPtrArray) inner = yc_catalogue_index_search (index, "登记", 0);

  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (found, 0)), ==, "SCJG-001");
  g_assert_cmpint (yc_catalogue_index_match (index, g_ptr_array_index (found, 0), "个体"), ==,
                   YC_CATALOGUE_MATCH_NAME_PREFIX);
  check_search (index, items, "个体", "个体");
  check_search (index, items, "登记", "登记");
  check_search (index, items, "身份证", "身份证");
  g_assert_cmpuint (inner->len, >, 20);

  /* A name starting with the query ranks before one that only contains it. */
  {
    g_autoptr(GPtrArray) social = yc_catalogue_index_search (index, "居民", 0);

    g_assert_cmpuint (social->len, >=, 2);
    g_assert_true (g_str_has_prefix (yc_service_item_get_name (g_ptr_array_index (social, 0)),
                                     "居民"));
    g_assert_false (g_str_has_prefix (yc_service_item_get_name (g_ptr_array_index (social,
                                                                                   social->len - 1)),
                                      "居民"));
  }
}

static void
test_empty_and_limit (void)
{
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcCatalogueIndex) index = yc_catalogue_index_new (items);
  g_autoptr(GPtrArray) all = yc_catalogue_index_search (index, NULL, 0);
  g_autoptr(GPtrArray) blank = yc_catalogue_index_search (index, "   ", 0);
  g_autoptr(GPtrArray) first = yc_catalogue_index_search (index, "", 5);
  g_autoptr(GPtrArray) limited = yc_catalogue_index_search (index, "dj", 4);
  g_autoptr(GPtrArray) unlimited = yc_catalogue_index_search (index, "dj", 0);
  g_autoptr(GPtrArray) none = yc_catalogue_index_search (index, "qqqqzzz", 0);

  g_assert_cmpuint (yc_catalogue_index_get_n_items (index), ==, 72);
  g_assert_cmpuint (all->len, ==, 72);
  g_assert_cmpuint (blank->len, ==, 72);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpstr (yc_service_item_get_code (g_ptr_array_index (all, i - 1)), <,
                     yc_service_item_get_code (g_ptr_array_index (all, i)));
  g_assert_cmpuint (first->len, ==, 5);
  g_assert_true (g_ptr_array_index (first, 4) == g_ptr_array_index (all, 4));
  g_assert_cmpuint (limited->len, ==, 4);
  g_assert_cmpuint (unlimited->len, >, 4);
  for (guint i = 0; i < limited->len; i++)
    g_assert_true (g_ptr_array_index (limited, i) == g_ptr_array_index (unlimited, i));
  g_assert_cmpuint (none->len, ==, 0);
  check_search (index, items, "GTDJ", "gtdj");
}

/* Typing on and backspacing, the index reuses what the last queries matched: the results
 * are the same as those of an index that has seen no query. */
static void
test_typing (void)
{
  static const char *const typed[] = {
    "g", "gt", "gtd", "gtdj", "gtd", "gt", "gts", "g", "", "个", "个体", "个体工", "个",
    "s", "sc", "scj", "scjg", "scjg-", "scjg-01", "scjg-0", "sc", "shb", "sh", "d", "dj", "",
  };
  g_autoptr(GPtrArray) items = load_items ();
  g_autoptr(YcCatalogueIndex) index = yc_catalogue_index_new (items);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(YcCatalogueIndex) fresh = yc_catalogue_index_new (items);
      g_autoptr(GPtrArray) found = yc_catalogue_index_search (index, typed[i], 0);
      g_autoptr(GPtrArray) expected = yc_catalogue_index_search (fresh, typed[i], 0);

      g_assert_cmpuint (found->len, ==, expected->len);
      for (guint k = 0; k < found->len; k++)
        g_assert_true (g_ptr_array_index (found, k) == g_ptr_array_index (expected, k));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue-index/pinyin-initials", test_pinyin_initials);
  g_test_add_func ("/catalogue-index/code", test_code);
  g_test_add_func ("/catalogue-index/name", test_name);
  g_test_add_func ("/catalogue-index/empty-and-limit", test_empty_and_limit);
  g_test_add_func ("/catalogue-index/typing", test_typing);

  return g_test_run ();
}
