package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code runbook demo} end to end, twice in a row as a curious user would run it: backup, then a
 * disaster recovery through its approval gate, each time from a clean slate.
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
  void theDemoRunsTwiceInARowAndRestoresThroughTheApprovalGate() {
    CliRun first = CliRun.of("demo");
    CliRun second = CliRun.of("demo");

    for (CliRun run : new CliRun[] {first, second}) {
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
      assertThat(run.out())
          .contains("backup of demo succeeded")
          .contains("started restore of demo: restore-demo")
          .contains("runbook approve restore-demo --database pgrunbooks_demo --by demo")
          .contains("approved by demo")
          .contains("restore of demo succeeded")
          .contains("5. rehearsal: not yet")
          .doesNotContain("not yet (coming with the restore runbook)");
      String summary = run.out().lines().filter(l -> l.strip().startsWith("disaster recovery ")).findFirst().orElseThrow();
      assertThat(summary).contains("succeeded").contains("report ").contains("demo/reports/restore-demo-");
    }
    assertThat(second.out()).contains("dropped what earlier demos' restores kept: pgrunbooks_demo__before_");
  }
}
