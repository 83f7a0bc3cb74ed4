/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scenario-runner"

#include "config.h"

#include "yc-intake-page.h"
#include "yc-scenario-runner.h"

struct _YcScenarioRunner
{
  GObject         parent_instance;

  GtkApplication *application;  /* not owned */
  GListStore     *scenarios;
  gboolean        server_running;

  YcWorkstation  *workstation;
  YcStore        *store;
  YcSession      *session;
  GtkWidget      *pages;        /* weak: the stack of the window's pages */
  GtkWidget      *intake_page;  /* weak */
  guint           check_id;

  YcScenario     *scenario;
  guint           step;
  /* What the scenario found, and what changed since it started. */
  char           *case_id;
  char           *case_number;
  char           *letter_id;
  char           *handoff_id;
  GPtrArray      *new_cases;    /* ids, in the order first seen */
  GPtrArray      *new_letters;
  GHashTable     *old_handoffs; /* ids held when the scenario started */
};

G_DEFINE_FINAL_TYPE (YcScenarioRunner, yc_scenario_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const known_checks[] = {
  "signed-in", "page", "intake-stage", "intake-case", "held-cases", "case-status", "case-sync",
  "letter", "letter-printed", "handoff", "server",
};

static void schedule_check (YcScenarioRunner *self);

/* ---- what the scenario found ---- */

static void
forget_findings (YcScenarioRunner *self)
{
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->case_number, g_free);
  g_clear_pointer (&self->letter_id, g_free);
  g_clear_pointer (&self->handoff_id, g_free);
  g_ptr_array_set_size (self->new_cases, 0);
  g_ptr_array_set_size (self->new_letters, 0);
  g_hash_table_remove_all (self->old_handoffs);
}

static void
take_case (YcScenarioRunner *self,
           YcCase           *kase)
{
  g_free (self->case_id);
  self->case_id = g_strdup (yc_case_get_id (kase));
  g_free (self->case_number);
  self->case_number = g_strdup (yc_case_get_number (kase));
}

static void
remember_handoffs_held (YcScenarioRunner *self)
{
  g_autoptr(GPtrArray) handoffs = NULL;

  g_hash_table_remove_all (self->old_handoffs);
  if (self->store == NULL)
    return;
  handoffs = yc_store_list_handoffs (self->store, NULL, NULL);
  for (guint i = 0; handoffs != NULL && i < handoffs->len; i++)
    g_hash_table_add (self->old_handoffs,
                      g_strdup (yc_handoff_get_id (g_ptr_array_index (handoffs, i))));
}

static void
note_id (GPtrArray  *ids,
         const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return;
  g_ptr_array_add (ids, g_strdup (id));
}

/* ---- the state it reads ---- */

static YcStaff *
signed_in_staff (YcScenarioRunner *self)
{
  if (self->session == NULL || yc_session_get_state (self->session) == YC_SESSION_SIGNED_OUT)
    return NULL;
  return yc_session_get_staff (self->session);
}

/* The page shown, while the pages are (not the sign-in or loading view in their place). */
static const char *
page_shown (YcScenarioRunner *self)
{
  if (self->pages == NULL || !gtk_widget_get_mapped (self->pages))
    return NULL;
  return gtk_stack_get_visible_child_name (GTK_STACK (self->pages));
}

static YcIntakePage *
intake_page (YcScenarioRunner *self)
{
  return self->intake_page != NULL ? YC_INTAKE_PAGE (self->intake_page) : NULL;
}

/* ---- the checks ---- */

