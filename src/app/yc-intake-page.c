/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-intake-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-applicant-form.h"
#include "yc-case-finder.h"
#include "yc-case-history.h"
#include "yc-case-text.h"
#include "yc-evaluation-form.h"
#include "yc-inquiry-form.h"
#include "yc-intake-page.h"
#include "yc-item-guide.h"
#include "yc-item-search.h"
#include "yc-letter-issue.h"
#include "yc-letter-printing.h"
#include "yc-materials-checklist.h"
#include "yc-outcome-chooser.h"
#include "yc-pdf-preview.h"

struct _YcIntakePage
{
  GtkWidget        parent_instance;

  YcStore         *store;
  YcLetterWriter  *writer;
  GSettings       *settings;
  gboolean         training;
  GCancellable    *cancellable;   /* of the visit's steps; cancelled when it is abandoned */

  /* The visit */
  gboolean         from_inquiry;  /* registered as an inquiry that became an application */
  YcServiceItem   *item;
  YcCase          *case_;         /* once taken in, or the returning applicant's */
  YcLetter        *letter;        /* issued at the end of the visit */
  GBytes          *pdf;
  gboolean         returning;
  gboolean         busy;

  /* Widgets made in code */
  GtkWidget       *item_search;
  GtkWidget       *item_guide;
  GtkWidget       *applicant_form;
  GtkWidget       *checklist;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stage_stack;
  GtkWidget       *new_visitor_button;
  YcInquiryForm   *inquiry_form;
  YcCaseFinder    *case_finder;
  GtkScrolledWindow *form_scroll;
  GtkLabel        *visit_title;
  GtkLabel        *item_heading;
  GtkBox          *item_box;
  GtkBox          *item_chosen_box;
  GtkLabel        *item_label;
  GtkWidget       *change_item_button;
  GtkBox          *applicant_box;
  GtkBox          *materials_box;
  GtkBox          *guide_box;
  GtkWidget       *outcome_box;
  YcOutcomeChooser *outcome_chooser;
  GtkLabel        *blocker_label;
  GtkButton       *finish_button;
  GtkLabel        *done_title;
  GtkLabel        *done_summary;
  YcEvaluationForm *evaluation_form;
  GtkStack        *preview_stack;
  AdwStatusPage   *preview_status;
  YcPdfPreview    *preview;
};

