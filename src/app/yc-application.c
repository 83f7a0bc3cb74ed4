/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "yc-application.h"
#include "yc-preferences-window.h"
#include "yc-text-scale.h"
#include "yc-training.h"
#include "yc-url.h"
#include "yc-window.h"

struct _YcApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *server_url_setting;
  char           *server_url_override;
  char           *profile;
  gboolean        training;

  YcTraining     *training_mode;  /* only in training */
  YcTextScale    *text_scale;

  YcWorkstation  *workstation;
  guint           open_id;
  gboolean        open_scheduled;
};

G_DEFINE_FINAL_TYPE (YcApplication, yc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SERVER_URL,
  PROP_TRAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
profile_name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
on_first_frame_painted_cb (GdkFrameClock *clock,
                           GtkWindow     *window)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted_cb, window);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (app != NULL)
    g_application_quit (app);
}

static void
on_probe_window_realize_cb (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame_painted_cb),
                           widget, 0);
}

void
yc_application_probe_first_frame (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "realize", G_CALLBACK (on_probe_window_realize_cb), NULL);
}

/* Point the workstation at the server in effect (or at none). */
static void
yc_application_connect (YcApplication *self)
{
  const char *url = yc_application_get_server_url (self);
  g_autofree char *normal = NULL;
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  g_autofree char *name = g_settings_get_string (self->settings, "workstation-name");
  g_autoptr(GError) error = NULL;

  if (self->workstation == NULL)
    return;

  if (url != NULL && *url != '\0')
    normal = yc_server_url_normalize (url, NULL);

  /* A bad address or CA file leaves the workstation unconnected: the window asks for the
   * server again and Preferences says what is wrong. */
  if (!yc_workstation_connect (self->workstation, normal, ca_file, name, &error))
    g_debug ("not connected: %s", error->message);
}

static void
on_connection_settings_changed_cb (YcApplication *self)
{
  yc_application_connect (self);
}

static gboolean
open_workstation_cb (gpointer data)
{
  YcApplication *self = data;
  g_autofree char *dir = yc_workstation_profile_dir (self->profile);
  g_autoptr(GError) error = NULL;

  self->open_id = 0;
  self->workstation = yc_workstation_open (dir, &error);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (!YC_IS_WINDOW (l->data))
        continue;
      if (self->workstation == NULL)
        yc_window_show_broken (YC_WINDOW (l->data), error->message);
    }

  if (self->workstation == NULL)
    return G_SOURCE_REMOVE;

  yc_application_connect (self);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (YC_IS_WINDOW (l->data))
      yc_window_set_workstation (YC_WINDOW (l->data), self->workstation);
  if (self->training_mode != NULL)
    yc_training_set_workstation (self->training_mode, self->workstation);

  return G_SOURCE_REMOVE;
}

/* At default priority, not idle: an animation on screen (the training banner's spinner while
 * its server starts) keeps a software-rendered window redrawing, and an idle source would
 * wait behind it. */
static guint
open_soon (YcApplication *self)
{
  return g_idle_add_full (G_PRIORITY_DEFAULT, open_workstation_cb, self, NULL);
}

static void
on_first_paint_cb (GdkFrameClock *clock,
                   YcApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint_cb, self);
  if (self->workstation == NULL && self->open_id == 0)
    self->open_id = open_soon (self);
}

static void
on_window_realized_cb (YcApplication *self,
                       GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (window, on_window_realized_cb, self);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_paint_cb), self, 0);
}

static void
yc_application_activate (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (yc_window_new (GTK_APPLICATION (self), self->settings,
                                          yc_application_get_server_url (self),
                                          self->training));
      if (g_getenv ("YC_STARTUP_PROBE") != NULL)
        yc_application_probe_first_frame (window);
      if (self->workstation != NULL)
        yc_window_set_workstation (YC_WINDOW (window), self->workstation);
      if (self->training_mode != NULL)
        {
          yc_training_update_banners (self->training_mode);
          yc_window_set_scenario_runner (YC_WINDOW (window),
                                         yc_training_get_scenario_runner (self->training_mode));
        }
    }

  /* The training server starts at once, beside the store: neither waits for the other. */
  if (self->training_mode != NULL)
    yc_training_start (self->training_mode);

  /* The local store opens once the window's first frame is on screen, so that frame never
   * waits for the disk, the keyring or the network. */
  if (self->workstation == NULL && self->open_id == 0 && !self->open_scheduled)
    {
      self->open_scheduled = TRUE;
      if (gtk_widget_get_realized (GTK_WIDGET (window)))
        self->open_id = open_soon (self);
      else
        g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realized_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  gtk_window_present (window);
}

