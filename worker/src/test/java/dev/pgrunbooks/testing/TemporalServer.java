package dev.pgrunbooks.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import java.util.function.Consumer;

/** One of the ways {@link TestCluster} runs Temporal: what the cluster needs from each. */
interface TemporalServer extends AutoCloseable {
  WorkflowClient client();

  WorkflowServiceStubs stubs();

  String namespace();

  /** host:port for what connects on its own (the command line, worker JVMs). */
  String address();

  /** A worker in this JVM polling {@code taskQueue}, running what {@code registrations} register on it. */
  void startWorker(String taskQueue, Consumer<Worker> registrations);

  @Override
  void close();
}
