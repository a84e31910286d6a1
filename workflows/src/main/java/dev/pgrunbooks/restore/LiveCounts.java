package dev.pgrunbooks.restore;

import java.time.Instant;
import java.util.Map;

/**
 * Row counts of the live database just before the restore: the reference that shows what the restore
 * gives up (rows written since the backup, the RPO actually paid).
 *
 * @param exists false when there is no live database (nothing to compare, nothing to lose)
 */
public record LiveCounts(String database, boolean exists, Map<String, Long> rowCounts, Instant takenAt) {}
