package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.worker.TemporalConnection;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runbook rehearse TARGET [--backup random-weekly|latest|KEY] [--wait]}. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
    description = "Start a restore rehearsal of TARGET now: restore a backup into a scratch database, integrity "
        + "check, smoke queries, migrations hook, RTO/RPO against the objectives, drop the scratch database, "
        + "store a report.")
final class RehearseCommand extends RunbookCommand {

  @Parameters(paramLabel = "TARGET", description = "A target from the configuration.")
  private String target;

  @Option(names = "--backup", paramLabel = "random-weekly|latest|KEY",
      description = "Which backup: a random verified weekly one within rehearsal.window, the newest verified one, "
          + "or a dump key from 'runbook backups TARGET' (default: the target's rehearsal.pick, else random-weekly).")
  private String backup;

  @Option(names = "--wait", description = "Show progress until the rehearsal ends; exit with its outcome.")
  private boolean await;

  @Override
  public Integer call() throws InterruptedException {
    RunbookConfig config = loadConfig();
    config.target(target);
    checkBackup();
    try (TemporalConnection temporal = connect(); ProgressView view = view()) {
      StartedRunbook run = start(new RunbookLauncher(temporal.client(), config, Clock.systemUTC()), target, backup, "cli");
      view.started(run, true);
      if (!await) {
        return ExitCodes.OK;
      }
      return RunbookWaiter.exitWith(BackupCommand.waitFor(temporal, run, view), view);
    }
  }

  /** Starts the rehearsal; shared with the demo. Bad names and a run already under the same id are bad input. */
  static StartedRunbook start(RunbookLauncher launcher, String target, String backup, String trigger) {
    try {
      return launcher.startRehearsal(target, backup, trigger);
    } catch (IllegalArgumentException badName) {
      throw CliException.badInput(badName.getMessage() + " (the scratch database is rehearsal_<target>_<date>_<run>;"
          + " use a shorter target name)");
    } catch (WorkflowExecutionAlreadyStarted started) {
      String id = started.getExecution().getWorkflowId();
      throw CliException.badInput("a rehearsal of " + target + " was started this very second: " + id
          + " (runbook status " + id + ")");
    }
  }

  private void checkBackup() {
    if (backup == null || RehearsalRequest.RANDOM_WEEKLY.equals(backup) || RehearsalRequest.LATEST.equals(backup)
        || BackupKeys.takenAt(backup).isPresent()) {
      return;
    }
    throw CliException.badInput("--backup takes random-weekly, latest or a dump key such as " + target + "/2026/11/"
        + target + "-20261122T020000Z.dump (see runbook backups " + target + "), not '" + backup
        + "'; see 'runbook rehearse --help'");
  }
}
