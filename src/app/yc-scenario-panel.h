/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-scenario-panel.h: the side panel of a training window that shows the guided scenarios
 * (YcScenarioRunner): the list to choose from, then the steps of the one running, each ticked
 * as the application sees it done, the current one with what to do and, where the step has
 * one, its button (e.g. stopping the training server). */
#pragma once

#include <gtk/gtk.h>

#include "yc-scenario-runner.h"

G_BEGIN_DECLS

#define YC_TYPE_SCENARIO_PANEL (yc_scenario_panel_get_type ())
G_DECLARE_FINAL_TYPE (YcScenarioPanel, yc_scenario_panel, YC, SCENARIO_PANEL, GtkWidget)

GtkWidget        *yc_scenario_panel_new        (void);
void              yc_scenario_panel_set_runner (YcScenarioPanel  *self,
                                                YcScenarioRunner *runner);
YcScenarioRunner *yc_scenario_panel_get_runner (YcScenarioPanel  *self);
/* Move the keyboard focus into the panel: the current step's button, else its first control. */
void              yc_scenario_panel_focus      (YcScenarioPanel  *self);

G_END_DECLS
