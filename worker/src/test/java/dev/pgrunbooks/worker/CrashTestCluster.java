package dev.pgrunbooks.worker;

import dev.pgrunbooks.testing.PgFixture;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Temporal test server and runbook workers as separate JVMs, for tests that kill a worker
 * the way a crash does (SIGKILL) and let another one take over. What each process said is kept under
 * {@code target/crash-test-logs/<name>/}: the first thing to read when such a test fails.
 */
final class CrashTestCluster implements AutoCloseable {
  private final Path logs;
  private final JavaProcess server;
  private final TemporalConnection temporal;

  private CrashTestCluster(Path logs, JavaProcess server, TemporalConnection temporal) {
    this.logs = logs;
    this.server = server;
    this.temporal = temporal;
  }

  /** Starts the test server on a free port and connects to it; logs go to target/crash-test-logs/{@code name}. */
  static CrashTestCluster start(String name) throws InterruptedException {
    Path logs = Path.of("target", "crash-test-logs", name);
    int port = FreePort.find();
    JavaProcess server = JavaProcess.start("io.temporal.testserver.TestServer", List.of(String.valueOf(port)),
        Map.of(), logs.resolve("test-server.log"));
    try {
      JavaProcess.awaitPort(port, Duration.ofSeconds(60));
      return new CrashTestCluster(logs, server, TemporalConnection.open("127.0.0.1:" + port, "default"));
    } catch (RuntimeException | InterruptedException e) {
      server.kill();
      throw e;
    }
  }

  WorkflowClient client() {
    return temporal.client();
  }

  /** A worker JVM ({@link WorkerProcess}) with this config, talking to this cluster's server. */
  JavaProcess startWorker(Path config, String logName) {
    return JavaProcess.start(WorkerProcess.class.getName(),
        List.of("--config", config.toString(), "--address", temporal.address()), Map.of(), logs.resolve(logName));
  }

  List<HistoryEvent> history(String workflowId) {
    return client().fetchHistory(workflowId).getEvents();
  }

  /**
   * Adds {@code public.big} ({@code rows} rows of about 70 bytes) to {@code database}: large enough that
   * dumping or restoring it takes seconds, so a kill lands inside the step being tested.
   */
  static void addBigTable(PgFixture pg, String database, long rows) {
    pg.execute(database, "CREATE TABLE public.big AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload "
        + "FROM generate_series(1, " + rows + ") g");
  }

  /**
   * Writes a runbooks.yaml: a local store, the worker's task queue and work directory, and targets on the
   * test PostgreSQL server named by their database.
   */
  static Path writeConfig(Path file, String taskQueue, Path storeDir, Path workDir, Map<String, String> targetDatabases)
      throws IOException {
    String targets = targetDatabases.entrySet().stream()
        .map(t -> "  %s: { host: %s, port: %d, database: %s, user: %s }".formatted(
            t.getKey(), PgFixture.HOST, PgFixture.PORT, t.getValue(), PgFixture.USER))
        .collect(Collectors.joining("\n"));
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        storage: { type: local, path: %s }
        worker: { taskQueue: %s, metricsPort: 0, workDir: %s }
        targets:
        %s
        """.formatted(storeDir, taskQueue, workDir, targets));
    return file;
  }

  /** Waits until the dump's temporary file in the store has bytes in it; returns how many. */
  static long awaitPartialDump(Path storeDir, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isDirectory(storeDir)) {
        try (Stream<Path> files = Files.walk(storeDir)) {
          long bytes = files.filter(p -> p.getFileName().toString().contains(".partial-"))
              .mapToLong(p -> p.toFile().length()).max().orElse(0);
          if (bytes > 0) {
            return bytes;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the dump never started writing within " + timeout);
  }

  /** The attempt numbers with which activities of this type were started (a retried one shows only its last). */
  static List<Integer> attemptsOf(List<HistoryEvent> events, String activityType) {
    Map<Long, String> typeByScheduledId = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        typeByScheduledId.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
    }
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> activityType.equals(typeByScheduledId.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId())))
        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .toList();
  }

  /** Whether a worker has picked up an activity of this type and is running it now (a pending activity, started). */
  boolean running(String workflowId, String activityType) {
    DescribeWorkflowExecutionResponse described = temporal.stubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(temporal.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    return described.getPendingActivitiesList().stream().anyMatch(a -> activityType.equals(a.getActivityType().getName())
        && a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** Whether an activity of this type has completed. */
  static boolean completed(List<HistoryEvent> events, String activityType) {
    Map<Long, String> typeByScheduledId = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        typeByScheduledId.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && activityType.equals(typeByScheduledId.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      temporal.close();
    } finally {
      server.close();
    }
  }
}
