/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-disk-full.c: the workstation's profile on a tiny tmpfs that is then filled up. A
 * change must fail with YC_STORE_ERROR_DISK_FULL and a sentence in the clerk's language,
 * leave nothing half-written (the same cases and outbox entries as before, the number not
 * used, PRAGMA integrity_check ok), and the store must work again once there is room.
 * Mounting needs root (or CAP_SYS_ADMIN): without it the test is skipped. */
#define G_LOG_DOMAIN "test-disk-full"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "e2e-support.h"
#include "../core/store-fixture.h"

#define DISK_FULL_MSGID "The disk of this workstation is full, so nothing was saved. " \
                        "Free some space, then try again."

static gboolean catalogue_present;

/* Write to @path until the file system has no byte left. */
static void
fill (const char *path)
{
  static char block[64 * 1024];
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  gsize size = sizeof block;
  guint64 total = 0;

  g_assert_cmpint (fd, >=, 0);
  while (size > 0)
    {
      ssize_t n = write (fd, block, size);

      if (n > 0)
        total += n;
      else if (n < 0 && errno == ENOSPC)
        size /= 2;
      else if (n < 0 && errno != EINTR)
        g_error ("filling %s: %s", path, g_strerror (errno));
    }
  fsync (fd);
  close (fd);
  g_test_message ("filled the disk with %" G_GUINT64_FORMAT " bytes", total);
}

static gint64
count (const char *db,
       const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return e2e_db_int (db, sql, NULL);
}

static gboolean
contains_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static void
test_disk_full (void)
{
  g_autofree char *dir = e2e_make_tmpdir ("yc-e2e-disk-XXXXXX");
  g_autofree char *mnt = g_build_filename (dir, "mnt", NULL);
  g_autofree char *profile = g_build_filename (mnt, "profile", NULL);
  g_autofree char *filler = g_build_filename (mnt, "filler", NULL);
  g_autofree char *store_db = g_build_filename (profile, "store.db", NULL);
  g_autofree char *integrity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) last_ok = NULL;
  g_autoptr(YcCase) after = NULL;
  g_autoptr(YcCase) gone = NULL;
  YcStore *store;
  YcOutbox *outbox;
  gint64 cases_before = 0, outbox_before = 0, sequence_before = 0;
  guint fitted = 0;
  gboolean full = FALSE;
  const char *num_last, *num_after;

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  /* In a mount namespace of its own, the tmpfs goes away with this process even when an
   * assertion ends it early. */
  if (unshare (CLONE_NEWNS) == 0)
    mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  if (mount ("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=3m,mode=0700") != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a tmpfs (%s): this test needs root "
                                              "or CAP_SYS_ADMIN", g_strerror (errno));

      g_test_skip (why);
      e2e_rm_rf (dir);
      return;
    }

  store = yc_store_open (profile, &error);
  g_assert_no_error (error);
  outbox = yc_outbox_new (store);
  fixture_load_reference (store);
  fixture_sign_in (store, "s-li", "clerk", "scjg", "w-a01");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(YcCase) draft = e2e_case_draft (store, "SCJG-001", "instant", "周杰", i);

      g_clear_object (&last_ok);
      last_ok = yc_store_take_in_sync (store, draft, &error);
      g_assert_no_error (error);
    }

  fill (filler);

  /* Changes may still fit in pages the database holds already; one will need a new one. */
  while (!full && fitted < 2000)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(YcCase) draft = e2e_case_draft (store, "RSJ-001", "instant", "周杰", fitted);
      g_autoptr(YcCase) stored = NULL;

      g_object_set (draft, "id", id, NULL);
      cases_before = count (store_db, "cases");
      outbox_before = count (store_db, "outbox");
      sequence_before = e2e_db_int (store_db, "SELECT sum (next_value) FROM sequences", NULL);

      stored = yc_store_take_in_sync (store, draft, &error);
      if (stored != NULL)
        {
          fitted++;
          g_set_object (&last_ok, stored);
          continue;
        }

      full = TRUE;
      g_test_message ("after %u more changes that fitted: %s", fitted, error->message);
      g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_DISK_FULL);

      /* Nothing of it was written: no case, no outbox entry, no number used. */
      g_assert_cmpint (count (store_db, "cases"), ==, cases_before);
      g_assert_cmpint (count (store_db, "outbox"), ==, outbox_before);
      g_assert_cmpint (e2e_db_int (store_db, "SELECT sum (next_value) FROM sequences", NULL), ==,
                       sequence_before);
      g_assert_cmpint (yc_outbox_get_n_pending (outbox), ==, outbox_before);
      gone = yc_store_get_case (store, id, NULL);
      g_assert_null (gone);
      g_assert_cmpint (yc_store_get_sync_state (store, "case", id), ==, YC_SYNC_STATE_NONE);
    }
  g_assert_true (full);

  /* A sentence the clerk can read, from the translations. */
  g_assert_cmpstr (error->message, ==, g_dgettext (GETTEXT_PACKAGE, DISK_FULL_MSGID));
  if (catalogue_present)
    {
      if (!contains_han (error->message))
        g_error ("the disk-full message is not translated to zh_CN: “%s”", error->message);
    }
  else
    g_test_message ("no zh_CN catalogue built: the translation was not checked");
  g_clear_error (&error);

  integrity = e2e_db_integrity (store_db);
  g_assert_cmpstr (integrity, ==, "ok");

  /* Room again: the store works, and the failed change used no number. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  {
    g_autoptr(YcCase) draft = e2e_case_draft (store, "RSJ-001", "instant", "周杰", 999);

    after = yc_store_take_in_sync (store, draft, &error);
    g_assert_no_error (error);
  }
  num_last = yc_case_get_number (last_ok);
  num_after = yc_case_get_number (after);
  g_assert_cmpint (strlen (num_last), ==, strlen (num_after));
  g_assert_cmpint (e2e_db_int (store_db, "SELECT sum (next_value) FROM sequences", NULL), ==,
                   sequence_before + 1);
  g_assert_cmpint (count (store_db, "cases"), ==, cases_before + 1);

  g_clear_object (&outbox);
  yc_store_close (store);
  g_object_unref (store);

  g_clear_pointer (&integrity, g_free);
  integrity = e2e_db_integrity (store_db);
  g_assert_cmpstr (integrity, ==, "ok");

  if (umount (mnt) != 0)
    {
      g_test_message ("umount %s: %s; detaching", mnt, g_strerror (errno));
      g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
    }
  e2e_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");
  g_autofree char *mo = NULL;

  /* In the halls' language, when the catalogue is built. */
  if (localedir == NULL)
    localedir = LOCALEDIR;
  mo = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    setlocale (LC_ALL, "");
  else
    catalogue_present = g_file_test (mo, G_FILE_TEST_EXISTS);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/e2e/disk-full/change", test_disk_full);
  return g_test_run ();
}
