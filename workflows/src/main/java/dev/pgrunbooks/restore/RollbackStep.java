package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.ActivityType;
import dev.pgrunbooks.runbook.RunbookStep;

/** The rollback runbook's one step. */
public enum RollbackStep implements RunbookStep {
  SWAP_INTO_PLACE(ActivityType.SWAP_INTO_PLACE);

  private final ActivityType activity;

  RollbackStep(ActivityType activity) {
    this.activity = activity;
  }

  @Override
  public String stepName() {
    return activity.typeName();
  }

  @Override
  public ActivityType activity() {
    return activity;
  }
}
