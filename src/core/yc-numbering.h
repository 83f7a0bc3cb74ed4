/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-numbering.h: case and letter numbers built on the workstation (D14).
 *
 * A number is the centre's format filled in with the centre's prefix, the year, the kind of
 * number (受 告 不 结 案), the workstation's code and a sequence that YcStore advances per
 * (kind, year) in the same transaction as the record. The workstation code keeps numbers made
 * on different workstations apart, the sequence keeps this workstation's numbers apart, so a
 * number is unique in the centre without asking the server. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The format of the demo centre and the default when a centre sends none. */
#define YC_NUMBERING_DEFAULT_FORMAT "{prefix}〔{year}〕{kind}字第{workstation}-{seq:06}号"

#define YC_NUMBERING_KIND_ACCEPTANCE "受" /* acceptance notice (受理通知书) */
#define YC_NUMBERING_KIND_NOTICE     "告" /* one-time notice (一次性告知书) */
#define YC_NUMBERING_KIND_REFUSAL    "不" /* refusal notice (不予受理通知书) */
#define YC_NUMBERING_KIND_COMPLETION "结" /* completion notice (办结通知) */
#define YC_NUMBERING_KIND_CASE       "案" /* case numbers */

#define YC_NUMBERING_ERROR (yc_numbering_error_quark ())

typedef enum {
  YC_NUMBERING_ERROR_INVALID_FORMAT,
} YcNumberingError;

GQuark      yc_numbering_error_quark        (void);

/* Fill @format. Placeholders: {prefix}, {year}, {kind}, {workstation}, {seq}; a numeric one
 * ({year}, {seq}) may carry a width, "{seq:06}" padding with zeros and "{seq:6}" with spaces.
 * "{{" and "}}" stand for literal braces; an unknown placeholder is copied as it is.
 * NULL strings count as "". Never returns NULL. */
char       *yc_numbering_format             (const char *format,
                                             const char *prefix,
                                             int         year,
                                             const char *kind,
                                             const char *workstation,
                                             guint64     seq);

/* TRUE if @format can make unique numbers: it is valid UTF-8, its braces are balanced, and
 * it contains {workstation}, {seq} and {year} (sequences restart every year). */
gboolean    yc_numbering_format_is_valid    (const char  *format,
                                             GError     **error);

/* The kind of number for a letter kind ("one_time_notice" -> 告, "acceptance" -> 受,
 * "refusal" -> 不, "completion" -> 结); NULL for anything else. */
const char *yc_numbering_kind_for_letter    (const char *letter_kind);

G_END_DECLS
