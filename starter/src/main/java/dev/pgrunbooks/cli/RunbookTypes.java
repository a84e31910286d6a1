package dev.pgrunbooks.cli;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RollbackOutcome;
import dev.pgrunbooks.restore.RollbackStep;
import dev.pgrunbooks.restore.DisasterRecoveryStep;
import dev.pgrunbooks.backup.BackupStep;
import dev.pgrunbooks.rehearsal.RehearsalStep;
import dev.pgrunbooks.runbook.RunbookKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runbooks {@code runbook status} can read results of: one entry in {@link #ALL} each.
 */
final class RunbookTypes {
  static final List<RunbookType<?>> ALL = List.of(
      new RunbookType<>(RunbookKind.BACKUP, BackupStep.class, BackupOutcome.class, BackupOutcome::steps,
          o -> "backup of " + o.target() + " succeeded: " + o.key() + ", " + Bytes.human(o.sizeBytes())
              + ", took " + HumanDuration.of(Duration.ofMillis(o.durationMillis()))
              + (o.pruned() > 0 ? ", pruned " + o.pruned() + " old backup(s)" : "")),
      new RunbookType<>(RunbookKind.RESTORE, DisasterRecoveryStep.class, RestoreOutcome.class, RestoreOutcome::steps, RunbookTypes::restoreLine),
      new RunbookType<>(RunbookKind.REHEARSAL, RehearsalStep.class, RehearsalOutcome.class, RehearsalOutcome::steps,
          RunbookTypes::rehearsalLine),
      new RunbookType<>(RunbookKind.ROLLBACK, RollbackStep.class, RollbackOutcome.class, RollbackOutcome::steps,
          o -> "rollback of " + o.target() + " succeeded: " + o.restoredFrom() + " is " + o.database()
              + " again; the restored copy is kept as " + o.keptAs() + " (drop it when no longer needed)"));

  private RunbookTypes() {}

  /** Every runbook's workflow id starts with its kind: {@code backup-}, {@code restore-}, {@code rehearsal-}. */
  static Optional<RunbookKind> kindOfWorkflowId(String workflowId) {
    return Optional.ofNullable(RunbookKind.ofWorkflowId(workflowId));
  }

  static Optional<RunbookType<?>> forKind(RunbookKind kind) {
    return ALL.stream().filter(t -> t.kind() == kind).findFirst();
  }

  /** What a finished restore did, what it cost, how to undo it and where its evidence is. */
  static String restoreLine(RestoreOutcome o) {
    StringBuilder line = new StringBuilder("restore of " + o.target() + " succeeded: " + o.database()
        + " (" + o.mode() + " mode) from " + o.backupKey());
    if (o.approvedBy() != null) {
      line.append(", approved by ").append(o.approvedBy());
    }
    line.append("; downtime ").append(HumanDuration.of(Duration.ofMillis(o.downtimeMillis())))
        .append(", RTO ").append(HumanDuration.of(Duration.ofMillis(o.rtoMillis())));
    if (o.keptDatabase() != null) {
      line.append("; the old database is kept as ").append(o.keptDatabase())
          .append(" (undo: runbook restore ").append(o.target()).append(" --rollback ")
          .append(RunbookLauncher.restoreWorkflowId(o.target())).append(')');
    }
    line.append("; report: ").append(o.reportKey() == null ? "not written (see the WriteReport step)" : o.reportKey());
    return line.toString();
  }

  /** What a passed rehearsal proved: which backup, RTO and RPO against the objectives, where the evidence is. */
  static String rehearsalLine(RehearsalOutcome o) {
    return "rehearsal of " + o.target() + " passed: " + o.backupKey() + " restored into scratch database "
        + o.scratchDatabase() + "; RTO " + HumanDuration.of(Duration.ofMillis(o.rtoMillis()))
        + against(o.rtoMet(), "rto") + ", RPO "
        + (o.rpoMillis() == null ? "unknown" : HumanDuration.of(Duration.ofMillis(o.rpoMillis())) + against(o.rpoMet(), "rpo"))
        + "; took " + HumanDuration.of(Duration.ofMillis(o.durationMillis()))
        + "; report: " + (o.reportKey() == null ? "not written (see the WriteReport step)" : o.reportKey());
  }

  private static String against(Boolean met, String objective) {
    return met == null ? " (no objectives." + objective + " set)"
        : met ? " (within objectives." + objective + ")" : " (MISSED objectives." + objective + ")";
  }
}
