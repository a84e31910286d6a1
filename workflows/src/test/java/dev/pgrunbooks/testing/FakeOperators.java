package dev.pgrunbooks.testing;

import dev.pgrunbooks.runbook.OperatorActivities;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import java.util.ArrayList;
import java.util.List;

/** The operators' webhook and failure counter: what the humans were told. */
public final class FakeOperators implements OperatorActivities {

  private final FailurePlan failures;
  private final List<RunbookNotice> notices = new ArrayList<>();
  private final List<String> failedSteps = new ArrayList<>();

  FakeOperators(FailurePlan failures) {
    this.failures = failures;
  }

  @Override
  public void notifyOperators(RunbookNotice notice) {
    failures.apply("Notify");
    synchronized (this) {
      notices.add(notice);
    }
  }

  @Override
  public synchronized void recordStepFailure(RunbookKind kind, String target, String step) {
    failedSteps.add(kind + "/" + target + "/" + step);
  }

  public synchronized List<RunbookNotice> notices() {
    return List.copyOf(notices);
  }

  /** Outcomes of the notices sent ("failed", "warning", "needs-approval", ...), in order. */
  public synchronized List<String> outcomes() {
    return notices.stream().map(n -> n.outcome().label()).toList();
  }

  /** {@code kind/target/step} of every failure counted for the dashboards. */
  public synchronized List<String> failedSteps() {
    return List.copyOf(failedSteps);
  }
}
