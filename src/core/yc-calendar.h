/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-calendar.h: the official working-day calendar (domain rule D10). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_CALENDAR (yc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (YcCalendar, yc_calendar, YC, CALENDAR, GObject)

#define YC_CALENDAR_ERROR (yc_calendar_error_quark ())

typedef enum {
  YC_CALENDAR_ERROR_INVALID,      /* malformed calendar data */
  YC_CALENDAR_ERROR_UNKNOWN_YEAR, /* a computation needs a year that is not loaded */
} YcCalendarError;

GQuark       yc_calendar_error_quark     (void);

YcCalendar  *yc_calendar_new             (void);

/* Add one year: the shape of GET /calendar/{year} and of one element of "years" in
 * shared/data/holidays-cn.json: {"year":2026,"off_days":["2026-01-01",…],"work_days":[…]}.
 * Replaces that year if already loaded. */
gboolean     yc_calendar_add_year_json   (YcCalendar  *self,
                                          JsonObject  *year,
                                          GError     **error);
/* Load a whole file in the holidays-cn.json shape ({"years":[…]}) or a bare array of years. */
gboolean     yc_calendar_load_file       (YcCalendar  *self,
                                          const char  *path,
                                          GError     **error);
gboolean     yc_calendar_has_year        (YcCalendar  *self,
                                          int          year);
/* Years loaded, ascending. */
GArray      *yc_calendar_get_years       (YcCalendar  *self);
/* The year as JSON, in the GET /calendar/{year} shape; NULL if not loaded. */
JsonObject  *yc_calendar_year_to_json    (YcCalendar  *self,
                                          int          year);

/* TRUE if @date is a working day: in work_days, or a Monday–Friday not in off_days.
 * A date in a year that is not loaded follows the plain weekday rule and sets @error
 * only if @error is non-NULL and strict checking is wanted: see yc_calendar_due_date. */
gboolean     yc_calendar_is_working_day  (YcCalendar  *self,
                                          const GDate *date);

/* The @days-th working day strictly after @from (the day of acceptance does not count);
 * @days == 0 gives @from itself (instant items are due the same day). Fails with
 * YC_CALENDAR_ERROR_UNKNOWN_YEAR if the count passes through a year that is not loaded. */
gboolean     yc_calendar_due_date        (YcCalendar  *self,
                                          const GDate *from,
                                          guint        days,
                                          GDate       *out_due,
                                          GError     **error);

/* Working days left from @today until @due: 0 if due today, negative if overdue
 * (counted in working days). */
int          yc_calendar_working_days_between (YcCalendar  *self,
                                               const GDate *today,
                                               const GDate *due);

/* Date helpers: "YYYY-MM-DD" <-> GDate. */
gboolean     yc_date_parse_iso           (const char  *text,
                                          GDate       *out_date);
char        *yc_date_format_iso          (const GDate *date);
/* Chinese form used on letters: "2026年11月28日". */
char        *yc_date_format_chinese      (const GDate *date);

G_END_DECLS
