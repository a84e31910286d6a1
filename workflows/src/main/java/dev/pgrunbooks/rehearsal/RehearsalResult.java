package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.Labelled;

/** How a rehearsal ended, as its evidence report says. */
public enum RehearsalResult implements Labelled {
  PASSED,
  FAILED,
  CANCELLED;

  @Override
  public String toString() {
    return label();
  }
}
