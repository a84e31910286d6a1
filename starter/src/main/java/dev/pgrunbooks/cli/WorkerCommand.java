package dev.pgrunbooks.cli;

import dev.pgrunbooks.worker.WorkerProcess;
import picocli.CommandLine.Command;

/** {@code runbook worker}: polls the task queue and runs the runbooks' steps until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "The worker process: polls the task queue and runs the runbooks' steps.")
final class WorkerCommand extends RunbookCommand {

  @Override
  public Integer call() throws InterruptedException {
    WorkerProcess.run(loadConfig(), cli().address(), cli().namespace());
    return ExitCodes.OK;
  }
}
