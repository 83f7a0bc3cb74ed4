/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-validate"

#include "config.h"

#include <string.h>

#include "fuzz-support.h"
#include "yc-validate.h"

/* Identity numbers, credit codes and phone numbers as a clerk or a server answer may give
 * them: every validator and helper of yc-validate.h on the same bytes, and what must hold
 * between them for the ones that pass. */

static void
check_resident_id (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = yc_normalize_id_number (text);
  g_autofree char *expected = NULL;
  GDate today, birth;
  gboolean valid;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, G_DATE_DECEMBER, 2026);
  valid = yc_validate_resident_id (text, &today, &error);
  g_assert_true (valid == (error == NULL));
  if (error != NULL)
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (!valid)
    return;

  /* A valid number: 18 characters, its check character is the computed one, its birth date
   * is real and not after today, and normalising changes nothing but a lower-case x. */
  g_assert_cmpuint (strlen (text), ==, 18);
  g_assert_cmpint (g_ascii_toupper (text[17]), ==, yc_resident_id_check_char (text));
  g_assert_true (yc_resident_id_birth_date (text, &birth));
  g_assert_true (g_date_valid (&birth));
  g_assert_cmpint (g_date_compare (&birth, &today), <=, 0);
  expected = g_strdup (text);
  if (expected[17] == 'x')
    expected[17] = 'X';
  g_assert_cmpstr (normal, ==, expected);
  g_assert_true (yc_validate_resident_id (normal, &today, NULL));
}

static void
check_credit_code (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = yc_validate_credit_code (text, &error);

  g_assert_true (valid == (error == NULL));
  if (!valid)
    return;
  g_assert_cmpuint (strlen (text), ==, 18);
  g_assert_cmpint (text[17], ==, yc_credit_code_check_char (text));
}

static void
check_mask (const char *text)
{
  g_autofree char *masked = yc_mask_id_number (text);
  gsize len = strlen (text);

  g_assert_nonnull (masked);
  if (!g_str_is_ascii (text))
    return;
  g_assert_cmpuint (strlen (masked), ==, len);
  if (len > 10)
    {
      /* The middle never shows. */
      for (gsize i = 6; i < len - 4; i++)
        g_assert_cmpint (masked[i], ==, '*');
      g_assert_cmpint (memcmp (masked, text, 6), ==, 0);
      g_assert_cmpint (memcmp (masked + len - 4, text + len - 4, 4), ==, 0);
    }
  else
    for (gsize i = 0; i < len; i++)
      g_assert_cmpint (masked[i], ==, '*');
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  GDate birth;

  check_resident_id (text);
  check_credit_code (text);
  check_mask (text);
  (void) yc_resident_id_check_char (text);
  (void) yc_credit_code_check_char (text);
  (void) yc_resident_id_birth_date (text, &birth);
  if (yc_validate_mobile (text, &error))
    g_assert_cmpuint (strlen (text), ==, 11);
  return 0;
}
