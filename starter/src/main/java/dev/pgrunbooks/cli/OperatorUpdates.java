package dev.pgrunbooks.cli;

import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.Decision;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;

/**
 * An operator's answer to a waiting runbook, sent as the workflow's Update: {@code approve} with an
 * {@link Approval}, {@code decide} with a {@link Decision}. The workflow's validator has the last
 * word: a rejection (wrong database, nothing to approve) becomes the one line the command exits 2 with,
 * and leaves no trace in the workflow's history. Used by {@code runbook approve}, {@code decide} and the demo.
 */
final class OperatorUpdates {
  static final String APPROVE = "approve";
  static final String DECIDE = "decide";

  private final WorkflowClient client;

  OperatorUpdates(WorkflowClient client) {
    this.client = client;
  }

  /** @return the workflow's answer, e.g. "approved by alice: orders will be replaced now" */
  String approve(String workflowId, Approval approval) {
    return send(workflowId, APPROVE, approval);
  }

  /** @return the workflow's answer, e.g. "retry HealthProbe" */
  String decide(String workflowId, Decision decision) {
    return send(workflowId, DECIDE, decision);
  }

  private String send(String workflowId, String update, Object argument) {
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    // An Update to a closed workflow fails with a bare NOT_FOUND; say what is going on instead.
    WorkflowExecutionDescription description = stub.describe();
    if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw CliException.badInput(workflowId + " is not running (" + description.getStatus().name()
          .replace("WORKFLOW_EXECUTION_STATUS_", "") + "), so there is nothing to " + update
          + "; see runbook status " + workflowId);
    }
    try {
      return stub.update(update, String.class, argument);
    } catch (WorkflowUpdateException rejected) {
      Throwable why = rejected.getCause() != null ? rejected.getCause() : rejected;
      throw CliException.badInput(FailureMessages.of(why));
    }
  }
}
