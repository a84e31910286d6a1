package dev.pgrunbooks.runbook;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a notice to the operators is about. */
public enum NoticeOutcome implements Labelled {
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  ABORTED("aborted"),
  /** The runbook goes on, but something after the commit failed (a prune, the metrics). */
  WARNING("warning"),
  NEEDS_APPROVAL("needs-approval"),
  NEEDS_OPERATOR("needs-operator");

  private final String label;

  NoticeOutcome(String label) {
    this.label = label;
  }

  @JsonValue
  @Override
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** Notices about a step that failed after its retries count in {@code pgrunbooks_step_failures_total}. */
  public boolean reportsStepFailure() {
    return this == FAILED || this == WARNING || this == NEEDS_OPERATOR;
  }
}
