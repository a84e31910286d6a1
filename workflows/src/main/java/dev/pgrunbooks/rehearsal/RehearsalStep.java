package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.ActivityType;
import dev.pgrunbooks.runbook.RunbookStep;

/**
 * The rehearsal runbook's steps, in order. Restore, IntegrityCheck, Migrate and RemoveWorkFiles are
 * the disaster-recovery runbook's own activities, with the same options.
 */
public enum RehearsalStep implements RunbookStep {
  PICK_BACKUP(ActivityType.PICK_BACKUP),
  RESTORE(ActivityType.RESTORE),
  INTEGRITY_CHECK(ActivityType.INTEGRITY_CHECK),
  SMOKE_QUERIES(ActivityType.SMOKE_QUERIES),
  MIGRATE(ActivityType.MIGRATE),
  MEASURE(ActivityType.MEASURE),
  /** Always, also when the rehearsal failed or was cancelled. */
  DROP_SCRATCH(ActivityType.DROP_SCRATCH),
  REMOVE_WORK_FILES(ActivityType.REMOVE_WORK_FILES),
  MARK_BACKUP(ActivityType.MARK_BACKUP),
  /** A child backup workflow, started when the backup is at fault; it outlives the rehearsal. */
  FRESH_BACKUP("FreshBackup"),
  WRITE_REHEARSAL_REPORT(ActivityType.WRITE_REHEARSAL_REPORT),
  RECORD_REHEARSAL_METRICS(ActivityType.RECORD_REHEARSAL_METRICS),
  RECORD_STEP_FAILURE(ActivityType.RECORD_STEP_FAILURE),
  NOTIFY(ActivityType.NOTIFY);

  private final ActivityType activity;
  private final String name;

  RehearsalStep(ActivityType activity) {
    this.activity = activity;
    this.name = activity.typeName();
  }

  RehearsalStep(String childWorkflow) {
    this.activity = null;
    this.name = childWorkflow;
  }

  @Override
  public String stepName() {
    return name;
  }

  @Override
  public ActivityType activity() {
    return activity;
  }
}
