/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include "yc-outbox.h"
#include "store-fixture.h"

typedef struct {
  char     *dir;
  YcStore  *store;
  YcOutbox *outbox;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = fixture_store_new (&f->dir);
  f->outbox = yc_outbox_new (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fixture_drain ();
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->store);
  fixture_rm_rf (f->dir);
  g_free (f->dir);
}

static GPtrArray *
sendable (Fixture *f,
          gint64   now)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = yc_outbox_list_sendable (f->outbox, now, 100, &error);

  g_assert_no_error (error);
  return entries;
}

static YcOutboxEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  return g_ptr_array_index (entries, i);
}

static YcLetter *
issue_notice (YcStore    *store,
              const char *case_id)
{
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", case_id,
                                            "kind", "one_time_notice", "pdf-sha256",
                                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                            NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);
  g_autoptr(GError) error = NULL;
  YcLetter *letter;

  g_ptr_array_add (items, yc_letter_item_new ("SCJG-004-01", "请补充"));
  yc_letter_set_items (draft, items);
  letter = yc_store_issue_letter_sync (store, draft, NULL, NULL, &error);
  g_assert_no_error (error);
  return letter;
}

static YcCase *
receive_all (YcStore    *store,
             const char *case_id)
{
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  g_autoptr(GError) error = NULL;
  YcCase *updated;

  g_ptr_array_add (materials, yc_case_material_new ("SCJG-004-01", NULL, "received", NULL));
  updated = yc_store_update_materials_sync (store, case_id, materials, &error);
  g_assert_no_error (error);
  return updated;
}

/* The server's answer to POST /cases for @stored, with its own due date and a masked ID. */
static JsonNode *
server_answer (YcCase     *stored,
               const char *due_date)
{
  g_autoptr(JsonNode) node = yc_case_to_json (stored);
  JsonObject *object = json_node_get_object (node);
  JsonObject *applicant = json_object_get_object_member (object, "applicant");
  g_autofree char *masked = yc_mask_id_number (json_object_get_string_member (applicant,
                                                                              "id_number"));

  json_object_set_string_member (object, "due_date", due_date);
  json_object_set_string_member (applicant, "id_number", masked);
  return g_steal_pointer (&node);
}

