package dev.pgrunbooks.config;

import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.runbook.BackupKeys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which backup a rehearsal restores: a rule ({@code random-weekly}, {@code latest}) or one backup of
 * the target, named by its key in full ({@code orders/2026/11/orders-20261122T020000Z.dump}) or short
 * ({@code orders-20261122T020000Z}). Checked when the file loads, so a typo fails then and not at the
 * next monthly run.
 */
public final class RehearsalPick {
  public static final List<String> RULES = List.of(RehearsalRequest.RANDOM_WEEKLY, RehearsalRequest.LATEST);

  private static final Pattern KEY_SHAPE = Pattern.compile("(?:(.*)/)?(.+)-(\\d{8}T\\d{6}Z)(?:" +
      Pattern.quote(BackupKeys.DUMP_SUFFIX) + ")?");

  private RehearsalPick() {}

  /** @return what is wrong with the pick for this target, or null when it is fine */
  static String problem(String target, String pick) {
    if (RULES.contains(pick) || backupKey(target, pick).isPresent()) {
      return null;
    }
    String example = target + "-20261122T020000Z";
    return "must be " + String.join(", ", RULES) + " or a backup key of " + target + " (e.g. " + example + " or "
        + BackupKeys.dumpKey(target, BackupKeys.parseStamp("20261122T020000Z")) + "), not '" + pick + "'";
  }

  /**
   * The full dump key a pick names when it is a backup key of the target, short or full; otherwise
   * the pick unchanged (a rule, or something the catalogue will not find).
   */
  public static String dumpKey(String target, String pick) {
    return backupKey(target, pick).orElse(pick);
  }

  private static Optional<String> backupKey(String target, String pick) {
    Matcher m = KEY_SHAPE.matcher(pick == null ? "" : pick.trim());
    if (target == null || !m.matches() || !m.group(2).equals(target)) {
      return Optional.empty();
    }
    Instant takenAt;
    try {
      takenAt = BackupKeys.parseStamp(m.group(3));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    String full = BackupKeys.dumpKey(target, takenAt);
    // A path, when given, must be where the layout keeps that backup.
    if (m.group(1) != null && !full.equals(m.group(1) + "/" + target + "-" + m.group(3) + BackupKeys.DUMP_SUFFIX)) {
      return Optional.empty();
    }
    return Optional.of(full);
  }
}
