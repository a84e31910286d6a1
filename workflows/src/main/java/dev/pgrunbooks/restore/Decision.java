package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.Labelled;

/** An operator's answer to a step that failed after its retries ({@code runbook decide}). */
public record Decision(Choice choice, String by) {

  public enum Choice implements Labelled {
    RETRY,
    /** Only for checks that change nothing (the health probe). */
    SKIP,
    ABORT;

    @Override
    public String toString() {
      return label();
    }
  }
}
