package dev.pgrunbooks.runbook;

/**
 * A PostgreSQL client program a step ran, as evidence: which one, which version, from where.
 *
 * @param program pg_dump, pg_restore or psql
 * @param version what it reported, e.g. "15.20"
 * @param path the executable, e.g. "/usr/lib/postgresql/15/bin/pg_restore"
 */
public record ClientTool(String program, String version, String path) {

  /** "pg_restore 15.20 (/usr/lib/postgresql/15/bin/pg_restore)", for reports. */
  public String describe() {
    return program + " " + version + " (" + path + ")";
  }
}
