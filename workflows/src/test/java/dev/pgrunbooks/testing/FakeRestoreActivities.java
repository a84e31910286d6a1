package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.restore.DownloadedBackup;
import dev.pgrunbooks.restore.HealthReport;
import dev.pgrunbooks.restore.IntegrityReport;
import dev.pgrunbooks.restore.LiveCounts;
import dev.pgrunbooks.restore.ObjectCounts;
import dev.pgrunbooks.restore.ResolvedBackup;
import dev.pgrunbooks.restore.RestoreActivities;
import dev.pgrunbooks.restore.RestoreReport;
import dev.pgrunbooks.restore.RestoredDatabase;
import dev.pgrunbooks.restore.SwapBackResult;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.FakeCluster.Database;
import dev.pgrunbooks.testing.FakeStore.StoredDump;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** pg_restore, renames and drops on the fake cluster; reports into the fake store. */
final class FakeRestoreActivities implements RestoreActivities {
  private static final ObjectCounts OBJECTS = new ObjectCounts(2, 0, 0, 2, 1);
  private final FakeWorld world;

  FakeRestoreActivities(FakeWorld world) {
    this.world = world;
  }

  @Override
  public ResolvedBackup resolveBackup(String target, String backup) {
    world.failures.apply("ResolveBackup");
    String live = world.liveDatabaseOf(target);
    List<BackupManifest> good = world.store.goodBackups(target);
    Optional<BackupManifest> chosen = "latest".equals(backup) ? good.stream().findFirst()
        : good.stream().filter(m -> m.key().equals(backup)).findFirst();
    return new ResolvedBackup(ManifestSummary.of(chosen.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no verified backup " + backup + " of " + target, "NoVerifiedBackup"))), live);
  }

  @Override
  public DownloadedBackup download(String target, String key, String sha256, String workflowId,
      boolean createMissingRoles) {
    world.failures.apply("Download");
    StoredDump dump = storedDump(key);
    if (!dump.sha256().equals(sha256)) {
      throw ApplicationFailure.newNonRetryableFailure("downloaded " + key + ": checksum differs", "ChecksumMismatch");
    }
    world.addWorkFile(workflowId);
    return new DownloadedBackup(key, "/work/" + workflowId + ".dump", dump.sizeBytes(), sha256, 12);
  }

  @Override
  public LiveCounts snapshotLiveCounts(String target, String database) {
    world.failures.apply("SnapshotLiveCounts");
    Optional<Database> live = world.cluster.database(database);
    Map<String, Long> rows = live.map(Database::rows).orElse(Map.of());
    String key = live.isEmpty() ? null : BackupKeys.detailsPrefix(target) + "live-" + database + ".json";
    return new LiveCounts(database, live.isPresent(), rows.size(),
        rows.values().stream().mapToLong(Long::longValue).sum(), Instant.now(), key);
  }

  @Override
  public RestoredDatabase restore(String target, String key, String sha256, String database, String workflowId,
      boolean replaceExisting, boolean createMissingRoles) {
    Optional<Database> existing = world.cluster.database(database);
    if (existing.isPresent() && !workflowId.equals(existing.get().createdBy()) && !replaceExisting) {
      throw ApplicationFailure.newNonRetryableFailure("database " + database + " already exists", "DatabaseExists");
    }
    StoredDump dump = storedDump(key);
    // Like CREATE DATABASE then pg_restore: a restore that fails or blocks leaves a half-restored database.
    world.cluster.drop(database);
    world.cluster.create(database, workflowId, dump.rows());
    world.failures.apply("Restore");
    return new RestoredDatabase(database, dump.sizeBytes(), 5,
        new dev.pgrunbooks.runbook.ClientTool("pg_restore", "16.4", "/usr/lib/postgresql/16/bin/pg_restore"));
  }

  @Override
  public IntegrityReport integrityCheck(String target, String database, ManifestSummary backup) {
    world.failures.apply("IntegrityCheck");
    // As the real check: the counts are read from the stored manifest, not from the workflow's summary.
    BackupManifest manifest = world.store.manifest(backup.key()).orElseThrow();
    Map<String, Long> actual = world.cluster.rows(database);
    List<String> differences = new ArrayList<>();
    for (String table : new TreeSet<>(manifest.rowCounts().keySet())) {
      Long found = actual.get(table);
      if (!manifest.rowCounts().get(table).equals(found)) {
        differences.add(table + ": expected " + manifest.rowCounts().get(table) + " rows, found " + found);
      }
    }
    return IntegrityReport.of(database, manifest.rowCounts().size(), OBJECTS, OBJECTS, differences, List.of(),
        BackupKeys.detailsPrefix(target) + "integrity-" + database + ".json");
  }

  @Override
  public void terminateAndDrop(String target, String database) {
    world.failures.apply("TerminateAndDrop");
    world.cluster.drop(database);
  }

  @Override
  public boolean dropRestoredDatabase(String target, String database, String workflowId) {
    world.failures.apply("DropRestoredDatabase");
    Optional<Database> db = world.cluster.database(database);
    return db.isPresent() && workflowId.equals(db.get().createdBy()) && world.cluster.drop(database);
  }

  @Override
  public void swapIntoPlace(String target, String live, String restored, String keepAs, String workflowId) {
    world.failures.apply("SwapIntoPlace");
    boolean alreadySwapped = !world.cluster.exists(restored) && world.cluster.exists(live)
        && (world.cluster.exists(keepAs) || workflowId.equals(world.cluster.database(live).get().createdBy()));
    if (alreadySwapped) {
      return;
    }
    if (!world.cluster.exists(restored)) {
      throw ApplicationFailure.newNonRetryableFailure("no database " + restored + " to swap in", "NoSuchDatabase");
    }
    if (world.cluster.exists(live)) {
      world.cluster.rename(live, keepAs);
    }
    world.cluster.rename(restored, live);
    // The renames committed, but the answer can still be lost (a connection dropped after COMMIT).
    world.failures.apply("SwapIntoPlace:afterCommit");
  }

  @Override
  public SwapBackResult swapBack(String target, String live, String kept, String abortedAs, String workflowId) {
    world.failures.apply("SwapBack");
    if (world.cluster.exists(kept)) {
      world.cluster.rename(live, abortedAs);
      world.cluster.rename(kept, live);
      return new SwapBackResult(true, abortedAs);
    }
    if (!world.cluster.exists(live)) {
      throw ApplicationFailure.newNonRetryableFailure("neither " + live + " nor " + kept + " exists", "NothingToSwap");
    }
    return world.cluster.exists(abortedAs) ? new SwapBackResult(true, abortedAs) : new SwapBackResult(false, null);
  }

  @Override
  public String migrate(String target, String database) {
    world.failures.apply("Migrate");
    world.migrated(database);
    return "migrations applied to " + database;
  }

  @Override
  public HealthReport healthProbe(String target) {
    world.failures.apply("HealthProbe");
    return new HealthReport("http://app.invalid/health", true, "HTTP 200", "ok", 1);
  }

  @Override
  public String writeReport(RestoreReport report) {
    world.failures.apply("WriteReport");
    String key = BackupKeys.reportsPrefix(report.target()) + report.workflowId() + ".json";
    world.store.putReport(key, report.outcome().label());
    return key;
  }

  @Override
  public void removeWorkFiles(String workflowId) {
    world.failures.apply("RemoveWorkFiles");
    world.removeWorkFile(workflowId);
  }

  private StoredDump storedDump(String key) {
    return world.store.dump(key).orElseThrow(
        () -> ApplicationFailure.newNonRetryableFailure("no object at " + key, "NoSuchBackup"));
  }
}
