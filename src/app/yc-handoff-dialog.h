/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-handoff-dialog.h: asking for a handoff of my work (D12). The kind (A/B post cover,
 * transfer, guide, parallel approval, shift end), to whom (a person or a department; several
 * departments for a parallel approval, one request each), which of my open cases, and the
 * reason. A/B cover proposes my window's other post; shift end and A/B cover select all my open
 * cases. Emits "sent" with how many requests were saved. */
#pragma once

#include <adwaita.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_HANDOFF_DIALOG (yc_handoff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcHandoffDialog, yc_handoff_dialog, YC, HANDOFF_DIALOG, AdwWindow)

/* @kind: the kind to start with, or NULL; @case_ids: the cases to select, or NULL. */
GtkWidget  *yc_handoff_dialog_new          (YcStore            *store,
                                            const char         *kind,
                                            const char * const *case_ids);
const char *yc_handoff_dialog_get_kind     (YcHandoffDialog    *self);
void        yc_handoff_dialog_set_kind     (YcHandoffDialog    *self,
                                            const char         *kind);
/* The receiver chosen (a staff id or a department id; NULL for none / parallel). */
const char *yc_handoff_dialog_get_to_staff (YcHandoffDialog    *self);
/* Choose the receiver: a staff id or a department id listed for the kind; FALSE if absent. */
gboolean    yc_handoff_dialog_choose_to    (YcHandoffDialog    *self,
                                            const char         *staff_or_department_id);
/* Tick or untick a case / a department of a parallel approval. */
gboolean    yc_handoff_dialog_set_case     (YcHandoffDialog    *self,
                                            const char         *case_id,
                                            gboolean            selected);
gboolean    yc_handoff_dialog_set_department (YcHandoffDialog  *self,
                                            const char         *department_id,
                                            gboolean            selected);
/* The ids of the selected cases (NULL-terminated, free with g_strfreev). */
char      **yc_handoff_dialog_dup_cases    (YcHandoffDialog    *self);
void        yc_handoff_dialog_set_reason   (YcHandoffDialog    *self,
                                            const char         *reason);
/* The message shown under the form, or NULL. */
const char *yc_handoff_dialog_get_error    (YcHandoffDialog    *self);

G_END_DECLS
