package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.testing.PgFixture;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a deploy, a node drain) is not a crash: the worker stops taking new steps but lets the
 * running one finish, so the dump in progress is not thrown away and redone.
 */
class WorkerShutdownTest {
  private static final Path LOGS = Path.of("target", "shutdown-test-logs");

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void sigtermDuringTheDumpLetsTheDumpFinishBeforeTheWorkerExits() throws Exception {
    String db = pg.createDatabase("shutdown");
    pg.execute(db, "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload "
        + "FROM generate_series(1, 2000000) g");
    Path storeDir = dir.resolve("backups");
    Path config = dir.resolve("runbooks.yaml");
    Files.writeString(config, """
        storage: { type: local, path: %s }
        worker: { taskQueue: shutdown-test, metricsPort: 0, workDir: %s }
        targets:
          orders: { host: %s, port: %d, database: %s, user: %s }
        """.formatted(storeDir, dir.resolve("work"), PgFixture.HOST, PgFixture.PORT, db, PgFixture.USER));
    int port = FreePort.find();

    try (JavaProcess server = JavaProcess.start("io.temporal.testserver.TestServer", List.of(String.valueOf(port)),
        Map.of(), LOGS.resolve("test-server.log"))) {
      JavaProcess.awaitPort(port, Duration.ofSeconds(60));
      List<String> workerArgs = List.of("--config", config.toString(), "--address", "127.0.0.1:" + port);
      JavaProcess first = JavaProcess.start(WorkerProcess.class.getName(), workerArgs, Map.of(),
          LOGS.resolve("worker-1.log"));

      try (TemporalConnection temporal = TemporalConnection.open("127.0.0.1:" + port, "default")) {
        WorkflowClient client = temporal.client();
        BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue("shutdown-test").setWorkflowId("backup-orders-shutdown").build());
        WorkflowClient.start(workflow::backup, new BackupRequest("orders", "test"));
        awaitPartialDump(storeDir, Duration.ofSeconds(120));

        first.terminate(Duration.ofSeconds(60));
        assertThat(Files.readString(first.log())).contains("stopping: no new steps are taken");

        try (JavaProcess second = JavaProcess.start(WorkerProcess.class.getName(), workerArgs, Map.of(),
            LOGS.resolve("worker-2.log"))) {
          BackupOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(3, TimeUnit.MINUTES, BackupOutcome.class);

          assertThat(outcome.key()).isNotBlank();
          Map<String, List<Integer>> attempts = attemptsByActivity(client.fetchHistory("backup-orders-shutdown").getEvents());
          assertThat(attempts.get("Dump")).as("the dump in progress at SIGTERM finished; it was not redone")
              .containsExactly(1);
          assertThat(attempts.get("Verify")).containsExactly(1);
        }
      }
    }
  }

  private static void awaitPartialDump(Path storeDir, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isDirectory(storeDir)) {
        try (Stream<Path> files = Files.walk(storeDir)) {
          if (files.anyMatch(p -> p.getFileName().toString().contains(".partial-") && p.toFile().length() > 0)) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the dump never started writing within " + timeout);
  }

  private static Map<String, List<Integer>> attemptsByActivity(List<HistoryEvent> events) {
    Map<Long, String> typeByScheduledId = new HashMap<>();
    Map<String, List<Integer>> attempts = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        typeByScheduledId.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        String type = typeByScheduledId.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
        attempts.computeIfAbsent(type, t -> new java.util.ArrayList<>())
            .add(e.getActivityTaskStartedEventAttributes().getAttempt());
      }
    }
    return attempts;
  }
}
