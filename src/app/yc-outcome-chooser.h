/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-outcome-chooser.h: exactly one outcome of an application (D4–D7): accepted, completed
 * instantly, materials incomplete, or not accepted with its reason and legal basis. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TYPE_OUTCOME_CHOOSER (yc_outcome_chooser_get_type ())
G_DECLARE_FINAL_TYPE (YcOutcomeChooser, yc_outcome_chooser, YC, OUTCOME_CHOOSER, GtkWidget)

/* ::changed: another outcome was chosen, or the refusal's reason or basis edited. */
GtkWidget  *yc_outcome_chooser_new                 (void);
/* "accepted", "instant", "incomplete", "refused", or NULL while none is chosen. */
const char *yc_outcome_chooser_get_outcome         (YcOutcomeChooser *self);
void        yc_outcome_chooser_set_outcome         (YcOutcomeChooser *self,
                                                    const char       *outcome);
/* Whether "instant" can be chosen: only for an item that is handled instantly. */
void        yc_outcome_chooser_set_instant_allowed (YcOutcomeChooser *self,
                                                    gboolean          allowed);
/* The refusal's reason and legal basis, trimmed ("" when empty). */
char       *yc_outcome_chooser_dup_refusal_reason  (YcOutcomeChooser *self);
char       *yc_outcome_chooser_dup_refusal_basis   (YcOutcomeChooser *self);
/* No outcome, no reason, no basis. */
void        yc_outcome_chooser_reset               (YcOutcomeChooser *self);

G_END_DECLS
