package dev.pgrunbooks.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.BackupHistory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {
  @TempDir Path dir;
  private LocalBackupStore store;
  private BackupHistory history;
  private BackupCatalog catalog;

  @BeforeEach
  void openStore() {
    store = new LocalBackupStore(dir, "pg/");
    history = new BackupHistory(store, "orders");
    catalog = new BackupCatalog(store);
  }

  @Test
  void listsEveryBackupNewestFirstWithWhatItIsFitFor() {
    String verified = history.verified(Instant.parse("2025-12-30T02:00:00Z"));
    String incomplete = history.incomplete(Instant.parse("2026-01-02T02:00:00Z"));
    String unverified = history.unverified(Instant.parse("2025-12-31T02:00:00Z"));
    String unreadable = history.unreadableManifest(Instant.parse("2026-01-01T02:00:00Z"));
    String orphan = history.orphanManifest(Instant.parse("2025-11-15T02:00:00Z"));
    String older = history.verified(Instant.parse("2025-12-29T23:59:59Z"));

    List<BackupEntry> entries = catalog.list("orders");

    assertThat(entries).extracting(BackupEntry::key)
        .containsExactly(incomplete, unreadable, unverified, verified, older, orphan);
    assertThat(entries).extracting(BackupEntry::status).containsExactly(
        BackupEntry.INCOMPLETE, BackupEntry.UNVERIFIED, BackupEntry.UNVERIFIED, BackupEntry.VERIFIED,
        BackupEntry.VERIFIED, BackupEntry.MISSING_DUMP);
    assertThat(entries).extracting(BackupEntry::hasManifest).containsExactly(false, true, true, true, true, true);
    assertThat(entries).extracting(BackupEntry::verified).containsExactly(false, false, false, true, true, false);

    BackupEntry committed = entries.get(3);
    assertThat(committed.takenAt()).isEqualTo(Instant.parse("2025-12-30T02:00:00Z"));
    assertThat(committed.sizeBytes()).isEqualTo(store.stat(verified).orElseThrow().sizeBytes()).isPositive();
    assertThat(committed.manifest().key()).isEqualTo(verified);
    assertThat(committed.manifest().finishedAt()).isEqualTo(Instant.parse("2025-12-30T02:01:00Z"));
    assertThat(entries.get(1).manifest()).as("unreadable manifest").isNull();
    assertThat(entries.get(2).manifest().verified()).isFalse();
    assertThat(entries.get(5).sizeBytes()).as("orphan has no dump").isZero();
  }

  @Test
  void ignoresReportsStrayFilesAndOtherTargets() {
    String backup = history.verified(Instant.parse("2026-01-01T02:00:00Z"));
    store.put("orders/reports/rehearsal-orders-20260101T030000Z.dump", new byte[] {1});
    store.put("orders/reports/rehearsal-orders-20260101T030000Z.manifest.json", new byte[] {1});
    store.put("orders/README.txt", new byte[] {1});
    store.put("orders/2026/01/invoices-20260101T020000Z.dump", new byte[] {1});
    store.put("orders/2026/02/orders-20260101T020000Z.dump", new byte[] {1}); // wrong month folder
    new BackupHistory(store, "orders-eu").verified(Instant.parse("2026-01-02T02:00:00Z"));

    assertThat(catalog.list("orders")).extracting(BackupEntry::key).containsExactly(backup);
  }

  @Test
  void readsManifestsWrittenByLaterVersions() {
    String key = history.verifiedWithFutureManifest(Instant.parse("2026-01-01T02:00:00Z"));

    assertThat(catalog.list("orders")).singleElement().satisfies(entry -> {
      assertThat(entry.key()).isEqualTo(key);
      assertThat(entry.status()).isEqualTo(BackupEntry.VERIFIED);
      assertThat(entry.manifest().manifestVersion()).isEqualTo(7);
    });
  }

  @Test
  void latestVerifiedSkipsNewerBackupsThatRestoresMustNotUse() {
    history.verified(Instant.parse("2025-12-30T02:00:00Z"));
    String latest = history.verified(Instant.parse("2025-12-31T02:00:00Z"));
    history.unverified(Instant.parse("2026-01-01T02:00:00Z"));
    history.unreadableManifest(Instant.parse("2026-01-02T02:00:00Z"));
    history.incomplete(Instant.parse("2026-01-03T02:00:00Z"));
    history.orphanManifest(Instant.parse("2026-01-04T02:00:00Z"));

    assertThat(catalog.latestVerified("orders")).get().extracting(BackupEntry::key).isEqualTo(latest);
    assertThat(catalog.latestVerified("invoices")).isEmpty();
  }

  @Test
  void findsOneBackupByDumpOrManifestKey() {
    String verified = history.verified(Instant.parse("2025-12-31T02:00:00Z"));
    String incomplete = history.incomplete(Instant.parse("2026-01-01T02:00:00Z"));
    String orphan = history.orphanManifest(Instant.parse("2026-01-02T02:00:00Z"));

    assertThat(catalog.find("orders", verified)).get().extracting(BackupEntry::status).isEqualTo(BackupEntry.VERIFIED);
    assertThat(catalog.find("orders", "orders/2025/12/orders-20251231T020000Z.manifest.json"))
        .get().extracting(BackupEntry::key).isEqualTo(verified);
    assertThat(catalog.find("orders", incomplete)).get().extracting(BackupEntry::status).isEqualTo(BackupEntry.INCOMPLETE);
    assertThat(catalog.find("orders", orphan)).get().extracting(BackupEntry::status).isEqualTo(BackupEntry.MISSING_DUMP);
    assertThat(catalog.find("orders", "orders/2026/01/orders-20260109T020000Z.dump")).isEmpty();
    assertThat(catalog.find("invoices", verified)).as("another target's key").isEmpty();
    assertThat(catalog.find("orders", "orders/notes.txt")).isEmpty();
  }
}
