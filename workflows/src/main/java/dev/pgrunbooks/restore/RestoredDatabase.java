package dev.pgrunbooks.restore;

/** A database freshly created and filled by {@code pg_restore}. */
public record RestoredDatabase(String database, long bytesRead, long durationMillis) {}