static void
yc_application_shutdown (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);

  g_clear_handle_id (&self->open_id, g_source_remove);
  if (self->training_mode != NULL)
    {
      yc_training_shutdown (self->training_mode);
      g_object_run_dispose (G_OBJECT (self->training_mode));
    }
  g_clear_object (&self->training_mode);
  if (self->workstation != NULL)
    g_object_run_dispose (G_OBJECT (self->workstation));
  g_clear_object (&self->workstation);

  G_APPLICATION_CLASS (yc_application_parent_class)->shutdown (app);
}

static void
yc_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  YcApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window first lets it save its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
yc_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  YcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  YcPreferencesWindow *preferences;

  preferences = yc_preferences_window_new (self->settings, parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
yc_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  YcApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Yichuang developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Yichuang"),
                        "developer-name", _("The Yichuang developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The desk of a government service window: receive visitors, take in applications, tell applicants everything at once, and hand work over with the chief representative’s approval."),
                        "website", "https://yichuang.org/",
                        "issue-url", "https://yichuang.org/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Yichuang developers",
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* A desktop notification about a handoff was clicked. */
static void
yc_application_show_handoff_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (YC_IS_WINDOW (window))
    yc_window_show_handoff (YC_WINDOW (window), g_variant_get_string (parameter, NULL));
}

static void
yc_application_text_scale_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  YcApplication *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));

  yc_text_scale_step (self->text_scale, g_str_equal (name, "text-larger") ? 1
                                        : g_str_equal (name, "text-smaller") ? -1 : 0);
}

static const GActionEntry app_actions[] = {
  { "text-larger", yc_application_text_scale_action },
  { "text-smaller", yc_application_text_scale_action },
  { "text-normal", yc_application_text_scale_action },
  { "quit", yc_application_quit_action },
  { "show-handoff", yc_application_show_handoff_action, "s" },
  { "preferences", yc_application_preferences_action },
  { "about", yc_application_about_action },
};

static void
on_training_server_url_cb (YcApplication *self)
{
  yc_application_set_server_url_override (self, yc_training_get_server_url (self->training_mode));
}

