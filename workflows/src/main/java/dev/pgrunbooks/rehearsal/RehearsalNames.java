package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.restore.DatabaseNames;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The names a rehearsal uses: its workflow id, its scratch database and its report. Shared by the
 * workflow, the activities and the command line so they always agree.
 */
public final class RehearsalNames {
  /** Every scratch database starts with this; the drop step refuses any other name. */
  public static final String SCRATCH_PREFIX = "rehearsal_";

  private static final int MAX_NAME_BYTES = 63;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private RehearsalNames() {}

  /** {@code rehearsal-orders-20261201T030000Z}. */
  public static String workflowId(String target, Instant at) {
    return RunbookKind.REHEARSAL + "-" + target + "-" + BackupKeys.stamp(at);
  }

  /**
   * {@code rehearsal_orders_20261201_1f3a9c2e}, lower case: the day for people, {@code run} (a few
   * characters the workflow draws once per run) so that two rehearsals of a target on one day never
   * share a database. The target part is shortened when the whole would pass PostgreSQL's 63 bytes.
   */
  public static String scratchDatabase(String target, Instant at, String run) {
    String tail = "_" + DAY.format(at) + "_" + run;
    String lowerTarget = target.toLowerCase(Locale.ROOT);
    int room = MAX_NAME_BYTES - SCRATCH_PREFIX.length() - tail.getBytes(StandardCharsets.UTF_8).length;
    while (lowerTarget.getBytes(StandardCharsets.UTF_8).length > room) {
      lowerTarget = lowerTarget.substring(0, lowerTarget.offsetByCodePoints(lowerTarget.length(), -1));
    }
    return DatabaseNames.checked((SCRATCH_PREFIX + lowerTarget + tail).toLowerCase(Locale.ROOT));
  }

  /** What {@link #scratchDatabase(String, Instant, String)} will look like, for summaries before the run draws its part. */
  public static String scratchDatabaseShape(String target, Instant at) {
    return (SCRATCH_PREFIX + target + "_" + DAY.format(at)).toLowerCase(Locale.ROOT) + "_<run>";
  }

  /**
   * {@code rehearsal_orders_20261201}: the name rehearsals that started before
   * {@link dev.pgrunbooks.runbook.RunbookVersions#SCRATCH_DATABASE_PER_RUN} use to the end.
   *
   * @throws IllegalArgumentException when the name is too long for PostgreSQL
   */
  public static String scratchDatabaseOfDay(String target, Instant at) {
    return DatabaseNames.checked((SCRATCH_PREFIX + target + "_" + DAY.format(at)).toLowerCase(Locale.ROOT));
  }

  public static boolean isScratchDatabase(String name) {
    return name != null && name.startsWith(SCRATCH_PREFIX) && name.length() > SCRATCH_PREFIX.length();
  }

  /** {@code <target>/reports/rehearsal-<target>-<stamp>.json}; the Markdown report sits beside it. */
  public static String reportKey(String target, String stamp) {
    return BackupKeys.reportsPrefix(target) + RunbookKind.REHEARSAL + "-" + target + "-" + stamp + ".json";
  }

  public static String markdownKey(String reportKey) {
    return reportKey.substring(0, reportKey.length() - ".json".length()) + ".md";
  }
}
