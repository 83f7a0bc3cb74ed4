/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-validate.c: identity numbers and phone numbers (domain rule D14). */
#define G_LOG_DOMAIN "yc-validate"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-validate.h"

#define ID_LENGTH 18

/* GB 11643-1999: ISO 7064 MOD 11-2 weights of the first 17 digits, and the check character
 * for (sum mod 11). */
static const int resident_id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char resident_id_check_chars[] = "10X98765432";

/* GB 32100-2015: the 31 characters of a credit code (value = index) and the weights. */
static const char credit_code_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int credit_code_weights[17] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* Province-level codes (GB/T 2260, first two digits): 71 Taiwan, 81 Hong Kong, 82 Macao,
 * 83 residence permits for Taiwan residents, 91 overseas. */
static const int province_codes[] = {
  11, 12, 13, 14, 15,
  21, 22, 23,
  31, 32, 33, 34, 35, 36, 37,
  41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54,
  61, 62, 63, 64, 65,
  71, 81, 82, 83, 91,
};

G_DEFINE_QUARK (yc-validate-error-quark, yc_validate_error)

static gboolean
is_province_code (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    if (province_codes[i] == code)
      return TRUE;
  return FALSE;
}

static int
credit_code_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (credit_code_charset, c);
  return p != NULL ? (int) (p - credit_code_charset) : -1;
}

/* Number of characters of @text (UTF-8 characters when it is valid UTF-8, else bytes). */
static glong
char_count (const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    return g_utf8_strlen (text, -1);
  return (glong) strlen (text);
}

/* Checks that are the same for every field: a space or a character outside ASCII (full-width
 * digits from a Chinese input method, for example) is reported with its 1-based position.
 * Returns FALSE with @error set when such a character is found. */
static gboolean
check_plain_ascii (const char  *text,
                   GError     **error)
{
  gboolean utf8 = g_utf8_validate (text, -1, NULL);
  int position = 1;

  for (const char *p = text; *p != '\0'; position++)
    {
      gunichar c = utf8 ? g_utf8_get_char (p) : (guchar) *p;

      if (c == ' ' || c == 0x3000 || (c < 0x80 && g_ascii_isspace ((char) c)))
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("There is a space at position %d: please remove it."),
                       position);
          return FALSE;
        }
      if (c >= 0x80)
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("Character %d is a full-width or Chinese character: please type it "
                         "again with the input method in half-width mode."),
                       position);
          return FALSE;
        }
      p = utf8 ? g_utf8_next_char (p) : p + 1;
    }

  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *text,
              gsize       n)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

static void
set_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

char
yc_resident_id_check_char (const char *first17)
{
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  if (strnlen (first17, 17) < 17 || !all_digits (first17, 17))
    return '\0';

  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * resident_id_weights[i];

  return resident_id_check_chars[sum % 11];
}

gboolean
yc_resident_id_birth_date (const char *id,
                           GDate      *out_date)
{
  int year, month, day;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (strlen (id) != ID_LENGTH || !all_digits (id + 6, 8))
    return FALSE;

  year = digits_value (id + 6, 4);
  month = digits_value (id + 10, 2);
  day = digits_value (id + 12, 2);

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gboolean
yc_validate_resident_id (const char  *id,
                         GDate       *today,
                         GError     **error)
{
  GDate birth;
  GDate now;
  GDate first_allowed;
  char expected;
  char last;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*id == '\0')
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                           _("Please enter the ID number."));
      return FALSE;
    }

  if (!check_plain_ascii (id, error))
    return FALSE;

  if (strlen (id) != ID_LENGTH)
    {
      g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                   _("A resident ID number has 18 characters; this one has %d."),
                   (int) char_count (id));
      return FALSE;
    }

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id[i]))
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("Character %d of the ID number must be a digit; only the last "
                         "character may be an X."),
                       i + 1);
          return FALSE;
        }
    }

  last = g_ascii_toupper (id[17]);
  if (!g_ascii_isdigit (last) && last != 'X')
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                           _("The last character of the ID number must be a digit or X."));
      return FALSE;
    }

  if (!is_province_code (digits_value (id, 2)))
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_REGION,
                           _("The first two digits of the ID number are not a valid province "
                             "code: please compare them with the card."));
      return FALSE;
    }

  if (!yc_resident_id_birth_date (id, &birth))
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_BIRTH_DATE,
                           _("The birth date in the ID number (characters 7 to 14) is not a "
                             "real date: please compare it with the card."));
      return FALSE;
    }

  g_date_clear (&first_allowed, 1);
  g_date_set_dmy (&first_allowed, 1, G_DATE_JANUARY, 1900);
  if (g_date_compare (&birth, &first_allowed) < 0)
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_BIRTH_DATE,
                           _("The birth date in the ID number (characters 7 to 14) is before "
                             "1900: please compare it with the card."));
      return FALSE;
    }

  if (today == NULL)
    {
      set_today (&now);
      today = &now;
    }
  if (g_date_compare (&birth, today) > 0)
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_BIRTH_DATE,
                           _("The birth date in the ID number (characters 7 to 14) is in the "
                             "future: please compare it with the card."));
      return FALSE;
    }

  expected = yc_resident_id_check_char (id);
  if (last != expected)
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHECK,
                           _("The check character of this ID number is wrong: please compare "
                             "it with the card."));
      return FALSE;
    }

  return TRUE;
}

