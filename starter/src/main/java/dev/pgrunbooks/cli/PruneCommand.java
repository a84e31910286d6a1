package dev.pgrunbooks.cli;

import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.retention.Pruner;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.BackupStores;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook prune TARGET [--dry-run]}: applies the target's retention to the store now, the same
 * way the backup runbook's Prune step does (never the newest verified backup).
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Apply TARGET's retention to the store now; --dry-run prints the plan and deletes nothing.")
final class PruneCommand extends RunbookCommand {

  @Parameters(paramLabel = "TARGET", description = "A target from the configuration.")
  private String target;

  @Option(names = "--dry-run", description = "Print what would be kept and deleted; delete nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    quietPrunerLog();
    RunbookConfig config = loadConfig();
    RetentionConfig retention = config.target(target).retention();
    PruneReport report;
    String where;
    try (BackupStore store = BackupStores.open(config.storage())) {
      where = store.describe();
      report = new Pruner(store).prune(target, retention, Clock.systemUTC().instant(), dryRun);
    }
    PrintWriter out = out();
    out.println("retention of " + target + " in " + where + " (" + BackupsCommand.describe(retention) + ")"
        + (dryRun ? ", dry run:" : ":"));
    if (report.kept().isEmpty() && report.deleted().isEmpty()) {
      out.println("  no backups of " + target + " yet; take one with: runbook backup " + target + " --wait");
    }
    int width = report.kept().stream().map(PruneReport.Decision::key)
        .mapToInt(String::length).max().orElse(0);
    width = Math.max(width, report.deleted().stream().map(PruneReport.Decision::key)
        .mapToInt(String::length).max().orElse(0));
    String row = "  %-" + (dryRun ? 13 : 7) + "s %-" + Math.max(width, 1) + "s  %s%n";
    for (PruneReport.Decision kept : report.kept()) {
      out.printf(Locale.ROOT, row, "keep", kept.key(), kept.reason().isEmpty() ? "" : "(" + kept.reason() + ")");
    }
    for (PruneReport.Decision deleted : report.deleted()) {
      out.printf(Locale.ROOT, row, dryRun ? "would delete" : "deleted", deleted.key(), "(" + deleted.reason() + ")");
    }
    out.println("kept " + report.kept().size() + ", " + (dryRun ? "would delete " : "deleted ")
        + report.deleted().size() + (dryRun ? "; nothing deleted (dry run)" : ""));
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The Pruner logs each removal for the worker's log; here the same lines go to stdout, so its log on
   * stderr would only say everything twice. Takes effect because the Pruner's logger is made on first use.
   */
  private static void quietPrunerLog() {
    String logger = "org.slf4j.simpleLogger.log." + Pruner.class.getName();
    if (System.getProperty(logger) == null) {
      System.setProperty(logger, "warn");
    }
  }
}