static void
test_order_per_record (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "incomplete", 1);
  g_autoptr(YcCase) b = fixture_take_in (f->store, "SCJG-004", "accepted", 2);
  g_autoptr(YcLetter) letter = issue_notice (f->store, yc_case_get_id (a));
  g_autoptr(YcCase) a_updated = receive_all (f->store, yc_case_get_id (a));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) answer_b = NULL;
  g_autoptr(JsonNode) answer_a = NULL;
  g_autoptr(YcCase) b_read = NULL;
  g_autoptr(YcCase) a_read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_a = fixture_resident_id (1);
  gint64 now = g_get_real_time ();
  gint64 later = now + 60 * G_USEC_PER_SEC;
  gint64 a_seq;

  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 4);

  /* Case a's letter and material update wait behind its creation; case b flows. */
  list = sendable (f, now);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (entry_at (list, 0)->record_id, ==, yc_case_get_id (a));
  g_assert_cmpstr (entry_at (list, 0)->path, ==, "/cases");
  g_assert_cmpstr (entry_at (list, 1)->record_id, ==, yc_case_get_id (b));
  a_seq = entry_at (list, 0)->seq;
  g_assert_cmpint (yc_outbox_get_next_attempt_at (f->outbox), <=, now);

  /* a fails (network): backoff. b is accepted by the server. */
  g_assert_true (yc_outbox_mark_failed_sync (f->outbox, a_seq, later, "connection refused",
                                             &error));
  g_assert_no_error (error);
  answer_b = server_answer (b, "2026-03-10");
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 1), answer_b, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = sendable (f, now);
  g_assert_cmpuint (list->len, ==, 0); /* the letter does not overtake its case */
  g_assert_cmpint (yc_outbox_get_next_attempt_at (f->outbox), ==, later);

  /* The server's answer is applied, its masked ID does not replace ours. */
  b_read = yc_store_get_case (f->store, yc_case_get_id (b), &error);
  g_assert_cmpstr (yc_case_get_due_date (b_read), ==, "2026-03-10");
  g_assert_null (strchr (yc_case_get_applicant (b_read)->id_number, '*'));
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (b)), ==,
                   YC_SYNC_STATE_SYNCED);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, later);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (entry_at (list, 0)->seq, ==, a_seq);
  g_assert_cmpuint (entry_at (list, 0)->attempts, ==, 1);
  g_assert_cmpstr (entry_at (list, 0)->last_error, ==, "connection refused");

  /* a arrives; its answer is not applied yet (our later changes to a still wait). */
  answer_a = server_answer (a, "2099-01-01");
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), answer_a, &error));
  a_read = yc_store_get_case (f->store, yc_case_get_id (a), &error);
  g_assert_cmpstr (yc_case_get_status (a_read), ==, "accepted");
  g_assert_cmpstr (yc_case_get_applicant (a_read)->id_number, ==, full_a);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (a)), ==,
                   YC_SYNC_STATE_PENDING);

  /* Then the letter, then the materials: one at a time, in order. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, later);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (entry_at (list, 0)->path, ==, "/letters");
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), NULL, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, later);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_str_has_suffix (entry_at (list, 0)->path, "/materials"));
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), NULL, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, later);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (yc_outbox_get_next_attempt_at (f->outbox), ==, G_MAXINT64);

  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 0);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (a)), ==,
                   YC_SYNC_STATE_SYNCED);
}

static void
test_attention_retry (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) b = fixture_take_in (f->store, "SCJG-004", "accepted", 2);
  g_autoptr(GPtrArray) list = sendable (f, g_get_real_time ());
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = entry_at (list, 0)->seq;

  g_assert_true (yc_outbox_mark_attention_sync (f->outbox, seq, "invalid_id_number",
                                                "身份证号码校验位错误", &error));
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_attention (f->outbox), ==, 1);
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 1);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (a)), ==,
                   YC_SYNC_STATE_ATTENTION);

  attention = yc_outbox_list (f->outbox, YC_OUTBOX_ATTENTION, 0, &error);
  g_assert_cmpuint (attention->len, ==, 1);
  g_assert_cmpstr (entry_at (attention, 0)->problem_code, ==, "invalid_id_number");
  g_assert_cmpstr (entry_at (attention, 0)->last_error, ==, "身份证号码校验位错误");

  /* Independent records flow on. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, g_get_real_time ());
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (entry_at (list, 0)->record_id, ==, yc_case_get_id (b));

  /* Retrying a pending entry is refused; retrying the refused one queues it again. */
  g_assert_false (yc_outbox_retry_sync (f->outbox, entry_at (list, 0)->seq, &error));
  g_assert_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (yc_outbox_retry_sync (f->outbox, seq, &error));
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_attention (f->outbox), ==, 0);
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, g_get_real_time ());
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (entry_at (list, 0)->seq, ==, seq);
  g_assert_null (entry_at (list, 0)->problem_code);

  /* Marking an entry that is gone says so. */
  g_assert_false (yc_outbox_mark_failed_sync (f->outbox, 99999, 0, "x", &error));
  g_assert_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_NOT_FOUND);
}

static void
test_discard_creation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "incomplete", 1);
  g_autoptr(YcCase) b = fixture_take_in (f->store, "SCJG-004", "accepted", 2);
  g_autoptr(YcLetter) letter = issue_notice (f->store, yc_case_get_id (a));
  g_autoptr(GPtrArray) list = sendable (f, g_get_real_time ());
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) gone = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  gint64 seq = entry_at (list, 0)->seq;

  /* Only a refused entry may be discarded. */
  g_assert_cmpuint (yc_outbox_discard_sync (f->outbox, seq, &error), ==, 0);
  g_assert_error (error, YC_OUTBOX_ERROR, YC_OUTBOX_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (yc_outbox_mark_attention_sync (f->outbox, seq, "unknown_service_item",
                                                "事项已停止办理", NULL));
  /* The case's creation and the letter that waited for it go. */
  g_assert_cmpuint (yc_outbox_discard_sync (f->outbox, seq, &error), ==, 2);
  g_assert_no_error (error);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 1);
  g_assert_cmpuint (yc_outbox_get_n_attention (f->outbox), ==, 0);

  gone = yc_store_get_case (f->store, yc_case_get_id (a), &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (a)), ==,
                   YC_SYNC_STATE_DISCARDED);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "letter", yc_letter_get_id (letter)), ==,
                   YC_SYNC_STATE_DISCARDED);
  letters = yc_store_list_letters (f->store, yc_case_get_id (a), &error);
  g_assert_cmpuint (letters->len, ==, 0);
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (b)), ==,
                   YC_SYNC_STATE_PENDING);
}

