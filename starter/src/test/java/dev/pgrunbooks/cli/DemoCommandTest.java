package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.testing.PgFixture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code runbook demo} end to end, twice in a row as a curious user would run it: backup, a disaster
 * recovery through its approval gate, a rehearsal, each time from a clean slate and cleaning up after.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DemoCommandTest {

  @AfterEach
  void dropTheDemoDatabases() {
    DemoDatabase demo = DemoDatabase.fromEnvironment(System.getenv(), DemoDatabase.NAME);
    demo.dropRestoreLeftovers();
    demo.drop();
  }

  @Test
  void theDemoRunsTwiceInARowRestoresThroughTheApprovalGateRehearsesAndCleansUp() {
    for (int i = 0; i < 2; i++) {
      CliRun run = CliRun.of("demo");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
      assertThat(run.out())
          .contains("backup of demo succeeded")
          .contains("started restore of demo: restore-demo")
          .contains("runbook approve restore-demo --database pgrunbooks_demo --by demo")
          .contains("approved by demo")
          .contains("restore of demo succeeded")
          .contains("started rehearsal of demo: rehearsal-demo-")
          .contains("rehearsal of demo passed")
          .contains("within objectives.rto")
          .contains("dropped pgrunbooks_demo__before_")
          .contains("left for you to look at")
          .doesNotContain("not yet");
      String summary = run.out().lines().filter(l -> l.strip().startsWith("disaster recovery ")).findFirst().orElseThrow();
      assertThat(summary).contains("succeeded").contains("report ").contains("demo/reports/restore-demo-");
      // The summary row, not the outcome line ("rehearsal of demo passed: ...") printed before it.
      String rehearsal = run.out().lines().filter(l -> l.startsWith("  rehearsal ")).findFirst().orElseThrow();
      assertThat(rehearsal).contains("succeeded").contains("report ").contains("demo/reports/rehearsal-demo-");
      assertThat(databasesStartingWith(DemoDatabase.NAME + "__before_")).isEmpty();
      assertThat(databasesStartingWith(DemoDatabase.NAME + "__restore_")).isEmpty();
      assertThat(databasesStartingWith("rehearsal_demo_")).isEmpty();
    }
  }

  private static List<String> databasesStartingWith(String prefix) {
    try (PgFixture pg = new PgFixture()) {
      return pg.databasesStartingWith(prefix);
    }
  }
}
