/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bad-answers.c: a server (here: the fault proxy in front of the real one) that answers
 * with JSON of the wrong types, with something that is not JSON, or with a 17 MiB body must
 * not crash the workstation or change what it stores: a catalogue that cannot be used leaves
 * the stored one as it was, a change whose answer cannot be read stays pending and is sent
 * again, and the event feed shrugs off nonsense. Runs with G_DEBUG=fatal-criticals, so a
 * critical warning on the way fails the test too. */
#define G_LOG_DOMAIN "test-bad-answers"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "e2e-support.h"
#include "yc-fault-proxy.h"

#define WAIT_MS 30000

typedef struct {
  char          *dir;
  E2eServer     *server;
  YcFaultProxy  *proxy;
  YcWorkstation *ws;
  YcStore       *store;
  YcOutbox      *outbox;
  YcSession     *session;
  YcSync        *sync;
  guint          serial;
} World;

static void
world_init (World    *w,
            gboolean  follow_events)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;

  memset (w, 0, sizeof *w);
  w->dir = e2e_make_tmpdir ("yc-e2e-bad-XXXXXX");
  profile = g_build_filename (w->dir, "profile", NULL);
  w->server = e2e_server_new ();
  w->proxy = yc_fault_proxy_new_for_url (w->server->url, &error);
  g_assert_no_error (error);
  w->ws = e2e_workstation_new (profile, yc_fault_proxy_get_url (w->proxy), "e2e-bad");
  w->store = yc_workstation_get_store (w->ws);
  w->outbox = yc_workstation_get_outbox (w->ws);
  w->session = yc_workstation_get_session (w->ws);
  w->sync = yc_workstation_get_sync (w->ws);
  yc_sync_set_backoff_scale (w->sync, 0.02);
  yc_sync_set_follow_events (w->sync, follow_events);
}

static void
world_clear (World *w)
{
  g_clear_object (&w->ws);
  yc_fault_proxy_free (w->proxy);
  e2e_server_free (w->server);
  e2e_rm_rf (w->dir);
  g_free (w->dir);
}

typedef struct {
  YcFaultProxy *proxy;
  YcFault       fault;
  guint         count;
} FaultCount;

static gboolean
fault_reached (gpointer data)
{
  FaultCount *fc = data;

  return yc_fault_proxy_get_fault_count (fc->proxy, fc->fault) >= fc->count;
}

/* Wait until the proxy has broken @count exchanges with @fault, then give the client time to
 * read and handle the answer, and the store's writer time to finish what it was given. */
static void
wait_fault (World   *w,
            YcFault  fault,
            guint    count)
{
  FaultCount fc = { w->proxy, fault, count };
  g_autoptr(GError) error = NULL;

  g_assert_true (e2e_wait (fault_reached, &fc, WAIT_MS));
  e2e_sleep (fault == YC_FAULT_PAD ? 2000 : 500);
  /* Writes run in order: once this one is done, the ones before it are too. */
  yc_store_set_meta_sync (w->store, "e2e:barrier", "1", &error);
  g_assert_no_error (error);
}

static void
sign_in (World *w)
{
  g_autoptr(GError) error = NULL;

  e2e_sign_in (w->session, "clerk.li", E2E_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_session_get_state (w->session), ==, YC_SESSION_SIGNED_IN);
}

static void
on_signed_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (yc_session_sign_out_finish (YC_SESSION (source), result, NULL));
  *done = TRUE;
}

