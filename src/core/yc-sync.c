/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-sync.h"
#include "yc-sync-batch.h"

#define EVENTS_WAIT_S 25
#define EVENTS_RETRY_MAX_MS 30000
/* How often to look for retries that fell due while other entries are in flight. */
#define RECHECK_MS 200
/* The answers of a replay are recorded in batches, one store transaction each: a commit is
 * the slow part on the client, and on the site's own machine its disk is the server's too. A
 * batch is written when it is full, when the pump has nothing more to send (its entries may
 * hold back the next ones of their records), or MARK_DELAY_MS after its first answer. An
 * answer not recorded yet is lost in a crash: the entry is sent again under its key then, and
 * the server answers from its memory. */
#define MARK_BATCH 256
#define MARK_DELAY_MS 250
/* How many entries may be sent or waiting for the store to record their answer. */
#define MAX_UNMARKED (3 * MARK_BATCH)

struct _YcSync
{
  GObject       parent_instance;

  YcSession    *session;
  YcOutbox     *outbox;
  YcStore      *store;
  YcHttp       *http;
  GCancellable *cancellable;

  gboolean      running;
  gboolean      online;
  gboolean      follow_events;
  double        backoff_scale;
  guint         max_in_flight;
  guint         max_batch;       /* entries one request may carry (1: one change each) */
  gboolean      batch_unknown;   /* the server has no POST /batch (an older server) */

  GHashTable   *in_flight;       /* seq (gint64) of entries sent and not yet marked */
  guint         n_requests;      /* of those, the ones whose answer has not come yet */
  GPtrArray    *answered;        /* Sending: accepted, waiting for their batch to be written */
  guint         mark_id;         /* writes a batch that is not full */
  gint64        scan_after;      /* every sendable entry up to this seq has been taken */
  guint         timer_id;
  guint         pump_id;         /* a pump queued on the main context */
  gint64        timer_due;

  gboolean      events_running;
  guint         events_failures;
  guint         events_retry_id;
  gint64        last_seq;
  gboolean      reference_fresh;

  char         *last_error;
  guint64       n_sent;
};

