package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.runbook.BackupKeys;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backup store: dumps by key, the manifests that commit them, and the reports runbooks leave.
 * A dump's content is the row counts a restore of it produces.
 */
public final class FakeStore {

  /** @param complete false for the partial object a dump that died half-way leaves behind */
  public record StoredDump(String key, String sha256, long sizeBytes, Map<String, Long> rows, boolean complete) {}

  private final Map<String, StoredDump> dumps = new TreeMap<>();
  private final Map<String, BackupManifest> manifests = new TreeMap<>();
  private final Map<String, String> reportOutcomes = new TreeMap<>();

  public synchronized void putDump(StoredDump dump) {
    dumps.put(dump.key(), dump);
  }

  public synchronized Optional<StoredDump> dump(String key) {
    return Optional.ofNullable(dumps.get(key));
  }

  /** Removes a dump and its manifest: cleanup or retention. */
  public synchronized void remove(String key) {
    dumps.remove(key);
    manifests.remove(key);
  }

  public synchronized String commit(BackupManifest manifest) {
    if (!dumps.containsKey(manifest.key())) {
      throw new IllegalStateException("manifest for a dump that is not there: " + manifest.key());
    }
    manifests.put(manifest.key(), manifest);
    return BackupKeys.manifestKey(manifest.key());
  }

  public synchronized Optional<BackupManifest> manifest(String key) {
    return Optional.ofNullable(manifests.get(key));
  }

  public synchronized void markRehearsal(String key, BackupRehearsal verdict) {
    manifests.computeIfPresent(key, (k, m) -> m.withRehearsal(verdict));
  }

  /** Committed backups of the target that still count as good, newest first. */
  public synchronized List<BackupManifest> goodBackups(String target) {
    return manifests.values().stream()
        .filter(m -> m.target().equals(target) && !m.failedRehearsal())
        .sorted(Comparator.comparing(BackupManifest::key).reversed())
        .toList();
  }

  public synchronized Set<String> dumpKeys() {
    return new TreeSet<>(dumps.keySet());
  }

  public synchronized Set<String> committedKeys() {
    return new TreeSet<>(manifests.keySet());
  }

  public synchronized void putReport(String key, String outcome) {
    reportOutcomes.put(key, outcome);
  }

  /** Report key → the outcome it records ("succeeded", "failed", "passed", ...). */
  public synchronized Map<String, String> reports() {
    return new TreeMap<>(reportOutcomes);
  }

  /**
   * A backup that verified at the time but restores to other data than its manifest says: the damage
   * only a restore finds (the checksum still matches what was uploaded).
   */
  public synchronized void loseRowsInContent(String key, String table) {
    StoredDump dump = dumps.get(key);
    Map<String, Long> rows = new TreeMap<>(dump.rows());
    rows.computeIfPresent(table, (t, n) -> n - 1);
    dumps.put(key, new StoredDump(key, dump.sha256(), dump.sizeBytes(), rows, dump.complete()));
  }

  /** A verified, committed backup of {@code database} with these rows, as an earlier backup run left it. */
  public synchronized BackupManifest seedBackup(String target, String database, Instant takenAt, Map<String, Long> rows) {
    String key = BackupKeys.dumpKey(target, takenAt);
    StoredDump dump = new StoredDump(key, checksum(key, rows), 1000 + rows.size(), Map.copyOf(rows), true);
    dumps.put(key, dump);
    BackupManifest manifest = new BackupManifest(BackupManifest.CURRENT_VERSION, target, database, key, "custom",
        dump.sizeBytes(), dump.sha256(), "16.4", "16.4", dump.rows(), 12, takenAt, takenAt.plusSeconds(60), true,
        "backup-" + target + "-" + BackupKeys.stamp(takenAt));
    manifests.put(key, manifest);
    return manifest;
  }

  static String checksum(String key, Map<String, Long> rows) {
    return String.format("%064x", (long) (key + new TreeMap<>(rows)).hashCode() & 0xffffffffL);
  }
}
