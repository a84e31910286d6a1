package dev.pgrunbooks.config;

/**
 * The PostgreSQL client programs.
 *
 * @param binDir directory holding pg_dump, pg_restore and psql; unset means: search PATH
 */
public record ToolsConfig(String binDir) {}
