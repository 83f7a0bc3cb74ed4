/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-server-private.h: what the request handlers of yichuang-server share. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-service-item.h"
#include "yc-server.h"
#include "yc-server-db.h"

G_BEGIN_DECLS

#define YC_API_PREFIX "/api/v1"
#define YC_MAX_BODY (1024 * 1024)
#define YC_MAX_DEPTH 32
#define YC_SESSION_SECONDS (12 * 60 * 60)
#define YC_LOGIN_WINDOW_SECONDS (15 * 60)
#define YC_LOGIN_MAX_FAILURES 10
#define YC_IDEMPOTENCY_KEEP_SECONDS (35 * 24 * 60 * 60)
#define YC_EVENTS_MAX_WAIT 30
#define YC_EVENTS_PAGE 500
/* Changes one POST /batch may carry. */
#define YC_BATCH_MAX 100

typedef enum {
  YC_ROLE_CLERK      = 1 << 0,
  YC_ROLE_CHIEF_REP  = 1 << 1,
  YC_ROLE_SUPERVISOR = 1 << 2,
  YC_ROLE_TRAINER    = 1 << 3,
} YcRoles;

/* A signed-in session, shared by the cache and the requests using it (GRcBox). */
typedef struct {
  char   *id;               /* public id, used in events */
  char   *token_sha256;
  char   *staff_id;
  char   *department_id;
  char   *window_id;
  char   *role_name;        /* the first role, recorded with events */
  char   *workstation_code;
  char   *workstation_name;
  guint   roles;            /* YcRoles */
  gint64  expires_at;       /* Unix seconds */
} YcSession;

typedef struct _YcRequest YcRequest;
typedef void (*YcHandler) (YcRequest *req);

typedef enum {
  YC_ROUTE_DEFAULT        = 0,
  YC_ROUTE_PUBLIC         = 1 << 0, /* no token needed */
  YC_ROUTE_WRITE          = 1 << 1, /* one transaction; clerk-like roles only */
  YC_ROUTE_NO_IDEMPOTENCY = 1 << 2, /* POST /sessions */
  YC_ROUTE_ANY_ROLE       = 1 << 3, /* any signed-in role may call it (sign-out) */
  YC_ROUTE_BATCH          = 1 << 4, /* POST /batch: carries changes, is not one itself */
} YcRouteFlags;

typedef struct {
  const char   *method;
  const char   *pattern;  /* below /api/v1, "{x}" matches one segment */
  YcHandler     handler;
  YcRouteFlags  flags;
} YcRoute;

struct _YcRequest
{
  YcServer          *server;
  SoupServerMessage *msg;
  const YcRoute     *route;
  char              *params[2];
  GHashTable        *query;
  gint64             started;      /* monotonic µs */
  gboolean           zh;
  gboolean           offline;
  YcSession         *session;
  JsonNode          *body_node;
  JsonObject        *body;         /* the parsed body object, or an empty one */

  /* the answer */
  gboolean           answered;
  guint              status;
  char              *content_type;
  char              *response;
  gsize              response_len;
  GBytes            *response_bytes; /* instead of response: a shared, cached body */
  const char        *problem_code;
  gboolean           keep_changes; /* commit even though the answer is an error */
  gboolean           events_added;
  gboolean           paused;       /* waiting: an event poll, or a change for its commit */
  gboolean           finished;     /* the answer is set on the message */
  gboolean           in_batch;     /* in the open batch (or its replays) */
  gboolean           wait_now;     /* an event poll deferred only until the commit */
  gint64             retry_after;  /* > 0: a 429 answer names it */
  guint              wait_source;
  gint64             wait_after;

  /* idempotency */
  char              *idempotency_key;
  char              *request_hash;

  gboolean           replayed;     /* answered from the stored answer of its key */

  /* batches */
  YcRequest         *parent;       /* a change inside a POST /batch: that request */
  GPtrArray         *parts;        /* of a POST /batch: its changes (YcRequest), in order */
  guint              parts_waiting; /* of those, the ones paused until a commit */

