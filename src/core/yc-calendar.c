/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-calendar.c: the official working-day calendar (domain rule D10). */
#define G_LOG_DOMAIN "yc-calendar"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"

/* Years outside this range are certainly a data error. */
#define FIRST_YEAR 1900
#define LAST_YEAR  9999

/* One year of the State Council notice: both sets hold julian day numbers. */
typedef struct {
  int         year;
  GHashTable *off_days;
  GHashTable *work_days;
} YearData;

struct _YcCalendar
{
  GObject     parent_instance;

  /* int year -> YearData */
  GHashTable *years;
};

G_DEFINE_FINAL_TYPE (YcCalendar, yc_calendar, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-calendar-error-quark, yc_calendar_error)

static YearData *
year_data_new (int year)
{
  YearData *data = g_new0 (YearData, 1);

  data->year = year;
  data->off_days = g_hash_table_new (NULL, NULL);
  data->work_days = g_hash_table_new (NULL, NULL);
  return data;
}

static void
year_data_free (gpointer ptr)
{
  YearData *data = ptr;

  if (data == NULL)
    return;
  g_clear_pointer (&data->off_days, g_hash_table_unref);
  g_clear_pointer (&data->work_days, g_hash_table_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YearData, year_data_free)

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

static gboolean
is_plain_weekday (const GDate *date)
{
  GDateWeekday weekday = g_date_get_weekday (date);

  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY;
}

static YearData *
lookup_year (YcCalendar *self,
             int         year)
{
  g_assert (YC_IS_CALENDAR (self));

  return g_hash_table_lookup (self->years, GINT_TO_POINTER (year));
}

/* Reads one of the two date lists of a year into @set. */
static gboolean
read_day_list (JsonObject  *object,
               const char  *member,
               int          year,
               GHashTable  *set,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("The calendar for %d has no list \"%s\"."),
                   year, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = NULL;
      GDate date;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        text = json_node_get_string (element);

      if (text == NULL || !yc_date_parse_iso (text, &date) ||
          (int) g_date_get_year (&date) != year)
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("Entry %u of \"%s\" in the calendar for %d is not a date of that year."),
                       i + 1, member, year);
          return FALSE;
        }

      g_hash_table_add (set, GUINT_TO_POINTER (g_date_get_julian (&date)));
    }

  return TRUE;
}

static YearData *
parse_year (JsonObject  *object,
            GError     **error)
{
  g_autoptr(YearData) data = NULL;
  JsonNode *node;
  gint64 year;
  GHashTableIter iter;
  gpointer key;

  node = json_object_get_member (object, "year");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                           _("A year in the calendar data has no \"year\" number."));
      return NULL;
    }

  year = json_node_get_int (node);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, year);

      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("The calendar data contains the impossible year %s."),
                   text);
      return NULL;
    }

  data = year_data_new ((int) year);
  if (!read_day_list (object, "off_days", data->year, data->off_days, error) ||
      !read_day_list (object, "work_days", data->year, data->work_days, error))
    return NULL;

  g_hash_table_iter_init (&iter, data->off_days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (data->work_days, key))
        {
          GDate date;
          g_autofree char *text = NULL;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, GPOINTER_TO_UINT (key));
          text = yc_date_format_iso (&date);
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("The calendar lists %s both as a day off and as a working day."),
                       text);
          return NULL;
        }
    }

  return g_steal_pointer (&data);
}

static void
insert_year (YcCalendar *self,
             YearData   *data)
{
  g_assert (YC_IS_CALENDAR (self));

  g_hash_table_replace (self->years, GINT_TO_POINTER (data->year), data);
}

static JsonNode *
day_set_to_array (GHashTable *set)
{
  g_autoptr(GArray) days = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                               g_hash_table_size (set));
  JsonArray *array = json_array_sized_new (g_hash_table_size (set));
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint julian = GPOINTER_TO_UINT (key);
      g_array_append_val (days, julian);
    }
  g_array_sort (days, compare_uint);

  for (guint i = 0; i < days->len; i++)
    {
      GDate date;
      g_autofree char *text = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_array_index (days, guint, i));
      text = yc_date_format_iso (&date);
      json_array_add_string_element (array, text);
    }

  json_node_take_array (node, array);
  return node;
}

static void
yc_calendar_finalize (GObject *object)
{
  YcCalendar *self = (YcCalendar *) object;

  g_clear_pointer (&self->years, g_hash_table_unref);

  G_OBJECT_CLASS (yc_calendar_parent_class)->finalize (object);
}

static void
yc_calendar_class_init (YcCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_calendar_finalize;
}

static void
yc_calendar_init (YcCalendar *self)
{
  self->years = g_hash_table_new_full (NULL, NULL, NULL, year_data_free);
}

YcCalendar *
yc_calendar_new (void)
{
  return g_object_new (YC_TYPE_CALENDAR, NULL);
}

