package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.StepOptions;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** Timeouts and retries per rehearsal step. */
final class RehearsalStepOptions {
  private RehearsalStepOptions() {}

  static ActivityOptions of(String step) {
    return switch (step) {
      // Cancelling waits until pg_restore has really stopped: dropping the scratch database while the
      // activity could still create it would leave it behind. The heartbeat is short so a cancellation
      // reaches the activity within seconds (heartbeats are sent at most every 0.8 × this timeout).
      case RehearsalWorkflowImpl.RESTORE -> options(Duration.ofHours(24), Duration.ofSeconds(20), 3)
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build();
      case RehearsalWorkflowImpl.INTEGRITY_CHECK -> options(Duration.ofHours(2), Duration.ofSeconds(60), 3)
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build();
      case RehearsalWorkflowImpl.SMOKE_QUERIES -> options(Duration.ofHours(1), null, 3).build();
      // A migration is not necessarily safe to run twice.
      case RehearsalWorkflowImpl.MIGRATE -> options(Duration.ofHours(1), null, 1).build();
      default -> options(Duration.ofMinutes(5), null, 5).build();
    };
  }

  private static ActivityOptions.Builder options(Duration startToClose, Duration heartbeat, int attempts) {
    return StepOptions.of(startToClose, heartbeat, Duration.ofSeconds(2), attempts);
  }
}
