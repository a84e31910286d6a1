package dev.pgrunbooks.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.BackupHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune never takes a backup a running restore or rehearsal uses, nor a dump that is still being written. */
class RetentionLeasesTest {
  private static final String TARGET = "orders";
  private static final RetentionConfig ONE_DAY = new RetentionConfig(1, 0, 0);

  @TempDir Path dir;
  private LocalBackupStore store;
  private BackupHistory history;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeEach
  void openStore() {
    store = new LocalBackupStore(dir, "backups/");
    history = new BackupHistory(store, TARGET);
  }

  @Test
  void aBackupLeasedByARunningRestoreIsKeptUntilReleasedOrExpired() {
    String inUse = history.verified(now.minus(Duration.ofDays(10)));
    history.verified(now.minus(Duration.ofHours(1)));
    RetentionLeases leases = new RetentionLeases(store);
    leases.hold(TARGET, inUse, "restore-orders", now);

    PruneReport duringRestore = new Pruner(store).prune(TARGET, ONE_DAY, now, false);
    assertThat(duringRestore.deleted()).isEmpty();
    assertThat(duringRestore.kept()).anyMatch(d -> d.key().equals(inUse)
        && d.reason().startsWith(RetentionPolicy.IN_USE) && d.reason().contains("restore-orders"));
    assertThat(store.stat(inUse)).isPresent();

    // A lease its runbook never released (the worker died) stops protecting once it expires, and goes.
    PruneReport afterExpiry = new Pruner(store).prune(TARGET, ONE_DAY, now.plus(RetentionLeases.TTL).plusSeconds(1), false);
    assertThat(afterExpiry.deleted()).extracting(PruneReport.Decision::key).containsExactly(inUse);
    assertThat(store.list(RetentionLeases.leasesPrefix(TARGET))).isEmpty();
  }

  @Test
  void aReleasedLeaseNoLongerProtects() {
    String used = history.verified(now.minus(Duration.ofDays(10)));
    history.verified(now.minus(Duration.ofHours(1)));
    RetentionLeases leases = new RetentionLeases(store);
    leases.hold(TARGET, used, "rehearsal-orders-20261201T030000Z", now);
    leases.release(TARGET, "rehearsal-orders-20261201T030000Z");

    assertThat(new Pruner(store).prune(TARGET, ONE_DAY, now, false).deleted())
        .extracting(PruneReport.Decision::key).containsExactly(used);
  }

  @Test
  void anIncompleteDumpWithAnOldStampButWrittenJustNowIsNotPruned() {
    history.verified(now.minus(Duration.ofHours(1)));
    // A backup that started two days ago (its key's stamp) and is still committing: written moments ago.
    String slow = history.incompleteStillBeingWritten(now.minus(Duration.ofDays(2)));

    PruneReport report = new Pruner(store).prune(TARGET, ONE_DAY, now.plusSeconds(60), false);

    assertThat(report.kept()).anyMatch(d -> d.key().equals(slow) && d.reason().equals(RetentionPolicy.INCOMPLETE_YOUNG));
    assertThat(store.stat(slow)).isPresent();
  }
}
