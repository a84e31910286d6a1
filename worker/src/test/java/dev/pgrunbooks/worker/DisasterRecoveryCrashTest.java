package dev.pgrunbooks.worker;

import dev.pgrunbooks.restore.RestoreActivitiesImpl;
import dev.pgrunbooks.census.RestoreMarkerSetting;
import dev.pgrunbooks.restore.RestoreMode;
import static dev.pgrunbooks.testing.WorkflowHistories.attemptsOf;
import static dev.pgrunbooks.testing.WorkflowHistories.completed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.JavaProcess;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The disaster-recovery runbook survives its worker being killed (SIGKILL) in each of its long steps:
 * a second worker picks the restore up at the step it was in, runs that step again and finishes, and
 * the live database ends equal to the backup with no staging or half-created database left behind.
 *
 * <p>The four scenarios share one source database and one backup, and run at the same time, each with
 * its own live database (a copy of the source), task queue and pair of worker JVMs: most of a scenario
 * is waiting for Temporal to notice the dead worker's missing heartbeats, and that waiting overlaps.
 * {@code @BeforeAll} starts them all; each test then checks one scenario's result.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DisasterRecoveryCrashTest {
  private static final String TARGET = "orders";
  /** Big enough that the download, pg_restore and the row count take long enough to be caught in. */
  private static final long BIG_ROWS = 3_000_000;
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  /** The steps in the order the runbook runs them in each mode (the approval is not an activity). */
  private static final List<String> SWAP_STEPS =
      List.of("ResolveBackup", "Download", "SnapshotLiveCounts", "Restore", "IntegrityCheck", "SwapIntoPlace");
  private static final List<String> IN_PLACE_STEPS =
      List.of("ResolveBackup", "Download", "SnapshotLiveCounts", "TerminateAndDrop", "Restore", "IntegrityCheck");

  /** Where worker 1 dies. */
  enum Scenario {
    /** While the dump is being copied into the work file. */
    DOWNLOAD(RestoreMode.SWAP, "Download"),
    /** In place: the live database is dropped, the restore step has been picked up, nothing is created yet. */
    AFTER_DROP(RestoreMode.IN_PLACE, "Restore"),
    /** In place: pg_restore is copying the big table into the recreated live database. */
    PG_RESTORE(RestoreMode.IN_PLACE, "Restore"),
    /** Swap: the integrity check is counting the rows of the restored staging database. */
    INTEGRITY_CHECK(RestoreMode.SWAP, "IntegrityCheck");

    final RestoreMode mode;
    final String killedStep;

    Scenario(RestoreMode mode, String killedStep) {
      this.mode = mode;
      this.killedStep = killedStep;
    }

    String slug() {
      return name().toLowerCase().replace('_', '-');
    }

    String workflowId() {
      return "restore-orders-crash-" + slug();
    }

    boolean inPlace() {
      return mode == RestoreMode.IN_PLACE;
    }

    List<String> steps() {
      return inPlace() ? IN_PLACE_STEPS : SWAP_STEPS;
    }
  }

  /** What one scenario left behind, gathered once its workflow has finished. */
  record Run(String live, String killedAt, RestoreOutcome outcome, List<HistoryEvent> history,
      Map<String, String> liveContent, List<String> databasesBeside, List<String> markedDatabases,
      boolean workFilesLeft, long keptMarkerRows) {}

  @TempDir static Path dir;
  private static final PgFixture pg = new PgFixture();
  @RegisterExtension static final TestCluster cluster = TestCluster.serverProcess("disaster-recovery");
  private static ExecutorService drivers;
  private static BackupManifest backup;
  private static Map<String, String> atBackup;
  private static final Map<Scenario, String> lives = new EnumMap<>(Scenario.class);
  private static final Map<Scenario, Future<Run>> runs = new EnumMap<>(Scenario.class);

  @BeforeAll
  static void backUpTheSourceThenStartEveryScenario() throws Exception {
    String source = pg.createDatabase("drsrc");
    pg.loadRichSchema(source);
    pg.addBigTable(source, BIG_ROWS);
    pg.execute(source, "ALTER TABLE public.big ADD PRIMARY KEY (id)");
    backup = backUp(source);
    atBackup = pg.contentHashes(source);

    for (Scenario s : Scenario.values()) {
      // Short: the staging name <live>__restore_<stamp> must fit PostgreSQL's 63 bytes.
      String live = "drc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      pg.execute("postgres", "CREATE DATABASE " + PgFixture.quote(live) + " TEMPLATE " + PgFixture.quote(source));
      pg.dropLater(live);
      // Changed since the backup: the restore has something to undo, and a kept copy is recognisable.
      pg.execute(live, "INSERT INTO public.empty_table VALUES (42)", "DELETE FROM public.big WHERE id % 1000 = 0");
      lives.put(s, live);
    }

    drivers = Executors.newFixedThreadPool(Scenario.values().length);
    for (Scenario s : Scenario.values()) {
      runs.put(s, drivers.submit(() -> drive(s, lives.get(s))));
    }
  }

  @AfterAll
  static void stopAndDropEverything() throws Exception {
    try {
      if (drivers != null) {
        drivers.shutdown();
        if (!drivers.awaitTermination(PATIENCE.toMinutes() + 1, TimeUnit.MINUTES)) {
          drivers.shutdownNow();
        }
      }
    } finally {
      // Staging and kept databases the restores made, whether or not their scenario succeeded.
      lives.values().forEach(live -> pg.databasesBeside(live).forEach(pg::dropLater));
      pg.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void aSecondWorkerFinishesTheRestoreAfterTheFirstIsKilled(Scenario scenario) throws Exception {
    Run run = runs.get(scenario).get(PATIENCE.toMinutes() + 1, TimeUnit.MINUTES);
    System.out.println(scenario + ": worker 1 killed " + run.killedAt());

    assertThat(run.outcome().database()).isEqualTo(run.live());
    assertThat(run.liveContent()).as("the live database holds exactly what the backup holds").isEqualTo(atBackup);
    assertThat(run.markedDatabases()).as("no half-created database of this restore is left beside the live one")
        .containsExactly(run.live());
    assertThat(run.workFilesLeft()).as("the downloaded work file is removed").isFalse();
    if (scenario.inPlace()) {
      assertThat(run.databasesBeside()).as("no staging database").isEmpty();
    } else {
      assertThat(run.outcome().keptDatabase()).startsWith(run.live() + "__before_");
      assertThat(run.databasesBeside()).as("only the kept original, no staging database")
          .containsExactly(run.outcome().keptDatabase());
      assertThat(run.keptMarkerRows()).as("the kept database is the original, with its change since the backup")
          .isEqualTo(1);
    }

    for (String step : scenario.steps()) {
      if (step.equals(scenario.killedStep)) {
        assertThat(attemptsOf(run.history(), step)).as(step + " was taken over by the second worker")
            .containsExactly(2);
      } else {
        assertThat(attemptsOf(run.history(), step)).as(step + " ran once").containsExactly(1);
      }
    }
  }

  // ---- one scenario, start to finish ----------------------------------------------------------

  private static Run drive(Scenario s, String live) throws Exception {
    Path home = dir.resolve(s.slug());
    Path work = home.resolve("work");
    Path config = TestConfig.localStore(dir.resolve("store")).target(TARGET, live).worker("crash-" + s.slug(), work)
        .writeTo(home.resolve("runbooks.yaml"));
    WorkflowClient client = cluster.client();
    DisasterRecoveryWorkflow restore = client.newWorkflowStub(DisasterRecoveryWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue("crash-" + s.slug()).setWorkflowId(s.workflowId()).build());

    String killedAt;
    try (JavaProcess first = cluster.workerProcess(config, s.slug() + "-worker-1.log")) {
      WorkflowClient.start(restore::restore, new RestoreRequest(TARGET, RestoreRequest.LATEST, s.mode, null, 60, "crash-test"));
      if (s.inPlace()) {
        awaitStatus(restore, RunbookStatus.AWAITING_APPROVAL);
        restore.approve(new Approval(live, "first-responder"));
      }
      killedAt = switch (s) {
        case DOWNLOAD -> killWhileTheWorkFileIsWritten(first, work.resolve(s.workflowId()));
        case AFTER_DROP -> killOnceTheRestoreStepIsPickedUp(first, s.workflowId(), live);
        case PG_RESTORE -> killDuringPgRestore(first, s.workflowId(), live);
        case INTEGRITY_CHECK -> killDuringTheRowCount(first, s.workflowId(), live);
      };
    }

    RestoreOutcome outcome;
    List<HistoryEvent> history;
    try (JavaProcess second = cluster.workerProcess(config, s.slug() + "-worker-2.log")) {
      if (!s.inPlace()) {
        awaitStatus(restore, RunbookStatus.AWAITING_APPROVAL);
        restore.approve(new Approval(live, "second-responder"));
      }
      outcome = awaitOutcome(restore);
      history = cluster.history(s.workflowId());
    }
    long keptMarkerRows = outcome.keptDatabase() == null ? -1
        : pg.queryLong(outcome.keptDatabase(), "SELECT count(*) FROM public.empty_table WHERE id = 42");
    return new Run(live, killedAt, outcome, history, pg.contentHashes(live), pg.databasesBeside(live),
        databasesMarkedBy(s.workflowId()), Files.exists(work.resolve(s.workflowId())), keptMarkerRows);
  }

  // ---- the moments to kill worker 1 -----------------------------------------------------------

  /** As soon as the work file's temporary copy has bytes in it; checks the copy was not complete. */
  private static String killWhileTheWorkFileIsWritten(JavaProcess worker, Path workflowDir) throws Exception {
    String name = backup.key().substring(backup.key().lastIndexOf('/') + 1);
    Path partial = workflowDir.resolve(name + ".part");
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      long bytes = Files.exists(partial) ? sizeOrZero(partial) : 0;
      if (bytes > 0) {
        worker.kill();
        assertThat(workflowDir.resolve(name)).as("killed before the download was complete").doesNotExist();
        return "while downloading, " + bytes + " of " + backup.sizeBytes() + " bytes written";
      }
      Thread.sleep(1);
    }
    throw new AssertionError("the download never started writing " + partial + " within " + PATIENCE);
  }

  /**
   * In place, once TerminateAndDrop has completed and a worker has picked up the Restore step: the live
   * database is gone and the step is (normally) still checking the work file before it creates one.
   */
  private static String killOnceTheRestoreStepIsPickedUp(JavaProcess worker, String workflowId, String live)
      throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (cluster.running(workflowId, "Restore")) {
        worker.kill();
        assertThat(completed(cluster.history(workflowId), "TerminateAndDrop")).isTrue();
        return "after the drop, in the Restore step; " + live + (pg.databaseExists(live) ? " already" : " not yet")
            + " created";
      }
      Thread.sleep(2);
    }
    throw new AssertionError("the Restore step never started within " + PATIENCE);
  }

  /** While pg_restore copies the big table into the database that becomes the live one. */
  private static String killDuringPgRestore(JavaProcess worker, String workflowId, String live) throws Exception {
    // In place, pg_restore fills the private <live>__restore_<id> that is renamed to the live name once checked.
    String copy = awaitRunbookQuery(worker, "starts_with(datname, ? || '__restore_') AND query ILIKE 'COPY public.big %'",
        live, workflowId, "Restore");
    return "during pg_restore: " + copy;
  }

  /** While the integrity check counts rows in the restored staging database. */
  private static String killDuringTheRowCount(JavaProcess worker, String workflowId, String live) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!completed(cluster.history(workflowId), "Restore")) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the restore into the staging database did not finish within " + PATIENCE);
      }
      Thread.sleep(50);
    }
    // After the restore only the integrity check connects to the staging database. The query column keeps
    // the last statement while the transaction sits idle after it, so the big table's count is not missed.
    String count = awaitRunbookQuery(worker,
        "starts_with(datname, ? || '__restore_') AND query ILIKE 'SELECT count(*) FROM ONLY public.big%'",
        live, workflowId, "IntegrityCheck");
    return "during the integrity check: " + count;
  }

  /**
   * Watches pg_stat_activity for a session of the runbook's matching {@code condition} (one parameter:
   * {@code live}) and kills the worker the moment one shows; fails if {@code step} completes first.
   */
  private static String awaitRunbookQuery(JavaProcess worker, String condition, String live, String workflowId,
      String step) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    int polls = 0;
    try (Connection c = pg.connect("postgres");
        PreparedStatement st = c.prepareStatement("SELECT datname || ': ' || query FROM pg_stat_activity"
            + " WHERE application_name = '" + PgTarget.APPLICATION_NAME + "' AND " + condition)) {
      st.setString(1, live);
      while (Instant.now().isBefore(deadline)) {
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            worker.kill();
            return rs.getString(1);
          }
        }
        if (++polls % 200 == 0 && completed(cluster.history(workflowId), step)) {
          throw new AssertionError(step + " completed before the query to kill it in was seen");
        }
        Thread.sleep(2);
      }
    }
    throw new AssertionError("no runbook session matching " + condition + " within " + PATIENCE);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static BackupManifest backUp(String source) {
    return VerifiedBackups.take(TestConfig.localStore(dir.resolve("store")).target(TARGET, source).build(),
        new LocalBackupStore(dir.resolve("store"), ""), TARGET, Instant.parse("2026-11-22T02:00:00Z"),
        "backup-orders-crash-test");
  }

  /** Polls the progress query; tolerates no worker answering yet (the second one may still be starting). */
  private static void awaitStatus(DisasterRecoveryWorkflow run, RunbookStatus status) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        RunbookProgress progress = run.progress();
        last = String.valueOf(progress);
        if (status == progress.status()) {
          return;
        }
      } catch (RuntimeException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("expected " + status + " within " + PATIENCE + ", last: " + last);
  }

  /**
   * The restore's result; fails at once, saying why, if the restore stops for an operator's decision
   * instead (a step that failed again after the takeover: not safe to run twice).
   */
  private static RestoreOutcome awaitOutcome(DisasterRecoveryWorkflow run) throws InterruptedException {
    WorkflowStub stub = WorkflowStub.fromTyped(run);
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      try {
        return stub.getResult(2, TimeUnit.SECONDS, RestoreOutcome.class);
      } catch (TimeoutException notYet) {
        RunbookProgress progress = run.progress();
        if (progress.status() == RunbookStatus.NEEDS_OPERATOR) {
          throw new AssertionError("after the takeover the restore waits for an operator: " + progress.waitingFor());
        }
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("the restore did not finish within " + PATIENCE + ": " + progress);
        }
      }
    }
  }

  /** Databases carrying this workflow run's restore mark: the one it restored, plus any half-created leftover. */
  private static List<String> databasesMarkedBy(String workflowId) {
    String runId = cluster.client().newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    return names("SELECT d.datname FROM pg_database d WHERE EXISTS (SELECT 1 FROM pg_db_role_setting s,"
        + " unnest(s.setconfig) AS entry WHERE s.setdatabase = d.oid AND entry = ?) ORDER BY 1",
        RestoreMarkerSetting.NAME + "=" + RestoreActivitiesImpl.markOf(workflowId, runId));
  }

  private static List<String> names(String sql, String parameter) {
    List<String> names = new ArrayList<>();
    try (Connection c = pg.connect("postgres"); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, parameter);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException gone) {
      return 0;
    }
  }
}
