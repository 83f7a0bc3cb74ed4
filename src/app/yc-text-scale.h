/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-text-scale.h: presenter mode, a larger text for projectors (Ctrl+plus, Ctrl+minus,
 * Ctrl+0). It scales GtkSettings:gtk-xft-dpi, so every window, dialog and popover follows, and
 * remembers the scale per profile (the setting text-scales). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TYPE_TEXT_SCALE (yc_text_scale_get_type ())
G_DECLARE_FINAL_TYPE (YcTextScale, yc_text_scale, YC, TEXT_SCALE, GObject)

/* Reads the scale remembered for @profile; call yc_text_scale_apply() once a display is
 * open. */
YcTextScale *yc_text_scale_new       (GSettings   *settings,
                                      const char  *profile);
void         yc_text_scale_apply     (YcTextScale *self);
/* One step larger (1), smaller (-1), or back to normal (0); applied and remembered. */
void         yc_text_scale_step      (YcTextScale *self,
                                      int          direction);
double       yc_text_scale_get_scale (YcTextScale *self);

G_END_DECLS
