/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-store.h: the workstation's local SQLite database (D16).
 *
 * One database per profile, `store.db` in $XDG_DATA_HOME/yichuang/<profile>/ (directory 0700,
 * files 0600, WAL, synchronous=FULL). It keeps the catalogue, the calendars, departments,
 * windows and staff as the server last sent them, the cases, letters, handoffs, inquiries and
 * evaluations this workstation made or sees, the number sequences, the outbox and a local
 * audit trail.
 *
 * Every clerk change is ONE `BEGIN IMMEDIATE` transaction that writes the record, assigns its
 * number from the workstation's own sequence and appends an outbox entry whose UUID is the
 * Idempotency-Key; the change is reported saved only after COMMIT. All writes run, in order,
 * on one writer thread owned by the store: the `_async` functions never block the caller, the
 * `_sync` ones wait (tests, benchmarks, tools). Reads are short indexed queries on a second
 * connection and may be called from the main thread.
 *
 * The `changed` signal is emitted on the main context the store was opened in, after the
 * commit, once per record kind and record: detail and first argument the kind ("cases",
 * "letters", "handoffs", "inquiries", "evaluations", "catalogue", "calendars", "departments",
 * "windows", "staff", "meta", "outbox", "audit"), second argument the record's id, or NULL
 * when many records changed at once. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-centre.h"
#include "yc-handoff.h"
#include "yc-inquiry.h"
#include "yc-letter.h"
#include "yc-service-item.h"
#include "yc-service-window.h"
#include "yc-staff.h"

G_BEGIN_DECLS

#define YC_STORE_ERROR (yc_store_error_quark ())

typedef enum {
  YC_STORE_ERROR_IO,                /* the database cannot be opened, read or written */
  YC_STORE_ERROR_DISK_FULL,         /* no space left: nothing of the change was written */
  YC_STORE_ERROR_CORRUPT,           /* the database file is damaged */
  YC_STORE_ERROR_TOO_NEW,           /* made by a newer Yichuang */
  YC_STORE_ERROR_CLOSED,            /* the store was closed */
  YC_STORE_ERROR_NOT_SIGNED_IN,     /* no workstation code or staff member yet */
  YC_STORE_ERROR_NOT_FOUND,         /* no such record on this workstation */
  YC_STORE_ERROR_INVALID,           /* the change is not valid; the message says why */
  YC_STORE_ERROR_UNKNOWN_SERVICE_ITEM,
  YC_STORE_ERROR_UNKNOWN_MATERIAL,
  YC_STORE_ERROR_CALENDAR_MISSING,  /* the official calendar of a year is not stored */
  YC_STORE_ERROR_ONE_TIME_RULE,     /* D8 */
  YC_STORE_ERROR_CASE_NOT_HELD,     /* the clerk does not hold the case */
  YC_STORE_ERROR_FORBIDDEN,         /* the clerk's role does not allow it */
  YC_STORE_ERROR_ALREADY_DECIDED,
  YC_STORE_ERROR_NOT_APPROVED,
  YC_STORE_ERROR_ALREADY_RECEIVED,
  YC_STORE_ERROR_ALREADY_EVALUATED,
  YC_STORE_ERROR_NOT_PARALLEL,      /* only a parallel handoff is answered */
  YC_STORE_ERROR_NOT_RECEIVED,      /* a parallel handoff is answered once signed for */
  YC_STORE_ERROR_ALREADY_ANSWERED,
} YcStoreError;

/* Where a local record stands with the server. */
typedef enum {
  YC_SYNC_STATE_NONE,       /* no such record */
  YC_SYNC_STATE_SYNCED,     /* the server has every change made here */
  YC_SYNC_STATE_PENDING,    /* a change made here waits in the outbox */
  YC_SYNC_STATE_ATTENTION,  /* the server refused a change: see the outbox */
  YC_SYNC_STATE_DISCARDED,  /* its creation was discarded from the outbox */
} YcSyncState;

/* Reference lists that the server sends whole. */
typedef enum {
  YC_STORE_DEPARTMENTS,
  YC_STORE_WINDOWS,
  YC_STORE_STAFF,
} YcStoreReference;

