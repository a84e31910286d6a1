package dev.pgrunbooks.runbook;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The shape every runbook step's options share: a start-to-close timeout, a heartbeat timeout for
 * steps that move data (a dead worker is noticed within it), and exponential retries up to a number
 * of attempts. Activities mark what retrying cannot fix as non-retryable.
 */
public final class StepOptions {
  private StepOptions() {}

  /**
   * @param heartbeat null for steps that do not heartbeat
   * @param firstRetry wait before the second attempt; doubles up to a minute
   */
  public static ActivityOptions.Builder of(Duration startToClose, Duration heartbeat, Duration firstRetry, int attempts) {
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
    return b;
  }
}
