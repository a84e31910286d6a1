package dev.pgrunbooks.worker;

import dev.pgrunbooks.rehearsal.RehearsalResult;
import static dev.pgrunbooks.worker.RehearsalHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.RehearsalReports;
import dev.pgrunbooks.worker.schedules.RunbookSchedules;
import dev.pgrunbooks.worker.schedules.ScheduleReport;
import dev.pgrunbooks.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three simulated months of the schedules from the configuration, applied as the embedded dev server
 * gets them (cron workflows: the test server has no Schedules API): weekly backups every Monday at 02:00
 * and the rehearsal on the 1st at 03:00, with the real activities against a real PostgreSQL.
 *
 * <p>Why real activities and time skipping get along: the test server does not skip time while an
 * activity is outstanding (a scheduled activity locks time skipping until it completes), so every dump,
 * restore and check runs in real time at a fixed simulated instant, and the server only jumps ahead
 * while the cron workflows wait for their next fire time.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RehearsalScheduleTimeSkippingTest {
  /** A Monday, so the first weekly backup comes before the first rehearsal. */
  private static final Instant START = Instant.parse("2027-01-04T00:00:00Z");

  @TempDir Path dir;
  @RegisterExtension final TestCluster temporal = TestCluster.timeSkipping(START);
  private RehearsalHarness h;

  @BeforeEach
  void setUp() throws Exception {
    h = new RehearsalHarness(dir, temporal);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void theMonthlyRehearsalFiresThreeTimesInThreeMonthsAndLeavesThreePassedReports() throws Exception {
    String smoke = h.smokeFile("smoke.sql", "SELECT count(*) > 0 FROM sales.orders;").toString();
    h.start(h.config(smoke, "0 3 1 * *", "0 2 * * 1"));

    ScheduleReport applied = RunbookSchedules.connect(temporal.client()).apply(h.config);
    assertThat(applied.note()).isEqualTo(RunbookSchedules.FALLBACK_NOTE);

    // Until 1 April 04:00: rehearsals on 1 February, 1 March and 1 April, 13 Monday backups.
    temporal.sleep(Duration.between(START, Instant.parse("2027-04-01T04:00:00Z")));

    RehearsalReports reports = new RehearsalReports(h.store);
    List<String> keys = reports.keys(TARGET);
    assertThat(keys).hasSize(3);
    List<String> months = new ArrayList<>();
    for (String key : keys) {
      RehearsalReport report = reports.read(key);
      assertThat(report.outcome()).as(key + ": " + report.reason()).isEqualTo(RehearsalResult.PASSED);
      assertThat(report.workflowId()).isEqualTo("rehearsal-orders");
      assertThat(report.scratchDropped()).endsWith("dropped");
      // random-weekly: a weekly backup from the 30 days before the rehearsal.
      assertThat(report.backupTakenAt()).isBetween(report.startedAt().minus(Duration.ofDays(30)), report.startedAt());
      months.add(key.substring(key.lastIndexOf('-') + 1, key.lastIndexOf('-') + 12));
    }
    assertThat(months).containsExactly("20270401T03", "20270301T03", "20270201T03");
    assertThat(new BackupCatalog(h.store).list(TARGET)).filteredOn(BackupEntry::verified).hasSize(13);
    assertThat(h.scratchDatabases()).isEmpty();
  }
}