G_DEFINE_FINAL_TYPE (YcIntakePage, yc_intake_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STAGE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_form (YcIntakePage *self);

/* ------------------------------------------------------------------ helpers */

static void
toast (YcIntakePage *self,
       const char   *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
set_stage (YcIntakePage *self,
           const char   *stage)
{
  gtk_stack_set_visible_child_name (self->stage_stack, stage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
set_busy (YcIntakePage *self,
          gboolean      busy)
{
  self->busy = busy;
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static YcLetterWriteFlags
write_flags (YcIntakePage *self)
{
  return self->training ? YC_LETTER_WRITE_TRAINING : YC_LETTER_WRITE_NONE;
}

/* Why the visit cannot be finished yet, in a sentence; NULL when it can. */
static char *
dup_blocker (YcIntakePage *self)
{
  const char *outcome = yc_outcome_chooser_get_outcome (self->outcome_chooser);
  g_autofree char *reason = yc_outcome_chooser_dup_refusal_reason (self->outcome_chooser);
  g_autofree char *basis = yc_outcome_chooser_dup_refusal_basis (self->outcome_chooser);
  gboolean complete;
  g_autoptr(GPtrArray) problems = NULL;

  if (self->item == NULL)
    return g_strdup (_("Choose the service item first."));
  if (self->returning)
    return NULL;
  if (!yc_applicant_form_get_valid (YC_APPLICANT_FORM (self->applicant_form)))
    {
      g_auto(GStrv) messages = yc_applicant_form_dup_problems (YC_APPLICANT_FORM (self->applicant_form));

      if (messages != NULL && messages[0] != NULL)
        /* Translators: %s is what is wrong with the applicant, as the field says it. */
        return g_strdup_printf (_("Applicant: %s"), messages[0]);
      return g_strdup (_("Fill in the applicant."));
    }
  if (outcome == NULL)
    return g_strdup (_("Choose the outcome."));
  if (g_str_equal (outcome, "refused"))
    {
      if (*reason == '\0' || *basis == '\0')
        return g_strdup (_("A refusal needs its reason and its legal basis."));
      return NULL;
    }
  if (!yc_materials_checklist_get_ready (YC_MATERIALS_CHECKLIST (self->checklist)))
    return g_strdup (_("Note what must be corrected for each defective material."));
  complete = yc_materials_checklist_get_complete (YC_MATERIALS_CHECKLIST (self->checklist));
  if ((g_str_equal (outcome, "accepted") || g_str_equal (outcome, "instant")) && !complete)
    return g_strdup (_("A mandatory material is missing or defective: the case cannot be accepted. Choose “Materials incomplete” to issue the one-time notice."));
  if (g_str_equal (outcome, "instant") && !yc_service_item_get_instant (self->item))
    return g_strdup (_("This item is not handled instantly."));
  if (g_str_equal (outcome, "incomplete"))
    {
      problems = yc_materials_checklist_dup_problem_materials (YC_MATERIALS_CHECKLIST (self->checklist));
      if (problems == NULL || problems->len == 0)
        return g_strdup (_("No material is missing or defective: there is nothing for a one-time notice to list."));
    }
  return NULL;
}

static void
update_form (YcIntakePage *self)
{
  g_autofree char *blocker = NULL;
  gboolean instant_item = self->item != NULL && yc_service_item_get_instant (self->item);

  yc_outcome_chooser_set_instant_allowed (self->outcome_chooser, instant_item);
  blocker = dup_blocker (self);
  gtk_label_set_text (self->blocker_label, blocker != NULL ? blocker : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocker_label), blocker != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.finish", blocker == NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.print",
                                 self->pdf != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.history", self->case_ != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.print-dialog",
                                 self->pdf != NULL && !self->busy);
}

/* Pick the outcome the materials suggest, unless the clerk chose a refusal. */
static void
suggest_outcome (YcIntakePage *self)
{
  if (self->item == NULL ||
      g_strcmp0 (yc_outcome_chooser_get_outcome (self->outcome_chooser), "refused") == 0)
    return;
  if (!yc_materials_checklist_get_complete (YC_MATERIALS_CHECKLIST (self->checklist)))
    yc_outcome_chooser_set_outcome (self->outcome_chooser, "incomplete");
  else if (yc_service_item_get_instant (self->item))
    yc_outcome_chooser_set_outcome (self->outcome_chooser, "instant");
  else
    yc_outcome_chooser_set_outcome (self->outcome_chooser, "accepted");
}

static void
on_form_changed_cb (YcIntakePage *self)
{
  update_form (self);
}

static void
on_checklist_changed_cb (YcIntakePage *self)
{
  suggest_outcome (self);
  update_form (self);
}

/* ------------------------------------------------------------------ the item */

static void
show_item (YcIntakePage  *self,
           YcServiceItem *item)
{
  g_autofree char *text = NULL;

  g_set_object (&self->item, item);
  yc_item_guide_set_item (YC_ITEM_GUIDE (self->item_guide), item);
  gtk_widget_set_visible (GTK_WIDGET (self->item_box), item == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->item_chosen_box), item != NULL);
  if (item != NULL)
    {
      g_autofree char *name = g_markup_escape_text (yc_service_item_get_name (item), -1);
      g_autofree char *limit = yc_service_item_get_instant (item)
                               ? g_strdup (_("handled instantly"))
                               /* Translators: the promised time limit of an item. */
                               : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "promised within %d working day",
                                                               "promised within %d working days",
                                                               yc_service_item_get_promised_days (item)),
                                                  yc_service_item_get_promised_days (item));

      text = g_strdup_printf ("<b>%s</b>\n<small>%s · %s</small>", name,
                              yc_service_item_get_code (item), limit);
      gtk_label_set_markup (self->item_label, text);
      gtk_label_set_mnemonic_widget (self->item_heading, self->change_item_button);
    }
  else
    gtk_label_set_mnemonic_widget (self->item_heading, self->item_search);
}

static void
on_item_chosen_cb (YcIntakePage  *self,
                   YcServiceItem *item)
{
  show_item (self, item);
  yc_materials_checklist_set_item (YC_MATERIALS_CHECKLIST (self->checklist), item);
  suggest_outcome (self);
  update_form (self);
  /* On to the applicant. */
  gtk_widget_grab_focus (self->applicant_form);
}

static void
change_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  if (self->returning || self->busy)
    return;
  show_item (self, NULL);
  yc_item_search_reset (YC_ITEM_SEARCH (self->item_search));
  update_form (self);
  gtk_widget_grab_focus (self->item_search);
}

