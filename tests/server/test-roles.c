/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-roles.c: every endpoint as every role (D15, deny by default), plus no token at all and a
 * clerk of another department acting on someone else's records. The demo server counts as a
 * training server, so the trainer may do what a clerk does. */
#define G_LOG_DOMAIN "test-roles"

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

enum { CLERK, CHIEF, SUPERVISOR, TRAINER, ANON, STRANGER, N_ROLES };

static const char *const role_names[N_ROLES] = {
  "clerk (clerk.li)", "chief_rep (chief.zhang)", "supervisor (super.zhao)",
  "trainer (trainer.sun)", "no token", "clerk of another department (clerk.chen)"
};
static const char *const usernames[N_ROLES] = {
  "clerk.li", "chief.zhang", "super.zhao", "trainer.sun", NULL, "clerk.chen"
};

static struct {
  YcTestServer *srv;
  YcTestSession    *s[N_ROLES];
  YcTestSession    *wang;
  YcItem       *item;
} m;

typedef YcResponse *(*RunFunc) (int role);

typedef struct {
  const char *name;
  RunFunc     run;
  /* Allowed answers per role, "201" or "403|409"; NULL: not asked. */
  const char *expect[N_ROLES];
} Endpoint;

static gboolean
setup (void)
{
  int r;

  if (m.srv != NULL)
    return m.item != NULL;
  m.srv = yc_test_server_default ();
  if (m.srv == NULL)
    return FALSE;
  for (r = 0; r < N_ROLES; r++)
    if (usernames[r] != NULL)
      {
        g_autofree char *ws = g_strdup_printf ("ws-roles-%d", r);

        m.s[r] = yc_sign_in (m.srv, usernames[r], ws);
        if (m.s[r] == NULL)
          return FALSE;
      }
  m.wang = yc_sign_in (m.srv, "clerk.wang", "ws-roles-wang");
  m.item = yc_find_item (m.srv, m.s[CLERK]->token, m.s[CLERK]->department_id, FALSE, -1);
  return m.wang != NULL && m.item != NULL;
}

static const char *
tok (int role)
{
  return m.s[role] ? m.s[role]->token : NULL;
}

/* Whose records a role acts on: its own, except the supervisor, the anonymous caller and the
 * stranger, who act on clerk.li's. */
static YcTestSession *
owner (int role)
{
  if (role == SUPERVISOR || role == ANON || role == STRANGER)
    return m.s[CLERK];
  return m.s[role];
}

static char *
make_case (YcTestSession  *who,
           const char *outcome)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *mats = g_str_equal (outcome, "incomplete")
                          ? yc_materials_json (m.item, g_ptr_array_index (m.item->mandatory, 0)) : NULL;
  g_autofree char *body = yc_case_json (id, m.item, outcome, NULL, NULL, mats, NULL);
  g_autoptr(YcResponse) r = yc_post (m.srv, who->token, "/cases", body);

  if (!yc_assert_status (r, 201))
    return NULL;
  return g_steal_pointer (&id);
}

static YcResponse *
get_as (int role, const char *path)
{
  return yc_get (m.srv, tok (role), path);
}

static YcResponse *
post_as (int role, const char *path, const char *body)
{
  return yc_post (m.srv, tok (role), path, body);
}

/* ------------------------------------------------------------------ endpoints */

static YcResponse *
run_sign_in (int role)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\",\"workstation\":\"ws-m\"}",
                                           usernames[role], YC_DEMO_PASSWORD);
  YcRequestOptions o = { .no_idempotency_key = TRUE };

  return yc_request_full (m.srv, "POST", "/sessions", body, -1, &o);
}

static YcResponse *
run_sign_out (int role)
{
  g_autoptr(YcTestSession) fresh = NULL;

  if (role == ANON)
    return yc_delete (m.srv, NULL, "/sessions/current");
  fresh = yc_sign_in (m.srv, usernames[role], "ws-m-out");
  return yc_delete (m.srv, fresh ? fresh->token : "x", "/sessions/current");
}

static YcResponse *run_centre (int role) { return get_as (role, "/centre"); }
static YcResponse *run_departments (int role) { return get_as (role, "/departments"); }
static YcResponse *run_windows (int role) { return get_as (role, "/windows"); }
static YcResponse *run_staff (int role) { return get_as (role, "/staff"); }
static YcResponse *run_items (int role) { return get_as (role, "/service-items"); }
static YcResponse *run_calendar (int role) { return get_as (role, "/calendar/2026"); }
static YcResponse *run_cases_me (int role) { return get_as (role, "/cases"); }
static YcResponse *run_cases_dept (int role) { return get_as (role, "/cases?holder=department"); }
static YcResponse *run_cases_centre (int role) { return get_as (role, "/cases?holder=centre"); }
static YcResponse *run_handoffs (int role) { return get_as (role, "/handoffs"); }
static YcResponse *run_events (int role) { return get_as (role, "/events?after=0"); }

