package dev.pgrunbooks.backup;

/**
 * What preflight found: the server answers, pg_dump can dump it, the store is reachable.
 *
 * @param serverVersion e.g. "15.20"
 * @param serverVersionNum e.g. 150020
 * @param pgDumpVersion e.g. "15.20"
 */
public record PreflightReport(
    String database,
    String serverVersion,
    int serverVersionNum,
    long databaseSizeBytes,
    String pgDumpVersion,
    String store) {}
