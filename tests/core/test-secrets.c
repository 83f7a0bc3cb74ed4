/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The token in a real gnome-keyring on a private session bus (build-aux/yc check starts both). */
#define G_LOG_DOMAIN "test-secrets"

#include <gio/gio.h>

#include "yc-secrets.h"

typedef struct {
  GMainLoop *loop;
  gboolean   ok;
  char      *token;
  GError    *error;
} Wait;

static void
on_store_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = yc_secrets_store_token_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->token = yc_secrets_lookup_token_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_clear_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = yc_secrets_clear_token_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
wait_clear (Wait *w)
{
  g_clear_pointer (&w->token, g_free);
  g_clear_error (&w->error);
  w->ok = FALSE;
}

static void
test_round_trip (void)
{
  Wait w = { g_main_loop_new (NULL, FALSE) };
  const char *server = "http://127.0.0.1:8470";
  g_autofree char *user = g_strdup_printf ("clerk.test%u", g_random_int ());

  yc_secrets_lookup_token_async (server, user, NULL, on_lookup_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_null (w.token);
  wait_clear (&w);

  yc_secrets_store_token_async (server, user, "tok-abc", NULL, on_store_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  wait_clear (&w);

  /* Another server, same user: a separate entry. */
  yc_secrets_lookup_token_async ("https://other.example", user, NULL, on_lookup_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_null (w.token);
  wait_clear (&w);

  yc_secrets_lookup_token_async (server, user, NULL, on_lookup_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.token, ==, "tok-abc");
  wait_clear (&w);

  /* Storing again replaces. */
  yc_secrets_store_token_async (server, user, "tok-def", NULL, on_store_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_true (w.ok);
  wait_clear (&w);
  yc_secrets_lookup_token_async (server, user, NULL, on_lookup_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_cmpstr (w.token, ==, "tok-def");
  wait_clear (&w);

  yc_secrets_clear_token_async (server, user, NULL, on_clear_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  wait_clear (&w);

  yc_secrets_lookup_token_async (server, user, NULL, on_lookup_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_null (w.token);
  wait_clear (&w);

  g_main_loop_unref (w.loop);
}

static void
test_no_service (void)
{
  /* A session bus with no Secret Service on it: the error says so plainly. The bus is made in
   * a child process, since libsecret keeps its connection to the bus it first met. */
  if (g_test_subprocess ())
    {
      Wait w = { g_main_loop_new (NULL, FALSE) };
      GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      yc_secrets_store_token_async ("http://127.0.0.1:1", "nobody", "tok", NULL, on_store_cb, &w);
      g_main_loop_run (w.loop);
      g_assert_error (w.error, YC_SECRETS_ERROR, YC_SECRETS_ERROR_NO_SERVICE);
      g_print ("%s\n", w.error->message);
      wait_clear (&w);

      yc_secrets_lookup_token_async ("http://127.0.0.1:1", "nobody", NULL, on_lookup_cb, &w);
      g_main_loop_run (w.loop);
      g_assert_error (w.error, YC_SECRETS_ERROR, YC_SECRETS_ERROR_NO_SERVICE);
      g_assert_null (w.token);
      wait_clear (&w);
      g_main_loop_unref (w.loop);
      /* libsecret still holds its connection to this bus, so stop it without waiting for that
       * connection to go (g_test_dbus_down would). */
      g_test_dbus_stop (bus);
      g_object_unref (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*keyring*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* build-aux/yc check provides the bus and an unlocked throwaway gnome-keyring. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_error ("needs a session bus with gnome-keyring: run under build-aux/yc check");

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/no-service", test_no_service);
  return g_test_run ();
}
