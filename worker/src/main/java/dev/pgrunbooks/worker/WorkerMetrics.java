package dev.pgrunbooks.worker;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.backup.BackupMetrics;
import dev.pgrunbooks.backup.BackupSucceeded;
import dev.pgrunbooks.notify.StepFailureCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker's runbook metrics, in a Dropwizard registry. Names are dotted with the labels as the last
 * segments ({@code pgrunbooks.backup.size_bytes.<target>}); {@link MetricsEndpoint} turns them into
 * Prometheus names with labels.
 */
public final class WorkerMetrics implements BackupMetrics, StepFailureCounter {
  static final String BACKUP_DURATION = "pgrunbooks.backup.duration_seconds";
  static final String BACKUP_SIZE = "pgrunbooks.backup.size_bytes";
  static final String BACKUP_LAST_SUCCESS = "pgrunbooks.backup.last_success_timestamp_seconds";
  static final String SINCE_LAST_VERIFIED = "pgrunbooks.backup.seconds_since_last_verified";
  static final String STEP_FAILURES = "pgrunbooks.step_failures_total";

  private final MetricRegistry registry;
  private final Clock clock;
  private final Map<String, Long> lastSizeBytes = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastVerified = new ConcurrentHashMap<>();

  public WorkerMetrics(MetricRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public MetricRegistry registry() {
    return registry;
  }

  /**
   * Starts the freshness gauge from what the store already holds, so a restarted worker does not
   * report "no backup" until the next one runs.
   */
  public void seedLastVerified(String target, Instant finishedAt) {
    lastVerified.merge(target, finishedAt, (a, b) -> a.isAfter(b) ? a : b);
    registerTargetGauges(target);
  }

  @Override
  public void backupSucceeded(BackupSucceeded backup) {
    String target = backup.target();
    registry.timer(BACKUP_DURATION + "." + target).update(backup.durationMillis(), TimeUnit.MILLISECONDS);
    lastSizeBytes.put(target, backup.sizeBytes());
    seedLastVerified(target, backup.finishedAt());
  }

  @Override
  public void stepFailed(String kind, String target, String step) {
    registry.counter(STEP_FAILURES + "." + kind + "." + target + "." + step).inc();
  }

  private void registerTargetGauges(String target) {
    registry.gauge(BACKUP_SIZE + "." + target, () -> (Gauge<Long>) () -> lastSizeBytes.getOrDefault(target, 0L));
    registry.gauge(BACKUP_LAST_SUCCESS + "." + target,
        () -> (Gauge<Long>) () -> lastVerified.get(target).getEpochSecond());
    registry.gauge(SINCE_LAST_VERIFIED + "." + target,
        () -> (Gauge<Long>) () -> clock.instant().getEpochSecond() - lastVerified.get(target).getEpochSecond());
  }
}
