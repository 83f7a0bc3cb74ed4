/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-scenario-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-scenario-panel.h"

struct _YcScenarioPanel
{
  GtkWidget         parent_instance;

  YcScenarioRunner *runner;
  GtkWidget        *step_button;  /* the current step's button, or NULL */

  /* Template widgets */
  GtkStack         *stack;
  GtkListBox       *scenario_list;
  GtkLabel         *title_label;
  GtkLabel         *progress_label;
  GtkLabel         *case_label;
  GtkListBox       *steps_list;
  GtkWidget        *done_box;
  GtkWidget        *restart_button;
  GtkWidget        *leave_button;
};

G_DEFINE_FINAL_TYPE (YcScenarioPanel, yc_scenario_panel, GTK_TYPE_WIDGET)

/* ---- the list of scenarios ---- */

static GtkWidget *
create_scenario_row (gpointer item,
                     gpointer user_data)
{
  YcScenario *scenario = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), yc_scenario_get_title (scenario));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), yc_scenario_get_summary (scenario));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "scenario-id", g_strdup (yc_scenario_get_id (scenario)),
                          g_free);
  return row;
}

static void
on_scenario_list_row_activated_cb (YcScenarioPanel *self,
                                   GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "scenario-id");

  gtk_widget_activate_action (GTK_WIDGET (self), "scenarios.start", "s", id);
}

/* ---- the steps of the one running ---- */

