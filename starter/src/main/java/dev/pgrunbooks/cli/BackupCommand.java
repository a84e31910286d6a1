package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.worker.TemporalConnection;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runbook backup TARGET [--wait]}. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Start the backup runbook of TARGET: preflight, pg_dump to the store, verify, manifest, prune.")
final class BackupCommand extends RunbookCommand {
  static final Duration WAIT_REFRESH = Duration.ofSeconds(1);

  @Parameters(paramLabel = "TARGET", description = "A target from the configuration.")
  private String target;

  @Option(names = "--wait", description = "Show progress until the backup ends; exit with its outcome.")
  private boolean await;

  @Override
  public Integer call() throws InterruptedException {
    RunbookConfig config = loadConfig();
    config.target(target);
    try (TemporalConnection temporal = connect(); ProgressView view = view()) {
      StartedRunbook run = new RunbookLauncher(temporal.client(), config, Clock.systemUTC())
          .startBackup(target, "cli");
      view.started(run, true);
      if (!await) {
        return ExitCodes.OK;
      }
      return RunbookWaiter.exitWith(waitFor(temporal, run, view), view);
    }
  }

  /** Shows progress until the run closes; shared with the demo. */
  static RunbookState waitFor(TemporalConnection temporal, StartedRunbook run, ProgressView view)
      throws InterruptedException {
    return new RunbookWaiter(new StatusReader(temporal.client(), Clock.systemUTC()), WAIT_REFRESH)
        .awaitClose(run.workflowId(), view::live);
  }
}
