/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-training"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-training.h"
#include "yc-training-banner.h"
#include "yc-training-server.h"
#include "yc-window.h"

struct _YcTraining
{
  GObject                parent_instance;

  GtkApplication        *application;   /* not owned: it owns us */
  char                  *server_url;    /* for the workstation: "" for none */
  YcTrainingServer      *server;
  YcScenarioRunner      *runner;
  YcWorkstation         *workstation;
  GCancellable          *cancellable;
  char                  *wanted_username; /* who to sign in as once the session is there */
  gboolean               starting;
  gboolean               signing_in;
  gboolean               resetting;
  gboolean               drill;         /* the trainer stopped the server on purpose */

  YcTrainingBannerState  state;
  char                  *message;
};

G_DEFINE_FINAL_TYPE (YcTraining, yc_training, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

enum {
  CLOSE_WORKSTATION,
  OPEN_WORKSTATION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void maybe_sign_in (YcTraining *self);

static void
set_server_url (YcTraining *self,
                const char *url)
{
  if (g_strcmp0 (self->server_url, url) == 0)
    return;
  g_free (self->server_url);
  self->server_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

static void
set_state (YcTraining            *self,
           YcTrainingBannerState  state,
           const char            *message)
{
  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  yc_training_update_banners (self);
}

static void
show_running (YcTraining *self)
{
  set_state (self, YC_TRAINING_BANNER_RUNNING,
             _("Nothing done here is real: the cases stay in this training centre and every letter printed is marked void."));
}

static YcSession *
current_session (YcTraining *self)
{
  return self->workstation != NULL ? yc_workstation_get_session (self->workstation) : NULL;
}

/* ---- sign-in ---- */

/* The role switcher marks who is signed in. */
static void
show_signed_in_account (YcTraining *self)
{
  YcSession *session = current_session (self);
  YcStaff *staff = session != NULL ? yc_session_get_staff (session) : NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->application),
                                                "training-sign-in-as");
  const char *username = "";

  if (staff != NULL && yc_session_get_state (session) != YC_SESSION_SIGNED_OUT)
    username = yc_staff_get_username (staff);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (username));
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcTraining) self = user_data;
  g_autoptr(GError) error = NULL;

  self->signing_in = FALSE;
  if (!yc_session_sign_in_finish (YC_SESSION (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not sign in as %s: %s"), self->wanted_username,
                                 error->message);
      set_state (self, YC_TRAINING_BANNER_FAILED, message);
      return;
    }

  g_clear_pointer (&self->wanted_username, g_free);
  show_running (self);
  show_signed_in_account (self);
}

static void
maybe_sign_in (YcTraining *self)
{
  YcSession *session = current_session (self);

  if (session == NULL || self->signing_in || self->wanted_username == NULL ||
      !yc_training_server_get_running (self->server))
    return;
  if (yc_session_get_state (session) != YC_SESSION_SIGNED_OUT)
    return;

  self->signing_in = TRUE;
  yc_session_sign_in_async (session, self->wanted_username, YC_TRAINING_DEMO_PASSWORD,
                            self->cancellable, on_signed_in_cb, g_object_ref (self));
}

static void
on_session_changed_cb (YcTraining *self)
{
  show_signed_in_account (self);
  maybe_sign_in (self);
}

static void
on_signed_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcTraining) self = user_data;

  yc_session_sign_out_finish (YC_SESSION (source), result, NULL);
  maybe_sign_in (self);
}

/* ---- the server ---- */

