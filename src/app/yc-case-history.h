/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-case-history.h: a case's audit trail as its holder and the chief representative read it
 * (D17): taken in, each letter issued, each handoff asked for, decided, signed for and
 * answered, completion and the applicant's rating, with who, when and whether it was done
 * offline. Read from the local store. */
#pragma once

#include <adwaita.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_HISTORY (yc_case_history_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseHistory, yc_case_history, YC, CASE_HISTORY, AdwWindow)

GtkWidget *yc_case_history_new          (YcStore       *store,
                                         const char    *case_id);
/* How many steps it lists (tests). */
guint      yc_case_history_get_n_steps  (YcCaseHistory *self);
/* Step @index as "title\nsubtitle" (tests), or NULL. */
char      *yc_case_history_dup_step     (YcCaseHistory *self,
                                         guint          index);

G_END_DECLS
