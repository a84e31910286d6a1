package dev.pgrunbooks.worker;

import static dev.pgrunbooks.worker.RestoreRuns.awaitStatus;
import static dev.pgrunbooks.worker.RestoreRuns.rootMessage;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.runbook.StepState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.Decision;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.restore.HealthProbePolicy;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import com.sun.net.httpserver.HttpServer;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disaster-recovery runbook end to end on Temporal's test server, with the real activities, a real
 * PostgreSQL and real backups: what the database holds afterwards, and what an operator sees and does.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class DisasterRecoveryWorkflowTest {
  private static final String TARGET = "orders";
  private static final String WORKFLOW_ID = "restore-orders";
  private static final HealthProbePolicy QUICK_PROBE =
      new HealthProbePolicy(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2));

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.timeSkipping(null).healthProbe(QUICK_PROBE);
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private HttpServer health;
  private LocalBackupStore store;
  private RunbookConfig config;
  private String live;

  @BeforeEach
  void setUp() throws Exception {
    health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    health.createContext("/health", exchange -> {
      boolean ok = healthy.get();
      byte[] body = (ok ? "{\"status\":\"ok\"}" : "{\"status\":\"down\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    health.start();

    live = pg.createDatabase();
    pg.loadRichSchema(live);
    String healthUrl = "http://127.0.0.1:" + health.getAddress().getPort() + "/health";
    config = TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, live, t -> t.health(healthUrl, "\"status\":\"ok\"").objectives("24h", "1h"))
        .worker(null, dir.resolve("work"))
        .liveCountTableBudget("2s")
        .build();
    store = new LocalBackupStore(dir.resolve("store"), "");
    temporal.runbooks(config);
  }

  @AfterEach
  void tearDown() {
    health.stop(0);
    pg.databasesBeside(live).forEach(pg::dropLater);
    pg.close();
  }

  @Test
  void swapWaitsForTheRightApprovalThenPutsTheBackupInPlaceAndKeepsTheOldDatabase() {
    BackupManifest backup = backup();
    Map<String, String> atBackup = pg.contentHashes(live);
    pg.execute(live, "INSERT INTO public.empty_table VALUES (1)", "DELETE FROM audit.events WHERE id < 1100");
    Map<String, String> beforeRestore = pg.contentHashes(live);

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test"));
    awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
    assertThat(run.progress().waitingFor()).contains("--database " + live);

    Throwable wrongName = catchThrowable(() -> run.approve(new Approval(live + "_typo", "alice")));
    assertThat(wrongName).isInstanceOf(WorkflowUpdateException.class);
    assertThat(rootMessage(wrongName)).contains("not '" + live + "_typo'");
    assertThat(catchThrowable(() -> run.approve(new Approval(live, " ")))).isInstanceOf(WorkflowUpdateException.class);
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.AWAITING_APPROVAL);
    assertThat(pg.contentHashes(live)).isEqualTo(beforeRestore);

    run.approve(new Approval(live, "alice"));
    RestoreOutcome outcome = WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class);

    assertThat(outcome.database()).isEqualTo(live);
    assertThat(outcome.backupKey()).isEqualTo(backup.key());
    assertThat(outcome.approvedBy()).isEqualTo("alice");
    assertThat(pg.contentHashes(live)).isEqualTo(atBackup);
    assertThat(outcome.keptDatabase()).startsWith(live + "__before_");
    assertThat(pg.contentHashes(outcome.keptDatabase())).isEqualTo(beforeRestore);
    assertThat(pg.databasesBeside(live)).containsExactly(outcome.keptDatabase());
    assertThat(temporal.historyText(WORKFLOW_ID))
        .as("the rejected approvals left no trace in history").doesNotContain(live + "_typo")
        .contains("alice");
    assertThat(store.stat(outcome.reportKey())).isPresent();
    assertThat(new String(store.read(outcome.reportKey().replace(".json", ".md")), StandardCharsets.UTF_8))
        .contains("alice").contains(backup.key());
    assertThat(dir.resolve("work").resolve(WORKFLOW_ID)).doesNotExist();
  }

  @Test
  void inPlaceDropsAndRestoresAfterApproval() {
    backup();
    Map<String, String> atBackup = pg.contentHashes(live);
    pg.execute(live, "TRUNCATE public.\"Line Items\"", "CREATE TABLE public.since_backup (x int)");

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.IN_PLACE, null, 600, "test"));
    awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
    run.approve(new Approval(live, "bob"));
    RestoreOutcome outcome = WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class);

    assertThat(outcome.mode()).isEqualTo(RestoreMode.IN_PLACE);
    assertThat(pg.contentHashes(live)).isEqualTo(atBackup);
    assertThat(pg.tables(live)).doesNotContain("public.since_backup");
    assertThat(pg.databasesBeside(live)).isEmpty();
  }

  @Test
  void aCorruptedBackupStopsBeforeAnythingDestructive() {
    BackupManifest backup = backup();
    byte[] dump = store.read(backup.key());
    dump[dump.length / 2] ^= 0x01;
    store.put(backup.key(), dump);
    pg.execute(live, "INSERT INTO public.empty_table VALUES (7)");
    Map<String, String> beforeRestore = pg.contentHashes(live);

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, backup.key(), RestoreMode.IN_PLACE, null, 600, "test"));
    Throwable failed = catchThrowable(() -> WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class));

    assertThat(failed).isInstanceOf(WorkflowFailedException.class);
    assertThat(rootMessage(failed)).contains("does not match its manifest").contains(live + " untouched");
    assertThat(pg.contentHashes(live)).isEqualTo(beforeRestore);
    assertThat(pg.databasesBeside(live)).isEmpty();
  }

  @Test
  void aFailedHealthProbeWaitsForTheOperatorAndRetryCompletesIt() {
    backup();
    Map<String, String> atBackup = pg.contentHashes(live);
    healthy.set(false);

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test"));
    awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
    run.approve(new Approval(live, "carol"));
    awaitStatus(run, RunbookStatus.NEEDS_OPERATOR);
    assertThat(run.progress().waitingFor()).contains("HealthProbe").contains("503").contains("retry | skip | abort");

    healthy.set(true);
    run.decide(new Decision(Decision.Choice.RETRY, "carol"));
    RestoreOutcome outcome = WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class);
    assertThat(pg.contentHashes(live)).isEqualTo(atBackup);
    assertThat(outcome.steps()).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("HealthProbe");
      assertThat(s.state()).isEqualTo(StepState.SUCCEEDED);
    });
  }

  @Test
  void abortAfterAFailedHealthProbeInSwapModePutsTheOriginalBackAndKeepsTheApplicationsWrites() {
    backup();
    pg.execute(live, "INSERT INTO public.empty_table VALUES (3)");
    Map<String, String> beforeRestore = pg.contentHashes(live);
    healthy.set(false);

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test"));
    awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
    run.approve(new Approval(live, "dave"));
    awaitStatus(run, RunbookStatus.NEEDS_OPERATOR);
    // The restored copy is live: the application writes into it before the operator gives up.
    pg.execute(live, "INSERT INTO public.empty_table VALUES (424242)");
    // An answer that is not retry, skip or abort cannot even be read as a decision: refused.
    assertThat(catchThrowable(() -> WorkflowStub.fromTyped(run).update("decide", String.class,
        java.util.Map.of("choice", "maybe", "by", "dave")))).isInstanceOf(WorkflowUpdateException.class);
    run.decide(new Decision(Decision.Choice.ABORT, "dave"));
    Throwable aborted = catchThrowable(() -> WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class));

    assertThat(aborted).isInstanceOf(WorkflowFailedException.class);
    assertThat(rootMessage(aborted)).contains("aborted by dave").contains("swapped back");
    assertThat(pg.contentHashes(live)).isEqualTo(beforeRestore);
    assertThat(pg.databasesBeside(live)).singleElement().asString().startsWith(live + "__aborted_");
    String abortedCopy = pg.databasesBeside(live).get(0);
    assertThat(pg.queryLong(abortedCopy, "SELECT count(*) FROM public.empty_table WHERE id = 424242"))
        .as("the row the application wrote after the swap survives the abort").isEqualTo(1);
    assertThat(rootMessage(aborted)).contains("kept as " + abortedCopy).contains("DROP DATABASE");
  }

  @Test
  void aTableLockedByAStuckSessionDoesNotHoldUpTheApprovalGate() throws Exception {
    backup();
    // An incident: a session holds ACCESS EXCLUSIVE on a live table (for up to 4 minutes).
    try (java.sql.Connection stuck = pg.connect(live)) {
      stuck.setAutoCommit(false);
      try (java.sql.Statement st = stuck.createStatement()) {
        st.execute("SET idle_in_transaction_session_timeout = '4min'");
        st.execute("LOCK TABLE public.empty_table IN ACCESS EXCLUSIVE MODE");
      }
      long started = System.nanoTime();
      DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test"));
      awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.out.println("swap restore reached its approval gate in " + took.toMillis() + " ms with "
          + "public.empty_table locked ACCESS EXCLUSIVE by another session");
      assertThat(took).isLessThan(Duration.ofMinutes(2));
      assertThat(run.progress().steps()).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("SnapshotLiveCounts");
        assertThat(s.state()).isEqualTo(StepState.SUCCEEDED);
      });
      WorkflowStub.fromTyped(run).cancel();
      catchThrowable(() -> WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class));
      stuck.rollback();
    }
    assertThat(pg.databasesBeside(live)).as("the cancel dropped the staging copy").isEmpty();
  }

  @Test
  void intoAnExistingDatabaseIsRefusedAndThatDatabaseIsKept() {
    backup();
    String existing = pg.createDatabase("mine");
    pg.execute(existing, "CREATE TABLE precious (x int)");

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, existing, 600, "test"));
    Throwable failed = catchThrowable(() -> WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class));

    assertThat(rootMessage(failed)).contains("already exists");
    assertThat(pg.tables(existing)).contains("public.precious");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private BackupManifest backup() {
    return VerifiedBackups.take(config, store, TARGET, Instant.parse("2026-11-22T02:00:00Z"), "backup-orders-test");
  }

  private DisasterRecoveryWorkflow start(RestoreRequest request) {
    DisasterRecoveryWorkflow run = temporal.newWorkflow(DisasterRecoveryWorkflow.class, WORKFLOW_ID);
    WorkflowClient.start(run::restore, request);
    return run;
  }
}
