/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training mode (issue 13) with the real binaries: `yichuang --training` under the private
 * session starts its own yichuang-server, signs in, and leaves no server behind when it quits
 * or is killed; the reset brings back the pristine demo centre. The application is watched
 * and driven through its GApplication D-Bus interface (org.gtk.Actions), exactly as its menus
 * fire the actions. YcTrainingServer's bad inputs are checked in this process. */
#define G_LOG_DOMAIN "test-training"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e-support.h"
#include "yc-training-server.h"

#define TRAINING_APP_ID "org.yichuang.Desk.Training"
#define TRAINING_APP_PATH "/org/yichuang/Desk/Training"

typedef struct {
  char        *home;       /* XDG_DATA_HOME of the application */
  guint16      port;
  char        *url;
  GSubprocess *app;
  GDBusConnection *bus;
} Training;

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
profile_path (Training   *t,
              const char *name)
{
  return g_build_filename (t->home, "yichuang", "training", name, NULL);
}

/* A test that fails must not leave the application running (and holding meson's pipes). */
static void
app_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
training_start (Training *t)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  const char *app = g_getenv ("YC_APP_BIN");

  g_assert_nonnull (app);
  if (t->home == NULL)
    {
      t->home = e2e_make_tmpdir ("yc-training-XXXXXX");
      t->port = free_port ();
      t->url = g_strdup_printf ("http://127.0.0.1:%u", t->port);
      t->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_assert_no_error (error);
    }
  listen = g_strdup_printf ("127.0.0.1:%u", t->port);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", t->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "YC_TRAINING_LISTEN", listen, TRUE);
  /* The application's own run, not this test's: criticals are reported, not fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, app_child_setup, NULL, NULL);
  t->app = g_subprocess_launcher_spawn (launcher, &error, app, "--training", NULL);
  g_assert_no_error (error);
}

static void
training_free (Training *t)
{
  if (t->app != NULL && g_subprocess_get_identifier (t->app) != NULL)
    g_subprocess_force_exit (t->app);
  g_clear_object (&t->app);
  g_clear_object (&t->bus);
  if (t->home != NULL)
    e2e_rm_rf (t->home);
  g_clear_pointer (&t->home, g_free);
  g_clear_pointer (&t->url, g_free);
}

/* The process @pid, or 0 once it is gone (a zombie counts as gone: it no longer runs). */
static gboolean
process_alive (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  end = strrchr (stat, ')');
  return end != NULL && end[1] == ' ' && end[2] != 'Z' && end[2] != 'X';
}

/* The yichuang-server whose parent is @parent, or 0. */
static GPid
find_child_server (GPid parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *open, *close;
      int ppid = 0;
      char state;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      open = strchr (stat, '(');
      close = strrchr (stat, ')');
      if (open == NULL || close == NULL ||
          sscanf (close + 1, " %c %d", &state, &ppid) != 2 || ppid != parent || state == 'Z')
        continue;
      if (close - open - 1 == (int) strlen ("yichuang-server") &&
          strncmp (open + 1, "yichuang-server", close - open - 1) == 0)
        return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

static GPid
app_pid (Training *t)
{
  const char *id = g_subprocess_get_identifier (t->app);

  g_assert_nonnull (id);
  return (GPid) g_ascii_strtoll (id, NULL, 10);
}

/* Who the role switcher says is signed in ("" for nobody), or NULL while the application is
 * not on the bus. */
static char *
signed_in_account (Training *t)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariant) description = NULL;

  reply = g_dbus_connection_call_sync (t->bus, TRAINING_APP_ID, TRAINING_APP_PATH,
                                       "org.gtk.Actions", "Describe",
                                       g_variant_new ("(s)", "training-sign-in-as"),
                                       G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                       NULL, NULL);
  if (reply == NULL)
    return NULL;
  description = g_variant_get_child_value (reply, 0);
  state = g_variant_get_child_value (description, 2);
  if (g_variant_n_children (state) != 1)
    return NULL;
  {
    g_autoptr(GVariant) boxed = g_variant_get_child_value (state, 0);
    g_autoptr(GVariant) value = g_variant_get_variant (boxed);

    return g_variant_dup_string (value, NULL);
  }
}

