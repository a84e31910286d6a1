package dev.pgrunbooks.backup;

import static dev.pgrunbooks.backup.BackupStep.DISCARD_DUMP;
import static dev.pgrunbooks.backup.BackupStep.DUMP;
import static dev.pgrunbooks.backup.BackupStep.PREFLIGHT;
import static dev.pgrunbooks.backup.BackupStep.PRUNE;
import static dev.pgrunbooks.backup.BackupStep.RECORD_BACKUP_METRICS;
import static dev.pgrunbooks.backup.BackupStep.VERIFY;
import static dev.pgrunbooks.backup.BackupStep.WRITE_MANIFEST;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.RunbookVersions;
import dev.pgrunbooks.runbook.StepFailedException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Instant;
import java.util.function.Function;

/**
 * The nightly backup runbook, step by step:
 *
 * <pre>
 *   Preflight → Dump (pg_dump -Fc, streamed, SHA-256) → Verify → WriteManifest → Prune → RecordBackupMetrics
 *   on failure before the commit: DiscardDump → RecordStepFailure → Notify
 * </pre>
 *
 * The manifest is the commit: until it is written the dump does not count, and on failure the
 * uncommitted dump is discarded. Pruning and metrics come after the commit, so their failure warns
 * the operators but does not undo a good backup.
 */
public class BackupWorkflowImpl implements BackupWorkflow {

  private final RunbookSteps<BackupStep> steps;
  /** The dump's key: the requested stamp's, then the one Dump actually wrote. */
  private String key;

  @WorkflowInit
  public BackupWorkflowImpl(BackupRequest request) {
    steps = RunbookSteps.of(RunbookKind.BACKUP, request.target(), BackupStep.class);
  }

  @Override
  public BackupOutcome backup(BackupRequest request) {
    String target = request.target();
    Instant startedAt = now();
    key = BackupKeys.dumpKey(target, request.requestedAt() != null ? request.requestedAt() : startedAt);
    String workflowId = Workflow.getInfo().getWorkflowId();
    steps.begin();

    try {
      PreflightReport server = step(PREFLIGHT, "Connect to " + target + ", check server, pg_dump and store",
          a -> a.preflight(target));
      DumpResult dump = step(DUMP, "pg_dump -Fc " + server.database() + " → " + key,
          a -> a.dump(target, key));
      // Dump moves to the next free second when another run holds this one (see DumpClaims): from here
      // on the backup is the key it reports. Not a new command: the same activities with another key.
      key = dump.key() != null ? dump.key() : key;
      String dumped = key;
      VerificationResult verified = step(VERIFY, "Read back " + key + ": SHA-256, pg_restore --list",
          a -> a.verify(dumped, dump.sha256(), dump.sizeBytes()));
      String manifestKey = step(WRITE_MANIFEST, "Commit " + BackupKeys.manifestKey(key),
          a -> a.writeManifest(BackupManifest.of(target, server.database(), dump, verified, workflowId)));

      PruneReport pruned = afterCommit(PRUNE, "Apply retention to " + target, a -> a.prune(target));
      long durationMillis = now().toEpochMilli() - startedAt.toEpochMilli();
      afterCommit(RECORD_BACKUP_METRICS, "Backup duration, size, last success", a -> {
        a.recordBackupMetrics(new BackupSucceeded(target, dumped, dump.sizeBytes(), durationMillis, now()));
        return null;
      });

      if (RunbookVersions.SUCCESS_NOTICE.isOn()) {
        steps.tellOperators(NoticeOutcome.SUCCEEDED, null, "backup " + key + " verified and committed");
      }
      steps.succeeded();
      return new BackupOutcome(target, key, manifestKey, dump.sizeBytes(), dump.sha256(),
          dump.tablesCounted(), durationMillis, pruned == null ? 0 : pruned.deleted().size(),
          steps.records());
    } catch (StepFailedException failure) {
      if (!failure.step().equals(PREFLIGHT.stepName())) {
        // A dump without a verified manifest must not stay looking like a backup. If this fails too,
        // prune removes manifest-less dumps once they are a day old.
        String uncommitted = key;
        steps.bestEffort(DISCARD_DUMP, "Remove uncommitted " + uncommitted, BackupActivities.class, a -> {
          a.discardDump(uncommitted);
          return null;
        });
      }
      steps.failed();
      steps.tellOperators(NoticeOutcome.FAILED, failure.step(), failure.reason());
      throw FailureType.BACKUP_FAILED.failure(
          "backup of " + target + " failed at " + failure.step() + ": " + failure.reason());
    }
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }

  private <R> R step(BackupStep step, String summary, Function<BackupActivities, R> call) {
    return steps.run(step, summary, BackupActivities.class, call);
  }

  /** A step after the manifest is written: the backup stands even if this one fails. */
  private <R> R afterCommit(BackupStep step, String summary, Function<BackupActivities, R> call) {
    try {
      return step(step, summary, call);
    } catch (StepFailedException failure) {
      steps.tellOperators(NoticeOutcome.WARNING, failure.step(), "the backup is committed, but " + failure.reason());
      return null;
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
