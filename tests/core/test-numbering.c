/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-numbering"

#include "config.h"

#include "yc-numbering.h"

static void
test_format_demo (void)
{
  g_autofree char *number = NULL;

  number = yc_numbering_format (YC_NUMBERING_DEFAULT_FORMAT, "示政务", 2026,
                                YC_NUMBERING_KIND_ACCEPTANCE, "W01", 123);
  g_assert_cmpstr (number, ==, "示政务〔2026〕受字第W01-000123号");

  g_clear_pointer (&number, g_free);
  number = yc_numbering_format ("{prefix}〔{year}〕{kind}字第{workstation}-{seq:06}号", "川政务",
                                2026, YC_NUMBERING_KIND_CASE, "W07", 1234567);
  g_assert_cmpstr (number, ==, "川政务〔2026〕案字第W07-1234567号");
}

static void
test_format_placeholders (void)
{
  struct {
    const char *format;
    const char *expected;
  } cases[] = {
    { "{seq}", "42" },
    { "{seq:4}", "  42" },
    { "{seq:04}", "0042" },
    { "{year:02}-{seq}", "2026-42" },
    { "{{literal}} {kind}", "{literal} 告" },
    { "{unknown}/{seq}", "{unknown}/42" },
    { "open {seq", "open {seq" },
    { "", "" },
    { "{prefix}{workstation}", "W03" }, /* NULL prefix counts as "" */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = yc_numbering_format (cases[i].format, NULL, 2026, "告", "W03", 42);

      g_assert_cmpstr (number, ==, cases[i].expected);
    }
}

static void
test_format_valid (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_numbering_format_is_valid (YC_NUMBERING_DEFAULT_FORMAT, NULL));
  g_assert_true (yc_numbering_format_is_valid ("{workstation}/{year}/{seq:08}", NULL));
  g_assert_false (yc_numbering_format_is_valid ("{prefix}-{year}-{seq}", &error));
  g_assert_error (error, YC_NUMBERING_ERROR, YC_NUMBERING_ERROR_INVALID_FORMAT);
  g_clear_error (&error);
  g_assert_false (yc_numbering_format_is_valid ("{workstation}{year}{seq", &error));
  g_assert_error (error, YC_NUMBERING_ERROR, YC_NUMBERING_ERROR_INVALID_FORMAT);
  g_clear_error (&error);
  g_assert_false (yc_numbering_format_is_valid ("{workstation}}{year}{seq}", NULL));
  g_assert_false (yc_numbering_format_is_valid (NULL, NULL));
}

static void
test_letter_kinds (void)
{
  g_assert_cmpstr (yc_numbering_kind_for_letter ("one_time_notice"), ==, "告");
  g_assert_cmpstr (yc_numbering_kind_for_letter ("acceptance"), ==, "受");
  g_assert_cmpstr (yc_numbering_kind_for_letter ("refusal"), ==, "不");
  g_assert_cmpstr (yc_numbering_kind_for_letter ("completion"), ==, "结");
  g_assert_null (yc_numbering_kind_for_letter ("other"));
  g_assert_null (yc_numbering_kind_for_letter (NULL));
}

/* Different workstations or different sequence values never give the same number. */
static void
test_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *workstations[] = { "W01", "W02", "W10", "W11" };

  for (guint w = 0; w < G_N_ELEMENTS (workstations); w++)
    for (guint64 seq = 1; seq <= 2000; seq++)
      {
        char *number = yc_numbering_format (YC_NUMBERING_DEFAULT_FORMAT, "示政务", 2026, "案",
                                            workstations[w], seq);

        g_assert_false (g_hash_table_contains (seen, number));
        g_hash_table_add (seen, number);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/numbering/format/demo", test_format_demo);
  g_test_add_func ("/numbering/format/placeholders", test_format_placeholders);
  g_test_add_func ("/numbering/format/valid", test_format_valid);
  g_test_add_func ("/numbering/letter-kinds", test_letter_kinds);
  g_test_add_func ("/numbering/unique", test_unique);

  return g_test_run ();
}
