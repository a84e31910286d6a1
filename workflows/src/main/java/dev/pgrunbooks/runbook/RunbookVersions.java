package dev.pgrunbooks.runbook;

import io.temporal.workflow.Workflow;

/**
 * The changes to workflow code that alter the commands a running workflow emits, each behind
 * {@link Workflow#getVersion}: a workflow that started before the change replays its recorded history
 * along the old path, one that starts after takes the new path. The recorded histories under
 * {@code workflows/src/test/resources/histories} prove both. Remove a version only when no workflow
 * that started before it can still be running (runbooks are short; restores wait at most for their
 * approval timeout and for an operator's decision).
 */
public enum RunbookVersions {
  /**
   * Counting a failed step is its own step, {@code RecordStepFailure}, before {@code Notify}; before, one
   * journal step named Notify ran both activities.
   */
  RECORD_STEP_FAILURE_OWN_STEP("record-step-failure-own-step"),
  /**
   * Every runbook counts the step a failure notice names ({@code RecordStepFailure}) by one rule; before,
   * a disaster recovery that failed or aborted sent its notice without the step and counted nothing.
   */
  FAILURE_NOTICE_NAMES_STEP("failure-notice-names-step"),
  /** Successful backups, restores and rehearsals send a {@code succeeded} notice (posted if {@code notify.onSuccess}). */
  SUCCESS_NOTICE("success-notice"),
  /**
   * A rehearsal's scratch database carries a per-run suffix ({@code rehearsal_<target>_<yyyymmdd>_<run>});
   * before, {@code rehearsal_<target>_<yyyymmdd>}, which a second rehearsal the same day collided on.
   */
  SCRATCH_DATABASE_PER_RUN("scratch-database-per-run"),
  /**
   * A missed RTO fails the rehearsal and alerts, but no longer marks the backup or starts a fresh one (it
   * measures the worker, the queue and the server as much as the backup); before, it convicted the backup.
   */
  RTO_MISS_SPARES_BACKUP("rto-miss-spares-backup"),
  /**
   * A disaster recovery keeps every database that has been live and never shows a half-restored one:
   * SnapshotLiveCounts asks the operator (skip allowed) instead of failing the restore; the swap is
   * recorded as intended before it runs, and cleanup swaps back with {@code SwapBack}, which looks at the
   * actual databases and keeps the restored copy as {@code <db>__aborted_<id>}; an in-place restore runs
   * pg_restore under the private staging name and renames it to the live name only after the integrity
   * check passed.
   */
  KEEP_LIVE_COPIES("dr-keep-live-copies");

  private final String changeId;

  RunbookVersions(String changeId) {
    this.changeId = changeId;
  }

  /** True when this run takes the path the change introduced. */
  public boolean isOn() {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) >= 1;
  }
}
