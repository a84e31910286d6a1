package dev.pgrunbooks.testing;

import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import dev.pgrunbooks.worker.SearchAttributeRegistrar;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.function.Consumer;

/** Temporal's test server inside the test's JVM, with or without time skipping. */
final class InMemoryServer implements TemporalServer {
  private final TestWorkflowEnvironment env;
  private boolean started;

  InMemoryServer(TestEnvironmentOptions options) {
    env = TestWorkflowEnvironment.newInstance(options);
    if (!SearchAttributeRegistrar.ensureRegistered(env.getWorkflowServiceStubs(), env.getNamespace())) {
      // The in-memory test server has no operator service: register them on it directly.
      RunbookSearchAttributes.ALL.forEach(a -> env.registerSearchAttribute(a.getName(),
          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    }
  }

  @Override
  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  @Override
  public WorkflowServiceStubs stubs() {
    return env.getWorkflowServiceStubs();
  }

  @Override
  public String namespace() {
    return env.getNamespace();
  }

  @Override
  public String address() {
    throw new UnsupportedOperationException("the in-memory test server listens on no port: use TestCluster.devServer()");
  }

  /** The environment's workers start together, once: one worker per in-memory cluster. */
  @Override
  public void startWorker(String taskQueue, Consumer<Worker> registrations) {
    if (started) {
      throw new IllegalStateException("the in-memory test server's worker is already running");
    }
    registrations.accept(env.newWorker(taskQueue));
    env.start();
    started = true;
  }

  /** Test time: jumps ahead when time skipping is on and nothing is running, else waits. */
  void sleep(Duration duration) {
    env.sleep(duration);
  }

  @Override
  public void close() {
    env.close();
  }
}