/* Sign out and in again: the sync engine fetches the reference data anew. */
static void
sign_in_again (World *w)
{
  gboolean done = FALSE;

  yc_session_sign_out_async (w->session, NULL, on_signed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (yc_session_get_state (w->session), ==, YC_SESSION_SIGNED_OUT);
  sign_in (w);
}

static guint
n_items (YcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = yc_store_find_service_items (store, NULL, 0, &error);

  g_assert_no_error (error);
  return items->len;
}

static char *
case_json (YcStore    *store,
           const char *id)
{
  g_autoptr(YcCase) kase = yc_store_get_case (store, id, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (kase);
  node = yc_case_to_json (kase);
  return json_to_string (node, FALSE);
}

static YcCase *
take_in (World *w)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("吴桐%04u", ++w->serial);
  g_autoptr(YcCase) draft = e2e_case_draft (w->store, "SCJG-001", "instant", name, w->serial);
  YcCase *stored = e2e_take_in (w->store, draft, &error);

  g_assert_no_error (error);
  return stored;
}

/* ------------------------------------------------------------------ the catalogue */

static const char *const bad_catalogues[] = {
  /* the list is a string */
  "{\"service_items\":\"none\",\"version\":\"1\"}",
  /* items with members of the wrong types */
  "{\"service_items\":[{\"code\":42,\"name\":[\"x\"],\"department_id\":{},\"kind\":true,"
  "\"materials\":\"none\",\"promised_days\":\"ten\",\"instant\":\"yes\",\"version\":[]}],"
  "\"version\":{}}",
  /* items that are not objects */
  "{\"service_items\":[null,5,\"SCJG-001\",[]],\"version\":\"2\"}",
  /* materials of the wrong types inside a plausible item */
  "{\"service_items\":[{\"code\":\"X-1\",\"name\":\"x\",\"pinyin\":\"x\",\"department_id\":\"scjg\","
  "\"kind\":\"permit\",\"materials\":[{\"id\":1,\"name\":null,\"original\":\"no\",\"copies\":-1,"
  "\"mandatory\":[]}],\"promised_days\":1,\"statutory_days\":1,\"instant\":false,\"version\":1}],"
  "\"version\":\"3\"}",
  /* an array where an object belongs */
  "[1,2,3]",
  /* not JSON */
  "<html>Service Unavailable</html>",
  /* deeper than anyone needs */
  "{\"service_items\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"version\":\"4\"}",
};

static void
test_catalogue (void)
{
  World w;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *etag_after = NULL;
  guint count;
  guint replaced = 0;

  world_init (&w, FALSE);
  yc_fault_proxy_set_match (w.proxy, "GET", "/api/v1/service-items");

  /* An empty store: a catalogue that cannot be used leaves it empty. */
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  for (guint i = 0; i < G_N_ELEMENTS (bad_catalogues); i++)
    {
      yc_fault_proxy_set_replacement_body (w.proxy, bad_catalogues[i], -1);
      if (i == 0)
        sign_in (&w);
      else
        sign_in_again (&w);
      wait_fault (&w, YC_FAULT_REPLACE_BODY, ++replaced);
      g_assert_cmpuint (n_items (w.store), ==, 0);
      g_assert_null (yc_store_dup_catalogue_etag (w.store));
    }

  /* 17 MiB of it. */
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PAD);
  sign_in_again (&w);
  wait_fault (&w, YC_FAULT_PAD, 1);
  g_assert_cmpuint (n_items (w.store), ==, 0);

  /* The real one. */
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PASS);
  sign_in_again (&w);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));
  count = n_items (w.store);
  etag = yc_store_dup_catalogue_etag (w.store);
  g_assert_cmpuint (count, >, 50);
  g_assert_nonnull (etag);

  /* A stored catalogue stays as it is. Without the ETag the fetch is not conditional. */
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  for (guint i = 0; i < G_N_ELEMENTS (bad_catalogues); i++)
    {
      yc_store_set_meta_sync (w.store, "catalogue_etag", NULL, &error);
      g_assert_no_error (error);
      yc_fault_proxy_set_replacement_body (w.proxy, bad_catalogues[i], -1);
      sign_in_again (&w);
      wait_fault (&w, YC_FAULT_REPLACE_BODY, ++replaced);
      g_assert_cmpuint (n_items (w.store), ==, count);
      g_assert_true (e2e_wait_catalogue (w.store, 0));
    }
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PAD);
  yc_fault_proxy_reset_counters (w.proxy);
  yc_store_set_meta_sync (w.store, "catalogue_etag", etag, &error);
  g_assert_no_error (error);
  sign_in_again (&w);
  wait_fault (&w, YC_FAULT_PAD, 1);
  g_assert_cmpuint (n_items (w.store), ==, count);
  etag_after = yc_store_dup_catalogue_etag (w.store);
  g_assert_cmpstr (etag_after, ==, etag);

  world_clear (&w);
}

/* ------------------------------------------------------------------ answers to a change */

typedef struct {
  World      *w;
  gint64      seq;
  guint       attempts;
} Attempts;

static gboolean
attempted (gpointer data)
{
  Attempts *a = data;
  g_autoptr(YcOutboxEntry) entry = yc_outbox_get_entry (a->w->outbox, a->seq, NULL);

  return entry != NULL && entry->attempts >= a->attempts;
}

static gint64
only_pending_seq (World *w)
{
  g_autoptr(GPtrArray) entries = yc_outbox_list (w->outbox, YC_OUTBOX_PENDING, 0, NULL);

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  return ((YcOutboxEntry *) g_ptr_array_index (entries, 0))->seq;
}

