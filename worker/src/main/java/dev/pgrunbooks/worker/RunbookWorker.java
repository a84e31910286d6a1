package dev.pgrunbooks.worker;

import dev.pgrunbooks.backup.BackupActivitiesImpl;
import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupWorkflowImpl;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.notify.OperatorActivitiesImpl;
import dev.pgrunbooks.rehearsal.RehearsalActivitiesImpl;
import dev.pgrunbooks.rehearsal.RehearsalReports;
import dev.pgrunbooks.rehearsal.RehearsalWorkflowImpl;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflowImpl;
import dev.pgrunbooks.restore.HealthProbePolicy;
import dev.pgrunbooks.restore.RestoreActivitiesImpl;
import dev.pgrunbooks.restore.RollbackWorkflowImpl;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbooks' workflows and activities, registered on one task queue and polling. The activities
 * get the configuration and the credentials of this process: nothing secret travels through Temporal.
 */
public final class RunbookWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunbookWorker.class);

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
    Worker worker = factory.newWorker(config.worker().taskQueue(), workerOptions());
    register(worker, config, credentials, store, metrics);
    seedFreshness(config, store, metrics);
    factory.start();
    return new RunbookWorker(factory, store);
  }

  /**
   * No sticky execution: runbooks are few and their histories short, so replaying one on each workflow
   * task costs little, and when a worker dies mid-runbook its successor takes the next workflow task at
   * once instead of after the sticky timeout (Temporal's test server, the dev server, never times a
   * sticky task out at all).
   */
  static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();
  }

  /** Registers every runbook on {@code worker}; also used by tests on the in-process test server. */
  public static void register(
      Worker worker, RunbookConfig config, Credentials credentials, BackupStore store, WorkerMetrics metrics) {
    register(worker, config, credentials, store, metrics, HealthProbePolicy.DEFAULT);
  }

  /** @param healthProbe how long the restore's health probe keeps asking (tests shorten it) */
  public static void register(Worker worker, RunbookConfig config, Credentials credentials, BackupStore store,
      WorkerMetrics metrics, HealthProbePolicy healthProbe) {
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, DisasterRecoveryWorkflowImpl.class,
        RollbackWorkflowImpl.class, RehearsalWorkflowImpl.class);
    RestoreActivitiesImpl restore = new RestoreActivitiesImpl(config, credentials, store, Clock.systemUTC(),
        RestoreActivitiesImpl.defaultHttpClient(), healthProbe);
    worker.registerActivitiesImplementations(
        new BackupActivitiesImpl(config, credentials, store, metrics, Clock.systemUTC()),
        restore,
        new RehearsalActivitiesImpl(config, credentials, store, restore, metrics),
        new OperatorActivitiesImpl(config.notifications(), metrics));
  }

  /**
   * Starts the freshness gauges from the store (latest verified backup, last passed rehearsal), so a
   * restart does not look like a missed backup or rehearsal.
   */
  static void seedFreshness(RunbookConfig config, BackupStore store, WorkerMetrics metrics) {
    BackupCatalog catalog = new BackupCatalog(store);
    RehearsalReports reports = new RehearsalReports(store);
    for (String target : config.targets().keySet()) {
      metrics.targetConfigured(target);
      try {
        catalog.latestVerified(target).ifPresent(b -> metrics.seedLastVerified(target, b.manifest().finishedAt()));
        reports.lastPassed(target).ifPresent(at -> metrics.seedLastPassedRehearsal(target, at));
      } catch (RuntimeException storeUnavailable) {
        log.warn("cannot read the latest backup or rehearsal of {} from the store yet: {}", target,
            storeUnavailable.getMessage());
      }
    }
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