static void
yc_application_startup (GApplication *app)
{
  YcApplication *self = YC_APPLICATION (app);

  G_APPLICATION_CLASS (yc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "F1", "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });

  /* Presenter mode: whatever has the focus may zoom its own content first (the letter
   * preview does). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.text-larger",
                                         (const char *[]) { "<Control>plus", "<Control>equal",
                                                            "<Control>KP_Add", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.text-smaller",
                                         (const char *[]) { "<Control>minus",
                                                            "<Control>KP_Subtract", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.text-normal",
                                         (const char *[]) { "<Control>0", "<Control>KP_0",
                                                            NULL });
  self->text_scale = yc_text_scale_new (self->settings, self->profile);
  yc_text_scale_apply (self->text_scale);

  if (self->training)
    {
      self->training_mode = yc_training_new (GTK_APPLICATION (self));
      g_signal_connect_object (self->training_mode, "notify::server-url",
                               G_CALLBACK (on_training_server_url_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->training_mode, "close-workstation",
                               G_CALLBACK (yc_application_close_workstation), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->training_mode, "open-workstation",
                               G_CALLBACK (yc_application_open_workstation), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
yc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcApplication *self = YC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, yc_application_get_server_url (self));
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcApplication *self = YC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      yc_application_set_profile (self, g_value_get_string (value));
      break;

    case PROP_TRAINING:
      yc_application_set_training (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_application_finalize (GObject *object)
{
  YcApplication *self = YC_APPLICATION (object);

  g_clear_object (&self->training_mode);
  g_clear_object (&self->text_scale);
  g_clear_object (&self->workstation);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url_setting, g_free);
  g_clear_pointer (&self->server_url_override, g_free);
  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (yc_application_parent_class)->finalize (object);
}

static void
yc_application_class_init (YcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = yc_application_finalize;
  object_class->get_property = yc_application_get_property;
  object_class->set_property = yc_application_set_property;

  app_class->activate = yc_application_activate;
  app_class->startup = yc_application_startup;
  app_class->shutdown = yc_application_shutdown;

  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL, "default",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
on_settings_server_url_changed_cb (YcApplication *self)
{
  g_free (self->server_url_setting);
  self->server_url_setting = g_settings_get_string (self->settings, "server-url");
  if (self->server_url_override == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

static void
yc_application_init (YcApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  self->server_url_setting = g_settings_get_string (self->settings, "server-url");
  self->profile = g_strdup ("default");
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (on_settings_server_url_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::ca-file",
                           G_CALLBACK (on_connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::workstation-name",
                           G_CALLBACK (on_connection_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::server-url", G_CALLBACK (on_connection_settings_changed_cb), NULL);
}

YcApplication *
yc_application_new (void)
{
  return g_object_new (YC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/yichuang/Desk",
                       NULL);
}

GSettings *
yc_application_get_settings (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
yc_application_get_server_url (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);

  if (self->server_url_override != NULL)
    return self->server_url_override;
  return self->server_url_setting;
}

void
yc_application_set_server_url_override (YcApplication *self,
                                        const char    *url)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  if (g_strcmp0 (self->server_url_override, url) == 0)
    return;
  g_free (self->server_url_override);
  self->server_url_override = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

const char *
yc_application_get_profile (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->profile;
}

void
yc_application_set_profile (YcApplication *self,
                            const char    *profile)
{
  g_return_if_fail (YC_IS_APPLICATION (self));
  g_return_if_fail (profile_name_is_valid (profile));

  if (g_strcmp0 (self->profile, profile) == 0)
    return;
  g_free (self->profile);
  self->profile = g_strdup (profile);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

gboolean
yc_application_get_training (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), FALSE);
  return self->training;
}

void
yc_application_set_training (YcApplication *self,
                             gboolean       training)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  training = !!training;
  if (self->training == training)
    return;
  self->training = training;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}

YcWorkstation *
yc_application_get_workstation (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->workstation;
}

void
yc_application_close_workstation (YcApplication *self)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  g_clear_handle_id (&self->open_id, g_source_remove);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (YC_IS_WINDOW (l->data))
      yc_window_set_workstation (YC_WINDOW (l->data), NULL);
  if (self->training_mode != NULL)
    yc_training_set_workstation (self->training_mode, NULL);
  if (self->workstation != NULL)
    g_object_run_dispose (G_OBJECT (self->workstation));
  g_clear_object (&self->workstation);
}

void
yc_application_open_workstation (YcApplication *self)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  if (self->workstation == NULL && self->open_id == 0)
    self->open_id = open_soon (self);
}

int
yc_application_main (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcApplication) app = NULL;
  g_autofree char *server = NULL;
  g_autofree char *profile = NULL;
  gboolean training = FALSE;
  gboolean version = FALSE;
  g_auto(GStrv) args = g_strdupv (argv);
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("Use the server at URL for this run (the setting is left as it is)"), N_("URL") },
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile,
      N_("Keep this workstation’s data under the profile NAME"), N_("NAME") },
    { "training", 't', 0, G_OPTION_ARG_NONE, &training,
      N_("Start in training mode: a separate profile, and letters marked void"), NULL },
    { "version", 'v', 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The desk of a government service window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }

  if (g_strv_length (args) > 1)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), g_get_prgname (), args[1]);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }

  if (version)
    {
      g_print ("yichuang %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (server != NULL)
    {
      g_autofree char *normal = yc_server_url_normalize (server, &error);

      if (normal == NULL)
        {
          g_printerr ("%s: --server: %s\n", g_get_prgname (), error->message);
          return 2;
        }
      g_free (server);
      server = g_steal_pointer (&normal);
    }

  if (profile != NULL && !profile_name_is_valid (profile))
    {
      g_printerr (_("%s: --profile: a profile name uses only letters, digits, “-” and “_”.\n"),
                  g_get_prgname ());
      return 2;
    }

  if (training && profile != NULL && g_strcmp0 (profile, "training") != 0)
    {
      g_printerr (_("%s: --training uses its own profile and cannot be combined with --profile.\n"),
                  g_get_prgname ());
      return 2;
    }

  if (training && server != NULL)
    {
      g_printerr (_("%s: --training starts its own demo server and cannot be combined with --server.\n"),
                  g_get_prgname ());
      return 2;
    }

  app = yc_application_new ();
  if (training)
    {
      /* Training never touches real data: it has its own profile. */
      yc_application_set_profile (app, "training");
      yc_application_set_training (app, TRUE);
      /* Its own instance: starting training while a real Yichuang runs must not just raise
       * the real window (and a second training start raises the training one). */
      g_application_set_application_id (G_APPLICATION (app), APP_ID ".Training");
      /* Never the real server: until its own demo server is up, none. */
      yc_application_set_server_url_override (app, "");
    }
  else if (profile != NULL)
    yc_application_set_profile (app, profile);

  if (server != NULL)
    yc_application_set_server_url_override (app, server);

  return g_application_run (G_APPLICATION (app), 1, argv);
}
