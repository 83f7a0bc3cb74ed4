/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-case-text.h: a case in words for the clerk: what came of it, and a row for a list of
 * cases (its number, applicant with the ID number masked, item and state). */
#pragma once

#include <gtk/gtk.h>

#include "yc-case.h"

G_BEGIN_DECLS

/* What came of @case_ and what to give the applicant, in a sentence (translated). */
char      *yc_case_text_summary (YcCase *case_);
/* "2026-12-07 10:15" in local time from an RFC 3339 time; "" for NULL or a bad time. */
char      *yc_case_text_time    (const char *rfc3339);
/* An activatable row for @case_; the case is kept on it as the "case" data. */
GtkWidget *yc_case_text_row     (YcCase *case_);

G_END_DECLS
