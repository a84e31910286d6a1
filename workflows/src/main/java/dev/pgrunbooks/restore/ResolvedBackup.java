package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.BackupManifest;

/**
 * The backup a restore will use, and the live database it will replace (from the worker's
 * configuration of the target).
 */
public record ResolvedBackup(BackupManifest manifest, String liveDatabase) {}
