package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.restore.ReportDetails;
import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.backup.ManifestCodec;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.Durations;
import dev.pgrunbooks.config.ObjectivesConfig;
import dev.pgrunbooks.config.RehearsalConfig;
import dev.pgrunbooks.config.RehearsalPick;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.postgres.RowDataRedaction;
import dev.pgrunbooks.restore.RestoreActivities;
import dev.pgrunbooks.restore.RestoreReportWriter;
import dev.pgrunbooks.retention.RetentionPolicy;
import dev.pgrunbooks.retention.Tier;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoreException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rehearsal's own steps against the backup store and PostgreSQL. Restoring, checking and migrating
 * are {@link RestoreActivities}'; dropping the scratch database goes through the same drop as the
 * disaster-recovery cleanup, but only for names with the scratch prefix.
 */
public final class RehearsalActivitiesImpl implements RehearsalActivities {
  private static final Logger log = LoggerFactory.getLogger(RehearsalActivitiesImpl.class);
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** A smoke query is a quick check, not a report: one that runs this long is a problem in itself. */
  static final Duration SMOKE_STATEMENT_TIMEOUT = Duration.ofMinutes(5);

  private final RunbookConfig config;
  private final Credentials credentials;
  private final BackupStore store;
  private final RestoreActivities restore;
  private final RehearsalMetrics metrics;

