package dev.pgrunbooks.cli;

import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.worker.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runbook approve WORKFLOW_ID --database NAME [--by WHO]}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve the destructive step of a runbook waiting for approval (e.g. a restore's swap or drop).")
final class ApproveCommand extends RunbookCommand {

  @Parameters(paramLabel = "WORKFLOW_ID", description = "e.g. restore-orders")
  private String workflowId;

  @Option(names = "--database", paramLabel = "NAME", required = true,
      description = "The database about to be replaced: typing it is the check that you know what you approve.")
  private String database;

  @Option(names = "--by", paramLabel = "WHO", defaultValue = "${env:USER}",
      description = "Who approves, for the report (default: $USER).")
  private String by;

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connect()) {
      String answer = new OperatorUpdates(temporal.client()).approve(workflowId, new Approval(database, by));
      out().println(answer);
      out().println("follow it: runbook status " + workflowId + " --follow");
      out().flush();
      return ExitCodes.OK;
    }
  }
}