/* Lays out a letter once its number is known and returns its PDF. Runs on the store's writer
 * thread inside the transaction: the store keeps the PDF in the profile
 * (yc_store_dup_letter_pdf_path), puts its SHA-256 in the letter (pdf_sha256, sent to the
 * server), and if laying out or keeping it fails, nothing of the letter is saved and its
 * number is not used. It must not touch GTK. */
typedef GBytes *(*YcStoreRenderFunc) (YcLetter    *letter,
                                      gpointer     user_data,
                                      GError     **error);

/* Whether a letter's PDF has been printed; a letter is issued whatever this says. */
typedef enum {
  YC_LETTER_PRINT_NOT_PRINTED,
  YC_LETTER_PRINT_PRINTED,
  YC_LETTER_PRINT_FAILED,
  YC_LETTER_PRINT_CANCELLED,
} YcLetterPrintState;

/* One line of the list of letters: the letter with what the list shows of its case. */
typedef struct {
  YcLetter           *letter;
  char               *case_number;
  char               *applicant_name;
  char               *applicant_id_masked; /* never the full number */
  YcLetterPrintState  print_state;
  char               *printed_at;          /* RFC 3339, or NULL */
} YcStoreLetterInfo;

void yc_store_letter_info_free (YcStoreLetterInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStoreLetterInfo, yc_store_letter_info_free)

#define YC_TYPE_STORE (yc_store_get_type ())
G_DECLARE_FINAL_TYPE (YcStore, yc_store, YC, STORE, GObject)

GQuark         yc_store_error_quark              (void);

/* Open or create the store in @directory (created 0700), migrating an older schema. */
YcStore       *yc_store_open                     (const char        *directory,
                                                  GError           **error);
/* Finish the writes already queued and close the database; later writes fail with
 * YC_STORE_ERROR_CLOSED. Also done on the last unref. */
void           yc_store_close                    (YcStore           *self);
const char    *yc_store_get_directory            (YcStore           *self);
/* Whether the server is reachable now (set by the sync engine). Changes made while it is
 * FALSE are marked offline in the outbox (sent with X-Yc-Offline: 1). Default FALSE. */
gboolean       yc_store_get_online               (YcStore           *self);
void           yc_store_set_online               (YcStore           *self,
                                                  gboolean           online);

/* ---- Session and reference data (written by the session and the sync engine) ---- */

/* Remember the sign-in answer: the centre (GET /centre shape), this workstation's code and
 * the signed-in staff member. Any of them may be NULL to keep the stored one. */
