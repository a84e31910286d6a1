package dev.pgrunbooks.worker.schedules;

import dev.pgrunbooks.runbook.Labelled;
import dev.pgrunbooks.runbook.RunbookKind;

import java.time.Instant;

/**
 * A schedule as {@code runbook schedule list} shows it.
 *
 * @param cron what the server has, or null when it is absent (or cannot say)
 * @param state what the server does with it, see {@link State}
 * @param nextRun the next time it fires, when the server says
 * @param fallback kept as a cron workflow (server without Schedules), not as a Schedule
 */
public record ScheduleStatus(
    String id, String target, RunbookKind kind, String cron, State state, Instant nextRun, boolean fallback) {

  /** A schedule's state. Its label is what {@code runbook schedule list} prints and its JSON holds. */
  public enum State implements Labelled {
    /** On the server and firing. */
    SCHEDULED,
    /** On the server, paused. */
    PAUSED,
    /** Configured but not applied to the server. */
    ABSENT,
    /** On the server but not in the configuration any more: left alone, reported. */
    NOT_IN_CONFIGURATION;

    /** The label, so that messages and tables built from the state read as before. */
    @Override
    public String toString() {
      return label();
    }
  }
}
