/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-test-server.h: run the real yichuang-server binary for tests and benchmarks, and talk to
 * it over HTTP (libcurl), recording every exchange for the OpenAPI checker. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_DEMO_PASSWORD "yichuang-demo"

/* ------------------------------------------------------------------ the server process */

typedef struct _YcTestServer YcTestServer;

/* Start $YC_SERVER_BIN with --listen 127.0.0.1:0 --db @db_path (NULL: a fresh temporary
 * database) and, if @demo, --demo; wait for "listening on <url>". NULL on failure (the test
 * is marked failed). */
YcTestServer *yc_test_server_start        (const char   *db_path,
                                           gboolean      demo);
/* The shared server of this test program, started on first use. */
YcTestServer *yc_test_server_default      (void);
const char   *yc_test_server_get_url      (YcTestServer *self);
const char   *yc_test_server_get_db_path  (YcTestServer *self);
/* The file the server's stderr (its log) goes to. */
const char   *yc_test_server_get_log_path (YcTestServer *self);
GPid          yc_test_server_get_pid      (YcTestServer *self);
/* SIGTERM, wait (20 s at most) and check that it exited with status 0. */
gboolean      yc_test_server_stop         (YcTestServer *self);
/* SIGKILL and reap. */
void          yc_test_server_kill         (YcTestServer *self);
/* Stops (or kills) a server still running; removes a temporary database. */
void          yc_test_server_free         (YcTestServer *self);
/* Print the last lines of the server's log with g_test_message(). */
void          yc_test_server_dump_log     (YcTestServer *self,
                                           guint         lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestServer, yc_test_server_free)

/* ------------------------------------------------------------------ requests */

typedef struct {
  const char *token;
  const char *idempotency_key;    /* NULL: a new random key on POST */
  gboolean    no_idempotency_key; /* send no Idempotency-Key at all */
  const char *accept_language;    /* NULL: none */
  const char *content_type;       /* NULL: application/json; "" : none */
  const char *if_none_match;
  const char *extra_header;       /* one more "Name: value" */
  gboolean    offline;            /* X-Yc-Offline: 1 */
  gboolean    expect_continue;    /* Expect: 100-continue (large bodies) */
  gboolean    chunked;            /* send the body with Transfer-Encoding: chunked */
  gboolean    no_record;          /* do not record this exchange */
  guint       timeout_s;          /* 0: 30 s */
} YcRequestOptions;

typedef struct {
  char       *method;
  char       *path;               /* as sent, with /api/v1 and the query */
  guint       status;             /* 0 when the transport failed */
  int         transport_error;    /* CURLcode */
  char       *content_type;
  GBytes     *body;
  JsonNode   *json;               /* NULL when the body is not JSON */
  GHashTable *headers;            /* lower-case name -> value */
  double      elapsed;            /* seconds */
  char       *idempotency_key;    /* the key sent, if any */
} YcResponse;

/* @path is relative to /api/v1 unless it starts with "/api/" or "!" (then sent as is, without
 * the "!"). @body may contain any bytes; @body_len -1 means strlen. */
YcResponse   *yc_request_full             (YcTestServer           *server,
                                           const char             *method,
                                           const char             *path,
                                           const char             *body,
                                           gssize                  body_len,
                                           const YcRequestOptions *opts);
YcResponse   *yc_get                      (YcTestServer           *server,
                                           const char             *token,
                                           const char             *path);
YcResponse   *yc_post                     (YcTestServer           *server,
                                           const char             *token,
                                           const char             *path,
                                           const char             *body);
YcResponse   *yc_post_key                 (YcTestServer           *server,
                                           const char             *token,
                                           const char             *path,
                                           const char             *key,
                                           const char             *body);
YcResponse   *yc_delete                   (YcTestServer           *server,
                                           const char             *token,
                                           const char             *path);
void          yc_response_free            (YcResponse             *resp);
const char   *yc_response_header          (YcResponse             *resp,
                                           const char             *name);
/* The answer is a stored first answer replayed (Idempotent-Replayed: true). */
gboolean      yc_response_replayed        (YcResponse             *resp);
/* The body as a NUL-terminated string (never NULL). */
const char   *yc_response_text            (YcResponse             *resp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcResponse, yc_response_free)

/* ------------------------------------------------------------------ JSON access */

/* "a.b.0.c": members and array indexes. NULL when absent. */
JsonNode     *yc_json_at                  (JsonNode               *root,
                                           const char             *path);
const char   *yc_json_str                 (JsonNode               *root,
                                           const char             *path);
gint64        yc_json_int                 (JsonNode               *root,
                                           const char             *path); /* G_MININT64 if absent */
gboolean      yc_json_is_null             (JsonNode               *root,
                                           const char             *path);
guint         yc_json_len                 (JsonNode               *root,
                                           const char             *path); /* array length, 0 */
#define yc_resp_str(r, p)     yc_json_str ((r)->json, (p))
#define yc_resp_int(r, p)     yc_json_int ((r)->json, (p))
#define yc_resp_is_null(r, p) yc_json_is_null ((r)->json, (p))
#define yc_resp_len(r, p)     yc_json_len ((r)->json, (p))
#define yc_resp_at(r, p)      yc_json_at ((r)->json, (p))
/* The first element of the array at @array_path whose member @member equals @value. */
JsonNode     *yc_json_find                (JsonNode               *root,
                                           const char             *array_path,
                                           const char             *member,
                                           const char             *value);
/* A JSON string literal (with quotes) for @s; "null" for NULL. */
char         *yc_json_quote               (const char             *s);
char         *yc_json_to_string           (JsonNode               *node);

/* ------------------------------------------------------------------ assertions */

