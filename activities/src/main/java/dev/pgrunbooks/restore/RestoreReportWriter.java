package dev.pgrunbooks.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.StepRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * The evidence a restore leaves: the report as JSON (for tools, ISO-8601 instants) and as Markdown (for
 * the post-mortem), with the measured RTO set against the target's objective.
 */
final class RestoreReportWriter {
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
  static byte[] json(RestoreReport report, String rtoObjective) {
    ObjectNode node = JSON.valueToTree(report);
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

  static byte[] markdown(RestoreReport report, String rtoObjective) {
    StringBuilder md = new StringBuilder();
    md.append("# Disaster recovery of ").append(report.target()).append(": ").append(report.outcome()).append("\n\n");
    row(md, "Workflow", report.workflowId());
    row(md, "Mode", report.mode());
    row(md, "Database", report.database());
    row(md, "Backup used", report.backupKey() + (report.backupTakenAt() == null ? "" : " (taken " + report.backupTakenAt() + ")"));
    row(md, "Outcome", report.outcome() + (report.reason() == null ? "" : ": " + report.reason()));
    row(md, "Approved by", report.approvedBy() == null ? "(no approval needed or given)" : report.approvedBy());
    row(md, "Started", String.valueOf(report.startedAt()));
    row(md, "Finished", String.valueOf(report.finishedAt()));
    row(md, "Downtime", human(report.downtimeMillis()));
    Duration objective = objective(rtoObjective);
    row(md, "RTO measured", human(report.rtoMillis()) + (objective == null ? " (no objectives.rto configured)"
        : " against an objective of " + rtoObjective + ": " + (report.rtoMillis() <= objective.toMillis() ? "met" : "MISSED")));

    md.append("\n## Steps\n\n| step | outcome | start | end | duration | detail |\n|---|---|---|---|---|---|\n");
    for (StepRecord s : report.steps() == null ? java.util.List.<StepRecord>of() : report.steps()) {
      long millis = s.startedAt() != null && s.finishedAt() != null
          ? s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli() : 0;
      md.append("| ").append(s.name()).append(" | ").append(s.state().toLowerCase()).append(" | ")
          .append(s.startedAt()).append(" | ").append(s.finishedAt() == null ? "" : s.finishedAt()).append(" | ")
          .append(s.finishedAt() == null ? "" : human(millis)).append(" | ").append(cell(s.detail())).append(" |\n");
    }

    md.append("\n## Row counts\n\n");
    Map<String, Long> before = report.before() != null && report.before().exists() ? report.before().rowCounts() : Map.of();
    Map<String, Long> expected = report.integrity() != null ? report.integrity().expectedRows() : Map.of();
    Map<String, Long> after = report.integrity() != null ? report.integrity().actualRows() : Map.of();
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
    if (report.integrity() != null) {
      IntegrityReport i = report.integrity();
      md.append("\n## Integrity check: ").append(i.passed() ? "passed" : "FAILED").append("\n\n");
      md.append("| objects | in backup | restored |\n|---|---:|---:|\n");
      objects(md, "tables", i.expectedObjects() == null ? null : i.expectedObjects().tables(), i.actualObjects() == null ? null : i.actualObjects().tables());
      objects(md, "views", i.expectedObjects() == null ? null : i.expectedObjects().views(), i.actualObjects() == null ? null : i.actualObjects().views());
      objects(md, "functions", i.expectedObjects() == null ? null : i.expectedObjects().functions(), i.actualObjects() == null ? null : i.actualObjects().functions());
      objects(md, "indexes", i.expectedObjects() == null ? null : i.expectedObjects().indexes(), i.actualObjects() == null ? null : i.actualObjects().indexes());
      objects(md, "sequences", i.expectedObjects() == null ? null : i.expectedObjects().sequences(), i.actualObjects() == null ? null : i.actualObjects().sequences());
      for (String d : i.differences()) {
        md.append("\n- ").append(d);
      }
      md.append('\n');
    }
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

  static String human(long millis) {
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