static void
test_discard_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "incomplete", 1);
  g_autoptr(YcCase) updated = receive_all (f->store, yc_case_get_id (a));
  g_autoptr(GPtrArray) list = sendable (f, g_get_real_time ());
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(YcCase) restored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (yc_case_get_status (updated), ==, "accepted");
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), NULL, &error));

  next = sendable (f, g_get_real_time ());
  g_assert_cmpuint (next->len, ==, 1);
  g_assert_true (yc_outbox_mark_attention_sync (f->outbox, entry_at (next, 0)->seq,
                                                "case_not_held", "案件已移交", NULL));
  g_assert_cmpuint (yc_outbox_discard_sync (f->outbox, entry_at (next, 0)->seq, &error), ==, 1);
  g_assert_no_error (error);

  /* The case is back as it was before the discarded change. */
  restored = yc_store_get_case (f->store, yc_case_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_status (restored), ==, "incomplete");
  g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (a)), ==,
                   YC_SYNC_STATE_SYNCED);
}

static void
test_wrong_answers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "accepted", 1);
  g_autoptr(GPtrArray) list = sendable (f, g_get_real_time ());
  g_autoptr(JsonNode) wrong = fixture_parse ("{\"id\":[1,2],\"status\":{\"x\":true},\"due_date\":7}");
  g_autoptr(YcCase) read_back = NULL;
  g_autoptr(GError) error = NULL;

  /* A body of the wrong shape is ignored: the server did accept the change. */
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), wrong, &error));
  g_assert_no_error (error);
  read_back = yc_store_get_case (f->store, yc_case_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_case_get_status (read_back), ==, "accepted");

  /* Marking it sent again (a replayed answer) is harmless. */
  g_assert_true (yc_outbox_mark_sent_sync (f->outbox, entry_at (list, 0), NULL, &error));
  g_assert_no_error (error);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
on_outbox_changed (YcOutbox *outbox,
                   gpointer  user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_counts_and_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(YcCase) offline = fixture_take_in (f->store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) online = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint notified = 0;
  guint changed = 0;

  g_signal_connect (f->outbox, "notify::n-pending", G_CALLBACK (on_notify), &notified);
  g_signal_connect (f->outbox, "changed", G_CALLBACK (on_outbox_changed), &changed);
  yc_store_set_online (f->store, TRUE);
  online = fixture_take_in (f->store, "SCJG-004", "accepted", 2);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 2);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpuint (changed, >=, 1);

  list = sendable (f, g_get_real_time ());
  g_assert_true (entry_at (list, 0)->offline);
  g_assert_false (entry_at (list, 1)->offline);
}

static void
test_survives_reopen (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) b = fixture_take_in (f->store, "SCJG-001", "instant", 2);
  g_autofree char *profile = g_build_filename (f->dir, "profile", NULL);
  g_autoptr(GPtrArray) before = sendable (f, g_get_real_time ());
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;

  fixture_drain ();
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->store);
  f->store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  f->outbox = yc_outbox_new (f->store);

  after = sendable (f, g_get_real_time ());
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    {
      g_assert_cmpstr (entry_at (after, i)->uuid, ==, entry_at (before, i)->uuid);
      g_assert_cmpstr (entry_at (after, i)->body, ==, entry_at (before, i)->body);
    }
}

static void
on_batch_marked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  int *marked = user_data;
  g_autoptr(GError) error = NULL;

  *marked = yc_outbox_mark_sent_batch_finish (YC_OUTBOX (source), result, &error);
  g_assert_no_error (error);
}

/* Answers recorded in one batch: all entries gone, every answer applied, the entries that
 * waited for them released; the listing from a cursor skips what lies before it. */