  /**
   * @param restore the disaster-recovery activities of this worker, whose drop the scratch drop uses
   */
  public RehearsalActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store,
      RestoreActivities restore, RehearsalMetrics metrics) {
    this.config = config;
    this.credentials = credentials;
    this.store = store;
    this.restore = restore;
    this.metrics = metrics;
  }

  // ---- pick -----------------------------------------------------------------------------------

  @Override
  public RehearsalCandidates pickBackup(String targetName, String pick, Instant at) {
    TargetConfig target = targetConfig(targetName);
    RehearsalConfig rehearsal = target.rehearsal() != null ? target.rehearsal() : new RehearsalConfig(null, null, null);
    String rule = pick == null || pick.isBlank() ? rehearsal.pick() : pick.trim();
    BackupCatalog catalog = new BackupCatalog(store);
    try {
      return switch (rule) {
        case RehearsalRequest.RANDOM_WEEKLY -> randomWeekly(targetName, target, rehearsal, catalog, at);
        case RehearsalRequest.LATEST -> latest(targetName, catalog, at);
        default -> byKey(targetName, catalog, rule);
      };
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot read the backups of " + targetName + " from " + store.describe()
          + ": " + e.getMessage());
    }
  }

  private RehearsalCandidates randomWeekly(String targetName, TargetConfig target, RehearsalConfig rehearsal,
      BackupCatalog catalog, Instant at) {
    Duration window = durationSetting(rehearsal.window(), "targets." + targetName + ".rehearsal.window");
    Instant oldest = at.minus(window);
    List<BackupEntry> all = catalog.list(targetName);
    List<ManifestSummary> weekly = RetentionPolicy.plan(targetName, all, target.retention(), at).decisions().stream()
        .filter(d -> d.tiers().contains(Tier.WEEKLY) && d.entry().verified())
        .map(d -> d.entry())
        .filter(e -> !e.takenAt().isBefore(oldest) && !e.takenAt().isAfter(at))
        .map(BackupEntry::manifest)
        .map(ManifestSummary::of)
        .toList();
    if (weekly.isEmpty()) {
      long verified = all.stream().filter(BackupEntry::verified).count();
      throw FailureType.NO_VERIFIED_BACKUP.failure("no verified weekly backup of " + targetName + " taken within "
          + rehearsal.window() + " before " + at + " in " + store.describe() + " ("
          + (verified == 0 ? "there is no verified backup at all" : verified + " verified backup(s), none holding a"
              + " weekly retention tier within the window") + "); run 'runbook backup " + targetName
          + "', or rehearse another with --backup latest or --backup KEY");
    }
    return new RehearsalCandidates(RehearsalRequest.RANDOM_WEEKLY, weekly,
        weekly.size() + " verified weekly backup(s) within " + rehearsal.window());
  }

  private RehearsalCandidates latest(String targetName, BackupCatalog catalog, Instant at) {
    BackupEntry newest = newestVerified(targetName, catalog, at).orElseThrow(() ->
        FailureType.NO_VERIFIED_BACKUP.failure("no verified backup of " + targetName + " in " + store.describe()
            + "; run 'runbook backup " + targetName + "'"));
    return new RehearsalCandidates(RehearsalRequest.LATEST, List.of(ManifestSummary.of(newest.manifest())), "the newest verified backup");
  }

  private RehearsalCandidates byKey(String targetName, BackupCatalog catalog, String key) {
    String listHint = "; see the backups with 'runbook backups " + targetName + "'";
    Optional<BackupEntry> found;
    try {
      found = catalog.find(targetName, RehearsalPick.dumpKey(targetName, key));
    } catch (IllegalArgumentException notAKey) {
      found = Optional.empty();
    }
    BackupEntry entry = found.orElseThrow(() -> FailureType.NO_SUCH_BACKUP.failure("no backup " + key + " of "
        + targetName + " in " + store.describe() + " (--backup takes random-weekly, latest or a backup key)"
        + listHint));
    // A backup that failed an earlier rehearsal may be rehearsed again by name: passing clears its mark.
    if (entry.status() != BackupEntry.VERIFIED && entry.status() != BackupEntry.FAILED_REHEARSAL) {
      throw FailureType.NO_VERIFIED_BACKUP.failure("backup " + entry.key() + " of " + targetName + " is "
          + entry.status() + ", not verified: it cannot be rehearsed" + listHint);
    }
    return new RehearsalCandidates("key", List.of(ManifestSummary.of(entry.manifest())), "the backup named");
  }

  private static Optional<BackupEntry> newestVerified(String targetName, BackupCatalog catalog, Instant at) {
    return catalog.list(targetName).stream()
        .filter(e -> e.verified() && !e.takenAt().isAfter(at))
        .findFirst();
  }

  // ---- smoke queries --------------------------------------------------------------------------

  @Override
  public SmokeReport smokeQueries(String targetName, String database) {
    TargetConfig targetConfig = targetConfig(targetName);
    if (targetConfig.smokeSql() == null || targetConfig.smokeSql().isBlank()) {
      return new SmokeReport(null, List.of(), true);
    }
    Path file = Path.of(targetConfig.smokeSql()).toAbsolutePath().normalize();
    List<String> statements = SqlStatements.split(readSmokeSql(targetName, file));
    if (statements.isEmpty()) {
      throw FailureType.SMOKE_SQL_INVALID.failure("smoke SQL file " + file + " (targets." + targetName
          + ".smokeSql) holds no statement: add queries that return true, e.g. SELECT count(*) > 0 FROM orders");
    }
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    List<SmokeReport.SmokeQuery> results = new ArrayList<>();
    try (Connection c = target.connect(database); Statement session = c.createStatement()) {
      // Smoke queries look, they do not touch: read-only, and bounded in time.
      session.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
      session.execute("SET statement_timeout = " + SMOKE_STATEMENT_TIMEOUT.toMillis());
      // Each query in its own read-only transaction, as smokeRole when set: a rehearsal then finds out
      // whether the application's role can read what it needs, not just the runbook's (often superuser) one.
      c.setAutoCommit(false);
      for (int i = 0; i < statements.size(); i++) {
        if (targetConfig.smokeRole() != null) {
          setRole(session, targetName, targetConfig.smokeRole(), target);
        }
        results.add(runSmokeQuery(c, file, i + 1, statements.get(i), target));
        c.rollback();
      }
    } catch (SQLException e) {
      throw dev.pgrunbooks.postgres.PgFailures.queryFailure(target, "run the smoke queries", e);
    }
    boolean passed = results.stream().allMatch(SmokeReport.SmokeQuery::passed);
    log.info("smoke queries of {} on {}: {} of {} passed", targetName, database,
        results.stream().filter(SmokeReport.SmokeQuery::passed).count(), results.size());
    return new SmokeReport(file.toString(), results, passed);
  }

  private static void setRole(Statement session, String targetName, String role, PgTarget target) throws SQLException {
    try {
      session.execute("SET LOCAL ROLE \"" + role.replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("08") || state.startsWith("57P")) {
        throw e;
      }
      throw FailureType.CONFIGURATION_ERROR.failure("cannot run the smoke queries as " + role + " (targets." + targetName
          + ".smokeRole) on " + target.address() + ": " + e.getMessage() + "; the role must exist and the runbook's"
          + " user must be a member of it (or a superuser)");
    }
  }

  private static String readSmokeSql(String targetName, Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw FailureType.SMOKE_SQL_INVALID.failure("smoke SQL file " + file + " (targets." + targetName
          + ".smokeSql) does not exist: create it or fix the path in the configuration");
    } catch (MalformedInputException e) {
      throw FailureType.SMOKE_SQL_INVALID.failure("smoke SQL file " + file + " (targets." + targetName
          + ".smokeSql) is not UTF-8 text");
    } catch (IOException e) {
      throw FailureType.SMOKE_SQL_INVALID.failure("cannot read smoke SQL file " + file + " (targets." + targetName
          + ".smokeSql): " + e);
    }
  }

  /**
   * One statement: passes when its first row's first column is true. A statement that is not valid SQL
   * (or names what does not exist: SQLSTATE class 42) is the file's fault and fails the step; any other
   * error the query raises is its answer, and counts as "not true".
   */
  private static SmokeReport.SmokeQuery runSmokeQuery(Connection c, Path file, int number, String sql, PgTarget target)
      throws SQLException {
    long started = System.nanoTime();
    try (Statement st = c.createStatement()) {
      st.setMaxRows(1);
      boolean rows = st.execute(sql);
      String result;
      boolean passed = false;
      if (!rows) {
        result = "not a query: it returned no rows";
      } else {
        try (ResultSet rs = st.getResultSet()) {
          if (!rs.next()) {
            result = "no row";
          } else {
            Object value = rs.getObject(1);
            passed = Boolean.TRUE.equals(value);
            // The value itself may be row data: say only what kind of answer it was.
            result = value == null ? "NULL" : value instanceof Boolean ? value.toString()
                : "not a boolean: a " + rs.getMetaData().getColumnTypeName(1);
          }
        }
      }
      return new SmokeReport.SmokeQuery(number, sql, passed, result, elapsed(started));
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("08") || state.startsWith("57P")) {
        throw e;
      }
      String message = RowDataRedaction.redact(e instanceof PSQLException p && p.getServerErrorMessage() != null
          ? p.getServerErrorMessage().getMessage() : e.getMessage());
      // 42501 (permission denied) is an answer, not a typo: smokeRole cannot read what the application needs.
      if (state.startsWith("42") && !INSUFFICIENT_PRIVILEGE.equals(state)) {
        throw FailureType.SMOKE_SQL_INVALID.failure("smoke query #" + number + " in " + file + " is not valid: "
            + message + " (SQLSTATE " + state + ") in: " + abbreviate(sql.replaceAll("\\s+", " "))
            + "; fix the smoke SQL file");
      }
      return new SmokeReport.SmokeQuery(number, sql, false, "error: " + message + " (SQLSTATE " + state + ")",
          elapsed(started));
    }
  }

  // ---- measure, report, drop, mark, metrics ---------------------------------------------------

  @Override
  public RecoveryPoint measure(String targetName, Instant at) {
    ObjectivesConfig objectives = targetConfig(targetName).objectives();
    try {
      Optional<BackupEntry> newest = newestVerified(targetName, new BackupCatalog(store), at);
      return new RecoveryPoint(newest.map(BackupEntry::key).orElse(null), newest.map(BackupEntry::takenAt).orElse(null),
          objectives.rto(), millis(objectives.rto(), "targets." + targetName + ".objectives.rto"),
          objectives.rpo(), millis(objectives.rpo(), "targets." + targetName + ".objectives.rpo"));
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot read the backups of " + targetName + " from " + store.describe()
          + ": " + e.getMessage());
    }
  }

  @Override
  public String writeReport(RehearsalReport report) {
    String jsonKey = report.reportKey();
    if (jsonKey == null || !jsonKey.startsWith(BackupKeys.reportsPrefix(report.target())) || !jsonKey.endsWith(".json")) {
      throw FailureType.INVALID_REPORT_KEY.failure("refusing to write a rehearsal report to '" + jsonKey
          + "': reports go under " + BackupKeys.reportsPrefix(report.target()));
    }
    try {
      ReportDetails details = ReportDetails.load(store, null, report.integrity());
      store.put(RehearsalNames.markdownKey(jsonKey), RestoreReportWriter.markdown(report, details));
      store.put(jsonKey, RestoreReportWriter.json(report, details));
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot store the rehearsal report " + jsonKey + " in " + store.describe()
          + ": " + e.getMessage());
    }
    return jsonKey;
  }

  @Override
  public boolean dropScratch(String targetName, String database, String workflowId) {
    TargetConfig target = targetConfig(targetName);
    if (!RehearsalNames.isScratchDatabase(database) || database.equals(target.database())) {
      throw FailureType.NOT_A_SCRATCH_DATABASE.failure("refusing to drop database '" + database + "': a rehearsal"
          + " drops only its own scratch databases, named " + RehearsalNames.SCRATCH_PREFIX + "<target>_<yyyymmdd>"
          + (database != null && database.equals(target.database()) ? ", never the target's database" : ""));
    }
    boolean dropped = restore.dropRestoredDatabase(targetName, database, workflowId);
    if (dropped) {
      log.info("dropped scratch database {} of {}", database, targetName);
    }
    return dropped;
  }

  @Override
  public void markBackup(String targetName, String key, BackupRehearsal verdict) {
    try {
      BackupEntry entry = new BackupCatalog(store).find(targetName, key).orElseThrow(() ->
          FailureType.NO_SUCH_BACKUP.failure("cannot mark backup " + key + " of " + targetName + ": it is no"
              + " longer in " + store.describe()));
      String manifestKey = BackupKeys.manifestKey(entry.key());
      BackupManifest manifest = ManifestCodec.read(store, manifestKey);
      if (Objects.equals(manifest.rehearsal(), verdict)) {
        return; // written by an earlier attempt
      }
      store.put(manifestKey, ManifestCodec.encode(manifest.withRehearsal(verdict)));
      log.info("marked backup {} of {}: rehearsal {}{}", key, targetName, verdict.status(),
          verdict.reason() == null ? "" : " (" + verdict.reason() + ")");
    } catch (NoSuchObjectException e) {
      throw FailureType.NO_SUCH_BACKUP.failure("cannot mark backup " + key + " of " + targetName
          + ": its manifest is gone from " + store.describe());
    } catch (ManifestCodec.InvalidManifestException e) {
      throw FailureType.INVALID_MANIFEST.failure("cannot mark backup " + key + ": " + e.getMessage());
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot mark backup " + key + " in " + store.describe() + ": "
          + e.getMessage());
    }
  }

  @Override
  public void recordMetrics(RehearsalMeasured measured) {
    metrics.rehearsalFinished(measured);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private TargetConfig targetConfig(String name) {
    try {
      return config.target(name);
    } catch (ConfigException e) {
      throw FailureType.UNKNOWN_TARGET.failure(e.getMessage());
    }
  }

  private static Duration durationSetting(String text, String field) {
    try {
      return Durations.parse(text, field);
    } catch (ConfigException e) {
      throw FailureType.CONFIGURATION_ERROR.failure(e.getMessage());
    }
  }

  private static Long millis(String text, String field) {
    return text == null ? null : durationSetting(text, field).toMillis();
  }

  private static long elapsed(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 199) + "…";
  }
}
