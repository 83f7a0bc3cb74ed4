/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-case.h: an application taken in at a window (受理), with its applicant, agent and material review. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The applicant (kind "person" or "organisation") or the agent (kind, credit_code and
 * legal_representative unused). id_type is "resident_id" (checked, GB 11643), "passport",
 * "hk_macao_permit", "taiwan_permit" or "other" (not checked here: see yc_party_id_type_is_known). */
typedef struct {
  char *kind;
  char *name;
  char *id_type;
  char *id_number;
  char *credit_code;
  char *phone;
  char *legal_representative;
} YcParty;

#define YC_TYPE_PARTY (yc_party_get_type ())
GType       yc_party_get_type (void) G_GNUC_CONST;
YcParty    *yc_party_new      (void);
YcParty    *yc_party_copy     (const YcParty *party);
void        yc_party_free     (YcParty       *party);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcParty, yc_party_free)
/* One of the id_type values above (the list the server accepts). */
gboolean    yc_party_id_type_is_known (const char *id_type);

/* One material of the case with its review state: "received", "missing" or "defective". */
typedef struct {
  char *material_id;
  char *name;
  char *state;
  char *note;
} YcCaseMaterial;

#define YC_TYPE_CASE_MATERIAL (yc_case_material_get_type ())
GType           yc_case_material_get_type (void) G_GNUC_CONST;
YcCaseMaterial *yc_case_material_new      (const char           *material_id,
                                           const char           *name,
                                           const char           *state,
                                           const char           *note);
YcCaseMaterial *yc_case_material_copy     (const YcCaseMaterial *material);
void            yc_case_material_free     (YcCaseMaterial       *material);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseMaterial, yc_case_material_free)

#define YC_TYPE_CASE (yc_case_get_type ())
G_DECLARE_FINAL_TYPE (YcCase, yc_case, YC, CASE, GObject)

YcCase *yc_case_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcCase *yc_case_new_from_json (JsonObject  *object,
                                GError     **error);
JsonNode *yc_case_to_json (YcCase *self);

const char         *yc_case_get_id                 (YcCase *self);
const char         *yc_case_get_number             (YcCase *self);
const char         *yc_case_get_service_item       (YcCase *self);
const char         *yc_case_get_service_item_name  (YcCase *self);
const char         *yc_case_get_department_id      (YcCase *self);
const char         *yc_case_get_outcome            (YcCase *self);
const char         *yc_case_get_status             (YcCase *self);
const char         *yc_case_get_refusal_reason     (YcCase *self);
const char         *yc_case_get_refusal_basis      (YcCase *self);
const char         *yc_case_get_received_at        (YcCase *self);
const char         *yc_case_get_accepted_on        (YcCase *self);
const char         *yc_case_get_due_date           (YcCase *self);
const char         *yc_case_get_completed_at       (YcCase *self);
const char         *yc_case_get_result             (YcCase *self);
const char         *yc_case_get_holder_id          (YcCase *self);
const char         *yc_case_get_window_id          (YcCase *self);
const char         *yc_case_get_workstation        (YcCase *self);
const char         *yc_case_get_created_by         (YcCase *self);
const char         *yc_case_get_id_override_reason (YcCase *self);
const char         *yc_case_get_created_at         (YcCase *self);
const char         *yc_case_get_updated_at         (YcCase *self);

/* The applicant; NULL only for a case read from JSON without one. */
const YcParty       *yc_case_get_applicant (YcCase        *self);
void                 yc_case_set_applicant (YcCase        *self,
                                            const YcParty *applicant);
/* The agent, or NULL when the applicant came in person. */
const YcParty       *yc_case_get_agent     (YcCase        *self);
void                 yc_case_set_agent     (YcCase        *self,
                                            const YcParty *agent);
/* The materials (YcCaseMaterial); never NULL. */
GPtrArray           *yc_case_get_materials (YcCase        *self);
void                 yc_case_set_materials (YcCase        *self,
                                            GPtrArray     *materials);
/* Replace the applicant's and the agent's ID numbers by their masked form (D14). */
void                 yc_case_mask_id_numbers (YcCase      *self);

G_END_DECLS
