/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-due-dates.c: due dates of accepted cases across the 2026 Spring Festival, National Day
 * and New Year, with their make-up working days (调休).
 *
 * The expected dates below were counted by hand on the State Council notices for 2025 and 2026
 * (shared/data/holidays-cn.json): due_date is the promised_days-th working day after the day of
 * acceptance, which itself does not count. Entry k of each table is the due date for
 * promised_days = k + 1. */
#define G_LOG_DOMAIN "test-due-dates"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/* Accepted Friday 2026-02-13, the last working day before the Spring Festival. The Saturday
 * 02-14 is a make-up working day, 02-15..02-23 are off, Saturday 02-28 is a make-up working day;
 * Qingming 04-04..04-06 are off. */
static const char *const after_0213[] = {
  "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", /* 1-5 */
  "2026-02-28", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", /* 6-10 */
  "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", /* 11-15 */
  "2026-03-13", "2026-03-16", "2026-03-17", "2026-03-18", "2026-03-19", /* 16-20 */
  "2026-03-20", "2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", /* 21-25 */
  "2026-03-27", "2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", /* 26-30 */
  "2026-04-03", "2026-04-07", NULL
};

/* Accepted Tuesday 2026-02-17, in the middle of the holiday (a change made offline). */
static const char *const after_0217[] = {
  "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28", /* 1-5 */
  "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", /* 6-10 */
  "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", /* 11-15 */
  "2026-03-16", "2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20", /* 16-20 */
  NULL
};

/* Accepted Friday 2026-09-18. Sunday 09-20 is a make-up working day; Mid-Autumn 09-25..09-27
 * and National Day 10-01..10-07 are off; Saturday 10-10 is a make-up working day. */
static const char *const after_0918[] = {
  "2026-09-20", "2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24", /* 1-5 */
  "2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", /* 6-10 */
  "2026-10-10", "2026-10-12", "2026-10-13", "2026-10-14", "2026-10-15", /* 11-15 */
  "2026-10-16", "2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", /* 16-20 */
  "2026-10-23", "2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", /* 21-25 */
  "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", /* 26-30 */
  NULL
};

/* Accepted Wednesday 2026-09-30, the last working day before National Day. */
static const char *const after_0930[] = {
  "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12", "2026-10-13", /* 1-5 */
  "2026-10-14", "2026-10-15", "2026-10-16", "2026-10-19", "2026-10-20", /* 6-10 */
  "2026-10-21", "2026-10-22", "2026-10-23", "2026-10-26", "2026-10-27", /* 11-15 */
  "2026-10-28", "2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", /* 16-20 */
  NULL
};

/* Accepted Wednesday 2025-12-31: across the year, 2026-01-01..01-03 off, Sunday 01-04 a make-up
 * working day. */
static const char *const after_1231[] = {
  "2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", /* 1-5 */
  "2026-01-09", "2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", /* 6-10 */
  "2026-01-16", "2026-01-19", "2026-01-20", "2026-01-21", "2026-01-22", /* 11-15 */
  "2026-01-23", "2026-01-26", "2026-01-27", "2026-01-28", "2026-01-29", /* 16-20 */
  NULL
};

typedef struct {
  const char        *name;
  const char        *received_at;
  const char        *accepted_on;
  const char *const *table;
} Scenario;

static const Scenario scenarios[] = {
  { "spring-festival", "2026-02-13T09:30:00+08:00", "2026-02-13", after_0213 },
  { "spring-festival-holiday", "2026-02-17T11:00:00+08:00", "2026-02-17", after_0217 },
  { "national-day", "2026-09-18T15:45:00+08:00", "2026-09-18", after_0918 },
  { "national-day-eve", "2026-09-30T16:59:00+08:00", "2026-09-30", after_0930 },
  { "new-year", "2025-12-31T10:00:00+08:00", "2025-12-31", after_1231 },
  /* 01:30 in Shanghai on the 13th is still the 12th in UTC: the centre's day counts. */
  { "utc-offset", "2026-02-12T17:30:00Z", "2026-02-13", after_0213 },
};

