package dev.pgrunbooks.cli;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.config.WorkerConfig;
import dev.pgrunbooks.worker.DevServer;
import dev.pgrunbooks.worker.RunbookWorker;
import dev.pgrunbooks.worker.TemporalConnection;
import dev.pgrunbooks.worker.WorkerMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code runbook demo}: the whole tour with nothing but a JDK, Maven and a local PostgreSQL: a sample
 * database, Temporal and a worker in this process, the backup runbook, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The tour on embedded defaults: sample database, in-process Temporal and worker, "
        + "backup (disaster recovery and rehearsal are coming), then a summary.")
final class DemoCommand extends RunbookCommand {
  static final String TARGET = "demo";
  static final String STORE = "./var/demo/backups";
  static final String TASK_QUEUE = "pg-runbooks-demo";

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = out();
    DemoDatabase database = DemoDatabase.fromEnvironment(System.getenv(), DemoDatabase.NAME);
    out.println("1. sample database: recreating " + database.describe());
    out.flush();
    Map<String, Long> rows = database.recreate();
    out.println("   " + rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .reduce((a, b) -> a + ", " + b).orElse("") + " rows");

    RunbookConfig config = config(database);
    quietInProcessWorker();
    RunbookState backup;
    try (DevServer server = DevServerCommand.start(0);
        TemporalConnection temporal = TemporalConnection.open(server.address(), TemporalConnection.DEFAULT_NAMESPACE);
        ProgressView view = view()) {
      RunbookWorker worker = RunbookWorker.start(config, temporal.client(), Credentials.fromEnvironment(),
          new WorkerMetrics(new MetricRegistry(), Clock.systemUTC()));
      try {
        out.println("2. Temporal: in-process dev server on " + server.address() + ", worker polling task queue "
            + TASK_QUEUE);
        out.println("3. backup:");
        out.flush();
        StartedRunbook run = new RunbookLauncher(temporal.client(), config, Clock.systemUTC())
            .startBackup(TARGET, "demo");
        view.started(run, false);
        backup = BackupCommand.waitFor(temporal, run, view);
        view.close();
        if (backup.succeeded()) {
          view.outcome(backup);
        } else {
          out.println("   backup failed: " + FailureHandler.oneLine(String.valueOf(backup.failure())));
        }
      } finally {
        worker.shutdown(5);
      }
    }
    out.println("4. disaster recovery: not yet (coming with the restore runbook)");
    out.println("5. rehearsal: not yet");
    summary(out, backup);
    if (!backup.succeeded()) {
      throw CliException.runbookFailed("the demo's backup failed: " + backup.failure());
    }
    return ExitCodes.OK;
  }

  /** The demo's configuration, built here rather than read from a file. No password inline: PGPASSWORD is named. */
  static RunbookConfig config(DemoDatabase database) {
    TargetConfig target = new TargetConfig(database.host(), database.port(), database.database(), database.user(),
        database.hasPassword() ? "PGPASSWORD" : null, null, 2, null, null, null, null, null, null, null, null);
    return new RunbookConfig(
        new StorageConfig(StorageConfig.LOCAL, STORE, null, null, null, null, null, null, null, null),
        Map.of(TARGET, target),
        null,
        new WorkerConfig(TASK_QUEUE, 0, "./var/demo/work"),
        null);
  }

  /**
   * The in-process worker shares this terminal: the runbook's own lines already say which step is
   * retried and why, so the SDK's per-attempt stack traces would only bury them.
   */
  private static void quietInProcessWorker() {
    String logger = "org.slf4j.simpleLogger.log.io.temporal.internal.activity";
    if (System.getProperty(logger) == null) {
      System.setProperty(logger, "error");
    }
  }

  private static void summary(PrintWriter out, RunbookState backup) {
    Path store = Path.of(STORE).toAbsolutePath().normalize();
    String where = backup.result() instanceof BackupOutcome outcome
        ? store.resolve(outcome.key()).toString() : store.toString();
    String took = backup.startedAt() != null && backup.closedAt() != null
        ? HumanDuration.of(Duration.between(backup.startedAt(), backup.closedAt())) : "-";
    out.println();
    String row = "  %-18s %-10s %-9s %s%n";
    out.printf(Locale.ROOT, row, "RUNBOOK", "OUTCOME", "DURATION", "WHERE");
    out.printf(Locale.ROOT, row, "backup", backup.succeeded() ? "succeeded" : "failed", took, where);
    out.printf(Locale.ROOT, row, "disaster recovery", "not yet", "-", "coming with the restore runbook");
    out.printf(Locale.ROOT, row, "rehearsal", "not yet", "-",
        "reports will go under " + store.resolve(TARGET + "/reports/"));
    out.flush();
  }
}
