package dev.pgrunbooks.cli;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Polls a runbook until it closes: {@code --wait}, {@code status --follow} and the demo. */
final class RunbookWaiter {
  private final StatusReader reader;
  private final Duration every;

  RunbookWaiter(StatusReader reader, Duration every) {
    this.reader = reader;
    this.every = every;
  }

  /** @return the closed run, with its result or failure */
  RunbookState awaitClose(String workflowId, Consumer<RunbookState> onRefresh) throws InterruptedException {
    return awaitUntil(workflowId, state -> false, onRefresh);
  }

  /** @return the run once {@code reached} holds for it (a gate it waits at), or once it closed */
  RunbookState awaitUntil(String workflowId, Predicate<RunbookState> reached, Consumer<RunbookState> onRefresh)
      throws InterruptedException {
    while (true) {
      RunbookState state = reader.read(workflowId);
      if (state.closed() || reached.test(state)) {
        return state;
      }
      onRefresh.accept(state);
      Thread.sleep(every.toMillis());
    }
  }

  /**
   * The exit code for a closed run: 0 when it succeeded (after printing its outcome); otherwise the
   * runbook's failure, as the one line the command exits with.
   */
  static int exitWith(RunbookState closed, ProgressView view) {
    view.close();
    if (closed.succeeded()) {
      view.outcome(closed);
      return ExitCodes.OK;
    }
    String why = closed.failure() != null ? closed.failure() : closed.kind() + " ended " + closed.status();
    throw CliException.runbookFailed(why + "; details: runbook status " + closed.workflowId());
  }
}