/* Non-fatal (the test goes on): mark the test failed and say what came back. */
gboolean      yc_check_status             (const char *file, int line, YcResponse *resp,
                                           guint expected);
gboolean      yc_check_problem            (const char *file, int line, YcResponse *resp,
                                           guint expected_status, const char *expected_code);
gboolean      yc_check_problem_any        (const char *file, int line, YcResponse *resp,
                                           const guint *statuses, const char *const *codes);
#define yc_assert_status(r, s)       yc_check_status (__FILE__, __LINE__, (r), (s))
#define yc_assert_problem(r, s, c)   yc_check_problem (__FILE__, __LINE__, (r), (s), (c))
void          yc_test_failf               (const char *file, int line,
                                           const char *format, ...) G_GNUC_PRINTF (3, 4);
#define yc_fail(...)                 yc_test_failf (__FILE__, __LINE__, __VA_ARGS__)
/* TRUE if @s contains a CJK ideograph. */
gboolean      yc_has_cjk                  (const char *s);

/* ------------------------------------------------------------------ sessions */

typedef struct {
  char *username;
  char *token;
  char *staff_id;
  char *department_id;   /* NULL for centre staff */
  char *window_id;
  char *workstation;     /* name sent */
  char *workstation_code;
  char *role;            /* first role */
} YcTestSession;

/* Sign in with the demo password; NULL (test failed) if that does not give 201. */
YcTestSession    *yc_sign_in                  (YcTestServer *server,
                                           const char   *username,
                                           const char   *workstation);
void          yc_test_session_free             (YcTestSession    *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestSession, yc_test_session_free)

/* ------------------------------------------------------------------ demo catalogue */

typedef struct {
  char      *code;
  char      *name;
  char      *department_id;
  int        promised_days;
  gboolean   instant;
  GPtrArray *mandatory;   /* material ids */
  GPtrArray *optional;    /* material ids */
  JsonNode  *json;
} YcItem;

/* An item of @department_id (NULL: any) that is @instant, has at least one mandatory material,
 * and (when @promised_days >= 0) exactly that many promised days. NULL if none. */
YcItem       *yc_find_item                (YcTestServer *server,
                                           const char   *token,
                                           const char   *department_id,
                                           gboolean      instant,
                                           int           promised_days);
/* All items, full guides (one GET per item). */
GPtrArray    *yc_all_items                (YcTestServer *server,
                                           const char   *token);
void          yc_item_free                (YcItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcItem, yc_item_free)

/* The staff id of @username from GET /staff. */
char         *yc_staff_id                 (YcTestServer *server,
                                           const char   *token,
                                           const char   *username);

/* ------------------------------------------------------------------ request bodies */

char         *yc_uuid                     (void);
/* A valid resident ID number (GB 11643) built from @first17 (17 digits). */
char         *yc_resident_id              (const char *first17);
char          yc_resident_id_check        (const char *first17);
/* A different valid resident ID each call. */
char         *yc_new_resident_id          (void);
/* A valid unified social credit code (GB 32100) from 17 characters. */
char         *yc_credit_code              (const char *first17);
char         *yc_new_credit_code          (void);
/* A unique case / letter number. */
char         *yc_new_number               (const char *kind);
/* A random 64-hex-digit SHA-256 looking string. */
char         *yc_new_sha256               (void);

/* The "materials" array: every mandatory material "received", except @missing (comma-separated
 * material ids, NULL: none) which are "missing" with a note. */
char         *yc_materials_json           (YcItem     *item,
                                           const char *missing);
/* A person applicant with a valid ID number @id_number (NULL: a new one). */
char         *yc_person_json              (const char *name,
                                           const char *id_number);
/* A whole POST /cases body. @extra: more members, starting with a comma, or NULL. */
char         *yc_case_json                (const char *id,
                                           YcItem     *item,
                                           const char *outcome,
                                           const char *received_at,
                                           const char *applicant_json,
                                           const char *materials_json,
                                           const char *extra);
/* POST /cases an accepted (or instant, for an instant item) case; returns the response
 * (checked for 201) and the new id in @out_id. */
YcResponse   *yc_create_case              (YcTestServer *server,
                                           YcTestSession    *session,
                                           YcItem       *item,
                                           const char   *outcome,
                                           const char   *received_at,
                                           char        **out_id);

/* ------------------------------------------------------------------ the official calendar */

/* The 2025 and 2026 calendars typed from shared/data/holidays-cn.json (State Council notices),
 * independent of the server's copy. Only meaningful for dates in 2025 and 2026. */
gboolean      yc_hand_is_working_day      (const GDate *date);
/* The @days-th working day strictly after @from_iso ("YYYY-MM-DD"); @days == 0 gives @from_iso.
 * NULL when the count leaves 2025-2026. */
char         *yc_hand_due_date            (const char  *from_iso,
                                           guint        days);
/* Today in the local time zone (TZ=Asia/Shanghai in the tests), "YYYY-MM-DD". */
char         *yc_today_iso                (void);

/* ------------------------------------------------------------------ program lifecycle */

/* g_test_init, non-fatal assertions, libcurl, the exchange file. */
void          yc_test_init                (int    *argc,
                                           char ***argv);
/* Adds the last tests (stop the shared server with SIGTERM and check exit 0; run
 * check-openapi.py over this program's exchanges), runs everything. */
int           yc_test_run                 (void);
/* Remember a secret (token, password, full ID number) that must never appear in a server
 * log; the last tests of the program look for every one in the logs of every server it ran.
 * Tokens from yc_sign_in() and numbers from yc_resident_id() are remembered already. */
void          yc_test_note_secret         (const char *secret);
/* Stop recording exchanges (benchmarks). */
void          yc_test_set_recording       (gboolean  record);
/* Monotonic seconds. */
double        yc_now                      (void);

G_END_DECLS