static YcResponse *
run_item (int role)
{
  g_autofree char *path = g_strdup_printf ("/service-items/%s", m.item->code);

  return get_as (role, path);
}

static YcResponse *
run_inquiry (int role)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"visitor_name\":\"访客\",\"question\":\"怎么办理？\","
                                           "\"outcome\":\"answered\"}", id);

  return post_as (role, "/inquiries", body);
}

static YcResponse *
run_create_case (int role)
{
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = yc_case_json (id, m.item, "accepted", NULL, NULL, NULL, NULL);

  return post_as (role, "/cases", body);
}

static YcResponse *
run_get_case (int role)
{
  g_autofree char *id = make_case (owner (role), "accepted");
  g_autofree char *path = g_strdup_printf ("/cases/%s", id);

  return get_as (role, path);
}

static YcResponse *
run_materials (int role)
{
  g_autofree char *id = make_case (owner (role), "incomplete");
  g_autofree char *path = g_strdup_printf ("/cases/%s/materials", id);
  g_autofree char *q = yc_json_quote (g_ptr_array_index (m.item->mandatory, 0));
  g_autofree char *body = g_strdup_printf ("{\"materials\":[{\"material_id\":%s,\"state\":\"received\"}]}", q);

  return post_as (role, path, body);
}

static YcResponse *
run_completion (int role)
{
  g_autofree char *id = make_case (owner (role), "accepted");
  g_autofree char *path = g_strdup_printf ("/cases/%s/completion", id);

  return post_as (role, path, "{\"result\":\"准予许可\",\"completed_at\":\"2026-03-12T10:00:00+08:00\"}");
}

static YcResponse *
run_evaluation (int role)
{
  g_autofree char *id = make_case (owner (role), "accepted");
  g_autofree char *path = g_strdup_printf ("/cases/%s/evaluation", id);

  return post_as (role, path, "{\"rating\":4,\"comment\":\"满意\"}");
}

static YcResponse *
run_letter (int role)
{
  g_autofree char *case_id = make_case (owner (role), "accepted");
  g_autofree char *id = yc_uuid ();
  g_autofree char *number = yc_new_number ("受");
  g_autofree char *qn = yc_json_quote (number);
  g_autofree char *sha = yc_new_sha256 ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"acceptance\","
                                           "\"number\":%s,\"items\":[],"
                                           "\"issued_at\":\"2026-03-10T10:20:00+08:00\","
                                           "\"pdf_sha256\":\"%s\"}", id, case_id, qn, sha);

  return post_as (role, "/letters", body);
}

static YcResponse *
run_letters (int role)
{
  g_autofree char *case_id = make_case (owner (role), "accepted");
  g_autofree char *path = g_strdup_printf ("/letters?case_id=%s", case_id);

  return get_as (role, path);
}

static char *
handoff_body (int role, const char *case_id)
{
  g_autofree char *id = yc_uuid ();

  /* A clerk covers with the B post; others transfer to clerk.wang. */
  return g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"%s\",\"to_staff_id\":\"%s\",\"to_department_id\":null,"
                          "\"case_ids\":[\"%s\"],\"reason\":\"交接\"}",
                          id, role == CLERK ? "ab_cover" : "transfer", m.wang->staff_id, case_id);
}

static YcResponse *
run_request_handoff (int role)
{
  g_autofree char *case_id = make_case (owner (role), "accepted");
  g_autofree char *body = handoff_body (role, case_id);

  return post_as (role, "/handoffs", body);
}

/* A pending ab_cover from clerk.wang to clerk.li. */
static char *
pending_handoff (void)
{
  g_autofree char *case_id = make_case (m.wang, "accepted");
  g_autofree char *id = yc_uuid ();
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"ab_cover\",\"to_staff_id\":\"%s\","
                                           "\"case_ids\":[\"%s\"],\"reason\":\"王志强请假\"}",
                                           id, m.s[CLERK]->staff_id, case_id);
  g_autoptr(YcResponse) r = yc_post (m.srv, m.wang->token, "/handoffs", body);

  if (!yc_assert_status (r, 201))
    return NULL;
  return g_steal_pointer (&id);
}

static YcResponse *
run_decision (int role)
{
  g_autofree char *hid = pending_handoff ();
  g_autofree char *path = g_strdup_printf ("/handoffs/%s/decision", hid);

  return post_as (role, path, "{\"decision\":\"approve\",\"comment\":\"同意\"}");
}

static YcResponse *
run_receipt (int role)
{
  g_autofree char *hid = pending_handoff ();
  g_autofree char *path = g_strdup_printf ("/handoffs/%s/decision", hid);
  g_autofree char *rpath = g_strdup_printf ("/handoffs/%s/receipt", hid);
  g_autoptr(YcResponse) ok = yc_post (m.srv, m.s[CHIEF]->token, path, "{\"decision\":\"approve\"}");

  yc_assert_status (ok, 200);
  return post_as (role, rpath, "{}");
}

