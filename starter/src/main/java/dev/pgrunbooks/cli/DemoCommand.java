package dev.pgrunbooks.cli;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.ObjectivesConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.config.WorkerConfig;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.worker.DevServer;
import dev.pgrunbooks.worker.RunbookWorker;
import dev.pgrunbooks.worker.TemporalConnection;
import dev.pgrunbooks.worker.WorkerMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code runbook demo}: the whole tour with nothing but a JDK, Maven and a local PostgreSQL: a sample
 * database, Temporal and a worker in this process, the backup runbook, a disaster recovery of that
 * backup through its approval gate, a restore rehearsal of it, then a summary. It cleans up after itself
 * (the old database the swap kept; the rehearsal drops its own scratch database), so it runs again and again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The tour on embedded defaults: sample database, in-process Temporal and worker, "
        + "backup, disaster recovery with its approval, restore rehearsal, then a summary.")
final class DemoCommand extends RunbookCommand {
  static final String TARGET = "demo";
  static final String STORE = "./var/demo/backups";
  static final Path SMOKE_SQL = Path.of("./var/demo/smoke.sql");
  static final String TASK_QUEUE = "pg-runbooks-demo";
  static final String APPROVER = "demo";
  private static final int APPROVAL_TIMEOUT_MINUTES = 10;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = out();
    DemoDatabase database = DemoDatabase.fromEnvironment(System.getenv(), DemoDatabase.NAME);
    out.println("1. sample database: recreating " + database.describe());
    out.flush();
    List<String> leftovers = database.dropRestoreLeftovers();
    if (!leftovers.isEmpty()) {
      out.println("   dropped what earlier demos' restores kept: " + String.join(", ", leftovers));
    }
    Map<String, Long> rows = database.recreate();
    out.println("   " + rows.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .reduce((a, b) -> a + ", " + b).orElse("") + " rows");

