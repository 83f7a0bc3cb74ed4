/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-sync.h: the sync engine (D16). It replays the outbox to the server exactly once — each
 * entry with its Idempotency-Key, in order per record, independent records side by side —
 * and keeps the local store current with what others do through the event feed.
 *
 * Network errors, timeouts, 5xx, 429 and "still in progress" are retried with capped
 * exponential backoff (1 s … 5 min, with jitter). A 401 pauses everything and signs the
 * session out; the queue waits for the next sign-in. Any other refusal moves the entry to
 * "needs attention" with the server's detail; later entries of other records keep flowing.
 * Nothing is ever dropped here. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-outbox.h"
#include "yc-session.h"

G_BEGIN_DECLS

#define YC_SYNC_BACKOFF_MIN_MS   1000
#define YC_SYNC_BACKOFF_MAX_MS   (5 * 60 * 1000)

#define YC_TYPE_SYNC (yc_sync_get_type ())
G_DECLARE_FINAL_TYPE (YcSync, yc_sync, YC, SYNC, GObject)

YcSync      *yc_sync_new              (YcSession *session,
                                       YcOutbox  *outbox);
/* Start working (and keep working across sign-outs and sign-ins) / stop all requests. */
void         yc_sync_start            (YcSync    *self);
void         yc_sync_stop             (YcSync    *self);
/* Try now: after a change was queued, or when the clerk asks. */
void         yc_sync_kick             (YcSync    *self);

/* For the header indicator (all are properties with notify). */
gboolean     yc_sync_get_online       (YcSync    *self);
gboolean     yc_sync_get_syncing      (YcSync    *self);
guint        yc_sync_get_n_pending    (YcSync    *self);
guint        yc_sync_get_n_attention  (YcSync    *self);
const char  *yc_sync_get_last_error   (YcSync    *self);
/* Entries sent and acknowledged since start (for tests and benchmarks). */
guint64      yc_sync_get_n_sent       (YcSync    *self);

/* Test hook: scale all backoff delays (1.0 = as documented; 0.01 for fast tests). */
void         yc_sync_set_backoff_scale (YcSync   *self,
                                        double    scale);
/* How many entries may be in flight at once (default 8). */
void         yc_sync_set_max_in_flight (YcSync   *self,
                                        guint     max);
/* How many changes one request may carry when several are ready to send (default and at
 * most YC_SYNC_BATCH_MAX; 1: one change per request, as without POST /batch). */
void         yc_sync_set_max_batch     (YcSync   *self,
                                        guint     max);
/* Whether to follow the event feed (default TRUE). */
void         yc_sync_set_follow_events (YcSync   *self,
                                        gboolean  follow);

/* The delay before attempt @attempts + 1 (without jitter), in ms: for tests. */
guint        yc_sync_backoff_ms        (guint     attempts);

/* One page of GET /events read with no trust in its types: the ids of the cases it names
 * (a set, owned keys), whether it names a handoff, and the sequence number to keep after it
 * (@last_seq when it stays). */
GHashTable  *yc_sync_read_event_page  (JsonObject *page,
                                       gint64      last_seq,
                                       gboolean   *handoffs,
                                       gint64     *new_seq);

G_END_DECLS
