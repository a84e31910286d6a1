package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.RunbookProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Undoes a completed swap-mode restore: the database that restore kept aside becomes live again, the
 * restored copy is kept beside it. One step, no approval: the operator asked for it by name
 * ({@code runbook restore TARGET --rollback restore-TARGET}). Workflow id {@code rollback-<target>}.
 */
@WorkflowInterface
public interface RollbackWorkflow {
  @WorkflowMethod(name = "Rollback")
  RollbackOutcome rollback(RollbackRequest request);

  @QueryMethod
  RunbookProgress progress();
}