static void
on_server_started_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(YcTraining) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  self->starting = FALSE;
  url = yc_training_server_start_finish (YC_TRAINING_SERVER (source), result, &error);
  /* Only the drill's restart comes back to the same address; Try Again takes any. */
  yc_training_server_set_listen (self->server, NULL);
  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, YC_TRAINING_BANNER_FAILED, error->message);
      return;
    }

  if (self->drill && g_strcmp0 (url, self->server_url) == 0)
    {
      YcSession *session = current_session (self);
      YcSync *sync = self->workstation != NULL ? yc_workstation_get_sync (self->workstation)
                                               : NULL;

      /* Back where the workstation expects it: the session and its token still hold, and
       * what waits in the outbox goes now rather than at its next retry. */
      self->drill = FALSE;
      if (session != NULL && yc_session_get_state (session) != YC_SESSION_SIGNED_OUT)
        {
          show_running (self);
          if (sync != NULL)
            yc_sync_kick (sync);
          return;
        }
    }
  self->drill = FALSE;

  set_state (self, YC_TRAINING_BANNER_STARTING, _("Signing in…"));
  /* The application connects the workstation; a new session appears and we sign in. */
  set_server_url (self, url);
  maybe_sign_in (self);
}

static void
start_server (YcTraining *self)
{
  self->starting = TRUE;
  set_state (self, YC_TRAINING_BANNER_STARTING, _("Starting the training server…"));
  yc_training_server_start_async (self->server, self->cancellable, on_server_started_cb,
                                  g_object_ref (self));
}

static void
on_server_exited_cb (YcTraining *self,
                     const char *message)
{
  set_server_url (self, "");
  set_state (self, YC_TRAINING_BANNER_FAILED, message);
}

static void
on_server_running_cb (YcTraining *self)
{
  if (self->runner != NULL)
    yc_scenario_runner_set_server_running (self->runner,
                                           yc_training_server_get_running (self->server));
}

/* ---- reset ---- */

static gboolean
wipe_directory (GFile         *dir,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable,
                                        &local_error);
  if (children == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY &&
          !wipe_directory (child, cancellable, error))
        return FALSE;
      if (!g_file_delete (child, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static void
wipe_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (!wipe_directory (data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_wiped_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  YcTraining *self = YC_TRAINING (source);
  g_autoptr(GError) error = NULL;

  self->resetting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The training data could not be deleted: %s. Close Yichuang, delete the folder by hand and start again."),
                         error->message);

      set_state (self, YC_TRAINING_BANNER_FAILED, message);
      return;
    }

  g_debug ("training profile wiped; starting again");
  g_signal_emit (self, signals[OPEN_WORKSTATION], 0);
  yc_training_start (self);
}

static void
on_stopped_for_reset_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(YcTraining) self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autofree char *dir = yc_workstation_profile_dir ("training");

  yc_training_server_stop_finish (YC_TRAINING_SERVER (source), result, NULL);
  g_signal_emit (self, signals[CLOSE_WORKSTATION], 0);

  /* Only ever the training profile: a real one is never touched. */
  g_assert (g_str_has_suffix (dir, G_DIR_SEPARATOR_S "training"));
  task = g_task_new (self, self->cancellable, on_wiped_cb, NULL);
  g_task_set_source_tag (task, on_stopped_for_reset_cb);
  g_task_set_task_data (task, g_file_new_for_path (dir), g_object_unref);
  g_task_run_in_thread (task, wipe_thread);
}

/* ---- actions ---- */

static void
sign_in_as_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  YcTraining *self = user_data;
  YcSession *session = current_session (self);
  const char *username = g_variant_get_string (parameter, NULL);
  YcStaff *staff = session != NULL ? yc_session_get_staff (session) : NULL;

  if (session == NULL || self->signing_in)
    return;
  if (staff != NULL && yc_session_get_state (session) != YC_SESSION_SIGNED_OUT &&
      g_strcmp0 (yc_staff_get_username (staff), username) == 0)
    return;

  g_free (self->wanted_username);
  self->wanted_username = g_strdup (username);
  set_state (self, YC_TRAINING_BANNER_STARTING, _("Signing in…"));
  /* Through the real session: sign out (the token ends at the server), then in again. */
  if (yc_session_get_state (session) != YC_SESSION_SIGNED_OUT)
    yc_session_sign_out_async (session, self->cancellable, on_signed_out_cb, g_object_ref (self));
  else
    maybe_sign_in (self);
}