  char              *log_staff_id; /* for the log line of a sign-in */
  gboolean           too_large;
  gsize              body_seen;
};

struct _YcServer
{
  GObject       parent_instance;

  SoupServer   *soup;
  YcServerDb   *db;
  char         *url;
  gboolean      training;
  gboolean      shutting_down;
  guint         n_in_flight;

  GHashTable   *sessions;         /* token SHA-256 hex -> YcSession */
  GHashTable   *running_keys;     /* "W01\nkey" stored by the open batch */

  /* group commit */
  gboolean      batch_open;
  gboolean      batch_events;
  gboolean      batch_urgent;     /* the commit is due before more requests are read */
  GPtrArray    *batch;            /* YcRequest waiting for the commit */
  GPtrArray    *batch_replays;    /* YcRequest replaying a key of the open batch */
  guint         batch_source;
  gint64        batch_started;

  /* the catalogue, encoded once */
  GPtrArray    *items;            /* YcServiceItem in catalogue order */
  GHashTable   *items_by_code;    /* code -> YcServiceItem */
  GHashTable   *item_json;        /* code -> GBytes */
  char         *catalogue_version;
  GBytes       *catalogue_json;
  JsonNode     *centre_json;
  YcCalendar   *calendar;

  GList        *waiters;          /* YcRequest of paused event polls */

  guint         purge_source;
  guint         shutdown_source;
  gint64        shutdown_deadline;
  GTask        *shutdown_task;
};

/* yc-server-request.c: answering */
void         yc_request_reply              (YcRequest    *req,
                                            guint         status,
                                            JsonNode     *node);
void         yc_request_reply_bytes        (YcRequest    *req,
                                            guint         status,
                                            const char   *content_type,
                                            char         *data,
                                            gsize         len);
void         yc_request_reply_gbytes       (YcRequest    *req,
                                            guint         status,
                                            const char   *content_type,
                                            GBytes       *bytes);
void         yc_request_problem            (YcRequest    *req,
                                            guint         status,
                                            const char   *code,
                                            const char   *field);
/* As yc_request_problem with the detail sentence @detail_id of the table. */
void         yc_request_problem_detail     (YcRequest    *req,
                                            guint         status,
                                            const char   *code,
                                            const char   *field,
                                            const char   *detail_id);
/* 500 internal_error; the error is logged, never shown. */
void         yc_request_internal_error     (YcRequest    *req,
                                            const GError *error);
/* 400 wrong_type for a codec error of the records. */
void         yc_request_decode_error       (YcRequest    *req,
                                            const GError *error);
void         yc_request_set_header         (YcRequest    *req,
                                            const char   *name,
                                            const char   *value);

const char  *yc_request_param              (YcRequest    *req,
                                            guint         index);
const char  *yc_request_query              (YcRequest    *req,
                                            const char   *name);
gboolean     yc_request_has_role           (YcRequest    *req,
                                            guint         roles);
/* A trainer may do what a clerk does, on a training server only. */
gboolean     yc_request_is_training_trainer (YcRequest   *req);

/* Body helpers: a problem answer is given and FALSE returned on failure. A missing or null
 * required member is missing_field; an empty required string is invalid_value. */
gboolean     yc_request_body_string        (YcRequest    *req,
                                            JsonObject   *object,
                                            const char   *path,
                                            const char   *member,
                                            gboolean      required,
                                            const char  **out);
gboolean     yc_request_body_int           (YcRequest    *req,
                                            JsonObject   *object,
                                            const char   *path,
                                            const char   *member,
                                            gboolean      required,
                                            gboolean     *present,
                                            gint64       *out);
/* Parse the body of a change into req->body: nothing is an empty object, anything else must
 * be a strict JSON object (415, 400 invalid_utf8, invalid_json, too_deep or wrong_type). */
gboolean     yc_request_parse_body         (YcRequest    *req,
                                            const char   *data,
                                            gsize         len);
/* The same for @len > 0 bytes of a JSON media type: the checks after the Content-Type. */
gboolean     yc_request_parse_json_body    (YcRequest    *req,
                                            const char   *data,
                                            gsize         len);

