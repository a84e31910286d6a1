package dev.pgrunbooks.testing;

import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The histories of every workflow on a test's server, compactly: each test has a server of its own (or
 * shares one with its class), so these are the workflows the test started, and the CLI's too.
 */
final class FailedTestReport {
  private FailedTestReport() {}

  static String histories(TemporalServer server, int most) {
    StringBuilder text = new StringBuilder();
    try {
      List<WorkflowExecutionInfo> runs = runs(server);
      for (WorkflowExecutionInfo run : runs.subList(0, Math.min(most, runs.size()))) {
        String id = run.getExecution().getWorkflowId();
        text.append("== ").append(id).append(" (").append(run.getType().getName()).append(", ")
            .append(run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "")).append(")\n")
            .append(WorkflowHistories.compact(
                server.client().fetchHistory(id, run.getExecution().getRunId()).getEvents()));
      }
      if (runs.size() > most) {
        text.append("(").append(runs.size() - most).append(" more not shown)\n");
      }
      if (runs.isEmpty()) {
        text.append("(no workflows)\n");
      }
    } catch (RuntimeException e) {
      // The failure being reported matters more than the histories: say why they are missing, go on.
      text.append("(cannot read the histories: ").append(e).append(")\n");
    }
    return text.toString();
  }

  private static List<WorkflowExecutionInfo> runs(TemporalServer server) {
    List<WorkflowExecutionInfo> runs = new ArrayList<>(server.stubs().blockingStub().listOpenWorkflowExecutions(
        ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(server.namespace()).setMaximumPageSize(1000)
            .build()).getExecutionsList());
    runs.addAll(server.stubs().blockingStub().listClosedWorkflowExecutions(
        ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(server.namespace()).setMaximumPageSize(1000)
            .build()).getExecutionsList());
    return runs;
  }
}
