package dev.pgrunbooks.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * What a workflow needs to know of a committed backup: its key, checksum, size, times and verdict, and
 * how many tables it counted. The per-table row counts stay in the stored manifest
 * ({@link dev.pgrunbooks.runbook.BackupKeys#manifestKey}); activities that need them read it there, so
 * a catalog of tens of thousands of tables never travels through workflow history.
 *
 * <p>The components carry the names of {@link BackupManifest}'s, so a whole manifest recorded in an older
 * history (or sent by an older worker) reads as its summary: the extra fields are ignored (Temporal's
 * Jackson converter fails on unknown properties unless the type says otherwise).
 *
 * @param tables tables the manifest has row counts for; 0 when the payload came from an older worker
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestSummary(
    String target,
    String database,
    String key,
    long sizeBytes,
    String sha256,
    Instant startedAt,
    Instant finishedAt,
    boolean verified,
    String workflowId,
    int tables,
    BackupRehearsal rehearsal) {

  public static ManifestSummary of(BackupManifest manifest) {
    return new ManifestSummary(manifest.target(), manifest.database(), manifest.key(), manifest.sizeBytes(),
        manifest.sha256(), manifest.startedAt(), manifest.finishedAt(), manifest.verified(), manifest.workflowId(),
        manifest.rowCounts() == null ? 0 : manifest.rowCounts().size(), manifest.rehearsal());
  }

  /** A rehearsal restored this backup and it failed: it does not count as good any more. */
  public boolean failedRehearsal() {
    return rehearsal != null && rehearsal.failed();
  }
}