    RunbookConfig config = config(database);
    quietInProcessWorker();
    RunbookState backup;
    RunbookState restore = null;
    RunbookState rehearsal = null;
    try (DevServer server = DevServerCommand.start(0);
        TemporalConnection temporal = TemporalConnection.open(server.address(), TemporalConnection.DEFAULT_NAMESPACE)) {
      RunbookWorker worker = RunbookWorker.start(config, temporal.client(), Credentials.fromEnvironment(),
          new WorkerMetrics(new MetricRegistry(), Clock.systemUTC()));
      try {
        out.println("2. Temporal: in-process dev server on " + server.address() + ", worker polling task queue "
            + TASK_QUEUE);
        out.println("3. backup:");
        out.flush();
        RunbookLauncher launcher = new RunbookLauncher(temporal.client(), config, Clock.systemUTC());
        try (ProgressView view = view()) {
          StartedRunbook run = launcher.startBackup(TARGET, "demo");
          view.started(run, false);
          backup = BackupCommand.waitFor(temporal, run, view);
          report(view, out, backup);
        }
        if (backup.succeeded()) {
          out.println("4. disaster recovery (swap mode: restore beside the live database, approve, swap in):");
          out.flush();
          try (ProgressView view = view()) {
            restore = disasterRecovery(temporal, launcher, database.database(), view);
            report(view, out, restore);
          }
          out.println("5. rehearsal (restore the backup into a scratch database, check it, measure RTO/RPO, drop it):");
          out.flush();
          try (ProgressView view = view()) {
            StartedRunbook run = RehearseCommand.start(launcher, TARGET, RehearsalRequest.LATEST, "demo");
            view.started(run, false);
            rehearsal = BackupCommand.waitFor(temporal, run, view);
            report(view, out, rehearsal);
          }
        } else {
          out.println("4. disaster recovery: skipped, there is no backup to restore");
          out.println("5. rehearsal: skipped, there is no backup to rehearse");
        }
      } finally {
        worker.shutdown(5);
      }
    }
    cleanUp(out, database);
    summary(out, backup, restore, rehearsal);
    if (!backup.succeeded()) {
      throw CliException.runbookFailed("the demo's backup failed: " + backup.failure());
    }
    if (!restore.succeeded()) {
      throw CliException.runbookFailed("the demo's disaster recovery failed: " + restore.failure()
          + "; details were printed above");
    }
    if (!rehearsal.succeeded()) {
      throw CliException.runbookFailed("the demo's rehearsal failed: " + rehearsal.failure()
          + "; details were printed above");
    }
    return ExitCodes.OK;
  }

  /**
   * Drops the old database the swap kept ({@code pgrunbooks_demo__before_<id>}): a real operator keeps it
   * until sure of the restore, the demo has nothing to be unsure of. The rehearsal dropped its own scratch
   * database; the sample database, the backups and the reports stay for the reader to look at.
   */
  private static void cleanUp(PrintWriter out, DemoDatabase database) {
    List<String> dropped = database.dropRestoreLeftovers();
    out.println("6. clean up: " + (dropped.isEmpty() ? "nothing the restore kept to drop"
        : "dropped " + String.join(", ", dropped) + " (the old database the swap kept)"));
    out.flush();
  }

  /**
   * Starts the restore the way {@code runbook restore} does, waits at its approval gate, shows the command an
   * operator would type, approves through the same Update {@code runbook approve} sends, and follows it to the end.
   */
  private RunbookState disasterRecovery(TemporalConnection temporal, RunbookLauncher launcher, String liveDatabase,
      ProgressView view) throws InterruptedException {
    PrintWriter out = out();
    StartedRunbook run = RestoreCommand.start(launcher, new RestoreRequest(TARGET, RestoreRequest.LATEST,
        RestoreMode.SWAP, null, APPROVAL_TIMEOUT_MINUTES, APPROVER));
    view.started(run, false);
    RunbookWaiter waiter = new RunbookWaiter(new StatusReader(temporal.client(), Clock.systemUTC()),
        BackupCommand.WAIT_REFRESH);
    RunbookState gate = waiter.awaitUntil(run.workflowId(),
        s -> RunbookStatus.AWAITING_APPROVAL.label().equals(s.runbookStatus()), view::live);
    if (gate.closed()) {
      return gate;
    }
    view.close();
    String command = RestoreCommand.approveCommand(run.workflowId(), liveDatabase).replace("YOUR_NAME", APPROVER);
    out.println("   the runbook waits for an operator; in another terminal one would type:");
    out.println("     " + command);
    out.println("   the demo approves it for you, through that same command's Update:");
    out.println("   " + new OperatorUpdates(temporal.client()).approve(run.workflowId(), new Approval(liveDatabase, APPROVER)));
    out.flush();
    return waiter.awaitClose(run.workflowId(), view::live);
  }

  private static void report(ProgressView view, PrintWriter out, RunbookState run) {
    view.close();
    if (run.succeeded()) {
      view.outcome(run);
    } else {
      out.println("   " + run.kind() + " failed: " + FailureHandler.oneLine(String.valueOf(run.failure())));
      out.flush();
    }
  }

  /** The demo's configuration, built here rather than read from a file. No password inline: PGPASSWORD is named. */
  static RunbookConfig config(DemoDatabase database) {
    TargetConfig target = new TargetConfig(database.host(), database.port(), database.database(), database.user(),
        database.hasPassword() ? "PGPASSWORD" : null, null, 2, null, null, null, smokeSql().toString(), null,
        new ObjectivesConfig("24h", "1h"), null, null, null, null);
    return new RunbookConfig(
        new StorageConfig(StorageConfig.LOCAL, STORE, null, null, null, null, null, null, null, null),
        Map.of(TARGET, target),
        null,
        new WorkerConfig(TASK_QUEUE, 0, "./var/demo/work"),
        null);
  }

  /** The demo's smoke queries, written beside its store: what a team would check first after a restore. */
  static Path smokeSql() {
    try {
      Files.createDirectories(SMOKE_SQL.toAbsolutePath().getParent());
      Files.writeString(SMOKE_SQL, """
          -- Each query must return true in its first column for the rehearsal to pass.
          SELECT count(*) > 0 FROM users;
          SELECT count(*) > 0 FROM bookings;
          SELECT bool_and(ends_at > starts_at) FROM availability_blocks;
          SELECT NOT EXISTS (SELECT 1 FROM bookings b LEFT JOIN users u ON u.id = b.user_id WHERE u.id IS NULL);
          """);
      return SMOKE_SQL.toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo's smoke queries to " + SMOKE_SQL, e);
    }
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

  private static void summary(PrintWriter out, RunbookState backup, RunbookState restore, RunbookState rehearsal) {
    Path store = Path.of(STORE).toAbsolutePath().normalize();
    String where = backup.result() instanceof BackupOutcome outcome
        ? store.resolve(outcome.key()).toString() : store.toString();
    out.println();
    String row = "  %-18s %-10s %-9s %s%n";
    out.printf(Locale.ROOT, row, "RUNBOOK", "OUTCOME", "DURATION", "WHERE");
    out.printf(Locale.ROOT, row, "backup", outcome(backup), took(backup), where);
    if (restore == null) {
      out.printf(Locale.ROOT, row, "disaster recovery", "skipped", "-", "no backup to restore");
    } else {
      String report = restore.result() instanceof RestoreOutcome outcome && outcome.reportKey() != null
          ? "report " + store.resolve(outcome.reportKey()) : "runbook status " + restore.workflowId();
      out.printf(Locale.ROOT, row, "disaster recovery", outcome(restore), took(restore), report);
    }
    Path reports = store.resolve(TARGET + "/reports/");
    if (rehearsal == null) {
      out.printf(Locale.ROOT, row, "rehearsal", "skipped", "-", "no backup to rehearse");
    } else {
      String report = rehearsal.result() instanceof RehearsalOutcome outcome && outcome.reportKey() != null
          ? "report " + store.resolve(outcome.reportKey()) : "its report is under " + reports;
      out.printf(Locale.ROOT, row, "rehearsal", outcome(rehearsal), took(rehearsal), report);
    }
    out.println();
    out.println("  left for you to look at: the sample database " + DemoDatabase.NAME + " (psql " + DemoDatabase.NAME
        + "), the backups in " + store + " and the reports (JSON and Markdown) in " + reports);
    out.println("  run it again any time: each run starts from a fresh sample database");
    out.flush();
  }

  private static String outcome(RunbookState run) {
    return run.succeeded() ? "succeeded" : "failed";
  }

  private static String took(RunbookState run) {
    return run.startedAt() != null && run.closedAt() != null
        ? HumanDuration.of(Duration.between(run.startedAt(), run.closedAt())) : "-";
  }
}
