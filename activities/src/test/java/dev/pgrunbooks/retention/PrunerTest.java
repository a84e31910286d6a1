package dev.pgrunbooks.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.PruneReport;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.BackupHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTest {
  private static final String TARGET = "orders";
  private static final RetentionConfig RETENTION = new RetentionConfig(7, 4, 3);
  /** Wednesday of ISO week 2026-W03. */
  private static final Instant NOW = Instant.parse("2026-01-14T12:00:00Z");

  /**
   * Worked out by hand for {@link #writeFourMonthsOfDailyBackups()} with daily 7, weekly 4, monthly 3
   * at {@link #NOW}:
   *
   * <ul>
   *   <li>daily window Jan 8..14: Jan 14 has only an incomplete dump (kept, 10 h old), Jan 11 is
   *       unverified (kept as evidence, no slot), Jan 9 incomplete (deleted): daily = Jan 13, 12, 10, 8.
   *   <li>weekly window W03 (Jan 12-18), W02 (Jan 5-11), W01 (Mon Dec 29 - Sun Jan 4, spans the year
   *       end), 2025-W52 (Dec 22-28): W03 → Jan 13; W02 → Jan 10 (its Sunday Jan 11 is unverified);
   *       W01 → Sun Jan 4; W52 → Sun Dec 28.
   *   <li>monthly window Jan, Dec, Nov: Jan → Jan 13; Dec → Dec 30 (Dec 31 is unverified); Nov → Nov 29
   *       (Nov 30 is incomplete).
   *   <li>newest verified: Jan 13.
   * </ul>
   */
  private static final Map<String, String> EXPECTED_KEPT = Map.of(
      "orders/2026/01/orders-20260114T020000Z.dump", RetentionPolicy.INCOMPLETE_YOUNG,
      "orders/2026/01/orders-20260113T020000Z.dump", "daily,weekly,monthly,newest",
      "orders/2026/01/orders-20260112T020000Z.dump", "daily",
      "orders/2026/01/orders-20260111T020000Z.dump", RetentionPolicy.UNVERIFIED_RECENT,
      "orders/2026/01/orders-20260110T020000Z.dump", "daily,weekly",
      "orders/2026/01/orders-20260108T020000Z.dump", "daily",
      "orders/2026/01/orders-20260104T020000Z.dump", "weekly",
      "orders/2025/12/orders-20251230T020000Z.dump", "monthly",
      "orders/2025/12/orders-20251228T020000Z.dump", "weekly",
      "orders/2025/11/orders-20251129T020000Z.dump", "monthly");

  /** The kept backups that have a manifest (all but the incomplete one of today). */
  private static final Set<String> EXPECTED_KEPT_MANIFESTS = Set.of(
      "orders/2026/01/orders-20260113T020000Z.manifest.json",
      "orders/2026/01/orders-20260112T020000Z.manifest.json",
      "orders/2026/01/orders-20260111T020000Z.manifest.json",
      "orders/2026/01/orders-20260110T020000Z.manifest.json",
      "orders/2026/01/orders-20260108T020000Z.manifest.json",
      "orders/2026/01/orders-20260104T020000Z.manifest.json",
      "orders/2025/12/orders-20251230T020000Z.manifest.json",
      "orders/2025/12/orders-20251228T020000Z.manifest.json",
      "orders/2025/11/orders-20251129T020000Z.manifest.json");

  @TempDir Path dir;
  private LocalBackupStore store;
  private BackupHistory history;
  private Pruner pruner;

  @BeforeEach
  void openStore() {
    store = new LocalBackupStore(dir, "backups/");
    history = new BackupHistory(store, TARGET);
    pruner = new Pruner(store);
  }

  @Test
  void keepsTheTiersOfFourMonthsOfDailyBackupsAndRemovesTheRest() {
    writeFourMonthsOfDailyBackups();
    store.put("orders/reports/rehearsal-orders-20251201T030000Z.json", "{}".getBytes());

    PruneReport report = pruner.prune(TARGET, RETENTION, NOW, false);

    assertThat(reasons(report.kept())).isEqualTo(EXPECTED_KEPT);
    assertThat(report.deleted()).hasSize(120 - EXPECTED_KEPT.size());
    Map<String, String> deleted = reasons(report.deleted());
    assertThat(deleted)
        .containsEntry("orders/2026/01/orders-20260109T020000Z.dump", RetentionPolicy.INCOMPLETE_OLD)
        .containsEntry("orders/2026/01/orders-20260107T020000Z.dump", RetentionPolicy.UNVERIFIED_OLD)
        .containsEntry("orders/2025/12/orders-20251231T020000Z.dump", RetentionPolicy.UNVERIFIED_OLD)
        .containsEntry("orders/2025/11/orders-20251130T020000Z.dump", RetentionPolicy.INCOMPLETE_OLD)
        .containsEntry("orders/2026/01/orders-20260105T020000Z.dump", RetentionPolicy.OUTSIDE_RETENTION)
        .containsEntry("orders/2025/12/orders-20251221T020000Z.dump", RetentionPolicy.OUTSIDE_RETENTION)
        .containsEntry("orders/2025/10/orders-20251031T020000Z.dump", RetentionPolicy.OUTSIDE_RETENTION)
        .containsEntry("orders/2025/09/orders-20250917T020000Z.dump", RetentionPolicy.OUTSIDE_RETENTION);
    assertThat(report.dryRun()).isFalse();

    Set<String> expectedInStore = new TreeSet<>(EXPECTED_KEPT.keySet());
    expectedInStore.addAll(EXPECTED_KEPT_MANIFESTS);
    expectedInStore.add("orders/reports/rehearsal-orders-20251201T030000Z.json");
    assertThat(history.storedKeys()).isEqualTo(expectedInStore);
  }

  @Test
  void theRowCountsStoredBesideADumpArePrunedWithIt() {
    writeFourMonthsOfDailyBackups();
    history.storedKeys().stream().filter(k -> k.endsWith(BackupKeys.DUMP_SUFFIX)).toList()
        .forEach(dump -> store.put(BackupKeys.countsKey(dump), "{}".getBytes()));

    pruner.prune(TARGET, RETENTION, NOW, false);

    Set<String> countsLeft = new TreeSet<>(history.storedKeys().stream()
        .filter(k -> k.endsWith(BackupKeys.COUNTS_SUFFIX)).toList());
    Set<String> countsOfKept = new TreeSet<>(EXPECTED_KEPT.keySet().stream().map(BackupKeys::countsKey).toList());
    assertThat(countsLeft).isEqualTo(countsOfKept);
  }

  @Test
  void dryRunDeletesNothingAndReportsThePlanARealRunCarriesOut() {
    writeFourMonthsOfDailyBackups();
    Set<String> before = history.storedKeys();

    PruneReport plan = pruner.prune(TARGET, RETENTION, NOW, true);

    assertThat(plan.dryRun()).isTrue();
    assertThat(history.storedKeys()).isEqualTo(before);
    PruneReport done = pruner.prune(TARGET, RETENTION, NOW, false);
    assertThat(done.kept()).isEqualTo(plan.kept());
    assertThat(done.deleted()).isEqualTo(plan.deleted());
    assertThat(reasons(plan.kept())).isEqualTo(EXPECTED_KEPT);
  }

  @Test
  void aRerunAfterAnInterruptedPruneFinishesTheJob() {
    writeFourMonthsOfDailyBackups();
    String orphaned = "orders/2025/10/orders-20251003T020000Z.dump";
    List<String> doomed = pruner.plan(TARGET, RETENTION, NOW).deleted().stream()
        .map(RetentionDecision::key).filter(key -> !key.equals(orphaned)).toList();
    // The first run crashed: some backups lost only their manifest, some were removed, one lost only
    // its dump (as if removed by hand), the rest untouched.
    for (int i = 0; i < doomed.size(); i += 3) {
      store.delete(BackupKeys.manifestKey(doomed.get(i)));
    }
    for (int i = 1; i < doomed.size(); i += 7) {
      store.delete(BackupKeys.manifestKey(doomed.get(i)));
      store.delete(doomed.get(i));
    }
    store.delete(orphaned);

    PruneReport rerun = pruner.prune(TARGET, RETENTION, NOW, false);

    assertThat(reasons(rerun.kept())).isEqualTo(EXPECTED_KEPT);
    assertThat(reasons(rerun.deleted()))
        .containsEntry(orphaned, RetentionPolicy.MISSING_DUMP);
    Set<String> expectedInStore = new TreeSet<>(EXPECTED_KEPT.keySet());
    expectedInStore.addAll(EXPECTED_KEPT_MANIFESTS);
    assertThat(history.storedKeys()).isEqualTo(expectedInStore);

    PruneReport again = pruner.prune(TARGET, RETENTION, NOW, false);
    assertThat(again.deleted()).isEmpty();
    assertThat(history.storedKeys()).isEqualTo(expectedInStore);
  }

  @Test
  void theNewestVerifiedBackupSurvivesWhenEveryBackupIsOlderThanAllWindows() {
    Instant first = Instant.parse("2025-03-01T02:00:00Z");
    for (int day = 0; day < 7; day++) {
      history.verified(first.plus(Duration.ofDays(day)));
    }
    history.unverified(Instant.parse("2025-03-08T02:00:00Z"));
    history.incomplete(Instant.parse("2025-03-09T02:00:00Z"));
    Instant now = Instant.parse("2025-03-09T02:00:00Z").plus(Duration.ofDays(200));

    PruneReport report = pruner.prune(TARGET, RETENTION, now, false);

    assertThat(report.kept()).singleElement().satisfies(kept -> {
      assertThat(kept.key()).isEqualTo("orders/2025/03/orders-20250307T020000Z.dump");
      assertThat(kept.reason()).contains("newest");
    });
    assertThat(report.deleted()).hasSize(8);
    assertThat(history.storedKeys()).containsExactly(
        "orders/2025/03/orders-20250307T020000Z.dump",
        "orders/2025/03/orders-20250307T020000Z.manifest.json");
  }

  @Test
  void anIncompleteDumpIsKeptForADayInCaseItIsStillBeingVerified() {
    String committed = history.verified(NOW.minus(Duration.ofDays(2)));
    String young = history.incomplete(NOW.minus(Duration.ofHours(23)));
    String old = history.incomplete(NOW.minus(Duration.ofHours(25)));

    PruneReport report = pruner.prune(TARGET, RETENTION, NOW, false);

    assertThat(reasons(report.kept())).containsOnlyKeys(committed, young)
        .containsEntry(young, RetentionPolicy.INCOMPLETE_YOUNG);
    assertThat(reasons(report.deleted())).containsOnly(Map.entry(old, RetentionPolicy.INCOMPLETE_OLD));
    assertThat(history.storedKeys()).doesNotContain(old).contains(young, committed);
  }

  @Test
  void aBackupStampedInTheFutureIsKeptAndTheNewestPastOneStillCountsAsNewest() {
    String past = history.verified(NOW.minus(Duration.ofDays(1)));
    String future = history.verified(NOW.plus(Duration.ofHours(2)));
    String futureIncomplete = history.incomplete(NOW.plus(Duration.ofDays(3)));

    PruneReport report = pruner.prune(TARGET, RETENTION, NOW, false);

    assertThat(reasons(report.kept()))
        .containsEntry(future, RetentionPolicy.IN_THE_FUTURE)
        .containsEntry(futureIncomplete, RetentionPolicy.IN_THE_FUTURE)
        .containsEntry(past, "daily,weekly,monthly,newest");
    assertThat(report.deleted()).isEmpty();
  }

  @Test
  void theListingShowsEachBackupsTiers() {
    writeFourMonthsOfDailyBackups();

    RetentionPlan plan = pruner.plan(TARGET, RETENTION, NOW);

    Map<String, String> tiers = plan.tiersByKey();
    assertThat(tiers).hasSize(120);
    assertThat(tiers.keySet()).first().isEqualTo("orders/2026/01/orders-20260114T020000Z.dump");
    assertThat(tiers)
        .containsEntry("orders/2026/01/orders-20260114T020000Z.dump", "")
        .containsEntry("orders/2026/01/orders-20260113T020000Z.dump", "daily,weekly,monthly,newest")
        .containsEntry("orders/2025/12/orders-20251228T020000Z.dump", "weekly")
        .containsEntry("orders/2025/12/orders-20251229T020000Z.dump", "");
    assertThat(history.storedKeys()).hasSize(120 + 115); // 120 dumps, 115 manifests: planning removes nothing
  }

  /**
   * One backup a day at 02:00Z from 2025-09-17 to 2026-01-14 (120 days), all verified except:
   * incomplete (no manifest) on 2026-01-14, 2026-01-09, 2025-11-30, 2025-10-15, 2025-10-02;
   * unverified on 2026-01-11, 2026-01-07, 2025-12-31, 2025-09-20.
   */
  private void writeFourMonthsOfDailyBackups() {
    Set<LocalDate> incomplete = dates("2026-01-14", "2026-01-09", "2025-11-30", "2025-10-15", "2025-10-02");
    Set<LocalDate> unverified = dates("2026-01-11", "2026-01-07", "2025-12-31", "2025-09-20");
    LocalDate first = LocalDate.parse("2025-09-17");
    for (LocalDate day = first; !day.isAfter(LocalDate.parse("2026-01-14")); day = day.plusDays(1)) {
      Instant at = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
      if (incomplete.contains(day)) {
        history.incomplete(at);
      } else if (unverified.contains(day)) {
        history.unverified(at);
      } else {
        history.verified(at);
      }
    }
  }

  private static Set<LocalDate> dates(String... days) {
    Set<LocalDate> set = new HashSet<>();
    for (String day : days) {
      set.add(LocalDate.parse(day));
    }
    return set;
  }

  private static Map<String, String> reasons(List<PruneReport.Decision> decisions) {
    return decisions.stream().collect(Collectors.toMap(PruneReport.Decision::key, PruneReport.Decision::reason));
  }
}
