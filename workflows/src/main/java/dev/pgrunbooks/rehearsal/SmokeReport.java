package dev.pgrunbooks.rehearsal;

import java.util.List;

/**
 * The target's smoke queries against the restored scratch database.
 *
 * @param file the smoke SQL file, or null when the target has none configured
 * @param passed every query returned a row whose first column is true (true when there are none)
 */
public record SmokeReport(String file, List<SmokeQuery> queries, boolean passed) {

  /**
   * @param sql the statement as written in the file (trimmed)
   * @param result what its first row's first column held, or why it did not pass ("no row", "NULL")
   */
  public record SmokeQuery(int number, String sql, boolean passed, String result, long millis) {}

  public List<SmokeQuery> failures() {
    return queries.stream().filter(q -> !q.passed()).toList();
  }
}
