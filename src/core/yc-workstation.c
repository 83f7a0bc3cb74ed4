/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-workstation"

#include "config.h"

#include "yc-workstation.h"

struct _YcWorkstation
{
  GObject    parent_instance;

  YcStore   *store;
  YcOutbox  *outbox;
  YcHttp    *http;
  YcSession *session;
  YcSync    *sync;
};

G_DEFINE_FINAL_TYPE (YcWorkstation, yc_workstation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disconnect (YcWorkstation *self)
{
  if (self->sync != NULL)
    yc_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->session);
  g_clear_object (&self->http);
}

static void
yc_workstation_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcWorkstation *self = YC_WORKSTATION (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_workstation_dispose (GObject *object)
{
  YcWorkstation *self = YC_WORKSTATION (object);

  disconnect (self);
  g_clear_object (&self->outbox);
  if (self->store != NULL)
    yc_store_close (self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_workstation_parent_class)->dispose (object);
}

static void
yc_workstation_class_init (YcWorkstationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_workstation_dispose;
  object_class->get_property = yc_workstation_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, YC_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_workstation_init (YcWorkstation *self)
{
}

char *
yc_workstation_profile_dir (const char *profile)
{
  g_return_val_if_fail (profile != NULL, NULL);
  return g_build_filename (g_get_user_data_dir (), "yichuang", profile, NULL);
}

YcWorkstation *
yc_workstation_open (const char  *directory,
                     GError     **error)
{
  g_autoptr(YcWorkstation) self = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (YC_TYPE_WORKSTATION, NULL);
  self->store = yc_store_open (directory, error);
  if (self->store == NULL)
    return NULL;
  self->outbox = yc_outbox_new (self->store);
  return g_steal_pointer (&self);
}

gboolean
yc_workstation_connect (YcWorkstation  *self,
                        const char     *server_url,
                        const char     *ca_file,
                        const char     *workstation_name,
                        GError        **error)
{
  g_autoptr(YcHttp) http = NULL;

  g_return_val_if_fail (YC_IS_WORKSTATION (self), FALSE);

  disconnect (self);

  if (server_url != NULL && *server_url != '\0')
    {
      http = yc_http_new (server_url, ca_file != NULL && *ca_file != '\0' ? ca_file : NULL, error);
      if (http == NULL)
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
          return FALSE;
        }
      self->http = g_steal_pointer (&http);
      self->session = yc_session_new (self->store, self->http, workstation_name);
      self->sync = yc_sync_new (self->session, self->outbox);
      yc_sync_start (self->sync);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  return TRUE;
}

YcStore *
yc_workstation_get_store (YcWorkstation *self)
{
  g_return_val_if_fail (YC_IS_WORKSTATION (self), NULL);
  return self->store;
}

YcOutbox *
yc_workstation_get_outbox (YcWorkstation *self)
{
  g_return_val_if_fail (YC_IS_WORKSTATION (self), NULL);
  return self->outbox;
}

YcHttp *
yc_workstation_get_http (YcWorkstation *self)
{
  g_return_val_if_fail (YC_IS_WORKSTATION (self), NULL);
  return self->http;
}

YcSession *
yc_workstation_get_session (YcWorkstation *self)
{
  g_return_val_if_fail (YC_IS_WORKSTATION (self), NULL);
  return self->session;
}

YcSync *
yc_workstation_get_sync (YcWorkstation *self)
{
  g_return_val_if_fail (YC_IS_WORKSTATION (self), NULL);
  return self->sync;
}
