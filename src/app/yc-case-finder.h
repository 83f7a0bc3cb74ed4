/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-case-finder.h: a returning applicant's case, found by the case number on their notice,
 * their ID number or their name. The search runs off the main thread (matching a full ID
 * number reads every case); Enter or a row opens the case: ::case-activated. */
#pragma once

#include <gtk/gtk.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_FINDER (yc_case_finder_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseFinder, yc_case_finder, YC, CASE_FINDER, GtkWidget)

GtkWidget *yc_case_finder_new         (void);
/* The store the cases are searched in. */
void       yc_case_finder_set_store   (YcCaseFinder *self,
                                       YcStore      *store);
/* Nothing typed, nothing found: the hint of what to type. */
void       yc_case_finder_reset       (YcCaseFinder *self);
/* A sentence under the list: why a case found cannot be opened here, for example. */
void       yc_case_finder_set_message (YcCaseFinder *self,
                                       const char   *message);

G_END_DECLS