static void
reset_now_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  YcTraining *self = user_data;
  YcSession *session = current_session (self);
  YcStaff *staff = session != NULL ? yc_session_get_staff (session) : NULL;

  if (self->resetting)
    return;
  self->resetting = TRUE;
  self->drill = FALSE;

  /* Whoever was signed in is signed in again in the new centre. */
  if (self->wanted_username == NULL)
    self->wanted_username = g_strdup (staff != NULL ? yc_staff_get_username (staff)
                                                    : YC_TRAINING_FIRST_ACCOUNT);
  set_state (self, YC_TRAINING_BANNER_STARTING, _("Resetting the training centre…"));
  set_server_url (self, "");
  yc_training_server_stop_async (self->server, NULL, on_stopped_for_reset_cb,
                                 g_object_ref (self));
}

static void
on_reset_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      YcTraining       *self)
{
  if (g_strcmp0 (response, "reset") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "training-reset-now",
                                    NULL);
}

static void
reset_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  YcTraining *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (self->application);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Reset the Training Centre?"),
                                   _("Every case, letter and handoff made in training is deleted, and the demo centre starts again as new. Real data is not touched."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restart_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  YcTraining *self = user_data;
  YcSession *session = current_session (self);

  if (yc_training_server_get_running (self->server))
    {
      if (self->wanted_username == NULL)
        self->wanted_username = g_strdup (YC_TRAINING_FIRST_ACCOUNT);
      if (session != NULL && yc_session_get_state (session) != YC_SESSION_SIGNED_OUT)
        show_running (self);
      else
        maybe_sign_in (self);
      return;
    }
  yc_training_start (self);
}

static void
on_stopped_for_drill_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(YcTraining) self = user_data;

  yc_training_server_stop_finish (YC_TRAINING_SERVER (source), result, NULL);
  if (self->drill)
    set_state (self, YC_TRAINING_BANNER_STOPPED,
               _("The training server is stopped, as when the network is down. Go on working: every change is kept on this workstation and is sent when the server is started again."));
}

static void
server_stop_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  YcTraining *self = user_data;

  if (!yc_training_server_get_running (self->server) || self->resetting || self->drill)
    return;
  /* The workstation keeps the server's address: it finds nobody there and works offline. */
  self->drill = TRUE;
  set_state (self, YC_TRAINING_BANNER_STARTING, _("Stopping the training server…"));
  yc_training_server_stop_async (self->server, NULL, on_stopped_for_drill_cb,
                                 g_object_ref (self));
}

static void
server_start_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  YcTraining *self = user_data;
  g_autoptr(GUri) uri = NULL;

  if (yc_training_server_get_running (self->server) || self->starting || self->resetting)
    return;
  if (self->drill && self->server_url != NULL && *self->server_url != '\0')
    uri = g_uri_parse (self->server_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_port (uri) > 0)
    {
      g_autofree char *address = g_strdup_printf ("%s:%d", g_uri_get_host (uri),
                                                  g_uri_get_port (uri));

      yc_training_server_set_listen (self->server, address);
    }
  /* After the drill the session still holds: nobody is to be signed in again. */
  if (self->drill)
    start_server (self);
  else
    yc_training_start (self);
}

static const GActionEntry training_actions[] = {
  { "training-server-stop", server_stop_action },
  { "training-server-start", server_start_action },
  { "training-sign-in-as", sign_in_as_action, "s", "''" },
  { "training-reset", reset_action },
  { "training-reset-now", reset_now_action },
  { "training-restart", restart_action },
};

/* ---- class ---- */

static void
yc_training_dispose (GObject *object)
{
  YcTraining *self = YC_TRAINING (object);

  g_cancellable_cancel (self->cancellable);
  yc_training_set_workstation (self, NULL);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  if (self->runner != NULL)
    g_object_run_dispose (G_OBJECT (self->runner));
  g_clear_object (&self->runner);

  G_OBJECT_CLASS (yc_training_parent_class)->dispose (object);
}

