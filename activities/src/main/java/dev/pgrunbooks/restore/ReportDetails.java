package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.TableCounts;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.store.StoredJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-table evidence a report's summaries link to (live counts before, the integrity comparison),
 * read back from the store when the report is written, so the stored report is complete although the
 * workflow only carried summaries.
 *
 * @param before live row counts before the restore, or null when none were taken or they cannot be read
 * @param integrity the full comparison, or null when there was none or it cannot be read
 * @param unreadable one line per linked detail that could not be read (the report says so)
 */
public record ReportDetails(Map<String, Long> before, IntegrityDetail integrity, List<String> unreadable) {

  public static final ReportDetails NONE = new ReportDetails(null, null, List.of());

  /** A report is evidence even when a detail is gone: what cannot be read is named, not fatal. */
  public static ReportDetails load(BackupStore store, LiveCounts live, IntegrityReport check) {
    List<String> unreadable = new ArrayList<>();
    Map<String, Long> before = null;
    if (live != null && live.countsKey() != null) {
      try {
        TableCounts counts = StoredJson.read(store, live.countsKey(), TableCounts.class);
        before = counts.rowCounts() == null ? null : new TreeMap<>(counts.rowCounts());
      } catch (StoreException e) {
        unreadable.add("live row counts " + live.countsKey() + ": " + e.getMessage());
      }
    }
    IntegrityDetail integrity = null;
    if (check != null && check.detailKey() != null) {
      try {
        integrity = StoredJson.read(store, check.detailKey(), IntegrityDetail.class);
      } catch (StoreException e) {
        unreadable.add("integrity detail " + check.detailKey() + ": " + e.getMessage());
      }
    }
    return new ReportDetails(before, integrity, List.copyOf(unreadable));
  }

  Map<String, Long> expectedRows() {
    return integrity == null || integrity.expectedRows() == null ? Map.of() : integrity.expectedRows();
  }

  Map<String, Long> actualRows() {
    return integrity == null || integrity.actualRows() == null ? Map.of() : integrity.actualRows();
  }
}
