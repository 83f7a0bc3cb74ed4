/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-workstation.h"

G_BEGIN_DECLS

#define YC_TYPE_APPLICATION (yc_application_get_type ())
G_DECLARE_FINAL_TYPE (YcApplication, yc_application, YC, APPLICATION, AdwApplication)

YcApplication *yc_application_new               (void);
GSettings     *yc_application_get_settings      (YcApplication *self);
/* The server address in effect: --server for this run, else the setting. May be "". */
const char    *yc_application_get_server_url    (YcApplication *self);
void           yc_application_set_server_url_override (YcApplication *self,
                                                       const char    *url);
const char    *yc_application_get_profile       (YcApplication *self);
void           yc_application_set_profile       (YcApplication *self,
                                                 const char    *profile);
gboolean       yc_application_get_training      (YcApplication *self);
/* The workstation of this profile, or NULL until its store is open. */
YcWorkstation *yc_application_get_workstation   (YcApplication *self);
/* Drop the workstation (every window lets go of it), and open it again later: a training
 * reset wipes the profile in between. */
void           yc_application_close_workstation (YcApplication *self);
void           yc_application_open_workstation  (YcApplication *self);
void           yc_application_set_training      (YcApplication *self,
                                                 gboolean       training);

/* Parse the command line (exit status 2 with a message for a bad one), then run. */
int            yc_application_main              (int            argc,
                                                 char         **argv);

/* Print "first-frame <monotonic µs>" on stdout after @window's first painted frame and quit
 * the application: the startup benchmark's probe. */
void           yc_application_probe_first_frame (GtkWindow     *window);

G_END_DECLS
