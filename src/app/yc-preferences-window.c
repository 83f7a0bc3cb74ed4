/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "yc-preferences-window.h"
#include "yc-url.h"

struct _YcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              filling_printers;

  /* Template widgets */
  AdwEntryRow          *server_url_row;
  AdwActionRow         *ca_file_row;
  GtkLabel             *server_problem_label;
  AdwEntryRow          *workstation_row;
  AdwComboRow          *printer_row;
  GtkStringList        *printer_model;
  GtkSpinButton        *copies_spin;
};

G_DEFINE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_server_problem (YcPreferencesWindow *self,
                     const char          *message)
{
  gtk_label_set_text (self->server_problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_problem_label), message != NULL);
}

/* A CA file must exist and hold at least one PEM certificate. Reading a small local file is
 * quick; the network is never touched here. */
static gboolean
check_ca_file (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *certificates;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The site CA file “%s” does not exist. Choose it again or clear it."), path);
      return FALSE;
    }

  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The site CA file “%s” holds no certificate that can be read."), path);
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);
  return TRUE;
}

/* Look at all server settings together and show the first problem. */
static void
yc_preferences_window_check (YcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  g_autoptr(GError) error = NULL;

  if (*url == '\0')
    {
      show_server_problem (self, _("No server address is set: this workstation cannot sign in until one is."));
      return;
    }

  {
    g_autofree char *normal = yc_server_url_normalize (url, &error);

    if (normal == NULL)
      {
        show_server_problem (self, error->message);
        return;
      }
  }

  if (*ca_file != '\0' && !check_ca_file (ca_file, &error))
    {
      show_server_problem (self, error->message);
      return;
    }

  show_server_problem (self, NULL);
}

static void
yc_preferences_window_update_ca_row (YcPreferencesWindow *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");

  if (*ca_file == '\0')
    adw_action_row_set_subtitle (self->ca_file_row, _("None: only the system’s certificate authorities are trusted"));
  else
    {
      g_autofree char *escaped = g_markup_escape_text (ca_file, -1);

      adw_action_row_set_subtitle (self->ca_file_row, escaped);
    }
}

static void
on_server_url_row_changed_cb (YcPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_url_row), "error");
}

static void
on_server_url_row_apply_cb (YcPreferencesWindow *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->server_url_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (typed));

  if (*trimmed == '\0')
    {
      g_settings_set_string (self->settings, "server-url", "");
      yc_preferences_window_check (self);
      return;
    }

  normal = yc_server_url_normalize (trimmed, &error);
  if (normal == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_url_row), "error");
      show_server_problem (self, error->message);
      return;
    }

  g_settings_set_string (self->settings, "server-url", normal);
  gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), normal);
  yc_preferences_window_check (self);
}

static void
on_workstation_row_apply_cb (YcPreferencesWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->workstation_row))));

  if (g_utf8_strlen (name, -1) > 64)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->workstation_row), "error");
      show_server_problem (self, _("A workstation name has at most 64 characters."));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->workstation_row), "error");
  g_settings_set_string (self->settings, "workstation-name", name);
  if (*name == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->workstation_row), g_get_host_name ());
  yc_preferences_window_check (self);
}

static void
on_ca_file_chosen_cb (YcPreferencesWindow  *self,
                      int                   response,
                      GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL && !check_ca_file (path, &error))
        show_server_problem (self, error->message);
      else if (path != NULL)
        {
          g_settings_set_string (self->settings, "ca-file", path);
          yc_preferences_window_update_ca_row (self);
          yc_preferences_window_check (self);
        }
    }

  g_clear_object (&self->chooser);
}

static void
on_ca_file_choose_button_clicked_cb (YcPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Site CA File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_ca_file_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_ca_file_clear_button_clicked_cb (YcPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "ca-file", "");
  yc_preferences_window_update_ca_row (self);
  yc_preferences_window_check (self);
}

static void
on_printer_row_selected_cb (YcPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->printer_row);
  GObject *item;

  if (self->filling_printers || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* The first entry is the system default; the others carry the printer name as a property. */
  if (selected == 0)
    {
      g_settings_set_string (self->settings, "printer", "");
      return;
    }

  item = g_list_model_get_item (G_LIST_MODEL (self->printer_model), selected);
  g_settings_set_string (self->settings, "printer",
                         g_object_get_data (item, "yc-printer-name"));
  g_object_unref (item);
}

static void
add_printer_entry (YcPreferencesWindow *self,
                   const char          *name,
                   const char          *label)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printer_model));
  g_autoptr(GObject) item = NULL;

  gtk_string_list_append (self->printer_model, label);
  item = g_list_model_get_item (G_LIST_MODEL (self->printer_model), n);
  g_object_set_data_full (item, "yc-printer-name", g_strdup (name), g_free);
}

