package dev.pgrunbooks.testing;

import dev.pgrunbooks.worker.FreePort;
import dev.pgrunbooks.worker.SearchAttributeRegistrar;
import dev.pgrunbooks.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Temporal's test server as a JVM of its own on a free port, so the workers of a crash test can be
 * separate JVMs too and be killed while the server keeps their workflows. Its log is test-server.log.
 */
final class ServerProcess implements TemporalServer {
  private final JavaProcess server;
  private final TemporalConnection temporal;

  ServerProcess(Path logs) {
    int port = FreePort.find();
    server = JavaProcess.start("io.temporal.testserver.TestServer", List.of(String.valueOf(port)), Map.of(),
        logs.resolve("test-server.log"));
    try {
      JavaProcess.awaitPort(port, Duration.ofSeconds(60));
      temporal = TemporalConnection.open("127.0.0.1:" + port, TemporalConnection.DEFAULT_NAMESPACE);
      SearchAttributeRegistrar.ensureRegistered(temporal.stubs(), temporal.namespace());
    } catch (RuntimeException | InterruptedException e) {
      killQuietly();
      throw new IllegalStateException("the test server did not start; see " + server.log(), e);
    }
  }

  @Override
  public WorkflowClient client() {
    return temporal.client();
  }

  @Override
  public WorkflowServiceStubs stubs() {
    return temporal.stubs();
  }

  @Override
  public String namespace() {
    return temporal.namespace();
  }

  @Override
  public String address() {
    return temporal.address();
  }

  @Override
  public void startWorker(String taskQueue, Consumer<Worker> registrations) {
    throw new UnsupportedOperationException("a crash test's workers are JVMs: use TestCluster.workerProcess");
  }

  @Override
  public void close() {
    try {
      temporal.close();
    } finally {
      try {
        server.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void killQuietly() {
    try {
      server.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
