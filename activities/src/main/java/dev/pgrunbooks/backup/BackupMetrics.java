package dev.pgrunbooks.backup;

/** Where the metrics step reports a committed backup: the worker's metric registry. */
public interface BackupMetrics {
  void backupSucceeded(BackupSucceeded backup);

  BackupMetrics NONE = backup -> {};
}
