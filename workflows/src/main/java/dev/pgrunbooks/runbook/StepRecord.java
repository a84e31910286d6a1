package dev.pgrunbooks.runbook;

import java.time.Instant;

/**
 * One runbook step as it ran: what {@code runbook status} lists and the evidence report records.
 *
 * @param name the step's name, as the runbook names it (also the activity type)
 * @param summary one line saying what the step does to what
 * @param state PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED
 * @param detail outcome or error text, never a secret
 */
public record StepRecord(
    String name, String summary, String state, Instant startedAt, Instant finishedAt, String detail) {

  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  public static final String SKIPPED = "SKIPPED";

  public StepRecord finished(String newState, Instant at, String newDetail) {
    return new StepRecord(name, summary, newState, startedAt, at, newDetail);
  }
}
