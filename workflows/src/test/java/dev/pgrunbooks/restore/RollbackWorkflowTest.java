package dev.pgrunbooks.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.testing.FakeWorld;
import dev.pgrunbooks.testing.Orders;
import dev.pgrunbooks.testing.RunbookHarness;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rolling back a swap-mode restore: the kept database is live again, the restored copy is kept aside. */
class RollbackWorkflowTest {
  @RegisterExtension final RunbookHarness harness = new RunbookHarness();

  private static final Map<String, Long> LIVE_ROWS = Map.of("public.orders", 125L, "public.customers", 41L);

  private FakeWorld world;

  @BeforeEach
  void ordersWithLastNightsBackup() {
    world = harness.world().target(Orders.TARGET, Orders.DATABASE, LIVE_ROWS);
    world.store.seedBackup(Orders.TARGET, Orders.DATABASE, Orders.LAST_NIGHT, Orders.ROWS);
  }

  @Test
  void rollingBackARestoreMakesTheKeptDatabaseLiveAgain() {
    DisasterRecoveryWorkflow restore = harness.newWorkflow(DisasterRecoveryWorkflow.class, "restore-orders");
    WorkflowClient.start(restore::restore,
        new RestoreRequest(Orders.TARGET, RestoreRequest.LATEST, RestoreMode.SWAP, null, 30, "alice"));
    harness.awaitApprovalGate(restore);
    harness.approve(restore, Orders.DATABASE, "alice");
    RestoreOutcome restored = harness.result(restore, RestoreOutcome.class);

    RollbackWorkflow run = start(restored.keptDatabase(), "orders__rolledback_1");
    RollbackOutcome outcome = harness.result(run, RollbackOutcome.class);

    assertThat(outcome.keptAs()).isEqualTo("orders__rolledback_1");
    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, "orders__rolledback_1");
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(LIVE_ROWS);
    assertThat(world.cluster.rows("orders__rolledback_1")).isEqualTo(Orders.ROWS);
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.SUCCEEDED);
  }

  @Test
  void aRollbackWhoseKeptDatabaseIsGoneFailsAndChangesNothing() {
    RollbackWorkflow run = start("orders__before_gone", "orders__rolledback_1");
    var failure = harness.failure(run);

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("SwapIntoPlace").hasMessageContaining("orders__before_gone");
    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("RollbackFailed");
    assertThat(world.cluster.names()).containsExactly(Orders.DATABASE);
    assertThat(run.progress().status()).isEqualTo(RunbookStatus.FAILED);
  }

  @Test
  void aRollbackWhoseSwapFailsOnceIsRetried() {
    world.cluster.create("orders__before_x", "restore-orders", Orders.ROWS);
    world.failures.failRetryably("SwapIntoPlace", 1);
    RollbackWorkflow run = start("orders__before_x", "orders__rolledback_1");
    harness.result(run, RollbackOutcome.class);

    assertThat(world.cluster.names()).containsExactlyInAnyOrder(Orders.DATABASE, "orders__rolledback_1");
    assertThat(world.cluster.rows(Orders.DATABASE)).isEqualTo(Orders.ROWS);
  }

  private RollbackWorkflow start(String restoredFrom, String keepAs) {
    RollbackWorkflow run = harness.newWorkflow(RollbackWorkflow.class, "rollback-orders");
    WorkflowClient.start(run::rollback, new RollbackRequest(Orders.TARGET, "restore-orders", Orders.DATABASE,
        restoredFrom, keepAs, "alice"));
    return run;
  }
}
