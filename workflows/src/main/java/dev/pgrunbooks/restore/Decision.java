package dev.pgrunbooks.restore;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pgrunbooks.runbook.Labelled;

/** An operator's answer to a step that failed after its retries ({@code runbook decide}). */
public record Decision(Choice choice, String by) {

  public enum Choice implements Labelled {
    RETRY("retry"),
    /** Only for checks that change nothing (the health probe). */
    SKIP("skip"),
    ABORT("abort");

    private final String label;

    Choice(String label) {
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
}
