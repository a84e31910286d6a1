package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.TestCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgrunbooks.worker.schedules.RunbookSchedules;
import java.nio.file.Files;
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
 * {@code runbook schedule} against the embedded dev server, which has no Schedules API: the cron
 * workflow fallback, applied idempotently, listed, triggered (a real backup that completes) and deleted.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScheduleCommandTest {
  private static final String T = "nightly";
  // New Year's Day only: nothing fires by itself while the test runs.
  private static final String BACKUP_CRON = "0 2 1 1 *";
  private static final String REHEARSAL_CRON = "0 3 1 1 *";

  @TempDir static Path dir;
  @RegisterExtension static final TestCluster temporal = TestCluster.devServer();
  static RunbookWorld world;

  @BeforeAll
  static void start() {
    world = new RunbookWorld(temporal, dir, pg -> {
      String db = pg.createDatabase("nightly");
      pg.loadRichSchema(db);
      return Map.of(T, db);
    }, Map.of(T, t -> t.backupCron(BACKUP_CRON).rehearsalCron(REHEARSAL_CRON)));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void applyListTriggerAndDeleteOnTheDevServersCronFallback() throws Exception {
    CliRun apply = world.cli("schedule", "apply");
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(ExitCodes.OK);
    assertThat(apply.out()).contains(RunbookSchedules.FALLBACK_NOTE)
        .contains("backup-" + T + ": created").contains("rehearsal-" + T + ": created");

    CliRun again = world.cli("schedule", "apply");
    assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(ExitCodes.OK);
    assertThat(again.out()).contains("nothing to change: backup-" + T + ", rehearsal-" + T)
        .doesNotContain(": created").doesNotContain(": updated");

    CliRun list = world.cli("schedule", "list");
    assertThat(list.exitCode()).as(list.out() + list.err()).isEqualTo(ExitCodes.OK);
    assertThat(list.out().lines().filter(l -> l.startsWith("backup-" + T + " ")).findFirst().orElseThrow())
        .contains("backup").contains(T).contains(BACKUP_CRON).contains("scheduled");
    assertThat(list.out().lines().filter(l -> l.startsWith("rehearsal-" + T + " ")).findFirst().orElseThrow())
        .contains("rehearsal").contains(REHEARSAL_CRON).contains("scheduled");
    JsonNode json = new ObjectMapper().readTree(world.cli("schedule", "list", "--json").out());
    assertThat(json).hasSize(2);
    assertThat(json.get(0).path("id").asText()).isEqualTo("backup-" + T);
    assertThat(json.get(0).path("cron").asText()).isEqualTo(BACKUP_CRON);

    CliRun trigger = world.cli("schedule", "trigger", "backup-" + T);
    assertThat(trigger.exitCode()).as(trigger.out() + trigger.err()).isEqualTo(ExitCodes.OK);
    Matcher started = Pattern.compile("started (backup-" + T + "-\\d{8}T\\d{6}Z)").matcher(trigger.out());
    assertThat(started.find()).as(trigger.out()).isTrue();
    CliRun backup = world.cli("status", started.group(1), "--follow");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isEqualTo(ExitCodes.OK);
    assertThat(backup.out()).contains("backup of " + T + " succeeded");

    CliRun unknown = world.cli("schedule", "trigger", "backup-invoices");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.errLines()).singleElement().asString().contains("no schedule 'backup-invoices'");

    CliRun delete = world.cli("schedule", "delete");
    assertThat(delete.exitCode()).as(delete.out() + delete.err()).isEqualTo(ExitCodes.OK);
    assertThat(delete.out()).contains("backup-" + T + ": deleted").contains("rehearsal-" + T + ": deleted");
    CliRun afterDelete = world.cli("schedule", "list");
    assertThat(afterDelete.out().lines().filter(l -> l.startsWith("backup-" + T + " ")).findFirst().orElseThrow())
        .contains("absent");
    assertThat(afterDelete.out()).contains("runbook schedule apply");
  }

  @Test
  void anInvalidCronIsRefusedNamingTheTargetAndField() throws Exception {
    Path config = dir.resolve("bad-cron.yaml");
    Files.writeString(config, "storage: { type: local, path: '" + dir.resolve("store") + "' }\n"
        + "targets:\n"
        + "  orders: { database: orders, rehearsal: { cron: '0 3 32 * *' } }\n");

    // Refused before connecting: no server is needed to hear about the typo.
    CliRun apply = CliRun.of("schedule", "apply", "--config", config.toString(), "--address", "127.0.0.1:1");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(ExitCodes.BAD_INPUT);
    // Refused when the file loads, naming the file as every configuration error does.
    assertThat(apply.errLines()).singleElement().asString()
        .startsWith("runbook: " + config + ": targets.orders.rehearsal.cron: '0 3 32 * *' is not a valid cron expression");
  }

  @Test
  void aSubcommandIsRequired() {
    CliRun bare = world.cli("schedule");
    assertThat(bare.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bare.errLines()).singleElement().asString().contains("apply, list, delete or trigger");
  }
}
