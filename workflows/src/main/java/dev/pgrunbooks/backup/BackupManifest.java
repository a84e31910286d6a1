package dev.pgrunbooks.backup;

import java.time.Instant;
import java.util.Map;

/**
 * The commit marker written beside a dump, last. A dump without one is incomplete: restores never
 * use it. Stored as {@code <dump key without .dump>.manifest.json}.
 *
 * @param format pg_dump's format, "custom"
 * @param rowCounts per-table row counts taken in the dump's snapshot
 * @param tocEntries entries {@code pg_restore --list} found
 * @param verified the artifact was read back and checked before this manifest was written
 * @param workflowId the backup workflow that wrote it
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
    String workflowId) {

  public static final int CURRENT_VERSION = 1;

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
        workflowId);
  }
}