G_DEFINE_FINAL_TYPE (YcSync, yc_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_N_PENDING,
  PROP_N_ATTENTION,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void yc_sync_pump        (YcSync *self);
static void yc_sync_poll_events (YcSync *self);
static void fetch_handoffs      (YcSync     *self,
                                 GHashTable *ids);

/* What one request carries to its callback. */
typedef struct {
  YcSync        *self;
  YcOutboxEntry *entry;
  JsonNode      *answer;         /* once accepted */
} Sending;

static void
sending_free (Sending *s)
{
  g_object_unref (s->self);
  yc_outbox_entry_free (s->entry);
  g_clear_pointer (&s->answer, json_node_unref);
  g_free (s);
}

guint
yc_sync_backoff_ms (guint attempts)
{
  guint64 ms = YC_SYNC_BACKOFF_MIN_MS;

  for (guint i = 0; i < attempts && ms < YC_SYNC_BACKOFF_MAX_MS; i++)
    ms *= 2;
  return (guint) MIN (ms, YC_SYNC_BACKOFF_MAX_MS);
}

/* Backoff with ±25 % jitter, so that workstations coming back together do not knock at once. */
static gint64
backoff_us (YcSync *self,
            guint   attempts,
            gint    retry_after_s)
{
  double ms = yc_sync_backoff_ms (attempts);

  ms *= g_random_double_range (0.75, 1.25);
  if (retry_after_s > 0)
    ms = MAX (ms, retry_after_s * 1000.0);
  ms = MIN (ms, YC_SYNC_BACKOFF_MAX_MS);
  return (gint64) (ms * self->backoff_scale * 1000.0);
}

static gboolean
is_syncing (YcSync *self)
{
  return self->online && g_hash_table_size (self->in_flight) > 0;
}

static void
set_online (YcSync   *self,
            gboolean  online)
{
  gboolean was_syncing = is_syncing (self);

  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  if (was_syncing != is_syncing (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  yc_store_set_online (self->store, online);
  if (online)
    {
      yc_session_server_reachable (self->session);
      /* What failed while the server was out of reach goes now, not after its backoff; the
       * outbox's change wakes the pump. */
      if (self->outbox != NULL)
        yc_outbox_wake_async (self->outbox, NULL, NULL, NULL);
    }
}

static void
set_last_error (YcSync     *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
in_flight_changed (YcSync   *self,
                   gboolean  was_syncing)
{
  if (was_syncing != is_syncing (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
in_flight_add (YcSync *self,
               gint64  seq)
{
  gboolean was = is_syncing (self);

  g_hash_table_add (self->in_flight, g_memdup2 (&seq, sizeof seq));
  in_flight_changed (self, was);
}

static void
in_flight_remove (YcSync *self,
                  gint64  seq)
{
  gboolean was = is_syncing (self);

  g_hash_table_remove (self->in_flight, &seq);
  /* It may be sendable again (cancelled, to retry): the pump looks from the start. */
  self->scan_after = 0;
  in_flight_changed (self, was);
}

static gboolean
can_send (YcSync *self)
{
  return self->running && yc_session_has_token (self->session) &&
         yc_session_get_state (self->session) != YC_SESSION_SIGNED_OUT;
}

/* ---- the timer: one, re-armed for the earliest retry ---- */

static gboolean
on_timer_cb (gpointer data)
{
  YcSync *self = data;

  self->timer_id = 0;
  /* A retry behind the pump's cursor may have fallen due. */
  self->scan_after = 0;
  yc_sync_pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_timer (YcSync *self)
{
  gint64 next = yc_outbox_get_next_attempt_at (self->outbox);
  gint64 now = g_get_real_time ();
  guint delay_ms;

  if (next == G_MAXINT64 || !can_send (self))
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      return;
    }

  /* Called when the pump left slots free: whatever is due now is then already in flight, and
   * its answer pumps again. Waking up at once for it would spin the main loop until that
   * answer comes (a whole request time limit when the server stalls): look again a little
   * later instead, for a retry whose backoff ends meanwhile. */
  if (next <= now && g_hash_table_size (self->in_flight) > 0)
    next = now + RECHECK_MS * 1000;

  if (self->timer_id != 0 && self->timer_due <= next)
    return;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  delay_ms = next <= now ? 0 : (guint) MIN ((next - now + 999) / 1000, G_MAXUINT);
  self->timer_due = next;
  self->timer_id = g_timeout_add (delay_ms, on_timer_cb, self);
}

/* ---- sending ---- */

static gboolean
on_pump_cb (gpointer data)
{
  YcSync *self = data;

  self->pump_id = 0;
  yc_sync_pump (self);
  return G_SOURCE_REMOVE;
}

/* Pump once the callbacks of this main loop iteration are done: many answers and commits
 * arriving together then cost one look at the outbox, not one each. */
static void
queue_pump (YcSync *self)
{
  if (self->pump_id == 0)
    self->pump_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_pump_cb, self, NULL);
}

static void
on_marked_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Sending *s = user_data;
  YcSync *self = s->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, yc_outbox_mark_sent_async))
    ok = yc_outbox_mark_sent_finish (self->outbox, result, &error);
  else if (g_async_result_is_tagged (result, yc_outbox_mark_failed_async))
    ok = yc_outbox_mark_failed_finish (self->outbox, result, &error);
  else
    ok = yc_outbox_mark_attention_finish (self->outbox, result, &error);

  if (ok && g_async_result_is_tagged (result, yc_outbox_mark_sent_async))
    self->n_sent++;
  else if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The store could not record the outcome (disk full…): the entry stays pending and is
     * sent again later under the same key, which the server answers from its memory. */
    set_last_error (self, error->message);
  /* A handoff change the server refused: learn the handoff's real state. */
  if (ok && g_async_result_is_tagged (result, yc_outbox_mark_attention_async) &&
      g_strcmp0 (s->entry->record_kind, "handoff") == 0)
    {
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_hash_table_add (ids, g_strdup (s->entry->record_id));
      fetch_handoffs (self, ids);
    }

  in_flight_remove (self, s->entry->seq);
  sending_free (s);
  queue_pump (self);
}

static void
on_batch_marked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GPtrArray) batch = user_data;
  g_autoptr(GError) error = NULL;
  YcSync *self;

  g_assert (batch->len > 0);
  self = ((Sending *) g_ptr_array_index (batch, 0))->self;
  if (yc_outbox_mark_sent_batch_finish (YC_OUTBOX (source), result, &error))
    {
      self->n_sent += batch->len;
      for (guint i = 0; i < batch->len; i++)
        in_flight_remove (self, ((Sending *) g_ptr_array_index (batch, i))->entry->seq);
      queue_pump (self);
      return;
    }

  /* None was recorded. One at a time, so that an entry whose answer cannot be recorded
   * holds back no other (each then ends in on_marked_cb). */
  g_debug ("Recording %u answers at once failed (%s); one at a time", batch->len,
           error->message);
  for (guint i = 0; i < batch->len; i++)
    {
      Sending *s = g_ptr_array_index (batch, i);

      yc_outbox_mark_sent_async (self->outbox, s->entry, s->answer, NULL, on_marked_cb, s);
    }
  g_ptr_array_set_free_func (batch, NULL);
}

/* Record the accepted answers waiting in self->answered, in one transaction. */
static void
write_answers (YcSync *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  GPtrArray *batch;

  g_clear_handle_id (&self->mark_id, g_source_remove);
  if (self->answered->len == 0)
    return;

  batch = g_steal_pointer (&self->answered);
  self->answered = g_ptr_array_new_with_free_func ((GDestroyNotify) sending_free);
  entries = g_ptr_array_sized_new (batch->len);
  answers = g_ptr_array_sized_new (batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      Sending *s = g_ptr_array_index (batch, i);

      g_ptr_array_add (entries, s->entry);
      g_ptr_array_add (answers, s->answer);
    }
  /* The answers stay in the Sendings too, untouched until the batch is written (they are
   * read on the writer thread), for marking one at a time if it fails. */
  yc_outbox_mark_sent_batch_async (self->outbox, entries, answers, NULL, on_batch_marked_cb,
                                   batch);
}

static gboolean
on_mark_timer_cb (gpointer data)
{
  YcSync *self = data;

  self->mark_id = 0;
  write_answers (self);
  return G_SOURCE_REMOVE;
}

static gboolean
error_is_transient (const GError        *error,
                    const YcHttpResponse *refusal)
{
  if (error->domain != YC_API_ERROR)
    return FALSE;

  switch (error->code)
    {
    case YC_API_ERROR_NETWORK:
    case YC_API_ERROR_TIMEOUT:
    case YC_API_ERROR_TLS:
    case YC_API_ERROR_SERVER:
    case YC_API_ERROR_RATE_LIMITED:
    case YC_API_ERROR_MALFORMED:
      return TRUE;

    case YC_API_ERROR_CONFLICT:
      return refusal != NULL &&
             g_strcmp0 (yc_http_response_get_problem_code ((YcHttpResponse *) refusal),
                        "idempotency_in_progress") == 0;

    default:
      return FALSE;
    }
}

/* What the answer to one entry means for it: recorded with the next batch of answers, tried
 * again later, or shown to the clerk. Takes @s; @response, @refusal and @error are borrowed
 * (@error is set when @response is NULL). FALSE when nothing should be sent now. */
static gboolean
settle (YcSync         *self,
        Sending        *s,
        YcHttpResponse *response,
        YcHttpResponse *refusal,
        const GError   *error)
{
  if (response != NULL)
    {
      JsonNode *answer = yc_http_response_get_json (response);

      set_online (self, TRUE);
      set_last_error (self, NULL);
      /* The answer goes to the store's writer thread, which only reads it. */
      s->answer = answer != NULL ? json_node_ref (answer) : NULL;
      g_ptr_array_add (self->answered, s);
      if (self->answered->len >= MARK_BATCH)
        write_answers (self);
      else if (self->mark_id == 0)
        self->mark_id = g_timeout_add (MARK_DELAY_MS, on_mark_timer_cb, self);
      return TRUE;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      in_flight_remove (self, s->entry->seq);
      sending_free (s);
      return FALSE;
    }

  set_last_error (self, error->message);

  if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED))
    {
      /* The token is dead: nothing can be sent until the person signs in again. The entry
       * stays pending, untouched. */
      set_online (self, TRUE);
      in_flight_remove (self, s->entry->seq);
      sending_free (s);
      yc_session_token_rejected (self->session);
      return FALSE;
    }

  if (error_is_transient (error, refusal))
    {
      gint retry_after = refusal != NULL ? yc_http_response_get_retry_after (refusal) : -1;

      if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_NETWORK) ||
          g_error_matches (error, YC_API_ERROR, YC_API_ERROR_TIMEOUT) ||
          g_error_matches (error, YC_API_ERROR, YC_API_ERROR_TLS))
        set_online (self, FALSE);
      else
        set_online (self, TRUE);

      yc_outbox_mark_failed_async (self->outbox, s->entry->seq,
                                   g_get_real_time () + backoff_us (self, s->entry->attempts, retry_after),
                                   error->message, NULL, on_marked_cb, s);
      return TRUE;
    }

  /* Refused for good: the clerk must look at it. Other records flow on. */
  set_online (self, TRUE);
  yc_outbox_mark_attention_async (self->outbox, s->entry->seq,
                                  refusal != NULL ? yc_http_response_get_problem_code (refusal) : NULL,
                                  error->message, NULL, on_marked_cb, s);
  return TRUE;
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Sending *s = user_data;
  YcSync *self = s->self;
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(YcHttpResponse) refusal = NULL;
  g_autoptr(GError) error = NULL;

  response = yc_http_request_finish_full (YC_HTTP (source), result, &refusal, &error);
  /* The answer is in: its slot is free for the next entry while the store records the
   * outcome. The entry itself stays in in_flight (never sent twice) until it is marked, and
   * later entries of the same record stay held back by the outbox until then. */
  self->n_requests--;
  if (settle (self, s, response, refusal, error))
    queue_pump (self);
}

