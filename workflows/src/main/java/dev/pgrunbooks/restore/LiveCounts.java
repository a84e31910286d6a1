package dev.pgrunbooks.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Row counts of the live database just before the restore: the reference that shows what the restore
 * gives up (rows written since the backup, the RPO actually paid). The workflow carries this summary;
 * the per-table counts are stored at {@link #countsKey()} and the evidence report includes them.
 *
 * @param exists false when there is no live database (nothing to compare, nothing to lose)
 * @param tables how many tables were counted
 * @param rows rows in all tables together
 * @param countsKey store key of the per-table counts ({@code TableCounts} JSON), or null when none were taken
 * @param estimatedTables tables whose count is the planner's estimate ({@code pg_class.reltuples}), not an
 *     exact count: counting them did not fit the per-table lock and time budget (a lock held by another
 *     session, a huge table); {@code rows} is then approximate
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveCounts(String database, boolean exists, int tables, long rows, Instant takenAt, String countsKey,
    int estimatedTables) {

  /** Exact counts of every table. */
  public LiveCounts(String database, boolean exists, int tables, long rows, Instant takenAt, String countsKey) {
    this(database, exists, tables, rows, takenAt, countsKey, 0);
  }
}
