package dev.pgrunbooks.worker;

import dev.pgrunbooks.rehearsal.RehearsalResult;
import static dev.pgrunbooks.worker.RehearsalHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.codahale.metrics.Gauge;
import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.rehearsal.RehearsalWorkflow;
import dev.pgrunbooks.testing.TestCluster;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal runbook end to end on Temporal's test server with the real activities, a real
 * PostgreSQL and real backups: what is left behind (reports, marks, databases) and what operators hear.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RehearsalWorkflowTest {
  private static final String SMOKE_OK = """
      -- every order has its customer
      SELECT count(*) = 0 FROM sales.orders o LEFT JOIN sales.customers c ON c.id = o.customer_id WHERE c.id IS NULL;
      SELECT count(*) > 0 FROM "Zürich"."Bestellungen" WHERE "Grußtext" LIKE '%;%' OR true;
      /* a function body with semicolons */ SELECT $$a;b$$ = 'a;b';
      """;

  @TempDir Path dir;
  @RegisterExtension final TestCluster temporal = TestCluster.timeSkipping(null);
  private RehearsalHarness h;
  private Instant now;

  @BeforeEach
  void setUp() throws Exception {
    h = new RehearsalHarness(dir, temporal);
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void aGoodWeeklyBackupPassesLeavesAReportDropsTheScratchDatabaseAndUpdatesTheMetrics() throws Exception {
    h.start(h.config(h.smokeFile("smoke.sql", SMOKE_OK).toString(), null, null));
    BackupManifest backup = h.backup(now.minus(Duration.ofDays(2)));

    RehearsalOutcome outcome = rehearse(null).getResult(RehearsalOutcome.class);

    assertThat(outcome.backupKey()).isEqualTo(backup.key());
    assertThat(outcome.scratchDatabase()).matches(RehearsalNames.scratchDatabaseOfDay(TARGET, now) + "_[0-9a-f]{8}");
    assertThat(outcome.rtoMet()).isTrue();
    assertThat(outcome.rpoMillis()).isEqualTo(Duration.ofDays(2).toMillis());
    assertThat(outcome.rpoMet()).isFalse();
    assertThat(h.scratchDatabases()).isEmpty();

    RehearsalReport report = h.report(outcome.reportKey());
    assertThat(report.outcome()).isEqualTo(RehearsalResult.PASSED);
    assertThat(report.integrity().passed()).isTrue();
    assertThat(report.smoke().queries()).hasSize(3).allSatisfy(q -> assertThat(q.passed()).isTrue());
    assertThat(report.scratchDropped()).isEqualTo(outcome.scratchDatabase() + " dropped");
    String markdown = new String(h.store.read(RehearsalNames.markdownKey(outcome.reportKey())), StandardCharsets.UTF_8);
    assertThat(markdown).contains("Restore rehearsal of orders: passed").contains(backup.key())
        .contains("RTO measured").contains("against an objective of 1h: met");

    assertThat(gauge("pgrunbooks.rehearsal.seconds_since_last_passed." + TARGET).longValue()).isBetween(0L, 300L);
    assertThat(gauge("pgrunbooks.rehearsal.rto_seconds." + TARGET).doubleValue()).isPositive();
    assertThat(gauge("pgrunbooks.rehearsal.rpo_seconds." + TARGET).doubleValue()).isEqualTo(2 * 86400.0);
    assertThat(h.temporal.metrics().registry().getTimers()).containsKey("pgrunbooks.rehearsal.duration_seconds." + TARGET);
    assertThat(new BackupCatalog(h.store).find(TARGET, backup.key()).orElseThrow().status())
        .isEqualTo(BackupEntry.VERIFIED);
    assertThat(h.webhookMessages).isEmpty();
  }

  @Test
  void aCorruptedWeeklyBackupFailsNotifiesIsMarkedAndAFreshBackupCompletes() throws Exception {
    h.start(h.config(null, null, null));
    BackupManifest backup = h.backup(now.minus(Duration.ofDays(3)));
    byte[] dump = h.store.read(backup.key());
    dump[dump.length / 2] ^= 0x01;
    h.store.put(backup.key(), dump);

    Throwable failed = catchThrowable(() -> rehearse(null).getResult(RehearsalOutcome.class));

    assertThat(failed).isInstanceOf(WorkflowFailedException.class);
    String reportKey = RehearsalNames.reportKey(TARGET, dev.pgrunbooks.runbook.BackupKeys.stamp(now));
    assertThat(RehearsalHarness.messages(failed)).contains("failed at Restore").contains("does not match its manifest")
        .contains("marked as failing rehearsal").contains("fresh backup backup-orders-").contains(reportKey);
    assertThat(h.webhookMessages).anySatisfy(m -> assertThat(m).contains("rehearsal of orders failed")
        .contains(reportKey).contains(backup.key()));
    BackupEntry marked = new BackupCatalog(h.store).find(TARGET, backup.key()).orElseThrow();
    assertThat(marked.status()).isEqualTo(BackupEntry.FAILED_REHEARSAL);
    assertThat(marked.verified()).isFalse();
    assertThat(marked.manifest().rehearsal().reason()).contains("does not match its manifest");
    assertThat(h.scratchDatabases()).isEmpty();

    RehearsalReport report = h.report(reportKey);
    assertThat(report.outcome()).isEqualTo(RehearsalResult.FAILED);
    assertThat(report.backupMarked()).isTrue();
    BackupOutcome fresh = h.temporal.client().newUntypedWorkflowStub(report.freshBackupWorkflowId())
        .getResult(BackupOutcome.class);
    assertThat(new BackupCatalog(h.store).latestVerified(TARGET).orElseThrow().key()).isEqualTo(fresh.key());
    assertThat(fresh.key()).isNotEqualTo(backup.key());
  }

  @Test
  void aRehearsalCancelledDuringItsRestoreLeavesNoScratchDatabase() throws Exception {
    // A check constraint that sleeps makes pg_restore's COPY of this table take about 30 s.
    h.pg.execute(h.live,
        "CREATE FUNCTION public.slow_ok(i int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN true; END $$",
        "CREATE TABLE public.slow (i int CHECK (public.slow_ok(i)))",
        "INSERT INTO public.slow SELECT generate_series(1, 600)",
        "CREATE OR REPLACE FUNCTION public.slow_ok(i int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS"
            + " $$ BEGIN PERFORM pg_sleep(0.05); RETURN true; END $$");
    h.start(h.config(null, null, null));
    h.backup(now.minus(Duration.ofDays(1)));

    WorkflowStub run = rehearse(null);
    awaitTrue(() -> !h.scratchDatabases().isEmpty() && "Restore".equals(
        run.query("progress", dev.pgrunbooks.runbook.RunbookProgress.class).currentStep()));
    run.cancel();
    Throwable cancelled = catchThrowable(() -> run.getResult(RehearsalOutcome.class));

    assertThat(cancelled).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(h.scratchDatabases()).isEmpty();
    RehearsalReport report = h.report(RehearsalNames.reportKey(TARGET, dev.pgrunbooks.runbook.BackupKeys.stamp(now)));
    assertThat(report.outcome()).isEqualTo(RehearsalResult.CANCELLED);
    assertThat(report.backupMarked()).isFalse();
  }

  @Test
  void aMissingSmokeSqlFileFailsWithTheErrorDropsTheScratchDatabaseAndDoesNotBlameTheBackup() {
    Path missing = dir.resolve("no-such-smoke.sql");
    h.start(h.config(missing.toString(), null, null));
    BackupManifest backup = h.backup(now.minus(Duration.ofDays(1)));

    Throwable failed = catchThrowable(() -> rehearse(null).getResult(RehearsalOutcome.class));

    assertThat(RehearsalHarness.messages(failed)).contains("failed at SmokeQueries").contains(missing.toString())
        .contains("does not exist").contains("dropped");
    assertThat(h.scratchDatabases()).isEmpty();
    assertThat(new BackupCatalog(h.store).find(TARGET, backup.key()).orElseThrow().status()).isEqualTo(BackupEntry.VERIFIED);
    assertThat(h.webhookMessages).anySatisfy(m -> assertThat(m).contains("does not exist"));
  }

  @Test
  void aSmokeSqlSyntaxErrorFailsWithThePostgresError() throws Exception {
    h.start(h.config(h.smokeFile("bad.sql", "SELECT true;\nSELEC count(*) FROM sales.orders;").toString(),
        null, null));
    h.backup(now.minus(Duration.ofDays(1)));

    Throwable failed = catchThrowable(() -> rehearse(null).getResult(RehearsalOutcome.class));

    assertThat(RehearsalHarness.messages(failed)).contains("smoke query #2").contains("syntax error")
        .contains("SELEC count(*)");
    assertThat(h.scratchDatabases()).isEmpty();
  }

  @Test
  void aSmokeQueryAnsweringFalseFailsTheRehearsalAndMarksTheBackup() throws Exception {
    h.start(h.config(h.smokeFile("false.sql", "SELECT true;\nSELECT count(*) > 1000000 FROM sales.orders;")
        .toString(), null, null));
    BackupManifest backup = h.backup(now.minus(Duration.ofDays(1)));

    Throwable failed = catchThrowable(() -> rehearse(RehearsalRequest.LATEST).getResult(RehearsalOutcome.class));

    assertThat(RehearsalHarness.messages(failed)).contains("smoke queries did not return true").contains("#2")
        .contains("→ false");
    assertThat(new BackupCatalog(h.store).find(TARGET, backup.key()).orElseThrow().status())
        .isEqualTo(BackupEntry.FAILED_REHEARSAL);
    assertThat(h.scratchDatabases()).isEmpty();
  }

  @Test
  void aTargetWithoutVerifiedBackupsFailsClearlyAlertsAndCreatesNoScratchDatabase() {
    h.start(h.config(null, null, null));

    Throwable failed = catchThrowable(() -> rehearse(null).getResult(RehearsalOutcome.class));

    assertThat(RehearsalHarness.messages(failed)).contains("failed at PickBackup")
        .contains("no verified weekly backup of orders").contains("there is no verified backup at all")
        .contains("runbook backup orders");
    assertThat(h.webhookMessages).anySatisfy(m -> assertThat(m).contains("no verified weekly backup"));
    assertThat(h.scratchDatabases()).isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private WorkflowStub rehearse(String pick) {
    RehearsalWorkflow run = h.temporal.client().newWorkflowStub(RehearsalWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(RehearsalNames.workflowId(TARGET, now))
        .setTaskQueue(h.config.worker().taskQueue())
        .build());
    WorkflowClient.start(run::rehearse, new RehearsalRequest(TARGET, pick, "test", now));
    return WorkflowStub.fromTyped(run);
  }

  private Number gauge(String name) {
    Gauge<?> gauge = h.temporal.metrics().registry().getGauges().get(name);
    assertThat(gauge).as(name).isNotNull();
    return (Number) gauge.getValue();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 2 minutes");
      }
      Thread.sleep(200);
    }
  }
}
