package dev.pgrunbooks.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.rehearsal.RehearsalActivitiesImpl;
import dev.pgrunbooks.rehearsal.RehearsalMetrics;
import dev.pgrunbooks.testing.PgFixture;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal's cleanup drops its own scratch database and nothing else: not a name outside the
 * {@code rehearsal_} prefix, and not another rehearsal's scratch database that happens to have the name.
 */
class RehearsalScratchDropTest {
  private static final String RUN = "rehearsal-orders-20261201T030000Z";

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void dropsOnlyTheScratchDatabaseThisRehearsalRestored() {
    String live = pg.createDatabase();
    pg.loadRichSchema(live);
    try (RestoreHarness harness = new RestoreHarness(dir, live)) {
      RehearsalActivitiesImpl rehearsal = new RehearsalActivitiesImpl(harness.config, new Credentials(Map.of()),
          harness.store, harness.direct, RehearsalMetrics.NONE);
      BackupManifest backup = harness.backup(Instant.parse("2026-11-30T02:00:00Z"));
      String ours = "rehearsal_orders_" + System.nanoTime();
      String anothers = "rehearsal_orders_" + (System.nanoTime() + 1);
      pg.dropLater(ours);
      pg.execute("postgres", "CREATE DATABASE " + PgFixture.quote(anothers));
      pg.dropLater(anothers);

      ApplicationFailure notScratch = catchThrowableOfType(
          () -> rehearsal.dropScratch(RestoreHarness.TARGET, live, RUN), ApplicationFailure.class);
      assertThat(notScratch.getType()).isEqualTo("NotAScratchDatabase");
      assertThat(pg.databaseExists(live)).isTrue();

      assertThat(rehearsal.dropScratch(RestoreHarness.TARGET, anothers, RUN)).isFalse();
      assertThat(pg.databaseExists(anothers)).as("another rehearsal's scratch database").isTrue();

      harness.direct.restore(RestoreHarness.TARGET, backup.key(), backup.sha256(), ours, RUN, false, false);
      assertThat(rehearsal.dropScratch(RestoreHarness.TARGET, ours, RUN)).isTrue();
      assertThat(pg.databaseExists(ours)).isFalse();
      assertThat(rehearsal.dropScratch(RestoreHarness.TARGET, ours, RUN)).as("gone already is fine").isFalse();
    }
  }
}
