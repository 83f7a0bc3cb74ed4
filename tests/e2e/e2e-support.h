/* SPDX-License-Identifier: GPL-3.0-or-later */
/* e2e-support.h: what the end-to-end tests and the outbox benchmark share — the real
 * yichuang-server in a child process (stopped and started again on the same port and
 * database), read-only looks into its SQLite database, a workstation profile signed in
 * against it, and blocking-looking wrappers that keep the test's main loop turning, so the
 * sync engine works while the test waits. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "yc-workstation.h"

G_BEGIN_DECLS

#define E2E_PASSWORD "yichuang-demo"

/* ------------------------------------------------------------------ the server */

typedef struct {
  GSubprocess *process;
  char        *dir;      /* temporary: the database and the logs */
  char        *db;
  char        *url;      /* "http://127.0.0.1:PORT" */
  guint16      port;
  guint        n_starts;
} E2eServer;

/* A new server (--demo, a new database in a new temporary directory) on a free port. Aborts
 * the test with the server's log when it does not start. */
E2eServer  *e2e_server_new          (void);
/* SIGTERM and wait. */
void        e2e_server_stop         (E2eServer  *self);
/* Start again on the same port with the same database. */
void        e2e_server_start        (E2eServer  *self);
/* Stop, then start on the same port with a new, empty (demo) database. */
void        e2e_server_start_fresh  (E2eServer  *self);
/* Stop and remove the directory. */
void        e2e_server_free         (E2eServer  *self);

/* ------------------------------------------------------------------ SQLite, read only */

sqlite3    *e2e_db_open_ro          (const char *path);
/* The single integer of @sql (with @param bound to ?1 when not NULL). */
gint64      e2e_db_int              (const char *path,
                                     const char *sql,
                                     const char *param);
/* PRAGMA integrity_check's answer ("ok" when it is well). */
char       *e2e_db_integrity        (const char *path);
/* The cases of the server's database: id -> "number\tapplicant name". */
GHashTable *e2e_server_cases        (E2eServer  *self);
/* How many rows of the server's cases carry @id (0 or 1: the id is unique there). */
gint64      e2e_server_count_case   (E2eServer  *self,
                                     const char *id);

/* ------------------------------------------------------------------ the main loop */

typedef gboolean (*E2eCondition) (gpointer data);

/* Turn the default main context until @condition holds or @timeout_ms pass. */
gboolean    e2e_wait                (E2eCondition condition,
                                     gpointer     data,
                                     guint        timeout_ms);
/* Turn the default main context for @ms. */
void        e2e_sleep               (guint        ms);

/* ------------------------------------------------------------------ files */

char       *e2e_make_tmpdir         (const char *template_);
void        e2e_rm_rf               (const char *path);

/* ------------------------------------------------------------------ the workstation */

/* Open the profile @directory and connect it to @url as workstation @name. */
YcWorkstation *e2e_workstation_new  (const char *directory,
                                     const char *url,
                                     const char *name);
gboolean    e2e_sign_in             (YcSession  *session,
                                     const char *username,
                                     const char *password,
                                     GError    **error);
gboolean    e2e_resume              (YcSession  *session,
                                     GError    **error);
/* Wait until the catalogue (and the demo's SCJG-001) is in the store. */
gboolean    e2e_wait_catalogue      (YcStore    *store,
                                     guint       timeout_ms);
/* Wait until the outbox has nothing pending and nothing needing attention. */
gboolean    e2e_wait_drained        (YcOutbox   *outbox,
                                     guint       timeout_ms);

/* A valid resident ID number (GB 11643) made from @serial. */
char       *e2e_resident_id         (guint       serial);
/* A draft case for @item_code: every material of the guide received, or for "incomplete"
 * the first mandatory one missing. */
YcCase     *e2e_case_draft          (YcStore    *store,
                                     const char *item_code,
                                     const char *outcome,
                                     const char *applicant_name,
                                     guint       serial);
/* yc_store_take_in_async(), the main loop turning until it finishes. */
YcCase     *e2e_take_in             (YcStore    *store,
                                     YcCase     *draft,
                                     GError    **error);
/* A letter of @kind for @case_id listing the NULL-terminated @material_ids. */
YcLetter   *e2e_issue_letter        (YcStore     *store,
                                     const char  *case_id,
                                     const char  *kind,
                                     const char *const *material_ids,
                                     GError     **error);

/* One request through @http, the main loop turning until it finishes. @body JSON text or
 * NULL. */
YcHttpResponse *e2e_http            (YcHttp      *http,
                                     const char  *method,
                                     const char  *path,
                                     const char  *body,
                                     const char  *idempotency_key,
                                     GError     **error);

/* Load data/demo/@name from the source tree. */
JsonNode   *e2e_load_demo           (const char *name);
/* Add to @store's catalogue a copy of SCJG-001 under the code "E2E-999", which the server
 * does not have: a case of it is taken in here and refused there (unknown_service_item). */
void        e2e_add_unknown_item    (YcStore    *store);

G_END_DECLS
