package dev.pgrunbooks.runbook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup store layout: {@code <target>/<yyyy>/<mm>/<target>-<yyyyMMdd'T'HHmmss'Z'>.dump} with its
 * manifest beside it (and the row counts taken with the dump, read when the manifest is written).
 * Keys here are relative to the store's prefix; the store adds the prefix.
 */
public final class BackupKeys {
  public static final String DUMP_SUFFIX = ".dump";
  public static final String MANIFEST_SUFFIX = ".manifest.json";
  /** The per-table row counts the dump took in its snapshot, stored before the manifest and removed with the dump. */
  public static final String COUNTS_SUFFIX = ".counts.json";
  /** The privileges, settings and shape census of the database, written beside the dump before the manifest. */
  public static final String CENSUS_SUFFIX = ".census.json";

  /**
   * Which workflow run owns the dump key: written (create-if-absent) by Dump before it stores anything
   * there, so two runs stamped the same second never write, commit or discard each other's dump.
   */
  public static final String CLAIM_SUFFIX = ".claim.json";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter YEAR_MONTH =
      DateTimeFormatter.ofPattern("yyyy'/'MM").withZone(ZoneOffset.UTC);
  private static final Pattern DUMP_NAME =
      Pattern.compile("(?:.*/)?(.+)-(\\d{8}T\\d{6}Z)" + Pattern.quote(DUMP_SUFFIX));

  private BackupKeys() {}

  /** {@code 20261122T020000Z}: used in keys and workflow ids. */
  public static String stamp(Instant at) {
    return STAMP.format(at);
  }

  public static Instant parseStamp(String stamp) {
    return Instant.from(STAMP.parse(stamp));
  }

  public static String dumpKey(String target, Instant at) {
    return target + "/" + YEAR_MONTH.format(at) + "/" + target + "-" + stamp(at) + DUMP_SUFFIX;
  }

  public static String manifestKey(String dumpKey) {
    return stripDumpSuffix(dumpKey) + MANIFEST_SUFFIX;
  }

  /** Where the dump's per-table row counts wait for WriteManifest: beside the dump. */
  public static String countsKey(String dumpKey) {
    return stripDumpSuffix(dumpKey) + COUNTS_SUFFIX;
  }

  /** Where the dump's privileges, settings and shape census is kept: beside the dump. */
  public static String censusKey(String dumpKey) {
    return stripDumpSuffix(dumpKey) + CENSUS_SUFFIX;
  }

  /** Where the run that owns the dump key is recorded: beside the dump. */
  public static String claimKey(String dumpKey) {
    return stripDumpSuffix(dumpKey) + CLAIM_SUFFIX;
  }

  /**
   * The key the same target's dump would have {@code seconds} later: where a dump goes when its own
   * second is taken by another run (same layout, so listings, the catalog and retention read it as usual).
   */
  public static String laterKey(String dumpKey, int seconds) {
    Matcher m = DUMP_NAME.matcher(dumpKey);
    Instant at = takenAt(dumpKey).orElseThrow(() -> new IllegalArgumentException("not a dump key: " + dumpKey));
    m.matches();
    return dumpKey(m.group(1), at.plusSeconds(seconds));
  }

  public static String dumpKeyOfManifest(String manifestKey) {
    if (!manifestKey.endsWith(MANIFEST_SUFFIX)) {
      throw new IllegalArgumentException("not a manifest key: " + manifestKey);
    }
    return manifestKey.substring(0, manifestKey.length() - MANIFEST_SUFFIX.length()) + DUMP_SUFFIX;
  }

  /** Everything under this prefix belongs to the target. */
  public static String targetPrefix(String target) {
    return target + "/";
  }

  public static String reportsPrefix(String target) {
    return target + "/reports/";
  }

  /**
   * Per-table evidence a restore or rehearsal gathered (live counts, the integrity comparison): too big
   * for workflow history, stored here and linked from the reports.
   */
  public static String detailsPrefix(String target) {
    return reportsPrefix(target) + "details/";
  }

  /** The time a dump key was taken at, if the key follows the layout. */
  public static Optional<Instant> takenAt(String dumpKey) {
    Matcher m = DUMP_NAME.matcher(dumpKey);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parseStamp(m.group(2)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String stripDumpSuffix(String dumpKey) {
    if (!dumpKey.endsWith(DUMP_SUFFIX)) {
      throw new IllegalArgumentException("not a dump key: " + dumpKey);
    }
    return dumpKey.substring(0, dumpKey.length() - DUMP_SUFFIX.length());
  }
}
