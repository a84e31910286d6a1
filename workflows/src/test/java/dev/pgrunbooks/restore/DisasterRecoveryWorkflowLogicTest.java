package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.StepState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.testing.FakeWorld;
import dev.pgrunbooks.testing.Orders;
import dev.pgrunbooks.testing.RunbookHarness;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The disaster-recovery runbook's branches against the fakes. The live database holds more rows than
 * the backup (written since), so which copy is live afterwards shows in its row counts.
 */
class DisasterRecoveryWorkflowLogicTest {
  @RegisterExtension final RunbookHarness harness = new RunbookHarness();

  private static final Map<String, Long> LIVE_ROWS = Map.of("public.orders", 125L, "public.customers", 41L);

  private FakeWorld world;
  private BackupManifest backup;

  @BeforeEach
  void ordersWithLastNightsBackup() {
    world = harness.world().target(Orders.TARGET, Orders.DATABASE, LIVE_ROWS);
    backup = world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Orders.LAST_NIGHT, Orders.ROWS);
  }

  // ---- the three modes --------------------------------------------------------------------------

  @Test
  void swapApprovedPutsTheBackupLiveAndKeepsTheOldDatabase() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitApprovalGate(run);
    assertThat(world.cluster.rows(Orders.DATABASE)).as("live untouched until approved").isEqualTo(LIVE_ROWS);

    assertThat(harness.approve(run, Orders.DATABASE, "alice")).contains("alice");
    RestoreOutcome outcome = harness.result(run, RestoreOutcome.class);

    assertThat(outcome.mode()).isEqualTo(RestoreMode.SWAP);
    assertThat(outcome.backupKey()).isEqualTo(backup.key());
    assertThat(outcome.approvedBy()).isEqualTo("alice");
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, outcome.keptDatabase());
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(Orders.ROWS);
    assertThat(world.cluster.rows(outcome.keptDatabase())).isEqualTo(LIVE_ROWS);
    assertThat(world.migrations()).containsExactly(Orders.DATABASE);
    assertThat(world.store.reports()).containsValue("succeeded");
    assertThat(world.workFiles()).isEmpty();
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.SUCCEEDED);
  }

  @Test
  void inPlaceApprovedReplacesTheLiveDatabase() {
    DisasterRecoveryWorkflow run = start(RestoreMode.IN_PLACE, null);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    RestoreOutcome outcome = harness.result(run, RestoreOutcome.class);

    assertThat(outcome.mode()).isEqualTo(RestoreMode.IN_PLACE);
    assertThat(outcome.keptDatabase()).isNull();
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(Orders.ROWS);
  }

  @Test
  void intoANewDatabaseNeedsNoApprovalAndTouchesNothingElse() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, "orders_copy");
    RestoreOutcome outcome = harness.result(run, RestoreOutcome.class);

    assertThat(outcome.mode()).isEqualTo(RestoreMode.INTO);
    assertThat(outcome.database()).isEqualTo("orders_copy");
    assertThat(outcome.approvedBy()).isNull();
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, "orders_copy");
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
    assertThat(world.cluster.rows("orders_copy")).isEqualTo(Orders.ROWS);
    assertThat(run.progress().steps()).extracting(StepRecord::name).doesNotContain("Approval");
    assertThat(run.progress().steps()).anyMatch(s -> s.name().equals("HealthProbe")
        && s.state().equals(StepState.SKIPPED));
  }

  // ---- the approval gate ------------------------------------------------------------------------

  @Test
  void noApprovalInTimeAbortsAndChangesNothing() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RestoreAborted");
    assertThat(failure.getCause()).hasMessageContaining("no approval");
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
    assertThat(world.store.reports()).containsValue("aborted");
    assertThat(world.operators.outcomes()).contains("needs-approval", "aborted");
  }

  @Test
  void anApprovalNamingTheWrongDatabaseIsRejectedAndTheRunKeepsWaiting() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitApprovalGate(run);

    assertThatThrownBy(() -> harness.approve(run, "orders_typo", "alice"))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("--database orders"));
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.AWAITING_APPROVAL);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);

    harness.approve(run, Orders.DATABASE, "alice");
    assertThat(harness.result(run, RestoreOutcome.class).approvedBy()).isEqualTo("alice");
  }

  @Test
  void anApprovalWhenNoneIsAskedForIsRejected() {
    world.failures.failRetryably("Restore", 3);
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitDecisionOn(run, "Restore");

    assertThatThrownBy(() -> harness.approve(run, Orders.DATABASE, "alice"))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("not waiting for approval"));
    harness.decide(run, "abort", "alice");
    harness.failure(run);
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
  }

  // ---- decisions on failed steps ----------------------------------------------------------------

  @Test
  void decideRetryAfterRestoreFailedRunsItAgain() {
    world.failures.failRetryably("Restore", 3);
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitDecisionOn(run, "Restore");

    assertThat(harness.decide(run, "retry", "bob")).contains("retry");
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.result(run, RestoreOutcome.class);

    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(Orders.ROWS);
  }

  @Test
  void skipIsRefusedForMigrateButAllowedForTheHealthProbe() {
    world.failures.failRetryably("Migrate", 1).failEveryAttempt("HealthProbe", "Unhealthy", "HTTP 503");
    DisasterRecoveryWorkflow run = swappedAndApproved();

    harness.awaitDecisionOn(run, "Migrate");
    assertThatThrownBy(() -> harness.decide(run, "skip", "bob")).isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("cannot be skipped"));
    harness.decide(run, "retry", "bob");

    harness.awaitDecisionOn(run, "HealthProbe");
    harness.decide(run, "skip", "bob");
    RestoreOutcome outcome = harness.result(run, RestoreOutcome.class);

    assertThat(outcome.steps()).anyMatch(s -> s.name().equals("HealthProbe") && s.state().equals(StepState.SKIPPED)
        && s.detail().contains("bob"));
    assertThat(world.migrations()).containsExactly(Orders.DATABASE);
  }

  @Test
  void abortAtMigrateAfterTheSwapSwapsTheOriginalBackAndKeepsTheRestoredCopyWithItsWrites() {
    world.failures.failRetryably("Migrate", 1);
    DisasterRecoveryWorkflow run = swappedAndApproved();
    harness.awaitDecisionOn(run, "Migrate");
    // The restored copy is live: the application writes into it before the operator gives up.
    world.cluster.insert(Orders.DATABASE, "public.orders", 1);
    harness.decide(run, "abort", "bob");
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RestoreAborted");
    assertThat(failure.getCause()).hasMessageContaining("aborted by bob").hasMessageContaining("swapped back");
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
    String aborted = abortedCopy();
    assertThat(world.cluster.rows(aborted)).containsEntry("public.orders", Orders.ROWS.get("public.orders") + 1);
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, aborted);
    assertThat(failure.getCause()).hasMessageContaining("kept as " + aborted)
        .hasMessageContaining("DROP DATABASE \"" + aborted + "\"");
  }

  @Test
  void aSwapThatCommittedButLostItsAnswerIsSwappedBackOnAbort() {
    // The renames committed, then the connection dropped: the step failed although the swap happened.
    world.failures.failNonRetryably("SwapIntoPlace:afterCommit", "ConnectionLost", "connection lost after COMMIT");
    DisasterRecoveryWorkflow run = swappedAndApproved();
    harness.awaitDecisionOn(run, "SwapIntoPlace");
    harness.decide(run, "abort", "bob");
    WorkflowFailedException failure = harness.failure(run);

    assertThat(world.cluster.rows(Orders.DATABASE)).as("the original is live again").isEqualTo(LIVE_ROWS);
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, abortedCopy());
    assertThat(failure.getCause()).hasMessageContaining("swapped back").hasMessageNotContaining("untouched");
  }

  @Test
  void cancelWhileTheSwapCommitsSwapsBackAndKeepsTheRestoredCopy() throws Exception {
    world.failures.blockUntilCancelled("SwapIntoPlace:afterCommit");
    DisasterRecoveryWorkflow run = swappedAndApproved();
    world.failures.awaitBlocked("SwapIntoPlace:afterCommit");
    WorkflowStub.fromTyped(run).cancel();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(world.cluster.rows(Orders.DATABASE)).as("the original is live again").isEqualTo(LIVE_ROWS);
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, abortedCopy());
    assertThat(world.store.reports()).as("the report says what is true").containsValue("aborted");
  }

  @Test
  void abortAtTheSwapThatNeverHappenedDropsOnlyTheStagingCopy() {
    world.failures.failNonRetryably("SwapIntoPlace", "LockTimeout", "could not lock orders");
    DisasterRecoveryWorkflow run = swappedAndApproved();
    harness.awaitDecisionOn(run, "SwapIntoPlace");
    harness.decide(run, "abort", "bob");
    WorkflowFailedException failure = harness.failure(run);

    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(failure.getCause()).hasMessageContaining("the swap had not happened").hasMessageContaining("untouched");
  }

  @Test
  void liveCountsThatFailAskTheOperatorWhoMaySkipThem() {
    world.failures.failEveryAttempt("SnapshotLiveCounts", "LockTimeout", "canceling statement due to lock timeout");
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitDecisionOn(run, "SnapshotLiveCounts");
    harness.decide(run, "skip", "bob");
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    RestoreOutcome outcome = harness.result(run, RestoreOutcome.class);

    assertThat(outcome.steps()).anyMatch(s -> s.name().equals("SnapshotLiveCounts")
        && s.state().equals(StepState.SKIPPED) && s.detail().contains("bob"));
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(Orders.ROWS);
  }

  @Test
  void inPlaceNeverShowsAHalfRestoredDatabaseUnderTheLiveName() {
    world.failures.failEveryAttempt("Restore", "RestoreFailed", "pg_restore: error: out of disk space");
    DisasterRecoveryWorkflow run = start(RestoreMode.IN_PLACE, null);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.awaitDecisionOn(run, "Restore");

    assertThat(world.cluster.names()).as("applications and backups find no half-restored " + Orders.DATABASE)
        .doesNotContain(Orders.DATABASE).singleElement().asString().contains("__restore_");
    harness.decide(run, "abort", "bob");
    WorkflowFailedException failure = harness.failure(run);
    assertThat(failure.getCause()).hasMessageContaining("was dropped before the failure");
    assertThat(world.cluster.names()).isEmpty();
  }

  @Test
  void abortAtSwapIntoPlaceLeavesTheLiveDatabaseAsItWas() {
    world.failures.failNonRetryably("SwapIntoPlace", "LockTimeout", "could not lock orders");
    DisasterRecoveryWorkflow run = swappedAndApproved();
    harness.awaitDecisionOn(run, "SwapIntoPlace");
    harness.decide(run, "abort", "bob");
    harness.failure(run);

    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
  }

  @Test
  void abortAtIntegrityCheckAfterAnInPlaceDropSaysTheLiveDatabaseIsGone() {
    world.store.loseRowsInContent(backup.key(), "public.orders");
    DisasterRecoveryWorkflow run = start(RestoreMode.IN_PLACE, null);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.awaitDecisionOn(run, "IntegrityCheck");
    harness.decide(run, "abort", "bob");
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RestoreAborted");
    assertThat(failure.getCause()).hasMessageContaining("was dropped before the failure");
  }

  @Test
  void anIntegrityMismatchBeforeTheSwapFailsAtOnceAndDropsTheStagingCopy() {
    world.store.loseRowsInContent(backup.key(), "public.orders");
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RestoreFailed");
    assertThat(failure.getCause()).hasMessageContaining("IntegrityCheck").hasMessageContaining("public.orders");
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
  }

  @Test
  void noVerifiedBackupFailsBeforeChangingAnything() {
    DisasterRecoveryWorkflow run = harness.newWorkflow(DisasterRecoveryWorkflow.class, "restore-orders");
    WorkflowClient.start(run::restore, new RestoreRequest(Orders.TARGET, "orders/2020/01/nope.dump",
        RestoreMode.SWAP, null, 60, "alice"));
    WorkflowFailedException failure = harness.failure(run);

    assertThat(typeOf(failure)).isEqualTo("RestoreFailed");
    assertThat(failure.getCause()).hasMessageContaining("ResolveBackup");
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    // Like a failed backup: the dashboards count the step, and the webhook names it.
    assertThat(world.operators.failedSteps()).containsExactly("restore/orders/ResolveBackup");
    assertThat(world.operators.notices()).singleElement().satisfies(notice -> {
      assertThat(notice.outcome()).isEqualTo(NoticeOutcome.FAILED);
      assertThat(notice.step()).isEqualTo("ResolveBackup");
    });
  }

  // ---- cancellation -----------------------------------------------------------------------------

  @Test
  void cancelDuringRestoreDropsTheStagingCopy() throws Exception {
    world.failures.blockUntilCancelled("Restore");
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    world.failures.awaitBlocked("Restore");
    WorkflowStub.fromTyped(run).cancel();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(harness.status(run)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
  }

  @Test
  void cancelDuringTheApprovalWaitDropsTheStagingCopy() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitApprovalGate(run);
    WorkflowStub.fromTyped(run).cancel();
    WorkflowFailedException failure = harness.failure(run);

    assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The one database named like an aborted restored copy. */
  private String abortedCopy() {
    return world.cluster.names().stream().filter(n -> n.startsWith(Orders.DATABASE + "__aborted_")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + Orders.DATABASE + "__aborted_* in " + world.cluster.names()));
  }

  private DisasterRecoveryWorkflow swappedAndApproved() {
    DisasterRecoveryWorkflow run = start(RestoreMode.SWAP, null);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    return run;
  }

  private DisasterRecoveryWorkflow start(RestoreMode mode, String into) {
    return start(mode, into, "restore-orders");
  }

  private DisasterRecoveryWorkflow start(RestoreMode mode, String into, String workflowId) {
    DisasterRecoveryWorkflow run = harness.newWorkflow(DisasterRecoveryWorkflow.class, workflowId);
    WorkflowClient.start(run::restore,
        new RestoreRequest(Orders.TARGET, RestoreRequest.LATEST, mode, into, 30, "alice"));
    return run;
  }

  private static String typeOf(WorkflowFailedException failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : String.valueOf(failure.getCause());
  }
}
