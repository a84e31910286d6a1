package dev.pgrunbooks.worker.schedules;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.pgrunbooks.runbook.Labelled;

/** What {@code apply}, {@code delete} or {@code trigger} did with one schedule. */
public record ScheduleChange(String id, Action action, String detail) {

  /** Spelled as {@code runbook schedule} prints it. */
  public enum Action implements Labelled {
    CREATED("created"),
    UPDATED("updated"),
    UNCHANGED("unchanged"),
    DELETED("deleted"),
    ABSENT("absent"),
    TRIGGERED("triggered"),
    /** On the server but not in the configuration any more: left alone, reported. */
    NOT_IN_CONFIGURATION("not-in-configuration");

    private final String label;

    Action(String label) {
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

    /** Nothing was changed on the server. */
    public boolean changesNothing() {
      return this == UNCHANGED || this == ABSENT || this == NOT_IN_CONFIGURATION;
    }
  }

  public String line() {
    return id + ": " + action + (detail == null || detail.isEmpty() ? "" : " — " + detail);
  }
}
