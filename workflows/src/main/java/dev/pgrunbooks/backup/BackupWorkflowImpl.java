package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.OperatorActivities;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.StepFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.function.Function;

/**
 * The nightly backup runbook, step by step:
 *
 * <pre>
 *   preflight → dump (pg_dump -Fc, streamed, SHA-256) → verify → write manifest → prune → metrics
 * </pre>
 *
 * The manifest is the commit: until it is written the dump does not count, and on failure the
 * uncommitted dump is discarded. Pruning and metrics come after the commit, so their failure warns
 * the operators but does not undo a good backup.
 */
public class BackupWorkflowImpl implements BackupWorkflow {

  static final String PREFLIGHT = "Preflight";
  static final String DUMP = "Dump";
  static final String VERIFY = "Verify";
  static final String WRITE_MANIFEST = "WriteManifest";
  static final String PRUNE = "Prune";
  static final String RECORD_METRICS = "RecordBackupMetrics";
  static final String DISCARD_DUMP = "DiscardDump";
  static final String NOTIFY = "Notify";

  private RunbookSteps steps = new RunbookSteps(RunbookKind.BACKUP, "?", BackupStepOptions::of);

  @Override
  public BackupOutcome backup(BackupRequest request) {
    String target = request.target();
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String key = BackupKeys.dumpKey(target, request.requestedAt() != null ? request.requestedAt() : startedAt);
    String workflowId = Workflow.getInfo().getWorkflowId();
    steps = new RunbookSteps(RunbookKind.BACKUP, target, BackupStepOptions::of);
    steps.begin();

    try {
      PreflightReport server = step(PREFLIGHT, "Connect to " + target + ", check server, pg_dump and store",
          a -> a.preflight(target));
      DumpResult dump = step(DUMP, "pg_dump -Fc " + server.database() + " → " + key,
          a -> a.dump(target, key));
      VerificationResult verified = step(VERIFY, "Read back " + key + ": SHA-256, pg_restore --list",
          a -> a.verify(key, dump.sha256(), dump.sizeBytes()));
      String manifestKey = step(WRITE_MANIFEST, "Commit " + BackupKeys.manifestKey(key),
          a -> a.writeManifest(BackupManifest.of(target, server.database(), dump, verified, workflowId)));

      PruneReport pruned = afterCommit(PRUNE, "Apply retention to " + target, a -> a.prune(target));
      long durationMillis = Workflow.currentTimeMillis() - startedAt.toEpochMilli();
      afterCommit(RECORD_METRICS, "Backup duration, size, last success",
          a -> {
            a.recordBackupMetrics(new BackupSucceeded(target, key, dump.sizeBytes(), durationMillis,
                Instant.ofEpochMilli(Workflow.currentTimeMillis())));
            return null;
          });

      steps.succeeded();
      return new BackupOutcome(target, key, manifestKey, dump.sizeBytes(), dump.sha256(),
          dump.rowCounts().size(), durationMillis, pruned == null ? 0 : pruned.deleted().size(),
          steps.records());
    } catch (StepFailedException failure) {
      if (!failure.step().equals(PREFLIGHT)) {
        discardUncommittedDump(key);
      }
      steps.failed();
      tellOperators(target, workflowId, "failed", failure.step(), failure.reason());
      throw ApplicationFailure.newNonRetryableFailure(
          "backup of " + target + " failed at " + failure.step() + ": " + failure.reason(),
          "BackupFailed");
    }
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }

  private <R> R step(String name, String summary, Function<BackupActivities, R> call) {
    return steps.run(name, summary, BackupActivities.class, call);
  }

  /** A step after the manifest is written: the backup stands even if this one fails. */
  private <R> R afterCommit(String name, String summary, Function<BackupActivities, R> call) {
    try {
      return step(name, summary, call);
    } catch (StepFailedException failure) {
      tellOperators(steps.progress().target(), Workflow.getInfo().getWorkflowId(), "warning",
          failure.step(), "the backup is committed, but " + failure.reason());
      return null;
    }
  }

  /** Cleanup: a dump without a verified manifest must not stay looking like a backup. */
  private void discardUncommittedDump(String key) {
    try {
      step(DISCARD_DUMP, "Remove uncommitted " + key, a -> {
        a.discardDump(key);
        return null;
      });
    } catch (StepFailedException cleanupFailed) {
      // Prune removes manifest-less dumps once they are a day old; the failure is in the journal.
    }
  }

  private void tellOperators(String target, String workflowId, String outcome, String step, String message) {
    try {
      steps.run(NOTIFY, "Tell the operators: " + outcome + " at " + step, OperatorActivities.class, a -> {
        a.recordStepFailure(RunbookKind.BACKUP, target, step);
        a.notifyOperators(new RunbookNotice(RunbookKind.BACKUP, target, workflowId, outcome, step, message));
        return null;
      });
    } catch (StepFailedException notifyFailed) {
      // The journal shows the failed notification; the runbook's own outcome must not change for it.
    }
  }
}
