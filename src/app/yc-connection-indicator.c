/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-connection-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-connection-indicator.h"

/* The header bar's word on the link to the server: online, offline with the number of changes
 * waiting, or syncing. The sync engine sets the three properties; this widget only shows them. */

struct _YcConnectionIndicator
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkImage          *icon;
  GtkLabel          *label;

  YcConnectionState  state;
  guint              pending;
  guint              attention;
};

G_DEFINE_FINAL_TYPE (YcConnectionIndicator, yc_connection_indicator, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (YcConnectionState, yc_connection_state,
  G_DEFINE_ENUM_VALUE (YC_CONNECTION_UNCONFIGURED, "unconfigured"),
  G_DEFINE_ENUM_VALUE (YC_CONNECTION_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (YC_CONNECTION_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (YC_CONNECTION_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (YC_CONNECTION_ONLINE, "online"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_ATTENTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_connection_indicator_update (YcConnectionIndicator *self)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon_name = "network-offline-symbolic";
  const char *css = "offline";

  switch (self->state)
    {
    case YC_CONNECTION_UNCONFIGURED:
      text = g_strdup (_("No server"));
      tooltip = g_strdup (_("No server is set up. Open Preferences to set the server address."));
      break;

    case YC_CONNECTION_SIGNED_OUT:
      text = g_strdup (_("Not signed in"));
      tooltip = g_strdup (_("Nobody is signed in on this workstation."));
      icon_name = "system-users-symbolic";
      css = "signed-out";
      break;

    case YC_CONNECTION_OFFLINE:
      if (self->pending > 0)
        /* Translators: the server cannot be reached; %u changes wait on this workstation. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u waiting",
                                             "Offline · %u waiting", self->pending), self->pending);
      else
        text = g_strdup (_("Offline"));
      tooltip = g_strdup (_("The server cannot be reached. Work goes on here and is sent when the server is back."));
      break;

    case YC_CONNECTION_SYNCING:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sending %u change…",
                                           "Sending %u changes…", self->pending), self->pending);
      tooltip = g_strdup (_("Sending the changes made while offline."));
      icon_name = "emblem-synchronizing-symbolic";
      css = "syncing";
      break;

    case YC_CONNECTION_ONLINE:
    default:
      text = g_strdup (_("Online"));
      tooltip = g_strdup (_("Connected to the server. Every change has been sent."));
      icon_name = "network-transmit-receive-symbolic";
      css = "online";
      break;
    }

  if (self->attention > 0)
    {
      g_autofree char *extra =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change needs attention",
                                      "%u changes need attention", self->attention),
                         self->attention);
      g_autofree char *joined = g_strconcat (tooltip, "\n", extra, NULL);

      g_free (tooltip);
      tooltip = g_steal_pointer (&joined);
      css = "attention";
      icon_name = "dialog-warning-symbolic";
    }

  gtk_label_set_text (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_widget_set_css_classes (GTK_WIDGET (self),
                              (const char *[]) { "yc-connection-indicator", css, NULL });
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
yc_connection_indicator_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  YcConnectionIndicator *self = YC_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;

    case PROP_ATTENTION:
      g_value_set_uint (value, self->attention);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_connection_indicator_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  YcConnectionIndicator *self = YC_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      yc_connection_indicator_set_state (self, g_value_get_enum (value));
      break;

    case PROP_PENDING:
      yc_connection_indicator_set_pending (self, g_value_get_uint (value));
      break;

    case PROP_ATTENTION:
      yc_connection_indicator_set_attention (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_connection_indicator_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_CONNECTION_INDICATOR);

  G_OBJECT_CLASS (yc_connection_indicator_parent_class)->dispose (object);
}

static void
yc_connection_indicator_class_init (YcConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_connection_indicator_dispose;
  object_class->get_property = yc_connection_indicator_get_property;
  object_class->set_property = yc_connection_indicator_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       YC_TYPE_CONNECTION_STATE, YC_CONNECTION_UNCONFIGURED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTENTION] =
    g_param_spec_uint ("attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, YcConnectionIndicator, box);
  gtk_widget_class_bind_template_child (widget_class, YcConnectionIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, YcConnectionIndicator, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
yc_connection_indicator_init (YcConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->state = YC_CONNECTION_UNCONFIGURED;
  yc_connection_indicator_update (self);
}

GtkWidget *
yc_connection_indicator_new (void)
{
  return g_object_new (YC_TYPE_CONNECTION_INDICATOR, NULL);
}

YcConnectionState
yc_connection_indicator_get_state (YcConnectionIndicator *self)
{
  g_return_val_if_fail (YC_IS_CONNECTION_INDICATOR (self), YC_CONNECTION_UNCONFIGURED);
  return self->state;
}

void
yc_connection_indicator_set_state (YcConnectionIndicator *self,
                                   YcConnectionState      state)
{
  g_return_if_fail (YC_IS_CONNECTION_INDICATOR (self));

  if (self->state == state)
    return;
  self->state = state;
  yc_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
yc_connection_indicator_get_pending (YcConnectionIndicator *self)
{
  g_return_val_if_fail (YC_IS_CONNECTION_INDICATOR (self), 0);
  return self->pending;
}

void
yc_connection_indicator_set_pending (YcConnectionIndicator *self,
                                     guint                  pending)
{
  g_return_if_fail (YC_IS_CONNECTION_INDICATOR (self));

  if (self->pending == pending)
    return;
  self->pending = pending;
  yc_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

guint
yc_connection_indicator_get_attention (YcConnectionIndicator *self)
{
  g_return_val_if_fail (YC_IS_CONNECTION_INDICATOR (self), 0);
  return self->attention;
}

void
yc_connection_indicator_set_attention (YcConnectionIndicator *self,
                                       guint                  attention)
{
  g_return_if_fail (YC_IS_CONNECTION_INDICATOR (self));

  if (self->attention == attention)
    return;
  self->attention = attention;
  yc_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTENTION]);
}

const char *
yc_connection_indicator_get_text (YcConnectionIndicator *self)
{
  g_return_val_if_fail (YC_IS_CONNECTION_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
