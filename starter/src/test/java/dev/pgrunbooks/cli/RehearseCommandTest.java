package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.TestCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook rehearse} as an operator runs it: after a real backup it restores into a scratch
 * database, checks, measures RTO/RPO against the objectives, stores the report and drops the scratch
 * database; without a backup it fails with one clear line and creates nothing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RehearseCommandTest {
  /** Target names of their own: scratch databases are rehearsal_<target>_<date> on a shared server. */
  private static final String SHOP = "shop" + System.nanoTime() % 1_000_000;
  private static final String EMPTY = "empty" + System.nanoTime() % 1_000_000;

  @TempDir static Path dir;
  @RegisterExtension static final TestCluster temporal = TestCluster.devServer();
  static RunbookWorld world;
  static String shop;

  @BeforeAll
  static void start() {
    world = new RunbookWorld(temporal, dir, pg -> {
      shop = pg.createDatabase("shop");
      pg.loadRichSchema(shop);
      return Map.of(SHOP, shop, EMPTY, pg.createDatabase("empty"));
    }, Map.of(SHOP, t -> t.objectives("24h", "1h")));
  }

  @AfterAll
  static void stop() {
    // Nothing should be left; if something is, the next run must not trip over it.
    world.databasesStartingWith(RehearsalNames.SCRATCH_PREFIX + SHOP).forEach(world.pg::dropLater);
    world.databasesStartingWith(RehearsalNames.SCRATCH_PREFIX + EMPTY).forEach(world.pg::dropLater);
    world.close();
  }

  @Test
  void aRehearsalOfARealBackupPassesStoresItsReportAndDropsItsScratchDatabase() throws Exception {
    CliRun backup = world.cli("backup", SHOP, "--wait");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isEqualTo(ExitCodes.OK);

    // No --backup: the default pick, a random verified weekly backup (the one just taken is this week's).
    CliRun rehearse = world.cli("rehearse", SHOP, "--wait");

    assertThat(rehearse.exitCode()).as(rehearse.out() + rehearse.err()).isEqualTo(ExitCodes.OK);
    assertThat(rehearse.out())
        .contains("started rehearsal of " + SHOP + ": rehearsal-" + SHOP + "-")
        .contains("follow it: runbook status rehearsal-" + SHOP + "-")
        .contains("restore a random verified weekly backup")
        .contains("rehearsal of " + SHOP + " passed")
        .contains("within objectives.rto").contains("within objectives.rpo");
    Matcher report = Pattern.compile("report: (\\S+\\.json)").matcher(rehearse.out());
    assertThat(report.find()).as(rehearse.out()).isTrue();
    assertThat(world.store.stat(report.group(1))).isPresent();
    assertThat(world.store.stat(RehearsalNames.markdownKey(report.group(1)))).isPresent();
    assertThat(world.databasesStartingWith(RehearsalNames.SCRATCH_PREFIX + SHOP)).isEmpty();

    Matcher id = Pattern.compile("(rehearsal-" + SHOP + "-\\d{8}T\\d{6}Z)").matcher(rehearse.out());
    assertThat(id.find()).isTrue();
    CliRun status = world.cli("status", id.group(1), "--json");
    assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
    JsonNode state = new ObjectMapper().readTree(status.out());
    assertThat(state.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(state.path("outcome").asText()).contains("passed").contains("report: " + report.group(1));
    assertThat(state.path("steps").toString()).contains("PickBackup").contains("SmokeQueries").contains("DropScratch");
  }

  @Test
  void aTargetWithoutBackupsFailsWithOneClearLineAndCreatesNoScratchDatabase() {
    CliRun rehearse = world.cli("rehearse", EMPTY, "--backup", "latest", "--wait");

    assertThat(rehearse.exitCode()).as(rehearse.out() + rehearse.err()).isEqualTo(ExitCodes.RUNBOOK_FAILED);
    assertThat(rehearse.errLines()).singleElement().asString()
        .startsWith("runbook: rehearsal of " + EMPTY + " failed")
        .contains("no verified backup of " + EMPTY)
        .contains("runbook backup " + EMPTY)
        .contains("details: runbook status rehearsal-" + EMPTY + "-");
    assertThat(world.databasesStartingWith(RehearsalNames.SCRATCH_PREFIX + EMPTY)).isEmpty();
  }

  @Test
  void badInputIsRefusedBeforeAnythingStarts() {
    assertBadInput(world.cli("rehearse", "invoices"), "unknown target 'invoices'");
    assertBadInput(world.cli("rehearse", SHOP, "--backup", "yesterday"), "--backup takes random-weekly, latest or a dump key");
  }

  private static void assertBadInput(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().startsWith("runbook: ").contains(message);
  }
}
