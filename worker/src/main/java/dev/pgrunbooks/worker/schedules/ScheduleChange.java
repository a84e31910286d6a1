package dev.pgrunbooks.worker.schedules;

import dev.pgrunbooks.runbook.Labelled;

/** What {@code apply}, {@code delete} or {@code trigger} did with one schedule. */
public record ScheduleChange(String id, Action action, String detail) {

  /** Spelled as {@code runbook schedule} prints it. */
  public enum Action implements Labelled {
    CREATED,
    UPDATED,
    UNCHANGED,
    DELETED,
    ABSENT,
    TRIGGERED,
    /** On the server but not in the configuration any more: left alone, reported. */
    NOT_IN_CONFIGURATION;

    @Override
    public String toString() {
      return label();
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
