/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-basic.c: the client's outbox and sync engine against the real yichuang-server.
 * A clerk signs in through YcSession, takes in cases and issues a one-time notice; they reach
 * the server exactly once. With the server stopped the changes are saved and numbered here
 * and go out once it is back; refusals wait for the clerk with the server's reason while
 * other records flow on; a dead token signs the clerk out with the queue kept; a clerk who
 * signed in here before can unlock the workstation without the server. */
#define G_LOG_DOMAIN "test-sync-basic"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "e2e-support.h"

#define WAIT_MS 30000
#define PDF_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ------------------------------------------------------------------ the header indicator */

/* Follows the sync engine's properties as the header indicator would, and checks at every
 * notification that they agree with each other and with the outbox. */
typedef struct {
  YcSync   *sync;
  YcOutbox *outbox;
  guint     n_notify;
  guint     max_pending;
  gboolean  seen_online;
  gboolean  seen_offline;
  gboolean  seen_syncing;
  guint     violations;
} Indicator;

static void
on_indicator_cb (YcSync     *sync,
                 GParamSpec *pspec,
                 Indicator  *ind)
{
  gboolean online = yc_sync_get_online (sync);
  gboolean syncing = yc_sync_get_syncing (sync);
  guint pending = yc_sync_get_n_pending (sync);

  ind->n_notify++;
  ind->max_pending = MAX (ind->max_pending, pending);
  if (online)
    ind->seen_online = TRUE;
  else
    ind->seen_offline = TRUE;
  if (syncing)
    ind->seen_syncing = TRUE;

  /* "Syncing" means sending to a server that answers. */
  if (syncing && !online)
    {
      g_test_message ("indicator: syncing while offline");
      ind->violations++;
    }
  if (pending != yc_outbox_get_n_pending (ind->outbox) ||
      yc_sync_get_n_attention (sync) != yc_outbox_get_n_attention (ind->outbox))
    {
      g_test_message ("indicator: counts differ from the outbox");
      ind->violations++;
    }
}

static void
indicator_watch (Indicator *ind,
                 YcSync    *sync,
                 YcOutbox  *outbox)
{
  memset (ind, 0, sizeof *ind);
  ind->sync = sync;
  ind->outbox = outbox;
  g_signal_connect (sync, "notify", G_CALLBACK (on_indicator_cb), ind);
}

static void
indicator_unwatch (Indicator *ind)
{
  g_signal_handlers_disconnect_by_data (ind->sync, ind);
}

/* ------------------------------------------------------------------ one test's world */

typedef struct {
  char          *dir;
  char          *profile;
  E2eServer     *server;
  YcWorkstation *ws;
  YcStore       *store;
  YcOutbox      *outbox;
  YcSession     *session;
  YcSync        *sync;
  YcHttp        *http;
  guint          serial;
} World;

static void
world_init (World      *w,
            const char *name,
            gboolean    follow_events)
{
  memset (w, 0, sizeof *w);
  w->dir = e2e_make_tmpdir ("yc-e2e-basic-XXXXXX");
  w->profile = g_build_filename (w->dir, "profile", NULL);
  w->server = e2e_server_new ();
  w->ws = e2e_workstation_new (w->profile, w->server->url, name);
  w->store = yc_workstation_get_store (w->ws);
  w->outbox = yc_workstation_get_outbox (w->ws);
  w->session = yc_workstation_get_session (w->ws);
  w->sync = yc_workstation_get_sync (w->ws);
  w->http = yc_workstation_get_http (w->ws);
  yc_sync_set_backoff_scale (w->sync, 0.02);
  yc_sync_set_follow_events (w->sync, follow_events);
}

static void
world_clear (World *w)
{
  g_clear_object (&w->ws);
  e2e_server_free (w->server);
  e2e_rm_rf (w->dir);
  g_free (w->dir);
  g_free (w->profile);
}

