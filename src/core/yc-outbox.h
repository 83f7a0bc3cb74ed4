/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-outbox.h: the durable queue of changes waiting for the server (D16).
 *
 * YcStore appends an entry in the same transaction as each clerk change; YcOutbox is what the
 * sync engine and the Sync page see of it. An entry is one POST to replay with
 * `Idempotency-Key: <uuid>`; its path is relative to the API base ("/cases",
 * "/cases/<id>/materials", …) and its body the JSON to send as it is. Entries made while
 * the server was unreachable say so (send `X-Yc-Offline: 1`).
 *
 * Order: an entry is sendable when it is pending, its next_attempt_at has passed, and no
 * earlier entry (pending or needing attention) concerns the same record — a letter or a
 * handoff also waits for the entries of its cases. Independent records flow on.
 *
 * Entries are never dropped by the engine: sent ones are deleted together with applying the
 * server's answer to the local record (one transaction); refusals move to "attention" with
 * the server's problem code and detail until the clerk retries or discards them.
 *
 * Discarding (only an entry that needs attention) deletes it and puts the local records back
 * as they were before that change: a record the change created (a case, a letter, a handoff,
 * an inquiry, an evaluation) moves out of the lists into the store's discarded records (its
 * sync state becomes YC_SYNC_STATE_DISCARDED); a record it changed gets its previous JSON
 * back. Discarding a creation also discards the later entries that wait for that record
 * (a letter for a discarded case), newest first. Afterwards the sync engine should fetch the
 * record from the server to learn the truth (yc_store_apply_records_async). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_OUTBOX_ERROR (yc_outbox_error_quark ())

typedef enum {
  YC_OUTBOX_ERROR_NOT_FOUND, /* no such entry (sent or discarded meanwhile) */
  YC_OUTBOX_ERROR_STATE,     /* the entry is not in the state the call needs */
} YcOutboxError;

typedef enum {
  YC_OUTBOX_PENDING,
  YC_OUTBOX_ATTENTION,
} YcOutboxState;

typedef struct {
  gint64         seq;             /* order of the changes on this workstation */
  char          *uuid;            /* the Idempotency-Key */
  char          *record_kind;     /* "case", "letter", "handoff", "inquiry", "evaluation" */
  char          *record_id;       /* for "evaluation" the case's id */
  char          *method;          /* "POST" */
  char          *path;            /* under the API base, e.g. "/cases" */
  char          *body;            /* JSON text to send, or NULL */
  gint64         created_at;      /* unix time in µs (g_get_real_time) */
  YcOutboxState  state;
  guint          attempts;
  gint64         next_attempt_at; /* unix time in µs */
  char          *last_error;      /* the last failure or the server's detail */
  char          *problem_code;    /* the server's problem code when refused */
  gboolean       offline;         /* made offline: send X-Yc-Offline: 1 */
} YcOutboxEntry;

#define YC_TYPE_OUTBOX_ENTRY (yc_outbox_entry_get_type ())
GType          yc_outbox_entry_get_type (void) G_GNUC_CONST;
YcOutboxEntry *yc_outbox_entry_copy     (const YcOutboxEntry *entry);
void           yc_outbox_entry_free     (YcOutboxEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxEntry, yc_outbox_entry_free)

#define YC_TYPE_OUTBOX (yc_outbox_get_type ())
G_DECLARE_FINAL_TYPE (YcOutbox, yc_outbox, YC, OUTBOX, GObject)

GQuark         yc_outbox_error_quark        (void);

YcOutbox      *yc_outbox_new                (YcStore        *store);
YcStore       *yc_outbox_get_store          (YcOutbox       *self);
/* Counts for the header indicator (properties "n-pending", "n-attention"); they and the
 * "changed" signal follow every commit that touches the outbox. */
guint          yc_outbox_get_n_pending      (YcOutbox       *self);
guint          yc_outbox_get_n_attention    (YcOutbox       *self);

/* Up to @max sendable entries (see above) in order, as of @now (µs, g_get_real_time).
 * An entry the caller already has in flight is listed again (it is still pending): skip it;
 * the entries after it for the same record are held back until it is marked. */
GPtrArray     *yc_outbox_list_sendable      (YcOutbox       *self,
                                             gint64          now,
                                             guint           max,
                                             GError        **error);
