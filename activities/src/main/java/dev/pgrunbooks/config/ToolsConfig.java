package dev.pgrunbooks.config;

/**
 * The PostgreSQL client programs. Each runbook uses the pg_dump, pg_restore and psql of the server's major
 * version, looked for in {@code binDir}, then {@code <searchRoot>/<major>/bin}, then PATH.
 *
 * @param binDir directory holding pg_dump, pg_restore and psql, looked in first; unset: not used
 * @param searchRoot Debian-style root of one {@code <major>/bin} directory per installed major version
 * @param allowNewerPgDump accept a pg_dump newer than the server when none of its own major is installed
 *     (its dumps restore only into servers at least as new as that pg_dump)
 */
public record ToolsConfig(String binDir, String searchRoot, Boolean allowNewerPgDump) {
  public ToolsConfig {
    binDir = binDir == null || binDir.isBlank() ? null : binDir;
    searchRoot = searchRoot == null || searchRoot.isBlank() ? ConfigKey.TOOLS_SEARCH_ROOT.defaultText() : searchRoot;
    allowNewerPgDump = allowNewerPgDump == null ? ConfigKey.TOOLS_ALLOW_NEWER_PG_DUMP.defaultFlag() : allowNewerPgDump;
  }

  public static ToolsConfig defaults() {
    return new ToolsConfig(null, null, null);
  }
}
