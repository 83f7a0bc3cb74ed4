/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-calendar.c: the working-day calendar and due dates (D10). */
#define G_LOG_DOMAIN "test-calendar"

#include <glib/gstdio.h>

#include "yc-calendar.h"

typedef struct {
  YcCalendar *calendar;
} Fixture;

/* The calendar file of the repository (data/demo/calendar.json); until that exists, the
 * shared holiday data next to the repository. YC_TEST_CALENDAR overrides both. */
static char *
calendar_path (void)
{
  const char *env = g_getenv ("YC_TEST_CALENDAR");
  g_autofree char *root = NULL;
  g_autofree char *demo = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (g_getenv ("YC_SOURCE_ROOT") != NULL)
    root = g_strdup (g_getenv ("YC_SOURCE_ROOT"));
  else
    root = g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "..", NULL);

  demo = g_build_filename (root, "data", "demo", "calendar.json", NULL);
  if (g_file_test (demo, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&demo);

  return g_build_filename (root, "..", "shared", "data", "holidays-cn.json", NULL);
}

static GDate *
date_new (int year,
          int month,
          int day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static GDate *
parse (const char *text)
{
  GDate *date = g_date_new ();

  g_assert_true (yc_date_parse_iso (text, date));
  return date;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = calendar_path ();
  g_autoptr(GError) error = NULL;

  g_test_message ("calendar: %s", path);
  fixture->calendar = yc_calendar_new ();
  g_assert_true (yc_calendar_load_file (fixture->calendar, path, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->calendar);
}

static void
assert_due (YcCalendar *calendar,
            const char *from,
            guint       days,
            const char *expected)
{
  g_autoptr(GDate) start = parse (from);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GDate due;

  g_assert_true (yc_calendar_due_date (calendar, start, days, &due, &error));
  g_assert_no_error (error);
  text = yc_date_format_iso (&due);
  if (g_strcmp0 (text, expected) != 0)
    g_test_message ("accepted %s, %u working days: got %s", from, days, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_loaded (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GArray) years = yc_calendar_get_years (fixture->calendar);

  g_assert_true (yc_calendar_has_year (fixture->calendar, 2025));
  g_assert_true (yc_calendar_has_year (fixture->calendar, 2026));
  g_assert_false (yc_calendar_has_year (fixture->calendar, 1999));
  g_assert_cmpuint (years->len, >=, 2);
  for (guint i = 1; i < years->len; i++)
    g_assert_cmpint (g_array_index (years, int, i - 1), <, g_array_index (years, int, i));
}

static void
test_is_working_day (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *date;
    gboolean    working;
  } cases[] = {
    { "2026-02-13", TRUE },  /* Friday */
    { "2026-02-14", TRUE },  /* Saturday, make-up working day */
    { "2026-02-15", FALSE }, /* Sunday, Spring Festival */
    { "2026-02-16", FALSE }, /* Monday, Spring Festival */
    { "2026-02-21", FALSE }, /* Saturday in the holiday */
    { "2026-02-23", FALSE }, /* Monday, last day off */
    { "2026-02-24", TRUE },  /* Tuesday */
    { "2026-02-28", TRUE },  /* Saturday, make-up working day */
    { "2026-03-01", FALSE }, /* ordinary Sunday */
    { "2026-03-07", FALSE }, /* ordinary Saturday */
    { "2026-03-09", TRUE },  /* ordinary Monday */
    { "2026-09-20", TRUE },  /* Sunday, make-up working day */
    { "2026-09-25", FALSE }, /* Friday, Mid-Autumn */
    { "2026-10-01", FALSE },
    { "2026-10-07", FALSE },
    { "2026-10-08", TRUE },  /* Thursday after the holiday */
    { "2026-10-10", TRUE },  /* Saturday, make-up working day */
    { "2026-10-11", FALSE }, /* ordinary Sunday */
    { "2026-01-04", TRUE },  /* Sunday, make-up working day for New Year */
    { "2030-01-01", TRUE },  /* Tuesday, year not loaded: plain weekday rule */
    { "2030-01-05", FALSE }, /* Saturday, year not loaded */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) date = parse (cases[i].date);

      g_test_message ("%s", cases[i].date);
      g_assert_cmpint (yc_calendar_is_working_day (fixture->calendar, date), ==,
                       cases[i].working);
    }
}

/* February 2026: Sun 1 … Fri 13, Sat 14 (work), Sun 15 – Mon 23 off, Tue 24 … Fri 27,
 * Sat 28 (work); March: Sun 1, Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16, Tue 17, Wed 18. */
static void
test_due_spring_festival (Fixture       *fixture,
                          gconstpointer  data)
{
  assert_due (fixture->calendar, "2026-02-13", 1, "2026-02-14");
  assert_due (fixture->calendar, "2026-02-13", 2, "2026-02-24");
  assert_due (fixture->calendar, "2026-02-14", 1, "2026-02-24");
  assert_due (fixture->calendar, "2026-02-18", 1, "2026-02-24"); /* accepted in the holiday */
  assert_due (fixture->calendar, "2026-02-13", 5, "2026-02-27");
  assert_due (fixture->calendar, "2026-02-13", 6, "2026-02-28");
  assert_due (fixture->calendar, "2026-02-13", 7, "2026-03-02");
  /* 13, 14, 24, 25, 26, 27, 28, Mar 2, 3, 4, 5, 6, 9 … 13, 16, 17, 18 */
  assert_due (fixture->calendar, "2026-02-12", 20, "2026-03-18");
}

/* September 2026: Fri 18, Sat 19, Sun 20 (work), Mon 21 … Thu 24, Fri 25 – Sun 27 off,
 * Mon 28 … Wed 30; October: Thu 1 – Wed 7 off, Thu 8, Fri 9, Sat 10 (work), Sun 11, Mon 12. */
static void
test_due_national_day (Fixture       *fixture,
                       gconstpointer  data)
{
  assert_due (fixture->calendar, "2026-09-18", 1, "2026-09-20");
  assert_due (fixture->calendar, "2026-09-18", 2, "2026-09-21");
  assert_due (fixture->calendar, "2026-09-24", 1, "2026-09-28");
  assert_due (fixture->calendar, "2026-09-30", 1, "2026-10-08");
  assert_due (fixture->calendar, "2026-09-30", 2, "2026-10-09");
  assert_due (fixture->calendar, "2026-09-30", 3, "2026-10-10");
  assert_due (fixture->calendar, "2026-09-30", 4, "2026-10-12");
  assert_due (fixture->calendar, "2026-10-03", 1, "2026-10-08");
  /* 20, 21, 22, 23, 24, 28, 29, 30, Oct 8, 9 */
  assert_due (fixture->calendar, "2026-09-18", 10, "2026-10-09");
}

/* Fri 2025-12-26, Mon 29, Tue 30, Wed 31; 2026: Thu 1 – Sat 3 off, Sun 4 (work), Mon 5. */
static void
test_due_year_boundary (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_due (fixture->calendar, "2025-12-31", 1, "2026-01-04");
  assert_due (fixture->calendar, "2025-12-30", 2, "2026-01-04");
  assert_due (fixture->calendar, "2025-12-30", 3, "2026-01-05");
  assert_due (fixture->calendar, "2025-12-26", 5, "2026-01-05");
}

static void
test_due_zero_days (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(YcCalendar) empty = yc_calendar_new ();
  g_autoptr(GDate) from = parse ("2026-02-15");
  GDate due;

  /* Instant items are due the day they are taken in, even on a day off. */
  assert_due (fixture->calendar, "2026-02-15", 0, "2026-02-15");
  assert_due (fixture->calendar, "2026-03-09", 0, "2026-03-09");

  /* No counting, so no year is needed. */
  g_assert_true (yc_calendar_due_date (empty, from, 0, &due, NULL));
  g_assert_cmpint (g_date_compare (&due, from), ==, 0);
}

static void
test_due_unknown_year (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(YcCalendar) only2026 = yc_calendar_new ();
  g_autoptr(JsonObject) year = yc_calendar_year_to_json (fixture->calendar, 2026);
  g_autoptr(GDate) dec31 = parse ("2025-12-31");
  g_autoptr(GDate) dec30 = parse ("2026-12-30");
  g_autoptr(GError) error = NULL;
  GDate due;

  g_assert_nonnull (year);
  g_assert_true (yc_calendar_add_year_json (only2026, year, &error));
  g_assert_no_error (error);

  /* The count starts in 2026 (the day of acceptance does not count). */
  assert_due (only2026, "2025-12-31", 1, "2026-01-04");

  /* Across the end of 2026 into a year that is not loaded. */
  g_assert_true (yc_calendar_due_date (only2026, dec30, 1, &due, &error));
  g_assert_no_error (error);
  g_assert_false (yc_calendar_due_date (only2026, dec30, 2, &due, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_assert_nonnull (g_strstr_len (error->message, -1, "2027"));
  g_clear_error (&error);

  /* A start in a year that is not loaded. */
  g_clear_pointer (&dec31, g_date_free);
  dec31 = parse ("2024-12-30");
  g_assert_false (yc_calendar_due_date (only2026, dec31, 1, &due, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_UNKNOWN_YEAR);
}

static void
test_working_days_between (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct {
    const char *today;
    const char *due;
    int         left;
  } cases[] = {
    { "2026-02-24", "2026-02-24", 0 },
    { "2026-02-13", "2026-02-24", 2 },  /* 14, 24 */
    { "2026-02-20", "2026-02-24", 1 },  /* looked at during the holiday */
    { "2026-02-24", "2026-02-13", -2 }, /* overdue by 14 and 24 */
    { "2026-03-06", "2026-03-09", 1 },  /* Friday, due Monday */
    { "2026-03-07", "2026-03-06", -1 }, /* Saturday after a Friday due date */
    { "2026-03-09", "2026-03-06", -1 },
    { "2025-12-31", "2026-01-05", 2 },  /* 4, 5 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) today = parse (cases[i].today);
      g_autoptr(GDate) due = parse (cases[i].due);

      g_test_message ("today %s, due %s", cases[i].today, cases[i].due);
      g_assert_cmpint (yc_calendar_working_days_between (fixture->calendar, today, due), ==,
                       cases[i].left);
    }
}

static void
test_year_json_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) year = yc_calendar_year_to_json (fixture->calendar, 2026);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  JsonArray *off;
  JsonArray *work;

  g_assert_nonnull (year);
  g_assert_null (yc_calendar_year_to_json (fixture->calendar, 1999));
  g_assert_cmpint (json_object_get_int_member (year, "year"), ==, 2026);

  off = json_object_get_array_member (year, "off_days");
  work = json_object_get_array_member (year, "work_days");
  g_assert_cmpuint (json_array_get_length (off), >, 0);
  g_assert_cmpstr (json_array_get_string_element (off, 0), ==, "2026-01-01");
  for (guint i = 1; i < json_array_get_length (off); i++)
    g_assert_cmpint (g_strcmp0 (json_array_get_string_element (off, i - 1),
                                json_array_get_string_element (off, i)), <, 0);
  g_assert_cmpstr (json_array_get_string_element (work, 0), ==, "2026-01-04");

  json_node_set_object (node, year);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (g_strstr_len (text, -1, "\"2026-02-14\""));
}

static void
test_invalid_data (void)
{
  static const char *bad[] = {
    "{\"off_days\":[],\"work_days\":[]}",
    "{\"year\":\"2026\",\"off_days\":[],\"work_days\":[]}",
    "{\"year\":26,\"off_days\":[],\"work_days\":[]}",
    "{\"year\":2026,\"work_days\":[]}",
    "{\"year\":2026,\"off_days\":{},\"work_days\":[]}",
    "{\"year\":2026,\"off_days\":[\"2026-02-30\"],\"work_days\":[]}",
    "{\"year\":2026,\"off_days\":[\"2025-10-01\"],\"work_days\":[]}",
    "{\"year\":2026,\"off_days\":[20260101],\"work_days\":[]}",
    "{\"year\":2026,\"off_days\":[\"2026-02-14\"],\"work_days\":[\"2026-02-14\"]}",
  };
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GArray) years = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_nonnull (node);
      g_assert_false (yc_calendar_add_year_json (calendar, json_node_get_object (node), &error));
      g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
    }

  years = yc_calendar_get_years (calendar);
  g_assert_cmpuint (years->len, ==, 0);
}

static void
test_load_file_shapes (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-calendar-XXXXXX", &error);
  g_autofree char *bare = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *half = NULL;
  g_autoptr(GDate) date = parse ("2031-01-01");
  g_autoptr(GArray) years = NULL;

  g_assert_no_error (error);
  bare = g_build_filename (dir, "bare.json", NULL);
  broken = g_build_filename (dir, "broken.json", NULL);
  half = g_build_filename (dir, "half.json", NULL);

  g_assert_true (g_file_set_contents (bare,
                                      "[{\"year\":2031,\"off_days\":[\"2031-01-01\"],"
                                      "\"work_days\":[]}]", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\"years\":[", -1, NULL));
  g_assert_true (g_file_set_contents (half,
                                      "{\"years\":[{\"year\":2032,\"off_days\":[],"
                                      "\"work_days\":[]},{\"year\":2033}]}", -1, NULL));

  g_assert_true (yc_calendar_load_file (calendar, bare, &error));
  g_assert_no_error (error);
  g_assert_true (yc_calendar_has_year (calendar, 2031));
  g_assert_false (yc_calendar_is_working_day (calendar, date));

  g_assert_false (yc_calendar_load_file (calendar, broken, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A bad year anywhere in a file changes nothing. */
  g_assert_false (yc_calendar_load_file (calendar, half, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (yc_calendar_has_year (calendar, 2032));

  g_assert_false (yc_calendar_load_file (calendar, "/nonexistent/calendar.json", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  years = yc_calendar_get_years (calendar);
  g_assert_cmpuint (years->len, ==, 1);

  g_remove (bare);
  g_remove (broken);
  g_remove (half);
  g_rmdir (dir);
}

static void
test_date_helpers (void)
{
  static const char *bad[] = {
    "2026-2-5", "2026-02-30", "2025-02-29", "abcd-ef-gh", "2026-02-05x", "2026/02/05",
    "", "2026-13-01", "2026-00-10",
  };
  g_autoptr(GDate) date = date_new (2026, 11, 28);
  g_autoptr(GDate) early = date_new (2026, 1, 5);
  g_autofree char *chinese = yc_date_format_chinese (date);
  g_autofree char *chinese_early = yc_date_format_chinese (early);
  g_autofree char *iso = yc_date_format_iso (early);
  GDate parsed;

  g_assert_cmpstr (chinese, ==, "2026年11月28日");
  g_assert_cmpstr (chinese_early, ==, "2026年1月5日");
  g_assert_cmpstr (iso, ==, "2026-01-05");

  g_assert_true (yc_date_parse_iso ("2024-02-29", &parsed));
  g_assert_cmpint (g_date_get_day (&parsed), ==, 29);
  g_assert_true (yc_date_parse_iso ("2026-01-05", &parsed));
  g_assert_cmpint (g_date_compare (&parsed, early), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (yc_date_parse_iso (bad[i], &parsed));
  g_assert_false (yc_date_parse_iso (NULL, &parsed));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/calendar/loaded", test_loaded);
  ADD ("/calendar/is-working-day", test_is_working_day);
  ADD ("/calendar/due/spring-festival", test_due_spring_festival);
  ADD ("/calendar/due/national-day", test_due_national_day);
  ADD ("/calendar/due/year-boundary", test_due_year_boundary);
  ADD ("/calendar/due/zero-days", test_due_zero_days);
  ADD ("/calendar/due/unknown-year", test_due_unknown_year);
  ADD ("/calendar/working-days-between", test_working_days_between);
  ADD ("/calendar/year-json", test_year_json_round_trip);

#undef ADD

  g_test_add_func ("/calendar/invalid-data", test_invalid_data);
  g_test_add_func ("/calendar/load-file-shapes", test_load_file_shapes);
  g_test_add_func ("/calendar/date-helpers", test_date_helpers);

  return g_test_run ();
}
