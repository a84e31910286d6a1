package dev.pgrunbooks.cli;

/** A failure the command line reports as one line, with the exit code it stands for. */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public static CliException badInput(String message) {
    return new CliException(ExitCodes.BAD_INPUT, message);
  }

  public static CliException runbookFailed(String message) {
    return new CliException(ExitCodes.RUNBOOK_FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