static struct {
  YcTestServer *srv;
  YcTestSession    *li, *chen, *zhou;
  GPtrArray    *items;   /* one non-instant item per distinct promised_days */
  YcItem       *instant;
} d;

static gboolean
setup (void)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GHashTable) days = NULL;
  guint i;

  if (d.srv != NULL)
    return d.items != NULL && d.items->len > 0;
  d.srv = yc_test_server_default ();
  if (d.srv == NULL)
    return FALSE;
  d.li = yc_sign_in (d.srv, "clerk.li", "ws-due-li");
  d.chen = yc_sign_in (d.srv, "clerk.chen", "ws-due-chen");
  d.zhou = yc_sign_in (d.srv, "clerk.zhou", "ws-due-zhou");
  if (d.li == NULL || d.chen == NULL || d.zhou == NULL)
    return FALSE;
  all = yc_all_items (d.srv, d.li->token);
  days = g_hash_table_new (g_direct_hash, g_direct_equal);
  d.items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_free);
  /* Prefer clerk.li's department, then clerk.chen's, then any (taken in at the comprehensive
   * window by clerk.zhou). */
  for (i = 0; i < 3; i++)
    {
      guint j;

      for (j = 0; j < all->len; j++)
        {
          YcItem *it = g_ptr_array_index (all, j);
          gboolean pick;

          if (it->instant || it->mandatory->len == 0 || it->promised_days <= 0 ||
              g_hash_table_contains (days, GINT_TO_POINTER (it->promised_days)))
            continue;
          pick = (i == 0 && g_strcmp0 (it->department_id, d.li->department_id) == 0) ||
                 (i == 1 && g_strcmp0 (it->department_id, d.chen->department_id) == 0) ||
                 i == 2;
          if (!pick)
            continue;
          g_hash_table_add (days, GINT_TO_POINTER (it->promised_days));
          g_ptr_array_add (d.items, g_ptr_array_steal_index (all, j--));
        }
    }
  for (i = 0; i < all->len && d.instant == NULL; i++)
    if (((YcItem *) g_ptr_array_index (all, i))->instant &&
        ((YcItem *) g_ptr_array_index (all, i))->mandatory->len > 0)
      d.instant = g_ptr_array_steal_index (all, i);
  g_test_message ("%u distinct promised_days values in the catalogue", d.items->len);
  return d.items->len > 0;
}

static YcTestSession *
poster_for (YcItem *item)
{
  if (g_strcmp0 (item->department_id, d.li->department_id) == 0)
    return d.li;
  if (g_strcmp0 (item->department_id, d.chen->department_id) == 0)
    return d.chen;
  return d.zhou;
}

static void
test_table_consistent (void)
{
  guint s, k;

  /* The hand-made tables agree with the hand-typed calendar (a check of the test itself). */
  for (s = 0; s < G_N_ELEMENTS (scenarios); s++)
    for (k = 0; scenarios[s].table[k] != NULL; k++)
      {
        g_autofree char *counted = yc_hand_due_date (scenarios[s].accepted_on, k + 1);

        if (g_strcmp0 (counted, scenarios[s].table[k]) != 0)
          yc_fail ("test table %s entry %u: %s, counted %s", scenarios[s].name, k + 1,
                   scenarios[s].table[k], counted);
      }
}

