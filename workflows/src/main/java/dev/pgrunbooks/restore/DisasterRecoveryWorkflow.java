package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.RunbookProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The disaster-recovery runbook: resolve backup → download and verify → snapshot live counts →
 * approval → restore (swap or in-place) → migrations → integrity check → health probe → report.
 * Workflow id {@code restore-<target>}: one restore per target at a time.
 */
@WorkflowInterface
public interface DisasterRecoveryWorkflow {

  @WorkflowMethod(name = "DisasterRecovery")
  RestoreOutcome restore(RestoreRequest request);

  /** The go-ahead for the destructive step; returns what happens next. */
  @UpdateMethod(name = "approve")
  String approve(Approval approval);

  /** Rejects, without a trace in history, an approval naming the wrong database or arriving unasked. */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Approval approval);

  /** The operator's answer to a step that failed after its retries. */
  @UpdateMethod(name = "decide")
  String decide(Decision decision);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(Decision decision);

  @QueryMethod
  RunbookProgress progress();
}