static void
activate (Training   *t,
          const char *action,
          GVariant   *parameter)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&params, "v", parameter);
  reply = g_dbus_connection_call_sync (t->bus, TRAINING_APP_ID, TRAINING_APP_PATH,
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", action, &params, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  /* Quitting may leave the bus before it answers. */
  if (g_strcmp0 (action, "quit") != 0)
    g_assert_no_error (error);
}

typedef struct {
  Training   *t;
  const char *username;
} SignedIn;

static gboolean
is_signed_in_as (gpointer data)
{
  SignedIn *s = data;
  g_autofree char *who = signed_in_account (s->t);

  return g_strcmp0 (who, s->username) == 0;
}

static void
wait_signed_in_as (Training   *t,
                   const char *username)
{
  SignedIn s = { t, username };

  /* Seeding the demo centre hashes a password with yescrypt: a few seconds on a busy
   * machine. */
  if (!e2e_wait (is_signed_in_as, &s, 60000))
    {
      g_autofree char *who = signed_in_account (t);

      g_error ("not signed in as %s within 60 s (the role switcher says “%s”)", username,
               who != NULL ? who : "(no application)");
    }
}

static gboolean
is_gone (gpointer data)
{
  return !process_alive (GPOINTER_TO_INT (data));
}

static GPid
running_server (Training *t)
{
  GPid server = find_child_server (app_pid (t));

  g_assert_cmpint (server, >, 0);
  g_assert_true (process_alive (server));
  return server;
}

static void
test_quit (void)
{
  Training t = { 0 };
  g_autofree char *db = NULL;
  GPid server;

  training_start (&t);
  wait_signed_in_as (&t, "clerk.li");
  server = running_server (&t);

  /* Its database lives in the training profile and holds the demo centre. */
  db = profile_path (&t, "demo-server/yichuang-server.db");
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (e2e_db_int (db, "SELECT count(*) FROM staff WHERE username = ?1", "clerk.li"),
                   ==, 1);

  activate (&t, "quit", NULL);
  g_subprocess_wait (t.app, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (t.app));
  g_assert_cmpint (g_subprocess_get_exit_status (t.app), ==, 0);
  g_assert_true (e2e_wait (is_gone, GINT_TO_POINTER (server), 5000));

  training_free (&t);
}

static void
test_killed (void)
{
  Training t = { 0 };
  GPid server;

  training_start (&t);
  wait_signed_in_as (&t, "clerk.li");
  server = running_server (&t);

  g_subprocess_send_signal (t.app, SIGKILL);
  g_subprocess_wait (t.app, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (t.app));
  /* Nobody stopped it: the kernel did (PR_SET_PDEATHSIG). */
  g_assert_true (e2e_wait (is_gone, GINT_TO_POINTER (server), 5000));

  /* A second run on the same profile starts its own server again and signs in. */
  g_clear_object (&t.app);
  training_start (&t);
  wait_signed_in_as (&t, "clerk.li");
  server = running_server (&t);
  g_subprocess_send_signal (t.app, SIGKILL);
  g_subprocess_wait (t.app, NULL, NULL);
  g_assert_true (e2e_wait (is_gone, GINT_TO_POINTER (server), 5000));

  training_free (&t);
}

typedef struct {
  Training   *t;
  const char *db;
  const char *case_id;
} Reset;

/* Signed in again, which needs the new server's demo centre to be seeded. */
static gboolean
is_reset (gpointer data)
{
  Reset *r = data;
  SignedIn s = { r->t, "chief.zhang" };

  return is_signed_in_as (&s) && g_file_test (r->db, G_FILE_TEST_EXISTS) &&
         e2e_db_int (r->db, "SELECT count(*) FROM sqlite_master WHERE name = 'cases'", NULL) == 1 &&
         e2e_db_int (r->db, "SELECT count(*) FROM cases WHERE id = ?1", r->case_id) == 0;
}

