package dev.pgrunbooks.cli;

import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
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
 * Used by {@code runbook backup} and {@code runbook demo} alike.
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
        options(workflowId, RunbookKind.BACKUP, target, summary));
    WorkflowExecution execution = WorkflowClient.start(workflow::backup, new BackupRequest(target, trigger, requestedAt));
    return new StartedRunbook(RunbookKind.BACKUP, target, workflowId, execution.getRunId(), summary);
  }

  private WorkflowOptions options(String workflowId, String kind, String target, String summary) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(config.worker().taskQueue())
        .setStaticSummary(summary)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RunbookSearchAttributes.TARGET, target)
            .set(RunbookSearchAttributes.KIND, kind)
            .build())
        // An id names one run of a runbook: never start a second one under it.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
  }

  /** Where backups go, without credentials: "local store ./var/backups", "s3://bucket/prefix". */
  static String describe(StorageConfig storage) {
    if (StorageConfig.S3.equals(storage.type())) {
      String where = "s3://" + storage.bucket() + "/" + storage.prefix();
      return storage.endpoint() == null ? where : where + " at " + storage.endpoint();
    }
    return "local store " + storage.path() + (storage.prefix().isEmpty() ? "" : "/" + storage.prefix());
  }
}
