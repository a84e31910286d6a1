package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.restore.DatabaseNames;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.restore.RollbackRequest;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.worker.TemporalConnection;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook restore TARGET [--backup latest|KEY] [--mode swap|in-place] [--into DB]
 * [--approval-timeout MIN] [--wait]}, and {@code runbook restore TARGET --rollback WORKFLOW_ID}.
 * Everything that can be checked before starting is checked here, so bad input never becomes a
 * workflow that fails.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Start disaster recovery of TARGET: verify a backup, wait for approval, restore by swap or "
        + "in place, check integrity and health, store a report. --into DB restores into a new database and "
        + "touches nothing else; --rollback swaps a completed swap-mode restore back.")
final class RestoreCommand extends RunbookCommand {
  /** Stands in for a restore's id when checking that the names it will create fit PostgreSQL's 63 bytes. */
  private static final String LONGEST_RESTORE_ID = "20261122t020000z";

  @Parameters(paramLabel = "TARGET", description = "A target from the configuration.")
  private String target;

  @Option(names = "--backup", paramLabel = "latest|KEY",
      description = "The newest verified backup (default), or a dump key from 'runbook backups TARGET'.")
  private String backup;

  @Option(names = "--mode", paramLabel = "swap|in-place", converter = LabelledOption.Mode.class,
      completionCandidates = LabelledOption.Mode.class,
      description = "swap (default): restore beside the live database, then rename it into place, keeping the "
          + "old one; in-place: drop the live database and restore in its place.")
  private RestoreMode mode;

  @Option(names = "--into", paramLabel = "DB",
      description = "Restore into this new database and touch nothing else (no approval).")
  private String into;

  @Option(names = "--approval-timeout", paramLabel = "MIN", defaultValue = "60",
      description = "Minutes to wait for 'runbook approve' before aborting safely (default: ${DEFAULT-VALUE}).")
  private int approvalTimeoutMinutes;

  @Option(names = "--create-missing-roles",
      description = "Create (NOLOGIN, no password) the roles the backup needs that the cluster lacks, with their "
          + "memberships, instead of stopping before anything destructive; the report lists them.")
  private boolean createMissingRoles;

  @Option(names = "--wait", description = "Show progress until the runbook ends; exit with its outcome.")
  private boolean await;

  @Option(names = "--rollback", paramLabel = "WORKFLOW_ID",
      description = "Swap back a completed swap-mode restore: its kept database becomes live again.")
  private String rollback;

  @Override
  public Integer call() throws InterruptedException {
    RunbookConfig config = loadConfig();
    TargetConfig targetConfig = config.target(target);
    if (rollback != null) {
      if (backup != null || mode != null || into != null || createMissingRoles) {
        throw usage("--rollback takes no --backup, --mode, --into or --create-missing-roles: it swaps back what that restore did");
      }
      return rollBack(config, targetConfig);
    }
    RestoreRequest request = validated(targetConfig);
    try (TemporalConnection temporal = connect(); ProgressView view = view()) {
      StartedRunbook run = start(new RunbookLauncher(temporal.client(), config, Clock.systemUTC()), request);
      view.started(run, true);
      PrintWriter out = out();
      if (request.intoDatabase() == null) {
        out.println("  it waits up to " + request.approvalTimeoutMinutes() + " min for approval before replacing "
            + targetConfig.database() + "; to approve:");
        out.println("    " + approveCommand(run.workflowId(), targetConfig.database()));
      }
      out.flush();
      if (!await) {
        return ExitCodes.OK;
      }
      return RunbookWaiter.exitWith(BackupCommand.waitFor(temporal, run, view), view);
    }
  }

  /** Starts the restore; a restore of the target that is still running is named, not replaced. */
  static StartedRunbook start(RunbookLauncher launcher, RestoreRequest request) {
    try {
      return launcher.startRestore(request);
    } catch (WorkflowExecutionAlreadyStarted running) {
      String id = RunbookLauncher.restoreWorkflowId(request.target());
      throw CliException.badInput("a restore of " + request.target() + " is already running: " + id
          + " (runbook status " + id + ")");
    }
  }

  /** The exact command an operator types to approve, with the database the restore replaces. */
  static String approveCommand(String workflowId, String database) {
    return "runbook approve " + workflowId + " --database " + shellQuoted(database) + " --by YOUR_NAME";
  }

