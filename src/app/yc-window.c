/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-handoffs-page.h"
#include "yc-intake-page.h"
#include "yc-letters-page.h"
#include "yc-sign-in-dialog.h"
#include "yc-scenario-panel.h"
#include "yc-sync-page.h"
#include "yc-url.h"
#include "yc-window.h"

struct _YcWindow
{
  AdwApplicationWindow   parent_instance;

  GCancellable          *cancellable;
  GCancellable          *test_cancellable;
  gboolean               broken;

  /* Given by the application at construction (the window does not know the application). */
  GSettings             *settings;
  char                  *server_url;
  gboolean               training;

  YcWorkstation         *workstation;
  YcSession             *session;     /* of the workstation, watched */
  YcSync                *sync;        /* of the workstation, watched */
  GtkWidget             *sync_page;
  GtkWidget             *intake_page;
  GtkWidget             *letters_page;
  GtkWidget             *handoffs_page;
  YcLetterWriter        *letter_writer;
  YcSignInDialog        *sign_in;
  gboolean               resumed;

  /* Template widgets */
  AdwHeaderBar          *header_bar;
  YcConnectionIndicator *connection_indicator;
  AdwWindowTitle        *window_title;
  GtkWidget             *training_badge;
  YcTrainingBanner      *training_banner;
  GtkRevealer           *scenario_revealer;
  gboolean               focus_scenarios;
  YcScenarioPanel       *scenario_panel;
  GMenu                 *primary_menu;
  GtkStack              *main_stack;
  AdwStatusPage         *welcome_page;
  AdwEntryRow           *setup_url_row;
  GtkLabel              *setup_message_label;
  GtkSpinner            *setup_spinner;
  AdwStatusPage         *signed_out_page;
  AdwStatusPage         *broken_page;
  AdwLeaflet            *leaflet;
  GtkStackSidebar       *sidebar;
  GtkStack              *pages;
};

G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SERVER_URL,
  PROP_TRAINING,
  PROP_SCENARIOS_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void yc_window_update (YcWindow *self);

/* The title: who is signed in, at which window. It reads the store, so it follows the
 * session and the windows list, not every count the sync engine updates. */
static void
update_title (YcWindow *self)
{
  YcStaff *staff = self->session != NULL ? yc_session_get_staff (self->session) : NULL;
  YcSessionState state = self->session != NULL ? yc_session_get_state (self->session)
                                               : YC_SESSION_SIGNED_OUT;

  if (staff != NULL && state != YC_SESSION_SIGNED_OUT)
    {
      g_autofree char *window_code = NULL;
      g_autofree char *subtitle = NULL;

      if (yc_staff_get_window_id (staff) != NULL && self->workstation != NULL)
        window_code = yc_store_dup_window_code (yc_workstation_get_store (self->workstation),
                                                yc_staff_get_window_id (staff));
      subtitle = window_code != NULL
                 /* Translators: the signed-in person and the code of their window. */
                 ? g_strdup_printf (_("%s · Window %s"), yc_staff_get_name (staff), window_code)
                 : g_strdup (yc_staff_get_name (staff));
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);
}

/* The connection indicator: cheap, updated on every change of the sync engine. */
static void
update_indicator (YcWindow *self)
{
  YcSessionState state = self->session != NULL ? yc_session_get_state (self->session)
                                               : YC_SESSION_SIGNED_OUT;
  YcConnectionIndicator *indicator = self->connection_indicator;

  if (self->session == NULL)
    yc_connection_indicator_set_state (indicator, YC_CONNECTION_UNCONFIGURED);
  else if (state == YC_SESSION_SIGNED_OUT)
    yc_connection_indicator_set_state (indicator, YC_CONNECTION_SIGNED_OUT);
  else if (state == YC_SESSION_OFFLINE || !yc_sync_get_online (self->sync))
    yc_connection_indicator_set_state (indicator, YC_CONNECTION_OFFLINE);
  else if (yc_sync_get_syncing (self->sync) || yc_sync_get_n_pending (self->sync) > 0)
    yc_connection_indicator_set_state (indicator, YC_CONNECTION_SYNCING);
  else
    yc_connection_indicator_set_state (indicator, YC_CONNECTION_ONLINE);

  yc_connection_indicator_set_pending (indicator, self->sync ? yc_sync_get_n_pending (self->sync) : 0);
  yc_connection_indicator_set_attention (indicator, self->sync ? yc_sync_get_n_attention (self->sync) : 0);
}

