package dev.pgrunbooks.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.retention.Pruner;
import dev.pgrunbooks.retention.RetentionDecision;
import dev.pgrunbooks.retention.RetentionPlan;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook backups TARGET [--json]}: the backups in the store, read directly (no Temporal), each
 * with the retention tiers that keep it, and which ones the next prune removes.
 */
@Command(name = "backups", mixinStandardHelpOptions = true,
    description = "Backups of TARGET in the store: key, time, size, status, retention tier.")
final class BackupsCommand extends RunbookCommand {
  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter TAKEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Parameters(paramLabel = "TARGET", description = "A target from the configuration.")
  private String target;

  @Option(names = "--json", description = "Print one JSON document on stdout.")
  private boolean json;

  /** One backup as {@code --json} prints it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Listed(String key, Instant takenAt, long sizeBytes, String status, List<String> tiers,
      boolean prunedNext, String retention, String database, String workflowId) {}

  /** The {@code --json} document. */
  record Listing(String target, String store, RetentionConfig retention, List<Listed> backups) {}

  @Override
  public Integer call() {
    RunbookConfig config = loadConfig();
    RetentionConfig retention = config.target(target).retention();
    RetentionPlan plan;
    String where;
    try (BackupStore store = BackupStores.open(config.storage())) {
      where = store.describe();
      plan = new Pruner(store).plan(target, retention, Clock.systemUTC().instant());
    }
    List<Listed> backups = plan.decisions().stream().map(BackupsCommand::listed).toList();
    PrintWriter out = out();
    if (json) {
      print(out, new Listing(target, where, retention, backups));
      return ExitCodes.OK;
    }
    if (backups.isEmpty()) {
      out.println("no backups of " + target + " yet in " + where + "; take one with: runbook backup " + target + " --wait");
      out.flush();
      return ExitCodes.OK;
    }
    out.println("backups of " + target + " in " + where + ", newest first (retention: " + describe(retention) + ")");
    int keyWidth = Math.max(3, backups.stream().mapToInt(b -> b.key().length()).max().orElse(3));
    String row = "%-" + keyWidth + "s  %-19s  %9s  %-12s  %s%n";
    out.printf(Locale.ROOT, row, "KEY", "TAKEN (UTC)", "SIZE", "STATUS", "TIER");
    for (Listed b : backups) {
      String tier = b.tiers().isEmpty() ? "-" : String.join(",", b.tiers());
      out.printf(Locale.ROOT, row, b.key(), TAKEN.format(b.takenAt()), Bytes.human(b.sizeBytes()), b.status(),
          b.prunedNext() ? tier + " (pruned next: " + b.retention() + ")" : tier);
    }
    long pruned = backups.stream().filter(Listed::prunedNext).count();
    if (pruned > 0) {
      out.println(pruned + " backup(s) will be removed by the next prune (runbook prune " + target + " --dry-run shows the plan)");
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Listed listed(RetentionDecision decision) {
    BackupEntry entry = decision.entry();
    List<String> tiers = decision.tierLabel().isEmpty() ? List.of() : List.of(decision.tierLabel().split(","));
    return new Listed(entry.key(), entry.takenAt(), entry.sizeBytes(), entry.status().label(), tiers, !decision.keep(),
        decision.reason(), entry.manifest() == null ? null : entry.manifest().database(),
        entry.manifest() == null ? null : entry.manifest().workflowId());
  }

  static String describe(RetentionConfig retention) {
    return "daily " + retention.daily() + ", weekly " + retention.weekly() + ", monthly " + retention.monthly();
  }

  static void print(PrintWriter out, Object document) {
    try {
      out.println(JSON.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
