/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-server-db.h: the server's SQLite store: connection, schema migrations, a cache of
 * prepared statements, transactions and small binding helpers. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define YC_SERVER_DB_ERROR (yc_server_db_error_quark ())

typedef enum {
  YC_SERVER_DB_ERROR_FAILED,
  YC_SERVER_DB_ERROR_CONSTRAINT, /* a UNIQUE, CHECK or FOREIGN KEY constraint failed */
  YC_SERVER_DB_ERROR_TOO_NEW,    /* the database was made by a newer server */
} YcServerDbError;

/* The schema version this server migrates to (PRAGMA user_version). */
#define YC_SERVER_DB_SCHEMA_VERSION 3

typedef struct _YcServerDb YcServerDb;

GQuark         yc_server_db_error_quark  (void);

/* Open (creating if needed) and migrate. WAL, synchronous=FULL, foreign_keys=ON. */
YcServerDb    *yc_server_db_open         (const char   *path,
                                          GError      **error);
void           yc_server_db_close        (YcServerDb   *db);
sqlite3       *yc_server_db_get_handle   (YcServerDb   *db);

/* A cached statement for @sql, reset with its bindings cleared. NULL with @error on failure. */
sqlite3_stmt  *yc_server_db_prepare      (YcServerDb   *db,
                                          const char   *sql,
                                          GError      **error);
gboolean       yc_server_db_exec         (YcServerDb   *db,
                                          const char   *sql,
                                          GError      **error);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
gboolean       yc_server_db_begin        (YcServerDb   *db,
                                          GError      **error);
gboolean       yc_server_db_commit       (YcServerDb   *db,
                                          GError      **error);
void           yc_server_db_rollback     (YcServerDb   *db);
gboolean       yc_server_db_in_transaction (YcServerDb *db);
/* Between transactions: if the WAL has grown long, checkpoint it fully and start it over. */
void           yc_server_db_maybe_restart_wal (YcServerDb *db);

/* Step a statement that returns no row (INSERT/UPDATE/DELETE); resets it afterwards. */
gboolean       yc_server_db_step_done    (YcServerDb   *db,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
/* Step once: TRUE and *has_row for a row; FALSE with @error on failure. */
gboolean       yc_server_db_step         (YcServerDb   *db,
                                          sqlite3_stmt *stmt,
                                          gboolean     *has_row,
                                          GError      **error);
gint64         yc_server_db_changes      (YcServerDb   *db);

void           yc_server_db_bind_text    (sqlite3_stmt *stmt,
                                          int           index,
                                          const char   *text);
void           yc_server_db_bind_int     (sqlite3_stmt *stmt,
                                          int           index,
                                          gint64        value);
void           yc_server_db_bind_blob    (sqlite3_stmt *stmt,
                                          int           index,
                                          gconstpointer data,
                                          gsize         len);
const char    *yc_server_db_column_text  (sqlite3_stmt *stmt,
                                          int           column);

/* The current row as a JSON object. Column names shape it: "a.b" nests b under a,
 * "x:bool" gives a boolean, "x:list" splits a comma-separated text into an array of strings,
 * and names starting with '_' are left out. */
JsonObject    *yc_server_db_row_to_object (sqlite3_stmt *stmt);

G_END_DECLS
