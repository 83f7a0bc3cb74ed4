/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scenario"

#include "config.h"

#include "yc-scenario.h"

#define SCENARIO_DIR "/org/yichuang/Desk/training/"

struct _YcScenario
{
  GObject    parent_instance;

  char      *id;
  char      *title;
  char      *summary;
  GPtrArray *steps;   /* YcScenarioStep */
};

static void yc_scenario_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcScenario, yc_scenario, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      yc_scenario_buildable_init))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- GtkBuildable: the steps are its children ---- */

static void
yc_scenario_add_child (GtkBuildable *buildable,
                       GtkBuilder   *builder,
                       GObject      *child,
                       const char   *type)
{
  YcScenario *self = YC_SCENARIO (buildable);

  if (!YC_IS_SCENARIO_STEP (child))
    {
      g_warning ("a scenario holds steps, not %s", G_OBJECT_TYPE_NAME (child));
      return;
    }
  g_ptr_array_add (self->steps, g_object_ref (child));
}

static void
yc_scenario_buildable_init (GtkBuildableIface *iface)
{
  iface->add_child = yc_scenario_add_child;
}

/* ---- class ---- */

static void
yc_scenario_finalize (GObject *object)
{
  YcScenario *self = YC_SCENARIO (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_scenario_parent_class)->finalize (object);
}

static void
yc_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  YcScenario *self = YC_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scenario_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  YcScenario *self = YC_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_SUMMARY:
      g_free (self->summary);
      self->summary = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_scenario_class_init (YcScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_scenario_finalize;
  object_class->get_property = yc_scenario_get_property;
  object_class->set_property = yc_scenario_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_scenario_init (YcScenario *self)
{
  self->steps = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- public API ---- */

YcScenario *
yc_scenario_new_from_resource (const char  *path,
                               GError     **error)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autofree char *base = NULL;
  GObject *object;
  YcScenario *self;

  g_return_val_if_fail (path != NULL, NULL);

  /* The types must exist before the builder looks them up by name. */
  g_type_ensure (YC_TYPE_SCENARIO);
  g_type_ensure (YC_TYPE_SCENARIO_STEP);
  gtk_builder_set_translation_domain (builder, GETTEXT_PACKAGE);
  if (!gtk_builder_add_from_resource (builder, path, error))
    return NULL;

  object = gtk_builder_get_object (builder, "scenario");
  if (!YC_IS_SCENARIO (object))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s has no YcScenario with the id “scenario”", path);
      return NULL;
    }
  self = g_object_ref (YC_SCENARIO (object));
  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".ui"))
    base[strlen (base) - 3] = '\0';
  self->id = g_steal_pointer (&base);
  return self;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
yc_scenario_load_all (void)
{
  GPtrArray *scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) names = g_resources_enumerate_children (SCENARIO_DIR, 0, NULL);

  if (names == NULL)
    return scenarios;

  /* The file names start with their place in the list (01-…). */
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      YcScenario *scenario;

      if (!g_str_has_suffix (names[i], ".ui"))
        continue;
      path = g_strconcat (SCENARIO_DIR, names[i], NULL);
      scenario = yc_scenario_new_from_resource (path, &error);
      if (scenario == NULL)
        {
          g_warning ("training scenario %s does not load: %s", names[i], error->message);
          continue;
        }
      g_ptr_array_add (scenarios, scenario);
    }
  return scenarios;
}

const char *
yc_scenario_get_id (YcScenario *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO (self), NULL);
  return self->id != NULL ? self->id : "";
}

const char *
yc_scenario_get_title (YcScenario *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO (self), NULL);
  return self->title != NULL ? self->title : "";
}

const char *
yc_scenario_get_summary (YcScenario *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO (self), NULL);
  return self->summary != NULL ? self->summary : "";
}

guint
yc_scenario_get_n_steps (YcScenario *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO (self), 0);
  return self->steps->len;
}

YcScenarioStep *
yc_scenario_get_step (YcScenario *self,
                      guint       index)
{
  g_return_val_if_fail (YC_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}
