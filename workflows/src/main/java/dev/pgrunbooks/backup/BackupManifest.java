package dev.pgrunbooks.backup;

import java.time.Instant;
import java.util.Map;

/**
 * The commit marker written beside a dump, last. A dump without one is incomplete: restores never
 * use it. Stored as {@code <dump key without .dump>.manifest.json}.
 *
 * @param format pg_dump's format, "custom"
 * @param rowCounts per-table row counts taken in the dump's snapshot. The backup workflow passes null to
 *     WriteManifest (the counts never travel through its history); WriteManifest fills them in from the
 *     counts object the dump stored beside it
 * @param tocEntries entries {@code pg_restore --list} found
 * @param verified the artifact was read back and checked before this manifest was written
 * @param workflowId the backup workflow that wrote it
 * @param rehearsal the last restore rehearsal's verdict on this backup, or null when none judged it
 * @param pgDumpPath the pg_dump that made the dump (its version is {@code pgDumpVersion}); null in manifests
 *     written before it was recorded
 */
public record BackupManifest(
    int manifestVersion,
    String target,
    String database,
    String key,
    String format,
    long sizeBytes,
    String sha256,
    String serverVersion,
    String pgDumpVersion,
    Map<String, Long> rowCounts,
    int tocEntries,
    Instant startedAt,
    Instant finishedAt,
    boolean verified,
    String workflowId,
    BackupRehearsal rehearsal,
    String pgDumpPath) {

  public static final int CURRENT_VERSION = 1;

  /** A manifest no rehearsal has judged yet (as the backup runbook writes it). */
  public BackupManifest(int manifestVersion, String target, String database, String key, String format,
      long sizeBytes, String sha256, String serverVersion, String pgDumpVersion, Map<String, Long> rowCounts,
      int tocEntries, Instant startedAt, Instant finishedAt, boolean verified, String workflowId) {
    this(manifestVersion, target, database, key, format, sizeBytes, sha256, serverVersion, pgDumpVersion, rowCounts,
        tocEntries, startedAt, finishedAt, verified, workflowId, null, null);
  }

  /** As manifests were before they recorded pg_dump's path. */
  public BackupManifest(int manifestVersion, String target, String database, String key, String format,
      long sizeBytes, String sha256, String serverVersion, String pgDumpVersion, Map<String, Long> rowCounts,
      int tocEntries, Instant startedAt, Instant finishedAt, boolean verified, String workflowId,
      BackupRehearsal rehearsal) {
    this(manifestVersion, target, database, key, format, sizeBytes, sha256, serverVersion, pgDumpVersion, rowCounts,
        tocEntries, startedAt, finishedAt, verified, workflowId, rehearsal, null);
  }

  /** This manifest with a rehearsal's verdict; everything else as it was. */
  public BackupManifest withRehearsal(BackupRehearsal verdict) {
    return new BackupManifest(manifestVersion, target, database, key, format, sizeBytes, sha256, serverVersion,
        pgDumpVersion, rowCounts, tocEntries, startedAt, finishedAt, verified, workflowId, verdict, pgDumpPath);
  }

  /** This manifest with the dump's per-table row counts (WriteManifest reads them from the store). */
  public BackupManifest withRowCounts(Map<String, Long> counts) {
    return new BackupManifest(manifestVersion, target, database, key, format, sizeBytes, sha256, serverVersion,
        pgDumpVersion, counts, tocEntries, startedAt, finishedAt, verified, workflowId, rehearsal, pgDumpPath);
  }

  /** A rehearsal restored this backup and it failed: it does not count as good any more. */
  public boolean failedRehearsal() {
    return rehearsal != null && rehearsal.failed();
  }

  public static BackupManifest of(
      String target, String database, DumpResult dump, VerificationResult verification, String workflowId) {
    return new BackupManifest(
        CURRENT_VERSION,
        target,
        database,
        dump.key(),
        "custom",
        dump.sizeBytes(),
        dump.sha256(),
        dump.serverVersion(),
        dump.pgDumpVersion(),
        dump.rowCounts(),
        verification.tocEntries(),
        dump.startedAt(),
        dump.finishedAt(),
        true,
        workflowId,
        null,
        dump.pgDumpPath());
  }
}