/* What one POST /batch carries to its callback. */
typedef struct {
  YcSync    *self;
  GPtrArray *sendings;   /* Sending, in the order sent; settled one by one */
} Batch;

/* Its entries go back to pending, untouched: none was applied, or they wait for a sign-in. */
static void
batch_release (Batch *b)
{
  for (guint i = 0; i < b->sendings->len; i++)
    {
      Sending *s = g_ptr_array_index (b->sendings, i);

      in_flight_remove (b->self, s->entry->seq);
      sending_free (s);
    }
}

static void
on_batch_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Batch *b = user_data;
  YcSync *self = b->self;
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(YcHttpResponse) refusal = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *parts = NULL;
  gboolean pump = FALSE;

  response = yc_http_request_finish_full (YC_HTTP (source), result, &refusal, &error);
  self->n_requests--;

  if (refusal != NULL && (yc_http_response_get_status (refusal) == 404 ||
                          yc_http_response_get_status (refusal) == 405))
    {
      /* A server from before POST /batch: nothing was applied; one change per request. */
      g_debug ("The server has no POST /batch; sending one change per request");
      self->batch_unknown = TRUE;
      g_clear_error (&error);
      batch_release (b);
      pump = TRUE;
      goto out;
    }

  if (response != NULL && (parts = yc_sync_batch_parts (response, b->sendings->len)) == NULL)
    {
      g_clear_pointer (&response, yc_http_response_unref);
      error = g_error_new_literal (YC_API_ERROR, YC_API_ERROR_MALFORMED,
                                   _("The server sent an answer that cannot be read. Ask the administrator."));
    }

  if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED))
    {
      /* As settle() does, once for the whole batch. */
      set_last_error (self, error->message);
      set_online (self, TRUE);
      batch_release (b);
      yc_session_token_rejected (self->session);
      goto out;
    }

  /* Each change has its own answer: accepted, refused or to try again, as if sent alone. A
   * batch that failed as a whole fails each of its changes the same way. */
  for (guint i = 0; i < b->sendings->len; i++)
    {
      Sending *s = g_ptr_array_index (b->sendings, i);

      if (parts != NULL)
        {
          g_autoptr(YcHttpResponse) part_refusal = NULL;
          g_autoptr(GError) part_error = NULL;
          g_autoptr(YcHttpResponse) part = yc_http_response_read_part (
            json_array_get_element (parts, i), &part_refusal, &part_error);

          pump |= settle (self, s, part, part_refusal, part_error);
        }
      else
        pump |= settle (self, s, NULL, refusal, error);
    }

