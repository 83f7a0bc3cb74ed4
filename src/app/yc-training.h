/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-training.h: training mode of the application (`yichuang --training`).
 *
 * It owns the demo server the run starts as its child (YcTrainingServer), points the
 * workstation of the training profile at it, signs in as a demo account (clerk.li first; the
 * demo password is published), and gives the trainer the app actions
 *   app.training-sign-in-as(s)  sign out and in again as another demo account
 *   app.training-reset          ask, then app.training-reset-now
 *   app.training-reset-now      stop the server, wipe the training profile, start again
 *   app.training-restart        start again after a failure
 *   app.training-server-stop    the network drill: stop the server (the workstation keeps its
 *                               address, so it goes offline as when the network drops)
 *   app.training-server-start   start it again on the same address: the outbox syncs
 * It shows what is going on in the training banner of every window. It tells the application
 * which server the workstation should use (:server-url, "" for none) and when to drop and open
 * the workstation again (::close-workstation, ::open-workstation). */
#pragma once

#include <adwaita.h>

#include "yc-scenario-runner.h"
#include "yc-workstation.h"

G_BEGIN_DECLS

#define YC_TRAINING_DEMO_PASSWORD "yichuang-demo"
#define YC_TRAINING_FIRST_ACCOUNT "clerk.li"

#define YC_TYPE_TRAINING (yc_training_get_type ())
G_DECLARE_FINAL_TYPE (YcTraining, yc_training, YC, TRAINING, GObject)

/* Adds the actions to @application (which it does not keep a reference to). */
YcTraining *yc_training_new              (GtkApplication *application);
/* Start the server if it is not running or starting. */
void        yc_training_start            (YcTraining    *self);
/* The application opened (or dropped, NULL) the workstation of the training profile. */
void        yc_training_set_workstation  (YcTraining    *self,
                                          YcWorkstation *workstation);
/* Show the current state in every window's banner (after a window is made). */
void        yc_training_update_banners   (YcTraining    *self);
/* The application quits: stop the server now. */
void        yc_training_shutdown         (YcTraining    *self);
/* The guided scenarios (YcScenarioRunner), for the windows' scenario panels. */
YcScenarioRunner *yc_training_get_scenario_runner (YcTraining *self);
/* The server the workstation should use: the running demo server's URL, or "" for none. */
const char *yc_training_get_server_url   (YcTraining    *self);

G_END_DECLS