static void
test_reset (void)
{
  Training t = { 0 };
  g_autofree char *db = NULL;
  g_autofree char *store = NULL;
  g_autofree char *other_dir = e2e_make_tmpdir ("yc-training-other-XXXXXX");
  g_autoptr(YcWorkstation) other = NULL;
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(YcCase) taken = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  GStatBuf before, after;
  gint64 staff;
  GPid server;
  Reset r;

  training_start (&t);
  wait_signed_in_as (&t, "clerk.li");
  server = running_server (&t);
  db = profile_path (&t, "demo-server/yichuang-server.db");
  store = profile_path (&t, "store.db");
  g_assert_cmpint (g_stat (store, &before), ==, 0);
  staff = e2e_db_int (db, "SELECT count(*) FROM staff", NULL);
  g_assert_cmpint (staff, >, 10);

  /* Training work: another workstation of the room takes in a case at the demo server. */
  other = e2e_workstation_new (other_dir, t.url, "training-room-2");
  g_assert_true (e2e_sign_in (yc_workstation_get_session (other), "clerk.wang", E2E_PASSWORD,
                              &error));
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (yc_workstation_get_store (other), 30000));
  draft = e2e_case_draft (yc_workstation_get_store (other), "SCJG-001", "accepted",
                          "培训申请人", 7);
  taken = e2e_take_in (yc_workstation_get_store (other), draft, &error);
  g_assert_no_error (error);
  case_id = g_strdup (yc_case_get_id (taken));
  g_assert_true (e2e_wait_drained (yc_workstation_get_outbox (other), 30000));
  g_assert_cmpint (e2e_db_int (db, "SELECT count(*) FROM cases WHERE id = ?1", case_id), ==, 1);
  g_object_run_dispose (G_OBJECT (other));
  g_clear_object (&other);

  /* The trainer shows the chief representative's side, then resets. */
  activate (&t, "training-sign-in-as", g_variant_new_string ("chief.zhang"));
  wait_signed_in_as (&t, "chief.zhang");
  activate (&t, "training-reset-now", NULL);
  /* The switcher says nobody while the centre is reset. */
  g_assert_true (e2e_wait (is_gone, GINT_TO_POINTER (server), 10000));

  r = (Reset) { &t, db, case_id };
  g_assert_true (e2e_wait (is_reset, &r, 60000));

  /* A new server process on a new database with the whole demo centre, and a new store. */
  g_assert_cmpint (running_server (&t), !=, server);
  g_assert_cmpint (e2e_db_int (db, "SELECT count(*) FROM staff", NULL), ==, staff);
  g_assert_cmpint (e2e_db_int (db, "SELECT count(*) FROM cases", NULL), ==, 0);
  g_assert_cmpint (g_stat (store, &after), ==, 0);
  g_assert_true (before.st_ino != after.st_ino || before.st_ctime != after.st_ctime);

  activate (&t, "quit", NULL);
  g_subprocess_wait (t.app, NULL, NULL);
  g_assert_cmpint (g_subprocess_get_exit_status (t.app), ==, 0);
  training_free (&t);
  e2e_rm_rf (other_dir);
}

/* ---- YcTrainingServer's bad inputs, in this process ---- */

typedef struct {
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static char *
start (YcTrainingServer *server,
       GError          **error)
{
  Wait w = { NULL };
  char *url;

  yc_training_server_start_async (server, NULL, on_done_cb, &w);
  g_assert_true (e2e_wait (has_result, &w, 60000));
  url = yc_training_server_start_finish (server, w.result, error);
  g_object_unref (w.result);
  return url;
}

static void
test_server_missing (void)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-training-server-XXXXXX");
  g_autoptr(YcTrainingServer) server = yc_training_server_new (dir);
  g_autofree char *saved = g_strdup (g_getenv ("YC_SERVER_BIN"));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_setenv ("YC_SERVER_BIN", "/nonexistent/yichuang-server", TRUE);
  url = start (server, &error);
  g_setenv ("YC_SERVER_BIN", saved, TRUE);
  g_assert_null (url);
  g_assert_error (error, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "yichuang-server"));
  e2e_rm_rf (dir);
}