out:
  g_ptr_array_unref (b->sendings);
  g_object_unref (b->self);
  g_free (b);
  if (pump)
    queue_pump (self);
}

static void
send_entry (YcSync              *self,
            const YcOutboxEntry *entry)
{
  Sending *s;

  s = g_new0 (Sending, 1);
  s->self = g_object_ref (self);
  s->entry = yc_outbox_entry_copy (entry);
  in_flight_add (self, entry->seq);
  self->n_requests++;

  /* The outbox keeps the body as the JSON text to send: it goes out as it is. */
  yc_http_request_text_async (self->http, entry->method, entry->path, entry->body, entry->uuid,
                              entry->offline ? YC_HTTP_OFFLINE_REPLAY : YC_HTTP_NONE,
                              self->cancellable, on_sent_cb, s);
}

/* Send @entries (at least two) in one POST /batch. */
static void
send_batch (YcSync    *self,
            GPtrArray *entries)
{
  Batch *b = g_new0 (Batch, 1);
  g_autofree char *body = yc_sync_batch_body (entries);
  g_autofree char *key = g_uuid_string_random ();

  b->self = g_object_ref (self);
  b->sendings = g_ptr_array_sized_new (entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      const YcOutboxEntry *entry = g_ptr_array_index (entries, i);
      Sending *s = g_new0 (Sending, 1);

      s->self = g_object_ref (self);
      s->entry = yc_outbox_entry_copy (entry);
      in_flight_add (self, entry->seq);
      g_ptr_array_add (b->sendings, s);
    }
  self->n_requests++;
  /* The batch's own key stands for nothing (each change has its own); every POST has one. */
  yc_http_request_text_async (self->http, "POST", "/batch", body, key, YC_HTTP_NONE,
                              self->cancellable, on_batch_sent_cb, b);
}

static void
send_chunk (YcSync    *self,
            GPtrArray *chunk)
{
  if (chunk->len == 1)
    send_entry (self, g_ptr_array_index (chunk, 0));
  else
    send_batch (self, chunk);
  g_ptr_array_set_size (chunk, 0);
}

