package dev.pgrunbooks.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a dump (the operator aborts, or the workflow gives up) kills pg_dump and stores nothing. */
class BackupCancellationTest {
  private static final String KEY = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));

  @TempDir Path storeDir;
  @TempDir Path binDir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void cancelledDumpKillsPgDumpAndLeavesNothing() throws Exception {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    Path realPgDump = new PgTools(ToolsConfig.defaults(), System.getenv("PATH")).locate("pg_dump");
    Path pidFile = binDir.resolve("pid");
    // Dumps, then keeps stdout open as if a huge table were still coming.
    Path wrapper = binDir.resolve("pg_dump");
    Files.writeString(wrapper, """
        #!/bin/sh
        if [ "$1" = "--version" ]; then exec '%1$s' --version; fi
        echo $$ > '%2$s'
        '%1$s' "$@"
        exec sleep 600
        """.formatted(realPgDump, pidFile));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    RunbookConfig config = TestConfig.localStore(storeDir).binDir(binDir).target("orders", db).build();

    try (BackupHarness backup = new BackupHarness(config, new Credentials(Map.of()), Duration.ofSeconds(2))) {
      CompletableFuture<DumpResult> dump = CompletableFuture.supplyAsync(() -> backup.activities.dump("orders", KEY));
      awaitCondition(() -> Files.exists(pidFile) && !backup.heartbeats.isEmpty());
      long pid = Long.parseLong(Files.readString(pidFile).strip());

      backup.requestCancel();
      Throwable thrown = catchThrowable(dump::join);

      assertThat(thrown).hasRootCauseInstanceOf(CanceledFailure.class);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pg_dump still running").isNotEqualTo(
          java.util.Optional.of(true));
      assertThat(backup.store.list("")).isEmpty();
      try (var files = Files.walk(storeDir)) {
        assertThat(files.filter(Files::isRegularFile)).as("no partial upload left behind").isEmpty();
      }
    }
  }

  /** Waits for a condition, with a generous bound so a broken build fails instead of hanging. */
  private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached");
      }
      Thread.sleep(50);
    }
  }
}
