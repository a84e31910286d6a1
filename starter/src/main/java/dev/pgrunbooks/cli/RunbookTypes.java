package dev.pgrunbooks.cli;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runbooks {@code runbook status} can read results of. Adding restore or rehearsal is one more
 * entry in {@link #ALL}.
 */
final class RunbookTypes {
  static final List<RunbookType<?>> ALL = List.of(
      new RunbookType<>(RunbookKind.BACKUP, BackupOutcome.class, BackupOutcome::steps,
          o -> "backup of " + o.target() + " succeeded: " + o.key() + ", " + Bytes.human(o.sizeBytes())
              + ", took " + HumanDuration.of(Duration.ofMillis(o.durationMillis()))
              + (o.pruned() > 0 ? ", pruned " + o.pruned() + " old backup(s)" : "")));

  /** Every runbook's workflow id starts with its kind: {@code backup-}, {@code restore-}, {@code rehearsal-}. */
  static final List<String> KINDS = List.of(RunbookKind.BACKUP, RunbookKind.RESTORE, RunbookKind.REHEARSAL);

  private RunbookTypes() {}

  static Optional<String> kindOfWorkflowId(String workflowId) {
    return KINDS.stream().filter(k -> workflowId.startsWith(k + "-")).findFirst();
  }

  static Optional<RunbookType<?>> forKind(String kind) {
    return ALL.stream().filter(t -> t.kind().equals(kind)).findFirst();
  }
}
