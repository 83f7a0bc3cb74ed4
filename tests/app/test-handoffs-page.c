/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handoffs-page.c: the Handoffs page (D12) of three people at once, each with their own
 * profile, store and sync engine against the real yichuang-server: clerk.li asks her B post
 * to cover while she is away, chief.zhang sees the request arrive in his approvals inbox
 * through the event feed and approves it, clerk.wang signs for it and holds the cases; each
 * sees the others' steps without a refresh. A parallel approval goes to two departments that
 * sign for it and answer; the requester sees both answers. The rules are refused in plain
 * words on the page, and every step is in the case's history. */
#define G_LOG_DOMAIN "test-handoffs-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "display-support.h"
#include "e2e-support.h"
#include "yc-case-history.h"
#include "yc-handoff-dialog.h"
#include "yc-handoffs-page.h"

#define WAIT_MS 30000

typedef struct {
  char          *profile;
  YcWorkstation *ws;
  YcStore       *store;
  GtkWidget     *window;
  YcHandoffsPage *page;
} Desk;

typedef struct {
  char      *dir;
  E2eServer *server;
  guint      serial;
} Fixture;

static void
desk_free (Desk *d)
{
  if (d->window != NULL)
    gtk_window_destroy (GTK_WINDOW (d->window));
  g_clear_object (&d->ws);
  g_free (d->profile);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desk, desk_free)

static Desk *
desk_new (Fixture    *f,
          const char *username)
{
  g_autoptr(GError) error = NULL;
  Desk *d = g_new0 (Desk, 1);
  YcSync *sync;

  d->profile = g_build_filename (f->dir, username, NULL);
  d->ws = e2e_workstation_new (d->profile, f->server->url, username);
  d->store = yc_workstation_get_store (d->ws);
  sync = yc_workstation_get_sync (d->ws);
  yc_sync_set_backoff_scale (sync, 0.02);
  yc_sync_set_follow_events (sync, TRUE);
  e2e_sign_in (yc_workstation_get_session (d->ws), username, E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (e2e_wait_catalogue (d->store, WAIT_MS));

  d->page = YC_HANDOFFS_PAGE (yc_handoffs_page_new (d->store));
  d->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (d->window), GTK_WIDGET (d->page));
  gtk_window_present (GTK_WINDOW (d->window));
  spin_until (widget_is_mapped, d->page, 5000);
  g_assert_true (widget_is_mapped (d->page));
  return d;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = e2e_make_tmpdir ("yc-handoffs-page-XXXXXX");
  f->server = e2e_server_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  e2e_server_free (f->server);
  e2e_rm_rf (f->dir);
  g_free (f->dir);
}

static YcCase *
take_in (Fixture *f,
         Desk    *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("陈晓明%03u", ++f->serial);
  g_autoptr(YcCase) draft = e2e_case_draft (d->store, "SCJG-001", "accepted", name, f->serial);
  YcCase *stored = e2e_take_in (d->store, draft, &error);

  g_assert_no_error (error);
  g_assert_true (e2e_wait_drained (yc_workstation_get_outbox (d->ws), WAIT_MS));
  return stored;
}

/* ------------------------------------------------------------------ waiting for the page */

/* A count of a view: how many it lists, or how many of them wait for its user. */
typedef guint (*CountFunc) (YcHandoffsPage *page,
                            const char     *view);

typedef struct {
  YcHandoffsPage *page;
  CountFunc       count;
  const char     *view;
  guint           n;
} Count;

static gboolean
has_count (gpointer data)
{
  Count *c = data;

  return c->count (c->page, c->view) == c->n;
}

static void
wait_count (Desk       *d,
            CountFunc   count,
            const char *what,
            const char *view,
            guint       n)
{
  Count c = { d->page, count, view, n };

  if (!e2e_wait (has_count, &c, WAIT_MS))
    g_error ("%s: %u %s in %s, not %u", d->profile, count (d->page, view), what, view, n);
}

static void
wait_waiting (Desk       *d,
              const char *view,
              guint       n)
{
  wait_count (d, yc_handoffs_page_get_n_waiting, "waiting", view, n);
}

static void
wait_items (Desk       *d,
            const char *view,
            guint       n)
{
  wait_count (d, yc_handoffs_page_get_n_items, "listed", view, n);
}

typedef struct {
  YcStore    *store;
  const char *id;
  const char *state;
} StateWait;

static gboolean
has_state (gpointer data)
{
  StateWait *w = data;
  g_autoptr(YcHandoff) handoff = yc_store_get_handoff (w->store, w->id, NULL);

  return handoff != NULL && g_strcmp0 (yc_handoff_get_state (handoff), w->state) == 0;
}

