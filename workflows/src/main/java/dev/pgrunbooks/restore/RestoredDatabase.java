package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.ClientTool;

/**
 * A database freshly created and filled by {@code pg_restore}.
 *
 * @param pgRestore the pg_restore that filled it, of the destination server's major version
 */
public record RestoredDatabase(String database, long bytesRead, long durationMillis, ClientTool pgRestore) {}
