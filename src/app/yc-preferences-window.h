/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YC_TYPE_PREFERENCES_WINDOW (yc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, YC, PREFERENCES_WINDOW, AdwPreferencesWindow)

YcPreferencesWindow *yc_preferences_window_new                (GSettings           *settings,
                                                               GtkWindow           *parent);
/* The message shown about the server settings now, or NULL when there is none (for tests). */
const char          *yc_preferences_window_get_server_problem (YcPreferencesWindow *self);

G_END_DECLS