static void
sign_in_ok (World *w)
{
  g_autoptr(GError) error = NULL;

  e2e_sign_in (w->session, "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_session_get_state (w->session), ==, YC_SESSION_SIGNED_IN);
  g_assert_true (yc_session_has_token (w->session));
  g_assert_cmpstr (yc_staff_get_username (yc_session_get_staff (w->session)), ==, "clerk.li");
}

/* Take in a case of @item_code; the stored case. */
static YcCase *
take_in (World      *w,
         const char *item_code,
         const char *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("王芳%04u", ++w->serial);
  g_autoptr(YcCase) draft = e2e_case_draft (w->store, item_code, outcome, name, w->serial);
  g_autofree char *code = yc_store_dup_workstation_code (w->store);
  YcCase *stored = e2e_take_in (w->store, draft, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  /* Saved and numbered here, from this workstation's own sequence. */
  g_assert_nonnull (yc_case_get_id (stored));
  g_assert_nonnull (yc_case_get_number (stored));
  g_assert_nonnull (strstr (yc_case_get_number (stored), code));
  g_assert_cmpstr (yc_case_get_applicant (stored)->name, ==, name);
  return stored;
}

/* The case is on the server exactly once, with the number and the name given here. */
static void
assert_on_server (World  *w,
                  YcCase *kase)
{
  g_autoptr(GHashTable) cases = e2e_server_cases (w->server);
  g_autofree char *expected = g_strdup_printf ("%s\t%s", yc_case_get_number (kase),
                                               yc_case_get_applicant (kase)->name);

  g_assert_cmpint (e2e_server_count_case (w->server, yc_case_get_id (kase)), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (cases, yc_case_get_id (kase)), ==, expected);
  g_assert_cmpint (yc_store_get_sync_state (w->store, "case", yc_case_get_id (kase)), ==,
                   YC_SYNC_STATE_SYNCED);
}

static gboolean
is_offline (gpointer data)
{
  return !yc_sync_get_online (data);
}

static gboolean
attention_is_2 (gpointer data)
{
  World *w = data;

  return yc_outbox_get_n_attention (w->outbox) == 2 && yc_outbox_get_n_pending (w->outbox) == 0;
}

static gboolean
is_signed_out (gpointer data)
{
  return yc_session_get_state (data) == YC_SESSION_SIGNED_OUT;
}

static gboolean
is_signed_in (gpointer data)
{
  return yc_session_get_state (data) == YC_SESSION_SIGNED_IN;
}

/* ------------------------------------------------------------------ online, offline, back */

static void
test_online_offline (void)
{
  World w;
  Indicator ind;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c1 = NULL;
  g_autoptr(YcCase) c2 = NULL;
  g_autoptr(YcCase) c3 = NULL;
  g_autoptr(YcLetter) l1 = NULL;
  g_autoptr(YcCase) o1 = NULL;
  g_autoptr(YcCase) o2 = NULL;
  g_autoptr(YcCase) o3 = NULL;
  g_autoptr(YcLetter) ol = NULL;
  g_autoptr(YcHttpResponse) mine = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  const char *const first_missing[] = { "SCJG-004-01", NULL };
  g_autofree char *code = NULL;
  JsonArray *list;
  guint found = 0;

  world_init (&w, "e2e-basic-1", TRUE);
  indicator_watch (&ind, w.sync, w.outbox);

  sign_in_ok (&w);
  /* YcSync fetches the catalogue after the sign-in. */
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));
  code = yc_store_dup_workstation_code (w.store);
  g_assert_cmpstr (code, ==, "W01");
  /* Just signed in at the server: the indicator knows it is reachable at once. */
  g_assert_true (yc_sync_get_online (w.sync));

  /* Online: three cases and a one-time notice. */
  c1 = take_in (&w, "SCJG-001", "instant");
  c2 = take_in (&w, "SCJG-004", "incomplete");
  c3 = take_in (&w, "RSJ-001", "instant");
  l1 = e2e_issue_letter (w.store, yc_case_get_id (c2), "one_time_notice", first_missing, &error);
  g_assert_no_error (error);
  g_assert_nonnull (yc_letter_get_number (l1));

  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  assert_on_server (&w, c1);
  assert_on_server (&w, c2);
  assert_on_server (&w, c3);
  g_assert_cmpint (e2e_db_int (w.server->db, "SELECT count(*) FROM letters WHERE id = ?1",
                               yc_letter_get_id (l1)), ==, 1);
  g_assert_cmpint (yc_store_get_sync_state (w.store, "letter", yc_letter_get_id (l1)), ==,
                   YC_SYNC_STATE_SYNCED);
  g_assert_cmpuint (yc_sync_get_n_sent (w.sync), >=, 4);
  g_assert_true (ind.seen_syncing);
  g_assert_false (yc_sync_get_syncing (w.sync));
  g_assert_cmpuint (yc_sync_get_n_pending (w.sync), ==, 0);

  /* The same, through the API with the same token. */
  mine = e2e_http (w.http, "GET", "/cases?holder=me&limit=200", NULL, NULL, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (yc_http_response_get_object (mine), "cases");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (list, i), "id");

      if (g_str_equal (id, yc_case_get_id (c1)) || g_str_equal (id, yc_case_get_id (c2)) ||
          g_str_equal (id, yc_case_get_id (c3)))
        found++;
    }
  g_assert_cmpuint (found, ==, 3);

  /* The server goes away: the indicator says so. */
  e2e_server_stop (w.server);
  g_assert_true (e2e_wait (is_offline, w.sync, WAIT_MS));

  /* Changes are saved and numbered here all the same, and wait. */
  o1 = take_in (&w, "SCJG-001", "instant");
  o2 = take_in (&w, "SCJG-004", "incomplete");
  o3 = take_in (&w, "RSJ-004", "instant");
  ol = e2e_issue_letter (w.store, yc_case_get_id (o2), "one_time_notice", first_missing, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_number (o1), !=, yc_case_get_number (c3));
  g_assert_cmpuint (yc_sync_get_n_pending (w.sync), ==, 4);
  g_assert_cmpuint (ind.max_pending, >=, 4);
  g_assert_cmpint (yc_store_get_sync_state (w.store, "case", yc_case_get_id (o1)), ==,
                   YC_SYNC_STATE_PENDING);
  pending = yc_outbox_list (w.outbox, YC_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 4);
  for (guint i = 0; i < pending->len; i++)
    g_assert_true (((YcOutboxEntry *) g_ptr_array_index (pending, i))->offline);

  /* Retries meanwhile change nothing of that. */
  e2e_sleep (1500);
  g_assert_false (yc_sync_get_online (w.sync));
  g_assert_false (yc_sync_get_syncing (w.sync));
  g_assert_cmpuint (yc_sync_get_n_pending (w.sync), ==, 4);
  g_assert_cmpuint (yc_sync_get_n_attention (w.sync), ==, 0);
  g_assert_nonnull (yc_sync_get_last_error (w.sync));

  /* Back on the same port with the same database: everything arrives, once. */
  e2e_server_start (w.server);
  g_assert_true (e2e_wait_drained (w.outbox, 60000));
  g_assert_true (yc_sync_get_online (w.sync));
  g_assert_false (yc_sync_get_syncing (w.sync));
  assert_on_server (&w, o1);
  assert_on_server (&w, o2);
  assert_on_server (&w, o3);
  assert_on_server (&w, c1);
  g_assert_cmpint (e2e_db_int (w.server->db, "SELECT count(*) FROM letters WHERE id = ?1",
                               yc_letter_get_id (ol)), ==, 1);
  g_assert_cmpint (e2e_db_int (w.server->db, "SELECT count(*) FROM cases WHERE workstation = ?1",
                               code), ==, 6);
  /* The server knows they were made offline. */
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(*) FROM events WHERE entity_id = ?1 AND offline = 1",
                               yc_case_get_id (o1)), >=, 1);
  g_assert_cmpint (e2e_db_int (w.server->db,
                               "SELECT count(*) FROM events WHERE entity_id = ?1 AND offline = 1",
                               yc_case_get_id (c1)), ==, 0);

  g_assert_true (ind.seen_offline);
  g_assert_cmpuint (ind.violations, ==, 0);
  indicator_unwatch (&ind);
  world_clear (&w);
}

