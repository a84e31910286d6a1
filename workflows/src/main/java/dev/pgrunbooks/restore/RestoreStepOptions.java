package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.StepOptions;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** Timeouts and retries per disaster-recovery step. */
final class RestoreStepOptions {
  private RestoreStepOptions() {}

  static ActivityOptions of(String step) {
    return switch (step) {
      case DisasterRecoveryWorkflowImpl.DOWNLOAD -> options(Duration.ofHours(12), Duration.ofSeconds(30), 4);
      case DisasterRecoveryWorkflowImpl.RESTORE -> options(Duration.ofHours(24), Duration.ofSeconds(60), 3);
      case DisasterRecoveryWorkflowImpl.INTEGRITY_CHECK, DisasterRecoveryWorkflowImpl.SNAPSHOT_LIVE_COUNTS ->
          options(Duration.ofHours(2), Duration.ofSeconds(60), 3);
      // A migration is not necessarily safe to run twice: one attempt, then the operator decides.
      case DisasterRecoveryWorkflowImpl.MIGRATE -> options(Duration.ofHours(1), null, 1);
      // The probe retries with backoff inside the activity, reporting each try as a heartbeat.
      case DisasterRecoveryWorkflowImpl.HEALTH_PROBE -> options(Duration.ofMinutes(10), Duration.ofSeconds(30), 2);
      default -> options(Duration.ofMinutes(5), null, 5);
    };
  }

  private static ActivityOptions options(Duration startToClose, Duration heartbeat, int attempts) {
    return StepOptions.of(startToClose, heartbeat, Duration.ofSeconds(2), attempts).build();
  }
}