static void
test_server_port_taken (void)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-training-server-XXXXXX");
  g_autoptr(YcTrainingServer) first = yc_training_server_new (dir);
  g_autofree char *dir2 = e2e_make_tmpdir ("yc-training-server-XXXXXX");
  g_autoptr(YcTrainingServer) second = yc_training_server_new (dir2);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", free_port ());
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url2 = NULL;

  g_setenv ("YC_TRAINING_LISTEN", listen, TRUE);
  url = start (first, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (url, listen));
  url2 = start (second, &error);
  g_unsetenv ("YC_TRAINING_LISTEN");
  g_assert_null (url2);
  g_assert_error (error, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_CANNOT_LISTEN);
  g_assert_false (yc_training_server_get_running (second));

  yc_training_server_stop_now (first);
  g_assert_false (yc_training_server_get_running (first));
  e2e_rm_rf (dir);
  e2e_rm_rf (dir2);
}

static void
test_server_db_unwritable (void)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-training-server-XXXXXX");
  g_autoptr(YcTrainingServer) server = yc_training_server_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (geteuid () == 0)
    {
      /* root writes anywhere: a directory where the database should be makes it fail. */
      g_autofree char *db = g_build_filename (dir, "yichuang-server.db", NULL);

      g_assert_cmpint (g_mkdir (db, 0700), ==, 0);
    }
  else
    g_assert_cmpint (g_chmod (dir, 0500), ==, 0);

  url = start (server, &error);
  g_chmod (dir, 0700);
  g_assert_null (url);
  g_assert_error (error, YC_TRAINING_SERVER_ERROR, YC_TRAINING_SERVER_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, dir));
  e2e_rm_rf (dir);
}

static void
on_exited_cb (YcTrainingServer *server,
              const char       *message,
              char            **out)
{
  *out = g_strdup (message);
}

static gboolean
has_message (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_server_crash (void)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-training-server-XXXXXX");
  g_autoptr(YcTrainingServer) server = yc_training_server_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  g_autofree char *again = NULL;
  GPid pid;

  g_signal_connect (server, "exited", G_CALLBACK (on_exited_cb), &message);
  url = start (server, &error);
  g_assert_no_error (error);
  pid = find_child_server (getpid ());
  g_assert_cmpint (pid, >, 0);

  /* A crash: SIGABRT, as g_error or a failed assertion ends a GLib program (SIGSEGV sent from
   * here would be taken by AddressSanitizer's handler in a sanitized build and reported as a
   * memory error the server does not have). */
  kill (pid, SIGABRT);
  g_assert_true (e2e_wait (has_message, &message, 10000));
  g_assert_false (yc_training_server_get_running (server));
  g_assert_null (yc_training_server_get_url (server));

  /* Try Again: the same database, a new child. */
  again = start (server, &error);
  g_assert_no_error (error);
  g_assert_true (yc_training_server_get_running (server));
  pid = find_child_server (getpid ());
  yc_training_server_stop_now (server);
  g_assert_true (e2e_wait (is_gone, GINT_TO_POINTER (pid), 5000));
  e2e_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/training/server/missing", test_server_missing);
  g_test_add_func ("/training/server/port-taken", test_server_port_taken);
  g_test_add_func ("/training/server/db-unwritable", test_server_db_unwritable);
  g_test_add_func ("/training/server/crash", test_server_crash);
  g_test_add_func ("/training/quit", test_quit);
  g_test_add_func ("/training/killed", test_killed);
  g_test_add_func ("/training/reset", test_reset);
  return g_test_run ();
}
