package dev.pgrunbooks.runbook;

/**
 * Heartbeat details of a step that moves data: {@code runbook status} and the Temporal UI show them
 * as the pending activity's progress.
 *
 * @param phase what the bytes are, e.g. "dumped", "read back"
 * @param bytes bytes moved so far
 */
public record TransferProgress(String phase, long bytes) {}
