package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.ManifestSummary;

/**
 * The backup a restore will use (its summary: the per-table counts stay in the stored manifest), and
 * the live database it will replace (from the worker's configuration of the target).
 */
public record ResolvedBackup(ManifestSummary manifest, String liveDatabase) {}
