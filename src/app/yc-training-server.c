/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-training-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "yc-training-server.h"

#define START_TIMEOUT_SECONDS 20
#define STOP_TIMEOUT_SECONDS  3
#define STDERR_TAIL_LINES     6

struct _YcTrainingServer
{
  GObject           parent_instance;

  char             *directory;
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GDataInputStream *stderr_lines;
  GCancellable     *cancellable;  /* the readers and the wait of the current child */
  GQueue            stderr_tail;  /* the last lines it wrote to stderr, for messages */
  char             *url;
  GTask            *start_task;
  guint             start_timeout_id;
  GList            *stop_tasks;
  guint             stop_timeout_id;
  guint             exit_grace_id;
  gboolean          stopping;
  char             *listen;       /* set by yc_training_server_set_listen(), or NULL */
  gboolean          exited;       /* the child ended; handled once stderr is read to its end */
  gboolean          stderr_done;
};

G_DEFINE_FINAL_TYPE (YcTrainingServer, yc_training_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-training-server-error-quark, yc_training_server_error)

enum {
  PROP_0,
  PROP_URL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void read_next_stderr_line (YcTrainingServer *self);
static void read_next_stdout_line (YcTrainingServer *self);

/* ---- the child ---- */

#ifdef __linux__
static void
child_setup (gpointer data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (data);

  /* Runs in the child between fork and exec. SIGKILL, not SIGTERM: the parent is gone, and
   * the database (WAL, synchronous=FULL) keeps every committed change through a kill. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The parent may have died before the line above: then nobody will send the signal. */
  if (getppid () != parent)
    _exit (1);
}
#endif

static char *
dup_stderr_tail (YcTrainingServer *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GList *l = self->stderr_tail.head; l != NULL; l = l->next)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, l->data);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What the server said last, as an error that says what to do. */
static GError *
make_exit_error (YcTrainingServer *self,
                 const char       *fallback)
{
  g_autofree char *tail = dup_stderr_tail (self);
  const char *said = *tail != '\0' ? tail : fallback;

  if (strstr (said, "cannot listen") != NULL)
    return g_error_new (YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_CANNOT_LISTEN,
                        _("The training server cannot listen on its address: the port may be taken by another program. Close that program (or unset YC_TRAINING_LISTEN) and try again.\n\n%s"),
                        said);
  if (strstr (said, "atabase") != NULL || strstr (said, "SQLite") != NULL ||
      strstr (said, "sqlite") != NULL || strstr (said, "readonly") != NULL ||
      strstr (said, "unable to open") != NULL)
    return g_error_new (YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_DATABASE,
                        _("The training database in %s cannot be written. Make sure the folder is yours and writable and the disk is not full, or reset the training centre, then try again.\n\n%s"),
                        self->directory, said);
  return g_error_new (YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_FAILED,
                      _("The training server stopped. Try again; if it keeps stopping, reset the training centre.\n\n%s"),
                      said);
}

static void
finish_start (YcTrainingServer *self,
              GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  if (task == NULL)
    {
      if (error != NULL)
        g_error_free (error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (self->url), g_free);
}

static void
finish_stops (YcTrainingServer *self)
{
  GList *tasks = g_steal_pointer (&self->stop_tasks);

  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_task_return_boolean (l->data, TRUE);
      g_object_unref (l->data);
    }
  g_list_free (tasks);
}

static void
forget_process (YcTrainingServer *self)
{
  gboolean was_running = self->url != NULL;

  g_clear_handle_id (&self->exit_grace_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->stderr_lines);
  g_clear_object (&self->process);
  g_clear_pointer (&self->url, g_free);
  if (was_running)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
handle_exit (YcTrainingServer *self)
{
  GSubprocess *process = self->process;
  g_autofree char *status = NULL;
  gboolean was_running, stopping;

  g_clear_handle_id (&self->exit_grace_id, g_source_remove);
  if (g_subprocess_get_if_signaled (process))
    status = g_strdup_printf ("signal %d", g_subprocess_get_term_sig (process));
  else
    status = g_strdup_printf ("exit status %d", g_subprocess_get_exit_status (process));
  g_debug ("the training server ended (%s)", status);

  was_running = self->url != NULL;
  stopping = self->stopping;
  self->stopping = FALSE;

  if (self->start_task != NULL)
    finish_start (self, make_exit_error (self, status));
  else if (was_running && !stopping)
    {
      g_autoptr(GError) error = make_exit_error (self, status);

      forget_process (self);
      g_signal_emit (self, signals[EXITED], 0, error->message);
      finish_stops (self);
      return;
    }

  forget_process (self);
  finish_stops (self);
}

static gboolean
on_exit_grace_cb (gpointer data)
{
  YcTrainingServer *self = data;

  self->exit_grace_id = 0;
  handle_exit (self);
  return G_SOURCE_REMOVE;
}

static void
on_process_exited_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(YcTrainingServer) self = user_data;
  g_autoptr(GError) wait_error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait_error) &&
      g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (G_SUBPROCESS (source) != self->process)
    return;

  /* Its last words on stderr may still be in the pipe: they make the message. */
  self->exited = TRUE;
  if (self->stderr_done)
    handle_exit (self);
  else
    self->exit_grace_id = g_timeout_add (500, on_exit_grace_cb, self);
}

