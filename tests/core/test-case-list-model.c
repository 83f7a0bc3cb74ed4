/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-case-list-model"

#include "config.h"

#include "yc-case-list-model.h"
#include "yc-outbox.h"
#include "yc-store-private.h"
#include "store-fixture.h"

#define N_BIG 100000

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  GArray *changes = user_data;
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static gint64
received_usec (YcCase *item)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (yc_case_get_received_at (item), NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
test_paging_big (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCaseListModel) model = NULL;
  g_autoptr(YcCase) first = NULL;
  g_autoptr(YcCase) last = NULL;
  g_autoptr(YcCase) middle = NULL;
  gint64 start, t_count, t_last, t_middle, t_first;
  gint64 previous = G_MAXINT64;

  g_assert_true (_yc_store_fill_cases_for_testing (store, N_BIG, "s-li", &error));
  g_assert_no_error (error);
  fixture_drain ();

  model = yc_case_list_model_new (store);

  start = g_get_monotonic_time ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_BIG);
  t_count = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  last = g_list_model_get_item (G_LIST_MODEL (model), N_BIG - 1);
  t_last = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  middle = g_list_model_get_item (G_LIST_MODEL (model), N_BIG / 2 + 17);
  t_middle = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  t_first = g_get_monotonic_time () - start;

  g_test_message ("100k cases: count %.2f ms, item at the end %.2f ms, in the middle %.2f ms, "
                  "first %.2f ms",
                  t_count / 1000.0, t_last / 1000.0, t_middle / 1000.0, t_first / 1000.0);

  /* Newest first; the fill numbers the oldest 1. */
  g_assert_cmpstr (yc_case_get_number (first), ==, "示政务〔2026〕案字第W99-100000号");
  g_assert_cmpstr (yc_case_get_number (last), ==, "示政务〔2026〕案字第W99-000001号");
  g_assert_cmpint (received_usec (first), >, received_usec (middle));
  g_assert_cmpint (received_usec (middle), >, received_usec (last));
  /* Rows are masked. */
  g_assert_cmpstr (yc_case_get_applicant (first)->id_number, ==, "110105********002X");
  g_assert_nonnull (yc_case_get_applicant (first)->name);

  /* The end of the list is cheap: no object per row, no offset walk over the whole table
   * (building 100,000 YcCase objects alone takes far longer). */
  if (!g_test_slow () && g_getenv ("YC_TEST_NO_TIMING") == NULL)
    g_assert_cmpint (t_last, <, 16000);

  /* Walking across page boundaries keeps the order strictly newest first. */
  for (guint i = N_BIG - 450; i < N_BIG; i++)
    {
      g_autoptr(YcCase) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 t = received_usec (item);

      g_assert_cmpint (t, <, previous);
      previous = t;
    }
  previous = G_MAXINT64;
  for (guint i = 950; i < 1450; i++)
    {
      g_autoptr(YcCase) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 t = received_usec (item);

      g_assert_cmpint (t, <, previous);
      previous = t;
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_BIG));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == YC_TYPE_CASE);

  g_clear_object (&model);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCaseListModel) model = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(YcCase) item = NULL;

  g_assert_true (_yc_store_fill_cases_for_testing (store, 700, "s-li", &error));
  g_assert_true (_yc_store_fill_cases_for_testing (store, 300, "s-wang", &error));
  fixture_drain ();

  model = yc_case_list_model_new (store);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);

  yc_case_list_model_set_holder_id (model, "s-wang");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1000);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 300);
  item = g_list_model_get_item (G_LIST_MODEL (model), 299);
  g_assert_cmpstr (yc_case_get_holder_id (item), ==, "s-wang");
  g_clear_object (&item);

  /* The fill marks every 7th case completed. */
  yc_case_list_model_set_status (model, "completed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (300 + 6) / 7);
  yc_case_list_model_set_holder_id (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (700 + 6) / 7 + (300 + 6) / 7);
  yc_case_list_model_set_status (model, "");
  g_assert_null (yc_case_list_model_get_status (model));

  /* Search: applicant name, number, item name; LIKE's wildcards are literal. */
  yc_case_list_model_set_search (model, "张伟");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 88 + 38);
  yc_case_list_model_set_search (model, "W99-000299");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  yc_case_list_model_set_search (model, "失业保险");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 233 + 100);
  yc_case_list_model_set_search (model, "%");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  yc_case_list_model_set_search (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);

  g_clear_object (&model);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static guint
