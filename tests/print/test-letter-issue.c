/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issuing letters through the real store and the real writer: the kept PDF is the letter,
 * its fingerprint is the one the server is sent, a reprint is marked, training letters are
 * void, a stub copy is written without issuing anything. */
#include "config.h"

#include <string.h>

#include "../core/store-fixture.h"
#include "letter-fixture.h"
#include "yc-letter-issue.h"

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static GBytes *
load_pdf (YcStore    *store,
          const char *letter_id,
          GError    **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  GBytes *pdf;

  yc_letter_load_pdf_async (store, letter_id, NULL, done_cb, &wait);
  pdf = yc_letter_load_pdf_finish (wait_for (&wait), error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return pdf;
}

/* The windows too, so that the letter can name the clerk's window. */
static YcStore *
store_new (char **out_dir)
{
  YcStore *store = fixture_store_new (out_dir);
  g_autoptr(JsonNode) windows = fixture_load_demo ("windows.json");
  g_autoptr(GError) error = NULL;

  yc_store_apply_reference_sync (store, YC_STORE_WINDOWS, json_node_get_array (windows), &error);
  g_assert_no_error (error);
  return store;
}

/* An acceptance notice of @case_, issued as the page issues it. */
static YcLetter *
issue_acceptance (YcStore        *store,
                  YcLetterWriter *writer,
                  YcCase         *case_,
                  Wait           *wait)
{
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", yc_case_get_id (case_),
                                            "kind", "acceptance", NULL);
  g_autoptr(GError) error = NULL;
  YcLetter *letter;

  yc_letter_issue_async (store, writer, draft, YC_LETTER_WRITE_NONE, NULL, done_cb, wait);
  letter = yc_letter_issue_finish (wait_for (wait), &error);
  g_clear_object (&wait->result);
  g_assert_no_error (error);
  g_assert_nonnull (letter);
  return letter;
}

static void
test_issue_keep_reprint (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = store_new (&dir);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(YcLetter) letter = NULL;
  g_autoptr(YcLetter) reprint = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) reprint_pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reprint_text = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };

  letter = issue_acceptance (store, writer, stored, &wait);

  pdf = load_pdf (store, yc_letter_get_id (letter), &error);
  g_assert_no_error (error);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (yc_letter_get_pdf_sha256 (letter), ==, sha);
  text = letter_fixture_pdf_text (pdf);
  g_assert_nonnull (strstr (text, yc_letter_get_number (letter)));
  g_assert_nonnull (strstr (text, yc_case_get_number (stored)));
  g_assert_nonnull (strstr (text, "王芳"));
  g_assert_nonnull (strstr (text, "受理通知书"));
  g_assert_null (strstr (text, "补打"));
  g_assert_cmpuint (letter_fixture_count (text, "训"), ==, 0);

  /* A reprint in training: the same number, its own letter, marked 补打 and void. */
  yc_letter_reprint_async (store, writer, yc_letter_get_id (letter), YC_LETTER_WRITE_TRAINING,
                           NULL, done_cb, &wait);
  reprint = yc_letter_reprint_finish (wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_letter_get_number (reprint), ==, yc_letter_get_number (letter));
  g_assert_cmpstr (yc_letter_get_reprint_of (reprint), ==, yc_letter_get_id (letter));
  g_assert_cmpstr (yc_letter_get_id (reprint), !=, yc_letter_get_id (letter));
  reprint_pdf = load_pdf (store, yc_letter_get_id (reprint), &error);
  g_assert_no_error (error);
  reprint_text = letter_fixture_pdf_text (reprint_pdf);
  g_assert_nonnull (strstr (reprint_text, "补打"));
  /* The diagonal watermark 培训演示 无效 is read out of order: its 训 is one more. */
  g_assert_cmpuint (letter_fixture_count (reprint_text, "训"), ==,
                    letter_fixture_count (text, "训") + 1);
  g_assert_nonnull (strstr (reprint_text, yc_letter_get_number (letter)));

  g_main_loop_unref (wait.loop);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

static void
test_missing_pdf_and_case (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = store_new (&dir);
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(YcLetter) draft = g_object_new (YC_TYPE_LETTER, "case-id", "no-such-case",
                                            "kind", "acceptance", NULL);
  g_autoptr(YcLetter) letter = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };

  pdf = load_pdf (store, "no-such-letter", &error);
  g_assert_null (pdf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A letter for a case that is not here is refused before anything is numbered. */
  yc_letter_issue_async (store, writer, draft, YC_LETTER_WRITE_NONE, NULL, done_cb, &wait);
  letter = yc_letter_issue_finish (wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_null (letter);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  letters = yc_store_find_letters (store, NULL, 10, NULL);
  g_assert_cmpuint (letters->len, ==, 0);

  g_main_loop_unref (wait.loop);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

/* The stub (存根) says what the letter says and is not a letter of its own. */
static void
test_stub (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(YcStore) store = store_new (&dir);
  g_autoptr(YcCase) stored = fixture_take_in (store, "SCJG-004", "accepted", 1);
  g_autoptr(YcLetterWriter) writer = yc_letter_writer_new (NULL);
  g_autoptr(YcLetter) letter = NULL;
  g_autoptr(YcLetter) reprint = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(YcStoreLetterInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  const char *ids[2];

  letter = issue_acceptance (store, writer, stored, &wait);
  yc_letter_reprint_async (store, writer, yc_letter_get_id (letter), YC_LETTER_WRITE_NONE, NULL,
                           done_cb, &wait);
  reprint = yc_letter_reprint_finish (wait_for (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);

  ids[0] = yc_letter_get_id (letter);
  ids[1] = yc_letter_get_id (reprint);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GBytes) stub = NULL;
      g_autofree char *text = NULL;

      yc_letter_write_stub_async (store, writer, ids[i], YC_LETTER_WRITE_NONE, NULL, done_cb,
                                  &wait);
      stub = yc_letter_write_stub_finish (wait_for (&wait), &error);
      g_clear_object (&wait.result);
      g_assert_no_error (error);
      text = letter_fixture_pdf_text (stub);
      g_assert_nonnull (strstr (text, "存根"));
      g_assert_nonnull (strstr (text, yc_letter_get_number (letter)));
      g_assert_nonnull (strstr (text, "王芳"));
      /* A reprint's stub says it is a copy too. */
      g_assert_true ((strstr (text, "补打") != NULL) == (i == 1));
    }
  letters = yc_store_find_letters (store, NULL, 10, NULL);
  g_assert_cmpuint (letters->len, ==, 2);
  info = yc_store_get_letter_info (store, yc_letter_get_id (letter), NULL);
  g_assert_cmpint (info->print_state, ==, YC_LETTER_PRINT_NOT_PRINTED);

  yc_letter_write_stub_async (store, writer, "no-such-letter", YC_LETTER_WRITE_NONE, NULL,
                              done_cb, &wait);
  g_assert_null (yc_letter_write_stub_finish (wait_for (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_nonnull (error);

  g_main_loop_unref (wait.loop);
  g_clear_object (&store);
  fixture_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/print/letter-issue/keep-and-reprint", test_issue_keep_reprint);
  g_test_add_func ("/print/letter-issue/missing", test_missing_pdf_and_case);
  g_test_add_func ("/print/letter-issue/stub", test_stub);
  return g_test_run ();
}
