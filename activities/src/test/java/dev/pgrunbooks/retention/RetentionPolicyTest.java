package dev.pgrunbooks.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.config.RetentionConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy alone, on entries built in memory. */
class RetentionPolicyTest {

  @Test
  void isoWeek53BelongsToTheYearItStartedIn() {
    // 2026 has an ISO week 53: Mon 2026-12-28 .. Sun 2027-01-03. now is in 2027-W01.
    Instant now = Instant.parse("2027-01-06T12:00:00Z");
    List<BackupEntry> entries = List.of(
        verified("2027-01-05T02:00:00Z"),
        verified("2027-01-03T02:00:00Z"),   // Sunday of 2026-W53
        verified("2027-01-02T02:00:00Z"),
        verified("2026-12-28T02:00:00Z"),   // Monday of 2026-W53
        verified("2026-12-27T02:00:00Z"));  // 2026-W52: outside two weeks

    RetentionPlan plan = RetentionPolicy.plan("orders", entries, new RetentionConfig(0, 2, 0), now);

    assertThat(plan.tiersByKey()).containsExactly(
        Map.entry(key("2027-01-05T02:00:00Z"), "weekly,newest"),
        Map.entry(key("2027-01-03T02:00:00Z"), "weekly"),
        Map.entry(key("2027-01-02T02:00:00Z"), ""),
        Map.entry(key("2026-12-28T02:00:00Z"), ""),
        Map.entry(key("2026-12-27T02:00:00Z"), ""));
  }

  @Test
  void withNoTiersOnlyTheNewestVerifiedBackupIsKept() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    List<BackupEntry> entries = List.of(
        verified("2026-03-01T02:00:00Z"),
        verified("2026-03-01T01:00:00Z"),
        verified("2026-02-01T02:00:00Z"));

    RetentionPlan plan = RetentionPolicy.plan("orders", entries, new RetentionConfig(0, 0, 0), now);

    assertThat(plan.kept()).extracting(RetentionDecision::key).containsExactly(key("2026-03-01T02:00:00Z"));
    assertThat(plan.kept().get(0).reason()).isEqualTo("newest");
    assertThat(plan.deleted()).extracting(RetentionDecision::reason)
        .containsOnly(RetentionPolicy.OUTSIDE_RETENTION);
  }

  @Test
  void theNewestBackupOfADayTakesItsSlotWhateverTheInputOrder() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    List<BackupEntry> entries = List.of(
        verified("2026-02-28T01:00:00Z"),
        verified("2026-02-28T23:00:00Z"),
        verified("2026-03-01T00:30:00Z"));

    RetentionPlan plan = RetentionPolicy.plan("orders", entries, new RetentionConfig(2, 0, 0), now);

    assertThat(plan.decisions()).extracting(RetentionDecision::key, RetentionDecision::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(key("2026-03-01T00:30:00Z"), "daily,newest"),
        org.assertj.core.groups.Tuple.tuple(key("2026-02-28T23:00:00Z"), "daily"),
        org.assertj.core.groups.Tuple.tuple(key("2026-02-28T01:00:00Z"), RetentionPolicy.OUTSIDE_RETENTION));
  }

  private static BackupEntry verified(String at) {
    return new BackupEntry(key(at), Instant.parse(at), 100, true, true, null, BackupEntry.VERIFIED);
  }

  private static String key(String at) {
    return BackupKeys.dumpKey("orders", Instant.parse(at));
  }
}
