package dev.pgrunbooks.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.rehearsal.RecoveryPoint;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.SmokeReport;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.StepRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The evidence a restore leaves: the report as JSON (for tools, ISO-8601 instants) and as Markdown (for
 * the post-mortem), with the measured RTO set against the target's objective. A restore rehearsal is a
 * restore too: its report is written here as well, with the same sections. The workflow hands over
 * summaries; the per-table counts come from the {@link ReportDetails} read back from the store, and go
 * into the JSON where the summaries stand ({@code before.rowCounts}, {@code integrity.expectedRows},
 * {@code integrity.actualRows}, every {@code integrity.differences}).
 */
public final class RestoreReportWriter {
  static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private RestoreReportWriter() {}

  /**
   * {@code <target>/reports/<workflowId>-<start stamp>.json}: the restore's workflow id is the same for every
   * restore of a target, the start time tells the runs apart so no report overwrites an earlier one.
   */
  static String jsonKey(RestoreReport report) {
    return baseKey(report) + ".json";
  }

  static String markdownKey(RestoreReport report) {
    return baseKey(report) + ".md";
  }

  private static String baseKey(RestoreReport report) {
    String id = report.workflowId().replaceAll("[^A-Za-z0-9._-]", "_");
    Instant started = report.startedAt() == null ? Instant.EPOCH : report.startedAt();
    return BackupKeys.reportsPrefix(report.target()) + id + "-" + BackupKeys.stamp(started);
  }

  /** @param rtoObjective the target's {@code objectives.rto} as configured, or null */
  static byte[] json(RestoreReport report, String rtoObjective, ReportDetails details) {
    ObjectNode node = JSON.valueToTree(report);
    withDetails(node, details);
    node.put("rtoObjective", rtoObjective);
    Duration objective = objective(rtoObjective);
    if (objective != null) {
      node.put("rtoObjectiveMillis", objective.toMillis());
      node.put("rtoMet", report.rtoMillis() <= objective.toMillis());
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report of " + report.workflowId() + ": " + e.getMessage(), e);
    }
  }