char
yc_credit_code_check_char (const char *first17)
{
  int sum = 0;
  int check;

  g_return_val_if_fail (first17 != NULL, '\0');

  if (strnlen (first17, 17) < 17)
    return '\0';

  for (guint i = 0; i < 17; i++)
    {
      int value = credit_code_value (first17[i]);

      if (value < 0)
        return '\0';
      sum += value * credit_code_weights[i];
    }

  check = (31 - sum % 31) % 31;
  return credit_code_charset[check];
}

gboolean
yc_validate_credit_code (const char  *code,
                         GError     **error)
{
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*code == '\0')
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                           _("Please enter the unified social credit code."));
      return FALSE;
    }

  if (!check_plain_ascii (code, error))
    return FALSE;

  if (strlen (code) != ID_LENGTH)
    {
      g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                   _("A unified social credit code has 18 characters; this one has %d."),
                   (int) char_count (code));
      return FALSE;
    }

  for (int i = 0; i < ID_LENGTH; i++)
    {
      if (g_ascii_islower (code[i]))
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("Character %d of the credit code is a lower-case letter: credit codes "
                         "use capital letters only."),
                       i + 1);
          return FALSE;
        }
      if (credit_code_value (code[i]) < 0)
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("Character %d of the credit code is not allowed: credit codes use "
                         "digits and capital letters, but never I, O, S, V or Z."),
                       i + 1);
          return FALSE;
        }
    }

  if (code[17] != yc_credit_code_check_char (code))
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHECK,
                           _("The check character of this credit code is wrong: please compare "
                             "it with the business licence."));
      return FALSE;
    }

  return TRUE;
}

gboolean
yc_validate_mobile (const char  *phone,
                    GError     **error)
{
  g_return_val_if_fail (phone != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*phone == '\0')
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                           _("Please enter the mobile number."));
      return FALSE;
    }

  if (!check_plain_ascii (phone, error))
    return FALSE;

  if (g_str_has_prefix (phone, "+86") || g_str_has_prefix (phone, "0086"))
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                           _("Please enter the mobile number without the country code +86."));
      return FALSE;
    }

  for (int i = 0; phone[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (phone[i]))
        {
          g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                       _("Character %d of the mobile number is not a digit."),
                       i + 1);
          return FALSE;
        }
    }

  if (strlen (phone) != 11)
    {
      g_set_error (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH,
                   _("A mobile number has 11 digits; this one has %d."),
                   (int) strlen (phone));
      return FALSE;
    }

  if (phone[0] != '1' || phone[1] < '3')
    {
      g_set_error_literal (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_CHARACTER,
                           _("A mobile number starts with 13 to 19: please check the first two "
                             "digits."));
      return FALSE;
    }

  return TRUE;
}

char *
yc_mask_id_number (const char *id)
{
  GString *masked;
  glong n;
  glong i = 0;

  if (id == NULL)
    return NULL;

  /* Work on characters, not bytes, so that a stray non-ASCII character cannot be cut in half. */
  if (!g_utf8_validate (id, -1, NULL))
    return g_strnfill (strlen (id), '*');

  n = g_utf8_strlen (id, -1);
  if (n <= 10)
    return g_strnfill ((gsize) n, '*');

  masked = g_string_sized_new (strlen (id));
  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      if (i < 6 || i >= n - 4)
        g_string_append_unichar (masked, g_utf8_get_char (p));
      else
        g_string_append_c (masked, '*');
    }

  return g_string_free (masked, FALSE);
}

char *
yc_normalize_id_number (const char *typed)
{
  GString *out;
  const char *p;

  if (typed == NULL)
    return NULL;

  if (!g_utf8_validate (typed, -1, NULL))
    return g_strdup (typed);

  /* Spaces of any width go; full-width digits and X from a Chinese input method become ASCII. */
  out = g_string_sized_new (strlen (typed));
  for (p = typed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (out, (char) ('0' + (c - 0xFF10)));
      else if (c == 0xFF38 || c == 0xFF58)
        g_string_append_c (out, c == 0xFF38 ? 'X' : 'x');
      else
        g_string_append_unichar (out, c);
    }

  if (out->len > 0 && out->str[out->len - 1] == 'x')
    out->str[out->len - 1] = 'X';

  return g_string_free (out, FALSE);
}