/* ------------------------------------------------------------------ starting a visit */

static void
clear_visit (YcIntakePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->from_inquiry = FALSE;
  self->returning = FALSE;
  g_clear_object (&self->case_);
  g_clear_object (&self->letter);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  show_item (self, NULL);
  yc_item_search_reset (YC_ITEM_SEARCH (self->item_search));
  yc_applicant_form_reset (YC_APPLICANT_FORM (self->applicant_form));
  yc_applicant_form_set_editable (YC_APPLICANT_FORM (self->applicant_form), TRUE);
  yc_materials_checklist_reset (YC_MATERIALS_CHECKLIST (self->checklist));
  yc_outcome_chooser_reset (self->outcome_chooser);
  yc_evaluation_form_set_case_id (self->evaluation_form, NULL);
  yc_pdf_preview_set_pdf (self->preview, NULL);
  update_form (self);
}

/* The departments arrive with the first sync after sign-in, after the page was made. */
static void
load_department_names (YcIntakePage *self)
{
  g_autoptr(GHashTable) names = yc_store_dup_department_names (self->store);

  yc_item_search_set_department_names (YC_ITEM_SEARCH (self->item_search), names);
  yc_item_guide_set_department_names (YC_ITEM_GUIDE (self->item_guide), names);
}

static void
new_visitor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  if (self->busy)
    return;
  clear_visit (self);
  yc_inquiry_form_reset (self->inquiry_form);
  load_department_names (self);
  set_stage (self, "inquiry");
  gtk_widget_grab_focus (GTK_WIDGET (self->inquiry_form));
}

/* ------------------------------------------------------------------ first inquiry (D2) */

static void
on_inquiry_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcInquiry) inquiry = yc_inquiry_form_register_finish (YC_INQUIRY_FORM (source),
                                                                  result, &error);

  set_busy (self, FALSE);
  if (inquiry == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (g_strcmp0 (yc_inquiry_get_outcome (inquiry), "case") != 0)
    {
      toast (self, g_strcmp0 (yc_inquiry_get_outcome (inquiry), "guided") == 0
                   ? _("The inquiry is registered: the visitor was guided to another window.")
                   : _("The inquiry is registered as answered."));
      clear_visit (self);
      set_stage (self, "idle");
      gtk_widget_grab_focus (self->new_visitor_button);
    }
}

static void
save_inquiry (YcIntakePage *self,
              const char   *outcome,
              const char   *window_id,
              const char   *case_id)
{
  set_busy (self, TRUE);
  yc_inquiry_form_register_async (self->inquiry_form, outcome, window_id, case_id,
                                  self->item != NULL ? yc_service_item_get_name (self->item)
                                                     : NULL,
                                  NULL, on_inquiry_saved_cb, g_object_ref (self));
}

/* The application: the inquiry is registered with its case once it is taken in. */
static void
take_in_from_inquiry (YcIntakePage *self)
{
  g_autofree char *name = yc_inquiry_form_dup_visitor_name (self->inquiry_form);
  g_autofree char *phone = yc_inquiry_form_dup_visitor_phone (self->inquiry_form);

  self->from_inquiry = TRUE;
  gtk_label_set_text (self->visit_title, _("New Application"));
  gtk_button_set_label (self->finish_button, _("_Finish and Issue the Letter"));
  gtk_widget_set_visible (self->outcome_box, TRUE);
  if (*name != '\0' || *phone != '\0')
    {
      g_autoptr(YcParty) party = yc_party_new ();

      party->kind = g_strdup ("person");
      party->id_type = g_strdup ("resident_id");
      party->name = g_strdup (name);
      party->phone = g_strdup (phone);
      yc_applicant_form_set_applicant (YC_APPLICANT_FORM (self->applicant_form), party, NULL);
    }
  set_stage (self, "visit");
  gtk_widget_grab_focus (self->item_search);
}