static void
test_mark_sent_batch (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "incomplete", 1);
  g_autoptr(YcCase) b = fixture_take_in (f->store, "SCJG-004", "accepted", 2);
  g_autoptr(YcCase) c = fixture_take_in (f->store, "SCJG-004", "accepted", 3);
  g_autoptr(YcLetter) letter = issue_notice (f->store, yc_case_get_id (a));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  int marked = -1;

  fixture_drain ();
  list = sendable (f, now);
  g_assert_cmpuint (list->len, ==, 3); /* the letter waits for case a */

  after = yc_outbox_list_sendable_after (f->outbox, now, entry_at (list, 0)->seq, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (entry_at (after, 0)->seq, ==, entry_at (list, 1)->seq);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = yc_outbox_list_sendable_after (f->outbox, now, entry_at (list, 2)->seq, 100, &error);
  g_assert_cmpuint (after->len, ==, 0);

  /* a and c are answered together (b's answer is still out). */
  g_ptr_array_add (entries, entry_at (list, 0));
  g_ptr_array_add (answers, server_answer (a, "2026-04-01"));
  g_ptr_array_add (entries, entry_at (list, 2));
  g_ptr_array_add (answers, server_answer (c, "2026-04-03"));
  yc_outbox_mark_sent_batch_async (f->outbox, entries, answers, NULL, on_batch_marked_cb,
                                   &marked);
  while (marked < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (marked, ==, TRUE);
  fixture_drain ();
  g_assert_cmpuint (yc_outbox_get_n_pending (f->outbox), ==, 2);

  {
    g_autoptr(YcCase) c_read = yc_store_get_case (f->store, yc_case_get_id (c), &error);
    g_autoptr(YcCase) a_read = yc_store_get_case (f->store, yc_case_get_id (a), &error);

    g_assert_cmpstr (yc_case_get_due_date (c_read), ==, "2026-04-03");
    g_assert_cmpstr (yc_case_get_due_date (a_read), ==, "2026-04-01");
    g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (c)), ==,
                     YC_SYNC_STATE_SYNCED);
    g_assert_cmpint (yc_store_get_sync_state (f->store, "case", yc_case_get_id (b)), ==,
                     YC_SYNC_STATE_PENDING);
  }

  /* b is still pending; the letter is released now that its case is marked. */
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, now);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (entry_at (list, 0)->record_id, ==, yc_case_get_id (b));
  g_assert_cmpstr (entry_at (list, 1)->path, ==, "/letters");
}

static void
on_woken_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_outbox_wake_finish (YC_OUTBOX (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* An entry that failed while the network was down waits out its backoff; once the server
 * answers again, waking the outbox makes it sendable at once. Entries needing attention stay. */
static void
test_wake (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(YcCase) a = fixture_take_in (f->store, "SCJG-004", "accepted", 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gboolean done = FALSE;
  gint64 seq;

  fixture_drain ();
  list = sendable (f, now);
  g_assert_cmpuint (list->len, ==, 1);
  seq = entry_at (list, 0)->seq;
  g_assert_true (yc_outbox_mark_failed_sync (f->outbox, seq, now + (gint64) 3600 * G_USEC_PER_SEC,
                                             "connection refused", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, g_get_real_time ());
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (yc_outbox_get_next_attempt_at (f->outbox), >, now + (gint64) 3000 * G_USEC_PER_SEC);

  yc_outbox_wake_async (f->outbox, NULL, on_woken_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  fixture_drain ();
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sendable (f, g_get_real_time ());
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (entry_at (list, 0)->seq, ==, seq);
  g_assert_cmpint (yc_outbox_get_next_attempt_at (f->outbox), <=, g_get_real_time ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/order-per-record", test_order_per_record);
  ADD ("/outbox/attention-retry", test_attention_retry);
  ADD ("/outbox/discard/creation", test_discard_creation);
  ADD ("/outbox/discard/update", test_discard_update);
  ADD ("/outbox/wrong-answers", test_wrong_answers);
  ADD ("/outbox/counts-offline", test_counts_and_offline);
  ADD ("/outbox/survives-reopen", test_survives_reopen);
  ADD ("/outbox/mark-sent-batch", test_mark_sent_batch);
  ADD ("/outbox/wake", test_wake);
#undef ADD

  return g_test_run ();
}
