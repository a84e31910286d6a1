package dev.pgrunbooks.worker;

import dev.pgrunbooks.runbook.BackupKeys;
import static dev.pgrunbooks.testing.WorkflowHistories.attemptsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.JavaProcess;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with SIGKILL in the middle of pg_dump: Temporal notices the missing heartbeats, a
 * second worker runs the dump again from the start, and the store ends with exactly one verified
 * backup, nothing partial beside it.
 */
class BackupWorkerCrashTest {
  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster cluster = TestCluster.serverProcess("backup");

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void aNewWorkerFinishesTheBackupAfterTheFirstIsKilledDuringTheDump() throws Exception {
    String db = pg.createDatabase("crash");
    // Large enough that pg_dump runs for seconds, so the kill lands inside the dump step.
    pg.addBigTable(db, 3_000_000);
    Path storeDir = dir.resolve("backups");
    Path config = TestConfig.localStore(storeDir).target("orders", db).worker("crash-test", dir.resolve("work"))
        .writeTo(dir.resolve("runbooks.yaml"));

    try (JavaProcess first = cluster.workerProcess(config, "worker-1.log")) {
      WorkflowClient client = cluster.client();
      BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue("crash-test").setWorkflowId("backup-orders-crash").build());
      WorkflowClient.start(workflow::backup, new BackupRequest("orders", "test"));

      long partialBytes = PartialDumps.await(storeDir, Duration.ofSeconds(120));
      first.kill();
      assertThat(partialBytes).as("the first worker was killed with part of the dump written").isPositive();

      try (JavaProcess second = cluster.workerProcess(config, "worker-2.log")) {
        BackupOutcome outcome = WorkflowStub.fromTyped(workflow)
            .getResult(5, TimeUnit.MINUTES, BackupOutcome.class);

        assertThat(filesIn(storeDir)).as("exactly one dump, what is kept beside it and its manifest, nothing partial")
            .containsExactlyInAnyOrder(outcome.key(), BackupKeys.countsKey(outcome.key()),
                BackupKeys.censusKey(outcome.key()), BackupKeys.claimKey(outcome.key()), outcome.manifestKey());
        LocalBackupStore store = new LocalBackupStore(storeDir, "");
        List<BackupEntry> backups = new BackupCatalog(store).list("orders");
        assertThat(backups).singleElement().extracting(BackupEntry::status).isEqualTo(BackupEntry.VERIFIED);
        String restored;
        try (InputStream dump = store.open(outcome.key())) {
          restored = pg.restore(dump);
        }
        assertThat(pg.rowCounts(restored)).isEqualTo(backups.get(0).manifest().rowCounts())
            .containsEntry("public.big", 3_000_000L);

        List<HistoryEvent> events = cluster.history("backup-orders-crash");
        assertThat(attemptsOf(events, "Preflight")).as("preflight ran once").containsExactly(1);
        assertThat(attemptsOf(events, "Dump")).as("the dump was taken over, not restarted from preflight")
            .containsExactly(2);
      }
    }
  }

  private static List<String> filesIn(Path storeDir) throws IOException {
    try (Stream<Path> files = Files.walk(storeDir)) {
      return files.filter(Files::isRegularFile).map(p -> storeDir.relativize(p).toString()).toList();
    }
  }
}