static void
wait_state (Desk       *d,
            const char *id,
            const char *state)
{
  StateWait w = { d->store, id, state };

  if (!e2e_wait (has_state, &w, WAIT_MS))
    {
      g_autoptr(YcHandoff) handoff = yc_store_get_handoff (d->store, id, NULL);

      g_error ("%s: handoff %s is %s, not %s; the page says: %s", d->profile, id,
               handoff != NULL ? yc_handoff_get_state (handoff) : "missing", state,
               yc_handoffs_page_get_message (d->page));
    }
}

static gboolean
is_destroyed (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

/* Send the dialog as the clerk would (Ctrl+Enter runs this action) and wait for it to close. */
static void
send_dialog (GtkWidget *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (dialog, "handoff.send", NULL));
  g_assert_true (e2e_wait (is_destroyed, &dialog, WAIT_MS));
}

static void
type_comment (Desk       *d,
              const char *text)
{
  GtkWidget *entry = find_descendant (GTK_WIDGET (d->page), GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
activate (Desk       *d,
          const char *action,
          const char *target)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d->page), action,
                                             target != NULL ? "s" : NULL, target));
}

/* The newest handoff in @d's store. */
static char *
newest_handoff (Desk *d)
{
  g_autoptr(GPtrArray) all = yc_store_list_handoffs (d->store, NULL, NULL);

  g_assert_nonnull (all);
  g_assert_cmpuint (all->len, >, 0);
  return g_strdup (yc_handoff_get_id (g_ptr_array_index (all, 0)));
}

/* ------------------------------------------------------------------ the tests */

static void
test_cover_approved_and_signed_for (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(Desk) li = desk_new (f, "clerk.li");
  g_autoptr(Desk) zhang = desk_new (f, "chief.zhang");
  g_autoptr(Desk) wang = desk_new (f, "clerk.wang");
  g_autoptr(YcCase) one = take_in (f, li);
  g_autoptr(YcCase) two = take_in (f, li);
  g_autoptr(YcCase) held = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) cases = NULL;
  GtkWidget *dialog, *history;
  const char *message;

  /* Leaving my post: the B post and every open case are proposed; the reason is asked for. */
  dialog = yc_handoffs_page_request (li->page, "ab_cover", NULL);
  g_assert_cmpstr (yc_handoff_dialog_get_to_staff (YC_HANDOFF_DIALOG (dialog)), ==, "s-wang");
  cases = yc_handoff_dialog_dup_cases (YC_HANDOFF_DIALOG (dialog));
  g_assert_cmpuint (g_strv_length (cases), ==, 2);
  spin_until (widget_is_mapped, dialog, 5000);
  g_assert_true (widget_is_mapped (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "handoff.send", NULL));
  g_assert_nonnull (yc_handoff_dialog_get_error (YC_HANDOFF_DIALOG (dialog)));
  yc_handoff_dialog_set_reason (YC_HANDOFF_DIALOG (dialog), "下午参加业务培训，离岗两小时");
  save_snapshot (dialog, "handoff-request");
  if (is_chinese ())
    assert_widget_tree_chinese (dialog, NULL);
  send_dialog (dialog);
  g_assert_cmpuint (yc_handoffs_page_get_n_items (li->page, "requests"), ==, 1);
  id = newest_handoff (li);

  /* The chief's inbox shows it without a refresh, and he was told. */
  wait_waiting (zhang, "approvals", 1);
  g_assert_cmpuint (yc_handoffs_page_get_n_notified (zhang->page), ==, 1);
  yc_handoffs_page_show_view (zhang->page, "approvals");
  g_assert_true (yc_handoffs_page_select_handoff (zhang->page, id));
  spin_for (200);
  save_snapshot (GTK_WIDGET (zhang->page), "handoffs-inbox");
  if (is_chinese ())
    assert_widget_tree_chinese (GTK_WIDGET (zhang->page), "SCJG");

  /* Rejecting needs a reason: said at the field, nothing saved. */
  activate (zhang, "handoffs.reject", NULL);
  message = yc_handoffs_page_get_message (zhang->page);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, ==, _("Please give the reason for rejecting the handoff."));
  wait_state (zhang, id, "pending");

  /* The receiver sees it coming but cannot sign for it before it is approved. */
  wait_items (wang, "incoming", 1);
  g_assert_cmpuint (yc_handoffs_page_get_n_waiting (wang->page, "incoming"), ==, 0);
  yc_handoffs_page_show_view (wang->page, "incoming");
  g_assert_true (yc_handoffs_page_select_handoff (wang->page, id));
  g_assert_cmpstr (yc_handoffs_page_get_message (wang->page), ==,
                   _("The chief representative of the giving department has not approved it "
                     "yet: the work stays with its holder until then."));
  gtk_widget_activate_action (GTK_WIDGET (wang->page), "handoffs.sign-for", NULL);
  spin_for (300);
  wait_state (wang, id, "pending");

  /* Approve with a comment (Enter in the list does the same). */
  type_comment (zhang, "同意替岗");
  activate (zhang, "handoffs.approve", NULL);
  wait_state (zhang, id, "approved");
  wait_state (li, id, "approved");

  /* The receiver is told, signs for it and holds the cases. */
  wait_waiting (wang, "incoming", 1);
  g_assert_cmpuint (yc_handoffs_page_get_n_notified (wang->page), ==, 1);
  yc_handoffs_page_show_view (wang->page, "incoming");
  g_assert_true (yc_handoffs_page_select_handoff (wang->page, id));
  save_snapshot (GTK_WIDGET (wang->page), "handoffs-incoming");
  activate (wang, "handoffs.sign-for", NULL);
  wait_state (wang, id, "received");
  wait_state (li, id, "received");
  wait_waiting (wang, "incoming", 0);
  held = yc_store_get_case (wang->store, yc_case_get_id (one), NULL);
  g_assert_nonnull (held);
  g_assert_cmpstr (yc_case_get_holder_id (held), ==, "s-wang");

  /* Every step is in the case's history, oldest first. */
  history = yc_case_history_new (li->store, yc_case_get_id (one));
  g_assert_cmpuint (yc_case_history_get_n_steps (YC_CASE_HISTORY (history)), >=, 4);
  {
    g_autofree char *first = yc_case_history_dup_step (YC_CASE_HISTORY (history), 0);
    g_autofree char *last = yc_case_history_dup_step (YC_CASE_HISTORY (history),
                                                      yc_case_history_get_n_steps (YC_CASE_HISTORY (history)) - 1);

    g_assert_nonnull (strstr (first, _("Taken in and accepted")));
    g_assert_nonnull (strstr (last, "王志强"));
  }
  gtk_window_present (GTK_WINDOW (history));
  spin_until (widget_is_mapped, history, 5000);
  g_assert_true (widget_is_mapped (history));
  save_snapshot (history, "case-history");
  if (is_chinese ())
    assert_widget_tree_chinese (history, "SCJG");
  gtk_window_destroy (GTK_WINDOW (history));
}