static void
yc_sync_pump (YcSync *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint in_flight = self->n_requests;
  guint unmarked = g_hash_table_size (self->in_flight);
  guint free_slots = 0;
  guint free_requests = 0;

  if (!can_send (self))
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      write_answers (self);
      return;
    }

  /* At most max_in_flight requests, each with up to max_batch entries, and no more answers
   * waiting for the store than a few batches (the store is the slower one). */
  if (in_flight < self->max_in_flight && unmarked < MAX_UNMARKED)
    {
      guint per_request = self->batch_unknown ? 1 : self->max_batch;
      g_autoptr(GPtrArray) chunk = g_ptr_array_new ();
      gsize chunk_bytes = 0;
      guint behind = 0;
      GHashTableIter iter;
      gpointer key;

      free_requests = self->max_in_flight - in_flight;
      free_slots = MIN (free_requests * per_request, MAX_UNMARKED - unmarked);
      /* Only the entries after the cursor are looked at (the outbox's changes and the
       * entries leaving in_flight put it back to 0); those of them being sent or marked are
       * listed again (still pending): skip them. */
      g_hash_table_iter_init (&iter, self->in_flight);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        behind += *(gint64 *) key > self->scan_after;
      entries = yc_outbox_list_sendable_after (self->outbox, g_get_real_time (),
                                               self->scan_after, behind + free_slots, &error);
      if (entries == NULL)
        set_last_error (self, error->message);
      else
        for (guint i = 0; i < entries->len; i++)
          {
            const YcOutboxEntry *entry = g_ptr_array_index (entries, i);

            if (!g_hash_table_contains (self->in_flight, &entry->seq))
              {
                gboolean batchable = per_request > 1 && yc_sync_batch_accepts (entry);
                gsize cost = batchable ? yc_sync_batch_cost (entry) : 0;

                if (free_slots == 0 || free_requests == 0)
                  break;
                /* A chunk goes when it is full, too large, or the entry cannot join it. */
                if (chunk->len > 0 &&
                    (!batchable || chunk->len >= per_request ||
                     chunk_bytes + cost > YC_SYNC_BATCH_MAX_BYTES))
                  {
                    send_chunk (self, chunk);
                    chunk_bytes = 0;
                    if (--free_requests == 0)
                      break;
                  }
                if (!batchable)
                  {
                    send_entry (self, entry);
                    free_requests--;
                  }
                else
                  {
                    g_ptr_array_add (chunk, (gpointer) entry);
                    chunk_bytes += cost;
                  }
                free_slots--;
              }
            self->scan_after = entry->seq;
          }
      if (chunk->len > 0)
        {
          send_chunk (self, chunk);
          free_requests--;
        }
    }

  /* Every slot busy: each answer pumps again, no timer is needed (and looking for the next
   * retry would cost a scan of the whole outbox on every answer of a long replay). */
  if (free_slots == 0 || free_requests == 0)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      return;
    }
  /* Nothing more to send now: the answers in hand may be what the next entries wait for. */
  write_answers (self);
  schedule_timer (self);
}

/* ---- reference data after sign-in ---- */

static void
on_reference_applied_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Each kind of reference data stands alone: one failing keeps the others. */
  if (g_async_result_is_tagged (result, yc_store_apply_catalogue_async))
    yc_store_apply_catalogue_finish (YC_STORE (source), result, &error);
  else if (g_async_result_is_tagged (result, yc_store_apply_calendar_async))
    yc_store_apply_calendar_finish (YC_STORE (source), result, &error);
  else if (g_async_result_is_tagged (result, yc_store_apply_reference_async))
    yc_store_apply_reference_finish (YC_STORE (source), result, &error);
  else if (g_async_result_is_tagged (result, yc_store_set_session_async))
    yc_store_set_session_finish (YC_STORE (source), result, &error);
  else
    yc_store_apply_records_finish (YC_STORE (source), result, &error);

  if (error != NULL)
    g_debug ("could not store reference data: %s", error->message);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A string member, or NULL when it is missing or of another type (the server's answers are
 * read with no trust in their types). */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

typedef struct {
  YcSync     *self;
  char       *what;
  GHashTable *handoff_ids; /* "handoffs": the handoffs whose cases to fetch as well */
} Fetching;

static void
fetching_free (Fetching *f)
{
  g_object_unref (f->self);
  g_free (f->what);
  g_clear_pointer (&f->handoff_ids, g_hash_table_unref);
  g_free (f);
}

static void fetch_full (YcSync     *self,
                        const char *path,
                        const char *what,
                        const char *if_none_match,
                        GHashTable *handoff_ids);

/* The cases of the handoffs of @list named in @ids (each only once: the id leaves @ids):
 * a decision or a receipt moves them. */
static void
fetch_handoff_cases (YcSync     *self,
                     JsonArray  *list,
                     GHashTable *ids)
{
  for (guint i = 0; i < json_array_get_length (list) && g_hash_table_size (ids) > 0; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *handoff = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = member_string (handoff, "id");
      JsonArray *case_ids;

      if (id == NULL || !g_hash_table_remove (ids, id))
        continue;
      case_ids = member_array (handoff, "case_ids");
      for (guint j = 0; case_ids != NULL && j < json_array_get_length (case_ids); j++)
        {
          JsonNode *case_node = json_array_get_element (case_ids, j);
          g_autofree char *escaped = NULL;
          g_autofree char *path = NULL;

          if (!JSON_NODE_HOLDS_VALUE (case_node) ||
              json_node_get_value_type (case_node) != G_TYPE_STRING)
            continue;
          escaped = g_uri_escape_string (json_node_get_string (case_node), NULL, FALSE);
          path = g_strdup_printf ("/cases/%s", escaped);
          fetch_full (self, path, "case", NULL, NULL);
        }
    }
}

