package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.testing.JavaProcess;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.WorkflowHistories;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a deploy, a node drain) is not a crash: the worker stops taking new steps but lets the
 * running one finish, so the dump in progress is not thrown away and redone.
 */
class WorkerShutdownTest {
  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster cluster = TestCluster.serverProcess("shutdown");

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void sigtermDuringTheDumpLetsTheDumpFinishBeforeTheWorkerExits() throws Exception {
    String db = pg.createDatabase("shutdown");
    pg.addBigTable(db, 2_000_000);
    Path storeDir = dir.resolve("backups");
    Path config = TestConfig.localStore(storeDir).target("orders", db).worker("shutdown-test", dir.resolve("work"))
        .writeTo(dir.resolve("runbooks.yaml"));

    try (JavaProcess first = cluster.workerProcess(config, "worker-1.log")) {
      WorkflowClient client = cluster.client();
      BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue("shutdown-test").setWorkflowId("backup-orders-shutdown").build());
      WorkflowClient.start(workflow::backup, new BackupRequest("orders", "test"));
      PartialDumps.await(storeDir, Duration.ofSeconds(120));

      first.terminate(Duration.ofSeconds(60));
      assertThat(Files.readString(first.log())).contains("stopping: no new steps are taken");

      try (JavaProcess second = cluster.workerProcess(config, "worker-2.log")) {
        BackupOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(3, TimeUnit.MINUTES, BackupOutcome.class);

        assertThat(outcome.key()).isNotBlank();
        List<HistoryEvent> events = cluster.history("backup-orders-shutdown");
        assertThat(WorkflowHistories.attemptsOf(events, "Dump"))
            .as("the dump in progress at SIGTERM finished; it was not redone").containsExactly(1);
        assertThat(WorkflowHistories.attemptsOf(events, "Verify")).containsExactly(1);
      }
    }
  }
}
