/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-session.h"

G_BEGIN_DECLS

#define YC_TYPE_SIGN_IN_DIALOG (yc_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcSignInDialog, yc_sign_in_dialog, YC, SIGN_IN_DIALOG, AdwWindow)

YcSignInDialog *yc_sign_in_dialog_new            (YcSession      *session,
                                                  GtkWindow      *parent);
/* Fill in the username (e.g. the last person who signed in here). */
void            yc_sign_in_dialog_set_username   (YcSignInDialog *self,
                                                  const char     *username);
/* Text shown above the fields: why sign-in is asked again. NULL hides it. */
void            yc_sign_in_dialog_set_notice     (YcSignInDialog *self,
                                                  const char     *notice);
/* The error shown now, or NULL (for tests). */
const char     *yc_sign_in_dialog_get_error      (YcSignInDialog *self);
/* Fill both fields and sign in, as the keyboard would (for tests). */
void            yc_sign_in_dialog_submit         (YcSignInDialog *self,
                                                  const char     *username,
                                                  const char     *password);

G_END_DECLS