static void
test_own_request (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Desk) zhang = desk_new (f, "chief.zhang");
  g_autoptr(YcCase) kase = take_in (f, zhang);
  g_autofree char *id = NULL;
  GtkWidget *dialog;

  /* A chief representative hands his own case over: he may not approve it himself. */
  dialog = yc_handoffs_page_request (zhang->page, "transfer", (const char *[]) { yc_case_get_id (kase), NULL });
  g_assert_true (yc_handoff_dialog_choose_to (YC_HANDOFF_DIALOG (dialog), "s-li"));
  yc_handoff_dialog_set_reason (YC_HANDOFF_DIALOG (dialog), "转李晓燕继续办理");
  send_dialog (dialog);
  id = newest_handoff (zhang);

  yc_handoffs_page_show_view (zhang->page, "approvals");
  g_assert_true (yc_handoffs_page_select_handoff (zhang->page, id));
  g_assert_cmpuint (yc_handoffs_page_get_n_waiting (zhang->page, "approvals"), ==, 0);
  g_assert_cmpstr (yc_handoffs_page_get_message (zhang->page), ==,
                   _("You cannot decide a handoff you requested yourself."));
  gtk_widget_activate_action (GTK_WIDGET (zhang->page), "handoffs.approve", NULL);
  spin_for (300);
  wait_state (zhang, id, "pending");
  g_assert_cmpuint (yc_handoffs_page_get_n_notified (zhang->page), ==, 0);
}

