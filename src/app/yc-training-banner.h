/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-training-banner.h: the band across the top of the window in training mode (培训模式).
 *
 * It never goes away while the window is in training: it says that nothing done here is real,
 * whether the training server is starting, running or stopped (with what to do), and holds the
 * trainer's tools: the role switcher and the reset. (libadwaita 1.2 has no AdwBanner.) */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum {
  YC_TRAINING_BANNER_STARTING,
  YC_TRAINING_BANNER_RUNNING,
  YC_TRAINING_BANNER_FAILED,
  YC_TRAINING_BANNER_STOPPED,   /* the trainer stopped the server (the network drill) */
} YcTrainingBannerState;

#define YC_TYPE_TRAINING_BANNER (yc_training_banner_get_type ())
G_DECLARE_FINAL_TYPE (YcTrainingBanner, yc_training_banner, YC, TRAINING_BANNER, GtkWidget)

GtkWidget             *yc_training_banner_new         (void);
/* @message: what is happening, or for FAILED what went wrong and what to do. */
void                   yc_training_banner_set_state   (YcTrainingBanner      *self,
                                                       YcTrainingBannerState  state,
                                                       const char            *message);
YcTrainingBannerState  yc_training_banner_get_state   (YcTrainingBanner      *self);
const char            *yc_training_banner_get_message (YcTrainingBanner      *self);
/* The demo accounts (app.training-sign-in-as), for the header bar's menu too. */
GMenuModel            *yc_training_banner_get_role_menu (YcTrainingBanner    *self);

G_END_DECLS
