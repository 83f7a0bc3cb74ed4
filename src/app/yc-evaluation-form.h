/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-evaluation-form.h: the applicant's evaluation of the service at the end of a visit
 * (D11): one of five ratings, an optional comment, recorded once per visit through the
 * store. Its Next Visitor button fires intake.new-visitor of the page around it. */
#pragma once

#include <gtk/gtk.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_EVALUATION_FORM (yc_evaluation_form_get_type ())
G_DECLARE_FINAL_TYPE (YcEvaluationForm, yc_evaluation_form, YC, EVALUATION_FORM, GtkWidget)

/* The action evaluation.record records the rating chosen for the case; :busy is TRUE while
 * it is saved. */
GtkWidget *yc_evaluation_form_new          (void);
void       yc_evaluation_form_set_store    (YcEvaluationForm *self,
                                            YcStore          *store);
/* The case the applicant evaluates; NULL for none. Another case empties the form. */
void       yc_evaluation_form_set_case_id  (YcEvaluationForm *self,
                                            const char       *case_id);
gboolean   yc_evaluation_form_get_busy     (YcEvaluationForm *self);
/* TRUE once the evaluation of the case is recorded. */
gboolean   yc_evaluation_form_get_recorded (YcEvaluationForm *self);

G_END_DECLS