static void
on_stderr_line_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcTrainingServer) self = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    NULL);
  if (G_DATA_INPUT_STREAM (source) != self->stderr_lines)
    return;
  if (line == NULL)
    {
      self->stderr_done = TRUE;
      if (self->exited)
        handle_exit (self);
      return;
    }

  g_queue_push_tail (&self->stderr_tail, g_steal_pointer (&line));
  while (self->stderr_tail.length > STDERR_TAIL_LINES)
    g_free (g_queue_pop_head (&self->stderr_tail));
  read_next_stderr_line (self);
}

static void
read_next_stderr_line (YcTrainingServer *self)
{
  g_data_input_stream_read_line_async (self->stderr_lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_stderr_line_cb, g_object_ref (self));
}

static void
on_stdout_line_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcTrainingServer) self = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    NULL);
  if (line == NULL || G_DATA_INPUT_STREAM (source) != self->stdout_lines)
    return;

  /* The first line is "listening on URL"; anything later is only drained. */
  if (self->start_task != NULL && self->url == NULL && g_str_has_prefix (line, "listening on "))
    {
      self->url = g_strdup (line + strlen ("listening on "));
      g_debug ("the training server listens on %s", self->url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      finish_start (self, NULL);
    }
  read_next_stdout_line (self);
}

static void
read_next_stdout_line (YcTrainingServer *self)
{
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_stdout_line_cb, g_object_ref (self));
}

static gboolean
on_start_timeout_cb (gpointer data)
{
  YcTrainingServer *self = data;

  self->start_timeout_id = 0;
  if (self->process != NULL)
    {
      self->stopping = TRUE;
      g_subprocess_force_exit (self->process);
    }
  finish_start (self,
                g_error_new (YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_TIMEOUT,
                             _("The training server did not start within %d seconds. The computer may be very busy: try again in a moment."),
                             START_TIMEOUT_SECONDS));
  return G_SOURCE_REMOVE;
}

static gboolean
on_stop_timeout_cb (gpointer data)
{
  YcTrainingServer *self = data;

  self->stop_timeout_id = 0;
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  return G_SOURCE_REMOVE;
}

static gboolean
is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_access (path, X_OK) == 0;
}

/* ---- class ---- */

static void
yc_training_server_dispose (GObject *object)
{
  YcTrainingServer *self = YC_TRAINING_SERVER (object);

  yc_training_server_stop_now (self);
  G_OBJECT_CLASS (yc_training_server_parent_class)->dispose (object);
}

static void
yc_training_server_finalize (GObject *object)
{
  YcTrainingServer *self = YC_TRAINING_SERVER (object);

  g_queue_clear_full (&self->stderr_tail, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->listen, g_free);

  G_OBJECT_CLASS (yc_training_server_parent_class)->finalize (object);
}

static void
yc_training_server_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcTrainingServer *self = YC_TRAINING_SERVER (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->url != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_training_server_class_init (YcTrainingServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_training_server_dispose;
  object_class->finalize = yc_training_server_finalize;
  object_class->get_property = yc_training_server_get_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The child ended while it was serving and nobody asked it to: the message says what to
   * do. */
  signals[EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yc_training_server_init (YcTrainingServer *self)
{
  g_queue_init (&self->stderr_tail);
}

/* ---- public API ---- */

char *
yc_training_server_find_binary (void)
{
  const char *env = g_getenv ("YC_SERVER_BIN");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return is_executable (env) ? g_strdup (env) : NULL;

  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *beside = g_build_filename (dir, "yichuang-server", NULL);
      g_autofree char *in_tree = g_build_filename (dir, "..", "server", "yichuang-server", NULL);

      if (is_executable (beside))
        return g_steal_pointer (&beside);
      if (is_executable (in_tree))
        return g_canonicalize_filename (in_tree, NULL);
    }

  return g_find_program_in_path ("yichuang-server");
}

YcTrainingServer *
yc_training_server_new (const char *directory)
{
  YcTrainingServer *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (YC_TYPE_TRAINING_SERVER, NULL);
  self->directory = g_strdup (directory);
  return self;
}

const char *
yc_training_server_get_directory (YcTrainingServer *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SERVER (self), NULL);
  return self->directory;
}

const char *
yc_training_server_get_url (YcTrainingServer *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SERVER (self), NULL);
  return self->url;
}