static void
on_sign_in_closed_cb (YcWindow *self)
{
  g_clear_object (&self->sign_in);
}

static void
present_sign_in (YcWindow *self)
{
  if (self->session == NULL)
    return;

  if (self->sign_in == NULL)
    {
      self->sign_in = g_object_ref (yc_sign_in_dialog_new (self->session, GTK_WINDOW (self)));
      gtk_window_set_modal (GTK_WINDOW (self->sign_in), TRUE);
      g_signal_connect_object (self->sign_in, "close-request",
                               G_CALLBACK (on_sign_in_closed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  gtk_window_present (GTK_WINDOW (self->sign_in));
}

static void
yc_window_update (YcWindow *self)
{
  YcSessionState state;

  if (self->broken)
    return;

  update_title (self);
  update_indicator (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out",
                                 self->session != NULL &&
                                 yc_session_get_state (self->session) != YC_SESSION_SIGNED_OUT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", self->session != NULL);

  if (self->workstation == NULL)
    {
      /* "loading": the application opens the store after the first frame (or again after a
       * training reset). */
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      return;
    }

  if (self->session == NULL)
    {
      /* Training never asks for a server: its own is starting, and the banner says how. */
      gtk_stack_set_visible_child_name (self->main_stack, self->training ? "loading" : "setup");
      return;
    }

  state = yc_session_get_state (self->session);
  if (state == YC_SESSION_SIGNED_OUT)
    {
      const char *notice = yc_session_get_notice (self->session);
      g_autofree char *description =
        g_strdup_printf ("%s%s%s", _("Sign in to take in applications and send the work waiting on this workstation."),
                         notice != NULL ? "\n\n" : "", notice != NULL ? notice : "");
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_status_page_set_description (self->signed_out_page, escaped);
      gtk_stack_set_visible_child_name (self->main_stack, "signed-out");
      /* In training the demo accounts sign in without a password (the role switcher). */
      if (self->resumed && !self->training)
        present_sign_in (self);
      return;
    }

  if (self->sign_in != NULL)
    gtk_window_close (GTK_WINDOW (self->sign_in));

  if (self->letter_writer == NULL)
    self->letter_writer = yc_letter_writer_new (NULL);
  if (self->intake_page == NULL)
    {
      self->intake_page = yc_intake_page_new (yc_workstation_get_store (self->workstation),
                                              self->letter_writer, self->settings,
                                              self->training);
      yc_window_add_page (self, "intake", _("Intake"), self->intake_page);
      gtk_stack_set_visible_child (self->pages, self->intake_page);
    }
  if (self->letters_page == NULL)
    {
      self->letters_page = yc_letters_page_new (yc_workstation_get_store (self->workstation),
                                                self->letter_writer, self->settings,
                                                self->training);
      yc_window_add_page (self, "letters", _("Letters"), self->letters_page);
    }
  if (self->handoffs_page == NULL)
    {
      self->handoffs_page = yc_handoffs_page_new (yc_workstation_get_store (self->workstation));
      yc_window_add_page (self, "handoffs", _("Handoffs"), self->handoffs_page);
    }
  if (self->sync_page == NULL)
    {
      self->sync_page = yc_sync_page_new (self->sync, yc_workstation_get_outbox (self->workstation));
      yc_window_add_page (self, "sync", _("Sync"), self->sync_page);
    }
  gtk_stack_set_visible_child_name (self->main_stack, "work");
}

static void
unwatch (YcWindow *self)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->session);
  g_clear_object (&self->sync);

  /* GTK 4.8's stack sidebar disconnects from a removed page after it is gone (a
   * GLib-GObject-CRITICAL per page): it lets go of the stack while pages are removed. */
  gtk_stack_sidebar_set_stack (self->sidebar, NULL);
  if (self->sync_page != NULL)
    {
      gtk_stack_remove (self->pages, self->sync_page);
      self->sync_page = NULL;
    }
  if (self->intake_page != NULL)
    {
      gtk_stack_remove (self->pages, self->intake_page);
      self->intake_page = NULL;
    }
  if (self->letters_page != NULL)
    {
      gtk_stack_remove (self->pages, self->letters_page);
      self->letters_page = NULL;
    }
  if (self->handoffs_page != NULL)
    {
      gtk_stack_remove (self->pages, self->handoffs_page);
      self->handoffs_page = NULL;
    }
  gtk_stack_sidebar_set_stack (self->sidebar, self->pages);
  if (self->sign_in != NULL)
    gtk_window_destroy (GTK_WINDOW (self->sign_in));
  g_clear_object (&self->sign_in);
}

static void
on_resumed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(YcWindow) self = user_data;

  yc_session_resume_finish (YC_SESSION (source), result, NULL);
  if (YC_SESSION (source) != self->session)
    return;
  self->resumed = TRUE;
  yc_window_update (self);
}

static void
on_workstation_session_cb (YcWindow *self)
{
  unwatch (self);

  self->session = yc_workstation_get_session (self->workstation);
  self->sync = yc_workstation_get_sync (self->workstation);
  self->resumed = FALSE;
  if (self->session != NULL)
    {
      g_object_ref (self->session);
      g_object_ref (self->sync);
      g_signal_connect_object (self->session, "notify", G_CALLBACK (yc_window_update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync, "notify", G_CALLBACK (update_indicator), self,
                               G_CONNECT_SWAPPED);
      /* A token in the keyring may still be good: try it before asking for the password. */
      yc_session_resume_async (self->session, self->cancellable, on_resumed_cb, g_object_ref (self));
    }

  yc_window_update (self);
}

/* ---- first run: find the server ---- */

static void
show_setup_message (YcWindow   *self,
                    const char *message,
                    gboolean    is_error)
{
  gtk_label_set_text (self->setup_message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->setup_message_label), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->setup_message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->setup_message_label), "error");
}