/* ------------------------------------------------------------------ refusals */

static YcOutboxEntry *
attention_entry (World      *w,
                 const char *record_kind,
                 const char *record_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = yc_outbox_list (w->outbox, YC_OUTBOX_ATTENTION, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      YcOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->record_kind, record_kind) && g_str_equal (entry->record_id, record_id))
        return yc_outbox_entry_copy (entry);
    }
  return NULL;
}

static gboolean
attempted_again (gpointer data)
{
  YcOutboxEntry **pair = data;
  World *w = (World *) pair[0];
  g_autoptr(YcOutboxEntry) now = attention_entry (w, "case", pair[1]->record_id);

  return now != NULL && now->attempts > pair[1]->attempts;
}

static void
test_refusals (void)
{
  World w;
  Indicator ind;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) a = NULL;
  g_autoptr(YcCase) f = NULL;
  g_autoptr(YcCase) b = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcLetter) widened = NULL;
  g_autoptr(YcHttpResponse) first = NULL;
  g_autoptr(YcOutboxEntry) fe = NULL;
  g_autoptr(YcOutboxEntry) le = NULL;
  g_autoptr(YcOutboxEntry) again = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *issued_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *letter_id = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = NULL;
  const char *const second_missing[] = { "SCJG-004-02", NULL };
  gpointer pair[2];

  /* Without the event feed, so this workstation does not learn of the other notice. */
  world_init (&w, "e2e-basic-2", FALSE);
  indicator_watch (&ind, w.sync, w.outbox);
  sign_in_ok (&w);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));
  e2e_add_unknown_item (w.store);

  a = take_in (&w, "SCJG-004", "incomplete");
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));

  /* Someone else issues the first one-time notice of case A at the server. */
  body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"one_time_notice\","
                          "\"number\":\"E2E-OTHER-1\",\"items\":[{\"material_id\":\"SCJG-004-01\","
                          "\"note\":\"请补充\"}],\"issued_at\":\"%s\",\"pdf_sha256\":\"%s\"}",
                          letter_id, yc_case_get_id (a), issued_at, PDF_SHA);
  first = e2e_http (w.http, "POST", "/letters", body, key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_http_response_get_status (first), ==, 201);

  /* Here, a first notice listing another material: fine locally, refused by the server
   * (one_time_rule). A case of an item the server does not know: refused too. */
  widened = e2e_issue_letter (w.store, yc_case_get_id (a), "one_time_notice", second_missing,
                              &error);
  g_assert_no_error (error);
  f = take_in (&w, "E2E-999", "instant");
  /* An independent case after them flows on. */
  b = take_in (&w, "SCJG-001", "instant");

  g_assert_true (e2e_wait (attention_is_2, &w, WAIT_MS));
  assert_on_server (&w, b);
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (f)), ==, 0);
  g_assert_cmpint (e2e_db_int (w.server->db, "SELECT count(*) FROM letters WHERE id = ?1",
                               yc_letter_get_id (widened)), ==, 0);

  fe = attention_entry (&w, "case", yc_case_get_id (f));
  le = attention_entry (&w, "letter", yc_letter_get_id (widened));
  g_assert_nonnull (fe);
  g_assert_nonnull (le);
  g_assert_cmpstr (fe->problem_code, ==, "unknown_service_item");
  g_assert_cmpstr (le->problem_code, ==, "one_time_rule");
  /* The server's own sentence, for the clerk. */
  g_assert_nonnull (fe->last_error);
  g_assert_cmpstr (fe->last_error, !=, "");
  g_assert_nonnull (le->last_error);
  g_assert_cmpstr (le->last_error, !=, "");
  g_assert_cmpint (yc_store_get_sync_state (w.store, "case", yc_case_get_id (f)), ==,
                   YC_SYNC_STATE_ATTENTION);
  g_assert_cmpuint (yc_sync_get_n_attention (w.sync), ==, 2);

  /* Nothing in attention is sent again by itself. */
  e2e_sleep (500);
  again = attention_entry (&w, "case", yc_case_get_id (f));
  g_assert_cmpuint (again->attempts, ==, fe->attempts);

  /* Retry: sent again, refused again. */
  yc_outbox_retry_sync (w.outbox, fe->seq, &error);
  g_assert_no_error (error);
  pair[0] = &w;
  pair[1] = fe;
  g_assert_true (e2e_wait (attempted_again, pair, WAIT_MS));
  g_assert_true (e2e_wait (attention_is_2, &w, WAIT_MS));
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (f)), ==, 0);

  /* Discard both: the case moves out of the lists. */
  g_assert_cmpuint (yc_outbox_discard_sync (w.outbox, fe->seq, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (yc_store_get_sync_state (w.store, "case", yc_case_get_id (f)), ==,
                   YC_SYNC_STATE_DISCARDED);
  g_assert_cmpuint (yc_outbox_discard_sync (w.outbox, le->seq, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);

  c = take_in (&w, "RSJ-001", "instant");
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  assert_on_server (&w, c);
  assert_on_server (&w, a);
  g_assert_cmpuint (ind.violations, ==, 0);

  indicator_unwatch (&ind);
  world_clear (&w);
}

/* ------------------------------------------------------------------ a dead token */

static void
test_unauthorized (void)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c1 = NULL;
  g_autoptr(YcCase) c2 = NULL;
  g_autoptr(YcCase) c3 = NULL;
  g_autoptr(YcCase) c4 = NULL;
  g_autoptr(YcHttpResponse) gone = NULL;

  world_init (&w, "e2e-basic-3", TRUE);
  sign_in_ok (&w);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));
  c1 = take_in (&w, "SCJG-001", "instant");
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));

  /* The token is ended at the server behind the session's back. */
  gone = e2e_http (w.http, "DELETE", "/sessions/current", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_http_response_get_status (gone), ==, 204);

  c2 = take_in (&w, "SCJG-001", "instant");
  c3 = take_in (&w, "RSJ-001", "instant");
  g_assert_true (e2e_wait (is_signed_out, w.session, WAIT_MS));
  g_assert_nonnull (yc_session_get_notice (w.session));
  g_assert_false (yc_session_has_token (w.session));
  /* The queue is intact and waits: nothing refused, nothing dropped. */
  e2e_sleep (500);
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, 2);
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (c2)), ==, 0);

  /* Signing in again lets it flow. */
  sign_in_ok (&w);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  assert_on_server (&w, c2);
  assert_on_server (&w, c3);

  /* A server that forgot everything (new database, same port): 401, sign in, flows. */
  e2e_server_start_fresh (w.server);
  c4 = take_in (&w, "SCJG-001", "instant");
  g_assert_true (e2e_wait (is_signed_out, w.session, WAIT_MS));
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, 1);
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);
  sign_in_ok (&w);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  assert_on_server (&w, c4);

  world_clear (&w);
}

