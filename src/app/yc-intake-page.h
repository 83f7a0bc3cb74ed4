/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-intake-page.h: the clerk's main screen. It follows a visit step by step: the first-inquiry
 * registration (D2), the service item and its guide (D1, D3), the applicant (D14), the
 * materials, exactly one outcome (D4–D7) with its letter in the preview, ready to print, and
 * the applicant's evaluation (D11). A returning applicant completes the materials the one-time
 * notice asked for, and nothing else (D8). Every step is one local transaction through the
 * outbox, online or not. */
#pragma once

#include <gtk/gtk.h>

#include "yc-letter-writer.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_PAGE (yc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakePage, yc_intake_page, YC, INTAKE_PAGE, GtkWidget)

/* @settings gives the printer and the copies per letter; in @training every letter is void. */
GtkWidget  *yc_intake_page_new              (YcStore        *store,
                                             YcLetterWriter *writer,
                                             GSettings      *settings,
                                             gboolean        training);
/* The stage shown: "idle", "inquiry", "find", "visit" or "done". */
const char *yc_intake_page_get_stage        (YcIntakePage   *self);
/* The case of this visit once it is taken in (or the returning one), or NULL. */
YcCase     *yc_intake_page_get_case         (YcIntakePage   *self);
/* TRUE while the visit is a returning applicant's, on the case found for them. */
gboolean    yc_intake_page_get_returning    (YcIntakePage   *self);
/* The letter issued at the end of this visit, or NULL. */
YcLetter   *yc_intake_page_get_letter       (YcIntakePage   *self);
/* TRUE while a step is being saved, a letter written or printed. */
gboolean    yc_intake_page_get_busy         (YcIntakePage   *self);

G_END_DECLS
