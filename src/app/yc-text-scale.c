/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-text-scale"

#include "config.h"

#include <math.h>

#include "yc-text-scale.h"

#define DEFAULT_DPI (96 * 1024)

struct _YcTextScale
{
  GObject    parent_instance;

  GSettings *settings;
  char      *profile;
  double     scale;
  int        base_dpi;   /* what the desktop gave, before any scaling; 0 until applied */
};

G_DEFINE_FINAL_TYPE (YcTextScale, yc_text_scale, G_TYPE_OBJECT)

static const double steps[] = { 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5 };

static guint
nearest_step (double scale)
{
  guint best = 2;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (fabs (steps[i] - scale) < fabs (steps[best] - scale))
      best = i;
  return best;
}

static void
remember (YcTextScale *self)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "text-scales");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  double value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&sd}", &key, &value))
    if (g_strcmp0 (key, self->profile) != 0)
      g_variant_builder_add (&builder, "{sd}", key, value);
  if (self->scale != 1.0)
    g_variant_builder_add (&builder, "{sd}", self->profile, self->scale);
  g_settings_set_value (self->settings, "text-scales", g_variant_builder_end (&builder));
}

static void
yc_text_scale_finalize (GObject *object)
{
  YcTextScale *self = YC_TEXT_SCALE (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile, g_free);

  G_OBJECT_CLASS (yc_text_scale_parent_class)->finalize (object);
}

static void
yc_text_scale_class_init (YcTextScaleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_text_scale_finalize;
}

static void
yc_text_scale_init (YcTextScale *self)
{
  self->scale = 1.0;
}

YcTextScale *
yc_text_scale_new (GSettings  *settings,
                   const char *profile)
{
  YcTextScale *self;
  g_autoptr(GVariant) scales = NULL;
  double scale;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (YC_TYPE_TEXT_SCALE, NULL);
  self->settings = g_object_ref (settings);
  self->profile = g_strdup (profile);
  scales = g_settings_get_value (settings, "text-scales");
  if (g_variant_lookup (scales, profile, "d", &scale))
    self->scale = steps[nearest_step (scale)];
  return self;
}

void
yc_text_scale_apply (YcTextScale *self)
{
  GtkSettings *gtk_settings;

  g_return_if_fail (YC_IS_TEXT_SCALE (self));

  gtk_settings = gtk_settings_get_default ();
  if (gtk_settings == NULL)
    return;
  if (self->base_dpi == 0)
    {
      g_object_get (gtk_settings, "gtk-xft-dpi", &self->base_dpi, NULL);
      if (self->base_dpi <= 0)
        self->base_dpi = DEFAULT_DPI;
    }
  g_object_set (gtk_settings, "gtk-xft-dpi", (int) lround (self->base_dpi * self->scale), NULL);
}

void
yc_text_scale_step (YcTextScale *self,
                    int          direction)
{
  guint i;

  g_return_if_fail (YC_IS_TEXT_SCALE (self));

  i = nearest_step (self->scale);
  if (direction > 0 && i + 1 < G_N_ELEMENTS (steps))
    i++;
  else if (direction < 0 && i > 0)
    i--;
  else if (direction == 0)
    i = nearest_step (1.0);

  if (steps[i] == self->scale)
    return;
  self->scale = steps[i];
  g_debug ("text scale %.2f for profile %s", self->scale, self->profile);
  yc_text_scale_apply (self);
  remember (self);
}

double
yc_text_scale_get_scale (YcTextScale *self)
{
  g_return_val_if_fail (YC_IS_TEXT_SCALE (self), 1.0);
  return self->scale;
}