static gboolean
check_case_status (YcScenarioRunner *self,
                   YcScenarioStep   *step)
{
  const char *status = yc_scenario_step_get_argument (step);
  YcStaff *staff = signed_in_staff (self);

  if (self->case_id != NULL)
    {
      g_autoptr(YcCase) kase = yc_store_get_case (self->store, self->case_id, NULL);

      return kase != NULL && g_strcmp0 (yc_case_get_status (kase), status) == 0;
    }

  if (yc_scenario_step_get_any_case (step))
    {
      g_autoptr(GPtrArray) held = NULL;

      if (staff == NULL)
        return FALSE;
      held = yc_store_list_held_cases (self->store, yc_staff_get_id (staff), NULL);
      for (guint i = 0; held != NULL && i < held->len; i++)
        if (g_strcmp0 (yc_case_get_status (g_ptr_array_index (held, i)), status) == 0)
          {
            take_case (self, g_ptr_array_index (held, i));
            return TRUE;
          }
      return FALSE;
    }

  for (guint i = self->new_cases->len; i > 0; i--)
    {
      g_autoptr(YcCase) kase = yc_store_get_case (self->store,
                                                  g_ptr_array_index (self->new_cases, i - 1),
                                                  NULL);

      if (kase != NULL && g_strcmp0 (yc_case_get_status (kase), status) == 0)
        {
          take_case (self, kase);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_letter (YcScenarioRunner *self,
              YcScenarioStep   *step)
{
  for (guint i = self->new_letters->len; i > 0; i--)
    {
      g_autoptr(YcStoreLetterInfo) info =
        yc_store_get_letter_info (self->store, g_ptr_array_index (self->new_letters, i - 1), NULL);

      if (info == NULL ||
          g_strcmp0 (yc_letter_get_kind (info->letter), yc_scenario_step_get_argument (step)) != 0)
        continue;
      if (self->case_id != NULL &&
          g_strcmp0 (yc_letter_get_case_id (info->letter), self->case_id) != 0)
        continue;
      g_free (self->letter_id);
      self->letter_id = g_strdup (yc_letter_get_id (info->letter));
      return TRUE;
    }
  return FALSE;
}

static gboolean
check_handoff (YcScenarioRunner *self,
               YcScenarioStep   *step)
{
  const char *state = yc_scenario_step_get_argument (step);
  const char *kind = yc_scenario_step_get_kind (step);
  g_autoptr(GPtrArray) handoffs = NULL;

  if (self->handoff_id != NULL)
    {
      g_autoptr(YcHandoff) handoff = yc_store_get_handoff (self->store, self->handoff_id, NULL);

      return handoff != NULL && g_strcmp0 (yc_handoff_get_state (handoff), state) == 0;
    }

  handoffs = yc_store_list_handoffs (self->store, state, NULL);
  for (guint i = 0; handoffs != NULL && i < handoffs->len; i++)
    {
      YcHandoff *handoff = g_ptr_array_index (handoffs, i);

      if (g_hash_table_contains (self->old_handoffs, yc_handoff_get_id (handoff)))
        continue;
      if (kind != NULL && g_strcmp0 (yc_handoff_get_kind (handoff), kind) != 0)
        continue;
      self->handoff_id = g_strdup (yc_handoff_get_id (handoff));
      return TRUE;
    }
  return FALSE;
}

static gboolean
check_step (YcScenarioRunner *self,
            YcScenarioStep   *step)
{
  const char *check = yc_scenario_step_get_check (step);
  const char *argument = yc_scenario_step_get_argument (step);
  YcStaff *staff = signed_in_staff (self);

  if (g_strcmp0 (check, "server") == 0)
    return self->server_running == (g_strcmp0 (argument, "running") == 0);
  if (self->store == NULL)
    return FALSE;

  if (g_strcmp0 (check, "signed-in") == 0)
    return staff != NULL && g_strcmp0 (yc_staff_get_username (staff), argument) == 0;
  if (g_strcmp0 (check, "page") == 0)
    return g_strcmp0 (page_shown (self), argument) == 0;
  if (g_strcmp0 (check, "intake-stage") == 0)
    return intake_page (self) != NULL &&
           g_strcmp0 (yc_intake_page_get_stage (intake_page (self)), argument) == 0;
  if (g_strcmp0 (check, "intake-case") == 0)
    {
      YcCase *kase = intake_page (self) != NULL ? yc_intake_page_get_case (intake_page (self))
                                                : NULL;

      if (kase == NULL || !yc_intake_page_get_returning (intake_page (self)) ||
          g_strcmp0 (yc_case_get_status (kase), argument) != 0)
        return FALSE;
      take_case (self, kase);
      return TRUE;
    }
  if (g_strcmp0 (check, "held-cases") == 0)
    {
      g_autoptr(GPtrArray) held = NULL;

      if (staff == NULL)
        return FALSE;
      held = yc_store_list_held_cases (self->store, yc_staff_get_id (staff), NULL);
      return held != NULL && held->len > 0;
    }
  if (g_strcmp0 (check, "case-status") == 0)
    return check_case_status (self, step);
  if (g_strcmp0 (check, "case-sync") == 0)
    {
      YcSyncState state;

      if (self->case_id == NULL)
        return FALSE;
      state = yc_store_get_sync_state (self->store, "case", self->case_id);
      return g_strcmp0 (argument, "synced") == 0 ? state == YC_SYNC_STATE_SYNCED
                                                  : state == YC_SYNC_STATE_PENDING;
    }
  if (g_strcmp0 (check, "letter") == 0)
    return check_letter (self, step);
  if (g_strcmp0 (check, "letter-printed") == 0)
    {
      g_autoptr(YcStoreLetterInfo) info = NULL;

      if (self->letter_id == NULL)
        return FALSE;
      info = yc_store_get_letter_info (self->store, self->letter_id, NULL);
      return info != NULL && info->print_state == YC_LETTER_PRINT_PRINTED;
    }
  if (g_strcmp0 (check, "handoff") == 0)
    return check_handoff (self, step);

  return FALSE;
}

/* ---- watching ---- */

static void
on_store_changed_cb (YcScenarioRunner *self,
                     const char       *kind,
                     const char       *id)
{
  if (self->scenario == NULL)
    return;
  if (id != NULL && g_strcmp0 (kind, "cases") == 0)
    note_id (self->new_cases, id);
  else if (id != NULL && g_strcmp0 (kind, "letters") == 0)
    note_id (self->new_letters, id);
  schedule_check (self);
}

static void
watch_intake_page (YcScenarioRunner *self,
                   GtkWidget        *page)
{
  if (self->intake_page == page)
    return;
  if (self->intake_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->intake_page, self);
      g_object_remove_weak_pointer (G_OBJECT (self->intake_page), (gpointer *) &self->intake_page);
    }
  self->intake_page = page;
  if (page != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &self->intake_page);
      g_signal_connect_object (page, "notify::stage", G_CALLBACK (schedule_check), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
on_pages_changed_cb (YcScenarioRunner *self)
{
  GtkWidget *page = self->pages != NULL
                    ? gtk_stack_get_child_by_name (GTK_STACK (self->pages), "intake") : NULL;

  watch_intake_page (self, page != NULL && YC_IS_INTAKE_PAGE (page) ? page : NULL);
  schedule_check (self);
}

static void
watch_pages (YcScenarioRunner *self,
             GtkWidget        *pages)
{
  if (self->pages == pages)
    return;
  if (self->pages != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pages, self);
      g_object_remove_weak_pointer (G_OBJECT (self->pages), (gpointer *) &self->pages);
    }
  self->pages = pages;
  if (pages != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (pages), (gpointer *) &self->pages);
      g_signal_connect_object (pages, "notify::visible-child", G_CALLBACK (on_pages_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (pages, "map", G_CALLBACK (schedule_check), self,
                               G_CONNECT_SWAPPED);
    }
  on_pages_changed_cb (self);
}

static void
watch_session (YcScenarioRunner *self)
{
  YcSession *session = self->workstation != NULL
                       ? yc_workstation_get_session (self->workstation) : NULL;

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (schedule_check), self,
                             G_CONNECT_SWAPPED);
  schedule_check (self);
}

static void
advance (YcScenarioRunner *self)
{
  guint start = self->step;

  if (self->scenario == NULL)
    return;
  while (self->step < yc_scenario_get_n_steps (self->scenario) &&
         check_step (self, yc_scenario_get_step (self->scenario, self->step)))
    {
      g_debug ("scenario %s: step %u done", yc_scenario_get_id (self->scenario), self->step + 1);
      self->step++;
    }
  if (self->step != start)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static gboolean
check_cb (gpointer data)
{
  YcScenarioRunner *self = data;

  self->check_id = 0;
  advance (self);
  return G_SOURCE_REMOVE;
}

/* Many changes come at once (a commit names each record): check once they are in. */
static void
schedule_check (YcScenarioRunner *self)
{
  if (self->scenario != NULL && self->check_id == 0)
    self->check_id = g_idle_add (check_cb, self);
}

/* ---- class ---- */

static void
yc_scenario_runner_dispose (GObject *object)
{
  YcScenarioRunner *self = YC_SCENARIO_RUNNER (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  watch_pages (self, NULL);
  yc_scenario_runner_set_workstation (self, NULL);
  g_clear_object (&self->scenario);
  g_clear_object (&self->scenarios);

  G_OBJECT_CLASS (yc_scenario_runner_parent_class)->dispose (object);
}

static void
yc_scenario_runner_finalize (GObject *object)
{
  YcScenarioRunner *self = YC_SCENARIO_RUNNER (object);

  forget_findings (self);
  g_clear_pointer (&self->new_cases, g_ptr_array_unref);
  g_clear_pointer (&self->new_letters, g_ptr_array_unref);
  g_clear_pointer (&self->old_handoffs, g_hash_table_unref);

  G_OBJECT_CLASS (yc_scenario_runner_parent_class)->finalize (object);
}

static void
yc_scenario_runner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcScenarioRunner *self = YC_SCENARIO_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scenario_runner_class_init (YcScenarioRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_scenario_runner_dispose;
  object_class->finalize = yc_scenario_runner_finalize;
  object_class->get_property = yc_scenario_runner_get_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, YC_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scenario_runner_init (YcScenarioRunner *self)
{
  g_autoptr(GPtrArray) scenarios = yc_scenario_load_all ();

  self->scenarios = g_list_store_new (YC_TYPE_SCENARIO);
  g_list_store_splice (self->scenarios, 0, 0, scenarios->pdata, scenarios->len);
  self->new_cases = g_ptr_array_new_with_free_func (g_free);
  self->new_letters = g_ptr_array_new_with_free_func (g_free);
  self->old_handoffs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- public API ---- */

YcScenarioRunner *
yc_scenario_runner_new (GtkApplication *application)
{
  YcScenarioRunner *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (YC_TYPE_SCENARIO_RUNNER, NULL);
  self->application = application;
  return self;
}

gboolean
yc_scenario_runner_knows_check (const char *check)
{
  return check != NULL && g_strv_contains (known_checks, check);
}

GListModel *
yc_scenario_runner_get_scenarios (YcScenarioRunner *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), NULL);
  return G_LIST_MODEL (self->scenarios);
}

YcScenario *
yc_scenario_runner_find_scenario (YcScenarioRunner *self,
                                  const char       *id)
{
  guint n;

  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenarios));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcScenario) scenario = g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);

      if (g_strcmp0 (yc_scenario_get_id (scenario), id) == 0)
        return scenario;  /* the list keeps it */
    }
  return NULL;
}

