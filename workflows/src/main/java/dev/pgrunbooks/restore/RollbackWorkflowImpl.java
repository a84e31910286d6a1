package dev.pgrunbooks.restore;

import static dev.pgrunbooks.restore.RollbackStep.SWAP_INTO_PLACE;

import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.StepFailedException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

/**
 * The swap of a swap-mode restore, run the other way: the same idempotent {@code SwapIntoPlace} step
 * (one transaction, so either both renames happened or neither), recognised as done when retried.
 */
public class RollbackWorkflowImpl implements RollbackWorkflow {

  private final RunbookSteps<RollbackStep> steps;

  @WorkflowInit
  public RollbackWorkflowImpl(RollbackRequest request) {
    steps = RunbookSteps.of(RunbookKind.ROLLBACK, request.target(), RollbackStep.class);
  }

  @Override
  public RollbackOutcome rollback(RollbackRequest request) {
    steps.begin();
    // The marker names this run, so a later rollback of the same target never mistakes this one's work for its own.
    String runId = Workflow.getInfo().getWorkflowId() + " " + Workflow.getInfo().getRunId();
    try {
      steps.run(SWAP_INTO_PLACE,
          "Terminate connections, rename " + request.database() + " → " + request.keepAs() + " and "
              + request.restoredFrom() + " → " + request.database() + " (undo " + request.restoreWorkflowId() + ")",
          RestoreActivities.class, a -> {
            a.swapIntoPlace(request.target(), request.database(), request.restoredFrom(), request.keepAs(), runId);
            return null;
          });
    } catch (StepFailedException failure) {
      steps.failed();
      throw FailureType.ROLLBACK_FAILED.failure("rollback of " + request.target() + " failed at "
          + failure.step() + ": " + failure.reason());
    }
    steps.succeeded();
    return new RollbackOutcome(request.target(), request.restoreWorkflowId(), request.database(),
        request.restoredFrom(), request.keepAs(), request.requestedBy(), steps.records());
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }
}
