package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.TestCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.testing.BackupHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook backups} and {@code runbook prune} read and prune the store directly: after a real
 * backup taken through the command line, and over a synthetic history of old backups.
 */
class BackupsAndPruneCommandTest {
  @TempDir static Path dir;
  @RegisterExtension static final TestCluster temporal = TestCluster.devServer();
  static RunbookWorld world;
  static String database;

  @BeforeAll
  static void start() {
    world = new RunbookWorld(temporal, dir, pg -> {
      database = pg.createDatabase("bk");
      pg.execute(database, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 500)");
      return Map.of("orders", database, "history", "history_db", "empty", "empty_db");
    });
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void backupsListsARealBackupWithItsTiersAsTextAndJson() throws Exception {
    CliRun backup = world.cli("backup", "orders", "--wait");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isEqualTo(ExitCodes.OK);
    String key = world.store.list("orders/").stream().map(o -> o.key()).filter(k -> k.endsWith(".dump"))
        .findFirst().orElseThrow();

    CliRun text = world.cli("backups", "orders");
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
    assertThat(text.out()).contains("KEY").contains("TAKEN (UTC)").contains("SIZE").contains("STATUS").contains("TIER");
    String row = text.out().lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow();
    assertThat(row).contains("verified").contains("daily,weekly,monthly,newest").contains("KiB")
        .doesNotContain("pruned next");

    CliRun json = world.cli("backups", "orders", "--json");
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.OK);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.path("target").asText()).isEqualTo("orders");
    assertThat(doc.path("backups")).hasSize(1);
    JsonNode only = doc.path("backups").get(0);
    assertThat(only.path("key").asText()).isEqualTo(key);
    assertThat(only.path("status").asText()).isEqualTo("verified");
    assertThat(only.path("sizeBytes").asLong()).isEqualTo(world.store.stat(key).orElseThrow().sizeBytes());
    assertThat(only.path("prunedNext").asBoolean()).isFalse();
    assertThat(only.path("tiers").toString()).contains("newest").contains("daily");
    assertThat(only.path("database").asText()).isEqualTo(database);
  }

  @Test
  void anEmptyStoreSaysThereAreNoBackupsYetAndHowToTakeOne() {
    CliRun run = world.cli("backups", "empty");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("no backups of empty yet").contains("runbook backup empty");
  }

  @Test
  void anUnknownTargetIsBadInput() {
    for (String command : new String[] {"backups", "prune"}) {
      CliRun run = world.cli(command, "invoices");

      assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(run.errLines()).singleElement().asString().contains("unknown target 'invoices'");
    }
  }

  @Test
  void pruneDryRunDeletesNothingAndPruneDeletesExactlyWhatThePlanSays() throws Exception {
    BackupHistory history = new BackupHistory(world.store, "history");
    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
    for (int day = 1; day <= 120; day++) {
      history.verified(today.minus(Duration.ofDays(day)));
    }
    String oldIncomplete = history.incomplete(today.minus(Duration.ofDays(3)).plusSeconds(60));
    Set<String> before = history.storedKeys();

    JsonNode listing = new ObjectMapper().readTree(world.cli("backups", "history", "--json").out());
    Set<String> planned = new TreeSet<>();
    listing.path("backups").forEach(b -> {
      if (b.path("prunedNext").asBoolean()) {
        planned.add(b.path("key").asText());
      }
    });
    assertThat(planned).contains(oldIncomplete).hasSizeGreaterThan(100);
    assertThat(world.cli("backups", "history").out()).contains("(pruned next: outside retention)")
        .contains("(pruned next: incomplete, older than 1 day)");

    CliRun dryRun = world.cli("prune", "history", "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(ExitCodes.OK);
    assertThat(dryRun.out()).contains("nothing deleted (dry run)").contains("would delete")
        .contains("(daily,weekly,monthly,newest)").contains("(outside retention)");
    assertThat(history.storedKeys()).isEqualTo(before);

    CliRun prune = world.cli("prune", "history");
    assertThat(prune.exitCode()).as(prune.err()).isEqualTo(ExitCodes.OK);
    assertThat(prune.out()).contains("deleted " + planned.size()).doesNotContain("dry run");
    Set<String> expected = new HashSet<>(before);
    for (String key : planned) {
      expected.remove(key);
      expected.remove(key.replace(".dump", ".manifest.json"));
    }
    assertThat(history.storedKeys()).isEqualTo(new TreeSet<>(expected));
    assertThat(world.cli("backups", "history").out()).doesNotContain("pruned next");
  }
}
