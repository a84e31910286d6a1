package dev.pgrunbooks.backup;

import java.time.Instant;

/** What the metrics step records for a backup that committed its manifest. */
public record BackupSucceeded(
    String target, String key, long sizeBytes, long durationMillis, Instant finishedAt) {}
