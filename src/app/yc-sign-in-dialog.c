/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-sign-in-dialog.h"

struct _YcSignInDialog
{
  AdwWindow     parent_instance;

  YcSession    *session;
  GCancellable *cancellable;
  gboolean      busy;

  /* Template widgets */
  GtkLabel     *notice_label;
  AdwEntryRow  *username_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkLabel     *server_label;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (YcSignInDialog, yc_sign_in_dialog, ADW_TYPE_WINDOW)

static void
show_error (YcSignInDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (YcSignInDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit", !busy);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_session_sign_in_finish (YC_SESSION (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Clear the password first: editing a field hides the last error. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      set_busy (self, FALSE);
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  set_busy (self, FALSE);
  gtk_window_close (GTK_WINDOW (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcSignInDialog *self = YC_SIGN_IN_DIALOG (widget);
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy)
    return;

  if (*username == '\0')
    {
      show_error (self, _("Enter your username."));
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  yc_session_sign_in_async (self->session, username, password, self->cancellable,
                            on_signed_in_cb, g_object_ref (self));
}

static void
on_username_row_activated_cb (YcSignInDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_row_activated_cb (YcSignInDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
on_field_changed_cb (YcSignInDialog *self)
{
  if (!self->busy)
    show_error (self, NULL);
}

static void
yc_sign_in_dialog_dispose (GObject *object)
{
  YcSignInDialog *self = YC_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (yc_sign_in_dialog_parent_class)->dispose (object);
}

static void
yc_sign_in_dialog_finalize (GObject *object)
{
  YcSignInDialog *self = YC_SIGN_IN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yc_sign_in_dialog_parent_class)->finalize (object);
}

static void
yc_sign_in_dialog_class_init (YcSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sign_in_dialog_dispose;
  object_class->finalize = yc_sign_in_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, server_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_username_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_sign_in_dialog_init (YcSignInDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

YcSignInDialog *
yc_sign_in_dialog_new (YcSession *session,
                       GtkWindow *parent)
{
  YcSignInDialog *self;
  g_autofree char *last = NULL;
  g_autofree char *server = NULL;

  g_return_val_if_fail (YC_IS_SESSION (session), NULL);

  self = g_object_new (YC_TYPE_SIGN_IN_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);

  server = g_strdup_printf (_("Server: %s"), yc_http_get_base_url (yc_session_get_http (session)));
  gtk_label_set_text (self->server_label, server);

  last = yc_session_dup_last_username (session);
  yc_sign_in_dialog_set_username (self, last);
  yc_sign_in_dialog_set_notice (self, yc_session_get_notice (session));
  return self;
}

void
yc_sign_in_dialog_set_username (YcSignInDialog *self,
                                const char     *username)
{
  g_return_if_fail (YC_IS_SIGN_IN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username != NULL ? username : "");
  gtk_widget_grab_focus (GTK_WIDGET (username != NULL && *username != '\0'
                                     ? self->password_row : self->username_row));
}

void
yc_sign_in_dialog_set_notice (YcSignInDialog *self,
                              const char     *notice)
{
  g_return_if_fail (YC_IS_SIGN_IN_DIALOG (self));

  gtk_label_set_text (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

const char *
yc_sign_in_dialog_get_error (YcSignInDialog *self)
{
  g_return_val_if_fail (YC_IS_SIGN_IN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
yc_sign_in_dialog_submit (YcSignInDialog *self,
                          const char     *username,
                          const char     *password)
{
  g_return_if_fail (YC_IS_SIGN_IN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}
