package dev.pgrunbooks.cli;

import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;

/** A runbook's failure in its own words, without Temporal's wrapping. */
final class FailureMessages {
  private FailureMessages() {}

  static String of(Throwable failure) {
    Throwable cause = failure instanceof WorkflowFailedException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof TerminatedFailure terminated) {
      return "the workflow was terminated" + reason(terminated);
    }
    if (cause instanceof CanceledFailure) {
      return "the workflow was cancelled";
    }
    if (cause instanceof TimeoutFailure) {
      return "the workflow timed out";
    }
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static String reason(TemporalFailure failure) {
    String message = failure.getOriginalMessage();
    return message == null || message.isBlank() ? "" : " (" + message + ")";
  }
}
