package dev.pgrunbooks.replay;

import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.rehearsal.RehearsalWorkflow;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.restore.RollbackOutcome;
import dev.pgrunbooks.restore.RollbackRequest;
import dev.pgrunbooks.restore.RollbackWorkflow;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.FakeWorld;
import dev.pgrunbooks.testing.Orders;
import dev.pgrunbooks.testing.RunbookHarness;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records one history per runbook branch into {@code src/test/resources/histories/<version>/}, for
 * {@link ReplayTest} to replay on every build. Runs only on demand:
 *
 * <pre>mvn -o -q -pl workflows test -Dtest=HistoryRecorder -Dhistories.record=true [-Dhistories.version=v1]</pre>
 *
 * The fakes use names only, so the histories carry no secrets.
 */
@EnabledIfSystemProperty(named = "histories.record", matches = "true")
class HistoryRecorder {
  @RegisterExtension final RunbookHarness harness = new RunbookHarness();

  private FakeWorld world;

  @BeforeEach
  void ordersWithABackup() {
    world = Orders.in(harness.world());
    world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Orders.LAST_NIGHT, Orders.ROWS);
  }

  @Test
  void backupSucceeded() throws IOException {
    BackupWorkflow run = startBackup();
    harness.result(run, BackupOutcome.class);
    save(run, "backup-succeeded");
  }

  @Test
  void backupFailedAtVerify() throws IOException {
    world.failures.failNonRetryably("Verify", "ChecksumMismatch", "read back: checksum differs");
    BackupWorkflow run = startBackup();
    harness.failure(run);
    save(run, "backup-failed-at-verify");
  }

  @Test
  void restoreSwapApproved() throws IOException {
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, null, 60);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.result(run, RestoreOutcome.class);
    save(run, "restore-swap-approved");
  }

  @Test
  void restoreSwapMigrateFailedThenRetried() throws IOException {
    world.failures.failRetryably("Migrate", 1);
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, null, 60);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.awaitDecisionOn(run, "Migrate");
    harness.decide(run, "retry", "alice");
    harness.result(run, RestoreOutcome.class);
    save(run, "restore-swap-migrate-failed-retry");
  }

  @Test
  void restoreSwapAbortedAfterTheSwap() throws IOException {
    world.failures.failRetryably("Migrate", 1);
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, null, 60);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.awaitDecisionOn(run, "Migrate");
    harness.decide(run, "abort", "alice");
    harness.failure(run);
    save(run, "restore-swap-migrate-failed-abort");
  }

  @Test
  void restoreLiveCountsSkippedThenCancelledDuringTheSwap() throws Exception {
    world.failures.failEveryAttempt("SnapshotLiveCounts", "LockTimeout", "canceling statement due to lock timeout")
        .blockUntilCancelled("SwapIntoPlace:afterCommit");
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, null, 60);
    harness.awaitDecisionOn(run, "SnapshotLiveCounts");
    harness.decide(run, "skip", "alice");
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    world.failures.awaitBlocked("SwapIntoPlace:afterCommit");
    io.temporal.client.WorkflowStub.fromTyped(run).cancel();
    harness.failure(run);
    save(run, "restore-live-counts-skipped-cancelled-during-swap");
  }

  @Test
  void restoreInPlaceAbortedBeforeTheRename() throws IOException {
    world.failures.failEveryAttempt("IntegrityCheck", "ConnectionRefused", "connection refused");
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.IN_PLACE, null, 60);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.awaitDecisionOn(run, "IntegrityCheck");
    harness.decide(run, "abort", "alice");
    harness.failure(run);
    save(run, "restore-in-place-aborted-before-the-rename");
  }

  @Test
  void restoreInPlaceApproved() throws IOException {
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.IN_PLACE, null, 60);
    harness.awaitApprovalGate(run);
    harness.approve(run, Orders.DATABASE, "alice");
    harness.result(run, RestoreOutcome.class);
    save(run, "restore-in-place-approved");
  }

  @Test
  void restoreIntoNewDatabase() throws IOException {
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, "orders_copy", 60);
    harness.result(run, RestoreOutcome.class);
    save(run, "restore-into");
  }

  @Test
  void restoreApprovalTimeout() throws IOException {
    DisasterRecoveryWorkflow run = startRestore(RestoreMode.SWAP, null, 5);
    harness.failure(run);
    save(run, "restore-approval-timeout");
  }

  @Test
  void rehearsalPassed() throws IOException {
    RehearsalWorkflow run = startRehearsal();
    harness.result(run, RehearsalOutcome.class);
    save(run, "rehearsal-passed");
  }

  @Test
  void rehearsalFailedWithTheBackupAtFault() throws IOException {
    world.store.loseRowsInContent(BackupKeys.dumpKey(Orders.TARGET, Orders.LAST_NIGHT), "public.orders");
    RehearsalWorkflow run = startRehearsal();
    harness.failure(run);
    save(run, "rehearsal-integrity-mismatch-fresh-backup");
  }

  @Test
  void rehearsalMissedItsRto() throws IOException {
    world.rtoObjective(Duration.ofSeconds(1)).failures.failRetryably("Restore", 1);
    RehearsalWorkflow run = startRehearsal();
    harness.failure(run);
    save(run, "rehearsal-rto-missed");
  }

  @Test
  void rehearsalCancelledDuringRestore() throws Exception {
    world.failures.blockUntilCancelled("Restore");
    RehearsalWorkflow run = startRehearsal();
    world.failures.awaitBlocked("Restore");
    WorkflowStub.fromTyped(run).cancel();
    harness.failure(run);
    save(run, "rehearsal-cancelled-during-restore");
  }

  @Test
  void rollback() throws IOException {
    world.cluster.create("orders__before_x", "restore-orders", Orders.ROWS);
    RollbackWorkflow run = harness.newWorkflow(RollbackWorkflow.class, "rollback-orders");
    WorkflowClient.start(run::rollback, new RollbackRequest(Orders.TARGET, "restore-orders", Orders.DATABASE,
        "orders__before_x", "orders__rolledback_x", "alice"));
    harness.result(run, RollbackOutcome.class);
    save(run, "rollback");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private BackupWorkflow startBackup() {
    BackupWorkflow run = harness.newWorkflow(BackupWorkflow.class, "backup-orders-" + BackupKeys.stamp(Orders.TONIGHT));
    WorkflowClient.start(run::backup, new BackupRequest(Orders.TARGET, "recorder", Orders.TONIGHT));
    return run;
  }

  private DisasterRecoveryWorkflow startRestore(RestoreMode mode, String into, int approvalMinutes) {
    DisasterRecoveryWorkflow run = harness.newWorkflow(DisasterRecoveryWorkflow.class, "restore-orders");
    WorkflowClient.start(run::restore,
        new RestoreRequest(Orders.TARGET, RestoreRequest.LATEST, mode, into, approvalMinutes, "alice"));
    return run;
  }

  private RehearsalWorkflow startRehearsal() {
    RehearsalWorkflow run = harness.newWorkflow(RehearsalWorkflow.class, "rehearsal-orders-" + BackupKeys.stamp(Orders.TONIGHT));
    WorkflowClient.start(run::rehearse,
        new RehearsalRequest(Orders.TARGET, RehearsalRequest.LATEST, "recorder", Orders.TONIGHT));
    return run;
  }

  private void save(Object run, String name) throws IOException {
    String workflowId = WorkflowStub.fromTyped(run).getExecution().getWorkflowId();
    Path dir = Path.of(System.getProperty("basedir", "."), "src/test/resources/histories",
        System.getProperty("histories.version", "v0"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".json"), harness.historyJson(workflowId));
  }
}
