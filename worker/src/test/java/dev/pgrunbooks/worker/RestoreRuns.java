package dev.pgrunbooks.worker;

import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.runbook.RunbookStatus;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** What the disaster-recovery tests do to a running restore: wait for its status, read its failure. */
final class RestoreRuns {
  private RestoreRuns() {}

  /** Polls the progress query (queries do not let the test server skip time, so the approval timer holds). */
  static void awaitStatus(DisasterRecoveryWorkflow run, RunbookStatus status) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (status != run.progress().status()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + run.progress() + ", expected " + status);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Every message down the cause chain, as the activity wrote it. */
  static String rootMessage(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c instanceof ApplicationFailure app ? app.getOriginalMessage() : c.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