  static byte[] markdown(RestoreReport report, String rtoObjective, ReportDetails details) {
    StringBuilder md = new StringBuilder();
    md.append("# Disaster recovery of ").append(report.target()).append(": ").append(report.outcome()).append("\n\n");
    row(md, "Workflow", report.workflowId());
    row(md, "Mode", report.mode().label());
    row(md, "Database", report.database());
    row(md, "Backup used", report.backupKey() + (report.backupTakenAt() == null ? "" : " (taken " + report.backupTakenAt() + ")"));
    if (report.pgRestore() != null) {
      row(md, "Restored with", report.pgRestore().describe());
    }
    row(md, "Outcome", report.outcome() + (report.reason() == null ? "" : ": " + report.reason()));
    if (report.abortedCopy() != null) {
      row(md, "Restored copy kept as", report.abortedCopy() + " (live after the swap, may hold the application's writes;"
          + " inspect with psql -d " + report.abortedCopy() + ", drop with DROP DATABASE when done)");
    }
    row(md, "Approved by", report.approvedBy() == null ? "(no approval needed or given)" : report.approvedBy());
    row(md, "Started", String.valueOf(report.startedAt()));
    row(md, "Finished", String.valueOf(report.finishedAt()));
    row(md, "Downtime", human(report.downtimeMillis()));
    Duration objective = objective(rtoObjective);
    row(md, "RTO measured", human(report.rtoMillis()) + (objective == null ? " (no objectives.rto configured)"
        : " against an objective of " + rtoObjective + ": " + (report.rtoMillis() <= objective.toMillis() ? "met" : "MISSED")));

    steps(md, report.steps());

    md.append("\n## Row counts\n\n");
    Map<String, Long> before = details.before() != null ? details.before() : Map.of();
    Map<String, Long> expected = details.expectedRows();
    Map<String, Long> after = details.actualRows();
    unreadable(md, details);
    if (report.before() != null && report.before().estimatedTables() > 0) {
      md.append("The live counts of ").append(report.before().estimatedTables()).append(" table(s) are the planner's ")
          .append("estimates (pg_class.reltuples), not exact: they did not fit worker.liveCountTableBudget.\n\n");
    }
    if (report.before() != null && !report.before().exists()) {
      md.append("There was no live database ").append(report.before().database()).append(" before the restore.\n\n");
    }
    md.append("| table | before (live) | in backup | after (restored) |\n|---|---:|---:|---:|\n");
    TreeSet<String> tables = new TreeSet<>();
    tables.addAll(before.keySet());
    tables.addAll(expected.keySet());
    tables.addAll(after.keySet());
    for (String t : tables) {
      md.append("| ").append(cell(t)).append(" | ").append(count(before, t)).append(" | ").append(count(expected, t))
          .append(" | ").append(count(after, t)).append(" |\n");
    }
    integrity(md, report.integrity(), details);
    md.append("\n## Health\n\n");
    HealthReport h = report.health();
    if (h == null) {
      md.append("Not probed.\n");
    } else {
      md.append(h.url() == null ? "" : "GET " + h.url() + ": ").append(h.healthy() ? "healthy" : "unhealthy")
          .append(" after ").append(h.attempts()).append(" attempt(s); ").append(h.statusLine()).append('\n');
      if (h.bodyExcerpt() != null && !h.bodyExcerpt().isEmpty()) {
        md.append("\n```\n").append(h.bodyExcerpt()).append("\n```\n");
      }
    }
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- rehearsal reports ----------------------------------------------------------------------

  /** The rehearsal report as JSON, with whether the objectives were met spelled out for tools. */
  public static byte[] json(RehearsalReport report, ReportDetails details) {
    ObjectNode node = JSON.valueToTree(report);
    withDetails(node, details);
    node.putPOJO("rtoMet", report.rtoMet());
    node.putPOJO("rpoMet", report.rpoMet());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report of " + report.workflowId() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a rehearsal report back (seeding metrics, listing reports). */
  public static RehearsalReport readRehearsal(byte[] json) throws java.io.IOException {
    return JSON.readerFor(RehearsalReport.class)
        .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(json);
  }

  public static byte[] markdown(RehearsalReport report, ReportDetails details) {
    StringBuilder md = new StringBuilder();
    md.append("# Restore rehearsal of ").append(report.target()).append(": ").append(report.outcome()).append("\n\n");
    row(md, "Workflow", report.workflowId() + (report.trigger() == null ? "" : " (started by " + report.trigger() + ")"));
    row(md, "Backup rehearsed", report.backupKey() == null ? "(none could be picked)"
        : report.backupKey() + (report.backupTakenAt() == null ? "" : " (taken " + report.backupTakenAt() + ")"));
    if (report.pick() != null) {
      row(md, "Picked by", report.pick());
    }
    if (report.pgRestore() != null) {
      row(md, "Restored with", report.pgRestore().describe());
    }
    row(md, "Outcome", report.outcome() + (report.reason() == null ? "" : ": " + report.reason()));
    row(md, "Started", String.valueOf(report.startedAt()));
    row(md, "Finished", String.valueOf(report.finishedAt()));
    RecoveryPoint o = report.objectives();
    row(md, "RTO measured", report.rtoMillis() == null ? "not measured (the checks did not pass)"
        : human(report.rtoMillis()) + " from restore start to checks passed" + against(report.rtoMet(),
            o == null ? null : o.rtoObjective(), "objectives.rto"));
    row(md, "RPO measured", report.rpoMillis() == null ? "not measured"
        : human(report.rpoMillis()) + " since the newest verified backup " + (o == null ? "" : o.newestKey())
            + against(report.rpoMet(), o == null ? null : o.rpoObjective(), "objectives.rpo"));
    row(md, "Scratch database", report.scratchDatabase() == null ? "(none)" : report.scratchDropped());
    if (report.backupMarked()) {
      row(md, "Backup marked", report.backupKey() + " is marked as failing rehearsal: retention and 'latest' no"
          + " longer count it as good");
    }
    if (report.freshBackupWorkflowId() != null) {
      row(md, "Fresh backup", "started as " + report.freshBackupWorkflowId());
    }
    steps(md, report.steps());
    if (report.integrity() != null) {
      md.append("\n## Row counts\n\n");
      unreadable(md, details);
      md.append("| table | in backup | restored |\n|---|---:|---:|\n");
      TreeSet<String> tables = new TreeSet<>(details.expectedRows().keySet());
      tables.addAll(details.actualRows().keySet());
      for (String t : tables) {
        md.append("| ").append(cell(t)).append(" | ").append(count(details.expectedRows(), t))
            .append(" | ").append(count(details.actualRows(), t)).append(" |\n");
      }
    }
    integrity(md, report.integrity(), details);
    SmokeReport smoke = report.smoke();
    md.append("\n## Smoke queries\n\n");
    if (smoke == null) {
      md.append("Not run.\n");
    } else if (smoke.file() == null) {
      md.append("No smokeSql configured for ").append(report.target()).append(".\n");
    } else {
      md.append("From ").append(smoke.file()).append(": ").append(smoke.passed() ? "all passed" : "FAILED").append("\n\n");
      md.append("| # | query | result | duration |\n|---:|---|---|---:|\n");
      for (SmokeReport.SmokeQuery q : smoke.queries()) {
        md.append("| ").append(q.number()).append(" | `").append(cell(q.sql()).replace("`", "'")).append("` | ")
            .append(q.passed() ? "true" : "**" + cell(q.result()) + "**").append(" | ").append(human(q.millis()))
            .append(" |\n");
      }
    }
    if (report.migration() != null) {
      md.append("\n## Migrations\n\n```\n").append(report.migration()).append("\n```\n");
    }
    return md.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String against(Boolean met, String objective, String field) {
    if (objective == null) {
      return " (no " + field + " configured)";
    }
    return " against an objective of " + objective + ": " + (Boolean.TRUE.equals(met) ? "met" : "MISSED");
  }

  private static void steps(StringBuilder md, java.util.List<StepRecord> steps) {
    md.append("\n## Steps\n\n| step | outcome | start | end | duration | detail |\n|---|---|---|---|---|---|\n");
    for (StepRecord s : steps == null ? java.util.List.<StepRecord>of() : steps) {
      long millis = s.startedAt() != null && s.finishedAt() != null
          ? s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli() : 0;
      md.append("| ").append(s.name()).append(" | ").append(s.state().lowerCase()).append(" | ")
          .append(s.startedAt()).append(" | ").append(s.finishedAt() == null ? "" : s.finishedAt()).append(" | ")
          .append(s.finishedAt() == null ? "" : human(millis)).append(" | ").append(cell(s.detail())).append(" |\n");
    }
  }

  /** The per-table data the summaries link to, put where the report's readers found it before. */
  private static void withDetails(ObjectNode node, ReportDetails details) {
    if (details.before() != null && node.get("before") instanceof ObjectNode before) {
      before.putPOJO("rowCounts", new TreeMap<>(details.before()));
    }
    if (details.integrity() != null && node.get("integrity") instanceof ObjectNode integrity) {
      integrity.putPOJO("expectedRows", new TreeMap<>(details.expectedRows()));
      integrity.putPOJO("actualRows", new TreeMap<>(details.actualRows()));
      if (details.integrity().differences() != null) {
        integrity.putPOJO("differences", details.integrity().differences());
      }
    }
    if (!details.unreadable().isEmpty()) {
      node.putPOJO("unreadableDetails", details.unreadable());
    }
  }

  private static void unreadable(StringBuilder md, ReportDetails details) {
    for (String missing : details.unreadable()) {
      md.append("Could not read ").append(missing).append("\n\n");
    }
  }

  private static void integrity(StringBuilder md, IntegrityReport i, ReportDetails details) {
    if (i != null) {
      md.append("\n## Integrity check: ").append(i.passed() ? "passed" : "FAILED").append("\n\n");
      md.append("| objects | in backup | restored |\n|---|---:|---:|\n");
      objects(md, "tables", i.expectedObjects() == null ? null : i.expectedObjects().tables(), i.actualObjects() == null ? null : i.actualObjects().tables());
      objects(md, "views", i.expectedObjects() == null ? null : i.expectedObjects().views(), i.actualObjects() == null ? null : i.actualObjects().views());
      objects(md, "functions", i.expectedObjects() == null ? null : i.expectedObjects().functions(), i.actualObjects() == null ? null : i.actualObjects().functions());
      objects(md, "indexes", i.expectedObjects() == null ? null : i.expectedObjects().indexes(), i.actualObjects() == null ? null : i.actualObjects().indexes());
      objects(md, "sequences", i.expectedObjects() == null ? null : i.expectedObjects().sequences(), i.actualObjects() == null ? null : i.actualObjects().sequences());
      java.util.List<String> all = details.integrity() != null && details.integrity().differences() != null
          ? details.integrity().differences() : i.differences() == null ? java.util.List.of() : i.differences();
      for (String d : all) {
        md.append("\n- ").append(d);
      }
      if (all.size() < i.differenceCount()) {
        md.append("\n- … and ").append(i.differenceCount() - all.size()).append(" more, in ").append(i.detailKey());
      }
      md.append('\n');
      if (!i.notes().isEmpty()) {
        md.append("\nNot checked, or worth knowing:\n");
        for (String n : i.notes()) {
          md.append("\n- ").append(n);
        }
        md.append('\n');
      }
    }
  }

  private static Duration objective(String rto) {
    return rto == null ? null : dev.pgrunbooks.config.Durations.parse(rto, "objectives.rto");
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("- **").append(name).append(":** ").append(value).append('\n');
  }

  private static void objects(StringBuilder md, String what, Long expected, Long actual) {
    md.append("| ").append(what).append(" | ").append(expected == null ? "" : expected).append(" | ")
        .append(actual == null ? "" : actual).append(" |\n");
  }

  private static String count(Map<String, Long> counts, String table) {
    Long n = counts == null ? null : counts.get(table);
    return n == null ? "—" : String.valueOf(n);
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  public static String human(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min " + d.toSecondsPart() + " s";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