position_of_id (GListModel *model,
                const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YcCase) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (yc_case_get_id (item), id) == 0)
        return i;
    }
  return G_MAXUINT;
}

static void
test_follows_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcCaseListModel) model = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(YcCase) older = NULL;
  g_autoptr(YcCase) newer = NULL;
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(YcCase) completed = NULL;
  g_autoptr(YcCase) top = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autoptr(YcHandoff) requested = NULL;
  g_autoptr(YcHandoff) decided = NULL;
  g_autoptr(YcOutbox) outbox = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  Change change;
  guint pos;

  older = fixture_take_in (store, "SCJG-004", "accepted", 1);
  fixture_drain ();

  model = yc_case_list_model_new (store);
  yc_case_list_model_set_holder_id (model, "s-li");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), changes);

  /* A new case, received later: it appears at the top. */
  draft = fixture_case_draft (store, "SCJG-004", "accepted", "刘洋", 2,
                              "2026-03-05T11:00:00+08:00");
  newer = yc_store_take_in_sync (store, draft, &error);
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (changes->len, ==, 1);
  change = g_array_index (changes, Change, 0);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  top = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (yc_case_get_id (top), ==, yc_case_get_id (newer));

  /* A change to a case in the list replaces its row in place. */
  completed = yc_store_complete_case_sync (store, yc_case_get_id (older), "准予登记", NULL, &error);
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (changes->len, ==, 2);
  change = g_array_index (changes, Change, 1);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 1);
  {
    g_autoptr(YcCase) row = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (yc_case_get_status (row), ==, "completed");
  }

  /* Handed off and approved: it leaves s-li's list. */
  {
    const char *ids[] = { yc_case_get_id (newer), NULL };

    handoff = g_object_new (YC_TYPE_HANDOFF, "kind", "transfer", "to-staff-id", "s-wang",
                            "case-ids", ids, "reason", "移交", NULL);
  }
  requested = yc_store_request_handoff_sync (store, handoff, &error);
  g_assert_no_error (error);
  fixture_sign_in (store, "s-zhang", "chief_rep", "scjg", NULL);
  decided = yc_store_decide_handoff_sync (store, yc_handoff_get_id (requested), TRUE, NULL,
                                          &error);
  g_assert_no_error (error);
  fixture_drain ();
  change = g_array_index (changes, Change, changes->len - 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* A discarded creation leaves every list. */
  yc_case_list_model_set_holder_id (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  pos = position_of_id (G_LIST_MODEL (model), yc_case_get_id (older));
  g_assert_cmpuint (pos, ==, 1);
  outbox = yc_outbox_new (store);
  attention = yc_outbox_list_sendable (outbox, g_get_real_time (), 1, &error);
  g_assert_cmpstr (((YcOutboxEntry *) g_ptr_array_index (attention, 0))->record_id, ==,
                   yc_case_get_id (older));
  g_assert_true (yc_outbox_mark_attention_sync (outbox,
                                                ((YcOutboxEntry *) g_ptr_array_index (attention, 0))->seq,
                                                "unknown_service_item", "事项已取消", &error));
  g_assert_cmpuint (yc_outbox_discard_sync (outbox,
                                            ((YcOutboxEntry *) g_ptr_array_index (attention, 0))->seq,
                                            &error), ==, 2);
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (position_of_id (G_LIST_MODEL (model), yc_case_get_id (older)), ==, G_MAXUINT);

  g_clear_object (&outbox);
  g_clear_object (&model);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-list-model/paging-100k", test_paging_big);
  g_test_add_func ("/case-list-model/filters", test_filters);
  g_test_add_func ("/case-list-model/follows-changes", test_follows_changes);

  return g_test_run ();
}
