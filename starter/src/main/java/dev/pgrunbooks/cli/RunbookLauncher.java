package dev.pgrunbooks.cli;

import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.UrlForDisplay;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.rehearsal.RehearsalWorkflow;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.restore.RollbackRequest;
import dev.pgrunbooks.restore.RollbackWorkflow;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.Instant;

/**
 * Starts runbooks the way operators expect to find them in the Temporal UI: an id that says what it
 * is, a one-line summary, and the target and kind as search attributes from the first moment.
 * Used by {@code runbook backup}, {@code restore}, {@code rehearse} and {@code demo} alike.
 */
public final class RunbookLauncher {
  private final WorkflowClient client;
  private final RunbookConfig config;
  private final Clock clock;

  public RunbookLauncher(WorkflowClient client, RunbookConfig config, Clock clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
  }

  /** {@code backup-orders-20261122T020000Z}. */
  public static String backupWorkflowId(String target, Instant at) {
    return RunbookKind.BACKUP + "-" + target + "-" + BackupKeys.stamp(at);
  }

  /**
   * Starts the backup runbook of {@code target} and returns at once.
   *
   * @throws dev.pgrunbooks.config.ConfigException when the configuration has no such target
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted when a backup with the same id exists
   */
  public StartedRunbook startBackup(String target, String trigger) {
    TargetConfig targetConfig = config.target(target);
    Instant requestedAt = clock.instant();
    String workflowId = backupWorkflowId(target, requestedAt);
    String summary = "Backup " + target + " (" + targetConfig.describe() + ") to " + describe(config.storage());
    BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class,
        options(workflowId, RunbookKind.BACKUP, target, summary, ONE_RUN_PER_ID));
    WorkflowExecution execution = WorkflowClient.start(workflow::backup, new BackupRequest(target, trigger, requestedAt));
    return new StartedRunbook(RunbookKind.BACKUP, target, workflowId, execution.getRunId(), summary);
  }

  /** {@code restore-orders}: one restore per target at a time, so the id is the target's. */
  public static String restoreWorkflowId(String target) {
    return RunbookKind.RESTORE + "-" + target;
  }

  /** {@code rollback-orders}. */
  public static String rollbackWorkflowId(String target) {
    return RunbookKind.ROLLBACK + "-" + target;
  }

  /**
   * Starts the disaster-recovery runbook of {@code request.target()} under {@code restore-<target>}
   * and returns at once. The summary names the mode and the backup, nothing secret.
   *
   * @throws dev.pgrunbooks.config.ConfigException when the configuration has no such target
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted while a restore of the target runs
   */
  public StartedRunbook startRestore(RestoreRequest request) {
    TargetConfig targetConfig = config.target(request.target());
    String workflowId = restoreWorkflowId(request.target());
    String what = request.intoDatabase() != null
        ? " into new database " + request.intoDatabase() + " (" + targetConfig.describe() + " untouched)"
        : " (" + targetConfig.describe() + "), " + request.effectiveMode() + " mode,";
    String summary = "Restore " + request.target() + what + " from the " + backupLabel(request.backup())
        + " in " + describe(config.storage());
    DisasterRecoveryWorkflow workflow = client.newWorkflowStub(DisasterRecoveryWorkflow.class,
        options(workflowId, RunbookKind.RESTORE, request.target(), summary, AFTER_THE_LAST_CLOSED));
    WorkflowExecution execution = WorkflowClient.start(workflow::restore, request);
    return new StartedRunbook(RunbookKind.RESTORE, request.target(), workflowId, execution.getRunId(), summary);
  }

  /**
   * Starts the rollback of a completed swap-mode restore under {@code rollback-<target>}.
   *
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted while a rollback of the target runs
   */
  public StartedRunbook startRollback(RollbackRequest request) {
    TargetConfig targetConfig = config.target(request.target());
    String workflowId = rollbackWorkflowId(request.target());
    String summary = "Roll back " + request.restoreWorkflowId() + ": " + request.restoredFrom() + " becomes "
        + targetConfig.describe() + " again, the restored copy is kept as " + request.keepAs();
    RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class,
        options(workflowId, RunbookKind.ROLLBACK, request.target(), summary, AFTER_THE_LAST_CLOSED));
    WorkflowExecution execution = WorkflowClient.start(workflow::rollback, request);
    return new StartedRunbook(RunbookKind.ROLLBACK, request.target(), workflowId, execution.getRunId(), summary);
  }

  /**
   * Starts the rehearsal runbook of {@code target} under {@code rehearsal-<target>-<stamp>} and returns at
   * once. The summary says which backup it will pick, the scratch database it restores into and that the
   * scratch database is dropped afterwards.
   *
   * @param backup {@link RehearsalRequest#RANDOM_WEEKLY}, {@link RehearsalRequest#LATEST}, a dump key, or
   *     null for the target's configured {@code rehearsal.pick}
   * @throws dev.pgrunbooks.config.ConfigException when the configuration has no such target
   * @throws io.temporal.client.WorkflowExecutionAlreadyStarted when a rehearsal with the same id exists
   */
  public StartedRunbook startRehearsal(String target, String backup, String trigger) {
    TargetConfig targetConfig = config.target(target);
    // Whole seconds: the id, the scratch database and the report all carry this instant's stamp.
    Instant requestedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String workflowId = RehearsalNames.workflowId(target, requestedAt);
    String scratch = RehearsalNames.scratchDatabaseShape(target, requestedAt);
    String pick = backup != null ? backup
        : targetConfig.rehearsal() != null ? targetConfig.rehearsal().pick() : RehearsalRequest.RANDOM_WEEKLY;
    String summary = "Rehearse " + target + " (" + targetConfig.describe() + "): restore " + rehearsalLabel(pick)
        + " from " + describe(config.storage()) + " into scratch database " + scratch
        + ", check it, measure RTO/RPO, drop it, store a report";
    RehearsalWorkflow workflow = client.newWorkflowStub(RehearsalWorkflow.class,
        options(workflowId, RunbookKind.REHEARSAL, target, summary, ONE_RUN_PER_ID));
    WorkflowExecution execution = WorkflowClient.start(workflow::rehearse,
        new RehearsalRequest(target, backup, trigger, requestedAt));
    return new StartedRunbook(RunbookKind.REHEARSAL, target, workflowId, execution.getRunId(), summary);
  }

  private static String rehearsalLabel(String pick) {
    return switch (pick) {
      case RehearsalRequest.RANDOM_WEEKLY -> "a random verified weekly backup";
      case RehearsalRequest.LATEST -> "the latest verified backup";
      default -> "backup " + pick;
    };
  }

  private static String backupLabel(String backup) {
    return RestoreRequest.LATEST.equals(backup) ? "latest verified backup" : "backup " + backup;
  }

  // An id naming one run (backup-<target>-<stamp>) is never reused; an id naming "the restore of this
  // target" takes a new run once the last one closed. Either way, never a second one while one runs.
  private static final WorkflowIdReusePolicy ONE_RUN_PER_ID = WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE;
  private static final WorkflowIdReusePolicy AFTER_THE_LAST_CLOSED = WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;

  private WorkflowOptions options(String workflowId, RunbookKind kind, String target, String summary,
      WorkflowIdReusePolicy reuse) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(config.worker().taskQueue())
        .setStaticSummary(summary)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RunbookSearchAttributes.TARGET, target)
            .set(RunbookSearchAttributes.KIND, kind.label())
            .build())
        .setWorkflowIdReusePolicy(reuse)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
  }

  /** Where backups go, without credentials: "local store ./var/backups", "s3://bucket/prefix". */
  static String describe(StorageConfig storage) {
    if (StorageConfig.S3.equals(storage.type())) {
      String where = "s3://" + storage.bucket() + "/" + storage.prefix();
      return storage.endpoint() == null ? where : where + " at " + UrlForDisplay.of(storage.endpoint());
    }
    return "local store " + storage.path() + (storage.prefix().isEmpty() ? "" : "/" + storage.prefix());
  }
}
