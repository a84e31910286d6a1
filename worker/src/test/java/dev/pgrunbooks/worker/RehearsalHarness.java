package dev.pgrunbooks.worker;

import com.sun.net.httpserver.HttpServer;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalReport;
import dev.pgrunbooks.rehearsal.RehearsalReports;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A live database, a local store and a webhook receiver, and the test's {@link TestCluster} running the
 * worker's real activities: what the rehearsal tests share. Everything it creates, {@link #close()}
 * removes, including any scratch database a failed test might leave.
 */
final class RehearsalHarness implements AutoCloseable {
  static final String TARGET = "orders";

  final PgFixture pg = new PgFixture();
  final Path dir;
  final String live;
  final LocalBackupStore store;
  final List<String> webhookMessages = Collections.synchronizedList(new ArrayList<>());
  final TestCluster temporal;
  private final HttpServer webhook;
  RunbookConfig config;

  RehearsalHarness(Path dir, TestCluster temporal) throws IOException {
    this.dir = dir;
    this.temporal = temporal;
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

  /** The configuration as the tests write it: {@code smokeSql} and the crons may be null. */
  RunbookConfig config(String smokeSql, String rehearsalCron, String backupCron) {
    return TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, live, t -> t.smokeSql(smokeSql).objectives("24h", "1h").rehearsalCron(rehearsalCron)
            .backupCron(backupCron))
        .webhook("http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook")
        .worker(null, dir.resolve("work"))
        .build();
  }

  /** Starts a worker with the runbooks registered as in production. */
  void start(RunbookConfig runbookConfig) {
    config = runbookConfig;
    temporal.runbooks(config);
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
    return pg.databasesStartingWith(RehearsalNames.SCRATCH_PREFIX + TARGET + "_");
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
    webhook.stop(0);
    scratchDatabases().forEach(pg::dropLater);
    pg.close();
  }
}
