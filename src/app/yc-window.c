/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-url.h"
#include "yc-window.h"

struct _YcWindow
{
  AdwApplicationWindow   parent_instance;

  GCancellable          *cancellable;
  gboolean               set_up;

  /* Template widgets */
  AdwHeaderBar          *header_bar;
  YcConnectionIndicator *connection_indicator;
  AdwWindowTitle        *window_title;
  GtkWidget             *training_badge;
  GtkStack              *main_stack;
  AdwStatusPage         *welcome_page;
  GtkButton             *welcome_preferences_button;
  AdwLeaflet            *leaflet;
  GtkStack              *pages;
};

G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

static YcApplication *
yc_window_get_yc_application (YcWindow *self)
{
  return YC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
yc_window_update_server (YcWindow *self)
{
  YcApplication *app = yc_window_get_yc_application (self);
  const char *url = app != NULL ? yc_application_get_server_url (app) : "";
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *description = NULL;

  if (url == NULL || *url == '\0')
    {
      yc_connection_indicator_set_state (self->connection_indicator, YC_CONNECTION_UNCONFIGURED);
      gtk_button_set_label (self->welcome_preferences_button, _("_Set Up the Server…"));
      adw_status_page_set_description (self->welcome_page,
                                       _("To begin, set the address of your centre’s server."));
      return;
    }

  normal = yc_server_url_normalize (url, &error);
  if (normal == NULL)
    {
      yc_connection_indicator_set_state (self->connection_indicator, YC_CONNECTION_UNCONFIGURED);
      gtk_button_set_label (self->welcome_preferences_button, _("_Fix the Server Address…"));
      description = g_markup_printf_escaped (_("The server address in Preferences cannot be used: %s"),
                                             error->message);
      adw_status_page_set_description (self->welcome_page, description);
      return;
    }

  yc_connection_indicator_set_state (self->connection_indicator, YC_CONNECTION_SIGNED_OUT);
  gtk_button_set_label (self->welcome_preferences_button, _("_Server Settings…"));
  description = g_markup_printf_escaped (_("This workstation works with the server at %s."), normal);
  adw_status_page_set_description (self->welcome_page, description);
}

static void
yc_window_save_size (YcWindow *self)
{
  YcApplication *app = yc_window_get_yc_application (self);
  GSettings *settings;
  int width, height;

  if (app == NULL)
    return;

  settings = yc_application_get_settings (app);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);
}

static gboolean
yc_window_close_request (GtkWindow *window)
{
  yc_window_save_size (YC_WINDOW (window));

  return GTK_WINDOW_CLASS (yc_window_parent_class)->close_request (window);
}

/* "application" is not a construct property, so the window learns of its application after
 * construction: set up what depends on it then, once. */
static void
on_application_notify_cb (YcWindow *self)
{
  YcApplication *app = yc_window_get_yc_application (self);

  if (app == NULL || self->set_up)
    return;
  self->set_up = TRUE;

  {
    GSettings *settings = yc_application_get_settings (app);

    gtk_window_set_default_size (GTK_WINDOW (self),
                                 g_settings_get_int (settings, "window-width"),
                                 g_settings_get_int (settings, "window-height"));
    if (g_settings_get_boolean (settings, "window-maximized"))
      gtk_window_maximize (GTK_WINDOW (self));
  }

  if (yc_application_get_training (app))
    {
      gtk_widget_set_visible (self->training_badge, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "yc-training");
      gtk_window_set_title (GTK_WINDOW (self), _("Yichuang (Training)"));
    }

  g_signal_connect_object (app, "notify::server-url", G_CALLBACK (yc_window_update_server),
                           self, G_CONNECT_SWAPPED);
  yc_window_update_server (self);
}

static void
yc_window_dispose (GObject *object)
{
  YcWindow *self = YC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_WINDOW);

  G_OBJECT_CLASS (yc_window_parent_class)->dispose (object);
}

static void
yc_window_finalize (GObject *object)
{
  YcWindow *self = YC_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_window_parent_class)->finalize (object);
}

static void
yc_window_class_init (YcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = yc_window_dispose;
  object_class->finalize = yc_window_finalize;
  window_class->close_request = yc_window_close_request;

  g_type_ensure (YC_TYPE_CONNECTION_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/yichuang/Desk/yc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, connection_indicator);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, training_badge);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, welcome_preferences_button);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, pages);
}

static void
yc_window_init (YcWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_notify_cb), NULL);
}

YcWindow *
yc_window_new (YcApplication *application)
{
  g_return_val_if_fail (YC_IS_APPLICATION (application), NULL);

  return g_object_new (YC_TYPE_WINDOW, "application", application, NULL);
}

YcConnectionIndicator *
yc_window_get_connection_indicator (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->connection_indicator;
}

void
yc_window_add_page (YcWindow   *self,
                    const char *name,
                    const char *title,
                    GtkWidget  *page)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_stack_add_titled (self->pages, page, name, title);
  gtk_stack_set_visible_child_name (self->main_stack, "work");
}

GCancellable *
yc_window_get_cancellable (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->cancellable;
}
