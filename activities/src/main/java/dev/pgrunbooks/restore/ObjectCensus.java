package dev.pgrunbooks.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The user objects of a database, counted the way {@link TableOfContents} counts a dump's entries:
 * outside pg_catalog, information_schema and the toast and temporary schemas, not members of an
 * extension (pg_dump leaves those to CREATE EXTENSION).
 */
final class ObjectCensus {
  private static final String COUNTS = """
      WITH user_ns AS (
             SELECT oid FROM pg_namespace
              WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'),
           ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'),
           rels AS (
             SELECT c.oid, c.relkind FROM pg_class c
              WHERE c.relnamespace IN (SELECT oid FROM user_ns)
                AND c.relpersistence <> 't'
                AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid))
      SELECT
        (SELECT count(*) FROM rels WHERE relkind IN ('r', 'p')),
        (SELECT count(*) FROM rels WHERE relkind IN ('v', 'm')),
        (SELECT count(*) FROM pg_proc p
          WHERE p.pronamespace IN (SELECT oid FROM user_ns) AND p.prokind IN ('f', 'w')
            AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)),
        (SELECT count(*) FROM pg_index i
           JOIN rels idx ON idx.oid = i.indexrelid
           JOIN rels tbl ON tbl.oid = i.indrelid
          WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k
                             WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))),
        (SELECT count(*) FROM rels WHERE relkind = 'S')""";

  private ObjectCensus() {}

  static ObjectCounts count(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(COUNTS)) {
      rs.next();
      return new ObjectCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }
  }
}
