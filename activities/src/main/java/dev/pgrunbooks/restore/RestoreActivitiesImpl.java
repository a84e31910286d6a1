package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.BackupCatalog;
import dev.pgrunbooks.backup.BackupEntry;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestCodec;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.backup.TableCounts;
import dev.pgrunbooks.backup.ProgressHeartbeat;
import dev.pgrunbooks.census.CensusComparison;
import dev.pgrunbooks.census.CensusReader;
import dev.pgrunbooks.census.CensusStore;
import dev.pgrunbooks.census.DatabaseCensus;
import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import dev.pgrunbooks.census.RestoreMarkerSetting;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.postgres.ArchiveHeader;
import dev.pgrunbooks.postgres.ChildProcess;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.postgres.RowCounts;
import dev.pgrunbooks.postgres.ServerVersion;
import dev.pgrunbooks.postgres.ToolVersion;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.store.StoredJson;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disaster-recovery runbook's steps against PostgreSQL, the backup store and the application. Every
 * step is safe to run again: the restore recreates a database it made itself (recognised by the mark it
 * leaves, see {@link RestoreMarkerSetting}) and refuses one it did not, the swap recognises that it already
 * happened, and the checks only read. What the application needs besides rows (owner, grants, settings,
 * collation, sequence values) comes from the census stored beside the dump, read here by the dump key.
 */
public final class RestoreActivitiesImpl implements RestoreActivities {
  private static final Logger log = LoggerFactory.getLogger(RestoreActivitiesImpl.class);
  static final String MARKER_PREFIX = "pg-runbooks restore ";
  /** pg_restore errors that come from the archive itself: the next attempt would hit them again. */
  private static final Pattern INPUT_PROBLEM = Pattern.compile(
      "input file|did not find magic string|unsupported version|not a valid archive|could not read from input"
          + "|unexpected end of file|could not open input file|corrupt",
      Pattern.CASE_INSENSITIVE);
  private static final int SWAP_ATTEMPTS = 5;

  private final RunbookConfig config;
  private final Credentials credentials;
  private final BackupStore store;
  private final dev.pgrunbooks.retention.RetentionLeases leases;
  private final Clock clock;
  private final PgTools tools;
  private final WorkFiles workFiles;
  private final HealthProber prober;

  public RestoreActivitiesImpl(
      RunbookConfig config, Credentials credentials, BackupStore store, Clock clock, HttpClient http) {
    this(config, credentials, store, clock, http, HealthProbePolicy.DEFAULT);
  }

