/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-handoffs.c: the answers of parallel handoffs (并联审批) in the local store, a
 * case's handoff history, and server versions of handoffs meeting local changes. */
#define G_LOG_DOMAIN "test-store-handoffs"

#include "config.h"

#include "yc-outbox.h"
#include "store-fixture.h"

static void
count_signal (guint *counter)
{
  (*counter)++;
}

/* 并联审批: the receiving department answers a parallel handoff it signed for; the case's
 * history lists its handoffs; a refused answer gives way to the server's version. */
static void
test_handoff_answers (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = fixture_store_new (&dir);
  g_autoptr(YcOutbox) outbox = yc_outbox_new (store);
  g_autoptr(YcCase) one = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcCase) two = fixture_take_in (store, "SCJG-004", "accepted", 2);
  g_autoptr(YcHandoff) to_rsj = NULL;
  g_autoptr(YcHandoff) to_zjj = NULL;
  g_autoptr(YcHandoff) cover = NULL;
  g_autoptr(YcHandoff) answered = NULL;
  g_autoptr(YcHandoff) refused = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *one_id[] = { yc_case_get_id (one), NULL };
  const char *two_id[] = { yc_case_get_id (two), NULL };
  const YcOutboxEntry *entry = NULL;

  {
    g_autoptr(YcHandoff) d1 = g_object_new (YC_TYPE_HANDOFF, "kind", "parallel",
                                            "to-department-id", "rsj", "case-ids", one_id,
                                            "reason", "并联审批：人社意见", NULL);
    g_autoptr(YcHandoff) d2 = g_object_new (YC_TYPE_HANDOFF, "kind", "parallel",
                                            "to-department-id", "zjj", "case-ids", one_id,
                                            "reason", "并联审批：住建意见", NULL);
    g_autoptr(YcHandoff) d3 = g_object_new (YC_TYPE_HANDOFF, "kind", "ab_cover",
                                            "to-staff-id", "s-wang", "case-ids", two_id,
                                            "reason", "A岗外出培训", NULL);

    to_rsj = yc_store_request_handoff_sync (store, d1, &error);
    g_assert_no_error (error);
    to_zjj = yc_store_request_handoff_sync (store, d2, &error);
    g_assert_no_error (error);
    cover = yc_store_request_handoff_sync (store, d3, &error);
    g_assert_no_error (error);
  }
  g_assert_null (yc_handoff_get_answer (to_rsj));
  g_assert_null (yc_handoff_get_answered_by (to_rsj));

  /* The case's history: its handoffs, oldest first, and only its own. */
  history = yc_store_list_handoffs_for_case (store, yc_case_get_id (one), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (yc_handoff_get_id (g_ptr_array_index (history, 0)), ==,
                   yc_handoff_get_id (to_rsj));
  g_assert_cmpstr (yc_handoff_get_id (g_ptr_array_index (history, 1)), ==,
                   yc_handoff_get_id (to_zjj));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = yc_store_list_handoffs_for_case (store, yc_case_get_id (two), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (yc_handoff_get_id (g_ptr_array_index (history, 0)), ==,
                   yc_handoff_get_id (cover));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = yc_store_list_handoffs_for_case (store, "00000000-0000-4000-8000-000000000000",
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);

  /* Not before it is signed for. */
  fixture_sign_in (store, "s-chen", "clerk", "rsj", "w-a03");
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "agree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_RECEIVED);
  g_clear_error (&error);

  fixture_sign_in (store, "s-zhang", "chief_rep", "scjg", NULL);
  g_clear_object (&answered);
  answered = yc_store_decide_handoff_sync (store, yc_handoff_get_id (to_rsj), TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&answered);
  answered = yc_store_decide_handoff_sync (store, yc_handoff_get_id (cover), TRUE, NULL, &error);
  g_assert_no_error (error);

  fixture_sign_in (store, "s-chen", "clerk", "rsj", "w-a03");
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "agree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_RECEIVED);
  g_clear_error (&error);
  g_clear_object (&answered);
  answered = yc_store_sign_for_handoff_sync (store, yc_handoff_get_id (to_rsj), &error);
  g_assert_no_error (error);

  /* The answer and, for 不同意, its reason. */
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "perhaps", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "disagree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "disagree", " \n ",
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A department that did not receive it may not answer. */
  fixture_sign_in (store, "s-ma", "clerk", "zjj", "w-a07");
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "agree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  fixture_sign_in (store, "s-chen", "clerk", "rsj", "w-a03");
  g_clear_object (&answered);
  answered = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "agree_forward",
                                           " 同意，需报县人社局审定 ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_answer (answered), ==, "agree_forward");
  g_assert_cmpstr (yc_handoff_get_answered_by (answered), ==, "s-chen");
  g_assert_nonnull (yc_handoff_get_answered_at (answered));
  g_assert_cmpstr (yc_handoff_get_answer_comment (answered), ==, "同意，需报县人社局审定");
  g_clear_object (&refused);
  refused = yc_store_get_handoff (store, yc_handoff_get_id (to_rsj), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_handoff_get_answer (refused), ==, "agree_forward");
  g_assert_cmpint (yc_store_get_sync_state (store, "handoff", yc_handoff_get_id (to_rsj)), ==,
                   YC_SYNC_STATE_PENDING);
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (to_rsj), "agree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_ALREADY_ANSWERED);
  g_clear_error (&error);

  /* Its outbox entry goes to the answer route. */
  entries = yc_outbox_list (outbox, YC_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const YcOutboxEntry *e = g_ptr_array_index (entries, i);

      if (g_str_has_suffix (e->path, "/answer"))
        entry = e;
    }
  g_assert_nonnull (entry);
  {
    g_autofree char *path = g_strdup_printf ("/handoffs/%s/answer", yc_handoff_get_id (to_rsj));
    g_autoptr(JsonNode) body = fixture_parse (entry->body);
    JsonObject *object = json_node_get_object (body);

    g_assert_cmpstr (entry->record_kind, ==, "handoff");
    g_assert_cmpstr (entry->path, ==, path);
    g_assert_cmpstr (json_object_get_string_member (object, "answer"), ==, "agree_forward");
    g_assert_cmpstr (json_object_get_string_member (object, "comment"), ==,
                     "同意，需报县人社局审定");
  }

  /* While the answer waits, the server's older version does not replace it; once the server
   * refused it, the server's version is the real one. */
  {
    g_autoptr(JsonArray) records = json_array_new ();
    g_autoptr(JsonNode) server = yc_handoff_to_json (answered);
    g_autoptr(YcHandoff) seen = NULL;
    JsonObject *object = json_node_get_object (server);

    json_object_set_string_member (object, "answer", "disagree");
    json_object_set_string_member (object, "answered_by", "s-huang");
    json_object_set_string_member (object, "answer_comment", "已由黄同志答复不同意");
    json_array_add_object_element (records, json_object_ref (object));

    g_assert_true (yc_store_apply_records_sync (store, "handoff", records, &error));
    g_assert_no_error (error);
    seen = yc_store_get_handoff (store, yc_handoff_get_id (to_rsj), &error);
    g_assert_cmpstr (yc_handoff_get_answered_by (seen), ==, "s-chen");

    /* The request, decision and receipt reached the server; the answer was refused. */
    for (guint i = 0; i < entries->len; i++)
      {
        const YcOutboxEntry *e = g_ptr_array_index (entries, i);

        if (e != entry && g_strcmp0 (e->record_id, yc_handoff_get_id (to_rsj)) == 0)
          {
            g_assert_true (yc_outbox_mark_sent_sync (outbox, e, NULL, &error));
            g_assert_no_error (error);
          }
      }
    g_assert_true (yc_store_apply_records_sync (store, "handoff", records, &error));
    g_clear_object (&seen);
    seen = yc_store_get_handoff (store, yc_handoff_get_id (to_rsj), &error);
    g_assert_cmpstr (yc_handoff_get_answered_by (seen), ==, "s-chen");
    g_assert_true (yc_outbox_mark_attention_sync (outbox, entry->seq, "already_answered",
                                                  "本部门已答复过该并联审批。", &error));
    g_assert_no_error (error);
    g_assert_true (yc_store_apply_records_sync (store, "handoff", records, &error));
    g_assert_no_error (error);
    g_clear_object (&seen);
    seen = yc_store_get_handoff (store, yc_handoff_get_id (to_rsj), &error);
    g_assert_cmpstr (yc_handoff_get_answer (seen), ==, "disagree");
    g_assert_cmpstr (yc_handoff_get_answered_by (seen), ==, "s-huang");
    g_assert_cmpint (yc_store_get_sync_state (store, "handoff", yc_handoff_get_id (to_rsj)), ==,
                     YC_SYNC_STATE_ATTENTION);

    /* The same version again (the lists come whole after every event): nothing is written. */
    {
      guint n_changed = 0;
      gulong handler;

      fixture_drain ();
      handler = g_signal_connect_swapped (store, "changed::handoffs",
                                          G_CALLBACK (count_signal), &n_changed);
      g_assert_true (yc_store_apply_records_sync (store, "handoff", records, &error));
      g_assert_no_error (error);
      fixture_drain ();
      g_assert_cmpuint (n_changed, ==, 0);
      json_object_set_string_member (object, "answer_comment", "黄同志补充：材料不全");
      g_assert_true (yc_store_apply_records_sync (store, "handoff", records, &error));
      g_assert_no_error (error);
      fixture_drain ();
      g_assert_cmpuint (n_changed, ==, 1);
      g_signal_handler_disconnect (store, handler);
    }
  }

  /* Only a parallel handoff is answered. */
  fixture_sign_in (store, "s-wang", "clerk", "scjg", "w-a02");
  g_clear_object (&answered);
  answered = yc_store_sign_for_handoff_sync (store, yc_handoff_get_id (cover), &error);
  g_assert_no_error (error);
  g_clear_object (&refused);
  refused = yc_store_answer_handoff_sync (store, yc_handoff_get_id (cover), "agree", NULL,
                                          &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_PARALLEL);
  g_clear_error (&error);

  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_object (&outbox);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/handoff-answers", test_handoff_answers);
  return g_test_run ();
}
