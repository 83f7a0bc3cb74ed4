/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-outcome-chooser"

#include "config.h"

#include "yc-outcome-chooser.h"

#define N_OUTCOMES 4

struct _YcOutcomeChooser
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *main_box;
  GtkCheckButton *outcome_accepted;
  GtkCheckButton *outcome_instant;
  GtkCheckButton *outcome_incomplete;
  GtkCheckButton *outcome_refused;
  GtkRevealer    *refusal_revealer;
  GtkEntry       *refusal_reason;
  GtkEntry       *refusal_basis;
};

G_DEFINE_FINAL_TYPE (YcOutcomeChooser, yc_outcome_chooser, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The outcomes in the order of their buttons and mnemonics. */
static const char *outcomes[N_OUTCOMES] = { "accepted", "instant", "incomplete", "refused" };

static GtkCheckButton *
button_for (YcOutcomeChooser *self,
            guint             index)
{
  GtkCheckButton *buttons[N_OUTCOMES] = { self->outcome_accepted, self->outcome_instant,
                                          self->outcome_incomplete, self->outcome_refused };

  return buttons[index];
}

static char *
trimmed_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
on_changed_cb (YcOutcomeChooser *self)
{
  gtk_revealer_set_reveal_child (self->refusal_revealer,
                                 gtk_check_button_get_active (self->outcome_refused));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
yc_outcome_chooser_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_OUTCOME_CHOOSER);

  G_OBJECT_CLASS (yc_outcome_chooser_parent_class)->dispose (object);
}

static void
yc_outcome_chooser_class_init (YcOutcomeChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_outcome_chooser_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-outcome-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, main_box);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, outcome_accepted);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, outcome_instant);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, outcome_incomplete);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, outcome_refused);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, refusal_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, refusal_reason);
  gtk_widget_class_bind_template_child (widget_class, YcOutcomeChooser, refusal_basis);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_outcome_chooser_init (YcOutcomeChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_outcome_chooser_new (void)
{
  return g_object_new (YC_TYPE_OUTCOME_CHOOSER, NULL);
}

const char *
yc_outcome_chooser_get_outcome (YcOutcomeChooser *self)
{
  g_return_val_if_fail (YC_IS_OUTCOME_CHOOSER (self), NULL);

  for (guint i = 0; i < N_OUTCOMES; i++)
    if (gtk_check_button_get_active (button_for (self, i)))
      return outcomes[i];
  return NULL;
}

void
yc_outcome_chooser_set_outcome (YcOutcomeChooser *self,
                                const char       *outcome)
{
  g_return_if_fail (YC_IS_OUTCOME_CHOOSER (self));

  for (guint i = 0; i < N_OUTCOMES; i++)
    gtk_check_button_set_active (button_for (self, i), g_strcmp0 (outcome, outcomes[i]) == 0);
}

void
yc_outcome_chooser_set_instant_allowed (YcOutcomeChooser *self,
                                        gboolean          allowed)
{
  g_return_if_fail (YC_IS_OUTCOME_CHOOSER (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->outcome_instant), allowed);
}

char *
yc_outcome_chooser_dup_refusal_reason (YcOutcomeChooser *self)
{
  g_return_val_if_fail (YC_IS_OUTCOME_CHOOSER (self), NULL);

  return trimmed_text (self->refusal_reason);
}

char *
yc_outcome_chooser_dup_refusal_basis (YcOutcomeChooser *self)
{
  g_return_val_if_fail (YC_IS_OUTCOME_CHOOSER (self), NULL);

  return trimmed_text (self->refusal_basis);
}

void
yc_outcome_chooser_reset (YcOutcomeChooser *self)
{
  g_return_if_fail (YC_IS_OUTCOME_CHOOSER (self));

  yc_outcome_chooser_set_outcome (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->refusal_reason), "");
  gtk_editable_set_text (GTK_EDITABLE (self->refusal_basis), "");
}
