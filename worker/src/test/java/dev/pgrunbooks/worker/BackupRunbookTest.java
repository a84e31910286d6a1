package dev.pgrunbooks.worker;

import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.StepState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backup runbook end to end: workflow, real activities, real PostgreSQL, local store. */
class BackupRunbookTest {
  private static final String PASSWORD = "pw-4f1c9e-never-in-history";

  @TempDir Path storeDir;
  @TempDir Path binDir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.inMemory();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void backupCommitsAVerifiedDumpThatRestoresToTheSourceAndKeepsThePasswordOutOfHistory() throws IOException {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    RunbookConfig config = TestConfig.localStore(storeDir)
        .target("orders", db, t -> t.passwordEnv("ORDERS_PGPASSWORD")).build();

    temporal.workerEnvironment(Map.of("ORDERS_PGPASSWORD", PASSWORD)).runbooks(config);
    BackupOutcome outcome = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-test")
        .backup(new BackupRequest("orders", "test"));

    assertThat(outcome.steps()).extracting(StepRecord::name, StepRecord::state).containsExactly(
        step("Preflight"), step("Dump"), step("Verify"), step("WriteManifest"), step("Prune"),
        step("RecordBackupMetrics"), step("Notify"));
    List<BackupEntry> backups = new BackupCatalog(temporal.store()).list("orders");
    assertThat(backups).singleElement().satisfies(b -> {
      assertThat(b.key()).isEqualTo(outcome.key());
      assertThat(b.status()).isEqualTo(BackupEntry.VERIFIED);
      assertThat(b.manifest().workflowId()).isEqualTo("backup-orders-test");
    });
    String restored;
    try (InputStream dump = temporal.store().open(outcome.key())) {
      restored = pg.restore(dump);
    }
    assertThat(pg.rowCounts(restored)).isEqualTo(pg.rowCounts(db));
    assertThat(pg.contentHashes(restored)).isEqualTo(pg.contentHashes(db));

    Map<String, Payload> attributes = temporal.describe("backup-orders-test")
        .getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(keyword(attributes, "RunbookStatus")).isEqualTo("Succeeded");
    assertThat(keyword(attributes, "RunbookKind")).isEqualTo("backup");
    assertThat(keyword(attributes, "RunbookTarget")).isEqualTo("orders");
    assertThat(temporal.historyText("backup-orders-test")).doesNotContain(PASSWORD);
  }

  @Test
  void unknownDatabaseFailsAtPreflightSayingWhatToFixAndWritesNothing() {
    RunbookConfig config = TestConfig.localStore(storeDir).target("orders", "no_such_db_" + System.nanoTime()).build();

    temporal.runbooks(config);
    BackupWorkflow backup = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-unknown-db");
    WorkflowFailedException failed = catchThrowableOfType(
        () -> backup.backup(new BackupRequest("orders", "test")), WorkflowFailedException.class);

    assertThat(messageOf(failed))
        .startsWith("backup of orders failed at Preflight: database no_such_db_")
        .contains("does not exist on " + PgFixture.HOST + ":" + PgFixture.PORT);
    assertThat(temporal.store().list("")).isEmpty();
  }

  @Test
  void pgDumpFailingHalfwayFailsWithItsOwnErrorAndLeavesNoBackup() throws IOException {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    Path realPgDump = PgTools.of(TestConfig.localStore(storeDir).target("x", db).build()).locate("pg_dump");
    Path wrapper = binDir.resolve("pg_dump");
    Files.writeString(wrapper, """
        #!/bin/sh
        if [ "$1" = "--version" ]; then exec '%1$s' --version; fi
        '%1$s' "$@" | head -c 8192
        echo 'pg_dump: error: query failed: ERROR:  permission denied for table secrets' >&2
        exit 1
        """.formatted(realPgDump));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    RunbookConfig config = TestConfig.localStore(storeDir).binDir(binDir).target("orders", db).build();

    temporal.runbooks(config);
    BackupWorkflow backup = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-dump-fails");
    WorkflowFailedException failed = catchThrowableOfType(
        () -> backup.backup(new BackupRequest("orders", "test")), WorkflowFailedException.class);

    assertThat(messageOf(failed)).startsWith("backup of orders failed at Dump: ")
        .contains("pg_dump: error: query failed: ERROR:  permission denied for table secrets");
    assertThat(temporal.store().list("")).isEmpty();
    RunbookProgress progress = temporal.client().newWorkflowStub(BackupWorkflow.class, "backup-orders-dump-fails")
        .progress();
    assertThat(progress.status()).isEqualTo(RunbookStatus.FAILED);
    assertThat(progress.steps()).extracting(StepRecord::name).contains("DiscardDump");
  }

  private static org.assertj.core.groups.Tuple step(String name) {
    return org.assertj.core.groups.Tuple.tuple(name, StepState.SUCCEEDED);
  }

  private static String keyword(Map<String, Payload> attributes, String name) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(attributes.get(name), String.class, String.class);
  }

  private static String messageOf(WorkflowFailedException failed) {
    return ((ApplicationFailure) failed.getCause()).getOriginalMessage();
  }
}
