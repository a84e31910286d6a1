package dev.pgrunbooks.runbook;


/** What a notice to the operators is about. */
public enum NoticeOutcome implements Labelled {
  SUCCEEDED,
  FAILED,
  ABORTED,
  /** The runbook goes on, but something after the commit failed (a prune, the metrics). */
  WARNING,
  NEEDS_APPROVAL,
  NEEDS_OPERATOR;

  @Override
  public String toString() {
    return label();
  }

  /** Notices about a step that failed after its retries count in {@code pgrunbooks_step_failures_total}. */
  public boolean reportsStepFailure() {
    return this == FAILED || this == WARNING || this == NEEDS_OPERATOR;
  }
}