static void
on_server_tested_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcWindow) self = user_data;
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(YcHttpResponse) refusal = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = yc_http_get_base_url (YC_HTTP (source));

  response = yc_http_request_finish_full (YC_HTTP (source), result, &refusal, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->setup_spinner, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.test-server", TRUE);

  /* Without a token a Yichuang server answers 401 with its own problem code. */
  if (response == NULL &&
      !(refusal != NULL && g_strcmp0 (yc_http_response_get_problem_code (refusal), "unauthorized") == 0))
    {
      g_autofree char *message = NULL;

      if (refusal != NULL)
        message = g_strdup_printf (_("Something answers at %s, but it is not a Yichuang server."), url);
      else
        message = g_strdup_printf (_("No server answered at %s: %s"), url, error->message);
      show_setup_message (self, message, TRUE);
      return;
    }

  show_setup_message (self, NULL, FALSE);
  g_settings_set_string (self->settings, "server-url", url);
}

static void
test_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcWindow *self = YC_WINDOW (widget);
  g_autofree char *ca_file = NULL;
  g_autofree char *url = NULL;
  g_autoptr(YcHttp) http = NULL;
  g_autoptr(GError) error = NULL;

  url = yc_server_url_normalize (gtk_editable_get_text (GTK_EDITABLE (self->setup_url_row)), &error);
  if (url == NULL)
    {
      show_setup_message (self, error->message, TRUE);
      return;
    }

  ca_file = g_settings_get_string (self->settings, "ca-file");
  http = yc_http_new (url, ca_file != NULL && *ca_file != '\0' ? ca_file : NULL, &error);
  if (http == NULL)
    {
      show_setup_message (self, error->message, TRUE);
      return;
    }

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();

  show_setup_message (self, _("Looking for the server…"), FALSE);
  gtk_spinner_set_spinning (self->setup_spinner, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.test-server", FALSE);
  yc_http_request_async (http, "GET", "/centre", NULL, NULL, YC_HTTP_NONE, self->test_cancellable,
                         on_server_tested_cb, g_object_ref (self));
}

static void
on_setup_url_row_activated_cb (YcWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.test-server", NULL);
}

/* ---- actions ---- */

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  present_sign_in (YC_WINDOW (widget));
}

static void
on_signed_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  yc_session_sign_out_finish (YC_SESSION (source), result, NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YcWindow *self = YC_WINDOW (widget);

  if (self->session != NULL)
    yc_session_sign_out_async (self->session, NULL, on_signed_out_cb, NULL);
}

