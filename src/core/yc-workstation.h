/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-workstation.h: everything one profile of this workstation runs on — its local store and
 * outbox, and, once a server is set, the HTTP client, the session and the sync engine. The
 * application keeps one; tests and tools make their own. */
#pragma once

#include <gio/gio.h>

#include "yc-http.h"
#include "yc-outbox.h"
#include "yc-session.h"
#include "yc-store.h"
#include "yc-sync.h"

G_BEGIN_DECLS

#define YC_TYPE_WORKSTATION (yc_workstation_get_type ())
G_DECLARE_FINAL_TYPE (YcWorkstation, yc_workstation, YC, WORKSTATION, GObject)

/* The profile directory of @profile: $XDG_DATA_HOME/yichuang/<profile>. */
char          *yc_workstation_profile_dir   (const char     *profile);

/* Open the store in @directory (see yc_store_open()). */
YcWorkstation *yc_workstation_open          (const char     *directory,
                                             GError        **error);
/* Point the workstation at a server: a new HTTP client, session and sync engine replace the
 * old ones (the store and the outbox stay). @server_url NULL or "" disconnects. Notifies
 * "session". */
gboolean       yc_workstation_connect       (YcWorkstation  *self,
                                             const char     *server_url,
                                             const char     *ca_file,
                                             const char     *workstation_name,
                                             GError        **error);
YcStore       *yc_workstation_get_store     (YcWorkstation  *self);
YcOutbox      *yc_workstation_get_outbox    (YcWorkstation  *self);
/* NULL until connected. */
YcHttp        *yc_workstation_get_http      (YcWorkstation  *self);
YcSession     *yc_workstation_get_session   (YcWorkstation  *self);
YcSync        *yc_workstation_get_sync      (YcWorkstation  *self);

G_END_DECLS
