/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-applicant-form.h: the applicant (a natural person or an organisation) and an optional
 * agent, checked as the clerk types (D14). */
#pragma once

#include <gtk/gtk.h>

#include "yc-case.h"

G_BEGIN_DECLS

#define YC_TYPE_APPLICANT_FORM (yc_applicant_form_get_type ())
G_DECLARE_FINAL_TYPE (YcApplicantForm, yc_applicant_form, YC, APPLICANT_FORM, GtkWidget)

GtkWidget *yc_applicant_form_new                 (void);

/* TRUE when every mandatory field is filled in, every number passes its check or the check
 * is overridden with a reason. A form that is not editable (a recorded applicant) is valid. */
gboolean   yc_applicant_form_get_valid           (YcApplicantForm *self);

/* What was typed, trimmed; resident ID numbers normalised (spaces removed, X upper case).
 * Empty fields are NULL. dup_agent gives NULL when no agent acts for the applicant. */
YcParty   *yc_applicant_form_dup_applicant       (YcApplicantForm *self);
YcParty   *yc_applicant_form_dup_agent           (YcApplicantForm *self);
/* The reason a failing check was overridden, or NULL when no check is overridden. */
char      *yc_applicant_form_dup_override_reason (YcApplicantForm *self);

/* Fills the form with a recorded applicant (and agent, or NULL). The fields count as visited,
 * so their problems show at once. Editability is not changed: see set_editable. */
void       yc_applicant_form_set_applicant       (YcApplicantForm *self,
                                                  const YcParty   *applicant,
                                                  const YcParty   *agent);
void       yc_applicant_form_set_editable        (YcApplicantForm *self,
                                                  gboolean         editable);
gboolean   yc_applicant_form_get_editable        (YcApplicantForm *self);
/* Empty again: a natural person with a resident ID card, no agent, no override. */
void       yc_applicant_form_reset               (YcApplicantForm *self);

/* Every problem that keeps the form from being valid, as "Field: message", in form order,
 * whether or not its message is shown yet; an empty vector when the form is valid. */
GStrv      yc_applicant_form_dup_problems        (YcApplicantForm *self);
/* Shows the message of every field, also those the clerk has not visited yet. */
void       yc_applicant_form_show_problems       (YcApplicantForm *self);

G_END_DECLS