/* ---- window state ---- */

static void
yc_window_save_size (YcWindow *self)
{
  GSettings *settings = self->settings;
  int width, height;

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

static void
yc_window_constructed (GObject *object)
{
  YcWindow *self = YC_WINDOW (object);

  G_OBJECT_CLASS (yc_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->setup_url_row),
                         self->server_url != NULL ? self->server_url : "");

  if (self->training)
    {
      gtk_widget_set_visible (self->training_badge, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->training_banner), TRUE);
      g_menu_insert_submenu (self->primary_menu, 0, _("_Switch Role"),
                             yc_training_banner_get_role_menu (self->training_banner));
      gtk_widget_add_css_class (GTK_WIDGET (self), "yc-training");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-scenarios", TRUE);
      gtk_window_set_title (GTK_WINDOW (self), _("Yichuang (Training)"));
    }

  yc_window_update (self);
}

static void
yc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcWindow *self = YC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;
    case PROP_SCENARIOS_SHOWN:
      /* Asked for by the action muxer, also before the template is built or once it is gone. */
      g_value_set_boolean (value, self->scenario_revealer != NULL &&
                                  gtk_revealer_get_reveal_child (self->scenario_revealer));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YcWindow *self = YC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_TRAINING:
      self->training = g_value_get_boolean (value);
      break;
    case PROP_SCENARIOS_SHOWN:
      yc_window_set_scenarios_shown (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_window_dispose (GObject *object)
{
  YcWindow *self = YC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  unwatch (self);
  if (self->workstation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workstation, self);
      g_signal_handlers_disconnect_by_data (yc_workstation_get_store (self->workstation), self);
    }
  g_clear_object (&self->workstation);
  g_clear_object (&self->letter_writer);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_WINDOW);

  G_OBJECT_CLASS (yc_window_parent_class)->dispose (object);
}

static void
yc_window_finalize (GObject *object)
{
  YcWindow *self = YC_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (yc_window_parent_class)->finalize (object);
}

static void on_scenario_revealed_cb (YcWindow *self);

/* A narrow window (a projector, or the scenario panel open) folds the sidebar away: the page
 * chosen is what it shows, and Alt+Left goes back to the list of pages. */
static void
show_page_when_folded (YcWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->pages));
}

/* Back to the work from a side panel (the scenario panel once a scenario starts). */
static void
focus_work_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YcWindow *self = YC_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") == 0 &&
      page != NULL && gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
    return;
  gtk_widget_child_focus (GTK_WIDGET (self->main_stack), GTK_DIR_TAB_FORWARD);
}

/* Ctrl+1…4: the pages in the order of the sidebar. */
static const char * const page_keys[] = { "intake", "letters", "handoffs", "sync" };

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  yc_window_show_page (YC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
yc_window_class_init (YcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = yc_window_constructed;
  object_class->get_property = yc_window_get_property;
  object_class->set_property = yc_window_set_property;
  object_class->dispose = yc_window_dispose;
  object_class->finalize = yc_window_finalize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIOS_SHOWN] =
    g_param_spec_boolean ("scenarios-shown", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = yc_window_close_request;

  g_type_ensure (YC_TYPE_CONNECTION_INDICATOR);
  g_type_ensure (YC_TYPE_TRAINING_BANNER);
  g_type_ensure (YC_TYPE_SCENARIO_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/yichuang/Desk/yc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, connection_indicator);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, training_badge);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, training_banner);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, scenario_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, scenario_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_scenario_revealed_cb);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, setup_url_row);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, setup_message_label);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, setup_spinner);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, signed_out_page);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, broken_page);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_url_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.test-server", NULL, test_server_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-page", "s", page_keys[i]);
  gtk_widget_class_install_action (widget_class, "win.focus-work", NULL, focus_work_action);
  /* Training only (disabled otherwise): the scenarios' side panel. */
  gtk_widget_class_install_property_action (widget_class, "win.show-scenarios",
                                            "scenarios-shown");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-scenarios", NULL);
}

static void
yc_window_init (YcWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-scenarios", FALSE);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (show_page_when_folded),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pages, "notify::visible-child",
                           G_CALLBACK (show_page_when_folded), self, G_CONNECT_SWAPPED);
}

