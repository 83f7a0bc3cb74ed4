/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-application.h"
#include "yc-connection-indicator.h"

G_BEGIN_DECLS

#define YC_TYPE_WINDOW (yc_window_get_type ())
G_DECLARE_FINAL_TYPE (YcWindow, yc_window, YC, WINDOW, AdwApplicationWindow)

YcWindow              *yc_window_new                      (YcApplication *application);
YcConnectionIndicator *yc_window_get_connection_indicator (YcWindow      *self);
/* Add a screen to the navigation. The first one replaces the welcome page. */
void                   yc_window_add_page                 (YcWindow      *self,
                                                           const char    *name,
                                                           const char    *title,
                                                           GtkWidget     *page);
/* The window's cancellable: cancelled when the window goes away. */
GCancellable          *yc_window_get_cancellable          (YcWindow      *self);

G_END_DECLS