static void
test_parallel (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Desk) li = desk_new (f, "clerk.li");
  g_autoptr(Desk) zhang = desk_new (f, "chief.zhang");
  g_autoptr(Desk) liu = desk_new (f, "chief.liu");
  g_autoptr(Desk) wu = desk_new (f, "chief.wu");
  g_autoptr(YcCase) kase = take_in (f, li);
  g_autoptr(GPtrArray) mine = NULL;
  Desk *departments[] = { liu, wu };
  GtkWidget *dialog;
  GtkWidget *group;

  dialog = yc_handoffs_page_request (li->page, "parallel", (const char *[]) { yc_case_get_id (kase), NULL });
  g_assert_true (yc_handoff_dialog_set_department (YC_HANDOFF_DIALOG (dialog), "rsj", TRUE));
  g_assert_true (yc_handoff_dialog_set_department (YC_HANDOFF_DIALOG (dialog), "zjj", TRUE));
  g_assert_false (yc_handoff_dialog_set_department (YC_HANDOFF_DIALOG (dialog), "scjg", TRUE));
  yc_handoff_dialog_set_reason (YC_HANDOFF_DIALOG (dialog), "涉及用工备案和施工许可，并联审批");
  send_dialog (dialog);
  g_assert_cmpuint (yc_handoffs_page_get_n_items (li->page, "requests"), ==, 2);

  /* The giving department's chief approves both; each department signs for and answers. */
  wait_waiting (zhang, "approvals", 2);
  yc_handoffs_page_show_view (zhang->page, "approvals");
  activate (zhang, "handoffs.approve", NULL);
  wait_waiting (zhang, "approvals", 1);
  activate (zhang, "handoffs.approve", NULL);
  wait_waiting (zhang, "approvals", 0);

  for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
    {
      Desk *d = departments[i];

      g_autofree char *id = NULL;

      wait_waiting (d, "incoming", 1);
      yc_handoffs_page_show_view (d->page, "incoming");
      id = g_strdup (yc_handoffs_page_get_selected (d->page));
      activate (d, "handoffs.sign-for", NULL);
      /* Signed for, the answer is still awaited. */
      wait_state (d, id, "received");
      spin_for (200);
      g_assert_cmpstr (yc_handoffs_page_get_selected (d->page), ==, id);
      g_assert_cmpuint (yc_handoffs_page_get_n_waiting (d->page, "incoming"), ==, 1);
      if (i == 0)
        activate (d, "handoffs.answer", "agree");
      else
        {
          /* Disagreeing needs a reason. */
          activate (d, "handoffs.answer", "disagree");
          g_assert_cmpstr (yc_handoffs_page_get_message (d->page), ==,
                           _("Please give the reason for disagreeing."));
          type_comment (d, "施工图审查未通过");
          activate (d, "handoffs.answer", "disagree");
        }
      wait_waiting (d, "incoming", 0);
    }

  /* The requester sees both answers as they arrive. */
  mine = yc_store_list_handoffs_for_case (li->store, yc_case_get_id (kase), NULL);
  g_assert_nonnull (mine);
  g_assert_cmpuint (mine->len, ==, 2);
  for (guint i = 0; i < mine->len; i++)
    {
      YcHandoff *h = g_ptr_array_index (mine, i);
      g_autoptr(YcHandoff) fresh = NULL;
      StateWait w = { li->store, yc_handoff_get_id (h), "received" };

      g_assert_true (e2e_wait (has_state, &w, WAIT_MS));
      for (guint tries = 0; tries < 300; tries++)
        {
          g_clear_object (&fresh);
          fresh = yc_store_get_handoff (li->store, yc_handoff_get_id (h), NULL);
          if (yc_handoff_get_answer (fresh) != NULL)
            break;
          spin_for (100);
        }
      g_assert_nonnull (yc_handoff_get_answer (fresh));
      g_assert_cmpstr (yc_handoff_get_answer (fresh), ==,
                       g_strcmp0 (yc_handoff_get_to_department_id (fresh), "rsj") == 0
                         ? "agree" : "disagree");
    }
  yc_handoffs_page_refresh (li->page);
  yc_handoffs_page_show_view (li->page, "requests");
  group = find_descendant (GTK_WIDGET (li->page), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (group);
  spin_for (200);
  save_snapshot (GTK_WIDGET (li->page), "handoffs-parallel");
  if (is_chinese ())
    assert_widget_tree_chinese (GTK_WIDGET (li->page), "SCJG");
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Desk) zhang = desk_new (f, "chief.zhang");
  GtkWidget *list = find_descendant (GTK_WIDGET (zhang->page), GTK_TYPE_LIST_BOX);

  g_assert_nonnull (list);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("My handoff requests"));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_ROLE_LIST));
  /* The chief representative's approvals view is there for him. */
  yc_handoffs_page_show_view (zhang->page, "approvals");
  g_assert_cmpstr (yc_handoffs_page_get_view (zhang->page), ==, "approvals");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  load_app_style ();

  g_test_add ("/handoffs-page/cover", Fixture, NULL, fixture_set_up,
              test_cover_approved_and_signed_for, fixture_tear_down);
  g_test_add ("/handoffs-page/own-request", Fixture, NULL, fixture_set_up, test_own_request,
              fixture_tear_down);
  g_test_add ("/handoffs-page/parallel", Fixture, NULL, fixture_set_up, test_parallel,
              fixture_tear_down);
  g_test_add ("/handoffs-page/accessible", Fixture, NULL, fixture_set_up, test_accessible,
              fixture_tear_down);
  return g_test_run ();
}