YcWindow *
yc_window_new (GtkApplication *application,
               GSettings      *settings,
               const char     *server_url,
               gboolean        training)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (YC_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "server-url", server_url,
                       "training", training,
                       NULL);
}

YcConnectionIndicator *
yc_window_get_connection_indicator (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->connection_indicator;
}

void
yc_window_set_workstation (YcWindow      *self,
                           YcWorkstation *workstation)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (!workstation || YC_IS_WORKSTATION (workstation));

  if (self->workstation == workstation)
    return;

  unwatch (self);
  if (self->workstation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workstation, self);
      g_signal_handlers_disconnect_by_data (yc_workstation_get_store (self->workstation), self);
    }
  g_set_object (&self->workstation, workstation);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_indicator), workstation != NULL);

  if (workstation != NULL)
    {
      g_signal_connect_object (workstation, "notify::session",
                               G_CALLBACK (on_workstation_session_cb), self, G_CONNECT_SWAPPED);
      /* The window codes arrive with the reference data, after sign-in. */
      g_signal_connect_object (yc_workstation_get_store (workstation), "changed::windows",
                               G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      on_workstation_session_cb (self);
    }
  else
    yc_window_update (self);
}

void
yc_window_show_broken (YcWindow   *self,
                       const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_return_if_fail (YC_IS_WINDOW (self));

  self->broken = TRUE;
  adw_status_page_set_description (self->broken_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "broken");
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
}

const char *
yc_window_get_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

YcTrainingBanner *
yc_window_get_training_banner (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->training ? self->training_banner : NULL;
}

GCancellable *
yc_window_get_cancellable (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->cancellable;
}

gboolean
yc_window_show_page (YcWindow   *self,
                     const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (YC_IS_WINDOW (self), FALSE);

  page = gtk_stack_get_child_by_name (self->pages, name);
  if (page == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") != 0)
    return FALSE;
  gtk_stack_set_visible_child (self->pages, page);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
  return TRUE;
}

void
yc_window_show_handoff (YcWindow   *self,
                        const char *handoff_id)
{
  g_return_if_fail (YC_IS_WINDOW (self));

  gtk_window_present (GTK_WINDOW (self));
  if (self->handoffs_page == NULL || !yc_window_show_page (self, "handoffs"))
    return;
  for (guint i = 0; handoff_id != NULL && i < 3; i++)
    {
      const char *views[] = { "approvals", "incoming", "requests" };

      yc_handoffs_page_show_view (YC_HANDOFFS_PAGE (self->handoffs_page), views[i]);
      if (g_strcmp0 (yc_handoffs_page_get_view (YC_HANDOFFS_PAGE (self->handoffs_page)),
                     views[i]) == 0 &&
          yc_handoffs_page_select_handoff (YC_HANDOFFS_PAGE (self->handoffs_page), handoff_id))
        return;
    }
}

static void
on_scenario_revealed_cb (YcWindow *self)
{
  if (self->focus_scenarios && gtk_revealer_get_child_revealed (self->scenario_revealer))
    {
      self->focus_scenarios = FALSE;
      yc_scenario_panel_focus (self->scenario_panel);
    }
}

GtkStack *
yc_window_get_pages (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->pages;
}

void
yc_window_set_scenario_runner (YcWindow         *self,
                               YcScenarioRunner *runner)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (self->training || runner == NULL);

  yc_scenario_panel_set_runner (self->scenario_panel, runner);
  if (runner != NULL)
    yc_scenario_runner_set_pages (runner, self->pages);
}

YcScenarioPanel *
yc_window_get_scenario_panel (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->training ? self->scenario_panel : NULL;
}

void
yc_window_set_scenarios_shown (YcWindow *self,
                               gboolean  shown)
{
  GtkWidget *focus;

  g_return_if_fail (YC_IS_WINDOW (self));

  shown = !!shown && self->training;
  if (gtk_revealer_get_reveal_child (self->scenario_revealer) == shown)
    return;
  focus = gtk_root_get_focus (GTK_ROOT (self));
  gtk_revealer_set_reveal_child (self->scenario_revealer, shown);
  /* The panel takes the focus once it is on screen (on_scenario_revealed_cb). */
  if (shown)
    self->focus_scenarios = TRUE;
  else if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->scenario_panel)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-work", NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIOS_SHOWN]);
}
