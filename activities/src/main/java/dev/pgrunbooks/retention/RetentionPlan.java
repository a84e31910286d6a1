package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.PruneReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Retention's decision for every backup of a target, newest first. */
public record RetentionPlan(String target, List<RetentionDecision> decisions) {
  public RetentionPlan {
    decisions = List.copyOf(decisions);
  }

  public List<RetentionDecision> kept() {
    return decisions.stream().filter(RetentionDecision::keep).toList();
  }

  public List<RetentionDecision> deleted() {
    return decisions.stream().filter(d -> !d.keep()).toList();
  }

  /** Dump key → tier label ({@code "daily,weekly"}, or {@code ""}), newest first. */
  public Map<String, String> tiersByKey() {
    Map<String, String> tiers = new LinkedHashMap<>();
    decisions.forEach(d -> tiers.put(d.key(), d.tierLabel()));
    return tiers;
  }

  public PruneReport toReport(boolean dryRun) {
    return new PruneReport(target, toReportDecisions(kept()), toReportDecisions(deleted()), dryRun);
  }

  private static List<PruneReport.Decision> toReportDecisions(List<RetentionDecision> decisions) {
    return decisions.stream().map(d -> new PruneReport.Decision(d.key(), d.reason())).toList();
  }
}
