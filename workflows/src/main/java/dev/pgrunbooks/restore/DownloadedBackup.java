package dev.pgrunbooks.restore;

/**
 * A backup copied to the worker's work directory and checked (SHA-256 against the manifest,
 * {@code pg_restore --list}). The restore step re-downloads it when it runs on another worker.
 */
public record DownloadedBackup(String key, String workFile, long sizeBytes, String sha256, int tocEntries) {}