static void
on_reference_fetched_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Fetching *f = user_data;
  YcSync *self = f->self;
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = f->what;
  JsonObject *object;
  JsonArray *list;

  response = yc_http_request_finish (YC_HTTP (source), result, &error);
  if (response == NULL || yc_http_response_get_status (response) == 304)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s not fetched: %s", what, error->message);
      fetching_free (f);
      return;
    }

  object = yc_http_response_get_object (response);

  if (g_str_equal (what, "service-items"))
    yc_store_apply_catalogue_async (self->store, yc_http_response_get_json (response),
                                    yc_http_response_get_etag (response), NULL,
                                    on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "calendar") && object != NULL)
    yc_store_apply_calendar_async (self->store, object, NULL, on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "centre") && object != NULL)
    yc_store_set_session_async (self->store, object, NULL, NULL, NULL,
                                on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "departments") && (list = member_array (object, "departments")))
    yc_store_apply_reference_async (self->store, YC_STORE_DEPARTMENTS, list, NULL,
                                    on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "windows") && (list = member_array (object, "windows")))
    yc_store_apply_reference_async (self->store, YC_STORE_WINDOWS, list, NULL,
                                    on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "staff") && (list = member_array (object, "staff")))
    yc_store_apply_reference_async (self->store, YC_STORE_STAFF, list, NULL,
                                    on_reference_applied_cb, NULL);
  else if (g_str_equal (what, "case") && object != NULL)
    {
      g_autoptr(JsonArray) one = json_array_new ();

      json_array_add_object_element (one, json_object_ref (object));
      yc_store_apply_records_async (self->store, "case", one, NULL, on_reference_applied_cb, NULL);
    }
  else if (g_str_equal (what, "handoffs") && (list = member_array (object, "handoffs")))
    {
      yc_store_apply_records_async (self->store, "handoff", list, NULL, on_reference_applied_cb,
                                    NULL);
      if (f->handoff_ids != NULL)
        fetch_handoff_cases (self, list, f->handoff_ids);
    }
  else if (g_str_equal (what, "letters") && (list = member_array (object, "letters")))
    yc_store_apply_records_async (self->store, "letter", list, NULL, on_reference_applied_cb, NULL);

  fetching_free (f);
}

/* GET @path and keep what comes back as @what in the store. */
static void
fetch_full (YcSync     *self,
            const char *path,
            const char *what,
            const char *if_none_match,
            GHashTable *handoff_ids)
{
  Fetching *f = g_new0 (Fetching, 1);

  f->self = g_object_ref (self);
  f->what = g_strdup (what);
  f->handoff_ids = handoff_ids != NULL ? g_hash_table_ref (handoff_ids) : NULL;
  yc_http_get_async (self->http, path, if_none_match, YC_HTTP_NONE, self->cancellable,
                     on_reference_fetched_cb, f);
}

static void
fetch (YcSync     *self,
       const char *path,
       const char *what,
       const char *if_none_match)
{
  fetch_full (self, path, what, if_none_match, NULL);
}

/* The handoffs of the person signed in and, for a chief representative, those their
 * department gives or receives; with @ids (NULL: none), the cases of those handoffs too
 * (whichever list brings a handoff first). */
static void
fetch_handoffs (YcSync     *self,
                GHashTable *ids)
{
  g_autoptr(YcStaff) staff = yc_store_get_staff (self->store);

  fetch_full (self, "/handoffs?scope=mine", "handoffs", NULL, ids);
  if (staff != NULL && yc_staff_has_role (staff, "chief_rep"))
    fetch_full (self, "/handoffs?scope=department", "handoffs", NULL, ids);
}

/* After each online sign-in: the centre, the catalogue (unless unchanged), this year's and
 * next year's calendars, departments, windows and staff; and the current handoffs, so that a
 * fresh profile shows them before any event about them comes. */
static void
refresh_reference (YcSync *self)
{
  g_autofree char *etag = yc_store_dup_catalogue_etag (self->store);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *this_year = g_strdup_printf ("/calendar/%d", year);
  g_autofree char *next_year = g_strdup_printf ("/calendar/%d", year + 1);

  fetch (self, "/centre", "centre", NULL);
  fetch (self, "/service-items", "service-items", etag);
  fetch (self, this_year, "calendar", NULL);
  fetch (self, next_year, "calendar", NULL);
  fetch (self, "/departments", "departments", NULL);
  fetch (self, "/windows", "windows", NULL);
  fetch (self, "/staff", "staff", NULL);
  fetch_handoffs (self, NULL);
}

/* ---- the event feed ---- */

static gboolean
on_events_retry_cb (gpointer data)
{
  YcSync *self = data;

  self->events_retry_id = 0;
  yc_sync_poll_events (self);
  return G_SOURCE_REMOVE;
}

static void
events_retry_later (YcSync *self)
{
  guint ms = MIN (yc_sync_backoff_ms (self->events_failures), EVENTS_RETRY_MAX_MS);

  self->events_failures++;
  self->events_running = FALSE;
  g_clear_handle_id (&self->events_retry_id, g_source_remove);
  self->events_retry_id = g_timeout_add (MAX (1, (guint) (ms * self->backoff_scale)),
                                         on_events_retry_cb, self);
}

