/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-store-private.h: what the yc-store*.c files share, on top of yc-store-jobs.h. Only the
 * store's own files (and its white-box tests) include it. */
#pragma once

#include "yc-store-jobs.h"

G_BEGIN_DECLS

#define YC_STORE_SCHEMA_VERSION 4

YcStore      *_yc_store_write_get_store     (YcStoreWrite   *write);
gboolean      _yc_store_write_exec          (YcStoreWrite   *write,
                                             const char     *sql,
                                             GError        **error);
/* Commit what the job wrote but report @error to the caller (takes it). */
void          _yc_store_write_fail_after_commit (YcStoreWrite *write,
                                                 GError       *error);

/* Parse @text as a JSON object; NULL (with @error) if it is not one. */
JsonObject   *_yc_json_object_from_string   (const char     *text,
                                             GError        **error);
char         *_yc_json_object_to_string     (JsonObject     *object);

/* The outbox table inside a change's transaction (yc-store-outbox.c). Append the entry of a
 * change. @deps_kind and @deps (NULL-terminated, may be NULL) name further records that must
 * be sent before it (a letter waits for its case). @snapshot is the prev_json described at
 * _yc_store_restore_snapshot. */
gboolean      _yc_store_outbox_append       (YcStoreWrite       *write,
                                             const char         *record_kind,
                                             const char         *record_id,
                                             const char         *path,
                                             JsonNode           *body,
                                             const char         *deps_kind,
                                             const char * const *deps,
                                             const char         *snapshot,
                                             gboolean            offline,
                                             GError            **error);
/* Does the record have entries still in the outbox (pending or attention)? */
gboolean      _yc_store_w_in_outbox         (YcStoreWrite       *write,
                                             const char         *record_kind,
                                             const char         *record_id);

/* Tests and benchmarks: fill the store with @n cases (one transaction), received one minute
 * apart going back from 2026-11-28 09:00, held by @holder_id. */
gboolean      _yc_store_fill_cases_for_testing (YcStore      *self,
                                                guint         n,
                                                const char   *holder_id,
                                                GError      **error);
/* Tests: limit the database's size to provoke SQLITE_FULL. */
gboolean      _yc_store_set_max_page_count  (YcStore        *self,
                                             guint           pages,
                                             GError        **error);

G_END_DECLS
