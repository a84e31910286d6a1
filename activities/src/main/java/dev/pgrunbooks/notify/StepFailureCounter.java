package dev.pgrunbooks.notify;

/** Counts steps that failed after their retries, for the "step failures by step" metric. */
public interface StepFailureCounter {
  void stepFailed(String kind, String target, String step);

  StepFailureCounter NONE = (kind, target, step) -> {};
}
