package dev.pgrunbooks.cli;

import dev.pgrunbooks.restore.Decision;
import dev.pgrunbooks.worker.TemporalConnection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runbook decide WORKFLOW_ID retry|skip|abort [--by WHO]}. */
@Command(name = "decide", mixinStandardHelpOptions = true,
    description = "Answer a runbook whose step failed after its retries: retry it, skip it (checks only), or abort.")
final class DecideCommand extends RunbookCommand {
  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "e.g. restore-orders")
  private String workflowId;

  @Parameters(index = "1", paramLabel = "retry|skip|abort", converter = LabelledOption.Choice.class,
      completionCandidates = LabelledOption.Choice.class,
      description = "retry the step; skip it (only checks that change nothing); abort and clean up.")
  private Decision.Choice choice;

  @Option(names = "--by", paramLabel = "WHO", defaultValue = "${env:USER}",
      description = "Who decides, for the report (default: $USER).")
  private String by;

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connect()) {
      String answer = new OperatorUpdates(temporal.client())
          .decide(workflowId, new Decision(choice, by == null || by.isBlank() ? "unknown" : by));
      out().println("decided: " + answer);
      out().println("follow it: runbook status " + workflowId + " --follow");
      out().flush();
      return ExitCodes.OK;
    }
  }
}
