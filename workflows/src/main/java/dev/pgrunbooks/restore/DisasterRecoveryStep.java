package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.ActivityType;
import dev.pgrunbooks.runbook.RunbookStep;

/** The disaster-recovery runbook's steps, in the order the wiki page had them, then its cleanup. */
public enum DisasterRecoveryStep implements RunbookStep {
  RESOLVE_BACKUP(ActivityType.RESOLVE_BACKUP),
  DOWNLOAD(ActivityType.DOWNLOAD),
  SNAPSHOT_LIVE_COUNTS(ActivityType.SNAPSHOT_LIVE_COUNTS),
  /** The human gate before anything destructive: {@code runbook approve}. */
  APPROVAL("Approval"),
  TERMINATE_AND_DROP(ActivityType.TERMINATE_AND_DROP),
  RESTORE(ActivityType.RESTORE),
  INTEGRITY_CHECK(ActivityType.INTEGRITY_CHECK),
  /** Renames into place; in cleanup, the same activity swaps the original back. */
  SWAP_INTO_PLACE(ActivityType.SWAP_INTO_PLACE),
  MIGRATE(ActivityType.MIGRATE),
  HEALTH_PROBE(ActivityType.HEALTH_PROBE),
  WRITE_REPORT(ActivityType.WRITE_REPORT),
  /** Cleanup after a swap: the original back, the restored copy kept as {@code <db>__aborted_<id>}. */
  SWAP_BACK(ActivityType.SWAP_BACK),
  /** Cleanup: the staging or --into database this restore created. */
  DROP_RESTORED_DATABASE(ActivityType.DROP_RESTORED_DATABASE),
  REMOVE_WORK_FILES(ActivityType.REMOVE_WORK_FILES),
  RECORD_STEP_FAILURE(ActivityType.RECORD_STEP_FAILURE),
  NOTIFY(ActivityType.NOTIFY);

  private final ActivityType activity;
  private final String name;

  DisasterRecoveryStep(ActivityType activity) {
    this.activity = activity;
    this.name = activity.typeName();
  }

  DisasterRecoveryStep(String humanGate) {
    this.activity = null;
    this.name = humanGate;
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