static void
on_outcome_chosen_cb (YcIntakePage *self,
                      const char   *outcome,
                      const char   *window_id)
{
  if (self->busy || !g_str_equal (gtk_stack_get_visible_child_name (self->stage_stack), "inquiry"))
    return;
  if (g_str_equal (outcome, "case"))
    take_in_from_inquiry (self);
  else
    save_inquiry (self, outcome, window_id, NULL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  if (self->busy)
    return;
  /* The visitor was received (D2) even if no application was taken in: the inquiry is
   * registered as answered, and the page goes back to waiting once it is saved. */
  if (self->from_inquiry && self->case_ == NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stage_stack), "visit"))
    {
      save_inquiry (self, "answered", NULL, NULL);
      return;
    }
  clear_visit (self);
  set_stage (self, "idle");
  gtk_widget_grab_focus (self->new_visitor_button);
}

/* ------------------------------------------------------------------ the letter */

static void
show_preview_message (YcIntakePage *self,
                      const char   *title,
                      const char   *description)
{
  adw_status_page_set_title (self->preview_status, title);
  adw_status_page_set_description (self->preview_status, description);
  gtk_stack_set_visible_child_name (self->preview_stack, "status");
}

static void
show_done (YcIntakePage *self,
           const char   *title,
           const char   *summary)
{
  gtk_label_set_text (self->done_title, title);
  gtk_label_set_text (self->done_summary, summary);
  yc_evaluation_form_set_case_id (self->evaluation_form, yc_case_get_id (self->case_));
  set_stage (self, "done");
  update_form (self);
}

static void
on_pdf_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_letter_load_pdf_finish (result, &error);

  if (pdf == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_preview_message (self, _("The Letter Cannot Be Shown"), error->message);
      set_busy (self, FALSE);
      return;
    }
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->pdf = g_bytes_ref (pdf);
  yc_pdf_preview_set_pdf (self->preview, pdf);
  gtk_stack_set_visible_child_name (self->preview_stack, "preview");
  set_busy (self, FALSE);
  /* Ready to print with Ctrl+P. */
  gtk_widget_grab_focus (GTK_WIDGET (self->preview));
}

static void
on_letter_issued_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcLetter) letter = yc_letter_issue_finish (result, &error);

  if (letter == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The case is saved; the letter can be issued again from here. */
      message = g_strdup_printf (_("The case is saved, but its letter could not be issued: %s"),
                                 error->message);
      show_preview_message (self, _("No Letter"), message);
      toast (self, message);
      set_busy (self, FALSE);
      return;
    }
  g_set_object (&self->letter, letter);
  yc_letter_load_pdf_async (self->store, yc_letter_get_id (letter), self->cancellable,
                            on_pdf_loaded_cb, g_object_ref (self));
}

static void
issue_letter (YcIntakePage *self,
              const char   *kind,
              GPtrArray    *items)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(YcLetter) draft = NULL;

  json_object_set_string_member (object, "case_id", yc_case_get_id (self->case_));
  json_object_set_string_member (object, "kind", kind);
  draft = yc_letter_new_from_json (object, NULL);
  if (items != NULL)
    yc_letter_set_items (draft, items);
  show_preview_message (self, _("Writing the Letter…"), NULL);
  yc_letter_issue_async (self->store, self->writer, draft, write_flags (self), self->cancellable,
                         on_letter_issued_cb, g_object_ref (self));
}

/* The letter items of a one-time notice: every missing and defective material, with its note. */
static GPtrArray *
notice_items (YcIntakePage *self)
{
  g_autoptr(GPtrArray) problems =
    yc_materials_checklist_dup_problem_materials (YC_MATERIALS_CHECKLIST (self->checklist));
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      YcCaseMaterial *material = g_ptr_array_index (problems, i);

      g_ptr_array_add (items, yc_letter_item_new (material->material_id, material->note));
    }
  return items;
}

