package dev.pgrunbooks.worker;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.backup.BackupMetrics;
import dev.pgrunbooks.backup.BackupSucceeded;
import dev.pgrunbooks.notify.StepFailureCounter;
import dev.pgrunbooks.rehearsal.RehearsalMeasured;
import dev.pgrunbooks.rehearsal.RehearsalMetrics;
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
public final class WorkerMetrics implements BackupMetrics, RehearsalMetrics, StepFailureCounter {
  static final String BACKUP_DURATION = "pgrunbooks.backup.duration_seconds";
  static final String BACKUP_SIZE = "pgrunbooks.backup.size_bytes";
  static final String BACKUP_LAST_SUCCESS = "pgrunbooks.backup.last_success_timestamp_seconds";
  static final String SINCE_LAST_VERIFIED = "pgrunbooks.backup.seconds_since_last_verified";
  static final String STEP_FAILURES = "pgrunbooks.step_failures_total";
  /** 1 for every configured target: lets alerts notice a target that never had a backup or rehearsal. */
  static final String TARGET_INFO = "pgrunbooks.target_info";
  static final String REHEARSAL_DURATION = "pgrunbooks.rehearsal.duration_seconds";
  static final String REHEARSAL_LAST_PASSED = "pgrunbooks.rehearsal.last_passed_timestamp_seconds";
  static final String SINCE_LAST_PASSED_REHEARSAL = "pgrunbooks.rehearsal.seconds_since_last_passed";
  /** 1 when the target's last rehearsal passed, 0 when it failed. */
  static final String REHEARSAL_LAST_OUTCOME = "pgrunbooks.rehearsal.last_passed";
  static final String REHEARSAL_RTO = "pgrunbooks.rehearsal.rto_seconds";
  static final String REHEARSAL_RPO = "pgrunbooks.rehearsal.rpo_seconds";
  static final String RTO_OBJECTIVE = "pgrunbooks.objective.rto_seconds";
  static final String RPO_OBJECTIVE = "pgrunbooks.objective.rpo_seconds";

  /** Every per-target metric name: the metrics endpoint maps their last segment to a {@code target} label. */
  static final java.util.List<String> PER_TARGET = java.util.List.of(BACKUP_DURATION, BACKUP_SIZE,
      BACKUP_LAST_SUCCESS, SINCE_LAST_VERIFIED, TARGET_INFO, REHEARSAL_DURATION, REHEARSAL_LAST_PASSED,
      SINCE_LAST_PASSED_REHEARSAL, REHEARSAL_LAST_OUTCOME, REHEARSAL_RTO, REHEARSAL_RPO, RTO_OBJECTIVE,
      RPO_OBJECTIVE);

  private final MetricRegistry registry;
  private final Clock clock;
  private final Map<String, Long> lastSizeBytes = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastVerified = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastPassedRehearsal = new ConcurrentHashMap<>();
  private final Map<String, RehearsalMeasured> lastRehearsal = new ConcurrentHashMap<>();

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

  /** Marks {@code target} as configured ({@code pgrunbooks_target_info{target} 1}). */
  public void targetConfigured(String target) {
    registry.gauge(TARGET_INFO + "." + target, () -> (Gauge<Integer>) () -> 1);
  }

  /** Starts the rehearsal freshness gauge from the stored reports, so a restart does not look like a miss. */
  public void seedLastPassedRehearsal(String target, Instant finishedAt) {
    lastPassedRehearsal.merge(target, finishedAt, (a, b) -> a.isAfter(b) ? a : b);
    registry.gauge(REHEARSAL_LAST_PASSED + "." + target,
        () -> (Gauge<Long>) () -> lastPassedRehearsal.get(target).getEpochSecond());
    registry.gauge(SINCE_LAST_PASSED_REHEARSAL + "." + target,
        () -> (Gauge<Long>) () -> clock.instant().getEpochSecond() - lastPassedRehearsal.get(target).getEpochSecond());
  }

  @Override
  public void rehearsalFinished(RehearsalMeasured rehearsal) {
    String target = rehearsal.target();
    registry.timer(REHEARSAL_DURATION + "." + target).update(rehearsal.durationMillis(), TimeUnit.MILLISECONDS);
    lastRehearsal.put(target, rehearsal);
    registry.gauge(REHEARSAL_LAST_OUTCOME + "." + target,
        () -> (Gauge<Integer>) () -> lastRehearsal.get(target).passed() ? 1 : 0);
    // RTO and RPO keep the last value measured: a failed rehearsal may not have measured them.
    if (rehearsal.rtoMillis() != null) {
      gaugeSeconds(REHEARSAL_RTO, target, rehearsal.rtoMillis());
    }
    if (rehearsal.rpoMillis() != null) {
      gaugeSeconds(REHEARSAL_RPO, target, rehearsal.rpoMillis());
    }
    if (rehearsal.rtoObjectiveMillis() != null) {
      gaugeSeconds(RTO_OBJECTIVE, target, rehearsal.rtoObjectiveMillis());
    }
    if (rehearsal.rpoObjectiveMillis() != null) {
      gaugeSeconds(RPO_OBJECTIVE, target, rehearsal.rpoObjectiveMillis());
    }
    if (rehearsal.passed()) {
      seedLastPassedRehearsal(target, rehearsal.finishedAt());
    }
  }

  private final Map<String, Double> secondsGauges = new ConcurrentHashMap<>();

  private void gaugeSeconds(String name, String target, long millis) {
    String metric = name + "." + target;
    secondsGauges.put(metric, millis / 1000.0);
    registry.gauge(metric, () -> (Gauge<Double>) () -> secondsGauges.get(metric));
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
