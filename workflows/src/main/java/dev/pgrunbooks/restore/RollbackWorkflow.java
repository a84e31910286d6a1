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
  /** The {@code RunbookKind} of a rollback, and the first word of its workflow id. */
  String KIND = "rollback";

  @WorkflowMethod(name = "Rollback")
  RollbackOutcome rollback(RollbackRequest request);

  @QueryMethod
  RunbookProgress progress();
}
