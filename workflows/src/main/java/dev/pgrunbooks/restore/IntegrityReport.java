package dev.pgrunbooks.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The restored database against the backup: row counts per table must be equal exactly (the
 * manifest's were taken in the dump's snapshot), and so must the object counts and the census (owners,
 * grants, default privileges, settings, encoding and collation, sequence values, constraints and
 * triggers per table). This is the summary a workflow carries; the per-table data is at
 * {@link #detailKey()} in the store, and the evidence reports include it.
 *
 * @param tablesChecked tables compared (in the backup or in the restored database)
 * @param differenceCount how many mismatches there are in all
 * @param differences the first {@value #FIRST_DIFFERENCES} mismatches, one line each, e.g.
 *     {@code public.orders: expected 120 rows, found 118} or
 *     {@code public.orders: owner is postgres, the backup had orders_owner}
 * @param notes what was not checked and why (a backup older than the census, {@code privileges: drop}), and
 *     roles a restore created
 * @param detailKey store key of the full comparison ({@code IntegrityDetail} JSON), or null when not stored
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntegrityReport(
    String database,
    boolean passed,
    int tablesChecked,
    int differenceCount,
    ObjectCounts expectedObjects,
    ObjectCounts actualObjects,
    List<String> differences,
    List<String> notes,
    String detailKey) {

  /** How many difference lines travel with the summary. */
  public static final int FIRST_DIFFERENCES = 20;

  public IntegrityReport {
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** Every difference, when there are few; else the first ones and how many more the detail holds. */
  public static IntegrityReport of(String database, int tablesChecked, ObjectCounts expectedObjects,
      ObjectCounts actualObjects, List<String> allDifferences, List<String> notes, String detailKey) {
    List<String> first = List.copyOf(allDifferences.subList(0, Math.min(FIRST_DIFFERENCES, allDifferences.size())));
    return new IntegrityReport(database, allDifferences.isEmpty(), tablesChecked, allDifferences.size(),
        expectedObjects, actualObjects, first, notes, detailKey);
  }

  /** Mismatches beyond {@link #differences()}: in the detail only. */
  public int moreDifferences() {
    return Math.max(0, differenceCount - (differences == null ? 0 : differences.size()));
  }
}
