package dev.pgrunbooks.runbook;

/** A step's state in the journal, as {@code runbook status} and the reports show it. */
public enum StepState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED;

  /** How reports and the UI's step table spell it. */
  public String lowerCase() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
