/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-connection-indicator.h"
#include "yc-scenario-panel.h"
#include "yc-training-banner.h"
#include "yc-workstation.h"

G_BEGIN_DECLS

#define YC_TYPE_WINDOW (yc_window_get_type ())
G_DECLARE_FINAL_TYPE (YcWindow, yc_window, YC, WINDOW, AdwApplicationWindow)

/* @settings: the application's settings (window size, server address, CA file). @server_url:
 * the address in effect for this run (shown on the first-run page). @training: mark the
 * window as a training window. */
YcWindow              *yc_window_new                      (GtkApplication *application,
                                                           GSettings      *settings,
                                                           const char     *server_url,
                                                           gboolean        training);
YcConnectionIndicator *yc_window_get_connection_indicator (YcWindow      *self);
/* The workstation this window works on (NULL while it is being opened). */
void                   yc_window_set_workstation          (YcWindow      *self,
                                                           YcWorkstation *workstation);
/* The local data could not be opened: say why, in place of everything else. */
void                   yc_window_show_broken              (YcWindow      *self,
                                                           const char    *message);
/* Add a screen to the navigation, shown while someone is signed in. */
void                   yc_window_add_page                 (YcWindow      *self,
                                                           const char    *name,
                                                           const char    *title,
                                                           GtkWidget     *page);
/* The name of the top-level view now: "loading", "setup", "signed-out", "broken" or "work". */
const char            *yc_window_get_view                 (YcWindow      *self);
/* Show the page @name ("intake", "letters", "handoffs", "sync") once signed in. */
gboolean               yc_window_show_page                (YcWindow      *self,
                                                           const char    *name);
/* Bring the window up on handoff @handoff_id (a desktop notification was clicked). */
void                   yc_window_show_handoff             (YcWindow      *self,
                                                           const char    *handoff_id);
/* The training banner (shown only in a training window), or NULL in a real one. */
YcTrainingBanner      *yc_window_get_training_banner      (YcWindow      *self);
/* The stack of the pages (named as for yc_window_show_page()). */
GtkStack              *yc_window_get_pages                (YcWindow      *self);
/* Training: the scenarios shown in the window's side panel (F9, win.show-scenarios). */
void                   yc_window_set_scenario_runner      (YcWindow         *self,
                                                           YcScenarioRunner *runner);
YcScenarioPanel       *yc_window_get_scenario_panel       (YcWindow      *self);
void                   yc_window_set_scenarios_shown      (YcWindow      *self,
                                                           gboolean       shown);
/* The window's cancellable: cancelled when the window goes away. */
GCancellable          *yc_window_get_cancellable          (YcWindow      *self);

G_END_DECLS