void           yc_store_set_session_async        (YcStore           *self,
                                                  JsonObject        *centre,
                                                  const char        *workstation_code,
                                                  JsonObject        *staff,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_set_session_finish       (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_set_session_sync         (YcStore           *self,
                                                  JsonObject        *centre,
                                                  const char        *workstation_code,
                                                  JsonObject        *staff,
                                                  GError           **error);

/* Remember a small setting of this workstation under @key (NULL @value forgets it); read it
 * back with yc_store_dup_meta(). Keys in use: "centre", "staff", "workstation" and
 * "catalogue_etag" (written by the calls below); others are free for the session and the
 * sync engine ("events:last-seq", …). */
void           yc_store_set_meta_async           (YcStore           *self,
                                                  const char        *key,
                                                  const char        *value,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_set_meta_finish          (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_set_meta_sync            (YcStore           *self,
                                                  const char        *key,
                                                  const char        *value,
                                                  GError           **error);

/* Replace the whole catalogue ({"service_items":[…],"version":…} or a bare array) and its
 * ETag in one transaction. A malformed catalogue changes nothing. */
void           yc_store_apply_catalogue_async    (YcStore           *self,
                                                  JsonNode          *catalogue,
                                                  const char        *etag,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_apply_catalogue_finish   (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_apply_catalogue_sync     (YcStore           *self,
                                                  JsonNode          *catalogue,
                                                  const char        *etag,
                                                  GError           **error);

/* Store one year of the official calendar (GET /calendar/{year} shape). */
void           yc_store_apply_calendar_async     (YcStore           *self,
                                                  JsonObject        *year,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_apply_calendar_finish    (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_apply_calendar_sync      (YcStore           *self,
                                                  JsonObject        *year,
                                                  GError           **error);

/* Replace the departments, windows or staff list (the array inside the list answer). */
void           yc_store_apply_reference_async    (YcStore           *self,
                                                  YcStoreReference   which,
                                                  JsonArray         *list,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_apply_reference_finish   (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_apply_reference_sync     (YcStore           *self,
                                                  YcStoreReference   which,
                                                  JsonArray         *list,
                                                  GError           **error);

/* Insert or update records the server sent (event feed, GET lists): @kind is "case",
 * "letter", "handoff" or "inquiry". A record with a change of this workstation still in the
 * outbox is left as it is here (the answer to that change brings the server's version); a
 * handoff whose changes here all need attention (the server refused them) takes the server's
 * version, which is the real state. A masked ID number never replaces a full one stored
 * here. */
void           yc_store_apply_records_async      (YcStore           *self,
                                                  const char        *kind,
                                                  JsonArray         *records,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_apply_records_finish     (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_apply_records_sync       (YcStore           *self,
                                                  const char        *kind,
                                                  JsonArray         *records,
                                                  GError           **error);

/* ---- Reads (short queries; main thread is fine) ---- */

char          *yc_store_dup_meta                 (YcStore           *self,
                                                  const char        *key);
char          *yc_store_dup_workstation_code     (YcStore           *self);
char          *yc_store_dup_catalogue_etag       (YcStore           *self);
/* The code ("A01") of the window @window_id, from the stored windows list; NULL if unknown. */
char          *yc_store_dup_window_code          (YcStore           *self,
                                                  const char        *window_id);
/* The centre's windows (YcServiceWindow), by code. */
GPtrArray     *yc_store_list_windows             (YcStore           *self,
                                                  GError           **error);
/* Department id -> name, from the stored departments list (empty when there is none). */
GHashTable    *yc_store_dup_department_names     (YcStore           *self);
/* The centre's staff (YcStaff) as the server last sent them, by department and name. */
GPtrArray     *yc_store_list_staff               (YcStore           *self,
                                                  GError           **error);
YcCentre      *yc_store_get_centre               (YcStore           *self);
/* The staff member signed in on this workstation, or NULL. */
YcStaff       *yc_store_get_staff                (YcStore           *self);
/* A new YcCalendar with every stored year. */
YcCalendar    *yc_store_load_calendar            (YcStore           *self,
                                                  GError           **error);
YcServiceItem *yc_store_get_service_item         (YcStore           *self,
                                                  const char        *code,
                                                  GError           **error);
/* Service items whose name, code or pinyin contains @query (all when NULL or ""), by code. */
GPtrArray     *yc_store_find_service_items       (YcStore           *self,
                                                  const char        *query,
                                                  guint              limit,
                                                  GError           **error);
/* The case with the full ID numbers, for the detail view of its holder. Never log it. */
YcCase        *yc_store_get_case                 (YcStore           *self,
                                                  const char        *id,
                                                  GError           **error);
/* Cases whose number or applicant name contains @query, or whose applicant's full ID number
 * or credit code equals it (a returning applicant), newest first. */
GPtrArray     *yc_store_find_cases               (YcStore           *self,
                                                  const char        *query,
                                                  guint              limit,
                                                  GError           **error);
/* The open cases (accepted, or waiting for materials) held by @holder_id, soonest due first:
 * what a handoff can give away. */
GPtrArray     *yc_store_list_held_cases          (YcStore           *self,
                                                  const char        *holder_id,
                                                  GError           **error);
/* Letters issued at this workstation (YcStoreLetterInfo), newest first, at most @limit; with
 * @query, those whose number, applicant's name or case number contains it. */
GPtrArray     *yc_store_find_letters             (YcStore           *self,
                                                  const char        *query,
                                                  guint              limit,
                                                  GError           **error);
/* The letter @id with its list line; NULL with NOT_FOUND if there is none. */
YcStoreLetterInfo *yc_store_get_letter_info      (YcStore           *self,
                                                  const char        *id,
                                                  GError           **error);
/* Where the PDF of letter @id is kept (it may not exist: a letter synced from another
 * workstation, or one issued without a layout). */
char          *yc_store_dup_letter_pdf_path      (YcStore           *self,
                                                  const char        *id);
/* Letters of a case (YcLetter), in the order they were issued. */
GPtrArray     *yc_store_list_letters             (YcStore           *self,
                                                  const char        *case_id,
                                                  GError           **error);
YcHandoff     *yc_store_get_handoff              (YcStore           *self,
                                                  const char        *id,
                                                  GError           **error);
/* Handoffs (YcHandoff), newest first; @state NULL for all. */
GPtrArray     *yc_store_list_handoffs            (YcStore           *self,
                                                  const char        *state,
                                                  GError           **error);
/* The handoffs (YcHandoff) that list case @case_id, oldest first: the case's history. */
GPtrArray     *yc_store_list_handoffs_for_case   (YcStore           *self,
                                                  const char        *case_id,
                                                  GError           **error);
YcInquiry     *yc_store_get_inquiry              (YcStore           *self,
                                                  const char        *id,
                                                  GError           **error);
/* The evaluation of a case ({"case_id","rating","comment","at","staff_id"}) or NULL. */
JsonObject    *yc_store_get_evaluation           (YcStore           *self,
                                                  const char        *case_id,
                                                  GError           **error);
/* @kind: "case", "letter", "handoff", "inquiry" or "evaluation" (id = the case's). */
YcSyncState    yc_store_get_sync_state           (YcStore           *self,
                                                  const char        *kind,
                                                  const char        *id);
/* The local audit trail, newest first: {"seq","type","entity","id","at","actor_id",
 * "workstation","offline","detail"}. */
JsonArray     *yc_store_list_audit_events        (YcStore           *self,
                                                  guint              limit,
                                                  GError           **error);

/* ---- Clerk changes: each is one transaction with its outbox entry ---- */

/* First-inquiry registration (D2). @draft needs question and outcome ("answered", "guided"
 * with guided_to_window, "case" with case_id); id and asked_at are filled in when unset.
 * Gives the stored YcInquiry. */
void           yc_store_register_inquiry_async   (YcStore           *self,
                                                  YcInquiry         *draft,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcInquiry     *yc_store_register_inquiry_finish  (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcInquiry     *yc_store_register_inquiry_sync    (YcStore           *self,
                                                  YcInquiry         *draft,
                                                  GError           **error);

/* Intake (D4–D7). @draft carries service_item, applicant, agent, materials (material_id,
 * state, note), outcome, refusal_reason/basis for a refusal, id_override_reason, and
 * optionally id and received_at (now when unset). The store checks it against the local
 * catalogue, assigns the case number (kind 案), sets status and, for an accepted case, the
 * due date on the stored calendar. Gives the stored YcCase. */
void           yc_store_take_in_async            (YcStore           *self,
                                                  YcCase            *draft,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcCase        *yc_store_take_in_finish           (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcCase        *yc_store_take_in_sync             (YcStore           *self,
                                                  YcCase            *draft,
                                                  GError           **error);

/* The applicant came back: new states for some materials (YcCaseMaterial). An incomplete
 * case with nothing mandatory missing becomes accepted today, with its due date. */
void           yc_store_update_materials_async   (YcStore           *self,
                                                  const char        *case_id,
                                                  GPtrArray         *materials,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcCase        *yc_store_update_materials_finish  (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcCase        *yc_store_update_materials_sync    (YcStore           *self,
                                                  const char        *case_id,
                                                  GPtrArray         *materials,
                                                  GError           **error);

/* Completion (办结) of an accepted case; @completed_at NULL for now. */
void           yc_store_complete_case_async      (YcStore           *self,
                                                  const char        *case_id,
                                                  const char        *result_text,
                                                  const char        *completed_at,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcCase        *yc_store_complete_case_finish     (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcCase        *yc_store_complete_case_sync       (YcStore           *self,
                                                  const char        *case_id,
                                                  const char        *result_text,
                                                  const char        *completed_at,
                                                  GError           **error);

/* Issue a letter (D13). @draft carries case_id, kind, items and optionally id, issued_at,
 * pdf_sha256 and reprint_of. The number comes from the workstation's sequence of the
 * letter's kind (a reprint keeps the number of the letter it reprints). If @render is given
 * it is called with the numbered letter and gives pdf_sha256; otherwise @draft must carry it.
 * A one-time notice after a first one may list only what the first listed (D8): otherwise
 * YC_STORE_ERROR_ONE_TIME_RULE, nothing is saved but an audit event of the attempt. */
void           yc_store_issue_letter_async       (YcStore           *self,
                                                  YcLetter          *draft,
                                                  YcStoreRenderFunc  render,
                                                  gpointer           render_data,
                                                  GDestroyNotify     render_data_free,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcLetter      *yc_store_issue_letter_finish      (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcLetter      *yc_store_issue_letter_sync        (YcStore           *self,
                                                  YcLetter          *draft,
                                                  YcStoreRenderFunc  render,
                                                  gpointer           render_data,
                                                  GError           **error);
/* Record how printing letter @id went (and when, for PRINTED). Local to this workstation. */
void           yc_store_set_letter_print_state_async (YcStore            *self,
                                                      const char         *id,
                                                      YcLetterPrintState  state,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean       yc_store_set_letter_print_state_finish (YcStore       *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
gboolean       yc_store_set_letter_print_state_sync  (YcStore            *self,
                                                      const char         *id,
                                                      YcLetterPrintState  state,
                                                      GError            **error);

/* Request a handoff (D12) of cases the clerk holds. @draft carries kind, to_staff_id or
 * to_department_id, case_ids, reason and optionally id. */
void           yc_store_request_handoff_async    (YcStore           *self,
                                                  YcHandoff         *draft,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcHandoff     *yc_store_request_handoff_finish   (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcHandoff     *yc_store_request_handoff_sync     (YcStore           *self,
                                                  YcHandoff         *draft,
                                                  GError           **error);

/* A chief representative approves or rejects a pending handoff of their department that
 * they did not request. Approval moves the cases to the new holder here too. */
void           yc_store_decide_handoff_async     (YcStore           *self,
                                                  const char        *handoff_id,
                                                  gboolean           approve,
                                                  const char        *comment,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcHandoff     *yc_store_decide_handoff_finish    (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcHandoff     *yc_store_decide_handoff_sync      (YcStore           *self,
                                                  const char        *handoff_id,
                                                  gboolean           approve,
                                                  const char        *comment,
                                                  GError           **error);

/* The receiver signs for an approved handoff (签收). */
void           yc_store_sign_for_handoff_async   (YcStore           *self,
                                                  const char        *handoff_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcHandoff     *yc_store_sign_for_handoff_finish  (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcHandoff     *yc_store_sign_for_handoff_sync    (YcStore           *self,
                                                  const char        *handoff_id,
                                                  GError           **error);

/* A member of the receiving department answers a parallel handoff it signed for (并联审批):
 * @answer "agree" (同意), "disagree" (不同意; @comment with the reason is required) or
 * "agree_forward" (同意但需转报). Refused here with NOT_PARALLEL, NOT_RECEIVED,
 * ALREADY_ANSWERED, FORBIDDEN (not of the receiving department) or INVALID. */
void           yc_store_answer_handoff_async     (YcStore           *self,
                                                  const char        *handoff_id,
                                                  const char        *answer,
                                                  const char        *comment,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
YcHandoff     *yc_store_answer_handoff_finish    (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
YcHandoff     *yc_store_answer_handoff_sync      (YcStore           *self,
                                                  const char        *handoff_id,
                                                  const char        *answer,
                                                  const char        *comment,
                                                  GError           **error);

/* The applicant's rating (D11), 1 very dissatisfied … 5 very satisfied; one per case. */
void           yc_store_record_evaluation_async  (YcStore           *self,
                                                  const char        *case_id,
                                                  int                rating,
                                                  const char        *comment,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean       yc_store_record_evaluation_finish (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
gboolean       yc_store_record_evaluation_sync   (YcStore           *self,
                                                  const char        *case_id,
                                                  int                rating,
                                                  const char        *comment,
                                                  GError           **error);

G_END_DECLS
