package dev.pgrunbooks.restore;

import java.util.List;
import java.util.Map;

/**
 * The restored database against the backup's manifest: row counts per table must be equal exactly
 * (the manifest's were taken in the dump's snapshot), and so must the object counts.
 *
 * @param differences one line per mismatch, e.g. {@code public.orders: expected 120 rows, found 118}
 */
public record IntegrityReport(
    String database,
    boolean passed,
    Map<String, Long> expectedRows,
    Map<String, Long> actualRows,
    ObjectCounts expectedObjects,
    ObjectCounts actualObjects,
    List<String> differences) {}