GHashTable *
yc_sync_read_event_page (JsonObject *page,
                         gint64      last_seq,
                         gboolean   *handoffs,
                         gint64     *new_seq)
{
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *events = member_array (page, "events");
  JsonNode *seq_node;

  *handoffs = FALSE;
  *new_seq = last_seq;
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *entity = member_string (event, "entity");
      const char *id = member_string (event, "id");

      if (g_strcmp0 (entity, "case") == 0 && id != NULL && *id != '\0')
        g_hash_table_add (cases, g_strdup (id));
      else if (g_strcmp0 (entity, "handoff") == 0)
        *handoffs = TRUE;
    }

  seq_node = page != NULL ? json_object_get_member (page, "last_seq") : NULL;
  if (seq_node != NULL && JSON_NODE_HOLDS_VALUE (seq_node) &&
      json_node_get_value_type (seq_node) == G_TYPE_INT64)
    {
      gint64 seq = json_node_get_int (seq_node);
      gboolean empty = events == NULL || json_array_get_length (events) == 0;

      /* With nothing new the server says where its log ends: lower than ours means it was
       * set up again (a new database), so follow it instead of waiting for numbers it may
       * never reach. */
      if (seq > last_seq || (empty && seq >= 0 && seq != last_seq))
        *new_seq = seq;
    }
  return cases;
}

/* The ids of the handoffs the events of @page are about. */
static GHashTable *
event_handoff_ids (JsonObject *page)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *events = member_array (page, "events");

  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *event = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = member_string (event, "id");

      if (g_strcmp0 (member_string (event, "entity"), "handoff") == 0 && id != NULL)
        g_hash_table_add (ids, g_strdup (id));
    }
  return ids;
}

static void
on_events_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcSync) self = user_data;
  g_autoptr(YcHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) cases = NULL;
  gboolean handoffs = FALSE;
  JsonObject *page;
  gint64 seq;

  response = yc_http_request_finish (YC_HTTP (source), result, &error);
  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->events_running = FALSE;
          return;
        }
      if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_UNAUTHORIZED))
        {
          self->events_running = FALSE;
          yc_session_token_rejected (self->session);
          return;
        }
      if (g_error_matches (error, YC_API_ERROR, YC_API_ERROR_NETWORK) ||
          g_error_matches (error, YC_API_ERROR, YC_API_ERROR_TIMEOUT))
        set_online (self, FALSE);
      events_retry_later (self);
      return;
    }

  set_online (self, TRUE);
  self->events_failures = 0;
  page = yc_http_response_get_object (response);
  cases = yc_sync_read_event_page (page, self->last_seq, &handoffs, &seq);
  if (seq != self->last_seq)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

      self->last_seq = seq;
      yc_store_set_meta_async (self->store, "events:last-seq", text, NULL, NULL, NULL);
    }

  /* Fetch what changed and keep the local store current. */
  {
    GHashTableIter iter;
    const char *id;

    g_hash_table_iter_init (&iter, cases);
    while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
      {
        g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
        g_autofree char *path = g_strdup_printf ("/cases/%s", escaped);
        g_autofree char *letters = g_strdup_printf ("/letters?case_id=%s", escaped);

        fetch (self, path, "case", NULL);
        fetch (self, letters, "letters", NULL);
      }
    if (handoffs)
      {
        g_autoptr(GHashTable) ids = event_handoff_ids (page);

        fetch_handoffs (self, ids);
      }
  }

  self->events_running = FALSE;
  yc_sync_poll_events (self);
}

static void
yc_sync_poll_events (YcSync *self)
{
  g_autofree char *path = NULL;

  if (!self->follow_events || self->events_running || self->events_retry_id != 0 || !can_send (self))
    return;

  self->events_running = TRUE;
  /* While offline, a quick look: the long wait only once the server is known to answer. */
  path = g_strdup_printf ("/events?after=%" G_GINT64_FORMAT "&wait=%d", self->last_seq,
                          self->online ? EVENTS_WAIT_S : 0);
  yc_http_get_async (self->http, path, NULL, YC_HTTP_LONG_POLL, self->cancellable,
                     on_events_cb, g_object_ref (self));
}

/* ---- reacting to the session and the outbox ---- */

static void
on_session_state_cb (YcSync *self)
{
  if (!self->running)
    return;

  if (yc_session_get_state (self->session) == YC_SESSION_SIGNED_OUT)
    {
      /* Stop asking with a dead token; the queue waits. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      g_clear_handle_id (&self->timer_id, g_source_remove);
      g_clear_handle_id (&self->pump_id, g_source_remove);
      g_clear_handle_id (&self->events_retry_id, g_source_remove);
      self->events_running = FALSE;
      self->reference_fresh = FALSE;
      return;
    }

  /* The session has just heard from the server (sign-in, resume), or has just failed to
   * reach it (offline unlock): the indicator says so at once, not only after the next answer
   * of the event feed, which may take a whole long poll. */
  set_online (self, yc_session_get_state (self->session) == YC_SESSION_SIGNED_IN);

  if (yc_session_get_state (self->session) == YC_SESSION_SIGNED_IN && !self->reference_fresh)
    {
      self->reference_fresh = TRUE;
      /* A new sign-in may meet an upgraded server. */
      self->batch_unknown = FALSE;
      refresh_reference (self);
    }

  yc_sync_pump (self);
  yc_sync_poll_events (self);
}

static void
on_outbox_changed_cb (YcSync *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ATTENTION]);
  /* Entries behind the pump's cursor may have become sendable (retried, released). */
  self->scan_after = 0;
  if (self->running)
    queue_pump (self);
}

