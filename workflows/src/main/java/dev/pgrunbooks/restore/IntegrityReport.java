package dev.pgrunbooks.restore;

import java.util.List;
import java.util.Map;

/**
 * The restored database against the backup's manifest: row counts per table must be equal exactly
 * (the manifest's were taken in the dump's snapshot), and so must the object counts.
 *
 * @param differences one line per mismatch, e.g. {@code public.orders: expected 120 rows, found 118} or
 *     {@code public.orders: owner is postgres, the backup had orders_owner}
 * @param notes what was not checked and why (a backup older than the census, {@code privileges: drop}), and
 *     roles a restore created
 */
public record IntegrityReport(
    String database,
    boolean passed,
    Map<String, Long> expectedRows,
    Map<String, Long> actualRows,
    ObjectCounts expectedObjects,
    ObjectCounts actualObjects,
    List<String> differences,
    List<String> notes) {

  public IntegrityReport {
    notes = notes == null ? List.of() : notes;
  }

  /** A report of rows and objects only. */
  public IntegrityReport(String database, boolean passed, Map<String, Long> expectedRows, Map<String, Long> actualRows,
      ObjectCounts expectedObjects, ObjectCounts actualObjects, List<String> differences) {
    this(database, passed, expectedRows, actualRows, expectedObjects, actualObjects, differences, List.of());
  }
}
