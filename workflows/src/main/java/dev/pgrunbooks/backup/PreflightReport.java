package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.ClientTool;
import java.util.List;

/**
 * What preflight found: the server answers, pg_dump can dump it, the store is reachable.
 *
 * @param serverVersion e.g. "15.20"
 * @param serverVersionNum e.g. 150020
 * @param pgDumpVersion e.g. "15.20"
 * @param tools the client programs the backup will run, chosen for the server's major version
 *     (pg_dump, and the pg_restore that verifies its archive); null in histories from before they were recorded
 */
public record PreflightReport(
    String database,
    String serverVersion,
    int serverVersionNum,
    long databaseSizeBytes,
    String pgDumpVersion,
    String store,
    List<ClientTool> tools) {}
