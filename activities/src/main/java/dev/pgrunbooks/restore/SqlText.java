package dev.pgrunbooks.restore;

/**
 * Quoting for the few statements that cannot take parameters (CREATE / DROP / ALTER DATABASE,
 * COMMENT): names and text go in quoted, never spliced in raw, so a database called
 * {@code a"; DROP DATABASE b; --} is just an odd name.
 */
final class SqlText {
  private SqlText() {}

  /** {@code "name"} with embedded double quotes doubled; any character PostgreSQL allows survives. */
  static String quoteIdentifier(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier contains a NUL character");
    }
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * {@code E'text'}: an escape string, so it means the same whatever {@code standard_conforming_strings}
   * says; backslashes and single quotes are escaped.
   */
  static String quoteLiteral(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text contains a NUL character");
    }
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * A libpq connection string naming only the database, for {@code pg_restore -d}: given a bare name,
   * pg_restore would read one containing {@code =} as a connection string itself.
   */
  static String conninfoDatabase(String database) {
    return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
