/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-validate.c: resident IDs, credit codes, mobile numbers, masking (D14). */
#define G_LOG_DOMAIN "test-validate"

#include <string.h>

#include "yc-validate.h"

/* Builds an 18-character resident ID with the right check character. */
static char *
make_id (const char *region6,
         const char *birth8,
         const char *seq3)
{
  g_autofree char *first17 = g_strconcat (region6, birth8, seq3, NULL);
  char check;

  g_assert_cmpuint (strlen (first17), ==, 17);
  check = yc_resident_id_check_char (first17);
  g_assert_cmpint (check, !=, '\0');
  return g_strdup_printf ("%s%c", first17, check);
}

static GDate *
date_new (int year,
          int month,
          int day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
assert_id_error (const char *id,
                 GDate      *today,
                 int         code,
                 const char *in_message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (yc_validate_resident_id (id, today, &error));
  g_assert_error (error, YC_VALIDATE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_resident_id_known_good (void)
{
  g_autoptr(GError) error = NULL;

  /* By hand: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times the weights
   * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 give
   * 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = 'X'. */
  g_assert_cmpint (yc_resident_id_check_char ("11010519491231002"), ==, 'X');
  g_assert_true (yc_validate_resident_id ("11010519491231002X", NULL, &error));
  g_assert_no_error (error);

  /* A lower-case x means X. */
  g_assert_true (yc_validate_resident_id ("11010519491231002x", NULL, &error));
  g_assert_no_error (error);

  /* The whole ID may be passed to the check function: only the first 17 count. */
  g_assert_cmpint (yc_resident_id_check_char ("11010519491231002X"), ==, 'X');
}

static void
test_resident_id_check_char (void)
{
  /* The check characters are recomputed here from the definition of MOD 11-2. One by hand:
   * 44030519900101123 -> 28+36+0+15+0+20+2+9+54+0+0+9+0+5+8+8+6 = 200; 200 mod 11 = 2 -> 'X'. */
  static const char *samples[] = {
    "44030519900101123", "31010420000229001", "65010219991231456", "51010720120615123",
    "91000019000101000", "82000020260101999",
  };
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      int sum = 0;

      for (guint j = 0; j < 17; j++)
        sum += (samples[i][j] - '0') * weights[j];
      g_assert_cmpint (yc_resident_id_check_char (samples[i]), ==, "10X98765432"[sum % 11]);
    }

  g_assert_cmpint (yc_resident_id_check_char ("44030519900101123"), ==, 'X');
  g_assert_cmpint (yc_resident_id_check_char ("31010420000229001"), ==, '4');

  g_assert_cmpint (yc_resident_id_check_char ("4403051990010112"), ==, '\0');
  g_assert_cmpint (yc_resident_id_check_char ("4403051990010112A"), ==, '\0');
  g_assert_cmpint (yc_resident_id_check_char (""), ==, '\0');
}

static void
test_resident_id_valid (void)
{
  g_autoptr(GDate) today = date_new (2026, 5, 1);
  static const char *regions[] = { "110105", "310104", "440305", "650102", "710000",
                                   "810000", "820000", "830000", "910000", "150102" };

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_autofree char *id = make_id (regions[i], "19850715", "321");
      g_autoptr(GError) error = NULL;

      g_assert_true (yc_validate_resident_id (id, today, &error));
      g_assert_no_error (error);
    }

  g_assert_true (yc_validate_resident_id ("44030519900101123X", today, NULL));
  g_assert_true (yc_validate_resident_id ("310104200002290014", today, NULL)); /* leap day */

  {
    g_autofree char *id = make_id ("110105", "19000101", "001");
    g_assert_true (yc_validate_resident_id (id, today, NULL));
  }
  {
    /* Born today. */
    g_autofree char *id = make_id ("110105", "20260501", "001");
    g_assert_true (yc_validate_resident_id (id, today, NULL));
  }
}

static void
test_resident_id_wrong_check (void)
{
  assert_id_error ("440305199001011234", NULL, YC_VALIDATE_ERROR_CHECK, "check character");
  assert_id_error ("110105194912310021", NULL, YC_VALIDATE_ERROR_CHECK, NULL);
  /* One mistyped digit (4 -> 5 in the birth year) changes the check character. */
  assert_id_error ("11010519591231002X", NULL, YC_VALIDATE_ERROR_CHECK, NULL);
}

static void
test_resident_id_dates (void)
{
  g_autoptr(GDate) today = date_new (2026, 5, 1);
  g_autofree char *feb30 = make_id ("110105", "19900230", "123");
  g_autofree char *feb29 = make_id ("110105", "20250229", "123");
  g_autofree char *month13 = make_id ("110105", "19901301", "123");
  g_autofree char *day00 = make_id ("110105", "19900100", "123");
  g_autofree char *old = make_id ("110105", "18991231", "123");
  g_autofree char *tomorrow = make_id ("110105", "20260502", "123");
  g_autofree char *far = make_id ("110105", "29990101", "123");
  GDate birth;

  assert_id_error (feb30, today, YC_VALIDATE_ERROR_BIRTH_DATE, "7 to 14");
  assert_id_error (feb29, today, YC_VALIDATE_ERROR_BIRTH_DATE, "not a real date");
  assert_id_error (month13, today, YC_VALIDATE_ERROR_BIRTH_DATE, NULL);
  assert_id_error (day00, today, YC_VALIDATE_ERROR_BIRTH_DATE, NULL);
  assert_id_error (old, today, YC_VALIDATE_ERROR_BIRTH_DATE, "1900");
  assert_id_error (tomorrow, today, YC_VALIDATE_ERROR_BIRTH_DATE, "future");
  assert_id_error (far, NULL, YC_VALIDATE_ERROR_BIRTH_DATE, "future");

  g_assert_true (yc_resident_id_birth_date ("11010519491231002X", &birth));
  g_assert_cmpint (g_date_get_year (&birth), ==, 1949);
  g_assert_cmpint (g_date_get_month (&birth), ==, 12);
  g_assert_cmpint (g_date_get_day (&birth), ==, 31);
  /* The check character is not looked at. */
  g_assert_true (yc_resident_id_birth_date ("110105194912310021", &birth));
  g_assert_false (yc_resident_id_birth_date (feb30, &birth));
  g_assert_false (yc_resident_id_birth_date ("1101051949123100", &birth));
}

static void
test_resident_id_region (void)
{
  static const char *bad[] = { "000000", "100000", "160000", "200000", "240000", "300000",
                               "380000", "470000", "550000", "660000", "700000", "720000",
                               "800000", "840000", "900000", "920000", "990000" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = make_id (bad[i], "19850715", "321");

      assert_id_error (id, NULL, YC_VALIDATE_ERROR_REGION, "province");
    }
}

static void
test_resident_id_length (void)
{
  assert_id_error ("", NULL, YC_VALIDATE_ERROR_LENGTH, NULL);
  assert_id_error ("11010519491231002", NULL, YC_VALIDATE_ERROR_LENGTH, "17");
  assert_id_error ("11010519491231002X1", NULL, YC_VALIDATE_ERROR_LENGTH, "19");
  assert_id_error ("110105491231002", NULL, YC_VALIDATE_ERROR_LENGTH, "15");
}

static void
test_resident_id_characters (void)
{
  assert_id_error ("11010519491231002A", NULL, YC_VALIDATE_ERROR_CHARACTER, "last character");
  assert_id_error ("1101051949123100X2", NULL, YC_VALIDATE_ERROR_CHARACTER, "17");
  assert_id_error ("X1010519491231002X", NULL, YC_VALIDATE_ERROR_CHARACTER, "1 ");
  assert_id_error ("11010519491231-02X", NULL, YC_VALIDATE_ERROR_CHARACTER, "15");
  assert_id_error ("110105 19491231002X", NULL, YC_VALIDATE_ERROR_CHARACTER, "space at position 7");
  assert_id_error (" 11010519491231002X", NULL, YC_VALIDATE_ERROR_CHARACTER, "space");
  assert_id_error ("11010519491231002X ", NULL, YC_VALIDATE_ERROR_CHARACTER, "space");
  /* A full-width 1 (U+FF11) in place of the third-to-last digit. */
  assert_id_error ("110105194912310\xef\xbc\x91" "2X", NULL, YC_VALIDATE_ERROR_CHARACTER,
                   "Character 16");
}

static void
test_credit_code (void)
{
  static const char *first17[] = {
    "91110000100000000", "12100000400000000", "93440300MA5F00000", "31310000MD0000000",
    "Y1440300HJKLMNPQR",
  };
  g_autoptr(GError) error = NULL;

  /* Published example; by hand: 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 weighted sum
   * 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 -> '3'. */
  g_assert_cmpint (yc_credit_code_check_char ("91350100M000100Y4"), ==, '3');
  g_assert_true (yc_validate_credit_code ("91350100M000100Y43", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (first17); i++)
    {
      char check = yc_credit_code_check_char (first17[i]);
      g_autofree char *code = NULL;

      g_assert_cmpint (check, !=, '\0');
      code = g_strdup_printf ("%s%c", first17[i], check);
      g_assert_true (yc_validate_credit_code (code, &error));
      g_assert_no_error (error);
    }

  g_assert_false (yc_validate_credit_code ("91350100M000100Y42", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHECK);
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("91350100m000100Y43", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER);
  g_assert_nonnull (strstr (error->message, "Character 9 "));
  g_assert_nonnull (strstr (error->message, "lower-case"));
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("91350100I000100Y43", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER);
  g_assert_nonnull (strstr (error->message, "Character 9 "));
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("91350100M000100Z43", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER);
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("91350100M000100Y4", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH);
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH);
  g_clear_error (&error);

  g_assert_false (yc_validate_credit_code ("91350100 M000100Y43", &error));
  g_assert_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER);
  g_assert_nonnull (strstr (error->message, "9"));
  g_clear_error (&error);

  g_assert_cmpint (yc_credit_code_check_char ("91350100O000100Y4"), ==, '\0');
  g_assert_cmpint (yc_credit_code_check_char ("91350100M000100Y"), ==, '\0');
}

static void
test_mobile (void)
{
  static const char *good[] = { "13800138000", "19912345678", "15012345678", "17700000000" };
  static const struct {
    const char *phone;
    int         code;
  } bad[] = {
    { "", YC_VALIDATE_ERROR_LENGTH },
    { "1380013800", YC_VALIDATE_ERROR_LENGTH },
    { "138001380001", YC_VALIDATE_ERROR_LENGTH },
    { "12345678901", YC_VALIDATE_ERROR_CHARACTER },
    { "23800138000", YC_VALIDATE_ERROR_CHARACTER },
    { "10800138000", YC_VALIDATE_ERROR_CHARACTER },
    { "138-0013-8000", YC_VALIDATE_ERROR_CHARACTER },
    { "138 0013 8000", YC_VALIDATE_ERROR_CHARACTER },
    { "+8613800138000", YC_VALIDATE_ERROR_CHARACTER },
    { "1380013800a", YC_VALIDATE_ERROR_CHARACTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (yc_validate_mobile (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (yc_validate_mobile (bad[i].phone, &error));
      g_assert_error (error, YC_VALIDATE_ERROR, bad[i].code);
    }
}

static void
test_mask (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "11010519491231002X", "110105********002X" },
    { "91350100M000100Y43", "913501********0Y43" },
    { "12345678901", "123456*8901" },
    { "1234567890", "**********" },
    { "123", "***" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = yc_mask_id_number (cases[i].in);

      g_assert_cmpstr (masked, ==, cases[i].out);
    }

  g_assert_null (yc_mask_id_number (NULL));
}

static void
test_normalize (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { " 110105 19491231 002x ", "11010519491231002X" },
    { "11010519491231002X", "11010519491231002X" },
    { "\t11010519491231002x\n", "11010519491231002X" },
    /* Full-width digits, a full-width x and an ideographic space from a Chinese IME. */
    { "\xef\xbc\x91\xef\xbc\x91" "0105\xe3\x80\x80" "19491231002\xef\xbd\x98", "11010519491231002X" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = yc_normalize_id_number (cases[i].in);

      g_assert_cmpstr (normal, ==, cases[i].out);
    }

  g_assert_null (yc_normalize_id_number (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/resident-id/known-good", test_resident_id_known_good);
  g_test_add_func ("/validate/resident-id/check-char", test_resident_id_check_char);
  g_test_add_func ("/validate/resident-id/valid", test_resident_id_valid);
  g_test_add_func ("/validate/resident-id/wrong-check", test_resident_id_wrong_check);
  g_test_add_func ("/validate/resident-id/dates", test_resident_id_dates);
  g_test_add_func ("/validate/resident-id/region", test_resident_id_region);
  g_test_add_func ("/validate/resident-id/length", test_resident_id_length);
  g_test_add_func ("/validate/resident-id/characters", test_resident_id_characters);
  g_test_add_func ("/validate/credit-code", test_credit_code);
  g_test_add_func ("/validate/mobile", test_mobile);
  g_test_add_func ("/validate/mask", test_mask);
  g_test_add_func ("/validate/normalize", test_normalize);

  return g_test_run ();
}
