package dev.pgrunbooks.backup;

import java.time.Instant;
import java.util.Map;

/**
 * Per-table row counts of a database as stored beside a dump ({@code .counts.json}, for WriteManifest) or
 * under a target's report details (the live database before a restore). Keys as {@code format('%I.%I')}
 * writes them.
 */
public record TableCounts(String database, Instant takenAt, Map<String, Long> rowCounts) {

  public long totalRows() {
    return rowCounts == null ? 0 : rowCounts.values().stream().mapToLong(Long::longValue).sum();
  }
}
