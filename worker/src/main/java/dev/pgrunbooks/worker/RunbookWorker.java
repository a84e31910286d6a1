package dev.pgrunbooks.worker;

import dev.pgrunbooks.backup.BackupActivitiesImpl;
import dev.pgrunbooks.backup.BackupWorkflowImpl;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.notify.OperatorActivitiesImpl;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The runbooks' workflows and activities, registered on one task queue and polling. The activities
 * get the configuration and the credentials of this process: nothing secret travels through Temporal.
 */
public final class RunbookWorker implements AutoCloseable {
  private final WorkerFactory factory;
  private final BackupStore store;

  private RunbookWorker(WorkerFactory factory, BackupStore store) {
    this.factory = factory;
    this.store = store;
  }

  public static RunbookWorker start(
      RunbookConfig config, WorkflowClient client, Credentials credentials, WorkerMetrics metrics) {
    BackupStore store = BackupStores.open(config.storage());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(config.worker().taskQueue());
    register(worker, config, credentials, store, metrics);
    factory.start();
    return new RunbookWorker(factory, store);
  }

  /** Registers every runbook on {@code worker}; also used by tests on the in-process test server. */
  public static void register(
      Worker worker, RunbookConfig config, Credentials credentials, BackupStore store, WorkerMetrics metrics) {
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new BackupActivitiesImpl(config, credentials, store, metrics, Clock.systemUTC()),
        new OperatorActivitiesImpl(config.notifications(), metrics));
  }

  /** Stops polling, lets running activities finish for up to {@code graceSeconds}, then stops. */
  public void shutdown(long graceSeconds) {
    factory.shutdown();
    factory.awaitTermination(graceSeconds, TimeUnit.SECONDS);
    factory.shutdownNow();
    store.close();
  }

  @Override
  public void close() {
    shutdown(30);
  }
}
