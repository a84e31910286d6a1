package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.StepState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.testing.FakeWorld;
import dev.pgrunbooks.testing.Orders;
import dev.pgrunbooks.testing.RunbookHarness;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every verdict of the rehearsal runbook. A failure that convicts the backup gets it marked and a fresh
 * backup started; one that says nothing about the backup (an unreachable server) must not. The scratch
 * database is gone afterwards whatever happened.
 */
class RehearsalWorkflowLogicTest {
  @RegisterExtension final RunbookHarness harness = new RunbookHarness();

  private FakeWorld world;
  private BackupManifest backup;

  @BeforeEach
  void ordersWithLastNightsBackup() {
    world = Orders.in(harness.world());
    backup = world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Orders.LAST_NIGHT, Orders.ROWS);
  }

  @Test
  void passedLeavesTheBackupGoodAndNoScratchDatabase() {
    world.rtoObjective(Duration.ofHours(1));
    RehearsalWorkflow run = start();
    RehearsalOutcome outcome = harness.result(run, RehearsalOutcome.class);

    assertThat(outcome.backupKey()).isEqualTo(backup.key());
    assertThat(outcome.scratchDatabase()).startsWith(RehearsalNames.SCRATCH_PREFIX);
    assertThat(outcome.rtoMet()).isTrue();
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.store.manifest(backup.key()).orElseThrow().rehearsal()).isNull();
    assertThat(world.store.reports()).containsEntry(outcome.reportKey(), RehearsalResult.PASSED.label());
    assertThat(world.migrations()).containsExactly(outcome.scratchDatabase());
    assertThat(world.operators.outcomes()).containsExactly("succeeded");
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.SUCCEEDED);
  }

  @Test
  void anIntegrityMismatchConvictsTheBackupAndStartsAFreshOne() {
    world.store.loseRowsInContent(backup.key(), "public.orders");
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RehearsalFailed");
    assertThat(failure.getCause()).hasMessageContaining("IntegrityCheck").hasMessageContaining("public.orders");
    assertBackupConvictedAndReplaced(run);
  }

  @Test
  void aSmokeQueryReturningFalseConvictsTheBackup() {
    world.smokeQueriesPass(false);
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).hasMessageContaining("SmokeQueries");
    assertBackupConvictedAndReplaced(run);
  }

  @Test
  void missingTheRtoObjectiveFailsAndAlertsButSparesTheBackup() {
    // The first restore attempt fails: its retry backoff (2 s of test time) alone misses a 1 s objective.
    world.rtoObjective(Duration.ofSeconds(1)).failures.failRetryably("Restore", 1);
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RehearsalFailed");
    assertThat(failure.getCause()).hasMessageContaining("RTO objective missed")
        .hasMessageNotContaining("marked").hasMessageNotContaining("fresh backup");
    // The RTO measures queueing, retries and the worker as much as the backup: it stays good and kept.
    assertThat(world.store.manifest(backup.key()).orElseThrow().rehearsal()).isNull();
    assertThat(world.store.goodBackups(Orders.TARGET)).extracting(BackupManifest::key).containsExactly(backup.key());
    assertThat(harness.workflowIds()).containsExactly(workflowId());
    assertThat(world.operators.outcomes()).containsExactly("failed");
    assertThat(world.store.reports()).containsValue(RehearsalResult.FAILED.label());
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
  }

  @Test
  void twoRehearsalsOfOneTargetOnOneDayUseDifferentScratchDatabases() {
    world.rtoObjective(Duration.ofHours(1));
    RehearsalOutcome morning = harness.result(start(Orders.TONIGHT), RehearsalOutcome.class);
    RehearsalOutcome evening = harness.result(start(Orders.TONIGHT.plus(Duration.ofHours(1))), RehearsalOutcome.class);

    assertThat(morning.scratchDatabase()).startsWith(RehearsalNames.SCRATCH_PREFIX + Orders.TARGET + "_")
        .isNotEqualTo(evening.scratchDatabase());
    assertThat(evening.scratchDatabase()).startsWith(RehearsalNames.SCRATCH_PREFIX);
    assertThat(world.migrations()).containsExactly(morning.scratchDatabase(), evening.scratchDatabase());
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
  }

  @Test
  void aChecksumMismatchInRestoreConvictsTheBackup() {
    world.failures.failNonRetryably("Restore", "ChecksumMismatch", "downloaded dump: checksum differs");
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).hasMessageContaining("Restore").hasMessageContaining("checksum differs");
    assertBackupConvictedAndReplaced(run);
  }

  @Test
  void anUnreachableServerDoesNotConvictTheBackup() {
    world.failures.failEveryAttempt("Restore", "ConnectionRefused", "connection refused");
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RehearsalFailed");
    assertThat(failure.getCause()).hasMessageContaining("connection refused")
        .hasMessageNotContaining("marked").hasMessageNotContaining("fresh backup");
    assertThat(world.store.manifest(backup.key()).orElseThrow().failedRehearsal()).isFalse();
    assertThat(harness.workflowIds()).containsExactly(workflowId());
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.store.reports()).containsValue(RehearsalResult.FAILED.label());
    assertThat(world.operators.outcomes()).containsExactly("failed");
  }

  @Test
  void cancelledDuringRestoreDropsTheScratchDatabaseAndConvictsNothing() throws Exception {
    world.failures.blockUntilCancelled("Restore");
    RehearsalWorkflow run = start();
    world.failures.awaitBlocked("Restore");
    WorkflowStub.fromTyped(run).cancel();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(harness.status(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(world.failures.wasCancelled("Restore")).as("pg_restore stopped before the drop").isTrue();
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.store.manifest(backup.key()).orElseThrow().failedRehearsal()).isFalse();
    assertThat(world.store.reports()).containsValue(RehearsalResult.CANCELLED.label());
  }

  @Test
  void noVerifiedBackupFailsWithoutCreatingAScratchDatabase() {
    world.store.remove(backup.key());
    RehearsalWorkflow run = start();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).hasMessageContaining("PickBackup").hasMessageContaining("no verified backup");
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(run.progress().steps()).anyMatch(s -> s.name().equals("DropScratch")
        && s.state().equals(StepState.SKIPPED));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The backup is marked as failing rehearsal, a fresh backup ran as a child, the scratch database is gone. */
  private void assertBackupConvictedAndReplaced(RehearsalWorkflow run) {
    BackupRehearsal verdict = world.store.manifest(backup.key()).orElseThrow().rehearsal();
    assertThat(verdict.failed()).isTrue();
    assertThat(verdict.workflowId()).isEqualTo(workflowId());
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    // The rehearsal's failure; the fresh backup it started reports its own success.
    assertThat(world.operators.notices()).filteredOn(n -> n.kind() == RunbookKind.REHEARSAL)
        .extracting(n -> n.outcome().label()).containsExactly("failed");

    String freshBackupId = harness.workflowIds().stream().filter(id -> id.startsWith("backup-")).findFirst()
        .orElseThrow(() -> new AssertionError("no fresh backup started"));
    BackupOutcome fresh = harness.client().newUntypedWorkflowStub(freshBackupId).getResult(BackupOutcome.class);
    assertThat(world.store.goodBackups(Orders.TARGET)).extracting(BackupManifest::key).containsExactly(fresh.key());
  }

  private RehearsalWorkflow start() {
    return start(Orders.TONIGHT);
  }

  private RehearsalWorkflow start(java.time.Instant at) {
    RehearsalWorkflow run = harness.newWorkflow(RehearsalWorkflow.class, RehearsalNames.workflowId(Orders.TARGET, at));
    WorkflowClient.start(run::rehearse, new RehearsalRequest(Orders.TARGET, RehearsalRequest.LATEST, "test", at));
    return run;
  }

  private static String workflowId() {
    return RehearsalNames.workflowId(Orders.TARGET, Orders.TONIGHT);
  }

  private static String typeOf(WorkflowFailedException failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : String.valueOf(failure.getCause());
  }
}
