package dev.pgrunbooks.restore;

import java.time.Duration;

/**
 * How long the health probe keeps asking: waits {@code firstWait} after the first failed GET, doubling up
 * to {@code maxWait}, and gives up once the next try would start after {@code giveUpAfter}.
 */
public record HealthProbePolicy(Duration firstWait, Duration maxWait, Duration giveUpAfter, Duration requestTimeout) {
  /** 1 s doubling to 15 s, for about three minutes: an application restarting after a restore has time. */
  public static final HealthProbePolicy DEFAULT =
      new HealthProbePolicy(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(3), Duration.ofSeconds(10));
}
