/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-evaluation-form"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-evaluation-form.h"

#define N_RATINGS 5

struct _YcEvaluationForm
{
  GtkWidget  parent_instance;

  YcStore   *store;
  char      *case_id;
  gboolean   busy;
  gboolean   recorded;
  GtkWidget *rating_buttons[N_RATINGS]; /* best first */

  /* Template widgets */
  GtkWidget *main_box;
  GtkBox    *rating_box;
  GtkEntry  *rating_comment;
  GtkLabel  *evaluation_label;
};

G_DEFINE_FINAL_TYPE (YcEvaluationForm, yc_evaluation_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_action (YcEvaluationForm *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluation.record",
                                 self->case_id != NULL && !self->recorded && !self->busy);
}

static void
set_busy (YcEvaluationForm *self,
          gboolean          busy)
{
  self->busy = busy;
  update_action (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef struct {
  YcEvaluationForm *self;
  char             *case_id;
} RecordJob;

static void
on_recorded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RecordJob *job = user_data;
  g_autoptr(YcEvaluationForm) self = job->self;
  g_autofree char *case_id = job->case_id;
  g_autoptr(GError) error = NULL;
  gboolean saved = yc_store_record_evaluation_finish (YC_STORE (source), result, &error);

  g_free (job);
  /* The clerk went on to another visit meanwhile: nothing here is about this case. */
  if (g_strcmp0 (case_id, self->case_id) != 0)
    {
      set_busy (self, FALSE);
      return;
    }
  if (!saved)
    {
      g_autofree char *message = g_strdup_printf (_("The evaluation was not saved: %s"),
                                                  error->message);

      gtk_label_set_text (self->evaluation_label, message);
      set_busy (self, FALSE);
      return;
    }
  self->recorded = TRUE;
  gtk_label_set_text (self->evaluation_label, _("The evaluation is recorded. Thank the applicant."));
  set_busy (self, FALSE);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcEvaluationForm *self = YC_EVALUATION_FORM (widget);
  g_autofree char *comment = NULL;
  RecordJob *job;
  int rating = 0;

  if (self->case_id == NULL || self->busy || self->recorded)
    return;
  for (guint i = 0; i < N_RATINGS; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->rating_buttons[i])))
      rating = N_RATINGS - (int) i;
  if (rating == 0)
    {
      gtk_label_set_text (self->evaluation_label, _("Choose the applicant’s rating first."));
      gtk_widget_grab_focus (self->rating_buttons[0]);
      return;
    }
  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rating_comment))));
  job = g_new0 (RecordJob, 1);
  job->self = g_object_ref (self);
  job->case_id = g_strdup (self->case_id);
  set_busy (self, TRUE);
  yc_store_record_evaluation_async (self->store, self->case_id, rating,
                                    *comment != '\0' ? comment : NULL, NULL, on_recorded_cb,
                                    job);
}

static void
build_ratings (YcEvaluationForm *self)
{
  /* Five levels, best first, each with its digit as mnemonic. */
  const char *labels[N_RATINGS] = {
    N_("_5 Very satisfied"),
    N_("_4 Satisfied"),
    N_("_3 Basically satisfied"),
    N_("_2 Dissatisfied"),
    N_("_1 Very dissatisfied"),
  };

  for (guint i = 0; i < N_RATINGS; i++)
    {
      GtkWidget *button = gtk_check_button_new_with_mnemonic (_(labels[i]));

      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button),
                                    GTK_CHECK_BUTTON (self->rating_buttons[0]));
      self->rating_buttons[i] = button;
      gtk_box_append (self->rating_box, button);
    }
}

/* ------------------------------------------------------------------ GObject */

static gboolean
yc_evaluation_form_grab_focus (GtkWidget *widget)
{
  YcEvaluationForm *self = YC_EVALUATION_FORM (widget);

  return gtk_widget_grab_focus (self->rating_buttons[N_RATINGS - 1]);
}

static void
yc_evaluation_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcEvaluationForm *self = YC_EVALUATION_FORM (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_evaluation_form_dispose (GObject *object)
{
  YcEvaluationForm *self = YC_EVALUATION_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_EVALUATION_FORM);
  g_clear_object (&self->store);
  g_clear_pointer (&self->case_id, g_free);

  G_OBJECT_CLASS (yc_evaluation_form_parent_class)->dispose (object);
}

static void
yc_evaluation_form_class_init (YcEvaluationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_evaluation_form_dispose;
  object_class->get_property = yc_evaluation_form_get_property;
  widget_class->grab_focus = yc_evaluation_form_grab_focus;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-evaluation-form.ui");
  gtk_widget_class_bind_template_child (widget_class, YcEvaluationForm, main_box);
  gtk_widget_class_bind_template_child (widget_class, YcEvaluationForm, rating_box);
  gtk_widget_class_bind_template_child (widget_class, YcEvaluationForm, rating_comment);
  gtk_widget_class_bind_template_child (widget_class, YcEvaluationForm, evaluation_label);

  gtk_widget_class_install_action (widget_class, "evaluation.record", NULL, record_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_evaluation_form_init (YcEvaluationForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_ratings (self);
  update_action (self);
}

GtkWidget *
yc_evaluation_form_new (void)
{
  return g_object_new (YC_TYPE_EVALUATION_FORM, NULL);
}

void
yc_evaluation_form_set_store (YcEvaluationForm *self,
                              YcStore          *store)
{
  g_return_if_fail (YC_IS_EVALUATION_FORM (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
yc_evaluation_form_set_case_id (YcEvaluationForm *self,
                                const char       *case_id)
{
  g_return_if_fail (YC_IS_EVALUATION_FORM (self));

  if (g_strcmp0 (case_id, self->case_id) == 0)
    return;
  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  self->recorded = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->rating_comment), "");
  gtk_label_set_text (self->evaluation_label, "");
  for (guint i = 0; i < N_RATINGS; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->rating_buttons[i]), FALSE);
  update_action (self);
}

gboolean
yc_evaluation_form_get_busy (YcEvaluationForm *self)
{
  g_return_val_if_fail (YC_IS_EVALUATION_FORM (self), FALSE);

  return self->busy;
}

gboolean
yc_evaluation_form_get_recorded (YcEvaluationForm *self)
{
  g_return_val_if_fail (YC_IS_EVALUATION_FORM (self), FALSE);

  return self->recorded;
}
