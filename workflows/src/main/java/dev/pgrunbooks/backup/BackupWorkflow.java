package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.RunbookProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The backup runbook: preflight → dump → verify → write manifest → prune → record metrics.
 * Workflow id {@code backup-<target>-<yyyyMMdd'T'HHmmss'Z'>}.
 */
@WorkflowInterface
public interface BackupWorkflow {

  @WorkflowMethod(name = "Backup")
  BackupOutcome backup(BackupRequest request);

  /** Steps so far, their state and timings. */
  @QueryMethod
  RunbookProgress progress();
}