  /** @param probePolicy how long and how often the health probe asks (tests shorten it) */
  public RestoreActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store, Clock clock,
      HttpClient http, HealthProbePolicy probePolicy) {
    this(config, credentials, store, clock, http, probePolicy, PgTools.of(config));
  }

  /** @param tools where pg_restore is looked for (tests limit the PATH) */
  public RestoreActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store, Clock clock,
      HttpClient http, HealthProbePolicy probePolicy, PgTools tools) {
    this.config = config;
    this.credentials = credentials;
    this.store = store;
    this.leases = new dev.pgrunbooks.retention.RetentionLeases(store);
    this.clock = clock;
    this.tools = tools;
    this.workFiles = new WorkFiles(Path.of(config.worker().workDir()), store);
    this.prober = new HealthProber(http, probePolicy);
  }

  /** An HTTP client for the health probe: bounded connect time, redirects followed. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  // ---- resolve and download -------------------------------------------------------------------

  @Override
  public ResolvedBackup resolveBackup(String targetName, String backup) {
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    BackupCatalog catalog = new BackupCatalog(store);
    String listHint = "; see the backups with 'runbook backups " + targetName + "'";
    try {
      if (backup == null || backup.isBlank() || RestoreRequest.LATEST.equals(backup)) {
        BackupEntry latest = catalog.latestVerified(targetName).orElseThrow(() ->
            FailureType.NO_VERIFIED_BACKUP.failure("no verified backup of " + targetName + " in "
                + store.describe() + "; run 'runbook backup " + targetName + "'"));
        return new ResolvedBackup(ManifestSummary.of(latest.manifest()), target.database());
      }
      Optional<BackupEntry> found;
      try {
        found = catalog.find(targetName, backup);
      } catch (IllegalArgumentException notAKey) {
        found = Optional.empty();
      }
      BackupEntry entry = found.orElseThrow(() -> FailureType.NO_SUCH_BACKUP.failure(
          "no backup " + backup + " of " + targetName + " in " + store.describe() + listHint));
      return switch (entry.status()) {
        case VERIFIED -> new ResolvedBackup(ManifestSummary.of(entry.manifest()), target.database());
        // Named on purpose: its data may be fine (a rehearsal that only missed its RTO), and the integrity
        // check after the restore judges it again. 'latest' never picks it.
        case FAILED_REHEARSAL -> {
          log.warn("restoring {} of {} although its rehearsal failed: {}", entry.key(), targetName,
              entry.manifest().rehearsal().reason());
          yield new ResolvedBackup(ManifestSummary.of(entry.manifest()), target.database());
        }
        case MISSING_DUMP -> throw FailureType.NO_SUCH_BACKUP.failure("backup " + entry.key()
            + " of " + targetName + " has a manifest but its dump is gone from " + store.describe() + listHint);
        case INCOMPLETE -> throw FailureType.NO_MANIFEST.failure("backup " + entry.key()
            + " of " + targetName + " has no manifest: it never completed and cannot be trusted" + listHint);
        default -> throw FailureType.NO_MANIFEST.failure("backup " + entry.key() + " of " + targetName
            + " has no readable, verified manifest and cannot be trusted" + listHint);
      };
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot read the backups of " + targetName + " from " + store.describe()
          + ": " + e.getMessage());
    }
  }

  @Override
  public DownloadedBackup download(String targetName, String key, String sha256, String workflowId,
      boolean createMissingRoles) {
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    holdLease(targetName, key, workflowId);
    WorkFiles.WorkFile file = workFiles.ensure(key, sha256, workflowId);
    TableOfContents toc;
    try {
      // Before the approval and anything destructive: the pg_restore the restore will need must exist.
      ToolVersion pgRestore = pgRestoreFor(target, file.path(), key);
      toc = listContents(pgRestore, file.path(), key);
      readThrough(pgRestore, file.path(), key);
    } catch (ApplicationFailure unreadable) {
      workFiles.delete(file.path());
      throw unreadable;
    }
    log.info("downloaded {} to {}: {} bytes, {} TOC entries", key, file.path(), file.sizeBytes(), toc.entries());
    // Before the approval and before anything is dropped, in every mode.
    checkDestination(target, key, census(key), createMissingRoles);
    return new DownloadedBackup(key, file.path().toString(), file.sizeBytes(), file.sha256(), toc.entries());
  }

  /**
   * {@code pg_restore --list} on the work file.
   *
   * @throws ApplicationFailure non-retryable "UnreadableDump" with pg_restore's error output
   */
  private TableOfContents listContents(ToolVersion pgRestore, Path file, String key) {
    try (ChildProcess list = tools.start(pgRestore, List.of("--list", file.toString()), Map.of())) {
      list.stdin().close();
      TableOfContents toc;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(list.stdout(), StandardCharsets.UTF_8))) {
        toc = TableOfContents.parse(out.lines());
      }
      int exit = list.waitFor();
      if (exit != 0) {
        throw FailureType.UNREADABLE_DUMP.nonRetryableFailure("pg_restore --list cannot read backup " + key
            + " (exit status " + exit + "): " + list.stderr()
            + "; the dump is not a usable archive: restore from another backup");
      }
      return toc;
    } catch (IOException e) {
      throw FailureType.UNREADABLE_DUMP.failure("running pg_restore --list on " + file + " failed: " + e.getMessage());
    }
  }

  /**
   * Reads every block of the archive ({@code pg_restore --file=-}, output discarded). {@code --list} reads
   * only the table of contents at the front, so a dump cut short in its data passes it; this finds that
   * before anything is dropped rather than halfway through the restore.
   */
  private void readThrough(ToolVersion pgRestore, Path file, String key) {
    try (ChildProcess script = tools.start(pgRestore, List.of("--file=-", file.toString()), Map.of());
        ProgressHeartbeat heartbeat = ProgressHeartbeat.start("read through")) {
      heartbeat.onCancel(script::destroy);
      script.stdin().close();
      byte[] buffer = new byte[64 * 1024];
      try (InputStream out = script.stdout()) {
        int n;
        while ((n = out.read(buffer)) >= 0) {
          heartbeat.add(n);
        }
      }
      int exit = script.waitFor();
      heartbeat.throwIfCancelled();
      if (exit != 0) {
        throw FailureType.UNREADABLE_DUMP.nonRetryableFailure("pg_restore cannot read backup " + key
            + " to its end (exit status " + exit + "): " + script.stderr()
            + "; the dump is damaged or cut short: restore from another backup");
      }
    } catch (IOException e) {
      throw FailureType.UNREADABLE_DUMP.failure("reading " + file + " through pg_restore failed: " + e.getMessage());
    }
  }

  // ---- live counts ----------------------------------------------------------------------------

  @Override
  public LiveCounts snapshotLiveCounts(String targetName, String database) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      if (!admin.exists(db)) {
        return new LiveCounts(db, false, 0, 0, clock.instant(), null);
      }
    } catch (SQLException e) {
      throw AdminFailures.of(target, "look up database " + db, e);
    }
    // Heartbeats while it counts; each table gets a lock and time budget, over which the planner's
    // estimate stands in (marked): the live database during an incident must not hold up its recovery.
    Duration budget = config.worker().liveCountBudget();
    try (ProgressHeartbeat beat = ProgressHeartbeat.start("count rows of " + db);
        Connection c = consistentReader(target, db)) {
      RowCounts.Budgeted counted = RowCounts.countWithin(c, budget, st -> beat.onCancel(() -> cancelQuietly(st)),
          () -> beat.add(1));
      c.rollback();
      TableCounts taken = new TableCounts(db, clock.instant(), counted.counts(), counted.estimated());
      String countsKey = detailKey(targetName, "live-counts", db);
      putEvidence(countsKey, taken);
      if (!counted.estimated().isEmpty()) {
        log.warn("live counts of {}: {} table(s) over the {} budget, estimated: {}", db, counted.estimated().size(),
            budget, counted.estimated());
      }
      return new LiveCounts(db, true, counted.counts().size(), taken.totalRows(), taken.takenAt(), countsKey,
          counted.estimated().size());
    } catch (SQLException e) {
      throw AdminFailures.of(target, "count rows in database " + db, e);
    }
  }

  // ---- restore --------------------------------------------------------------------------------

  @Override
  public RestoredDatabase restore(String targetName, String key, String sha256, String database, String workflowId,
      boolean replaceExisting, boolean createMissingRoles) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    holdLease(targetName, key, workflowId);
    Optional<DatabaseCensus> census = census(key);
    WorkFiles.WorkFile file = workFiles.ensure(key, sha256, workflowId);
    long started = System.nanoTime();
    // Refused here, before the database is created (or replaced), when no pg_restore fits the server ...
    ToolVersion pgRestore = pgRestoreFor(target, file.path(), key);
    // ... or a role or collation the backup needs is missing. Again here: a rehearsal calls Restore
    // without Download, and the cluster may have changed since.
    List<String> createdRoles = checkDestination(target, key, census, createMissingRoles);
    boolean keep = keepsPrivileges(target, census);
    DatabaseFacts facts = census.map(DatabaseCensus::database).orElse(null);
    createFresh(target, db, workflowId, replaceExisting, keep ? facts.owner() : target.user(), facts);
    runPgRestore(pgRestore, target, db, key, file, keep);
    if (facts != null) {
      applyProperties(target, db, facts, keep);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    log.info("restored {} into database {} in {} ms with {} ({})", key, db, millis, pgRestore.describe(),
        keep ? "owners and grants as the source"
            : census.isEmpty() ? "a backup without census: no owners or grants" : "privileges: drop");
    return new RestoredDatabase(db, file.sizeBytes(), millis, PgTools.evidence(pgRestore), createdRoles);
  }

  /**
   * The pg_restore of the target server's major version, for an archive the server can take.
   *
   * @throws ApplicationFailure non-retryable "ClientToolsMismatch", "ClientTooOld" or "ToolMissing"
   */
  private ToolVersion pgRestoreFor(PgTarget target, Path file, String key) {
    ServerVersion server;
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      server = admin.serverVersion();
    } catch (SQLException e) {
      throw AdminFailures.of(target, "read the server version", e);
    }
    return tools.pgRestoreFor(server, ArchiveHeader.read(file), key);
  }

  /** Owners and grants are restored: {@code privileges: keep} and a backup that recorded its roles. */
  private static boolean keepsPrivileges(PgTarget target, Optional<DatabaseCensus> census) {
    return target.config().keepsPrivileges() && census.isPresent();
  }

  /** The census stored beside the dump; empty for a backup made before censuses. */
  private Optional<DatabaseCensus> census(String key) {
    try {
      return CensusStore.read(store, key);
    } catch (IllegalStateException e) {
      throw FailureType.INVALID_MANIFEST.failure(e.getMessage() + "; the backup cannot be checked, restore another");
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot read the census of " + key + " from " + store.describe() + ": "
          + e.getMessage());
    }
  }

  private List<String> checkDestination(PgTarget target, String key, Optional<DatabaseCensus> census,
      boolean createMissingRoles) {
    if (census.isEmpty()) {
      return List.of();
    }
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      List<String> created = DestinationCheck.check(admin, target, key, census.get(),
          target.config().keepsPrivileges(), createMissingRoles);
      if (!created.isEmpty()) {
        log.warn("created roles {} (NOLOGIN, no password) on {} for backup {}", created, target.address(), key);
      }
      return created;
    } catch (SQLException e) {
      throw AdminFailures.of(target, "check the roles and locale backup " + key + " needs", e);
    }
  }

  private void applyProperties(PgTarget target, String db, DatabaseFacts facts, boolean keep) {
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      DatabaseProperties.apply(admin, db, facts, keep);
    } catch (SQLException e) {
      throw AdminFailures.of(target, "give database " + db + " the source's settings, grants and comment", e);
    }
  }

  /**
   * Drops {@code db} if this workflow made it (or the caller replaces it on purpose), then creates it
   * afresh with this workflow's marker. The database is created and marked under a private name and only
   * then renamed to {@code db}, so a crash in between never leaves an unmarked {@code db} that the next
   * attempt would have to refuse as someone else's.
   */
  private void createFresh(PgTarget target, String db, String workflowId, boolean replaceExisting, String owner,
      DatabaseFacts facts) {
    String marker = marker(workflowId);
    String scratch = scratchName(marker, db);
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      if (admin.exists(db)) {
        boolean ours = admin.isMarked(db, markerValue(marker), marker);
        if (!ours && !replaceExisting) {
          throw FailureType.DATABASE_EXISTS.failure("database " + db + " already exists on "
              + target.address() + "; --into only creates new databases: choose another name or drop it yourself");
        }
        admin.drop(db);
      }
      admin.drop(scratch);
      admin.create(scratch, owner, facts);
      admin.mark(scratch, markerValue(marker));
      admin.rename(scratch, db);
    } catch (SQLException e) {
      throw AdminFailures.of(target, "create database " + db, e);
    }
  }

  private void runPgRestore(ToolVersion pgRestore, PgTarget target, String db, String key, WorkFiles.WorkFile file,
      boolean keep) {
    int jobs = Math.max(1, target.config().jobs());
    List<String> args = new ArrayList<>(List.of("--jobs=" + jobs));
    if (!keep) {
      args.addAll(List.of("--no-owner", "--no-privileges"));
    }
    args.addAll(List.of("--exit-on-error", "--no-password", "--dbname=" + SqlText.conninfoDatabase(db),
        file.path().toString()));
    try (ChildProcess restore = tools.start(pgRestore, args, target.environment(db));
        ProgressHeartbeat heartbeat = ProgressHeartbeat.start("restored")) {
      heartbeat.onCancel(restore::destroy);
      restore.stdin().close();
      Thread drain = new Thread(() -> drain(restore.stdout()), "pg_restore-stdout");
      drain.setDaemon(true);
      drain.start();
      ReadProgress progress = new ReadProgress(file.path(), file.sizeBytes());
      long reported = 0;
      while (restore.isAlive()) {
        Thread.sleep(500);
        long now = progress.sample();
        heartbeat.add(now - reported);
        reported = now;
      }
      int exit = restore.waitFor();
      heartbeat.throwIfCancelled();
      if (exit != 0) {
        String stderr = restore.stderr();
        String message = "pg_restore of " + key + " into database " + db + " on " + target.address()
            + " failed (exit status " + exit + "): " + (stderr.isEmpty() ? "(no error output)" : stderr)
            + "; " + db + " is half-restored and the next attempt recreates it from scratch";
        throw INPUT_PROBLEM.matcher(stderr).find()
            ? FailureType.RESTORE_FAILED.nonRetryableFailure(message)
            : FailureType.RESTORE_FAILED.failure(message);
      }
      heartbeat.add(file.sizeBytes() - reported);
    } catch (IOException e) {
      throw FailureType.RESTORE_FAILED.failure("running pg_restore into " + db + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while restoring into " + db);
    }
  }

  // ---- integrity ------------------------------------------------------------------------------

  @Override
  public IntegrityReport integrityCheck(String targetName, String database, ManifestSummary backup) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    BackupManifest manifest = storedManifest(backup);
    String workflowId = currentActivity().map(ActivityInfo::getWorkflowId).orElse("integrity-check");
    WorkFiles.WorkFile file = workFiles.ensure(manifest.key(), manifest.sha256(), workflowId);
    ToolVersion pgRestore = pgRestoreFor(target, file.path(), manifest.key());
    ObjectCounts expectedObjects = listContents(pgRestore, file.path(), manifest.key()).objects();
    Optional<DatabaseCensus> expectedCensus = census(manifest.key());
    Map<String, Long> actualRows;
    ObjectCounts actualObjects;
    DatabaseCensus actualCensus;
    try (ProgressHeartbeat heartbeat = ProgressHeartbeat.start("integrity check");
        Connection c = consistentReader(target, db)) {
      heartbeat.onCancel(() -> abortQuietly(c));
      actualRows = RowCounts.count(c);
      actualObjects = ObjectCensus.count(c);
      actualCensus = expectedCensus.isPresent() ? CensusReader.read(c) : null;
      c.rollback();
    } catch (SQLException e) {
      throw AdminFailures.of(target, "count rows and objects in database " + db, e);
    }
    Map<String, Long> expectedRows = manifest.rowCounts() == null ? Map.of() : manifest.rowCounts();
    List<String> differences = new ArrayList<>(rowDifferences(expectedRows, actualRows));
    differences.addAll(objectDifferences(expectedObjects, actualObjects));
    boolean keep = keepsPrivileges(target, expectedCensus);
    List<String> notes = new ArrayList<>();
    if (expectedCensus.isEmpty()) {
      notes.add("backup " + manifest.key() + " was made before backups recorded their privileges and settings: it"
          + " was restored without owners and grants, as before, and owners, grants, default privileges, database"
          + " settings, encoding and collation, sequence values and constraint and trigger counts were not checked");
    } else {
      differences.addAll(CensusComparison.differences(expectedCensus.get(), actualCensus, keep));
      if (!keep) {
        notes.add("privileges: drop: owners, grants, default privileges and per-role settings were not restored"
            + " and not compared; the database and its objects belong to " + target.user());
      } else {
        createdRolesNote(target, expectedCensus.get()).ifPresent(notes::add);
      }
    }
    TreeSet<String> tables = new TreeSet<>(expectedRows.keySet());
    tables.addAll(actualRows.keySet());
    String detailKey = detailKey(targetName, "integrity", db);
    putEvidence(detailKey, new IntegrityDetail(db, manifest.key(), expectedRows, actualRows, expectedObjects,
        actualObjects, differences));
    return IntegrityReport.of(db, tables.size(), expectedObjects, actualObjects, differences, notes, detailKey);
  }

  /** Roles the database needs that --create-missing-roles created: they cannot log in until someone says so. */
  private static Optional<String> createdRolesNote(PgTarget target, DatabaseCensus census) {
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      List<String> created = admin.rolesCommented(census.roleNames(), DestinationCheck.CREATED_ROLE_COMMENT_PREFIX);
      return created.isEmpty() ? Optional.empty() : Optional.of("roles created by --create-missing-roles (NOLOGIN,"
          + " no password): " + String.join(", ", created) + "; give the application's login roles membership in"
          + " them, or LOGIN and a password");
    } catch (SQLException e) {
      throw AdminFailures.of(target, "look up the roles a restore created", e);
    }
  }

  /**
   * The manifest the workflow's summary names, read from the store: the row counts never travel through
   * workflow history. It must still be the backup that was resolved (same checksum).
   */
  private BackupManifest storedManifest(ManifestSummary backup) {
    String manifestKey = BackupKeys.manifestKey(backup.key());
    BackupManifest manifest;
    try {
      manifest = ManifestCodec.read(store, manifestKey);
    } catch (NoSuchObjectException e) {
      throw FailureType.NO_MANIFEST.failure("the manifest " + manifestKey + " is gone from " + store.describe()
          + " (pruned or removed during the restore?): the restored data cannot be checked against it");
    } catch (ManifestCodec.InvalidManifestException e) {
      throw FailureType.INVALID_MANIFEST.failure(e.getMessage());
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot read " + manifestKey + " from " + store.describe() + ": "
          + e.getMessage());
    }
    if (backup.sha256() != null && !backup.sha256().equalsIgnoreCase(manifest.sha256())) {
      throw FailureType.INVALID_MANIFEST.nonRetryableFailure("the manifest " + manifestKey + " now describes a"
          + " different dump (sha256 " + manifest.sha256() + ", the restore used " + backup.sha256() + ")");
    }
    return manifest;
  }

  /**
   * {@code <target>/reports/details/<workflow id>-<run id>-<what>-<database>.json}: one per run, so a retry
   * overwrites its own and no restore overwrites another's.
   */
  private static String detailKey(String target, String what, String database) {
    String run = currentActivity().map(i -> i.getWorkflowId() + "-" + i.getRunId()).orElse("local");
    return BackupKeys.detailsPrefix(target) + (run + "-" + what + "-" + database).replaceAll("[^A-Za-z0-9._-]", "_")
        + ".json";
  }

  private void putEvidence(String key, Object evidence) {
    try {
      StoredJson.put(store, key, evidence);
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot store " + key + " in " + store.describe() + ": " + e.getMessage());
    }
  }

  static List<String> rowDifferences(Map<String, Long> expected, Map<String, Long> actual) {
    List<String> differences = new ArrayList<>();
    TreeSet<String> tables = new TreeSet<>(expected.keySet());
    tables.addAll(actual.keySet());
    for (String table : tables) {
      Long want = expected.get(table);
      Long got = actual.get(table);
      if (got == null) {
        differences.add(table + ": missing (the backup has " + want + " rows)");
      } else if (want == null) {
        differences.add(table + ": not in the backup (found " + got + " rows)");
      } else if (!want.equals(got)) {
        differences.add(table + ": expected " + want + " rows, found " + got);
      }
    }
    return differences;
  }

  static List<String> objectDifferences(ObjectCounts expected, ObjectCounts actual) {
    List<String> differences = new ArrayList<>();
    compare(differences, "tables", expected.tables(), actual.tables());
    compare(differences, "views", expected.views(), actual.views());
    compare(differences, "functions", expected.functions(), actual.functions());
    compare(differences, "indexes", expected.indexes(), actual.indexes());
    compare(differences, "sequences", expected.sequences(), actual.sequences());
    return differences;
  }

  private static void compare(List<String> differences, String what, long expected, long actual) {
    if (expected != actual) {
      differences.add(what + ": the backup has " + expected + ", the restored database " + actual);
    }
  }

  // ---- drop and swap --------------------------------------------------------------------------

  // Dropping and renaming wait for locks and for sessions to end: they heartbeat while they run, so a
  // dead worker is noticed within the heartbeat timeout, not after the step's whole timeout.

  @Override
  public void terminateAndDrop(String targetName, String database) {
    try (ProgressHeartbeat beat = ProgressHeartbeat.start("drop " + database)) {
      dropLive(targetName, database);
    }
  }

  @Override
  public boolean dropRestoredDatabase(String targetName, String database, String workflowId) {
    try (ProgressHeartbeat beat = ProgressHeartbeat.start("drop " + database)) {
      return dropIfCreatedBy(targetName, database, workflowId);
    }
  }

  @Override
  public void swapIntoPlace(String targetName, String live, String restored, String keepAs, String workflowId) {
    try (ProgressHeartbeat beat = ProgressHeartbeat.start("swap " + live)) {
      swap(targetName, live, restored, keepAs, workflowId);
    }
  }

  @Override
  public SwapBackResult swapBack(String targetName, String live, String kept, String abortedAs, String workflowId) {
    try (ProgressHeartbeat beat = ProgressHeartbeat.start("swap back " + live)) {
      return undoSwap(targetName, live, kept, abortedAs);
    }
  }

  /**
   * Looks at the actual databases: {@code kept} exists only if the swap committed (the renames are one
   * transaction). Nothing is dropped: the restored copy has been live and may hold the application's writes.
   */
  private SwapBackResult undoSwap(String targetName, String live, String kept, String abortedAs) {
    String liveDb = checkedName(live);
    String keptDb = checkedName(kept);
    String abortedDb = checkedName(abortedAs);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    for (int attempt = 1; ; attempt++) {
      try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
        boolean liveExists = admin.exists(liveDb);
        if (!admin.exists(keptDb)) {
          if (!liveExists) {
            throw FailureType.NOTHING_TO_SWAP.failure("cannot swap back: neither " + liveDb + " nor " + keptDb
                + " exists on " + target.address() + "; nothing was renamed or dropped: look for " + abortedDb);
          }
          // Never swapped, or swapped back by an earlier attempt of this step.
          return admin.exists(abortedDb) ? new SwapBackResult(true, abortedDb) : new SwapBackResult(false, null);
        }
        if (admin.exists(abortedDb)) {
          throw FailureType.SWAP_CONFLICT.failure("cannot keep the restored " + liveDb + " as " + abortedDb + ": "
              + abortedDb + " already exists on " + target.address() + "; rename or drop it, then decide retry");
        }
        admin.swap(liveDb, keptDb, abortedDb, liveExists);
        log.info("swapped {} back in as {}{}", keptDb, liveDb, liveExists ? ", keeping the restored copy as " + abortedDb
            : "");
        return new SwapBackResult(liveExists, liveExists ? abortedDb : null);
      } catch (SQLException e) {
        if (DatabaseAdmin.OBJECT_IN_USE.equals(e.getSQLState()) && attempt < SWAP_ATTEMPTS) {
          sleep(Duration.ofMillis(500L * attempt));
          continue;
        }
        throw AdminFailures.of(target, "rename " + liveDb + " → " + abortedDb + " and " + keptDb + " → " + liveDb, e);
      }
    }
  }

  private void dropLive(String targetName, String database) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      admin.drop(db);
    } catch (SQLException e) {
      throw AdminFailures.of(target, "drop database " + db, e);
    }
  }

  private boolean dropIfCreatedBy(String targetName, String database, String workflowId) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
      String marker = marker(workflowId);
      if (!admin.exists(db) || !admin.isMarked(db, markerValue(marker), marker)) {
        return false;
      }
      admin.drop(db);
      return true;
    } catch (SQLException e) {
      throw AdminFailures.of(target, "drop database " + db, e);
    }
  }

  private void swap(String targetName, String live, String restored, String keepAs, String workflowId) {
    String liveDb = checkedName(live);
    String restoredDb = checkedName(restored);
    String keepDb = checkedName(keepAs);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    for (int attempt = 1; ; attempt++) {
      try (DatabaseAdmin admin = DatabaseAdmin.open(target)) {
        boolean liveExists = admin.exists(liveDb);
        if (!admin.exists(restoredDb)) {
          // Already done: the renames are one transaction, so either both happened or neither.
          String marker = marker(workflowId);
          if (liveExists && (admin.exists(keepDb) || admin.isMarked(liveDb, markerValue(marker), marker))) {
            return;
          }
          throw FailureType.NOTHING_TO_SWAP.failure("cannot swap " + restoredDb + " in as " + liveDb + ": "
              + restoredDb + " does not exist on " + target.address() + " (dropped by hand?); nothing was renamed");
        }
        if (liveExists && admin.exists(keepDb)) {
          throw FailureType.SWAP_CONFLICT.failure("cannot keep " + liveDb + " as " + keepDb + ": " + keepDb
              + " already exists on " + target.address() + "; rename or drop it, then decide retry");
        }
        admin.swap(liveDb, restoredDb, keepDb, liveExists);
        log.info("swapped {} in as {}{}", restoredDb, liveDb, liveExists ? ", keeping the old one as " + keepDb : "");
        return;
      } catch (SQLException e) {
        if (DatabaseAdmin.OBJECT_IN_USE.equals(e.getSQLState()) && attempt < SWAP_ATTEMPTS) {
          // A client reconnected between terminate and rename: terminate again.
          sleep(Duration.ofMillis(500L * attempt));
          continue;
        }
        throw AdminFailures.of(target, "rename " + liveDb + " → " + keepDb + " and " + restoredDb + " → " + liveDb, e);
      }
    }
  }

  // ---- migrate, health, report, cleanup -------------------------------------------------------

  @Override
  public String migrate(String targetName, String database) {
    String db = checkedName(database);
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    return MigrationRunner.run(target, db);
  }

  @Override
  public HealthReport healthProbe(String targetName) {
    TargetConfig target = targetConfig(targetName);
    if (target.healthUrl() == null || target.healthUrl().isBlank()) {
      return new HealthReport(null, true, "no healthUrl configured", "", 0);
    }
    return prober.probe(target.healthUrl(), target.healthExpect());
  }

  @Override
  public String writeReport(RestoreReport report) {
    String rto = targetConfig(report.target()).objectives().rto();
    String jsonKey = RestoreReportWriter.jsonKey(report);
    try {
      ReportDetails details = ReportDetails.load(store, report.before(), report.integrity());
      store.put(RestoreReportWriter.markdownKey(report), RestoreReportWriter.markdown(report, rto, details));
      store.put(jsonKey, RestoreReportWriter.json(report, rto, details));
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("cannot store the restore report " + jsonKey + " in " + store.describe()
          + ": " + e.getMessage());
    }
    return jsonKey;
  }

  @Override
  public void removeWorkFiles(String workflowId) {
    workFiles.remove(workflowId);
    // The runbook is done with its backup: prune may have it again. (A lease never released expires.)
    try {
      for (String target : config.targets().keySet()) {
        leases.release(target, workflowId);
      }
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("releasing the retention lease of " + workflowId + " in "
          + store.describe() + " failed: " + e.getMessage());
    }
  }

  /** Until this runbook ends, prune keeps the backup it restores ({@link RetentionLeases}). */
  private void holdLease(String target, String key, String workflowId) {
    try {
      leases.hold(target, key, workflowId, clock.instant());
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("writing the retention lease on " + key + " in " + store.describe()
          + " failed: " + e.getMessage());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * What names the restore that created a database (its hash is the mark, {@link #markerValue}; restores
   * before the census left it as the comment). It names the workflow run as well as its
   * id: the id {@code restore-<target>} repeats for every restore of a target, so a later restore must not
   * mistake an earlier one's database for its own.
   */
  static String marker(String workflowId) {
    String run = currentActivity().map(ActivityInfo::getRunId).map(id -> " run " + id).orElse("");
    return MARKER_PREFIX + workflowId + run;
  }

  /**
   * The mark (the {@code application_name} value, {@link RestoreMarkerSetting}) a restore run leaves on the
   * databases it creates: what an operator, or a test, looks for to find them.
   */
  public static String markOf(String workflowId, String runId) {
    return markerValue(MARKER_PREFIX + workflowId + " run " + runId);
  }

  /** The value of the mark ({@link RestoreMarkerSetting}): a hash of the marker, as application_name keeps 63 bytes. */
  static String markerValue(String marker) {
    return RestoreMarkerSetting.VALUE_PREFIX + scratchName(marker, "").substring("pgrb_creating_".length());
  }

  /** A private name, fixed for this workflow run and database, for creating the database before it is named. */
  static String scratchName(String marker, String db) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest((marker + "\0" + db).getBytes(StandardCharsets.UTF_8));
      return "pgrb_creating_" + HexFormat.of().formatHex(digest, 0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static void cancelQuietly(java.sql.Statement st) {
    try {
      st.cancel();
    } catch (SQLException ignored) {
      // The connection is gone: nothing runs on it any more.
    }
  }

  private static Connection consistentReader(PgTarget target, String db) throws SQLException {
    Connection c = target.connect(db);
    try {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  private TargetConfig targetConfig(String name) {
    try {
      return config.target(name);
    } catch (ConfigException e) {
      throw FailureType.UNKNOWN_TARGET.failure(e.getMessage());
    }
  }

  private static String checkedName(String database) {
    try {
      return DatabaseNames.checked(database);
    } catch (IllegalArgumentException e) {
      throw FailureType.INVALID_DATABASE_NAME.failure(e.getMessage());
    }
  }

  private static Optional<ActivityInfo> currentActivity() {
    try {
      return Optional.of(Activity.getExecutionContext().getInfo());
    } catch (IllegalStateException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static void drain(InputStream in) {
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // The program ended.
    }
  }

  private static void abortQuietly(Connection c) {
    try {
      c.abort(Runnable::run);
    } catch (SQLException | RuntimeException ignored) {
      // Already closed.
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted");
    }
  }
}
