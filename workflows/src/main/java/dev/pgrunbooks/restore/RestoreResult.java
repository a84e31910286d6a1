package dev.pgrunbooks.restore;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pgrunbooks.runbook.Labelled;

/** How a disaster recovery ended, as its evidence report says. */
public enum RestoreResult implements Labelled {
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  /** Stopped on purpose: an operator's abort, or no approval in time. */
  ABORTED("aborted");

  private final String label;

  RestoreResult(String label) {
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
