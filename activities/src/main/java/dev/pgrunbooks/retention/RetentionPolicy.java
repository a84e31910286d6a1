package dev.pgrunbooks.retention;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.config.RetentionConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which backups retention keeps. Pure: no store, no clock; {@code now} is an argument.
 *
 * <p>Tiers are calendar-based in UTC and anchored at {@code now}: the newest verified backup of each
 * of the last {@code daily} days (today included), of each of the last {@code weekly} ISO weeks
 * (Monday to Sunday, so a week spanning a year end is one week), and of each of the last
 * {@code monthly} months. Only verified backups hold tier slots; the newest verified backup is kept
 * whatever the windows say, so a target whose backups stopped long ago still has one to restore.
 */
public final class RetentionPolicy {
  /** A dump this young without a manifest may be a backup still being verified. */
  static final Duration INCOMPLETE_GRACE = Duration.ofDays(1);

  public static final String OUTSIDE_RETENTION = "outside retention";
  public static final String INCOMPLETE_YOUNG = "incomplete, younger than 1 day";
  public static final String INCOMPLETE_OLD = "incomplete, older than 1 day";
  public static final String UNVERIFIED_RECENT = "unverified, within the daily window";
  public static final String UNVERIFIED_OLD = "unverified, older than the daily window";
  public static final String MISSING_DUMP = "manifest without dump";
  public static final String IN_USE = "in use by a running restore or rehearsal";
  public static final String IN_THE_FUTURE = "taken after now (clock skew?)";

  private RetentionPolicy() {}

  public static RetentionPlan plan(String target, List<BackupEntry> entries, RetentionConfig retention, Instant now) {
    return plan(target, entries, retention, now, Map.of(), Map.of());
  }

  /**
   * @param dumpWrittenAt when each dump object was last written (the store's time): an incomplete dump's
   *     grace counts from the later of this and its key's stamp, so a slow backup is not pruned while it commits
   * @param leasedBy backups a running restore or rehearsal holds ({@link RetentionLeases}), with the holder:
   *     kept whatever else applies
   */
  public static RetentionPlan plan(String target, List<BackupEntry> entries, RetentionConfig retention, Instant now,
      Map<String, Instant> dumpWrittenAt, Map<String, String> leasedBy) {
    List<BackupEntry> newestFirst = new ArrayList<>(entries);
    newestFirst.sort(BackupCatalog.NEWEST_FIRST);
    Map<String, Set<Tier>> tiers = assignTiers(newestFirst, retention, now);
    // Unverified backups are evidence of a problem: keep them as long as a daily backup would be
    // kept, and at least today even when no daily tier is configured.
    LocalDate firstEvidenceDay = dayOf(now).minusDays(Math.max(retention.daily(), 1) - 1L);

    List<RetentionDecision> decisions = new ArrayList<>();
    for (BackupEntry entry : newestFirst) {
      Set<Tier> held = tiers.getOrDefault(entry.key(), Set.of());
      String holder = leasedBy.get(entry.key());
      RetentionDecision decision = decide(entry, held, firstEvidenceDay, now, dumpWrittenAt.get(entry.key()));
      decisions.add(holder != null && !decision.keep() ? keep(entry, held, IN_USE + " (" + holder + ")") : decision);
    }
    return new RetentionPlan(target, decisions);
  }

  private static RetentionDecision decide(BackupEntry entry, Set<Tier> tiers, LocalDate firstEvidenceDay, Instant now,
      Instant dumpWrittenAt) {
    if (entry.status() == BackupEntry.MISSING_DUMP) {
      // Nothing writes a manifest before its dump: an orphan is what an interrupted prune left.
      return delete(entry, MISSING_DUMP);
    }
    if (entry.takenAt().isAfter(now)) {
      return keep(entry, Set.of(), IN_THE_FUTURE);
    }
    return switch (entry.status()) {
      case VERIFIED -> tiers.isEmpty()
          ? delete(entry, OUTSIDE_RETENTION)
          : keep(entry, tiers, Tier.join(tiers));
      case INCOMPLETE -> Duration.between(latest(entry.takenAt(), dumpWrittenAt, now), now).compareTo(INCOMPLETE_GRACE) < 0
          ? keep(entry, Set.of(), INCOMPLETE_YOUNG)
          : delete(entry, INCOMPLETE_OLD);
      default -> dayOf(entry.takenAt()).isBefore(firstEvidenceDay)
          ? delete(entry, UNVERIFIED_OLD)
          : keep(entry, Set.of(), UNVERIFIED_RECENT);
    };
  }

  /** Walks verified backups newest first: the first one seen in each day/week/month window takes its slot. */
  private static Map<String, Set<Tier>> assignTiers(List<BackupEntry> newestFirst, RetentionConfig retention, Instant now) {
    LocalDate today = dayOf(now);
    LocalDate firstDay = today.minusDays(retention.daily() - 1L);
    LocalDate firstWeek = mondayOf(today).minusWeeks(retention.weekly() - 1L);
    YearMonth firstMonth = YearMonth.from(today).minusMonths(retention.monthly() - 1L);
    Set<LocalDate> days = new HashSet<>();
    Set<LocalDate> weeks = new HashSet<>();
    Set<YearMonth> months = new HashSet<>();

    Map<String, Set<Tier>> tiers = new HashMap<>();
    boolean newestAssigned = false;
    for (BackupEntry entry : newestFirst) {
      if (!entry.verified() || entry.takenAt().isAfter(now)) {
        continue;
      }
      Set<Tier> held = EnumSet.noneOf(Tier.class);
      if (!newestAssigned) {
        held.add(Tier.NEWEST);
        newestAssigned = true;
      }
      LocalDate day = dayOf(entry.takenAt());
      if (retention.daily() > 0 && !day.isBefore(firstDay) && days.add(day)) {
        held.add(Tier.DAILY);
      }
      LocalDate week = mondayOf(day);
      if (retention.weekly() > 0 && !week.isBefore(firstWeek) && weeks.add(week)) {
        held.add(Tier.WEEKLY);
      }
      YearMonth month = YearMonth.from(day);
      if (retention.monthly() > 0 && !month.isBefore(firstMonth) && months.add(month)) {
        held.add(Tier.MONTHLY);
      }
      tiers.put(entry.key(), held);
    }
    return tiers;
  }

  /** When the incomplete dump was last touched: its write, unless that is unknown or after now (skew). */
  private static Instant latest(Instant stamp, Instant written, Instant now) {
    return written != null && written.isAfter(stamp) && !written.isAfter(now) ? written : stamp;
  }

  private static RetentionDecision keep(BackupEntry entry, Set<Tier> tiers, String reason) {
    return new RetentionDecision(entry, true, tiers, reason);
  }

  private static RetentionDecision delete(BackupEntry entry, String reason) {
    return new RetentionDecision(entry, false, Set.of(), reason);
  }

  private static LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The ISO week a day belongs to, named by its Monday. */
  private static LocalDate mondayOf(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
