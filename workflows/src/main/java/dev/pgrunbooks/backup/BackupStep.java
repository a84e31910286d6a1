package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.ActivityType;
import dev.pgrunbooks.runbook.RunbookStep;

/** The backup runbook's steps, in the order the runbook takes them. */
public enum BackupStep implements RunbookStep {
  PREFLIGHT(ActivityType.PREFLIGHT),
  DUMP(ActivityType.DUMP),
  VERIFY(ActivityType.VERIFY),
  WRITE_MANIFEST(ActivityType.WRITE_MANIFEST),
  PRUNE(ActivityType.PRUNE),
  RECORD_BACKUP_METRICS(ActivityType.RECORD_BACKUP_METRICS),
  /** Cleanup after a failure before the commit. */
  DISCARD_DUMP(ActivityType.DISCARD_DUMP),
  RECORD_STEP_FAILURE(ActivityType.RECORD_STEP_FAILURE),
  NOTIFY(ActivityType.NOTIFY);

  private final ActivityType activity;

  BackupStep(ActivityType activity) {
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