static void
on_taken_in_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) case_ = yc_store_take_in_finish (YC_STORE (source), result, &error);
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *outcome;
  const char *kind;

  if (case_ == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The case was not saved: %s"), error->message);

      /* Everything typed stays in the form. */
      gtk_label_set_text (self->blocker_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->blocker_label), TRUE);
      toast (self, message);
      set_busy (self, FALSE);
      gtk_label_set_text (self->blocker_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->blocker_label), TRUE);
      return;
    }
  g_set_object (&self->case_, case_);
  if (self->from_inquiry)
    save_inquiry (self, "case", NULL, yc_case_get_id (case_));

  outcome = yc_case_get_outcome (case_);
  if (g_strcmp0 (outcome, "incomplete") == 0)
    {
      kind = "one_time_notice";
      items = notice_items (self);
    }
  else if (g_strcmp0 (outcome, "refused") == 0)
    kind = "refusal";
  else if (g_strcmp0 (outcome, "instant") == 0)
    kind = "completion";
  else
    kind = "acceptance";

  summary = yc_case_text_summary (case_);
  show_done (self, yc_letter_kind_title (kind), summary);
  self->busy = TRUE;
  issue_letter (self, kind, items);
}

static void
take_in (YcIntakePage *self)
{
  g_autoptr(YcParty) applicant = yc_applicant_form_dup_applicant (YC_APPLICANT_FORM (self->applicant_form));
  g_autoptr(YcParty) agent = yc_applicant_form_dup_agent (YC_APPLICANT_FORM (self->applicant_form));
  g_autofree char *override = yc_applicant_form_dup_override_reason (YC_APPLICANT_FORM (self->applicant_form));
  g_autoptr(GPtrArray) materials = yc_materials_checklist_dup_materials (YC_MATERIALS_CHECKLIST (self->checklist));
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(GError) error = NULL;
  const char *outcome = yc_outcome_chooser_get_outcome (self->outcome_chooser);

  json_object_set_string_member (object, "service_item", yc_service_item_get_code (self->item));
  json_object_set_string_member (object, "outcome", outcome);
  if (g_str_equal (outcome, "refused"))
    {
      g_autofree char *reason = yc_outcome_chooser_dup_refusal_reason (self->outcome_chooser);
      g_autofree char *basis = yc_outcome_chooser_dup_refusal_basis (self->outcome_chooser);

      json_object_set_string_member (object, "refusal_reason", reason);
      json_object_set_string_member (object, "refusal_basis", basis);
    }
  if (override != NULL)
    json_object_set_string_member (object, "id_override_reason", override);
  draft = yc_case_new_from_json (object, &error);
  if (draft == NULL)
    {
      toast (self, error->message);
      return;
    }
  yc_case_set_applicant (draft, applicant);
  if (agent != NULL)
    yc_case_set_agent (draft, agent);
  if (materials != NULL)
    yc_case_set_materials (draft, materials);
  set_busy (self, TRUE);
  yc_store_take_in_async (self->store, draft, NULL, on_taken_in_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ returning applicant (D8) */

static void
on_materials_updated_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(YcIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) case_ = yc_store_update_materials_finish (YC_STORE (source), result, &error);
  g_autofree char *summary = NULL;

  if (case_ == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The materials were not saved: %s"),
                                                  error->message);

      toast (self, message);
      set_busy (self, FALSE);
      return;
    }
  g_set_object (&self->case_, case_);
  if (g_strcmp0 (yc_case_get_status (case_), "incomplete") == 0)
    {
      set_busy (self, FALSE);
      toast (self, _("The materials are recorded. A mandatory material is still missing or defective: the case stays incomplete, and the one-time notice already lists it."));
      yc_materials_checklist_set_case (YC_MATERIALS_CHECKLIST (self->checklist), self->item,
                                       yc_case_get_materials (case_), NULL);
      return;
    }
  summary = yc_case_text_summary (case_);
  show_done (self, yc_letter_kind_title ("acceptance"), summary);
  issue_letter (self, "acceptance", NULL);
}

