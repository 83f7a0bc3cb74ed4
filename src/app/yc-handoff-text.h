/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-handoff-text.h: a handoff in words for the people it concerns (D12): its kind, its state,
 * a department's answer to a parallel handoff, and who gives and who receives. */
#pragma once

#include <glib.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-handoff.h"

G_BEGIN_DECLS

/* "Transfer", "Parallel approval", … (translated); the raw kind if unknown. */
const char *yc_handoff_text_kind   (const char *kind);
/* "Awaiting approval", "Approved, to be signed for", … */
const char *yc_handoff_text_state  (const char *state);
/* "Agree", "Disagree", "Agree, refer to the higher level"; NULL for none. */
const char *yc_handoff_text_answer (const char *answer);
/* A person by name (and department), else a department by name, else the raw id.
 * @staff maps a staff id to a name, @departments a department id to a name. */
char       *yc_handoff_text_party  (GHashTable *staff,
                                    GHashTable *departments,
                                    const char *staff_id,
                                    const char *department_id);
/* The kind and how many cases: "Transfer · 2 cases". */
char       *yc_handoff_text_title  (YcHandoff  *handoff);
/* The state as the people concerned read it: a parallel handoff once signed for says whether
 * its department has answered. */
char       *yc_handoff_text_progress (YcHandoff *handoff);
/* One step: "@what · name · time · “comment”", leaving out what is NULL. */
char       *yc_handoff_text_step   (GHashTable *staff,
                                    const char *what,
                                    const char *by,
                                    const char *at,
                                    const char *comment);
/* Working days left on @case_ ("3 working days left", "due today", "2 working days
 * overdue"), or NULL when it has no due date. */
char       *yc_handoff_text_time_left (YcCalendar *calendar,
                                       YcCase     *case_);
guint       yc_handoff_n_cases     (YcHandoff  *handoff);
/* A case as a handoff lists it: the title "number  item", and the line under it: applicant,
 * the ID number masked, the due date when @with_due, and the working days left. */
char       *yc_handoff_text_case_title    (YcCase     *case_);
char       *yc_handoff_text_case_subtitle (YcCalendar *calendar,
                                           YcCase     *case_,
                                           gboolean    with_due);

G_END_DECLS