/* ------------------------------------------------------------------ offline unlock */

static void
test_offline_unlock (void)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c1 = NULL;
  g_autoptr(YcCase) c2 = NULL;

  world_init (&w, "e2e-basic-4", TRUE);
  sign_in_ok (&w);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));

  /* A wrong password at the desk does not end the session that works. */
  g_assert_false (e2e_sign_in (w.session, "clerk.li", "not-the-password", &error));
  g_assert_error (error, YC_SESSION_ERROR, YC_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpint (yc_session_get_state (w.session), ==, YC_SESSION_SIGNED_IN);
  c1 = take_in (&w, "SCJG-001", "instant");
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  assert_on_server (&w, c1);

  e2e_server_stop (w.server);
  g_assert_true (e2e_wait (is_offline, w.sync, WAIT_MS));
  /* A change made before the unlock waits in the outbox; none is made after it, so nothing
   * but the session itself can set the engine going again. */
  c2 = take_in (&w, "RSJ-001", "instant");
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, 1);

  /* The same clerk with the right password: unlocked offline. */
  e2e_sign_in (w.session, "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_session_get_state (w.session), ==, YC_SESSION_OFFLINE);
  g_assert_cmpstr (yc_staff_get_username (yc_session_get_staff (w.session)), ==, "clerk.li");
  g_assert_false (yc_sync_get_online (w.sync));

  /* A wrong password offline: refused, and the clerk stays signed in. */
  g_assert_false (e2e_sign_in (w.session, "clerk.li", "not-the-password", &error));
  g_assert_error (error, YC_SESSION_ERROR, YC_SESSION_ERROR_WRONG_PASSWORD);
  g_test_message ("wrong password offline: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (yc_session_get_state (w.session), ==, YC_SESSION_OFFLINE);
  g_assert_cmpstr (yc_staff_get_username (yc_session_get_staff (w.session)), ==, "clerk.li");

  /* Someone who never signed in here cannot be checked without the server. */
  g_assert_false (e2e_sign_in (w.session, "clerk.wang", E2E_PASSWORD, &error));
  g_assert_error (error, YC_SESSION_ERROR, YC_SESSION_ERROR_NEVER_SIGNED_IN);
  g_test_message ("never signed in: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (yc_session_get_state (w.session), ==, YC_SESSION_OFFLINE);
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, 1);

  /* The server is back: the waiting change goes out. */
  e2e_server_start (w.server);
  if (yc_session_has_token (w.session))
    {
      /* The token (kept, or from the keyring) works again: nothing to do for the clerk. */
      g_assert_true (e2e_wait (is_signed_in, w.session, WAIT_MS));
    }
  else
    {
      g_test_message ("no token from the keyring (%s): signing in again",
                      yc_session_get_notice (w.session));
      sign_in_ok (&w);
    }
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  g_assert_true (yc_sync_get_online (w.sync));
  assert_on_server (&w, c2);

  world_clear (&w);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = e2e_make_tmpdir ("yc-e2e-data-XXXXXX");
  int ret;

  setlocale (LC_ALL, "");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/e2e/sync-basic/online-offline", test_online_offline);
  g_test_add_func ("/e2e/sync-basic/refusals", test_refusals);
  g_test_add_func ("/e2e/sync-basic/unauthorized", test_unauthorized);
  g_test_add_func ("/e2e/sync-basic/offline-unlock", test_offline_unlock);

  ret = g_test_run ();
  e2e_rm_rf (data_home);
  return ret;
}
