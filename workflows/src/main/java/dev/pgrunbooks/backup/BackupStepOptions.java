package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.StepOptions;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/**
 * Timeouts and retries per backup step. Activities mark what retrying cannot fix (wrong password,
 * unknown database, pg_dump too old) as non-retryable; everything else, such as a refused
 * connection, is retried with backoff until the step's attempts run out.
 */
final class BackupStepOptions {
  private BackupStepOptions() {}

  static ActivityOptions of(String step) {
    return switch (step) {
      // A database restarting for maintenance refuses connections for a minute or two: wait it out.
      case BackupWorkflowImpl.PREFLIGHT -> options(Duration.ofMinutes(2), null, Duration.ofSeconds(2), 6);
      // Data-moving steps heartbeat; a dead worker is noticed within the heartbeat timeout.
      case BackupWorkflowImpl.DUMP, BackupWorkflowImpl.VERIFY ->
          options(Duration.ofHours(12), Duration.ofSeconds(30), Duration.ofSeconds(10), 4);
      case BackupWorkflowImpl.PRUNE -> options(Duration.ofMinutes(10), null, Duration.ofSeconds(5), 5);
      default -> options(Duration.ofMinutes(2), null, Duration.ofSeconds(2), 5);
    };
  }

  private static ActivityOptions options(Duration startToClose, Duration heartbeat, Duration firstRetry, int attempts) {
    return StepOptions.of(startToClose, heartbeat, firstRetry, attempts).build();
  }
}
