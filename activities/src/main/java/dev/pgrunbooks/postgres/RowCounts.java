package dev.pgrunbooks.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact row counts of every table whose rows pg_dump dumps: ordinary tables and leaf partitions (the
 * partitioned parents hold no rows themselves), outside the system schemas, not temporary, not owned
 * by an extension (pg_dump dumps an extension's tables with the extension, not as data). Run it in
 * the dump's snapshot and the counts are exactly what a restore must contain.
 */
public final class RowCounts {
  private static final String TABLES = """
      SELECT format('%I.%I', n.nspname, c.relname)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r'
         AND c.relpersistence <> 't'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%'
         AND n.nspname NOT LIKE 'pg\\_temp\\_%'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       ORDER BY 1""";

  /** The tables as {@link #TABLES} lists them, with the planner's estimate of their rows. */
  private static final String TABLES_WITH_ESTIMATES = TABLES.replace(
      "SELECT format('%I.%I', n.nspname, c.relname)",
      "SELECT format('%I.%I', n.nspname, c.relname), greatest(c.reltuples, 0)::bigint");
  /** SQLSTATE 55P03 lock_not_available (lock_timeout), 57014 query_canceled (statement_timeout). */
  private static final java.util.Set<String> OVER_BUDGET = java.util.Set.of("55P03", "57014");

  /**
   * Counts within a budget: exact where a table's lock and count fit.
   *
   * @param counts per table, exact or estimated
   * @param estimated the tables whose count is the planner's estimate, sorted
   */
  public record Budgeted(Map<String, Long> counts, List<String> estimated) {}

  private RowCounts() {}

  /**
   * Exact counts where each table's lock and count fit in {@code budget} ({@code SET LOCAL lock_timeout}
   * and {@code statement_timeout} per table, each in its own savepoint); the planner's estimate
   * ({@code pg_class.reltuples}, marked) where not, so a table locked by a stuck session or too big to
   * count in time does not stop the caller. Call in a transaction.
   *
   * @param onStatement gets the statement the counts run on, so a caller can cancel it
   * @param afterEachTable runs after each table (heartbeat, cancellation check)
   */
  public static Budgeted countWithin(Connection connection, java.time.Duration budget,
      java.util.function.Consumer<Statement> onStatement, Runnable afterEachTable) throws SQLException {
    Map<String, Long> estimates = new TreeMap<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES_WITH_ESTIMATES)) {
      while (rs.next()) {
        estimates.put(rs.getString(1), rs.getLong(2));
      }
    }
    long millis = Math.max(1, budget.toMillis());
    Map<String, Long> counts = new TreeMap<>();
    List<String> estimated = new ArrayList<>();
    try (Statement st = connection.createStatement()) {
      onStatement.accept(st);
      for (Map.Entry<String, Long> table : estimates.entrySet()) {
        java.sql.Savepoint savepoint = connection.setSavepoint();
        try {
          st.execute("SET LOCAL lock_timeout = " + millis);
          st.execute("SET LOCAL statement_timeout = " + millis);
          // The name comes from format('%I.%I'): quoted by the server, safe to splice in.
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + table.getKey())) {
            rs.next();
            counts.put(table.getKey(), rs.getLong(1));
          }
          connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          if (!OVER_BUDGET.contains(e.getSQLState())) {
            throw e;
          }
          connection.rollback(savepoint);
          counts.put(table.getKey(), table.getValue());
          estimated.add(table.getKey());
        }
        afterEachTable.run();
      }
    }
    return new Budgeted(counts, List.copyOf(estimated));
  }

  /**
   * @return {@code schema.table} as {@code format('%I.%I')} writes it (quoted only where needed) → rows,
   *     sorted by name
   */
  public static Map<String, Long> count(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    Map<String, Long> counts = new TreeMap<>();
    try (Statement st = connection.createStatement()) {
      for (String table : tables) {
        // The name comes from format('%I.%I'): quoted by the server, safe to splice in. ONLY: an
        // inheritance parent's count must not include its children's rows, which are counted apart.
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
