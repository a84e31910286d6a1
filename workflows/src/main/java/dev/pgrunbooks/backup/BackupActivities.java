package dev.pgrunbooks.backup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The backup runbook's steps. Each is idempotent: run twice with the same arguments, it leaves the
 * store as one run would. Arguments are names and keys, never credentials.
 */
@ActivityInterface
public interface BackupActivities {

  /** Connect, read server version and database size, check pg_dump can dump this server, check the store. */
  @ActivityMethod(name = "Preflight")
  PreflightReport preflight(String target);

  /**
   * {@code pg_dump -Fc} streamed into the store at {@code key}, SHA-256 computed on the fly, row counts
   * taken in the dump's snapshot. Heartbeats bytes. On failure nothing is left at {@code key}.
   */
  @ActivityMethod(name = "Dump")
  DumpResult dump(String target, String key);

  /** Read the stored object back, recompute SHA-256 and size, run {@code pg_restore --list} on it. */
  @ActivityMethod(name = "Verify")
  VerificationResult verify(String key, String expectedSha256, long expectedSizeBytes);

  /** Write the manifest beside the dump: the commit marker, written last. */
  @ActivityMethod(name = "WriteManifest")
  String writeManifest(BackupManifest manifest);

  /** Apply the target's retention: daily/weekly/monthly tiers over verified backups. */
  @ActivityMethod(name = "Prune")
  PruneReport prune(String target);

  /** Remove a dump that did not verify, and its manifest if any: cleanup after a failed backup. */
  @ActivityMethod(name = "DiscardDump")
  void discardDump(String key);

  /** Update the worker's backup metrics (duration, size, last success). */
  @ActivityMethod(name = "RecordBackupMetrics")
  void recordBackupMetrics(BackupSucceeded backup);
}
