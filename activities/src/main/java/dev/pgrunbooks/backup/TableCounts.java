package dev.pgrunbooks.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Per-table row counts of a database as stored beside a dump ({@code .counts.json}, for WriteManifest) or
 * under a target's report details (the live database before a restore). Keys as {@code format('%I.%I')}
 * writes them.
 *
 * @param estimated tables whose count is the planner's estimate ({@code pg_class.reltuples}), not an exact
 *     count; empty or null: every count is exact
 */
public record TableCounts(String database, Instant takenAt, Map<String, Long> rowCounts, List<String> estimated) {

  public TableCounts(String database, Instant takenAt, Map<String, Long> rowCounts) {
    this(database, takenAt, rowCounts, List.of());
  }

  public long totalRows() {
    return rowCounts == null ? 0 : rowCounts.values().stream().mapToLong(Long::longValue).sum();
  }
}
