package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.ObjectivesConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.config.WorkerConfig;
import dev.pgrunbooks.runbook.TransferProgress;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.TestTarget;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The restore activities in a real Temporal activity context, over a local store holding real backups
 * made by the backup activities, with target {@code orders} pointing at a given database.
 */
final class RestoreHarness implements AutoCloseable {
  static final String TARGET = "orders";
  static final String WORKFLOW_ID = "restore-orders";
  static final HealthProbePolicy QUICK_PROBE =
      new HealthProbePolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(2));

  final RunbookConfig config;
  final LocalBackupStore store;
  final Path workDir;
  final RestoreActivities activities;
  /**
   * The same implementation called directly, as one workflow run's retries would: the test environment
   * gives each activity call a new run id, and the restore's marker names the run.
   */
  final RestoreActivitiesImpl direct;
  final List<TransferProgress> heartbeats = new CopyOnWriteArrayList<>();
  private final TestActivityEnvironment env;

  /** A target on {@code database} of the fixture's server. */
  RestoreHarness(Path dir, String database) {
    this(dir, database, t -> t);
  }

  RestoreHarness(Path dir, String database, UnaryOperator<TestTarget> settings) {
    workDir = dir.resolve("work");
    config = TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, database, t -> settings.apply(t.objectives("24h", "1h")))
        .worker(null, workDir)
        .build();
    store = new LocalBackupStore(dir.resolve("store"), "");
    env = TestActivityEnvironment.newInstance();
    direct = new RestoreActivitiesImpl(config, new Credentials(Map.of()), store,
        Clock.systemUTC(), RestoreActivitiesImpl.defaultHttpClient(), QUICK_PROBE);
    env.registerActivitiesImplementations(direct);
    env.setActivityHeartbeatListener(TransferProgress.class, heartbeats::add);
    activities = env.newActivityStub(RestoreActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  /** A verified backup of the target's database, taken now with the real backup activities. */
  BackupManifest backup(Instant at) {
    return VerifiedBackups.take(config, store, TARGET, at, "backup-test");
  }

  BackupManifest backup() {
    return backup(Instant.parse("2026-11-22T02:00:00Z"));
  }

  /** The ApplicationFailure an activity failed with (the stub wraps it in an ActivityFailure). */
  static ApplicationFailure failureOf(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure f) {
        return f;
      }
    }
    throw new AssertionError("no ApplicationFailure in " + thrown, thrown);
  }

  @Override
  public void close() {
    env.close();
  }
}
