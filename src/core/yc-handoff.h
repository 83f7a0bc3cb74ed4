/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-handoff.h: a handoff of cases or a visitor from one holder to another (D12). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_HANDOFF (yc_handoff_get_type ())
G_DECLARE_FINAL_TYPE (YcHandoff, yc_handoff, YC, HANDOFF, GObject)

YcHandoff *yc_handoff_new (void);
/* Type-checks every member present; a wrong type fails with G_IO_ERROR_INVALID_DATA
 * naming the field (see yc_record_error_dup_field). Missing members stay unset. */
YcHandoff *yc_handoff_new_from_json (JsonObject  *object,
                                      GError     **error);
JsonNode *yc_handoff_to_json (YcHandoff *self);

const char         *yc_handoff_get_id                 (YcHandoff *self);
const char         *yc_handoff_get_kind               (YcHandoff *self);
const char         *yc_handoff_get_from_staff_id      (YcHandoff *self);
const char         *yc_handoff_get_from_department_id (YcHandoff *self);
const char         *yc_handoff_get_to_staff_id        (YcHandoff *self);
const char         *yc_handoff_get_to_department_id   (YcHandoff *self);
const char * const *yc_handoff_get_case_ids           (YcHandoff *self);
const char         *yc_handoff_get_reason             (YcHandoff *self);
const char         *yc_handoff_get_state              (YcHandoff *self);
const char         *yc_handoff_get_requested_by       (YcHandoff *self);
const char         *yc_handoff_get_requested_at       (YcHandoff *self);
const char         *yc_handoff_get_decided_by         (YcHandoff *self);
const char         *yc_handoff_get_decided_at         (YcHandoff *self);
const char         *yc_handoff_get_decision_comment   (YcHandoff *self);
const char         *yc_handoff_get_received_by        (YcHandoff *self);
const char         *yc_handoff_get_received_at        (YcHandoff *self);
/* A receiving department's answer to a parallel handoff (并联审批): "agree", "disagree" or
 * "agree_forward" (同意但需转报); NULL until answered. */
const char         *yc_handoff_get_answer             (YcHandoff *self);
const char         *yc_handoff_get_answered_by        (YcHandoff *self);
const char         *yc_handoff_get_answered_at        (YcHandoff *self);
const char         *yc_handoff_get_answer_comment     (YcHandoff *self);

G_END_DECLS
