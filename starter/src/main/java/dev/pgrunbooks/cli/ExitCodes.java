package dev.pgrunbooks.cli;

/** What {@code runbook} exits with: scripts and cron jobs branch on these. */
public final class ExitCodes {
  /** The command did what it was asked; for {@code --wait}, the runbook succeeded. */
  public static final int OK = 0;
  /** The runbook failed (or an unexpected error stopped the command). */
  public static final int RUNBOOK_FAILED = 1;
  /** Bad input: usage, configuration, unknown target or workflow. */
  public static final int BAD_INPUT = 2;
  /** Temporal did not answer. */
  public static final int TEMPORAL_UNAVAILABLE = 3;

  private ExitCodes() {}
}
