/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-sync-batch.h: the outbox entries a POST /batch carries, and its answer. The sync engine
 * sends several sendable entries in one request when it has them (a workstation back online
 * replaying its queue); each change keeps its own Idempotency-Key and body text, so a change
 * sent in a batch and later alone is one change for the server. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-http.h"
#include "yc-outbox.h"

G_BEGIN_DECLS

/* How many changes, and about how many bytes of them, one POST /batch carries (the server
 * takes up to 100 changes and 1 MiB). */
#define YC_SYNC_BATCH_MAX       50
#define YC_SYNC_BATCH_MAX_BYTES (384 * 1024)

/* Whether @entry can go in a batch (a POST below /api/v1). */
gboolean   yc_sync_batch_accepts (const YcOutboxEntry *entry);
/* An upper bound of the bytes @entry adds to a batch's body. */
gsize      yc_sync_batch_cost    (const YcOutboxEntry *entry);
/* The JSON text of the POST /batch body carrying @entries (YcOutboxEntry), in order. */
char      *yc_sync_batch_body    (GPtrArray           *entries);
/* The answers of a batch of @n changes in @response ("responses", in order), or NULL when
 * the answer does not have exactly @n of them. Transfer none. */
JsonArray *yc_sync_batch_parts   (YcHttpResponse      *response,
                                  guint                n);

G_END_DECLS
