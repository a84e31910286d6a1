package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.store.BackupStore;
import java.time.Instant;

/** Applies a target's retention to the store. */
public final class Pruner {
  private final BackupStore store;

  public Pruner(BackupStore store) {
    this.store = store;
  }

  /**
   * @param now the time the tiers are counted back from
   * @param dryRun plan only, delete nothing
   */
  public PruneReport prune(String target, RetentionConfig retention, Instant now, boolean dryRun) {
    throw new UnsupportedOperationException("not yet");
  }
}
