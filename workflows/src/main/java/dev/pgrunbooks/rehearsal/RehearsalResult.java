package dev.pgrunbooks.rehearsal;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pgrunbooks.runbook.Labelled;

/** How a rehearsal ended, as its evidence report says. */
public enum RehearsalResult implements Labelled {
  PASSED("passed"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String label;

  RehearsalResult(String label) {
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
