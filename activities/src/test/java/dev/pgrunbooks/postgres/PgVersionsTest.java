package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Version numbers as operators and pg_dump's compatibility rule see them. */
class PgVersionsTest {
  private static final Path PATH = Path.of("/usr/bin/pg_dump");

  @Test
  void parsesDistributionVersionStrings() {
    ToolVersion v = ToolVersion.parse("pg_dump", PATH, "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)").orElseThrow();
    assertThat(v.version()).isEqualTo("15.20");
    assertThat(v.versionNum()).isEqualTo(150020);
    assertThat(v.describe()).isEqualTo("pg_dump 15.20 (/usr/bin/pg_dump)");
    assertThat(ToolVersion.parse("pg_dump", PATH, "pg_dump (PostgreSQL) 9.6.24").orElseThrow().versionNum())
        .isEqualTo(90624);
    assertThat(ToolVersion.parse("pg_dump", PATH, "pg_dump (PostgreSQL) 17beta1").orElseThrow().majorNum())
        .isEqualTo(170000);
    assertThat(ToolVersion.parse("pg_dump", PATH, "something else")).isEmpty();
  }

  @Test
  void comparesMajorReleasesOnly() {
    ToolVersion pgDump15 = ToolVersion.parse("pg_dump", PATH, "pg_dump (PostgreSQL) 15.2").orElseThrow();
    assertThat(pgDump15.majorNum()).isEqualTo(new ServerVersion("15.20", 150020).majorNum());
    assertThat(pgDump15.majorNum()).isLessThan(new ServerVersion("16.4", 160004).majorNum());
    assertThat(new ServerVersion("9.6.24", 90624).major()).isEqualTo("9.6");
    assertThat(new ServerVersion("16.4", 160004).major()).isEqualTo("16");
  }
}
