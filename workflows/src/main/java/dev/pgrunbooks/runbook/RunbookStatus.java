package dev.pgrunbooks.runbook;

import com.fasterxml.jackson.annotation.JsonValue;

/** Values of the {@code RunbookStatus} search attribute, and a runbook's status in its progress. */
public enum RunbookStatus implements Labelled {
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed"),
  /** A step failed after its retries and waits for {@code runbook decide}. */
  NEEDS_OPERATOR("NeedsOperator"),
  /** Waiting for {@code runbook approve} before a destructive step. */
  AWAITING_APPROVAL("AwaitingApproval");

  private final String label;

  RunbookStatus(String label) {
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
}