gboolean
yc_training_server_get_running (YcTrainingServer *self)
{
  g_return_val_if_fail (YC_IS_TRAINING_SERVER (self), FALSE);
  return self->url != NULL;
}

void
yc_training_server_set_listen (YcTrainingServer *self,
                               const char       *address)
{
  g_return_if_fail (YC_IS_TRAINING_SERVER (self));

  g_free (self->listen);
  self->listen = g_strdup (address);
}

void
yc_training_server_start_async (YcTrainingServer    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *db = NULL;
  const char *listen = self->listen != NULL ? self->listen : g_getenv ("YC_TRAINING_LISTEN");

  g_return_if_fail (YC_IS_TRAINING_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_training_server_start_async);

  if (self->process != NULL || self->start_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The training server is already started");
      return;
    }

  binary = yc_training_server_find_binary ();
  if (binary == NULL)
    {
      g_task_return_new_error (task, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_NOT_FOUND,
                               _("The training server (yichuang-server) was not found next to Yichuang, in its build tree or in PATH. Install the yichuang-server package, or build both with “build-aux/yc build”, then try again."));
      return;
    }

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_DATABASE,
                               _("The training database in %s cannot be written. Make sure the folder is yours and writable and the disk is not full, or reset the training centre, then try again.\n\n%s"),
                               self->directory, g_strerror (saved));
      return;
    }

  db = g_build_filename (self->directory, "yichuang-server.db", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, self->directory);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER (getpid ()),
                                         NULL);
#endif
  self->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--demo", "--training",
                                               "--db", db, "--listen",
                                               listen != NULL && *listen != '\0'
                                               ? listen : "127.0.0.1:0",
                                               "--log-level", "warning", NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_FAILED,
                               _("The training server (%s) could not be started: %s"), binary,
                               error->message);
      return;
    }
  g_debug ("started %s (pid %s)", binary, g_subprocess_get_identifier (self->process));

  g_queue_clear_full (&self->stderr_tail, g_free);
  self->stopping = FALSE;
  self->exited = FALSE;
  self->stderr_done = FALSE;
  self->cancellable = g_cancellable_new ();
  self->start_task = g_steal_pointer (&task);
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->stderr_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->process));
  read_next_stdout_line (self);
  read_next_stderr_line (self);
  g_subprocess_wait_async (self->process, self->cancellable, on_process_exited_cb,
                           g_object_ref (self));
  self->start_timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, on_start_timeout_cb,
                                                  self);
}

char *
yc_training_server_start_finish (YcTrainingServer  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_training_server_stop_async (YcTrainingServer    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_TRAINING_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_training_server_stop_async);

  if (self->process == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->stop_tasks = g_list_append (self->stop_tasks, g_steal_pointer (&task));
  if (!self->stopping)
    {
      self->stopping = TRUE;
      g_subprocess_send_signal (self->process, SIGTERM);
    }
  if (self->stop_timeout_id == 0)
    self->stop_timeout_id = g_timeout_add_seconds (STOP_TIMEOUT_SECONDS, on_stop_timeout_cb,
                                                   self);
}

gboolean
yc_training_server_stop_finish (YcTrainingServer  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
yc_training_server_stop_now (YcTrainingServer *self)
{
  g_return_if_fail (YC_IS_TRAINING_SERVER (self));

  if (self->process == NULL)
    return;

  self->stopping = TRUE;
  /* GLib reaps the child in its worker thread, so its identifier goes away without this
   * thread's main loop running. */
  if (g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      for (int i = 0; i < 100 && g_subprocess_get_identifier (self->process) != NULL; i++)
        g_usleep (20 * G_TIME_SPAN_MILLISECOND);
      if (g_subprocess_get_identifier (self->process) != NULL)
        g_subprocess_force_exit (self->process);
    }

  finish_start (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           "The training server was stopped"));
  forget_process (self);
  finish_stops (self);
}
