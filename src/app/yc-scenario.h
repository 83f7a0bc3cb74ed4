/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-scenario.h: a guided training walkthrough, written as data.
 *
 * Each scenario is a GtkBuilder file in data/training/ (compiled into the application's
 * resources under /org/yichuang/Desk/training/), so its words are translated like any
 * template's:
 *
 *   <interface>
 *     <object class="YcScenario" id="scenario">
 *       <property name="title" translatable="yes">…</property>
 *       <property name="summary" translatable="yes">…</property>
 *       <child>
 *         <object class="YcScenarioStep">
 *           <property name="title" translatable="yes">…</property>
 *           <property name="check">signed-in</property>
 *           <property name="argument">clerk.li</property>
 *         </object>
 *       </child>
 *       …
 *
 * The object with id "scenario" is the scenario; its id is the file's name without ".ui". */
#pragma once

#include <gtk/gtk.h>

#include "yc-scenario-step.h"

G_BEGIN_DECLS

#define YC_TYPE_SCENARIO (yc_scenario_get_type ())
G_DECLARE_FINAL_TYPE (YcScenario, yc_scenario, YC, SCENARIO, GObject)

/* The scenario in the resource @path, or NULL with an error. */
YcScenario     *yc_scenario_new_from_resource (const char  *path,
                                               GError     **error);
/* Every scenario under /org/yichuang/Desk/training/, in the order of their file names. A
 * file that does not load is left out with a warning. */
GPtrArray      *yc_scenario_load_all          (void);

const char     *yc_scenario_get_id            (YcScenario *self);
const char     *yc_scenario_get_title         (YcScenario *self);
const char     *yc_scenario_get_summary       (YcScenario *self);
guint           yc_scenario_get_n_steps       (YcScenario *self);
YcScenarioStep *yc_scenario_get_step          (YcScenario *self,
                                               guint       index);

G_END_DECLS