gboolean
yc_calendar_add_year_json (YcCalendar  *self,
                           JsonObject  *year,
                           GError     **error)
{
  YearData *data;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (year != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = parse_year (year, error);
  if (data == NULL)
    return FALSE;

  insert_year (self, data);
  return TRUE;
}

gboolean
yc_calendar_load_file (YcCalendar  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  JsonNode *root;
  JsonArray *years = NULL;
  guint n;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      years = json_node_get_array (root);
    }
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), "years");

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        years = json_node_get_array (member);
    }

  if (years == NULL)
    {
      g_set_error_literal (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                           _("The calendar file does not contain a list of years."));
      return FALSE;
    }

  /* Read every year first so that a bad file changes nothing. */
  n = json_array_get_length (years);
  parsed = g_ptr_array_new_full (n, year_data_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (years, i);
      YearData *data;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error_literal (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                               _("The calendar file contains something that is not a year."));
          return FALSE;
        }

      data = parse_year (json_node_get_object (element), error);
      if (data == NULL)
        return FALSE;
      g_ptr_array_add (parsed, data);
    }

  for (guint i = 0; i < parsed->len; i++)
    insert_year (self, g_ptr_array_index (parsed, i));
  g_ptr_array_set_free_func (parsed, NULL);

  return TRUE;
}

gboolean
yc_calendar_has_year (YcCalendar *self,
                      int         year)
{
  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);

  return lookup_year (self, year) != NULL;
}

GArray *
yc_calendar_get_years (YcCalendar *self)
{
  GArray *years;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (YC_IS_CALENDAR (self), NULL);

  years = g_array_sized_new (FALSE, FALSE, sizeof (int), g_hash_table_size (self->years));
  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int year = GPOINTER_TO_INT (key);
      g_array_append_val (years, year);
    }
  g_array_sort (years, compare_int);

  return years;
}

JsonObject *
yc_calendar_year_to_json (YcCalendar *self,
                          int         year)
{
  YearData *data;
  JsonObject *object;

  g_return_val_if_fail (YC_IS_CALENDAR (self), NULL);

  data = lookup_year (self, year);
  if (data == NULL)
    return NULL;

  object = json_object_new ();
  json_object_set_int_member (object, "year", year);
  json_object_set_member (object, "off_days", day_set_to_array (data->off_days));
  json_object_set_member (object, "work_days", day_set_to_array (data->work_days));
  return object;
}

gboolean
yc_calendar_is_working_day (YcCalendar  *self,
                            const GDate *date)
{
  YearData *data;
  gpointer key;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  data = lookup_year (self, g_date_get_year (date));
  if (data == NULL)
    return is_plain_weekday (date);

  key = GUINT_TO_POINTER (g_date_get_julian (date));
  if (g_hash_table_contains (data->work_days, key))
    return TRUE;
  if (g_hash_table_contains (data->off_days, key))
    return FALSE;
  return is_plain_weekday (date);
}

gboolean
yc_calendar_due_date (YcCalendar   *self,
                      const GDate  *from,
                      guint         days,
                      GDate        *out_due,
                      GError      **error)
{
  GDate day;
  guint counted = 0;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (out_due != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  day = *from;
  /* Every loaded year has working days, so the walk ends at the latest in the first year
   * that is not loaded. */
  while (counted < days)
    {
      g_date_add_days (&day, 1);
      if (!yc_calendar_has_year (self, g_date_get_year (&day)))
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_UNKNOWN_YEAR,
                       _("The official working-day calendar for %d is not loaded, so the due "
                         "date cannot be computed: please ask the administrator to add it."),
                       (int) g_date_get_year (&day));
          return FALSE;
        }
      if (yc_calendar_is_working_day (self, &day))
        counted++;
    }

  g_date_clear (out_due, 1);
  *out_due = day;
  return TRUE;
}

/* Positive (or 0): the working days in (@today, @due]. Negative: overdue; minus the working
 * days in (@due, @today], but at least -1 so that a case due on Friday still shows as overdue
 * on Saturday. Years that are not loaded follow the plain weekday rule. */
int
yc_calendar_working_days_between (YcCalendar  *self,
                                  const GDate *today,
                                  const GDate *due)
{
  const GDate *start;
  const GDate *end;
  GDate day;
  int count = 0;
  int cmp;

  g_return_val_if_fail (YC_IS_CALENDAR (self), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);
  g_return_val_if_fail (due != NULL && g_date_valid (due), 0);

  cmp = g_date_compare (today, due);
  if (cmp == 0)
    return 0;

  start = cmp < 0 ? today : due;
  end = cmp < 0 ? due : today;
  day = *start;
  while (g_date_compare (&day, end) < 0)
    {
      g_date_add_days (&day, 1);
      if (yc_calendar_is_working_day (self, &day))
        count++;
    }

  return cmp < 0 ? count : -MAX (count, 1);
}

gboolean
yc_date_parse_iso (const char *text,
                   GDate      *out_date)
{
  int year, month, day;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
yc_date_format_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

char *
yc_date_format_chinese (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%u年%u月%u日",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}
