package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's sample database on the local PostgreSQL: created with rows, and recreated cleanly on a rerun. */
class DemoDatabaseTest {
  private final DemoDatabase database = DemoDatabase.fromEnvironment(System.getenv(),
      "pgrunbooks_demo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));

  @AfterEach
  void drop() {
    database.drop();
  }

  @Test
  void recreatingTwiceGivesTheSameSampleRows() {
    Map<String, Long> first = database.recreate();
    Map<String, Long> second = database.recreate();

    assertThat(first.keySet()).containsExactlyElementsOf(DemoDatabase.TABLES);
    assertThat(first.values()).allSatisfy(rows -> assertThat(rows).isPositive());
    assertThat(first.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(2000);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void onlyWhatRestoresKeptBesideTheDemoDatabaseIsDropped() {
    database.recreate();
    try (dev.pgrunbooks.testing.PgFixture pg = new dev.pgrunbooks.testing.PgFixture()) {
      String name = database.database();
      for (String beside : new String[] {"__before_1", "__restore_1", "__rolledback_1", "_other"}) {
        pg.execute("postgres", "CREATE DATABASE " + dev.pgrunbooks.testing.PgFixture.quote(name + beside));
        pg.dropLater(name + beside);
      }

      assertThat(database.dropRestoreLeftovers()).containsExactly(name + "__before_1", name + "__restore_1");

      assertThat(pg.databaseExists(name)).isTrue();
      assertThat(pg.databaseExists(name + "__rolledback_1")).isTrue();
      assertThat(pg.databaseExists(name + "_other")).isTrue();
      assertThat(pg.databaseExists(name + "__before_1")).isFalse();
    }
  }

  @Test
  void unreachablePostgresIsOneLineNamingWhereAndWhatToSet() {
    DemoDatabase nowhere = new DemoDatabase("127.0.0.1", dev.pgrunbooks.worker.FreePort.find(), "postgres", null, "x");

    CliException error = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, nowhere::recreate);

    assertThat(error.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(error.getMessage()).contains("127.0.0.1:").contains("PGHOST").doesNotContain("\n");
  }
}