static void
update_materials (YcIntakePage *self)
{
  g_autoptr(GPtrArray) materials = yc_materials_checklist_dup_materials (YC_MATERIALS_CHECKLIST (self->checklist));

  set_busy (self, TRUE);
  yc_store_update_materials_async (self->store, yc_case_get_id (self->case_), materials, NULL,
                                   on_materials_updated_cb, g_object_ref (self));
}

/* The returning applicant's case, chosen in the finder. */
static void
on_case_activated_cb (YcIntakePage *self,
                      YcCase       *case_)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcServiceItem) item = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GStrvBuilder) asked = g_strv_builder_new ();
  g_auto(GStrv) asked_ids = NULL;
  g_autofree char *title = NULL;

  if (g_strcmp0 (yc_case_get_status (case_), "incomplete") != 0)
    {
      g_autofree char *summary = yc_case_text_summary (case_);

      yc_case_finder_set_message (self->case_finder, summary);
      return;
    }
  item = yc_store_get_service_item (self->store, yc_case_get_service_item (case_), &error);
  if (item == NULL)
    {
      yc_case_finder_set_message (self->case_finder, error->message);
      return;
    }
  /* D8: only what the first one-time notice listed may be asked for. */
  letters = yc_store_list_letters (self->store, yc_case_get_id (case_), &error);
  for (guint i = 0; letters != NULL && i < letters->len; i++)
    {
      YcLetter *letter = g_ptr_array_index (letters, i);
      GPtrArray *items;

      if (g_strcmp0 (yc_letter_get_kind (letter), "one_time_notice") != 0 ||
          yc_letter_get_reprint_of (letter) != NULL)
        continue;
      items = yc_letter_get_items (letter);
      for (guint j = 0; j < items->len; j++)
        g_strv_builder_add (asked, ((YcLetterItem *) g_ptr_array_index (items, j))->material_id);
      break;
    }
  asked_ids = g_strv_builder_end (asked);

  clear_visit (self);
  self->returning = TRUE;
  g_set_object (&self->case_, case_);
  show_item (self, item);
  yc_applicant_form_set_applicant (YC_APPLICANT_FORM (self->applicant_form),
                                   yc_case_get_applicant (case_), yc_case_get_agent (case_));
  yc_applicant_form_set_editable (YC_APPLICANT_FORM (self->applicant_form), FALSE);
  yc_materials_checklist_set_case (YC_MATERIALS_CHECKLIST (self->checklist), item,
                                   yc_case_get_materials (case_), asked_ids);
  gtk_widget_set_visible (GTK_WIDGET (self->change_item_button), FALSE);
  gtk_widget_set_visible (self->outcome_box, FALSE);
  /* Translators: %s is the case number. */
  title = g_strdup_printf (_("Returning Applicant · Case %s"), yc_case_get_number (case_));
  gtk_label_set_text (self->visit_title, title);
  gtk_button_set_label (self->finish_button, _("_Record the Materials"));
  update_form (self);
  set_stage (self, "visit");
  gtk_widget_grab_focus (self->checklist);
}

static void
find_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  if (self->busy)
    return;
  clear_visit (self);
  yc_case_finder_reset (self->case_finder);
  set_stage (self, "find");
  gtk_widget_grab_focus (GTK_WIDGET (self->case_finder));
}

/* ------------------------------------------------------------------ finishing, printing */

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  g_autofree char *blocker = NULL;

  if (self->busy || !g_str_equal (gtk_stack_get_visible_child_name (self->stage_stack), "visit"))
    return;
  blocker = dup_blocker (self);
  if (blocker != NULL)
    {
      toast (self, blocker);
      return;
    }
  if (self->returning)
    update_materials (self);
  else
    take_in (self);
}

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcIntakePage *self = YC_INTAKE_PAGE (source);
  gboolean printed = FALSE;
  g_autofree char *message = yc_letter_printing_print_finish (result, &printed);

  set_busy (self, FALSE);
  toast (self, message);
  if (printed && !yc_evaluation_form_get_recorded (self->evaluation_form))
    gtk_widget_grab_focus (GTK_WIDGET (self->evaluation_form));
}

