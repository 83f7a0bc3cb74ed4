/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-materials-checklist.h: the review of an item's materials at intake — each received,
 * missing or defective (to be corrected, with a note) — and, for a returning applicant, only
 * what the one-time notice asked for (D8). */
#pragma once

#include <gtk/gtk.h>

#include "yc-case.h"
#include "yc-service-item.h"

G_BEGIN_DECLS

#define YC_TYPE_MATERIALS_CHECKLIST (yc_materials_checklist_get_type ())
G_DECLARE_FINAL_TYPE (YcMaterialsChecklist, yc_materials_checklist, YC, MATERIALS_CHECKLIST,
                      GtkWidget)

GtkWidget *yc_materials_checklist_new                   (void);

/* One row per material of @item (NULL: none), each missing until the clerk marks it. */
void       yc_materials_checklist_set_item              (YcMaterialsChecklist *self,
                                                         YcServiceItem        *item);
/* A returning applicant: the materials of @item with their recorded state (@case_materials,
 * YcCaseMaterial); only those whose ids are in @asked_ids (what the one-time notice listed)
 * can be changed, the others are shown as handled, with the reason (D8). */
void       yc_materials_checklist_set_case              (YcMaterialsChecklist *self,
                                                         YcServiceItem        *item,
                                                         GPtrArray            *case_materials,
                                                         GStrv                 asked_ids);

/* Every material that can be changed to @state ("received", "missing" or "defective"). */
void       yc_materials_checklist_set_all               (YcMaterialsChecklist *self,
                                                         const char           *state);
/* Back to the states set_item or set_case started with; notes cleared. */
void       yc_materials_checklist_reset                 (YcMaterialsChecklist *self);

/* Sets the state of the material @material_id; FALSE if there is none or it cannot be
 * changed (D8). */
gboolean   yc_materials_checklist_set_state             (YcMaterialsChecklist *self,
                                                         const char           *material_id,
                                                         const char           *state);
const char *yc_materials_checklist_get_state            (YcMaterialsChecklist *self,
                                                         const char           *material_id);

/* Every material to be corrected has a note saying what must be corrected. */
gboolean   yc_materials_checklist_get_ready             (YcMaterialsChecklist *self);
/* No mandatory material that can be changed is missing or defective. */
gboolean   yc_materials_checklist_get_complete          (YcMaterialsChecklist *self);

/* All materials (YcCaseMaterial) in the item's order; empty notes are NULL. */
GPtrArray *yc_materials_checklist_dup_materials         (YcMaterialsChecklist *self);
/* The missing and defective ones with their notes, in the item's order: what a one-time
 * notice lists. */
GPtrArray *yc_materials_checklist_dup_problem_materials (YcMaterialsChecklist *self);

/* The running summary as shown ("3 received, 1 missing, …"). */
const char *yc_materials_checklist_get_summary          (YcMaterialsChecklist *self);

G_END_DECLS
