package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.restore.IntegrityReport;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.StepRecord;
import java.time.Instant;
import java.util.List;

/**
 * The evidence a rehearsal leaves behind, stored as JSON and Markdown at {@link #reportKey()}.
 *
 * @param reason why it failed, or null
 * @param pick the rule the backup was chosen by (random-weekly, latest, key) and from how many
 * @param rtoMillis restore start to checks passed; null when the checks did not pass
 * @param rpoMillis age of the newest verified backup at rehearsal time; null when not measured
 * @param backupMarked the backup's manifest now says it failed rehearsal
 * @param freshBackupWorkflowId the backup started because the rehearsal failed, or null
 * @param scratchDropped what became of the scratch database
 * @param pgRestore the pg_restore that restored the scratch database, or null when the restore did not run
 */
public record RehearsalReport(
    String reportKey,
    String workflowId,
    String target,
    String trigger,
    String pick,
    String backupKey,
    Instant backupTakenAt,
    String scratchDatabase,
    RehearsalResult outcome,
    String reason,
    Instant startedAt,
    Instant finishedAt,
    Long rtoMillis,
    Long rpoMillis,
    RecoveryPoint objectives,
    IntegrityReport integrity,
    SmokeReport smoke,
    String migration,
    boolean backupMarked,
    String freshBackupWorkflowId,
    String scratchDropped,
    List<StepRecord> steps,
    ClientTool pgRestore) {

  /** The RTO objective was configured and met; null when either is unknown. */
  public Boolean rtoMet() {
    return rtoMillis == null || objectives == null || objectives.rtoObjectiveMillis() == null ? null
        : rtoMillis <= objectives.rtoObjectiveMillis();
  }

  public Boolean rpoMet() {
    return rpoMillis == null || objectives == null || objectives.rpoObjectiveMillis() == null ? null
        : rpoMillis <= objectives.rpoObjectiveMillis();
  }
}
