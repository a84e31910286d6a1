package dev.pgrunbooks.cli;

import dev.pgrunbooks.runbook.RunbookProgress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks a runbook for its {@code progress}. A query needs a worker to answer it, so this one gives up
 * after a few seconds and says why, instead of hanging while no worker runs.
 */
final class ProgressQuery {
  static final String QUERY = "progress";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The progress, or why it is not available. */
  record Answer(RunbookProgress progress, String unavailable) {}

  private ProgressQuery() {}

  static Answer ask(WorkflowClient client, WorkflowExecution execution, String taskQueue) {
    try {
      QueryWorkflowResponse response = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .queryWorkflow(QueryWorkflowRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(execution)
              .setQuery(WorkflowQuery.newBuilder().setQueryType(QUERY))
              .build());
      if (response.hasQueryRejected()) {
        return new Answer(null, "the progress query was rejected (" + response.getQueryRejected().getStatus() + ")");
      }
      RunbookProgress progress = client.getOptions().getDataConverter().fromPayloads(
          0, Optional.of(response.getQueryResult()), RunbookProgress.class, RunbookProgress.class);
      return new Answer(progress, null);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return new Answer(null, "no worker answered the progress query within " + TIMEOUT.toSeconds()
            + " s; is 'runbook worker' running on task queue " + taskQueue + "?");
      }
      return new Answer(null, "the progress query failed: " + e.getStatus().getCode()
          + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()));
    }
  }
}