/* yc-server.c */
/* Find the route of @method @path (below /api/v1, percent-decoded per segment): TRUE with
 * req->route and req->params set; TRUE with no route when the path is known but not the
 * method (@allow gets the methods it has); FALSE for an unknown path. The YcServer class
 * makes the patterns: it must exist. */
gboolean     yc_server_match_route         (YcRequest    *req,
                                            const char   *method,
                                            const char   *path,
                                            GString      *allow);
/* Answer a paused request now (an event poll, or a change after its commit). */
void         yc_request_finish_paused      (YcRequest    *req);
/* The HTTP method of the request ("POST" for a change inside a batch). */
const char  *yc_request_method             (YcRequest    *req);
/* Run one change of the POST /batch @parent: POST @path (below /api/v1) under @key with the
 * JSON text @data, as if it had come alone on the parent's connection. Its answer is set, or
 * it is paused until the open batch commits (counted in parent->parts_waiting). */
void         yc_server_run_part            (YcRequest    *parent,
                                            const char   *path,
                                            const char   *key,
                                            gboolean      offline,
                                            const char   *data,
                                            gsize         len);
/* Fails the request with 400 (missing_idempotency_key or invalid_value) unless @key is a
 * UUID. */
gboolean     yc_request_check_key          (YcRequest    *req,
                                            const char   *key);

/* yc-server-util.c */
GDateTime   *yc_server_now                 (void);
char        *yc_server_now_iso             (void);
char        *yc_server_format_time         (GDateTime    *time);
gint64       yc_server_now_unix            (void);
gboolean     yc_server_is_uuid             (const char   *text);
/* An RFC 3339 time with an offset; @out_date gets its calendar date in that offset. */
gboolean     yc_server_parse_time          (const char   *text,
                                            GDate        *out_date);
char        *yc_server_sha256_hex          (gconstpointer data,
                                            gsize         len);

/* yc-server-log.c: the request's line on stderr (route template, status, time, staff id). */
void         yc_server_log_request         (YcRequest    *req);

/* yc-server-idempotency.c */
typedef enum {
  YC_KEY_NEW,       /* never seen: run the request */
  YC_KEY_ANSWERED,  /* replayed, or refused (no key, a malformed key, a mismatch) */
  YC_KEY_DEFERRED,  /* stored by a request of the open batch: replay after its commit */
} YcKeyState;

/* Take the Idempotency-Key @key of a POST (the header's value, or NULL), hash the request and
 * look the key up. */
YcKeyState   yc_request_idempotency_lookup (YcRequest    *req,
                                            const char   *key,
                                            const char   *data,
                                            gsize         len);
/* Answer from the stored answers; FALSE if the key is not stored. */
gboolean     yc_request_replay_stored      (YcRequest    *req);
/* Whether a replay gives this answer again: it has a key and is no 5xx, 401, 413, 429 or
 * idempotency_in_progress. */
gboolean     yc_request_answer_storable    (YcRequest    *req);
/* Store the answer in the open transaction; the key counts as running until the commit. */
gboolean     yc_request_store_answer       (YcRequest    *req,
                                            GError      **error);

/* yc-server-problem.c */
const char  *yc_problem_title              (const char   *code);
char        *yc_problem_detail             (const char   *detail_id,
                                            const char   *field,
                                            gboolean      zh);

/* yc-server-sessions.c */
void         yc_session_unref              (YcSession    *session);
YcSession   *yc_session_ref                (YcSession    *session);
void         yc_server_forget_session      (YcServer     *self,
                                            const char   *token_sha256);
void         yc_server_handle_sessions_create   (YcRequest *req);
void         yc_server_handle_sessions_delete   (YcRequest *req);
YcSession   *yc_server_lookup_session      (YcServer     *self,
                                            const char   *token,
                                            GError      **error);
gboolean     yc_server_purge                (YcServer    *self,
                                             GError     **error);

/* yc-server-reference.c */
gboolean     yc_server_load_reference       (YcServer    *self,
                                             GError     **error);
/* One staff member in the GET /staff shape. */
JsonNode    *yc_server_staff_json           (YcServer    *self,
                                             const char  *staff_id,
                                             GError     **error);
