package dev.pgrunbooks.runbook;

/** Values of the {@code RunbookStatus} search attribute. */
public final class RunbookStatus {
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  /** A step failed after its retries and waits for {@code runbook decide}. */
  public static final String NEEDS_OPERATOR = "NeedsOperator";
  /** Waiting for {@code runbook approve} before a destructive step. */
  public static final String AWAITING_APPROVAL = "AwaitingApproval";

  private RunbookStatus() {}
}
