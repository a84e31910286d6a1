package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.TestCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disaster recovery as an operator drives it from the command line: {@code restore --wait} in one
 * terminal, {@code approve} / {@code decide} from another, {@code status}, and {@code --rollback},
 * against a worker with the real activities and a real PostgreSQL database.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestoreCommandTest {
  @TempDir static Path dir;
  @RegisterExtension static final TestCluster temporal = TestCluster.devServer();
  static RunbookWorld world;
  static String orders;

  @BeforeAll
  static void start() {
    world = new RunbookWorld(temporal, dir, pg -> {
      orders = pg.createDatabase("orders");
      pg.loadRichSchema(orders);
      return Map.of("orders", orders, "quiet", "quiet_db");
    });
  }

  @AfterEach
  void dropWhatRestoresKept() {
    world.databasesBeside(orders).forEach(world.pg::dropLater);
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void restoreWaitsForTheRightApprovalCompletesAndRollbackSwapsBack() throws Exception {
    CliRun backup = world.cli("backup", "orders", "--wait");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isEqualTo(ExitCodes.OK);
    Map<String, String> atBackup = world.pg.contentHashes(orders);
    world.pg.execute(orders, "DELETE FROM audit.events WHERE id < 1500", "INSERT INTO public.empty_table VALUES (1), (2)");
    Map<String, Long> beforeRestore = world.rows(orders);
    Map<String, String> beforeRestoreHashes = world.pg.contentHashes(orders);

    StringWriter restoreScreen = new StringWriter();
    CompletableFuture<CliRun> restore = CompletableFuture.supplyAsync(
        () -> world.cli(restoreScreen, "restore", "orders", "--wait"));
    awaitRunbookStatus("restore-orders", "AwaitingApproval");
    awaitScreen(restoreScreen, "waiting for approval");

    CliRun second = world.cli("restore", "orders");
    assertThat(second.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(second.errLines()).singleElement().asString()
        .isEqualTo("runbook: a restore of orders is already running: restore-orders (runbook status restore-orders)");

    CliRun wrong = world.cli("approve", "restore-orders", "--database", orders + "_typo", "--by", "alice");
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(wrong.errLines()).singleElement().asString()
        .contains("replaces database '" + orders + "', not '" + orders + "_typo'");

    CliRun notWaitingForADecision = world.cli("decide", "restore-orders", "retry", "--by", "alice");
    assertThat(notWaitingForADecision.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(notWaitingForADecision.errLines()).singleElement().asString().contains("not waiting for a decision");
    assertThat(world.pg.contentHashes(orders)).isEqualTo(beforeRestoreHashes);

    CliRun approve = world.cli("approve", "restore-orders", "--database", orders, "--by", "alice");
    assertThat(approve.exitCode()).as(approve.err()).isEqualTo(ExitCodes.OK);
    assertThat(approve.out()).contains("approved by alice");

    CliRun restored = restore.get(3, TimeUnit.MINUTES);
    assertThat(restored.exitCode()).as(restored.out() + restored.err()).isEqualTo(ExitCodes.OK);
    assertThat(restored.out())
        .contains("started restore of orders: restore-orders")
        .contains("runbook approve restore-orders --database " + orders + " --by YOUR_NAME")
        .contains("restore of orders succeeded").contains("approved by alice").contains("report: orders/reports/");
    assertThat(restored.out().lines().filter(l -> l.contains("waiting for approval"))).hasSize(1);
    assertThat(world.pg.contentHashes(orders)).isEqualTo(atBackup);
    assertThat(world.databasesBeside(orders)).singleElement().asString().startsWith(orders + "__before_");

    CliRun status = world.cli("status", "restore-orders", "--json");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
    JsonNode state = new ObjectMapper().readTree(status.out());
    assertThat(state.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(state.path("outcome").asText()).contains("report: orders/reports/restore-orders-");
    assertThat(state.path("result").path("reportKey").asText()).startsWith("orders/reports/");
    assertThat(state.path("steps").toString()).contains("Approval").contains("SwapIntoPlace").contains("IntegrityCheck");
    assertThat(world.store.stat(state.path("result").path("reportKey").asText())).isPresent();
    assertThat(state.path("report").path("key").asText()).isEqualTo(state.path("result").path("reportKey").asText());
    assertThat(state.path("report").path("content").path("approvedBy").asText()).isEqualTo("alice");

    CliRun page = world.cli("status", "restore-orders");
    assertThat(page.exitCode()).as(page.err()).isEqualTo(ExitCodes.OK);
    assertThat(page.out()).contains("evidence report " + state.path("result").path("reportKey").asText())
        .contains("alice").contains("SwapIntoPlace");

    CliRun decideAfterTheEnd = world.cli("decide", "restore-orders", "abort");
    assertThat(decideAfterTheEnd.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(decideAfterTheEnd.errLines()).singleElement().asString().contains("is not running (COMPLETED)");

    CliRun rollback = world.cli("restore", "orders", "--rollback", "restore-orders", "--wait");
    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
    assertThat(rollback.out()).contains("started rollback of orders: rollback-orders").contains("rollback of orders succeeded");
    assertThat(world.rows(orders)).isEqualTo(beforeRestore);
    assertThat(world.pg.contentHashes(orders)).isEqualTo(beforeRestoreHashes);
    assertThat(world.databasesBeside(orders)).singleElement().asString().startsWith(orders + "__rolledback_");
    String keptAs = world.databasesBeside(orders).get(0);
    assertThat(world.pg.contentHashes(keptAs)).isEqualTo(atBackup);

    // The kept database is live again: there is nothing left to swap back.
    CliRun again = world.cli("restore", "orders", "--rollback", "restore-orders", "--wait");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.RUNBOOK_FAILED);
    assertThat(again.errLines()).singleElement().asString().contains("does not exist");
    assertThat(world.pg.contentHashes(orders)).isEqualTo(beforeRestoreHashes);
  }

  @Test
  void badRestoreInputIsRefusedBeforeAnythingStarts() {
    assertBadInput(world.cli("restore", "orders", "--mode", "sideways"), "--mode takes swap or in-place");
    assertBadInput(world.cli("restore", "orders", "--into", "copy", "--mode", "in-place"), "cannot be combined");
    assertBadInput(world.cli("restore", "orders", "--into", "x".repeat(64)), "at most 63 bytes");
    assertBadInput(world.cli("restore", "orders", "--into", orders), "is the live database");
    assertBadInput(world.cli("restore", "orders", "--approval-timeout", "0"), "--approval-timeout");
    assertBadInput(world.cli("restore", "invoices"), "unknown target 'invoices'");
    assertBadInput(world.cli("restore", "orders", "--rollback", "restore-orders", "--mode", "swap"), "--rollback takes no");
    assertBadInput(world.cli("restore", "orders", "--rollback", "restore-orders", "--create-missing-roles"),
        "--rollback takes no");
    assertBadInput(world.cli("decide", "restore-orders", "maybe"), "retry, skip or abort");
    assertBadInput(world.cli("approve", "restore-nothing", "--database", "x", "--by", "a"), "restore-nothing");
    assertThat(world.cli("status", "restore-quiet").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void intoANewDatabaseNeedsNoApprovalAndQuotesOddNames() throws Exception {
    CliRun backup = world.cli("backup", "orders", "--wait");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isEqualTo(ExitCodes.OK);
    String into = "copy \"of\" orders " + System.nanoTime();
    world.pg.dropLater(into);

    // The source's roles all exist: --create-missing-roles has nothing to create and is harmless.
    CliRun run = world.cli("restore", "orders", "--into", into, "--create-missing-roles", "--wait");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).doesNotContain("runbook approve").contains("(into mode)");
    assertThat(world.pg.rowCounts(into)).isEqualTo(world.pg.rowCounts(orders));
  }

  private static void assertBadInput(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().startsWith("runbook: ").contains(message);
  }

  /** Waits until a running command has printed {@code text}, as the operator watching it would. */
  private static void awaitScreen(StringWriter screen, String text) throws InterruptedException {
    for (int i = 0; i < 300 && !screen.toString().contains(text); i++) {
      Thread.sleep(100);
    }
    assertThat(screen.toString()).contains(text);
  }

  /** Polls {@code runbook status --json} until the runbook's own status is {@code expected}. */
  private static void awaitRunbookStatus(String workflowId, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      CliRun status = world.cli("status", workflowId, "--json");
      if (status.exitCode() == ExitCodes.OK) {
        last = status.out();
        if (expected.equals(new ObjectMapper().readTree(last).path("runbookStatus").asText())) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(workflowId + " never reached " + expected + "; last status: " + last);
  }
}
