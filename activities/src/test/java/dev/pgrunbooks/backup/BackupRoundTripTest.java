package dev.pgrunbooks.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.TransferProgress;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup restores to the same data, and its row counts describe exactly what the dump holds. */
class BackupRoundTripTest {
  @TempDir Path storeDir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void richDatabaseRestoresToIdenticalDataAndCommitsAReadableManifest() throws Exception {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    String key = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));

    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("orders", source).build())) {
      PreflightReport preflight = backup.activities.preflight("orders");
      DumpResult dump = backup.activities.dump("orders", key);
      VerificationResult verified = backup.activities.verify(key, dump.sha256(), dump.sizeBytes());
      String manifestKey = backup.activities.writeManifest(
          BackupManifest.of("orders", source, dump, verified, "backup-orders-test"));
      // The counts stay out of the activity's result (workflow history); they wait beside the dump.
      assertThat(dump.rowCounts()).isNull();
      Map<String, Long> counts = storedCounts(backup.store, key);
      assertThat(dump.tables()).isEqualTo(counts.size());

      assertThat(preflight.database()).isEqualTo(source);
      assertThat(preflight.databaseSizeBytes()).isPositive();
      assertThat(preflight.pgDumpVersion()).isEqualTo(dump.pgDumpVersion());
      assertThat(counts).isEqualTo(pg.rowCounts(source));
      assertThat(counts).containsEntry("\"Zürich\".\"Bestellungen\"", 300L)
          .containsEntry("sales.orders_other", pg.queryLong(source,
              "SELECT count(*) FROM sales.orders_other")).containsEntry("public.empty_table", 0L)
          .doesNotContainKey("sales.orders");
      assertThat(verified.sha256()).isEqualTo(dump.sha256());
      assertThat(verified.tocEntries()).isGreaterThan(20);
      assertThat(backup.store.stat(key)).hasValueSatisfying(o -> assertThat(o.sizeBytes()).isEqualTo(dump.sizeBytes()));
      assertThat(backup.heartbeats).extracting(TransferProgress::phase).contains("dumped");

      assertThat(manifestKey).isEqualTo(BackupKeys.manifestKey(key));
      BackupManifest manifest = ManifestCodec.read(backup.store, manifestKey);
      assertThat(manifest.sha256()).isEqualTo(dump.sha256());
      assertThat(manifest.rowCounts()).isEqualTo(counts);
      assertThat(manifest.verified()).isTrue();
      assertThat(manifest.startedAt()).isEqualTo(dump.startedAt());
      // Writing it again (a retried step) leaves the same commit marker.
      backup.activities.writeManifest(manifest);
      assertThat(ManifestCodec.read(backup.store, manifestKey)).isEqualTo(manifest);

      String restored;
      try (InputStream stored = backup.store.open(key)) {
        restored = pg.restore(stored);
      }
      assertThat(pg.rowCounts(restored)).isEqualTo(counts);
      assertThat(pg.contentHashes(restored)).isEqualTo(pg.contentHashes(source));
      assertThat(pg.queryLong(restored, "SELECT count(*) FROM sales.order_totals")).isEqualTo(500);
      assertThat(pg.queryLong(restored, "SELECT nextval('audit.event_no')"))
          .isEqualTo(pg.queryLong(source, "SELECT nextval('audit.event_no')"));

      // Discarding removes the dump, its manifest and the row counts beside it; discarding again is fine.
      backup.activities.discardDump(key);
      backup.activities.discardDump(key);
      assertThat(backup.store.list("")).isEmpty();
    }
  }

  @Test
  void rowCountsMatchTheRestoreExactlyWhileWritesContinueDuringTheDump() throws Exception {
    String source = pg.createDatabase();
    pg.execute(source,
        "CREATE TABLE load (id bigint PRIMARY KEY, pad text)",
        "INSERT INTO load SELECT g, md5(g::text) || repeat(md5((g * 7)::text), 4) FROM generate_series(1, 400000) g",
        "CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())");
    String key = BackupKeys.dumpKey("busy", Instant.parse("2026-11-22T02:00:00Z"));

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong committed = new AtomicLong();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (Connection c = pg.connect(source);
          PreparedStatement insert = c.prepareStatement("INSERT INTO ticks DEFAULT VALUES")) {
        while (!stop.get()) {
          insert.executeUpdate();
          committed.incrementAndGet();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("busy", source).build())) {
      while (committed.get() < 200) {
        Thread.onSpinWait();
      }
      DumpResult dump = backup.activities.dump("busy", key);
      Map<String, Long> counts = storedCounts(backup.store, key);
      long committedWhenDumpEnded = committed.get();
      stop.set(true);
      writer.join();

      long ticksInDump = counts.get("public.ticks");
      // The snapshot was taken mid-stream: rows before it are in, rows committed while the dump ran are not.
      assertThat(ticksInDump).isGreaterThanOrEqualTo(200);
      assertThat(committedWhenDumpEnded).isGreaterThan(ticksInDump);
      assertThat(counts).containsEntry("public.load", 400000L);

      String restored;
      try (InputStream stored = backup.store.open(key)) {
        restored = pg.restore(stored);
      }
      assertThat(pg.rowCounts(restored)).isEqualTo(counts);
      assertThat(pg.rowCounts(source).get("public.ticks")).isGreaterThan(ticksInDump);
      System.out.printf("dump of %d bytes; %d ticks in the dump, %d committed by its end%n",
          dump.sizeBytes(), ticksInDump, committedWhenDumpEnded);
    } finally {
      stop.set(true);
    }
  }

  @Test
  void activitiesAlsoWorkWhenCalledDirectlyOutsideTemporal() {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    String key = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));
    var store = new dev.pgrunbooks.store.LocalBackupStore(storeDir, "");
    var activities = new BackupActivitiesImpl(TestConfig.localStore(storeDir).target("orders", source).build(),
        new dev.pgrunbooks.config.Credentials(Map.of()), store, BackupMetrics.NONE, java.time.Clock.systemUTC());

    DumpResult dump = activities.dump("orders", key);
    Map<String, Long> counts = storedCounts(store, key);
    VerificationResult verified = activities.verify(key, dump.sha256(), dump.sizeBytes());

    assertThat(verified.sizeBytes()).isEqualTo(dump.sizeBytes());
    assertThat(counts).isEqualTo(pg.rowCounts(source));
  }

  @Test
  void manifestJsonRoundTripsWithIsoInstants() {
    DumpResult dump = new DumpResult("t/2026/11/t-20261122T020000Z.dump", 42, "ab".repeat(32), 2,
        Map.of("public.b", 2L, "public.a", 1L), "00000003-1", "15.20", "15.20",
        Instant.parse("2026-11-22T02:00:00Z"), Instant.parse("2026-11-22T02:00:05.123Z"),
        "/usr/lib/postgresql/15/bin/pg_dump");
    BackupManifest manifest = BackupManifest.of("t", "orders", dump,
        new VerificationResult(dump.key(), 42, dump.sha256(), 17), "backup-t-20261122T020000Z");

    String json = new String(ManifestCodec.encode(manifest), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json).contains("\"startedAt\" : \"2026-11-22T02:00:00Z\"");
    assertThat(json.indexOf("public.a")).isLessThan(json.indexOf("public.b"));
    assertThat(ManifestCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "x")).isEqualTo(manifest);
  }

  private static Map<String, Long> storedCounts(dev.pgrunbooks.store.BackupStore store, String dumpKey) {
    return dev.pgrunbooks.store.StoredJson.read(store, BackupKeys.countsKey(dumpKey), TableCounts.class).rowCounts();
  }
}
