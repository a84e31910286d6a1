package dev.pgrunbooks.runbook;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Every activity type the runbooks run, with its options, declared once: the same activity gets the
 * same timeouts and retries in every runbook that runs it. The names are the activity type names in
 * workflow histories; running workflows depend on them, so a name never changes.
 *
 * <p>Activities mark what retrying cannot fix as non-retryable (see {@link FailureType}); the rest is
 * retried with backoff up to the attempts given here. Activities that change databases or move data
 * ({@link Effect#CHANGES_DATA}) heartbeat, so a dead worker is noticed within the heartbeat timeout, and
 * a cancellation waits until the activity has really stopped: cleanup must never race a restore that
 * could still create a database, or a swap that could still commit.
 */
public enum ActivityType {
  // Backup.
  /** A database restarting for maintenance refuses connections for a minute or two: wait it out. */
  PREFLIGHT("Preflight", Duration.ofMinutes(2), null, Duration.ofSeconds(2), 6, Effect.READS),
  DUMP("Dump", Duration.ofHours(12), Duration.ofSeconds(30), Duration.ofSeconds(10), 4, Effect.CHANGES_DATA),
  VERIFY("Verify", Duration.ofHours(12), Duration.ofSeconds(30), Duration.ofSeconds(10), 4, Effect.CHANGES_DATA),
  WRITE_MANIFEST("WriteManifest", Duration.ofMinutes(2), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),
  PRUNE("Prune", Duration.ofMinutes(10), null, Duration.ofSeconds(5), 5, Effect.BOOKKEEPING),
  DISCARD_DUMP("DiscardDump", Duration.ofMinutes(2), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),
  RECORD_BACKUP_METRICS("RecordBackupMetrics", Duration.ofMinutes(2), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),

  // Disaster recovery (the rehearsal reuses Restore, IntegrityCheck, Migrate and RemoveWorkFiles).
  RESOLVE_BACKUP("ResolveBackup", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.READS),
  DOWNLOAD("Download", Duration.ofHours(12), Duration.ofSeconds(30), Duration.ofSeconds(2), 4, Effect.CHANGES_DATA),
  SNAPSHOT_LIVE_COUNTS("SnapshotLiveCounts", Duration.ofHours(2), Duration.ofSeconds(60), Duration.ofSeconds(2), 3,
      Effect.READS),
  /**
   * The heartbeat is short so that a cancellation reaches pg_restore within seconds (heartbeats are
   * sent at most every 0.8 × this timeout).
   */
  RESTORE("Restore", Duration.ofHours(24), Duration.ofSeconds(20), Duration.ofSeconds(2), 3, Effect.CHANGES_DATA),
  INTEGRITY_CHECK("IntegrityCheck", Duration.ofHours(2), Duration.ofSeconds(60), Duration.ofSeconds(2), 3,
      Effect.CHANGES_DATA),
  TERMINATE_AND_DROP("TerminateAndDrop", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 5,
      Effect.CHANGES_DATA),
  SWAP_INTO_PLACE("SwapIntoPlace", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 5,
      Effect.CHANGES_DATA),
  /** Cleanup after a swap: looks at the actual databases and swaps the original back if the swap happened. */
  SWAP_BACK("SwapBack", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 5, Effect.CHANGES_DATA),
  DROP_RESTORED_DATABASE("DropRestoredDatabase", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
      5, Effect.CHANGES_DATA),
  /** A migration is not necessarily safe to run twice: one attempt, then the operator decides. */
  MIGRATE("Migrate", Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofSeconds(2), 1, Effect.CHANGES_DATA),
  /** The probe retries with backoff inside the activity, reporting each try as a heartbeat. */
  HEALTH_PROBE("HealthProbe", Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(2), 2, Effect.READS),
  WRITE_REPORT("WriteReport", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),
  REMOVE_WORK_FILES("RemoveWorkFiles", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),

  // Rehearsal.
  PICK_BACKUP("PickBackup", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.READS),
  SMOKE_QUERIES("SmokeQueries", Duration.ofHours(1), null, Duration.ofSeconds(2), 3, Effect.READS),
  MEASURE("Measure", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.READS),
  DROP_SCRATCH("DropScratch", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2), 5,
      Effect.CHANGES_DATA),
  MARK_BACKUP("MarkBackup", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),
  WRITE_REHEARSAL_REPORT("WriteRehearsalReport", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5,
      Effect.BOOKKEEPING),
  RECORD_REHEARSAL_METRICS("RecordRehearsalMetrics", Duration.ofMinutes(5), null, Duration.ofSeconds(2), 5,
      Effect.BOOKKEEPING),

  // Every runbook.
  RECORD_STEP_FAILURE("RecordStepFailure", Duration.ofMinutes(1), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING),
  NOTIFY("Notify", Duration.ofMinutes(2), null, Duration.ofSeconds(2), 5, Effect.BOOKKEEPING);

  /** What an activity does to the world, which decides how it is cancelled. */
  public enum Effect {
    READS,
    /** Moves data or changes databases: heartbeats, and a cancellation waits for it to stop. */
    CHANGES_DATA,
    /** Small writes to the store, metrics, messages. */
    BOOKKEEPING
  }

  private final String typeName;
  private final Duration startToClose;
  private final Duration heartbeat;
  private final Duration firstRetry;
  private final int attempts;
  private final Effect effect;

  ActivityType(String typeName, Duration startToClose, Duration heartbeat, Duration firstRetry, int attempts,
      Effect effect) {
    this.typeName = typeName;
    this.startToClose = startToClose;
    this.heartbeat = heartbeat;
    this.firstRetry = firstRetry;
    this.attempts = attempts;
    this.effect = effect;
  }

  /** The activity type name, as {@code @ActivityMethod(name = …)} declares it and histories record it. */
  public String typeName() {
    return typeName;
  }

  public Effect effect() {
    return effect;
  }

  /** Start-to-close, heartbeat, exponential retries (first wait doubling up to a minute), cancellation. */
  public ActivityOptions options() {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(firstRetry)
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(attempts)
            .build());
    if (heartbeat != null) {
      b.setHeartbeatTimeout(heartbeat);
    }
    if (effect == Effect.CHANGES_DATA) {
      b.setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    }
    return b.build();
  }
}
