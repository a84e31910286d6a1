package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.Labelled;

/** How a disaster recovery ended, as its evidence report says. */
public enum RestoreResult implements Labelled {
  SUCCEEDED,
  FAILED,
  /** Stopped on purpose: an operator's abort, or no approval in time. */
  ABORTED;

  @Override
  public String toString() {
    return label();
  }
}
