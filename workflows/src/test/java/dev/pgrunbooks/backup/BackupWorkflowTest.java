package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.StepState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.testing.FakeWorld;
import dev.pgrunbooks.testing.Orders;
import dev.pgrunbooks.testing.RunbookHarness;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupWorkflowTest {
  @RegisterExtension final RunbookHarness harness = new RunbookHarness();

  private FakeWorld world;
  private final String key = BackupKeys.dumpKey(Orders.TARGET, Orders.TONIGHT);

  @BeforeEach
  void ordersTarget() {
    world = Orders.in(harness.world());
  }

  @Test
  void happyPathCommitsAVerifiedBackupAndPrunesBeyondRetention() {
    world.backupsToKeep(2);
    world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Instant.parse("2026-02-27T02:00:00Z"), Orders.ROWS);
    world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Orders.LAST_NIGHT, Orders.ROWS);

    BackupWorkflow run = start();
    BackupOutcome outcome = harness.result(run, BackupOutcome.class);

    assertThat(outcome.key()).isEqualTo(key);
    assertThat(outcome.manifestKey()).isEqualTo(BackupKeys.manifestKey(key));
    assertThat(outcome.tablesCounted()).isEqualTo(Orders.ROWS.size());
    assertThat(outcome.pruned()).isEqualTo(1);
    assertThat(world.store.manifest(key)).hasValueSatisfying(m -> {
      assertThat(m.verified()).isTrue();
      assertThat(m.rowCounts()).isEqualTo(Orders.ROWS);
    });
    assertThat(world.store.committedKeys()).containsExactly(BackupKeys.dumpKey(Orders.TARGET, Orders.LAST_NIGHT), key);
    assertThat(world.operators.outcomes()).containsExactly("succeeded");
    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(RunbookStatus.SUCCEEDED);
    assertThat(progress.steps()).extracting(StepRecord::name)
        .containsExactly("Preflight", "Dump", "Verify", "WriteManifest", "Prune", "RecordBackupMetrics", "Notify");
    assertThat(progress.steps()).allMatch(s -> s.state().equals(StepState.SUCCEEDED));
  }

  @Test
  void aStepFailingRetryablyIsRetriedAndTheBackupSucceeds() {
    world.failures.failRetryably("Dump", 2);

    BackupWorkflow run = start();
    BackupOutcome outcome = harness.result(run, BackupOutcome.class);

    assertThat(world.store.committedKeys()).containsExactly(outcome.key());
    assertThat(world.operators.outcomes()).containsExactly("succeeded");
  }

  @Test
  void failingAtPreflightDiscardsNothingAndTellsTheOperators() {
    world.failures.failNonRetryably("Preflight", "AuthenticationFailed", "password authentication failed");

    BackupWorkflow run = start();
    var failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("BackupFailed");
    assertThat(failure.getCause()).hasMessageContaining("Preflight").hasMessageContaining("authentication failed");
    assertThat(world.store.dumpKeys()).isEmpty();
    assertThat(run.progress().steps()).extracting(StepRecord::name).doesNotContain("Dump", "DiscardDump");
    assertThat(world.operators.outcomes()).containsExactly("failed");
    assertThat(world.operators.failedSteps()).containsExactly("backup/orders/Preflight");
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.FAILED);
  }

  @Test
  void failingAtDumpDiscardsThePartialObject() {
    world.failures.failNonRetryably("Dump", "PgDumpFailed", "pg_dump: error: connection lost");

    BackupWorkflow run = start();
    var failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("BackupFailed");
    assertThat(failure.getCause()).hasMessageContaining("Dump");
    assertThat(world.store.dumpKeys()).doesNotContain(key);
    assertThat(world.operators.outcomes()).containsExactly("failed");
  }

  @Test
  void failingAtVerifyDiscardsTheUncommittedDump() {
    world.failures.failNonRetryably("Verify", "ChecksumMismatch", "read back: checksum differs");

    BackupWorkflow run = start();
    var failure = harness.failure(run);

    assertThat(failure.getCause()).hasMessageContaining("Verify").hasMessageContaining("checksum differs");
    assertThat(world.store.dumpKeys()).doesNotContain(key);
    assertThat(world.store.committedKeys()).isEmpty();
    assertThat(run.progress().steps()).anyMatch(s -> s.name().equals("DiscardDump")
        && s.state().equals(StepState.SUCCEEDED));
    assertThat(world.operators.failedSteps()).containsExactly("backup/orders/Verify");
  }

  @Test
  void pruneFailingAfterTheCommitWarnsButTheBackupStands() {
    world.failures.failEveryAttempt("Prune", "StoreUnavailable", "store answered 503");

    BackupWorkflow run = start();
    BackupOutcome outcome = harness.result(run, BackupOutcome.class);

    assertThat(outcome.pruned()).isZero();
    assertThat(world.store.committedKeys()).containsExactly(key);
    assertThat(world.operators.outcomes()).containsExactly("warning", "succeeded");
    assertThat(world.operators.notices()).first().satisfies(notice -> {
      assertThat(notice.outcome()).isEqualTo(NoticeOutcome.WARNING);
      assertThat(notice.message()).contains("committed").contains("503");
    });
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.SUCCEEDED);
  }

  @Test
  void aFailingNotificationDoesNotChangeTheOutcome() {
    world.failures.failNonRetryably("Preflight", "UnknownDatabase", "database does not exist")
        .failEveryAttempt("Notify", "WebhookDown", "webhook answered 500");

    BackupWorkflow run = start();
    var failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("BackupFailed");
    assertThat(world.operators.notices()).isEmpty();
  }

  private BackupWorkflow start() {
    BackupWorkflow run = harness.newWorkflow(BackupWorkflow.class,
        "backup-" + Orders.TARGET + "-" + BackupKeys.stamp(Orders.TONIGHT));
    WorkflowClient.start(run::backup, new BackupRequest(Orders.TARGET, "test", Orders.TONIGHT));
    return run;
  }

  static String typeOf(Throwable failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : String.valueOf(failure.getCause());
  }
}
