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

  private RowCounts() {}

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
