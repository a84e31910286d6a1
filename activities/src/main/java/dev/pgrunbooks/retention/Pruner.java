package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.BackupStore;
import java.time.Instant;
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
    return RetentionPolicy.plan(target, new BackupCatalog(store).list(target), retention, now);
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
    RetentionPlan plan = plan(target, retention, now);
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
