package dev.pgrunbooks.backup;

/**
 * The stored artifact read back: its checksum matched and {@code pg_restore --list} read its table of
 * contents.
 */
public record VerificationResult(String key, long sizeBytes, String sha256, int tocEntries) {}
