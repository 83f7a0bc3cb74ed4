/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-inquiry-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-inquiry-form.h"
#include "yc-validate.h"

struct _YcInquiryForm
{
  GtkWidget     parent_instance;

  YcStore      *store;
  GListStore   *windows;        /* YcServiceWindow, as the drop-down lists them */
  gboolean      saving;

  /* Template widgets */
  GtkWidget    *scroller;
  GtkEntry     *visitor_name;
  GtkEntry     *visitor_phone;
  GtkEntry     *question;
  GtkLabel     *inquiry_message;
  GtkDropDown  *window_dropdown;
};

G_DEFINE_FINAL_TYPE (YcInquiryForm, yc_inquiry_form, GTK_TYPE_WIDGET)

enum {
  OUTCOME_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
trimmed_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
set_saving (YcInquiryForm *self,
            gboolean       saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.answered", !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.guided", !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inquiry.apply", !saving);
}

static void
load_windows (YcInquiryForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) windows = yc_store_list_windows (self->store, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *mine = NULL;
  YcStaff *staff = yc_store_get_staff (self->store);

  if (staff != NULL)
    mine = g_strdup (yc_staff_get_window_id (staff));
  g_clear_object (&staff);
  g_list_store_remove_all (self->windows);
  if (windows == NULL)
    {
      g_warning ("Cannot list the windows: %s", error->message);
      windows = g_ptr_array_new ();
    }
  for (guint i = 0; i < windows->len; i++)
    {
      YcServiceWindow *window = g_ptr_array_index (windows, i);
      g_autofree char *text = NULL;

      if (g_strcmp0 (yc_service_window_get_id (window), mine) == 0)
        continue;
      /* Translators: a window's code and name, e.g. "A03 市场监管". */
      text = g_strdup_printf (_("%s %s"), yc_service_window_get_code (window),
                              yc_service_window_get_name (window));
      gtk_string_list_append (names, text);
      g_list_store_append (self->windows, window);
    }
  gtk_drop_down_set_model (self->window_dropdown, G_LIST_MODEL (names));
}

/* A phone number that is not a mainland mobile number is pointed out as it is typed. */
static void
on_inquiry_changed_cb (YcInquiryForm *self)
{
  g_autofree char *phone = trimmed_text (self->visitor_phone);
  g_autoptr(GError) error = NULL;

  if (*phone != '\0' && !yc_validate_mobile (phone, &error))
    {
      gtk_label_set_text (self->inquiry_message, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->visitor_phone), "error");
    }
  else
    {
      gtk_label_set_text (self->inquiry_message, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->visitor_phone), "error");
    }
}

static gboolean
inquiry_is_valid (YcInquiryForm *self,
                  gboolean       need_question)
{
  g_autofree char *question = trimmed_text (self->question);

  if (gtk_widget_has_css_class (GTK_WIDGET (self->visitor_phone), "error"))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->visitor_phone));
      return FALSE;
    }
  if (need_question && *question == '\0')
    {
      gtk_label_set_text (self->inquiry_message, _("Write down what the visitor asked."));
      gtk_widget_grab_focus (GTK_WIDGET (self->question));
      return FALSE;
    }
  return TRUE;
}

static void
outcome_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcInquiryForm *self = YC_INQUIRY_FORM (widget);

  if (self->saving)
    return;
  if (g_str_equal (action_name, "inquiry.answered"))
    {
      if (inquiry_is_valid (self, TRUE))
        g_signal_emit (self, signals[OUTCOME_CHOSEN], 0, "answered", NULL);
    }
  else if (g_str_equal (action_name, "inquiry.guided"))
    {
      guint position = gtk_drop_down_get_selected (self->window_dropdown);
      g_autoptr(YcServiceWindow) window = NULL;

      if (!inquiry_is_valid (self, TRUE))
        return;
      window = g_list_model_get_item (G_LIST_MODEL (self->windows), position);
      if (window == NULL)
        {
          gtk_label_set_text (self->inquiry_message,
                              _("Choose the window to guide the visitor to."));
          gtk_widget_grab_focus (GTK_WIDGET (self->window_dropdown));
          return;
        }
      g_signal_emit (self, signals[OUTCOME_CHOSEN], 0, "guided",
                     yc_service_window_get_id (window));
    }
  /* The application: the inquiry is registered with its case once it is taken in. */
  else if (inquiry_is_valid (self, FALSE))
    g_signal_emit (self, signals[OUTCOME_CHOSEN], 0, "case", NULL);
}

