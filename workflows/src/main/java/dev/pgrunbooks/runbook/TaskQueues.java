package dev.pgrunbooks.runbook;

public final class TaskQueues {
  /** The task queue the worker polls unless the configuration names another. */
  public static final String DEFAULT = "pg-runbooks";

  private TaskQueues() {}
}