  private RestoreRequest validated(TargetConfig targetConfig) {
    RestoreMode chosenMode = mode == null ? RestoreMode.SWAP : mode;
    if (into != null && mode == RestoreMode.IN_PLACE) {
      throw usage("--into restores into a new database and replaces nothing: it cannot be combined with --mode in-place");
    }
    if (approvalTimeoutMinutes <= 0) {
      throw usage("--approval-timeout takes a number of minutes above zero, not " + approvalTimeoutMinutes);
    }
    String chosenBackup = backup == null ? RestoreRequest.LATEST : backup;
    if (!RestoreRequest.LATEST.equals(chosenBackup) && BackupKeys.takenAt(chosenBackup).isEmpty()) {
      throw usage("--backup takes 'latest' or a dump key such as " + target + "/2026/11/" + target
          + "-20261122T020000Z.dump (see runbook backups " + target + "), not '" + chosenBackup + "'");
    }
    try {
      if (into != null) {
        DatabaseNames.checked(into);
        if (into.equals(targetConfig.database())) {
          throw usage("--into " + into + " is the live database of " + target
              + "; name a new database, or restore over it with --mode in-place");
        }
      } else if (chosenMode == RestoreMode.SWAP) {
        // The staging and kept names are the live name plus a suffix: refuse now what PostgreSQL would truncate.
        DatabaseNames.staging(targetConfig.database(), LONGEST_RESTORE_ID);
        DatabaseNames.keptBefore(targetConfig.database(), LONGEST_RESTORE_ID);
      }
    } catch (IllegalArgumentException badName) {
      throw CliException.badInput(badName.getMessage()
          + (into == null ? " (swap mode adds a suffix to " + targetConfig.database() + "; use --mode in-place)" : ""));
    }
    return new RestoreRequest(target, chosenBackup, chosenMode, into, approvalTimeoutMinutes, whoAmI(),
        createMissingRoles);
  }

  // ---- rollback -------------------------------------------------------------------------------

  private int rollBack(RunbookConfig config, TargetConfig targetConfig) throws InterruptedException {
    try (TemporalConnection temporal = connect(); ProgressView view = view()) {
      RestoreOutcome restored = completedSwap(temporal, rollback);
      String keepAs;
      try {
        keepAs = DatabaseNames.checked(restored.database() + "__rolledback_"
            + BackupKeys.stamp(Clock.systemUTC().instant()).toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException tooLong) {
        throw CliException.badInput(tooLong.getMessage() + "; rename " + restored.keptDatabase() + " by hand");
      }
      RollbackRequest request = new RollbackRequest(target, rollback, restored.database(), restored.keptDatabase(),
          keepAs, whoAmI());
      StartedRunbook run;
      try {
        run = new RunbookLauncher(temporal.client(), config, Clock.systemUTC()).startRollback(request);
      } catch (WorkflowExecutionAlreadyStarted running) {
        String id = RunbookLauncher.rollbackWorkflowId(target);
        throw CliException.badInput("a rollback of " + target + " is already running: " + id
            + " (runbook status " + id + ")");
      }
      view.started(run, true);
      if (!await) {
        return ExitCodes.OK;
      }
      return RunbookWaiter.exitWith(BackupCommand.waitFor(temporal, run, view), view);
    }
  }

  /** The outcome of {@code workflowId}, if it is a completed swap-mode restore of this target. */
  private RestoreOutcome completedSwap(TemporalConnection temporal, String workflowId) {
    WorkflowExecutionDescription description = temporal.client().newUntypedWorkflowStub(workflowId).describe();
    String status = description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    if (!"DisasterRecovery".equals(description.getWorkflowType())) {
      throw CliException.badInput(workflowId + " is not a restore (it is a " + description.getWorkflowType()
          + " workflow); name the restore to roll back, e.g. " + RunbookLauncher.restoreWorkflowId(target));
    }
    if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      throw CliException.badInput(workflowId + " is " + status + ": only a completed swap-mode restore can be rolled"
          + " back (a failed or aborted one already put the live database back); see runbook status " + workflowId);
    }
    WorkflowStub run = temporal.client().newUntypedWorkflowStub(workflowId,
        Optional.of(description.getExecution().getRunId()), Optional.empty());
    RestoreOutcome outcome = run.getResult(RestoreOutcome.class);
    if (!target.equals(outcome.target())) {
      throw CliException.badInput(workflowId + " restored " + outcome.target() + ", not " + target
          + "; run runbook restore " + outcome.target() + " --rollback " + workflowId);
    }
    if (outcome.mode() != RestoreMode.SWAP || outcome.keptDatabase() == null) {
      throw CliException.badInput(workflowId + " was a " + outcome.mode() + " restore: no old database was kept, "
          + "so there is nothing to swap back; restore another backup instead");
    }
    return outcome;
  }

  private CliException usage(String message) {
    return CliException.badInput(message + "; see 'runbook restore --help'");
  }

  /** Who started it, for the report: the login name, not a secret. */
  static String whoAmI() {
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? "cli" : user;
  }

  /** A database name as a POSIX shell word: quotes and spaces are fine in names, and must survive a paste. */
  static String shellQuoted(String word) {
    return word.matches("[A-Za-z0-9_.,:/@%+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