YcServiceItem *yc_server_get_item           (YcServer    *self,
                                             const char  *code);
void         yc_server_handle_centre        (YcRequest *req);
void         yc_server_handle_departments   (YcRequest *req);
void         yc_server_handle_windows       (YcRequest *req);
void         yc_server_handle_staff         (YcRequest *req);
void         yc_server_handle_items         (YcRequest *req);
void         yc_server_handle_item          (YcRequest *req);
void         yc_server_handle_calendar      (YcRequest *req);

/* yc-server-cases.c */
typedef enum {
  YC_CASE_ACCESS_NONE,
  YC_CASE_ACCESS_VIEW,     /* may see it, ID numbers masked */
  YC_CASE_ACCESS_ACT,      /* may act on it (holder, chief rep of its department) */
} YcCaseAccess;

YcCase      *yc_server_load_case            (YcServer    *self,
                                             const char  *id,
                                             GError     **error);
YcCaseAccess yc_server_case_access          (YcRequest   *req,
                                             YcCase      *kase,
                                             gboolean    *full_ids);
/* Answer 403 forbidden or 409 case_not_held for a case the caller may not act on. */
void         yc_server_refuse_case          (YcRequest   *req,
                                             YcCase      *kase);
JsonNode    *yc_server_case_to_json         (YcCase      *kase,
                                             gboolean     full_ids);
/* Check one applicant or agent of a new case at @path ("applicant"), normalising its ID
 * number; a problem answer and FALSE when it fails. @is_agent: only name, id_type, id_number
 * and phone count. @override: the clerk overrode the ID and credit-code checks. */
gboolean     yc_server_check_party          (YcRequest   *req,
                                             YcParty     *party,
                                             const char  *path,
                                             gboolean     is_agent,
                                             gboolean     override);
void         yc_server_handle_cases_create  (YcRequest *req);
void         yc_server_handle_cases_list    (YcRequest *req);
void         yc_server_handle_case_get      (YcRequest *req);
void         yc_server_handle_case_materials (YcRequest *req);
void         yc_server_handle_case_completion (YcRequest *req);
void         yc_server_handle_case_evaluation (YcRequest *req);
void         yc_server_handle_inquiries_create (YcRequest *req);

/* yc-server-batch.c */
void         yc_server_handle_batch          (YcRequest *req);
/* The answer of a POST /batch whose changes are all answered. */
void         yc_server_batch_reply           (YcRequest *req);

/* yc-server-letters.c */
void         yc_server_handle_letters_create (YcRequest *req);
void         yc_server_handle_letters_list   (YcRequest *req);

/* yc-server-handoffs.c */
void         yc_server_handle_handoffs_create   (YcRequest *req);
void         yc_server_handle_handoffs_list     (YcRequest *req);
void         yc_server_handle_handoff_decision  (YcRequest *req);
void         yc_server_handle_handoff_receipt   (YcRequest *req);
void         yc_server_handle_handoff_answer    (YcRequest *req);

/* yc-server-events.c */
/* Record an event in the current transaction (the request's own, or the server's). */
gboolean     yc_request_add_event          (YcRequest    *req,
                                            const char   *type,
                                            const char   *entity,
                                            const char   *entity_id,
                                            const char   *department_id,
                                            GError      **error);
gboolean     yc_server_add_event           (YcServer     *self,
                                            const char   *type,
                                            const char   *entity,
                                            const char   *entity_id,
                                            const char   *actor_id,
                                            const char   *role,
                                            const char   *workstation,
                                            gboolean      offline,
                                            const char   *department_id,
                                            GError      **error);

void         yc_server_handle_events        (YcRequest   *req);
/* After a commit that added events: answer the polls waiting for them (and those that
 * only waited for the commit). */
void         yc_server_wake_waiters         (YcServer    *self,
                                             gboolean     all,
                                             gboolean     new_events);

/* yc-server-demo.c */
gboolean     yc_server_demo_seed            (YcServer    *self,
                                             gboolean    *seeded,
                                             GError     **error);

G_END_DECLS
