/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-e2e-client: a workstation for test-sync-kill. It opens a profile, resumes the session
 * (or signs in), then takes in cases one after the other while the sync engine replays the
 * outbox, printing "saved <case-id>" (flushed) as soon as each change is committed locally.
 * The test kills it at random moments and starts it again on the same profile.
 *
 *   yc-e2e-client --profile DIR --server URL --workstation NAME [--changes N] [--drain]
 *
 * --changes N: stop after N changes (default: go on until killed); --drain: then wait until
 * the outbox is empty, print "drained" and exit 0. */
#define G_LOG_DOMAIN "yc-e2e-client"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "e2e-support.h"

static const char *const items[][2] = {
  { "SCJG-001", "instant" },
  { "RSJ-001", "instant" },
  { "SCJG-004", "incomplete" },
  { "RSJ-004", "instant" },
};

typedef struct {
  YcStore   *store;
  GMainLoop *loop;
  gint64     left;     /* changes still to make; < 0: until killed */
  guint      made;
  gboolean   failed;
} Client;

static void take_in_next (Client *c);

static gboolean
on_pause_done_cb (gpointer data)
{
  take_in_next (data);
  return G_SOURCE_REMOVE;
}

static void
on_taken_in_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_take_in_finish (YC_STORE (source), result, &error);

  if (stored == NULL)
    {
      g_printerr ("yc-e2e-client: take-in failed: %s\n", error->message);
      c->failed = TRUE;
      g_main_loop_quit (c->loop);
      return;
    }

  /* Committed: only now may it be reported saved. */
  printf ("saved %s\n", yc_case_get_id (stored));
  fflush (stdout);
  c->made++;
  if (c->left > 0)
    c->left--;

  /* A short, varying pause, so that the sync engine's work and ours interleave. */
  g_timeout_add (g_random_int_range (0, 8), on_pause_done_cb, c);
}

static void
take_in_next (Client *c)
{
  g_autoptr(YcCase) draft = NULL;
  g_autofree char *name = NULL;
  guint which = g_random_int_range (0, G_N_ELEMENTS (items));

  if (c->left == 0)
    {
      g_main_loop_quit (c->loop);
      return;
    }
  name = g_strdup_printf ("赵敏%06u", g_random_int_range (0, 1000000));
  draft = e2e_case_draft (c->store, items[which][0], items[which][1], name,
                          g_random_int_range (0, 1000));
  yc_store_take_in_async (c->store, draft, NULL, on_taken_in_cb, c);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *profile = NULL;
  g_autofree char *server = NULL;
  g_autofree char *workstation_name = NULL;
  gint64 changes = -1;
  gboolean drain = FALSE;
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile, "Profile directory", "DIR" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "Server URL", "URL" },
    { "workstation", 0, 0, G_OPTION_ARG_STRING, &workstation_name, "Workstation name", "NAME" },
    { "changes", 0, 0, G_OPTION_ARG_INT64, &changes, "Changes to make (default: until killed)", "N" },
    { "drain", 0, 0, G_OPTION_ARG_NONE, &drain, "Wait until the outbox is empty", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a workstation for test-sync-kill");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcWorkstation) ws = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  YcSession *session;
  Client c = { NULL };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || profile == NULL || server == NULL)
    {
      g_printerr ("yc-e2e-client: %s\n", error != NULL ? error->message : "--profile and --server are needed");
      return 2;
    }

  ws = e2e_workstation_new (profile, server,
                            workstation_name != NULL ? workstation_name : "e2e-kill");
  yc_sync_set_backoff_scale (yc_workstation_get_sync (ws), 0.02);
  session = yc_workstation_get_session (ws);

  /* The token from the keyring, else the password (a new token). */
  if (!e2e_resume (session, &error))
    {
      g_clear_error (&error);
      if (!e2e_sign_in (session, "clerk.li", E2E_PASSWORD, &error))
        {
          g_printerr ("yc-e2e-client: cannot sign in: %s\n", error->message);
          return 2;
        }
    }

  c.store = yc_workstation_get_store (ws);
  if (changes != 0)
    {
      if (!e2e_wait_catalogue (c.store, 60000))
        {
          g_printerr ("yc-e2e-client: the catalogue did not come\n");
          return 2;
        }
      loop = g_main_loop_new (NULL, FALSE);
      c.loop = loop;
      c.left = changes;
      take_in_next (&c);
      g_main_loop_run (loop);
      if (c.failed)
        return 1;
    }

  if (drain)
    {
      YcOutbox *outbox = yc_workstation_get_outbox (ws);

      if (!e2e_wait_drained (outbox, 120000))
        {
          g_printerr ("yc-e2e-client: not drained: %u pending, %u need attention (%s)\n",
                      yc_outbox_get_n_pending (outbox), yc_outbox_get_n_attention (outbox),
                      yc_sync_get_last_error (yc_workstation_get_sync (ws)));
          return 1;
        }
      printf ("drained\n");
      fflush (stdout);
    }

  return 0;
}
