/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-validate.h: identity numbers and phone numbers (domain rule D14). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YC_VALIDATE_ERROR (yc_validate_error_quark ())

typedef enum {
  YC_VALIDATE_ERROR_LENGTH,       /* wrong number of characters */
  YC_VALIDATE_ERROR_CHARACTER,    /* a character outside the allowed set */
  YC_VALIDATE_ERROR_REGION,       /* GB 11643: region code not plausible */
  YC_VALIDATE_ERROR_BIRTH_DATE,   /* GB 11643: no such date, or in the future / before 1900 */
  YC_VALIDATE_ERROR_CHECK,        /* the check character does not match */
} YcValidateError;

GQuark    yc_validate_error_quark      (void);

/* Resident ID (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check character (0-9 or X,
 * a lower-case x is accepted and means X), a real birth date not after @today (pass NULL for
 * the current local date). Leading/trailing spaces are not accepted. On failure @error says,
 * in a sentence a clerk can read (translated), what is wrong. */
gboolean  yc_validate_resident_id      (const char  *id,
                                        GDate       *today,
                                        GError     **error);
/* The check character (0-9 or 'X') for the first 17 digits; '\0' if they are not 17 digits. */
char      yc_resident_id_check_char    (const char  *first17);
/* Birth date encoded in a resident ID (no check of the check character); FALSE if none. */
gboolean  yc_resident_id_birth_date    (const char  *id,
                                        GDate       *out_date);

/* Unified social credit code (GB 32100-2015): 18 characters from 0-9 A-H J-N P-R T-U W-Y,
 * the last a MOD 31 check character. Lower case is not accepted. */
gboolean  yc_validate_credit_code      (const char  *code,
                                        GError     **error);
char      yc_credit_code_check_char    (const char  *first17);

/* Mainland mobile number: 11 digits starting with 1 (second digit 3-9). */
gboolean  yc_validate_mobile           (const char  *phone,
                                        GError     **error);

/* Masking for lists, logs and exports: keep the first 6 and the last 4 characters and replace
 * the rest with '*' ("110105********002X"). Strings of 10 characters or fewer become all '*'.
 * Works on any ASCII identity string; NULL gives NULL. */
char     *yc_mask_id_number            (const char  *id);

/* Normalise what a clerk typed: strip spaces, upper-case a trailing x. Newly allocated. */
char     *yc_normalize_id_number       (const char  *typed);

G_END_DECLS