static gboolean
printer_entry_exists (YcPreferencesWindow *self,
                      const char          *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printer_model));

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->printer_model), i);

      if (g_strcmp0 (g_object_get_data (item, "yc-printer-name"), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
select_saved_printer (YcPreferencesWindow *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "printer");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printer_model));

  self->filling_printers = TRUE;
  adw_combo_row_set_selected (self->printer_row, 0);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->printer_model), i);

      if (g_strcmp0 (g_object_get_data (item, "yc-printer-name"), saved) == 0)
        adw_combo_row_set_selected (self->printer_row, i);
    }
  self->filling_printers = FALSE;
}

static gboolean
on_printer_found_cb (GtkPrinter *printer,
                     gpointer    data)
{
  GWeakRef *ref = data;
  g_autoptr(YcPreferencesWindow) self = g_weak_ref_get (ref);
  const char *name = gtk_printer_get_name (printer);

  if (self == NULL)
    return TRUE; /* the window is gone: stop */

  if (!gtk_printer_is_virtual (printer) || g_strcmp0 (name, "Print to File") != 0)
    {
      if (!printer_entry_exists (self, name))
        {
          const char *description = gtk_printer_get_description (printer);
          g_autofree char *label = (description != NULL && *description != '\0' &&
                                    g_strcmp0 (description, name) != 0)
                                   ? g_strdup_printf ("%s (%s)", description, name)
                                   : g_strdup (name);

          self->filling_printers = TRUE;
          add_printer_entry (self, name, label);
          self->filling_printers = FALSE;
          select_saved_printer (self);
        }
    }

  return FALSE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
yc_preferences_window_fill_printers (YcPreferencesWindow *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "printer");
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  self->filling_printers = TRUE;
  gtk_string_list_append (self->printer_model, _("System Default"));
  if (*saved != '\0')
    {
      /* Keep the saved printer visible even before (or if never) it is found. */
      g_autofree char *label = g_strdup_printf (_("%s (not found yet)"), saved);

      add_printer_entry (self, saved, label);
    }
  self->filling_printers = FALSE;
  select_saved_printer (self);

  /* Printers are found asynchronously: the backends may talk to CUPS. */
  g_weak_ref_init (ref, self);
  gtk_enumerate_printers (on_printer_found_cb, ref, free_weak_ref, FALSE);
}

static void
on_copies_spin_value_changed_cb (YcPreferencesWindow *self)
{
  g_settings_set_int (self->settings, "copies-per-letter",
                      gtk_spin_button_get_value_as_int (self->copies_spin));
}

static void
yc_preferences_window_constructed (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;
  g_autofree char *workstation = NULL;

  G_OBJECT_CLASS (yc_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);

  workstation = g_settings_get_string (self->settings, "workstation-name");
  gtk_editable_set_text (GTK_EDITABLE (self->workstation_row),
                         *workstation != '\0' ? workstation : g_get_host_name ());

  gtk_spin_button_set_value (self->copies_spin,
                             g_settings_get_int (self->settings, "copies-per-letter"));
  g_signal_connect_object (self->copies_spin, "value-changed",
                           G_CALLBACK (on_copies_spin_value_changed_cb), self, G_CONNECT_SWAPPED);

  yc_preferences_window_update_ca_row (self);
  yc_preferences_window_fill_printers (self);
  yc_preferences_window_check (self);
}

static void
yc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_preferences_window_dispose (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (yc_preferences_window_parent_class)->dispose (object);
}

static void
yc_preferences_window_finalize (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_preferences_window_parent_class)->finalize (object);
}

static void
yc_preferences_window_class_init (YcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_preferences_window_constructed;
  object_class->dispose = yc_preferences_window_dispose;
  object_class->finalize = yc_preferences_window_finalize;
  object_class->get_property = yc_preferences_window_get_property;
  object_class->set_property = yc_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, server_problem_label);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, workstation_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, printer_row);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, printer_model);
  gtk_widget_class_bind_template_child (widget_class, YcPreferencesWindow, copies_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_server_url_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_url_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_workstation_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_choose_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_clear_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_printer_row_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_preferences_window_init (YcPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

YcPreferencesWindow *
yc_preferences_window_new (GSettings *settings,
                           GtkWindow *parent)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (YC_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

const char *
yc_preferences_window_get_server_problem (YcPreferencesWindow *self)
{
  g_return_val_if_fail (YC_IS_PREFERENCES_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->server_problem_label)))
    return NULL;
  return gtk_label_get_text (self->server_problem_label);
}
