/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  YC_CONNECTION_UNCONFIGURED, /* no server address yet */
  YC_CONNECTION_SIGNED_OUT,   /* a server is set, nobody is signed in */
  YC_CONNECTION_OFFLINE,      /* signed in, the server cannot be reached */
  YC_CONNECTION_SYNCING,      /* sending waiting changes */
  YC_CONNECTION_ONLINE,       /* connected, nothing waiting */
} YcConnectionState;

#define YC_TYPE_CONNECTION_STATE (yc_connection_state_get_type ())
GType yc_connection_state_get_type (void);

#define YC_TYPE_CONNECTION_INDICATOR (yc_connection_indicator_get_type ())
G_DECLARE_FINAL_TYPE (YcConnectionIndicator, yc_connection_indicator, YC, CONNECTION_INDICATOR, GtkWidget)

GtkWidget         *yc_connection_indicator_new          (void);
YcConnectionState  yc_connection_indicator_get_state    (YcConnectionIndicator *self);
void               yc_connection_indicator_set_state    (YcConnectionIndicator *self,
                                                         YcConnectionState      state);
guint              yc_connection_indicator_get_pending  (YcConnectionIndicator *self);
void               yc_connection_indicator_set_pending  (YcConnectionIndicator *self,
                                                         guint                  pending);
guint              yc_connection_indicator_get_attention (YcConnectionIndicator *self);
void               yc_connection_indicator_set_attention (YcConnectionIndicator *self,
                                                          guint                  attention);
/* The text the indicator shows now (for tests and accessibility). */
const char        *yc_connection_indicator_get_text     (YcConnectionIndicator *self);

G_END_DECLS
