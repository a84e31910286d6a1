package dev.pgrunbooks.runbook;

import io.temporal.activity.ActivityOptions;

/**
 * A step of a runbook, implemented by each runbook's step enum. A step is an activity (its journal name
 * is the activity type name), a human gate (an approval) or a child workflow (a fresh backup).
 */
public interface RunbookStep {

  /** The name in the journal, {@code runbook status}, the {@code RunbookStep} search attribute and reports. */
  String stepName();

  /** The activity this step runs, or null for a human gate or a child workflow. */
  ActivityType activity();

  /**
   * This runbook's options for the step's activity: the activity type's own unless the runbook says
   * otherwise (an explicit override, written in the runbook's step enum).
   */
  default ActivityOptions options() {
    return activity().options();
  }

  /** The step of {@code steps} named {@code name}, or null. */
  static <S extends Enum<S> & RunbookStep> S named(Class<S> steps, String name) {
    for (S s : steps.getEnumConstants()) {
      if (s.stepName().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
