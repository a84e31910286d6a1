package dev.pgrunbooks.runbook;

/**
 * A runbook step failed after its retries. Thrown inside workflow code by {@link RunbookSteps}; the
 * workflow decides whether to clean up, ask an operator or fail.
 */
public final class StepFailedException extends RuntimeException {
  private final String step;
  private final String reason;
  private final boolean retryable;

  public StepFailedException(String step, String reason, boolean retryable, Throwable cause) {
    super(step + " failed: " + reason, cause);
    this.step = step;
    this.reason = reason;
    this.retryable = retryable;
  }

  public String step() {
    return step;
  }

  /** The failure as the activity reported it: what went wrong and, where it knows, what to do. */
  public String reason() {
    return reason;
  }

  /** False when retrying cannot help (wrong password, unknown database, bad input). */
  public boolean retryable() {
    return retryable;
  }
}
