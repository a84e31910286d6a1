package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupActivitiesImpl;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.BackupMetrics;
import dev.pgrunbooks.backup.DumpResult;
import dev.pgrunbooks.backup.VerificationResult;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * A real, verified backup for tests of what comes after it (restores, rehearsals): the backup
 * runbook's own dump, verify and manifest steps, run directly.
 */
public final class VerifiedBackups {
  private VerifiedBackups() {}

  /** Backs up {@code target}'s configured database into {@code store} with the key stamped {@code at}. */
  public static BackupManifest take(RunbookConfig config, BackupStore store, String target, Instant at,
      String workflowId) {
    BackupActivitiesImpl backup = new BackupActivitiesImpl(config, new Credentials(Map.of()), store,
        BackupMetrics.NONE, Clock.systemUTC());
    String key = BackupKeys.dumpKey(target, at);
    DumpResult dump = backup.dump(target, key);
    VerificationResult verified = backup.verify(key, dump.sha256(), dump.sizeBytes());
    BackupManifest manifest = BackupManifest.of(target, config.target(target).database(), dump, verified, workflowId);
    // As committed: with the row counts WriteManifest read from beside the dump.
    return dev.pgrunbooks.backup.ManifestCodec.read(store, backup.writeManifest(manifest));
  }
}