/* ---- GObject ---- */

static void
yc_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  YcSync *self = YC_SYNC (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, is_syncing (self));
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, yc_outbox_get_n_pending (self->outbox));
      break;

    case PROP_N_ATTENTION:
      g_value_set_uint (value, yc_outbox_get_n_attention (self->outbox));
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_dispose (GObject *object)
{
  YcSync *self = YC_SYNC (object);

  yc_sync_stop (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);

  G_OBJECT_CLASS (yc_sync_parent_class)->dispose (object);
}

static void
yc_sync_finalize (GObject *object)
{
  YcSync *self = YC_SYNC (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  g_clear_object (&self->http);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->answered, g_ptr_array_unref);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (yc_sync_parent_class)->finalize (object);
}

static void
yc_sync_class_init (YcSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_sync_dispose;
  object_class->finalize = yc_sync_finalize;
  object_class->get_property = yc_sync_get_property;

  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ATTENTION] =
    g_param_spec_uint ("n-attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_sync_init (YcSync *self)
{
  self->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->answered = g_ptr_array_new_with_free_func ((GDestroyNotify) sending_free);
  self->cancellable = g_cancellable_new ();
  self->backoff_scale = 1.0;
  self->max_in_flight = 8;
  self->max_batch = YC_SYNC_BATCH_MAX;
  self->follow_events = TRUE;
}

YcSync *
yc_sync_new (YcSession *session,
             YcOutbox  *outbox)
{
  YcSync *self;
  g_autofree char *last = NULL;

  g_return_val_if_fail (YC_IS_SESSION (session), NULL);
  g_return_val_if_fail (YC_IS_OUTBOX (outbox), NULL);

  self = g_object_new (YC_TYPE_SYNC, NULL);
  self->session = g_object_ref (session);
  self->outbox = g_object_ref (outbox);
  self->store = g_object_ref (yc_session_get_store (session));
  self->http = g_object_ref (yc_session_get_http (session));

  last = yc_store_dup_meta (self->store, "events:last-seq");
  if (last != NULL)
    self->last_seq = g_ascii_strtoll (last, NULL, 10);

  g_signal_connect_object (session, "notify::state", G_CALLBACK (on_session_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "changed", G_CALLBACK (on_outbox_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
yc_sync_start (YcSync *self)
{
  g_return_if_fail (YC_IS_SYNC (self));

  if (self->running)
    return;
  self->running = TRUE;
  on_session_state_cb (self);
}

void
yc_sync_stop (YcSync *self)
{
  g_return_if_fail (YC_IS_SYNC (self));

  self->running = FALSE;
  /* What the server accepted is recorded all the same. */
  write_answers (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->events_retry_id, g_source_remove);
  self->events_running = FALSE;
}

void
yc_sync_kick (YcSync *self)
{
  g_return_if_fail (YC_IS_SYNC (self));

  yc_sync_pump (self);
  yc_sync_poll_events (self);
}

gboolean
yc_sync_get_online (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), FALSE);
  return self->online;
}

gboolean
yc_sync_get_syncing (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), FALSE);
  return is_syncing (self);
}

guint
yc_sync_get_n_pending (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), 0);
  return yc_outbox_get_n_pending (self->outbox);
}

guint
yc_sync_get_n_attention (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), 0);
  return yc_outbox_get_n_attention (self->outbox);
}

const char *
yc_sync_get_last_error (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), NULL);
  return self->last_error;
}

guint64
yc_sync_get_n_sent (YcSync *self)
{
  g_return_val_if_fail (YC_IS_SYNC (self), 0);
  return self->n_sent;
}

void
yc_sync_set_backoff_scale (YcSync *self,
                           double  scale)
{
  g_return_if_fail (YC_IS_SYNC (self));
  self->backoff_scale = scale > 0 ? scale : 1.0;
}

void
yc_sync_set_max_in_flight (YcSync *self,
                           guint   max)
{
  g_return_if_fail (YC_IS_SYNC (self));
  self->max_in_flight = MAX (max, 1);
}

void
yc_sync_set_max_batch (YcSync *self,
                       guint   max)
{
  g_return_if_fail (YC_IS_SYNC (self));
  self->max_batch = CLAMP (max, 1, YC_SYNC_BATCH_MAX);
}

void
yc_sync_set_follow_events (YcSync   *self,
                           gboolean  follow)
{
  g_return_if_fail (YC_IS_SYNC (self));
  self->follow_events = follow;
}
