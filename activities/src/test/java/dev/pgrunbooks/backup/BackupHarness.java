package dev.pgrunbooks.backup;

import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.runbook.TransferProgress;
import dev.pgrunbooks.store.LocalBackupStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The backup activities running in a real Temporal activity context, over a local store. */
final class BackupHarness implements AutoCloseable {
  final LocalBackupStore store;
  final BackupActivities activities;
  final List<TransferProgress> heartbeats = new CopyOnWriteArrayList<>();
  private final TestActivityEnvironment env;

  BackupHarness(RunbookConfig config) {
    this(config, new Credentials(Map.of()));
  }

  BackupHarness(RunbookConfig config, Credentials credentials) {
    this(config, credentials, null);
  }

  /** @param heartbeatTimeout also sets how often the SDK sends heartbeats (and so notices a cancel) */
  BackupHarness(RunbookConfig config, Credentials credentials, Duration heartbeatTimeout) {
    this(config, credentials, heartbeatTimeout, PgTools.of(config));
  }

  /** @param tools where the client programs are looked for (to limit the PATH) */
  BackupHarness(RunbookConfig config, PgTools tools) {
    this(config, new Credentials(Map.of()), null, tools);
  }

  private BackupHarness(RunbookConfig config, Credentials credentials, Duration heartbeatTimeout, PgTools tools) {
    this(config, credentials, heartbeatTimeout, tools, "test-run");
  }

  /**
   * As the workflow run {@code runId}: the test activity environment draws a new run id for every call, so
   * the steps of one backup say which run they belong to, as a workflow's steps would.
   */
  static BackupHarness asRun(RunbookConfig config, String runId) {
    return new BackupHarness(config, new Credentials(Map.of()), null, PgTools.of(config), runId);
  }

  private BackupHarness(RunbookConfig config, Credentials credentials, Duration heartbeatTimeout, PgTools tools,
      String runId) {
    store = new LocalBackupStore(Path.of(config.storage().path()), config.storage().prefix());
    env = TestActivityEnvironment.newInstance();
    Clock clock = Clock.systemUTC();
    env.registerActivitiesImplementations(new BackupActivitiesImpl(config, credentials, store, BackupMetrics.NONE,
        clock, tools, () -> new DumpClaims.Claim(runId, "backup-" + runId, clock.instant())));
    env.setActivityHeartbeatListener(TransferProgress.class, heartbeats::add);
    activities = env.newActivityStub(BackupActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        // One attempt: the test looks at what the activity itself reports, retryable or not.
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .setHeartbeatTimeout(heartbeatTimeout)
        .build());
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

  /** Asks the activity to cancel: it learns so from the answer to its next heartbeat. */
  void requestCancel() {
    env.requestCancelActivity();
  }

  @Override
  public void close() {
    env.close();
  }
}
