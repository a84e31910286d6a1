package dev.pgrunbooks.worker;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The runbooks on Temporal's in-process test server with a worker holding the real activities, as
 * {@code runbook worker} registers them. Time is not skipped: the activities do real work in real time.
 */
final class InProcessRunbooks implements AutoCloseable {
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final BackupStore store;
  final WorkerMetrics metrics = new WorkerMetrics(new MetricRegistry(), Clock.systemUTC());
  private final RunbookConfig config;

  InProcessRunbooks(RunbookConfig config, Map<String, String> workerEnvironment) {
    this.config = config;
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    SearchAttributeRegistrar.ensureRegistered(env.getWorkflowServiceStubs(), env.getNamespace());
    client = env.getWorkflowClient();
    store = BackupStores.open(config.storage());
    Worker worker = env.newWorker(config.worker().taskQueue());
    RunbookWorker.register(worker, config, new Credentials(workerEnvironment), store, metrics);
    env.start();
  }

  <T> T newWorkflow(Class<T> type, String workflowId) {
    return client.newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.worker().taskQueue())
        .setWorkflowId(workflowId)
        .build());
  }

  DescribeWorkflowExecutionResponse describe(String workflowId) {
    return env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(env.getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
  }

  /**
   * The whole history as an operator could export it, twice: as JSON and as the raw protobuf bytes in
   * which payloads are not base64-encoded, so a secret cannot hide in either.
   */
  String historyText(String workflowId) {
    return historyText(client, workflowId);
  }

  static String historyText(WorkflowClient client, String workflowId) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    return history.toJson(true) + "\n" + new String(history.getHistory().toByteArray(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    env.close();
    store.close();
  }
}