/* As yc_outbox_list_sendable(), only the entries after @after_seq: for a sender that has
 * taken every sendable entry up to there (it looks from 0 again when something may have
 * changed behind it). */
GPtrArray     *yc_outbox_list_sendable_after (YcOutbox      *self,
                                              gint64         now,
                                              gint64         after_seq,
                                              guint          max,
                                              GError       **error);
/* When the earliest pending entry that is not held back becomes sendable: 0 if one is
 * already, G_MAXINT64 if none waits. For the engine's timer. */
gint64         yc_outbox_get_next_attempt_at (YcOutbox      *self);
/* Entries in @state, in order (YcOutboxEntry); @limit 0 for all. For the Sync page. */
GPtrArray     *yc_outbox_list               (YcOutbox       *self,
                                             YcOutboxState   state,
                                             guint           limit,
                                             GError        **error);
YcOutboxEntry *yc_outbox_get_entry          (YcOutbox       *self,
                                             gint64          seq,
                                             GError        **error);

/* The server accepted @entry (also an idempotent replay): delete it and apply @answer (the
 * response body, may be NULL) to the local record in one transaction. Answers with the wrong
 * shape are ignored. An entry that is gone already still gets its answer applied. */
void           yc_outbox_mark_sent_async    (YcOutbox            *self,
                                             const YcOutboxEntry *entry,
                                             JsonNode            *answer,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       yc_outbox_mark_sent_finish   (YcOutbox            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean       yc_outbox_mark_sent_sync     (YcOutbox            *self,
                                             const YcOutboxEntry *entry,
                                             JsonNode            *answer,
                                             GError             **error);

/* Several accepted entries at once (@entries of YcOutboxEntry, @answers of JsonNode or NULL at
 * the same index): each as yc_outbox_mark_sent_async(), all in one transaction, so that a
 * replay commits once per batch of answers. All or none: when one cannot be recorded, none
 * is, and the caller should mark them one by one so that the others are not held back. The
 * answers are referenced, not copied, and read on the store's writer thread: nothing may
 * change them until the call completes. */
void           yc_outbox_mark_sent_batch_async  (YcOutbox            *self,
                                                 GPtrArray           *entries,
                                                 GPtrArray           *answers,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       yc_outbox_mark_sent_batch_finish (YcOutbox            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* A failed attempt to retry later (network, timeout, 5xx, 429): attempts + 1, the caller's
 * backoff in @next_attempt_at (µs). */
void           yc_outbox_mark_failed_async  (YcOutbox            *self,
                                             gint64               seq,
                                             gint64               next_attempt_at,
                                             const char          *message,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       yc_outbox_mark_failed_finish (YcOutbox            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean       yc_outbox_mark_failed_sync   (YcOutbox            *self,
                                             gint64               seq,
                                             gint64               next_attempt_at,
                                             const char          *message,
                                             GError             **error);

/* The server refused the change: it needs the clerk's attention. */
void           yc_outbox_mark_attention_async  (YcOutbox            *self,
                                                gint64               seq,
                                                const char          *problem_code,
                                                const char          *detail,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       yc_outbox_mark_attention_finish (YcOutbox            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
gboolean       yc_outbox_mark_attention_sync   (YcOutbox            *self,
                                                gint64               seq,
                                                const char          *problem_code,
                                                const char          *detail,
                                                GError             **error);

/* The server answers again: every pending entry still waiting out its backoff (it failed while
 * the network was down) becomes sendable now. */
void           yc_outbox_wake_async         (YcOutbox            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       yc_outbox_wake_finish        (YcOutbox            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Sync page: send an entry that needs attention again, now. */
void           yc_outbox_retry_async        (YcOutbox            *self,
                                             gint64               seq,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       yc_outbox_retry_finish       (YcOutbox            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean       yc_outbox_retry_sync         (YcOutbox            *self,
                                             gint64               seq,
                                             GError             **error);

/* Sync page, after the clerk confirmed: discard an entry that needs attention (see above).
 * Gives the number of entries discarded (itself and those that waited for its record). */
void           yc_outbox_discard_async      (YcOutbox            *self,
                                             gint64               seq,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
guint          yc_outbox_discard_finish     (YcOutbox            *self,
                                             GAsyncResult        *result,
                                             GError             **error);
guint          yc_outbox_discard_sync       (YcOutbox            *self,
                                             gint64               seq,
                                             GError             **error);

G_END_DECLS
