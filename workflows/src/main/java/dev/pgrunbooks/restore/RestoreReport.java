package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.StepRecord;
import java.time.Instant;
import java.util.List;

/**
 * The evidence a restore leaves behind, stored as JSON and Markdown under {@code <target>/reports/}.
 * The worker adds the target's RTO objective when it writes it.
 *
 * @param pgRestore the pg_restore that restored it (the destination server's major version), or null when
 *     the restore did not run
 * @param abortedCopy when an abort or cancel after the swap swapped the original back: where the restored
 *     copy, which had been live and may hold the application's writes, is kept; null otherwise
 */
public record RestoreReport(
    String workflowId,
    String target,
    RestoreMode mode,
    String database,
    String backupKey,
    Instant backupTakenAt,
    RestoreResult outcome,
    String reason,
    String approvedBy,
    Instant startedAt,
    Instant finishedAt,
    long downtimeMillis,
    long rtoMillis,
    LiveCounts before,
    IntegrityReport integrity,
    HealthReport health,
    List<StepRecord> steps,
    ClientTool pgRestore,
    String abortedCopy) {

  public RestoreReport(String workflowId, String target, RestoreMode mode, String database, String backupKey,
      Instant backupTakenAt, RestoreResult outcome, String reason, String approvedBy, Instant startedAt,
      Instant finishedAt, long downtimeMillis, long rtoMillis, LiveCounts before, IntegrityReport integrity,
      HealthReport health, List<StepRecord> steps, ClientTool pgRestore) {
    this(workflowId, target, mode, database, backupKey, backupTakenAt, outcome, reason, approvedBy, startedAt,
        finishedAt, downtimeMillis, rtoMillis, before, integrity, health, steps, pgRestore, null);
  }
}
