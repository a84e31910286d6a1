package dev.pgrunbooks.runbook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Steps every runbook shares: telling the operators, and counting failures for the dashboards. */
@ActivityInterface
public interface OperatorActivities {

  /**
   * Post to the configured webhook (Slack-compatible JSON); does nothing when none is configured, and
   * posts a {@code succeeded} notice only when {@code notify.onSuccess} is set.
   */
  @ActivityMethod(name = "Notify")
  void notifyOperators(RunbookNotice notice);

  /** Count a step that failed after its retries, by kind, target and step. */
  @ActivityMethod(name = "RecordStepFailure")
  void recordStepFailure(RunbookKind kind, String target, String step);
}