/* The case's steps so far (D17), from the visit that just ended. */
static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  GtkWidget *history;
  GtkRoot *root;

  if (self->case_ == NULL)
    return;
  history = yc_case_history_new (self->store, yc_case_get_id (self->case_));
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (history), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (history));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);

  if (self->pdf == NULL || self->letter == NULL || self->busy)
    return;
  set_busy (self, TRUE);
  yc_letter_printing_print_async (widget, self->store, self->settings, self->pdf,
                                  yc_letter_get_id (self->letter),
                                  yc_letter_get_number (self->letter),
                                  g_str_equal (action_name, "intake.print-dialog"),
                                  on_printed_cb, NULL);
}

/* ------------------------------------------------------------------ evaluation (D11) */

/* Recording the evaluation holds the visit like any other step. */
static void
on_evaluation_busy_cb (YcIntakePage *self)
{
  set_busy (self, yc_evaluation_form_get_busy (self->evaluation_form));
}

/* ------------------------------------------------------------------ GObject */

static void
yc_intake_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_intake_page_parent_class)->map (widget);
  /* Shown (after sign-in, or chosen in the sidebar): the focus goes where the work is. */
  gtk_widget_grab_focus (widget);
}

static gboolean
yc_intake_page_grab_focus (GtkWidget *widget)
{
  YcIntakePage *self = YC_INTAKE_PAGE (widget);
  const char *stage = gtk_stack_get_visible_child_name (self->stage_stack);

  if (g_str_equal (stage, "inquiry"))
    return gtk_widget_grab_focus (GTK_WIDGET (self->inquiry_form));
  if (g_str_equal (stage, "find"))
    return gtk_widget_grab_focus (GTK_WIDGET (self->case_finder));
  if (g_str_equal (stage, "visit"))
    return gtk_widget_grab_focus (self->item != NULL ? self->applicant_form : self->item_search);
  if (g_str_equal (stage, "done"))
    return gtk_widget_grab_focus (GTK_WIDGET (self->preview));
  return gtk_widget_grab_focus (self->new_visitor_button);
}

