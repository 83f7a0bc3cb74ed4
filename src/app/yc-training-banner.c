/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-training-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-training-banner.h"

struct _YcTrainingBanner
{
  GtkWidget              parent_instance;

  YcTrainingBannerState  state;

  /* Template widgets */
  GtkRevealer           *revealer;
  GtkWidget             *box;
  GtkSpinner            *spinner;
  GtkLabel              *message_label;
  GtkWidget             *role_button;
  GtkWidget             *retry_button;
  GtkWidget             *start_button;
  GtkWidget             *reset_button;
  GMenuModel            *role_menu;
};

G_DEFINE_FINAL_TYPE (YcTrainingBanner, yc_training_banner, GTK_TYPE_WIDGET)

static void
yc_training_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_TRAINING_BANNER);
  G_OBJECT_CLASS (yc_training_banner_parent_class)->dispose (object);
}

static void
yc_training_banner_class_init (YcTrainingBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_training_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-training-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, box);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, spinner);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, message_label);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, role_button);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, start_button);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, reset_button);
  gtk_widget_class_bind_template_child (widget_class, YcTrainingBanner, role_menu);
  gtk_widget_class_set_css_name (widget_class, "yc-training-banner");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_training_banner_init (YcTrainingBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  yc_training_banner_set_state (self, YC_TRAINING_BANNER_STARTING,
                                _("Starting the training server…"));
}

GtkWidget *
yc_training_banner_new (void)
{
  return g_object_new (YC_TYPE_TRAINING_BANNER, NULL);
}

void
yc_training_banner_set_state (YcTrainingBanner      *self,
                              YcTrainingBannerState  state,
                              const char            *message)
{
  g_return_if_fail (YC_IS_TRAINING_BANNER (self));

  self->state = state;
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_spinner_set_spinning (self->spinner, state == YC_TRAINING_BANNER_STARTING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == YC_TRAINING_BANNER_STARTING);
  gtk_widget_set_visible (self->role_button, state == YC_TRAINING_BANNER_RUNNING);
  gtk_widget_set_visible (self->retry_button, state == YC_TRAINING_BANNER_FAILED);
  gtk_widget_set_visible (self->start_button, state == YC_TRAINING_BANNER_STOPPED);
  gtk_widget_set_visible (self->reset_button, state != YC_TRAINING_BANNER_STARTING);
  if (state == YC_TRAINING_BANNER_FAILED)
    gtk_widget_add_css_class (self->box, "failed");
  else
    gtk_widget_remove_css_class (self->box, "failed");
  if (state == YC_TRAINING_BANNER_STOPPED)
    gtk_widget_add_css_class (self->box, "stopped");
  else
    gtk_widget_remove_css_class (self->box, "stopped");
}

YcTrainingBannerState
yc_training_banner_get_state (YcTrainingBanner *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_BANNER (self), YC_TRAINING_BANNER_STARTING);
  return self->state;
}

const char *
yc_training_banner_get_message (YcTrainingBanner *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_BANNER (self), NULL);
  return gtk_label_get_text (self->message_label);
}

GMenuModel *
yc_training_banner_get_role_menu (YcTrainingBanner *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_BANNER (self), NULL);
  return self->role_menu;
}