static void
yc_training_finalize (GObject *object)
{
  YcTraining *self = YC_TRAINING (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->wanted_username, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (yc_training_parent_class)->finalize (object);
}

static void
yc_training_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  YcTraining *self = YC_TRAINING (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_training_class_init (YcTrainingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_training_dispose;
  object_class->finalize = yc_training_finalize;
  object_class->get_property = yc_training_get_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The application lets go of the workstation (the profile is about to be wiped), and opens
   * it again afterwards. */
  signals[CLOSE_WORKSTATION] =
    g_signal_new ("close-workstation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN_WORKSTATION] =
    g_signal_new ("open-workstation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
yc_training_init (YcTraining *self)
{
  g_autofree char *profile = yc_workstation_profile_dir ("training");
  g_autofree char *dir = g_build_filename (profile, "demo-server", NULL);

  self->cancellable = g_cancellable_new ();
  self->server_url = g_strdup ("");
  self->server = yc_training_server_new (dir);
  self->wanted_username = g_strdup (YC_TRAINING_FIRST_ACCOUNT);
  self->state = YC_TRAINING_BANNER_STARTING;
  self->message = g_strdup (_("Starting the training server…"));
  g_signal_connect_object (self->server, "exited", G_CALLBACK (on_server_exited_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server, "notify::running", G_CALLBACK (on_server_running_cb),
                           self, G_CONNECT_SWAPPED);
}

/* ---- public API ---- */

YcTraining *
yc_training_new (GtkApplication *application)
{
  YcTraining *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (YC_TYPE_TRAINING, NULL);
  self->application = application;
  self->runner = yc_scenario_runner_new (application);
  g_action_map_add_action_entries (G_ACTION_MAP (application), training_actions,
                                   G_N_ELEMENTS (training_actions), self);
  return self;
}

void
yc_training_start (YcTraining *self)
{
  g_return_if_fail (YC_IS_TRAINING (self));

  if (self->starting || self->resetting || yc_training_server_get_running (self->server))
    return;

  if (self->wanted_username == NULL)
    self->wanted_username = g_strdup (YC_TRAINING_FIRST_ACCOUNT);
  start_server (self);
}

void
yc_training_set_workstation (YcTraining    *self,
                             YcWorkstation *workstation)
{
  g_return_if_fail (YC_IS_TRAINING (self));

  if (self->workstation == workstation)
    return;
  if (self->workstation != NULL)
    g_signal_handlers_disconnect_by_data (self->workstation, self);
  g_set_object (&self->workstation, workstation);
  yc_scenario_runner_set_workstation (self->runner, workstation);
  if (workstation != NULL)
    {
      g_signal_connect_object (workstation, "notify::session", G_CALLBACK (on_session_changed_cb),
                               self, G_CONNECT_SWAPPED);
      maybe_sign_in (self);
    }
}

void
yc_training_update_banners (YcTraining *self)
{
  g_return_if_fail (YC_IS_TRAINING (self));

  for (GList *l = gtk_application_get_windows (self->application);
       l != NULL; l = l->next)
    {
      YcTrainingBanner *banner;

      if (!YC_IS_WINDOW (l->data))
        continue;
      banner = yc_window_get_training_banner (YC_WINDOW (l->data));
      if (banner != NULL)
        yc_training_banner_set_state (banner, self->state, self->message);
    }
}

void
yc_training_shutdown (YcTraining *self)
{
  g_return_if_fail (YC_IS_TRAINING (self));

  g_cancellable_cancel (self->cancellable);
  yc_training_server_stop_now (self->server);
}

YcScenarioRunner *
yc_training_get_scenario_runner (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), NULL);
  return self->runner;
}

const char *
yc_training_get_server_url (YcTraining *self)
{
  g_return_val_if_fail (YC_IS_TRAINING (self), NULL);
  return self->server_url;
}
