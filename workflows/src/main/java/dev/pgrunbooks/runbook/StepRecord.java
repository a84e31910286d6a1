package dev.pgrunbooks.runbook;

import java.time.Instant;

/**
 * One runbook step as it ran: what {@code runbook status} lists and the evidence report records.
 *
 * @param name the step's name: a constant of its runbook's step enum, which is also the activity type
 * @param summary one line saying what the step does to what
 * @param detail outcome or error text, never a secret
 */
public record StepRecord(
    String name, String summary, StepState state, Instant startedAt, Instant finishedAt, String detail) {

  public StepRecord finished(StepState newState, Instant at, String newDetail) {
    return new StepRecord(name, summary, newState, startedAt, at, newDetail);
  }
}