/*                                       clerk   chief   super   trainer anon   stranger */
static const Endpoint endpoints[] = {
  { "post-sessions", run_sign_in,        { "201", "201", "201", "201", NULL, "201" } },
  { "delete-sessions-current", run_sign_out, { "204", "204", "204", "204", "401", "204" } },
  { "get-centre", run_centre,            { "200", "200", "200", "200", "401", "200" } },
  { "get-departments", run_departments,  { "200", "200", "200", "200", "401", "200" } },
  { "get-windows", run_windows,          { "200", "200", "200", "200", "401", "200" } },
  { "get-staff", run_staff,              { "200", "200", "200", "200", "401", "200" } },
  { "get-service-items", run_items,      { "200", "200", "200", "200", "401", "200" } },
  { "get-service-item", run_item,        { "200", "200", "200", "200", "401", "200" } },
  { "get-calendar", run_calendar,        { "200", "200", "200", "200", "401", "200" } },
  { "post-inquiries", run_inquiry,       { "201", "201", "403", "201", "401", "201" } },
  { "post-cases", run_create_case,       { "201", "201", "403", "201", "401", NULL } },
  { "get-cases-me", run_cases_me,        { "200", "200", "200", "200", "401", "200" } },
  { "get-cases-department", run_cases_dept, { "403", "200", "200", "403", "401", "403" } },
  { "get-cases-centre", run_cases_centre, { "403", "403", "200", "403", "401", "403" } },
  { "get-case", run_get_case,            { "200", "200", "200", "200", "401", "200|403" } },
  { "post-case-materials", run_materials, { "200", "200", "403", "200", "401", "403|409" } },
  { "post-case-completion", run_completion, { "200", "200", "403", "200", "401", "403|409" } },
  { "post-case-evaluation", run_evaluation, { "201", "201", "403", "201", "401", "403|409" } },
  { "post-letters", run_letter,          { "201", "201", "403", "201", "401", "403|409" } },
  { "get-letters", run_letters,          { "200", "200", "200", "200", "401", "200|403" } },
  { "post-handoffs", run_request_handoff, { "201", "201", "403", "201", "401", "409|403" } },
  { "get-handoffs", run_handoffs,        { "200", "200", "200", "200", "401", "200" } },
  { "post-handoff-decision", run_decision, { "403", "200", "403", "403", "401", "403" } },
  { "post-handoff-receipt", run_receipt, { "200", "403", "403", "403", "401", "403" } },
  { "get-events", run_events,            { "200", "200", "200", "200", "401", "200" } },
};

static void
run_endpoint (gconstpointer data)
{
  const Endpoint *ep = data;
  int role;

  if (!setup ())
    {
      yc_fail ("setup failed");
      return;
    }
  for (role = 0; role < N_ROLES; role++)
    {
      g_auto(GStrv) allowed = NULL;
      g_autoptr(YcResponse) resp = NULL;
      gboolean ok = FALSE;
      guint i;

      if (ep->expect[role] == NULL)
        continue;
      allowed = g_strsplit (ep->expect[role], "|", -1);
      resp = ep->run (role);
      for (i = 0; allowed[i] != NULL; i++)
        ok |= resp->status == (guint) g_ascii_strtoull (allowed[i], NULL, 10);
      if (!ok)
        {
          g_autofree char *text = g_strndup (yc_response_text (resp), 300);

          yc_fail ("%s as %s: expected %s, got %u %s", ep->name, role_names[role],
                   ep->expect[role], resp->status, text);
          continue;
        }
      switch (resp->status)
        {
        case 401:
          yc_assert_problem (resp, 401, "unauthorized");
          break;
        case 403:
          yc_assert_problem (resp, 403, "forbidden");
          break;
        case 409:
          yc_assert_problem (resp, 409, "case_not_held");
          break;
        case 200:
          /* A stranger allowed to look at someone's case sees the ID number masked. */
          if (role == STRANGER && g_str_equal (ep->name, "get-case") &&
              strchr (yc_resp_str (resp, "applicant.id_number") ?: "", '*') == NULL)
            yc_fail ("clerk.chen sees the full ID number of clerk.li's case");
          break;
        default:
          break;
        }
    }
}

int
main (int argc, char **argv)
{
  int ret, r;
  guint i;

  yc_test_init (&argc, &argv);
  for (i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/roles/%s", endpoints[i].name);

      g_test_add_data_func (path, &endpoints[i], run_endpoint);
    }
  ret = yc_test_run ();
  for (r = 0; r < N_ROLES; r++)
    g_clear_pointer (&m.s[r], yc_test_session_free);
  g_clear_pointer (&m.wang, yc_test_session_free);
  g_clear_pointer (&m.item, yc_item_free);
  return ret;
}
