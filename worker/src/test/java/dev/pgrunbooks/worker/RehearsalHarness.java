package dev.pgrunbooks.worker;

import com.codahale.metrics.MetricRegistry;
import com.sun.net.httpserver.HttpServer;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.config.BackupScheduleConfig;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.NotifyConfig;
import dev.pgrunbooks.config.ObjectivesConfig;
import dev.pgrunbooks.config.RehearsalConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.config.WorkerConfig;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.RehearsalReports;
import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A live database, a local store, a webhook receiver and Temporal's test server with the worker's real
 * activities: what the rehearsal tests share. Everything it creates, {@link #close()} removes, including
 * any scratch database a failed test might leave.
 */
final class RehearsalHarness implements AutoCloseable {
  static final String TARGET = "orders";

  final PgFixture pg = new PgFixture();
  final Path dir;
  final String live;
  final LocalBackupStore store;
  final List<String> webhookMessages = Collections.synchronizedList(new ArrayList<>());
  final WorkerMetrics metrics = new WorkerMetrics(new MetricRegistry(), Clock.systemUTC());
  private final HttpServer webhook;
  TestWorkflowEnvironment env;
  RunbookConfig config;

  RehearsalHarness(Path dir) throws IOException {
    this.dir = dir;
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext("/hook", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        webhookMessages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    webhook.start();
    live = pg.createDatabase();
    pg.loadRichSchema(live);
    store = new LocalBackupStore(dir.resolve("store"), "");
  }

  /** The target as the tests configure it; {@code smokeSql} may be null. */
  TargetConfig target(String smokeSql, String rehearsalCron, String backupCron) {
    return new TargetConfig(PgFixture.HOST, PgFixture.PORT, live, PgFixture.USER, null, null, 2, null, null, null,
        smokeSql, null, new ObjectivesConfig("24h", "1h"), new RehearsalConfig(rehearsalCron, null, "30d"),
        backupCron == null ? null : new BackupScheduleConfig(backupCron));
  }

  RunbookConfig config(TargetConfig target) {
    StorageConfig storage = new StorageConfig(StorageConfig.LOCAL, dir.resolve("store").toString(), null, "", null,
        null, null, null, null, null);
    return new RunbookConfig(storage, Map.of(TARGET, target),
        new NotifyConfig("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", false),
        new WorkerConfig(null, 0, dir.resolve("work").toString()), new ToolsConfig(null));
  }

  /** Starts the test server (time skipping) and a worker with the runbooks registered as in production. */
  void start(RunbookConfig runbookConfig) {
    start(runbookConfig, TestEnvironmentOptions.newBuilder().build());
  }

  void start(RunbookConfig runbookConfig, TestEnvironmentOptions options) {
    config = runbookConfig;
    env = TestWorkflowEnvironment.newInstance(options);
    RunbookSearchAttributes.ALL.forEach(a -> env.registerSearchAttribute(a.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(config.worker().taskQueue());
    RunbookWorker.register(worker, config, new Credentials(Map.of()), store, metrics);
    env.start();
  }

  Path smokeFile(String name, String sql) throws IOException {
    Path file = dir.resolve(name);
    java.nio.file.Files.writeString(file, sql);
    return file;
  }

  /** A verified backup of the live database, as the backup runbook's steps make it, taken at {@code at}. */
  BackupManifest backup(Instant at) {
    return VerifiedBackups.take(config, store, TARGET, at, "backup-orders-test");
  }

  RehearsalReport report(String key) throws IOException {
    return new RehearsalReports(store).read(key);
  }

  /** Scratch databases of rehearsals on this server for the target. */
  List<String> scratchDatabases() {
    List<String> names = new ArrayList<>();
    try (var c = pg.connect("postgres"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith(RehearsalNames.SCRATCH_PREFIX + TARGET + "_")) {
          names.add(rs.getString(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c instanceof ApplicationFailure app ? app.getOriginalMessage() : c.getMessage()).append(" | ");
    }
    return all.toString();
  }

  @Override
  public void close() {
    try {
      if (env != null) {
        env.close();
      }
    } finally {
      webhook.stop(0);
      scratchDatabases().forEach(pg::dropLater);
      pg.close();
    }
  }
}
