package dev.pgrunbooks.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * The dump as it was streamed into the store.
 *
 * @param tables how many tables were counted in the dump's snapshot; the counts themselves are stored
 *     beside the dump at {@link dev.pgrunbooks.runbook.BackupKeys#countsKey}, where WriteManifest reads them
 * @param rowCounts null from this version on. Older workers returned the counts here; a backup such a
 *     worker dumped and a newer one commits passes them on through the manifest it writes
 * @param snapshot the exported snapshot id pg_dump used
 * @param pgDumpPath the pg_dump that made it (its version is {@code pgDumpVersion})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DumpResult(
    String key,
    long sizeBytes,
    String sha256,
    int tables,
    Map<String, Long> rowCounts,
    String snapshot,
    String serverVersion,
    String pgDumpVersion,
    Instant startedAt,
    Instant finishedAt,
    String pgDumpPath) {

  /** Tables counted, also for a result an older worker returned (counts inline, no {@code tables}). */
  public int tablesCounted() {
    return rowCounts != null && tables == 0 ? rowCounts.size() : tables;
  }
}