void
yc_scenario_runner_set_workstation (YcScenarioRunner *self,
                                    YcWorkstation    *workstation)
{
  g_return_if_fail (YC_IS_SCENARIO_RUNNER (self));

  if (self->workstation == workstation)
    return;
  if (self->workstation != NULL)
    g_signal_handlers_disconnect_by_data (self->workstation, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_set_object (&self->workstation, workstation);

  if (workstation != NULL)
    {
      self->store = g_object_ref (yc_workstation_get_store (workstation));
      g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (workstation, "notify::session", G_CALLBACK (watch_session), self,
                               G_CONNECT_SWAPPED);
      watch_session (self);
    }

  /* Another store (the training centre was reset): what was found is gone with the old one,
   * so the scenario starts again. */
  if (self->scenario != NULL && workstation != NULL)
    yc_scenario_runner_start (self, self->scenario);
}

void
yc_scenario_runner_set_pages (YcScenarioRunner *self,
                              GtkStack         *pages)
{
  g_return_if_fail (YC_IS_SCENARIO_RUNNER (self));
  g_return_if_fail (pages == NULL || GTK_IS_STACK (pages));

  watch_pages (self, GTK_WIDGET (pages));
}

void
yc_scenario_runner_set_server_running (YcScenarioRunner *self,
                                       gboolean          running)
{
  g_return_if_fail (YC_IS_SCENARIO_RUNNER (self));

  running = !!running;
  if (self->server_running == running)
    return;
  self->server_running = running;
  schedule_check (self);
}

void
yc_scenario_runner_start (YcScenarioRunner *self,
                          YcScenario       *scenario)
{
  g_return_if_fail (YC_IS_SCENARIO_RUNNER (self));
  g_return_if_fail (scenario == NULL || YC_IS_SCENARIO (scenario));

  g_object_ref (self);
  if (scenario != NULL)
    g_object_ref (scenario);
  g_clear_object (&self->scenario);
  self->scenario = scenario;
  self->step = 0;
  forget_findings (self);
  if (scenario != NULL)
    remember_handoffs_held (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  advance (self);
  g_object_unref (self);
}

YcScenario *
yc_scenario_runner_get_scenario (YcScenarioRunner *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), NULL);
  return self->scenario;
}

guint
yc_scenario_runner_get_step (YcScenarioRunner *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), 0);
  return self->step;
}

gboolean
yc_scenario_runner_get_complete (YcScenarioRunner *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), FALSE);
  return self->scenario != NULL && self->step >= yc_scenario_get_n_steps (self->scenario);
}

const char *
yc_scenario_runner_get_case_number (YcScenarioRunner *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_RUNNER (self), NULL);
  return self->case_number;
}

void
yc_scenario_runner_check (YcScenarioRunner *self)
{
  g_return_if_fail (YC_IS_SCENARIO_RUNNER (self));
  g_clear_handle_id (&self->check_id, g_source_remove);
  advance (self);
}
