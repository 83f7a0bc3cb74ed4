/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-scenario-runner.h: follows the trainer through one training scenario (YcScenario).
 *
 * The runner watches the real application: the workstation's session and store, the window's
 * pages and the training server. Whenever one of them moves it checks the current step, and
 * moves on as long as the step it is on holds. A step's :check is one of
 *   signed-in      :argument is signed in (a demo account's user name)
 *   page           the window shows page :argument ("intake", "letters", "handoffs", "sync")
 *   intake-stage   the Intake page is at stage :argument ("inquiry", "visit", "done", …)
 *   intake-case    the Intake page has open a returning applicant's case whose status is
 *                  :argument; it becomes the scenario's case
 *   held-cases     the person signed in holds at least one open case
 *   case-status    the scenario's case has status :argument; with no case yet, the newest case
 *                  made since the scenario started that has it (with :any-case, the newest
 *                  such case the person signed in holds) becomes the scenario's case
 *   case-sync      the scenario's case is "pending" (waits in the outbox) or "synced"
 *   letter         a letter of kind :argument was issued since the scenario started, for the
 *                  scenario's case if it has one; it becomes the scenario's letter
 *   letter-printed the scenario's letter was printed
 *   handoff        the scenario's handoff is in state :argument; with none yet, a handoff of
 *                  kind :kind made since the scenario started that is, becomes it
 *   server         the training server is "running" or "stopped"
 * Records "made since the scenario started" are those the store reports changed after it did
 * (and, for handoffs, which it did not hold before). */
#pragma once

#include <gtk/gtk.h>

#include "yc-scenario.h"
#include "yc-workstation.h"

G_BEGIN_DECLS

#define YC_TYPE_SCENARIO_RUNNER (yc_scenario_runner_get_type ())
G_DECLARE_FINAL_TYPE (YcScenarioRunner, yc_scenario_runner, YC, SCENARIO_RUNNER, GObject)

/* @application: the application the scenarios run in (not kept). */
YcScenarioRunner *yc_scenario_runner_new                (GtkApplication   *application);
/* Whether @check is one the runner knows (a scenario file with another is a mistake). */
gboolean          yc_scenario_runner_knows_check        (const char       *check);

/* Every scenario, loaded once (YcScenario). */
GListModel       *yc_scenario_runner_get_scenarios      (YcScenarioRunner *self);
YcScenario       *yc_scenario_runner_find_scenario      (YcScenarioRunner *self,
                                                         const char       *id);

void              yc_scenario_runner_set_workstation    (YcScenarioRunner *self,
                                                         YcWorkstation    *workstation);
/* The stack of the window's pages (named "intake", "letters", …) the page checks look at. */
void              yc_scenario_runner_set_pages          (YcScenarioRunner *self,
                                                         GtkStack         *pages);
void              yc_scenario_runner_set_server_running (YcScenarioRunner *self,
                                                         gboolean          running);

/* Start @scenario from its first step (NULL: leave the one running). Notifies "scenario". */
void              yc_scenario_runner_start              (YcScenarioRunner *self,
                                                         YcScenario       *scenario);
YcScenario       *yc_scenario_runner_get_scenario       (YcScenarioRunner *self);
/* The step the trainer is on; the number of steps once every one is done. Notifies "step". */
guint             yc_scenario_runner_get_step           (YcScenarioRunner *self);
gboolean          yc_scenario_runner_get_complete       (YcScenarioRunner *self);
/* What the scenario has found so far, for the panel: a case number, or NULL. */
const char       *yc_scenario_runner_get_case_number    (YcScenarioRunner *self);
/* Check the current step again now (the runner does so by itself on every change it sees). */
void              yc_scenario_runner_check              (YcScenarioRunner *self);

G_END_DECLS
