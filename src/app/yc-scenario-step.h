/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-scenario-step.h: one step of a training scenario (YcScenario), as written in
 * the files of data/training/.
 *
 * A step says what the trainer does (:title, :instructions) and how the application knows it
 * is done (:check with its :argument, :kind and :any-case; YcScenarioRunner reads the real
 * state: who is signed in, the page shown, the cases, letters and handoffs in the store, the
 * training server). It may offer one button in the scenario panel (:action-label firing
 * :action-name with :action-target, a GVariant in text form), e.g. stopping the server. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TYPE_SCENARIO_STEP (yc_scenario_step_get_type ())
G_DECLARE_FINAL_TYPE (YcScenarioStep, yc_scenario_step, YC, SCENARIO_STEP, GObject)

const char *yc_scenario_step_get_title         (YcScenarioStep *self);
const char *yc_scenario_step_get_instructions  (YcScenarioStep *self);
const char *yc_scenario_step_get_check         (YcScenarioStep *self);
const char *yc_scenario_step_get_argument      (YcScenarioStep *self);
const char *yc_scenario_step_get_kind          (YcScenarioStep *self);
gboolean    yc_scenario_step_get_any_case      (YcScenarioStep *self);
const char *yc_scenario_step_get_action_name   (YcScenarioStep *self);
/* The action's target parsed, or NULL for none (or one that does not parse). */
GVariant   *yc_scenario_step_dup_action_target (YcScenarioStep *self);
const char *yc_scenario_step_get_action_label  (YcScenarioStep *self);

G_END_DECLS
