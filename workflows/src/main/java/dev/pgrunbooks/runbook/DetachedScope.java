package dev.pgrunbooks.runbook;

import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * Runs workflow code that must finish even when the runbook is being cancelled (cleanup, evidence,
 * escalation) and hands back its value or its failure.
 */
public final class DetachedScope {
  private DetachedScope() {}

  public static <T> T run(Supplier<T> body) {
    Object[] result = new Object[1];
    RuntimeException[] failure = new RuntimeException[1];
    Workflow.newDetachedCancellationScope(() -> {
      try {
        result[0] = body.get();
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    }).run();
    if (failure[0] != null) {
      throw failure[0];
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }
}
