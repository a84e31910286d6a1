package dev.pgrunbooks.testing;

import dev.pgrunbooks.worker.DevServer;
import dev.pgrunbooks.worker.SearchAttributeRegistrar;
import dev.pgrunbooks.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The embedded dev server ({@code runbook dev-server}) on a free port of this JVM: what the command line
 * talks to in its tests, through its own connection, as it would to a real cluster.
 */
final class DevServerInThisJvm implements TemporalServer {
  private final DevServer server;
  private final TemporalConnection temporal;
  private final List<WorkerFactory> workers = new ArrayList<>();

  DevServerInThisJvm() {
    server = DevServer.start(0);
    temporal = TemporalConnection.open(server.address(), TemporalConnection.DEFAULT_NAMESPACE);
    SearchAttributeRegistrar.ensureRegistered(temporal.stubs(), temporal.namespace());
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
    return server.address();
  }

  @Override
  public void startWorker(String taskQueue, Consumer<Worker> registrations) {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
    registrations.accept(factory.newWorker(taskQueue));
    factory.start();
    workers.add(factory);
  }

  @Override
  public void close() {
    try {
      workers.forEach(WorkerFactory::shutdownNow);
      temporal.close();
    } finally {
      server.close();
    }
  }
}