static void
run_scenario (gconstpointer data)
{
  const Scenario *sc = data;
  guint i, checked = 0, table_len = g_strv_length ((char **) sc->table);

  if (!setup ())
    {
      yc_fail ("no usable service items");
      return;
    }
  for (i = 0; i < d.items->len; i++)
    {
      YcItem *item = g_ptr_array_index (d.items, i);
      YcTestSession *who = poster_for (item);
      g_autofree char *id = yc_uuid ();
      g_autofree char *body = NULL;
      g_autoptr(YcResponse) resp = NULL;
      const char *expected;

      if ((guint) item->promised_days > table_len)
        continue;
      expected = sc->table[item->promised_days - 1];
      body = yc_case_json (id, item, "accepted", sc->received_at, NULL, NULL, NULL);
      resp = yc_post (d.srv, who->token, "/cases", body);
      if (!yc_assert_status (resp, 201))
        continue;
      checked++;
      g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "accepted");
      g_assert_cmpstr (yc_resp_str (resp, "accepted_on"), ==, sc->accepted_on);
      if (g_strcmp0 (yc_resp_str (resp, "due_date"), expected) != 0)
        yc_fail ("%s: item %s (%d promised days) received %s: due_date %s, expected %s",
                 sc->name, item->code, item->promised_days, sc->received_at,
                 yc_resp_str (resp, "due_date"), expected);
      /* The detail says the same. */
      {
        g_autofree char *path = g_strdup_printf ("/cases/%s", id);
        g_autoptr(YcResponse) got = yc_get (d.srv, who->token, path);

        if (yc_assert_status (got, 200))
          g_assert_cmpstr (yc_resp_str (got, "due_date"), ==, expected);
      }
    }
  if (checked == 0)
    yc_fail ("no item with promised_days <= %u to check %s with", table_len, sc->name);
  g_test_message ("%s: %u items checked", sc->name, checked);
}

static void
test_instant_on_holiday (void)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) resp = NULL;

  if (!setup () || d.instant == NULL)
    {
      yc_fail ("no instant item");
      return;
    }
  /* Instant items are due the day they are done, whatever the calendar says. */
  body = yc_case_json (id, d.instant, "instant", "2026-10-03T10:00:00+08:00", NULL, NULL, NULL);
  resp = yc_post (d.srv, poster_for (d.instant)->token, "/cases", body);
  if (yc_assert_status (resp, 201))
    {
      g_assert_cmpstr (yc_resp_str (resp, "accepted_on"), ==, "2026-10-03");
      g_assert_cmpstr (yc_resp_str (resp, "due_date"), ==, "2026-10-03");
      g_assert_cmpstr (yc_resp_str (resp, "status"), ==, "completed");
    }
}

static void
test_calendar_missing (void)
{
  g_autoptr(YcItem) longest = NULL;
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = NULL;
  g_autoptr(YcResponse) resp = NULL;
  guint i;

  if (!setup ())
    return;
  for (i = 0; i < d.items->len; i++)
    {
      YcItem *it = g_ptr_array_index (d.items, i);

      if (longest == NULL || it->promised_days > longest->promised_days)
        {
          g_clear_pointer (&longest, yc_item_free);
          longest = g_ptr_array_steal_index (d.items, i--);
        }
    }
  /* Accepted on 2026-12-31: the count runs into 2027, which no calendar covers. */
  body = yc_case_json (id, longest, "accepted", "2026-12-31T10:00:00+08:00", NULL, NULL, NULL);
  resp = yc_post (d.srv, poster_for (longest)->token, "/cases", body);
  {
    static const guint st[] = { 422, 500, 0 };
    static const char *const codes[] = { "calendar_missing", NULL };

    yc_check_problem_any (__FILE__, __LINE__, resp, st, codes);
  }
  g_ptr_array_add (d.items, g_steal_pointer (&longest));
}

int
main (int argc, char **argv)
{
  int ret;
  guint i;

  yc_test_init (&argc, &argv);
  g_test_add_func ("/server/due-dates/hand-tables", test_table_consistent);
  for (i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/due-dates/%s", scenarios[i].name);

      g_test_add_data_func (path, &scenarios[i], run_scenario);
    }
  g_test_add_func ("/server/due-dates/instant-on-holiday", test_instant_on_holiday);
  g_test_add_func ("/server/due-dates/calendar-missing", test_calendar_missing);
  ret = yc_test_run ();
  g_clear_pointer (&d.items, g_ptr_array_unref);
  g_clear_pointer (&d.instant, yc_item_free);
  g_clear_pointer (&d.li, yc_test_session_free);
  g_clear_pointer (&d.chen, yc_test_session_free);
  g_clear_pointer (&d.zhou, yc_test_session_free);
  return ret;
}
