/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-inquiry-form.h: the first-inquiry registration (D2): who came (both optional), what
 * they asked, and how it ended: answered, guided to another window, or an application to
 * take in. The form checks what was typed and tells the page the outcome the clerk chose
 * (outcome-chosen); the page registers the inquiry through the form when the visit allows. */
#pragma once

#include <gtk/gtk.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_INQUIRY_FORM (yc_inquiry_form_get_type ())
G_DECLARE_FINAL_TYPE (YcInquiryForm, yc_inquiry_form, YC, INQUIRY_FORM, GtkWidget)

/* The actions inquiry.answered, inquiry.guided and inquiry.apply (its buttons) emit
 * ::outcome-chosen (outcome "answered", "guided" with the window's id, or "case" for an
 * application) once what the outcome needs is there. */
GtkWidget *yc_inquiry_form_new             (void);
/* The store the windows are listed from and the inquiry is registered in. */
void       yc_inquiry_form_set_store       (YcInquiryForm       *self,
                                            YcStore             *store);
/* Empty for the next visitor, the windows listed afresh (all but the clerk's own). */
void       yc_inquiry_form_reset           (YcInquiryForm       *self);
/* What was typed, trimmed ("" when nothing). */
char      *yc_inquiry_form_dup_visitor_name  (YcInquiryForm     *self);
char      *yc_inquiry_form_dup_visitor_phone (YcInquiryForm     *self);

/* Register the visitor's inquiry with @outcome ("answered", "guided" to @window_id, or
 * "case" with @case_id). Without a question written, @question_fallback (NULL: Consultation)
 * is the question. A failure is shown in the form too. */
void       yc_inquiry_form_register_async  (YcInquiryForm       *self,
                                            const char          *outcome,
                                            const char          *window_id,
                                            const char          *case_id,
                                            const char          *question_fallback,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
YcInquiry *yc_inquiry_form_register_finish (YcInquiryForm       *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