static void
on_registered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcInquiryForm *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  YcInquiry *inquiry = yc_store_register_inquiry_finish (YC_STORE (source), result, &error);
  g_autofree char *message = NULL;

  set_saving (self, FALSE);
  if (inquiry != NULL)
    {
      g_task_return_pointer (task, inquiry, g_object_unref);
      return;
    }
  message = g_strdup_printf (_("The inquiry was not saved: %s"), error->message);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_label_set_text (self->inquiry_message, message);
  g_task_return_new_error (task, error->domain, error->code, "%s", message);
}

/* ------------------------------------------------------------------ GObject */

static gboolean
yc_inquiry_form_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (YC_INQUIRY_FORM (widget)->visitor_name));
}

static void
yc_inquiry_form_dispose (GObject *object)
{
  YcInquiryForm *self = YC_INQUIRY_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_INQUIRY_FORM);
  g_clear_object (&self->store);
  g_clear_object (&self->windows);

  G_OBJECT_CLASS (yc_inquiry_form_parent_class)->dispose (object);
}

static void
yc_inquiry_form_class_init (YcInquiryFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_inquiry_form_dispose;
  widget_class->grab_focus = yc_inquiry_form_grab_focus;

  /* (outcome, window id or NULL) */
  signals[OUTCOME_CHOSEN] =
    g_signal_new ("outcome-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-inquiry-form.ui");
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, visitor_name);
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, visitor_phone);
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, question);
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, inquiry_message);
  gtk_widget_class_bind_template_child (widget_class, YcInquiryForm, window_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_inquiry_changed_cb);

  gtk_widget_class_install_action (widget_class, "inquiry.answered", NULL, outcome_action);
  gtk_widget_class_install_action (widget_class, "inquiry.guided", NULL, outcome_action);
  gtk_widget_class_install_action (widget_class, "inquiry.apply", NULL, outcome_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_inquiry_form_init (YcInquiryForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->windows = g_list_store_new (YC_TYPE_SERVICE_WINDOW);
}

GtkWidget *
yc_inquiry_form_new (void)
{
  return g_object_new (YC_TYPE_INQUIRY_FORM, NULL);
}

void
yc_inquiry_form_set_store (YcInquiryForm *self,
                           YcStore       *store)
{
  g_return_if_fail (YC_IS_INQUIRY_FORM (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
yc_inquiry_form_reset (YcInquiryForm *self)
{
  g_return_if_fail (YC_IS_INQUIRY_FORM (self));
  g_return_if_fail (self->store != NULL);

  load_windows (self);
  gtk_editable_set_text (GTK_EDITABLE (self->visitor_name), "");
  gtk_editable_set_text (GTK_EDITABLE (self->visitor_phone), "");
  gtk_editable_set_text (GTK_EDITABLE (self->question), "");
  gtk_label_set_text (self->inquiry_message, "");
}

char *
yc_inquiry_form_dup_visitor_name (YcInquiryForm *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY_FORM (self), NULL);

  return trimmed_text (self->visitor_name);
}

char *
yc_inquiry_form_dup_visitor_phone (YcInquiryForm *self)
{
  g_return_val_if_fail (YC_IS_INQUIRY_FORM (self), NULL);

  return trimmed_text (self->visitor_phone);
}

void
yc_inquiry_form_register_async (YcInquiryForm       *self,
                                const char          *outcome,
                                const char          *window_id,
                                const char          *case_id,
                                const char          *question_fallback,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(YcInquiry) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;
  g_autofree char *phone = NULL;

  g_return_if_fail (YC_IS_INQUIRY_FORM (self));
  g_return_if_fail (self->store != NULL);
  g_return_if_fail (outcome != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_inquiry_form_register_async);
  name = trimmed_text (self->visitor_name);
  question = trimmed_text (self->question);
  phone = trimmed_text (self->visitor_phone);
  if (*question == '\0')
    {
      g_free (question);
      question = g_strdup (question_fallback != NULL ? question_fallback : _("Consultation"));
    }
  if (*name != '\0')
    json_object_set_string_member (object, "visitor_name", name);
  if (*phone != '\0')
    json_object_set_string_member (object, "visitor_phone", phone);
  json_object_set_string_member (object, "question", question);
  json_object_set_string_member (object, "outcome", outcome);
  if (window_id != NULL)
    json_object_set_string_member (object, "guided_to_window", window_id);
  if (case_id != NULL)
    json_object_set_string_member (object, "case_id", case_id);
  draft = yc_inquiry_new_from_json (object, &error);
  if (draft == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_saving (self, TRUE);
  yc_store_register_inquiry_async (self->store, draft, cancellable, on_registered_cb,
                                   g_steal_pointer (&task));
}

YcInquiry *
yc_inquiry_form_register_finish (YcInquiryForm  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