static void
yc_intake_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcIntakePage *self = YC_INTAKE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_string (value, yc_intake_page_get_stage (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_page_dispose (GObject *object)
{
  YcIntakePage *self = YC_INTAKE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->item_search != NULL)
    g_signal_handlers_disconnect_by_data (self->item_search, self);
  if (self->checklist != NULL)
    g_signal_handlers_disconnect_by_data (self->checklist, self);
  if (self->applicant_form != NULL)
    g_signal_handlers_disconnect_by_data (self->applicant_form, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_INTAKE_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->writer);
  g_clear_object (&self->settings);
  g_clear_object (&self->item);
  g_clear_object (&self->case_);
  g_clear_object (&self->letter);
  g_clear_pointer (&self->pdf, g_bytes_unref);

  G_OBJECT_CLASS (yc_intake_page_parent_class)->dispose (object);
}

static void
yc_intake_page_class_init (YcIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_intake_page_dispose;
  object_class->get_property = yc_intake_page_get_property;
  widget_class->map = yc_intake_page_map;
  widget_class->grab_focus = yc_intake_page_grab_focus;

  properties[PROP_STAGE] = g_param_spec_string ("stage", NULL, NULL, "idle",
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (YC_TYPE_PDF_PREVIEW);
  g_type_ensure (YC_TYPE_INQUIRY_FORM);
  g_type_ensure (YC_TYPE_CASE_FINDER);
  g_type_ensure (YC_TYPE_EVALUATION_FORM);
  g_type_ensure (YC_TYPE_OUTCOME_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-intake-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YcIntakePage, name)
  BIND (toast_overlay);
  BIND (stage_stack);
  BIND (new_visitor_button);
  BIND (inquiry_form);
  BIND (case_finder);
  BIND (form_scroll);
  BIND (visit_title);
  BIND (item_heading);
  BIND (item_box);
  BIND (item_chosen_box);
  BIND (item_label);
  BIND (change_item_button);
  BIND (applicant_box);
  BIND (materials_box);
  BIND (guide_box);
  BIND (outcome_box);
  BIND (outcome_chooser);
  BIND (blocker_label);
  BIND (finish_button);
  BIND (done_title);
  BIND (done_summary);
  BIND (evaluation_form);
  BIND (preview_stack);
  BIND (preview_status);
  BIND (preview);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_evaluation_busy_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "intake.new-visitor", NULL, new_visitor_action);
  gtk_widget_class_install_action (widget_class, "intake.find-case", NULL, find_case_action);
  gtk_widget_class_install_action (widget_class, "intake.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "intake.change-item", NULL, change_item_action);
  gtk_widget_class_install_action (widget_class, "intake.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "intake.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "intake.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "intake.print-dialog", NULL, print_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "intake.new-visitor", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "intake.find-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "intake.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "intake.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "intake.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "intake.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "intake.print-dialog", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "intake.print-dialog", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Ctrl+N and Ctrl+F reach the page from anywhere in the window while it is shown: a visitor
 * at the counter comes first, wherever the focus was left. */
static gboolean
window_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

static void
add_window_shortcuts (YcIntakePage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_n, "intake.new-visitor" },
    { GDK_KEY_f, "intake.find-case" },
  };

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, GDK_CONTROL_MASK),
                        gtk_callback_action_new (window_shortcut_cb, (gpointer) keys[i].action,
                                                 NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
yc_intake_page_init (YcIntakePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_shortcuts (self);
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
yc_intake_page_new (YcStore        *store,
                    YcLetterWriter *writer,
                    GSettings      *settings,
                    gboolean        training)
{
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(YcCentre) centre = NULL;
  YcIntakePage *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_LETTER_WRITER (writer), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YC_TYPE_INTAKE_PAGE, NULL);
  self->store = g_object_ref (store);
  self->writer = g_object_ref (writer);
  self->settings = g_object_ref (settings);
  self->training = training;
  yc_inquiry_form_set_store (self->inquiry_form, store);
  yc_case_finder_set_store (self->case_finder, store);
  yc_evaluation_form_set_store (self->evaluation_form, store);

  names = yc_store_dup_department_names (store);
  centre = yc_store_get_centre (store);

  self->item_search = yc_item_search_new ();
  yc_item_search_set_department_names (YC_ITEM_SEARCH (self->item_search), names);
  yc_item_search_set_store (YC_ITEM_SEARCH (self->item_search), store);
  gtk_box_append (self->item_box, self->item_search);
  g_signal_connect_swapped (self->item_search, "item-chosen", G_CALLBACK (on_item_chosen_cb), self);
  gtk_label_set_mnemonic_widget (self->item_heading, self->item_search);

  self->item_guide = yc_item_guide_new ();
  yc_item_guide_set_department_names (YC_ITEM_GUIDE (self->item_guide), names);
  yc_item_guide_set_print_context (YC_ITEM_GUIDE (self->item_guide), settings,
                                   centre != NULL ? yc_centre_get_name (centre) : NULL, training);
  gtk_widget_set_vexpand (self->item_guide, TRUE);
  gtk_box_append (self->guide_box, self->item_guide);

  self->applicant_form = yc_applicant_form_new ();
  gtk_box_append (self->applicant_box, self->applicant_form);
  g_signal_connect_swapped (self->applicant_form, "notify::valid",
                            G_CALLBACK (on_form_changed_cb), self);

  self->checklist = yc_materials_checklist_new ();
  gtk_box_append (self->materials_box, self->checklist);
  g_signal_connect_swapped (self->checklist, "notify::complete",
                            G_CALLBACK (on_checklist_changed_cb), self);
  g_signal_connect_swapped (self->checklist, "notify::ready", G_CALLBACK (on_form_changed_cb),
                            self);
  update_form (self);
  return GTK_WIDGET (self);
}

const char *
yc_intake_page_get_stage (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stage_stack);
}

YcCase *
yc_intake_page_get_case (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return self->case_;
}

gboolean
yc_intake_page_get_returning (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), FALSE);
  return self->returning;
}

YcLetter *
yc_intake_page_get_letter (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), NULL);
  return self->letter;
}

gboolean
yc_intake_page_get_busy (YcIntakePage *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_PAGE (self), FALSE);
  return self->busy;
}
