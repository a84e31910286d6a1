package dev.pgrunbooks.testing;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.restore.HealthProbePolicy;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import dev.pgrunbooks.worker.RunbookWorker;
import dev.pgrunbooks.worker.WorkerMetrics;
import dev.pgrunbooks.worker.WorkerProcess;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one way tests run Temporal and runbook workers. Register it as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension final TestCluster temporal = TestCluster.inMemory();        // per test
 * @RegisterExtension static final TestCluster temporal = TestCluster.devServer(); // per class
 * ...
 * temporal.runbooks(config);   // a worker with the real activities, as 'runbook worker' has them
 * }</pre>
 *
 * Nothing starts until first used. When a test fails, the histories of the cluster's workflows are
 * printed compactly ({@link WorkflowHistories#compact}) to the test's output; the cluster stops after
 * the test (an instance field) or after the class (a static one).
 *
 * <p>Three servers: {@link #inMemory()} (optionally skipping time), {@link #devServer()} (the embedded
 * dev server on a port, for the command line), {@link #serverProcess(String)} (a JVM of its own, with
 * worker JVMs a test can kill).
 */
public final class TestCluster implements BeforeAllCallback, AfterTestExecutionCallback, AfterEachCallback,
    AfterAllCallback {
  /** Enough to see what went wrong; the time-skipping schedule test runs dozens of cron runs. */
  private static final int MOST_HISTORIES_PRINTED = 20;

  private final Supplier<TemporalServer> serverStarter;
  private final Path logs;
  private TemporalServer server;
  private boolean sharedByTheClass;
  private Map<String, String> workerEnvironment = Map.of();
  private HealthProbePolicy healthProbe = HealthProbePolicy.DEFAULT;
  private final WorkerMetrics metrics = new WorkerMetrics(new MetricRegistry(), Clock.systemUTC());
  private final List<AutoCloseable> workers = new ArrayList<>();
  private BackupStore store;
  private String taskQueue;

  private TestCluster(Supplier<TemporalServer> serverStarter, Path logs) {
    this.serverStarter = serverStarter;
    this.logs = logs;
  }

  /** Temporal's test server in this JVM, in real time: activities do real work at the pace of the clock. */
  public static TestCluster inMemory() {
    return new TestCluster(() -> new InMemoryServer(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false).build()), null);
  }

  /**
   * The same, skipping time whenever no activity is outstanding, from {@code start} (null: now). Real
   * activities still run in real time: the server does not skip time while one is scheduled.
   */
  public static TestCluster timeSkipping(Instant start) {
    TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder();
    if (start != null) {
      options.setInitialTime(start);
    }
    return new TestCluster(() -> new InMemoryServer(options.build()), null);
  }

  /** The embedded dev server ({@code runbook dev-server}) on a free port of this JVM: see {@link #address()}. */
  public static TestCluster devServer() {
    return new TestCluster(DevServerInThisJvm::new, null);
  }

  /**
   * Temporal's test server as a separate JVM, and worker JVMs ({@link #workerProcess}) to kill like a crash.
   * What each process says goes to {@code target/crash-test-logs/<name>/}: the first thing to read when
   * such a test fails.
   */
  public static TestCluster serverProcess(String name) {
    Path logs = Path.of("target", "crash-test-logs", name);
    return new TestCluster(() -> new ServerProcess(logs), logs);
  }

  /** The environment the in-JVM worker reads passwords from (default: none). */
  public TestCluster workerEnvironment(Map<String, String> environment) {
    this.workerEnvironment = environment;
    return this;
  }

  /** How long the restore's health probe keeps asking (in-memory clusters; tests shorten it). */
  public TestCluster healthProbe(HealthProbePolicy policy) {
    this.healthProbe = policy;
    return this;
  }

  // ---- workers ------------------------------------------------------------------------------------------

  /**
   * A worker in this JVM on {@code config}'s task queue with the real runbooks and activities: registered
   * as {@code runbook worker} registers them (in memory), or started as it starts (on a dev server).
   */
  public TestCluster runbooks(RunbookConfig config) {
    taskQueue = config.worker().taskQueue();
    if (server() instanceof DevServerInThisJvm) {
      workers.add(RunbookWorker.start(config, client(), new Credentials(workerEnvironment), metrics));
      return this;
    }
    BackupStore workerStore = store(config);
    server().startWorker(taskQueue, worker -> RunbookWorker.register(worker, config,
        new Credentials(workerEnvironment), workerStore, metrics, healthProbe));
    return this;
  }

  /** A worker in this JVM running what {@code registrations} register: workflows with custom activities. */
  public TestCluster worker(String taskQueue, Consumer<Worker> registrations) {
    this.taskQueue = taskQueue;
    server().startWorker(taskQueue, registrations);
    return this;
  }

  /** A worker JVM ({@link WorkerProcess}) reading {@code configFile}, talking to this cluster's server. */
  public JavaProcess workerProcess(Path configFile, String logName) {
    if (logs == null) {
      throw new IllegalStateException("worker JVMs need TestCluster.serverProcess(name)");
    }
    return JavaProcess.start(WorkerProcess.class.getName(),
        List.of("--config", configFile.toString(), "--address", server().address()), Map.of(), logs.resolve(logName));
  }

  // ---- using it -----------------------------------------------------------------------------------------

  public WorkflowClient client() {
    return server().client();
  }

  public String namespace() {
    return server().namespace();
  }

  /** host:port of the server, for the command line's {@code --address}. */
  public String address() {
    return server().address();
  }

  /** The store the runbooks' worker writes to (after {@link #runbooks} on an in-memory cluster). */
  public BackupStore store() {
    if (store == null) {
      throw new IllegalStateException("no runbooks worker in memory yet: call runbooks(config) first");
    }
    return store;
  }

  /** The metrics of the worker in this JVM. */
  public WorkerMetrics metrics() {
    return metrics;
  }

  /** A stub for a new workflow with this id on the runbooks' task queue. */
  public <T> T newWorkflow(Class<T> type, String workflowId) {
    return client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue).setWorkflowId(workflowId).build());
  }

  public DescribeWorkflowExecutionResponse describe(String workflowId) {
    return server().stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(namespace()).setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
  }

  public List<HistoryEvent> history(String workflowId) {
    return client().fetchHistory(workflowId).getEvents();
  }

  /**
   * The whole history as an operator could export it, twice: as JSON and as the raw protobuf bytes in
   * which payloads are not base64-encoded, so a secret cannot hide in either.
   */
  public String historyText(String workflowId) {
    WorkflowExecutionHistory history = client().fetchHistory(workflowId);
    return history.toJson(true) + "\n" + new String(history.getHistory().toByteArray(), StandardCharsets.UTF_8);
  }

  /** Whether a worker has picked up an activity of this type and is running it now (pending, started). */
  public boolean running(String workflowId, String activityType) {
    return describe(workflowId).getPendingActivitiesList().stream()
        .anyMatch(a -> activityType.equals(a.getActivityType().getName())
            && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** Lets test time pass: skipped ahead on a time-skipping cluster, waited out otherwise. */
  public void sleep(Duration duration) throws InterruptedException {
    if (server() instanceof InMemoryServer inMemory) {
      inMemory.sleep(duration);
    } else {
      Thread.sleep(duration.toMillis());
    }
  }

  // ---- JUnit --------------------------------------------------------------------------------------------

  @Override
  public void beforeAll(ExtensionContext context) {
    sharedByTheClass = true;
  }

  /** Before any @AfterEach: the server still has the histories, and nothing has been cleaned up yet. */
  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && server != null) {
      System.out.println("---- workflow histories of " + context.getDisplayName() + " ----");
      System.out.println(FailedTestReport.histories(server, MOST_HISTORIES_PRINTED));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!sharedByTheClass) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void close() {
    try {
      for (AutoCloseable worker : workers) {
        worker.close();
      }
      if (server != null) {
        server.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("stopping the test cluster failed", e);
    } finally {
      if (store != null) {
        store.close();
      }
      workers.clear();
      server = null;
      store = null;
    }
  }

  /** Synchronized: a class's tests may drive their workflows from several threads at once. */
  private synchronized TemporalServer server() {
    if (server == null) {
      server = serverStarter.get();
    }
    return server;
  }

  private BackupStore store(RunbookConfig config) {
    if (store == null) {
      store = BackupStores.open(config.storage());
    }
    return store;
  }
}