static GtkWidget *
create_step_row (YcScenarioPanel *self,
                 YcScenarioStep  *step,
                 guint            index,
                 guint            current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *number, *title;
  g_autofree char *digits = g_strdup_printf ("%u", index + 1);
  g_autofree char *accessible = NULL;
  const char *state_class = index < current ? "done" : index == current ? "current" : "future";
  const char *state_words = index < current ? _("done")
                            : index == current ? _("to do now") : _("later");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "yc-scenario-step");
  gtk_widget_add_css_class (row, state_class);
  g_object_set (box, "margin-top", 10, "margin-bottom", 10, "margin-start", 10, "margin-end", 10,
                NULL);

  number = gtk_label_new (index < current ? "✓" : digits);
  gtk_widget_set_valign (number, GTK_ALIGN_START);
  gtk_widget_add_css_class (number, "yc-scenario-step-number");
  gtk_box_append (GTK_BOX (box), number);

  title = gtk_label_new (yc_scenario_step_get_title (step));
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "yc-scenario-step-title");
  if (index == current)
    gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);

  if (index == current)
    {
      const char *action = yc_scenario_step_get_action_name (step);
      GtkWidget *instructions = gtk_label_new (yc_scenario_step_get_instructions (step));

      gtk_label_set_wrap (GTK_LABEL (instructions), TRUE);
      gtk_label_set_xalign (GTK_LABEL (instructions), 0);
      gtk_label_set_selectable (GTK_LABEL (instructions), FALSE);
      gtk_box_append (GTK_BOX (text), instructions);

      if (action != NULL && *action != '\0')
        {
          g_autoptr(GVariant) target = yc_scenario_step_dup_action_target (step);
          GtkWidget *button = gtk_button_new_with_label (yc_scenario_step_get_action_label (step));

          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
          if (target != NULL)
            gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
          gtk_widget_set_halign (button, GTK_ALIGN_START);
          gtk_widget_add_css_class (button, "suggested-action");
          gtk_box_append (GTK_BOX (text), button);
          self->step_button = button;
        }
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* TRANSLATORS: read out for each step of a training scenario: its number, whether it is
   * done, the one to do now or later, and its title */
  accessible = g_strdup_printf (_("Step %u, %s: %s"), index + 1, state_words,
                                yc_scenario_step_get_title (step));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
show_steps (YcScenarioPanel *self)
{
  YcScenario *scenario = self->runner != NULL ? yc_scenario_runner_get_scenario (self->runner)
                                              : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->steps_list));
  GtkWidget *child;
  const char *number;
  guint n, current;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);
  self->step_button = NULL;

  if (scenario == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  n = yc_scenario_get_n_steps (scenario);
  current = yc_scenario_runner_get_step (self->runner);
  gtk_label_set_text (self->title_label, yc_scenario_get_title (scenario));
  if (current < n)
    {
      g_autofree char *progress = g_strdup_printf (_("Step %u of %u"), current + 1, n);

      gtk_label_set_text (self->progress_label, progress);
    }
  else
    gtk_label_set_text (self->progress_label, _("All steps done"));

  number = yc_scenario_runner_get_case_number (self->runner);
  gtk_widget_set_visible (GTK_WIDGET (self->case_label), number != NULL && *number != '\0');
  if (number != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Case of this scenario: %s"), number);

      gtk_label_set_text (self->case_label, text);
    }

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->steps_list,
                         create_step_row (self, yc_scenario_get_step (scenario, i), i, current));
  gtk_widget_set_visible (self->done_box, current >= n);
  gtk_stack_set_visible_child_name (self->stack, "run");

  /* The trainer who pressed the step's button goes on with the next one if it has a button
   * too, else back to the work; the one working in the application is never pulled away. */
  if (had_focus && (self->step_button == NULL || !gtk_widget_grab_focus (self->step_button)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-work", NULL);
}

/* ---- actions ---- */

/* A scenario (re)started: to its step's button, else to the work, where the step is done. */
static void
focus_current_step (YcScenarioPanel *self)
{
  if (self->step_button != NULL && gtk_widget_grab_focus (self->step_button))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-work", NULL);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YcScenarioPanel *self = YC_SCENARIO_PANEL (widget);
  YcScenario *scenario;

  if (self->runner == NULL)
    return;
  scenario = yc_scenario_runner_find_scenario (self->runner, g_variant_get_string (parameter, NULL));
  if (scenario != NULL)
    yc_scenario_runner_start (self->runner, scenario);
  focus_current_step (self);
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcScenarioPanel *self = YC_SCENARIO_PANEL (widget);

  if (self->runner != NULL && yc_scenario_runner_get_scenario (self->runner) != NULL)
    yc_scenario_runner_start (self->runner, yc_scenario_runner_get_scenario (self->runner));
  focus_current_step (self);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YcScenarioPanel *self = YC_SCENARIO_PANEL (widget);

  if (self->runner != NULL)
    yc_scenario_runner_start (self->runner, NULL);
  yc_scenario_panel_focus (self);
}

/* ---- class ---- */

static void
yc_scenario_panel_dispose (GObject *object)
{
  YcScenarioPanel *self = YC_SCENARIO_PANEL (object);

  yc_scenario_panel_set_runner (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SCENARIO_PANEL);

  G_OBJECT_CLASS (yc_scenario_panel_parent_class)->dispose (object);
}

static void
yc_scenario_panel_class_init (YcScenarioPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_scenario_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-scenario-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, case_label);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, steps_list);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, done_box);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, restart_button);
  gtk_widget_class_bind_template_child (widget_class, YcScenarioPanel, leave_button);
  gtk_widget_class_bind_template_callback (widget_class, on_scenario_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "scenarios.start", "s", start_action);
  gtk_widget_class_install_action (widget_class, "scenarios.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "scenarios.leave", NULL, leave_action);

  gtk_widget_class_set_css_name (widget_class, "yc-scenario-panel");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
yc_scenario_panel_init (YcScenarioPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Training Scenarios"), -1);
}

/* ---- public API ---- */

GtkWidget *
yc_scenario_panel_new (void)
{
  return g_object_new (YC_TYPE_SCENARIO_PANEL, NULL);
}

void
yc_scenario_panel_set_runner (YcScenarioPanel  *self,
                              YcScenarioRunner *runner)
{
  g_return_if_fail (YC_IS_SCENARIO_PANEL (self));

  if (self->runner == runner)
    return;
  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      gtk_list_box_bind_model (self->scenario_list, NULL, NULL, NULL, NULL);
    }
  g_set_object (&self->runner, runner);
  if (runner != NULL)
    {
      gtk_list_box_bind_model (self->scenario_list, yc_scenario_runner_get_scenarios (runner),
                               create_scenario_row, self, NULL);
      g_signal_connect_object (runner, "notify::scenario", G_CALLBACK (show_steps), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::step", G_CALLBACK (show_steps), self,
                               G_CONNECT_SWAPPED);
    }
  show_steps (self);
}

YcScenarioRunner *
yc_scenario_panel_get_runner (YcScenarioPanel *self)
{
  g_return_val_if_fail (YC_IS_SCENARIO_PANEL (self), NULL);
  return self->runner;
}

void
yc_scenario_panel_focus (YcScenarioPanel *self)
{
  GtkListBoxRow *first;

  g_return_if_fail (YC_IS_SCENARIO_PANEL (self));

  if (self->runner == NULL || yc_scenario_runner_get_scenario (self->runner) == NULL)
    {
      first = gtk_list_box_get_row_at_index (self->scenario_list, 0);
      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
      return;
    }
  if (self->step_button != NULL && gtk_widget_grab_focus (self->step_button))
    return;
  /* Done: on to another; under way: the step is done in the application, so only starting
   * again is left here. */
  gtk_widget_grab_focus (yc_scenario_runner_get_complete (self->runner) ? self->leave_button
                                                                        : self->restart_button);
}
