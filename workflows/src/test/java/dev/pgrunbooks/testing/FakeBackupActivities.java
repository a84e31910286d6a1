package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupActivities;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupSucceeded;
import dev.pgrunbooks.backup.DumpResult;
import dev.pgrunbooks.backup.PreflightReport;
import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.backup.VerificationResult;
import dev.pgrunbooks.testing.FakeStore.StoredDump;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;

/** pg_dump into the fake store: a dump copies the live database's rows. */
final class FakeBackupActivities implements BackupActivities {
  private final FakeWorld world;

  FakeBackupActivities(FakeWorld world) {
    this.world = world;
  }

  @Override
  public PreflightReport preflight(String target) {
    world.failures.apply("Preflight");
    String database = world.liveDatabaseOf(target);
    return new PreflightReport(database, "16.4", 160004, 4096, "16.4", "fake-store",
        java.util.List.of(new dev.pgrunbooks.runbook.ClientTool("pg_dump", "16.4", "/usr/lib/postgresql/16/bin/pg_dump")));
  }

  @Override
  public DumpResult dump(String target, String key) {
    String database = world.liveDatabaseOf(target);
    var rows = world.cluster.rows(database);
    Instant started = Instant.now();
    // The upload starts before anything can fail: a failing dump leaves a partial object behind.
    world.store.putDump(new StoredDump(key, null, 100, rows, false));
    world.failures.apply("Dump");
    StoredDump dump = new StoredDump(key, FakeStore.checksum(key, rows), 1000 + rows.size(), rows, true);
    world.store.putDump(dump);
    // As the real dump: the counts stay in the store (the fake's stored dump holds them), not in the result.
    return new DumpResult(key, dump.sizeBytes(), dump.sha256(), rows.size(), null, "00000003-0001", "16.4", "16.4", started,
        Instant.now(), "/usr/lib/postgresql/16/bin/pg_dump");
  }

  @Override
  public VerificationResult verify(String key, String expectedSha256, long expectedSizeBytes) {
    world.failures.apply("Verify");
    StoredDump dump = world.store.dump(key).orElseThrow(
        () -> ApplicationFailure.newNonRetryableFailure("no object at " + key, "NoSuchBackup"));
    if (!dump.sha256().equals(expectedSha256) || dump.sizeBytes() != expectedSizeBytes) {
      throw ApplicationFailure.newNonRetryableFailure("read back " + key + ": checksum differs", "ChecksumMismatch");
    }
    return new VerificationResult(key, dump.sizeBytes(), dump.sha256(), 12);
  }

  @Override
  public String writeManifest(BackupManifest manifest) {
    world.failures.apply("WriteManifest");
    if (manifest.rowCounts() == null) {
      manifest = manifest.withRowCounts(world.store.dump(manifest.key()).orElseThrow().rows());
    }
    return world.store.commit(manifest);
  }

  @Override
  public PruneReport prune(String target) {
    world.failures.apply("Prune");
    List<String> keys = world.store.goodBackups(target).stream().map(BackupManifest::key).toList();
    List<String> kept = keys.subList(0, Math.min(world.backupsToKeep(), keys.size()));
    List<String> deleted = keys.subList(kept.size(), keys.size());
    deleted.forEach(world.store::remove);
    return new PruneReport(target, kept.stream().map(k -> new PruneReport.Decision(k, "newest")).toList(),
        deleted.stream().map(k -> new PruneReport.Decision(k, "beyond retention")).toList(), false);
  }

  @Override
  public void discardDump(String key) {
    world.failures.apply("DiscardDump");
    world.store.remove(key);
  }

  @Override
  public void recordBackupMetrics(BackupSucceeded backup) {
    world.failures.apply("RecordBackupMetrics");
  }
}
