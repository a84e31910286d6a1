package dev.pgrunbooks.cli;

import dev.pgrunbooks.worker.TemporalConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runbook status WORKFLOW_ID [--follow] [--json]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "A runbook's steps, their state and timings, bytes moved, what it waits for.")
final class StatusCommand extends RunbookCommand {
  static final Duration FOLLOW_REFRESH = Duration.ofSeconds(2);

  @Parameters(paramLabel = "WORKFLOW_ID", description = "e.g. backup-orders-20261122T020000Z")
  private String workflowId;

  @Option(names = "--follow", description = "Refresh every 2 s until the runbook ends; exit with its outcome.")
  private boolean follow;

  @Option(names = "--json", description = "Print one JSON document on stdout.")
  private boolean json;

  @Override
  public Integer call() throws InterruptedException {
    try (TemporalConnection temporal = connect(); ProgressView view = view()) {
      StatusReader reader = new StatusReader(temporal.client(), Clock.systemUTC());
      RunbookState state = follow
          ? new RunbookWaiter(reader, FOLLOW_REFRESH).awaitClose(workflowId, json ? s -> { } : new Refresh(view))
          : reader.read(workflowId);
      Optional<EvidenceReports.Report> report = evidenceOf(state);
      if (json) {
        view.json(state, report.orElse(null));
      } else {
        view.status(state);
        report.ifPresent(view::report);
      }
      if (!state.closed() || state.succeeded()) {
        return ExitCodes.OK;
      }
      String why = state.failure() != null ? state.failure() : state.kind() + " ended " + state.status();
      throw CliException.runbookFailed(why);
    }
  }

  /** A finished restore or rehearsal's evidence report; none when the configuration or store cannot say. */
  private Optional<EvidenceReports.Report> evidenceOf(RunbookState state) {
    try {
      return EvidenceReports.find(loadConfig(), state);
    } catch (RuntimeException unavailable) {
      // Status works from the Temporal history alone; the report is extra.
      return Optional.empty();
    }
  }

  /** Reprints the status page when something in it changed. */
  private static final class Refresh implements Consumer<RunbookState> {
    private final ProgressView view;
    private RunbookState last;

    Refresh(ProgressView view) {
      this.view = view;
    }

    @Override
    public void accept(RunbookState state) {
      if (last == null || changed(last, state)) {
        view.status(state);
      }
      last = state;
    }

    private static boolean changed(RunbookState a, RunbookState b) {
      return !Objects.equals(a.currentStep(), b.currentStep())
          || !Objects.equals(a.activeStep(), b.activeStep())
          || !Objects.equals(a.waitingFor(), b.waitingFor())
          || !Objects.equals(a.runbookStatus(), b.runbookStatus());
    }
  }
}