static void
test_change_answers (void)
{
  World w;
  g_autoptr(YcCase) padded = NULL;
  g_autoptr(YcCase) garbled = NULL;
  g_autoptr(YcCase) mistyped = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Attempts a;

  world_init (&w, FALSE);
  sign_in (&w);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));
  yc_fault_proxy_set_match (w.proxy, "POST", "/api/v1/cases");

  /* 17 MiB answers: never read whole, the change stays pending and is sent again. */
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PAD);
  padded = take_in (&w);
  before = case_json (w.store, yc_case_get_id (padded));
  a.w = &w;
  a.seq = only_pending_seq (&w);
  a.attempts = 3;
  g_assert_true (e2e_wait (attempted, &a, 60000));
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);
  g_assert_cmpuint (yc_outbox_get_n_pending (w.outbox), ==, 1);
  g_assert_cmpint (yc_store_get_sync_state (w.store, "case", yc_case_get_id (padded)), ==,
                   YC_SYNC_STATE_PENDING);
  after = case_json (w.store, yc_case_get_id (padded));
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (yc_sync_get_last_error (w.sync));
  g_test_message ("17 MiB answer: %s", yc_sync_get_last_error (w.sync));
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PASS);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (padded)), ==, 1);

  /* Not JSON, with a 201: cannot be read, so sent again until it can. */
  yc_fault_proxy_set_replacement_body (w.proxy, "\x01\xff not json", -1);
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  garbled = take_in (&w);
  a.seq = only_pending_seq (&w);
  a.attempts = 3;
  g_assert_true (e2e_wait (attempted, &a, WAIT_MS));
  g_assert_cmpuint (yc_outbox_get_n_attention (w.outbox), ==, 0);
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PASS);
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (garbled)), ==, 1);

  /* A 201 whose case has members of the wrong types: the server took the change (the entry
   * goes), and the answer is not applied over the case stored here. */
  yc_fault_proxy_set_replacement_body (w.proxy,
                                       "{\"id\":7,\"number\":{},\"applicant\":\"nobody\","
                                       "\"materials\":5,\"status\":[],\"holder_id\":false}", -1);
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  mistyped = take_in (&w);
  g_clear_pointer (&before, g_free);
  before = case_json (w.store, yc_case_get_id (mistyped));
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  g_clear_pointer (&after, g_free);
  after = case_json (w.store, yc_case_get_id (mistyped));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (mistyped)), ==, 1);

  world_clear (&w);
}

/* ------------------------------------------------------------------ the event feed */

static const char *const bad_event_pages[] = {
  "{\"events\":[{\"entity\":\"case\",\"id\":[\"x\"]},{\"entity\":5,\"id\":{}},7,null,\"s\",[]],"
  "\"last_seq\":\"x\"}",
  "{\"events\":{\"entity\":\"case\"},\"last_seq\":[]}",
  "{\"events\":[{\"seq\":\"1\",\"type\":[],\"entity\":\"handoff\",\"id\":null}],\"last_seq\":1e300}",
  "{\"events\":[{\"entity\":\"case\",\"id\":\"../../sessions/current\"}],\"last_seq\":-5}",
};

static void
test_event_feed (void)
{
  World w;
  g_autoptr(YcCase) kase = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint replaced = 0;

  world_init (&w, TRUE);
  yc_fault_proxy_set_match (w.proxy, "GET", "/api/v1/events");
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  for (guint i = 0; i < G_N_ELEMENTS (bad_event_pages); i++)
    {
      yc_fault_proxy_set_replacement_body (w.proxy, bad_event_pages[i], -1);
      if (i == 0)
        sign_in (&w);
      replaced = yc_fault_proxy_get_fault_count (w.proxy, YC_FAULT_REPLACE_BODY);
      wait_fault (&w, YC_FAULT_REPLACE_BODY, replaced + 2);
    }
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PAD);
  wait_fault (&w, YC_FAULT_PAD, 1);
  /* Still signed in, still working. */
  g_assert_cmpint (yc_session_get_state (w.session), ==, YC_SESSION_SIGNED_IN);
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_PASS);
  g_assert_true (e2e_wait_catalogue (w.store, WAIT_MS));

  /* The feed brings a case the server sends with the wrong types: not stored over ours. */
  yc_fault_proxy_set_match (w.proxy, "GET", "/api/v1/cases/");
  yc_fault_proxy_set_replacement_body (w.proxy,
                                       "{\"id\":7,\"number\":{},\"applicant\":\"nobody\","
                                       "\"materials\":5,\"status\":[],\"holder_id\":false}", -1);
  yc_fault_proxy_set_fault (w.proxy, YC_FAULT_REPLACE_BODY);
  kase = take_in (&w);
  before = case_json (w.store, yc_case_get_id (kase));
  g_assert_true (e2e_wait_drained (w.outbox, WAIT_MS));
  wait_fault (&w, YC_FAULT_REPLACE_BODY, 1);
  after = case_json (w.store, yc_case_get_id (kase));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (e2e_server_count_case (w.server, yc_case_get_id (kase)), ==, 1);

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

  g_test_add_func ("/e2e/bad-answers/catalogue", test_catalogue);
  g_test_add_func ("/e2e/bad-answers/change-answers", test_change_answers);
  g_test_add_func ("/e2e/bad-answers/event-feed", test_event_feed);

  ret = g_test_run ();
  e2e_rm_rf (data_home);
  return ret;
}
