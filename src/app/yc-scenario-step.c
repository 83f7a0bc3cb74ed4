/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scenario-step"

#include "config.h"

#include "yc-scenario-step.h"

struct _YcScenarioStep
{
  GObject   parent_instance;

  char     *title;
  char     *instructions;
  char     *check;
  char     *argument;
  char     *kind;
  gboolean  any_case;
  char     *action_name;
  char     *action_target;
  char     *action_label;
};

G_DEFINE_FINAL_TYPE (YcScenarioStep, yc_scenario_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_INSTRUCTIONS,
  PROP_CHECK,
  PROP_ARGUMENT,
  PROP_KIND,
  PROP_ANY_CASE,
  PROP_ACTION_NAME,
  PROP_ACTION_TARGET,
  PROP_ACTION_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The strings, in property order: one table for get and set. */
static char **
string_slot (YcScenarioStep *self,
             guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_TITLE:         return &self->title;
    case PROP_INSTRUCTIONS:  return &self->instructions;
    case PROP_CHECK:         return &self->check;
    case PROP_ARGUMENT:      return &self->argument;
    case PROP_KIND:          return &self->kind;
    case PROP_ACTION_NAME:   return &self->action_name;
    case PROP_ACTION_TARGET: return &self->action_target;
    case PROP_ACTION_LABEL:  return &self->action_label;
    default:                 return NULL;
    }
}

static void
yc_scenario_step_finalize (GObject *object)
{
  YcScenarioStep *self = YC_SCENARIO_STEP (object);

  for (guint i = PROP_TITLE; i < N_PROPS; i++)
    {
      char **slot = string_slot (self, i);

      if (slot != NULL)
        g_clear_pointer (slot, g_free);
    }

  G_OBJECT_CLASS (yc_scenario_step_parent_class)->finalize (object);
}

static void
yc_scenario_step_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcScenarioStep *self = YC_SCENARIO_STEP (object);
  char **slot = string_slot (self, prop_id);

  if (slot != NULL)
    g_value_set_string (value, *slot);
  else if (prop_id == PROP_ANY_CASE)
    g_value_set_boolean (value, self->any_case);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
yc_scenario_step_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcScenarioStep *self = YC_SCENARIO_STEP (object);
  char **slot = string_slot (self, prop_id);

  if (slot != NULL)
    {
      g_free (*slot);
      *slot = g_value_dup_string (value);
    }
  else if (prop_id == PROP_ANY_CASE)
    self->any_case = g_value_get_boolean (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
yc_scenario_step_class_init (YcScenarioStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_scenario_step_finalize;
  object_class->get_property = yc_scenario_step_get_property;
  object_class->set_property = yc_scenario_step_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_INSTRUCTIONS] = g_param_spec_string ("instructions", NULL, NULL, NULL, flags);
  /* What YcScenarioRunner checks: see yc-scenario-runner.h for the list. */
  properties[PROP_CHECK] = g_param_spec_string ("check", NULL, NULL, NULL, flags);
  properties[PROP_ARGUMENT] = g_param_spec_string ("argument", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_ANY_CASE] = g_param_spec_boolean ("any-case", NULL, NULL, FALSE, flags);
  properties[PROP_ACTION_NAME] = g_param_spec_string ("action-name", NULL, NULL, NULL, flags);
  properties[PROP_ACTION_TARGET] = g_param_spec_string ("action-target", NULL, NULL, NULL, flags);
  properties[PROP_ACTION_LABEL] = g_param_spec_string ("action-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scenario_step_init (YcScenarioStep *self)
{
}

const char *
yc_scenario_step_get_title (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->title != NULL ? self->title : "";
}

const char *
yc_scenario_step_get_instructions (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->instructions != NULL ? self->instructions : "";
}

const char *
yc_scenario_step_get_check (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->check;
}

const char *
yc_scenario_step_get_argument (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->argument;
}

const char *
yc_scenario_step_get_kind (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->kind;
}

gboolean
yc_scenario_step_get_any_case (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), FALSE);
  return self->any_case;
}

const char *
yc_scenario_step_get_action_name (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->action_name;
}

GVariant *
yc_scenario_step_dup_action_target (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);

  if (self->action_target == NULL || *self->action_target == '\0')
    return NULL;
  return g_variant_parse (NULL, self->action_target, NULL, NULL, NULL);
}

const char *
yc_scenario_step_get_action_label (YcScenarioStep *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_STEP (self), NULL);
  return self->action_label;
}
