package dev.pgrunbooks.backup;

import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.store.BackupStore;
import java.time.Clock;

/** PLACEHOLDER: replaced by the real implementation from branch pg. */
public class BackupActivitiesImpl implements BackupActivities {
  public BackupActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store,
      BackupMetrics metrics, Clock clock) {}

  public PreflightReport preflight(String target) { throw new UnsupportedOperationException(); }
  public DumpResult dump(String target, String key) { throw new UnsupportedOperationException(); }
  public VerificationResult verify(String key, String sha, long size) { throw new UnsupportedOperationException(); }
  public String writeManifest(BackupManifest manifest) { throw new UnsupportedOperationException(); }
  public PruneReport prune(String target) { throw new UnsupportedOperationException(); }
  public void discardDump(String key) { throw new UnsupportedOperationException(); }
  public void recordBackupMetrics(BackupSucceeded backup) { throw new UnsupportedOperationException(); }
}
