package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.backup.BackupEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a target's retention to the store. */
public final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private final BackupStore store;

  public Pruner(BackupStore store) {
    this.store = store;
  }

  /**
   * What retention would do now with every backup of the target, and the tiers each one holds:
   * for listings ({@code runbook backups}) and dry runs. Reads the store, changes nothing.
   */
  public RetentionPlan plan(String target, RetentionConfig retention, Instant now) {
    return plan(target, retention, now, false);
  }

  private RetentionPlan plan(String target, RetentionConfig retention, Instant now, boolean removeExpiredLeases) {
    List<BackupEntry> backups = new BackupCatalog(store).list(target);
    Map<String, Instant> written = new HashMap<>();
    for (BackupEntry backup : backups) {
      if (backup.status() == BackupEntry.INCOMPLETE) {
        store.stat(backup.key()).ifPresent(dump -> written.put(backup.key(), dump.lastModified()));
      }
    }
    Map<String, String> leased = new RetentionLeases(store).active(target, now, removeExpiredLeases);
    return RetentionPolicy.plan(target, backups, retention, now, written, leased);
  }

  /**
   * Removes every backup retention does not keep: its manifest first, then the row counts and census
   * stored beside its dump, then its dump. A crash in
   * between leaves an uncommitted dump, which restores ignore and a later prune removes; it never
   * leaves a manifest pointing at nothing. Safe to run again after a crash (removing what is
   * already gone is not an error).
   *
   * @param now the time the tiers are counted back from
   * @param dryRun plan only, delete nothing
   */
  public PruneReport prune(String target, RetentionConfig retention, Instant now, boolean dryRun) {
    RetentionPlan plan = plan(target, retention, now, !dryRun);
    if (!dryRun) {
      for (RetentionDecision removal : plan.deleted()) {
        store.delete(removal.entry().manifestKey());
        store.delete(BackupKeys.countsKey(removal.key()));
        store.delete(BackupKeys.censusKey(removal.key()));
        // The dump last: a crash before it leaves an incomplete dump, which a later prune removes.
        store.delete(removal.key());
        // Its claim after the dump: while the dump is there, the key stays its run's.
        store.delete(BackupKeys.claimKey(removal.key()));
        log.info("pruned {} ({})", removal.key(), removal.reason());
      }
    }
    log.info("retention of {}{}: kept {}, {} {}", target, dryRun ? " (dry run)" : "",
        plan.kept().size(), dryRun ? "would delete" : "deleted", plan.deleted().size());
    return plan.toReport(dryRun);
  }
}
