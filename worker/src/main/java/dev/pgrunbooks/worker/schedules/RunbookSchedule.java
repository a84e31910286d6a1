package dev.pgrunbooks.worker.schedules;

import dev.pgrunbooks.runbook.RunbookKind;

/**
 * One scheduled runbook from the configuration: a target's nightly backup or monthly rehearsal.
 *
 * @param id the schedule id, also the cron workflow's id on a server without Schedules:
 *     {@code backup-<target>} or {@code rehearsal-<target>}
 * @param kind {@code backup} or {@code rehearsal}
 * @param cron five-field cron expression, UTC
 * @param workflowType the workflow type each run starts
 * @param argument the workflow's input (names only, its time left to the run)
 */
public record RunbookSchedule(
    String id, RunbookKind kind, String target, String cron, String workflowType, String taskQueue, Object argument) {

  /**
   * What the schedule is, in one line: stored with the schedule (its note, or the cron workflow's input
   * and cron), so {@code apply} can tell an unchanged schedule from a changed one.
   */
  public String fingerprint() {
    return "pg-runbooks " + kind + " of " + target + ": cron '" + cron + "' UTC, workflow " + workflowType
        + ", task queue " + taskQueue;
  }
}
