package dev.pgrunbooks.backup;

import dev.pgrunbooks.census.CensusReader;
import dev.pgrunbooks.census.CensusStore;
import dev.pgrunbooks.census.DatabaseCensus;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.postgres.ArchiveHeader;
import dev.pgrunbooks.postgres.ChildProcess;
import dev.pgrunbooks.postgres.ChildProcessFailedException;
import dev.pgrunbooks.postgres.PgFailures;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.postgres.RowCounts;
import dev.pgrunbooks.postgres.ServerVersion;
import dev.pgrunbooks.postgres.ToolVersion;
import dev.pgrunbooks.retention.Pruner;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.store.BackupStore;
import dev.pgrunbooks.store.NoSuchObjectException;
import dev.pgrunbooks.store.StoreException;
import dev.pgrunbooks.store.StoredJson;
import dev.pgrunbooks.store.StoredObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup runbook's steps against PostgreSQL and the backup store. The dump streams from pg_dump
 * through a SHA-256 straight into the store, in an exported snapshot that the row counts are taken in
 * too, so the counts describe exactly the rows in the dump.
 */
public final class BackupActivitiesImpl implements BackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
  /** pg_dump errors that the next attempt would hit again. */
  private static final Pattern PERMANENT_DUMP_ERROR =
      Pattern.compile("permission denied|server version mismatch",
          Pattern.CASE_INSENSITIVE);

  private final RunbookConfig config;
  private final Credentials credentials;
  private final BackupStore store;
  private final BackupMetrics metrics;
  private final Clock clock;
  private final PgTools tools;
  private final DumpClaims claims;
  /** The run id of steps called directly rather than by a workflow. */
  static final String DIRECT_CALL = "direct-call";

  private final java.util.function.Supplier<DumpClaims.Claim> currentRun;

  public BackupActivitiesImpl(
      RunbookConfig config, Credentials credentials, BackupStore store, BackupMetrics metrics, Clock clock) {
    this(config, credentials, store, metrics, clock, PgTools.of(config));
  }

  /** @param tools where pg_dump and pg_restore are looked for (tests limit the PATH) */
  public BackupActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store, BackupMetrics metrics,
      Clock clock, PgTools tools) {
    this(config, credentials, store, metrics, clock, tools, BackupActivitiesImpl::currentRun);
  }

  /** @param currentRun the workflow run this call belongs to (tests play two runs with one activity environment) */
  BackupActivitiesImpl(RunbookConfig config, Credentials credentials, BackupStore store, BackupMetrics metrics,
      Clock clock, PgTools tools, java.util.function.Supplier<DumpClaims.Claim> currentRun) {
    this.claims = new DumpClaims(store);
    this.currentRun = currentRun;
    this.config = config;
    this.credentials = credentials;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
    this.tools = tools;
  }

  @Override
  public PreflightReport preflight(String targetName) {
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    ServerVersion server;
    long databaseSize;
    try (Connection connection = target.connect()) {
      server = ServerVersion.of(connection);
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        databaseSize = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw PgFailures.queryFailure(target, "read the server version and database size", e);
    }
    ToolVersion pgDump = tools.pgDumpFor(server);
    // The verify step lists the archive this pg_dump writes: find that pg_restore now, before dumping.
    ToolVersion pgRestore = tools.pgRestoreToRead(
        Optional.of(new ArchiveHeader(pgDump.version(), pgDump.versionNum(), server.version())));
    try {
      store.checkReachable();
    } catch (StoreException e) {
      throw FailureType.STORE_UNAVAILABLE.failure(e.getMessage());
    }
    return new PreflightReport(
        target.database(), server.version(), server.versionNum(), databaseSize, pgDump.version(), store.describe(),
        List.of(PgTools.evidence(pgDump), PgTools.evidence(pgRestore)));
  }

  @Override
  public DumpResult dump(String targetName, String requestedKey) {
    requireDumpKey(requestedKey);
    Instant startedAt = clock.instant();
    PgTarget target = PgTarget.resolve(config, targetName, credentials);
    // Another run stamped the same second keeps its key; this run dumps to the next free second.
    String key = claimKey(requestedKey);
    try (Connection snapshotConnection = target.connect()) {
      ServerVersion server = ServerVersion.of(snapshotConnection);
      ToolVersion pgDump = tools.pgDumpFor(server);
      String snapshot = exportSnapshot(snapshotConnection);
      DumpResult result = dumpInSnapshot(target, key, snapshotConnection, snapshot, server, pgDump, startedAt);
      endSnapshot(snapshotConnection);
      log.info("dumped {} to {}: {} bytes, sha256 {}, {} tables", targetName, key, result.sizeBytes(),
          result.sha256(), result.tables());
      return result;
    } catch (SQLException e) {
      releaseClaim(key);
      throw PgFailures.queryFailure(target, "export a snapshot for pg_dump", e);
    } catch (RuntimeException e) {
      // On failure nothing is left at the key, the claim included: a retry of this run claims it again.
      releaseClaim(key);
      throw e;
    }
  }

  /** Removes this run's claim on {@code key} (the dump and its companions are already gone). */
  private void releaseClaim(String key) {
    try {
      if (claims.ownerOf(key).map(c -> c.runId().equals(currentRun.get().runId())).orElse(false)) {
        store.delete(BackupKeys.claimKey(key));
      }
    } catch (RuntimeException e) {
      log.warn("could not release the claim on {}: {}", key, e.toString());
    }
  }

  /**
   * Runs pg_dump in {@code snapshot} while the same snapshot's transaction counts rows on another
   * thread; the snapshot stays valid because its transaction stays open until both are done.
   */
  private DumpResult dumpInSnapshot(PgTarget target, String key, Connection snapshotConnection, String snapshot,
      ServerVersion server, ToolVersion pgDump, Instant startedAt) {
    ExecutorService counter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "row-counts-" + target.name());
      t.setDaemon(true);
      return t;
    });
    try (ChildProcess dump = tools.start(pgDump,
            List.of("--format=custom", "--snapshot=" + snapshot, "--no-password"), target.environment());
        ProgressHeartbeat heartbeat = ProgressHeartbeat.start("dumped")) {
      heartbeat.onCancel(() -> {
        dump.destroy();
        abortQuietly(snapshotConnection);
      });
      closeQuietly(dump.stdin());
      // Row counts and the census read the same snapshot as pg_dump, so both describe exactly the dump.
      Future<SnapshotReading> reading = counter.submit(() ->
          new SnapshotReading(RowCounts.count(snapshotConnection), CensusReader.read(snapshotConnection)));
      DigestingInputStream dumped = new DigestingInputStream(dump.stdoutFailingOnError(), heartbeat::add);
      try {
        // The store is atomic: a failed or cancelled upload leaves nothing at the key, a retry overwrites it.
        store.upload(key, dumped, bytes -> {});
      } catch (RuntimeException e) {
        abortQuietly(snapshotConnection);
        heartbeat.throwIfCancelled();
        throw uploadFailure(target, key, dump, e);
      }
      Map<String, Long> counts;
      try {
        SnapshotReading read = awaitRowCounts(target, reading, heartbeat);
        counts = read.rowCounts();
        storeCounts(key, new TableCounts(target.database(), startedAt, counts));
        // Beside the dump, before the manifest: a committed backup always has its census.
        CensusStore.write(store, key, read.census());
      } catch (StoreException e) {
        deleteQuietly(key);
        throw FailureType.STORE_ERROR.failure("storing the census of " + key + " in " + store.describe()
            + " failed: " + e.getMessage());
      } catch (RuntimeException e) {
        deleteQuietly(key);
        throw e;
      }
      return new DumpResult(key, dumped.count(), dumped.sha256Hex(), counts.size(), null, snapshot,
          server.version(), pgDump.version(), startedAt, clock.instant(), pgDump.path().toString());
    } finally {
      counter.shutdownNow();
    }
  }

  /**
   * The counts go beside the dump, not into the result: a catalog of tens of thousands of tables would
   * not fit a workflow history payload. Without a manifest the object is harmless (restores ignore the
   * dump); discard and prune remove it with the dump.
   */
  private void storeCounts(String key, TableCounts counts) {
    String countsKey = BackupKeys.countsKey(key);
    try {
      StoredJson.put(store, countsKey, counts);
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("storing the row counts at " + countsKey + " in " + store.describe()
          + " failed: " + e.getMessage());
    }
  }

  private static String exportSnapshot(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void endSnapshot(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    }
  }

  /** What the snapshot's own transaction read while pg_dump ran. */
  private record SnapshotReading(Map<String, Long> rowCounts, DatabaseCensus census) {}

  private SnapshotReading awaitRowCounts(PgTarget target, Future<SnapshotReading> counts,
      ProgressHeartbeat heartbeat) {
    while (true) {
      heartbeat.throwIfCancelled();
      try {
        return counts.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillCounting) {
        // The heartbeat thread keeps reporting; check for cancellation and wait on.
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw PgFailures.queryFailure(target, "count rows and read the census in the dump's snapshot", sql);
        }
        throw new IllegalStateException("counting rows failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw FailureType.INTERRUPTED.failure("interrupted while counting rows of " + target.name());
      }
    }
  }

  private RuntimeException uploadFailure(PgTarget target, String key, ChildProcess dump, RuntimeException e) {
    ChildProcessFailedException failed = ChildProcessFailedException.findIn(e);
    String stderr = failed != null ? failed.stderr() : dump.failed() ? dump.stderr() : null;
    if (stderr != null) {
      int status = failed != null ? failed.exitStatus() : dump.exitValue();
      String message = "pg_dump of database " + target.database() + " on " + target.address()
          + " failed (exit status " + status + "): " + (stderr.isEmpty() ? "(no error output)" : stderr)
          + "; nothing was stored at " + key;
      return PERMANENT_DUMP_ERROR.matcher(stderr).find()
          ? FailureType.DUMP_FAILED.nonRetryableFailure(message)
          : FailureType.DUMP_FAILED.failure(message);
    }
    if (e instanceof StoreException) {
      return FailureType.STORE_ERROR.failure(
          "storing the dump at " + key + " in " + store.describe() + " failed: " + e.getMessage());
    }
    return e;
  }

  @Override
  public VerificationResult verify(String key, String expectedSha256, long expectedSizeBytes) {
    try (ProgressHeartbeat heartbeat = ProgressHeartbeat.start("read back")) {
      DigestingInputStream readBack = readBack(key, heartbeat);
      long size = readBack.count();
      String sha256 = readBack.sha256Hex();
      if (size != expectedSizeBytes || !sha256.equalsIgnoreCase(expectedSha256)) {
        throw FailureType.CHECKSUM_MISMATCH.failure(
            "stored dump " + key + " in " + store.describe() + " does not match what was dumped: expected sha256 "
                + expectedSha256 + " (" + expectedSizeBytes + " bytes), actual sha256 " + sha256 + " (" + size
                + " bytes); the store altered or truncated it, take a new backup");
      }
      int tocEntries = countTocEntries(key, heartbeat);
      return new VerificationResult(key, size, sha256, tocEntries);
    }
  }

  private DigestingInputStream readBack(String key, ProgressHeartbeat heartbeat) {
    try (InputStream stored = store.open(key);
        DigestingInputStream in = new DigestingInputStream(stored, heartbeat::add)) {
      in.transferTo(OutputStream.nullOutputStream());
      return in;
    } catch (NoSuchObjectException e) {
      throw FailureType.DUMP_MISSING.failure(
          "no dump at " + key + " in " + store.describe() + ": it was never stored or has been removed;"
              + " take a new backup");
    } catch (StoreException | IOException e) {
      throw FailureType.STORE_ERROR.failure("reading " + key + " back from " + store.describe() + " failed: "
          + e.getMessage());
    }
  }

  /**
   * {@code pg_restore --list} reading the stored object on its stdin: proves the archive's table of
   * contents is readable without downloading the dump to disk or memory.
   */
  private int countTocEntries(String key, ProgressHeartbeat heartbeat) {
    ToolVersion pgRestore = tools.pgRestoreToRead(storedHeader(key));
    try (ChildProcess list = tools.start(pgRestore, List.of("--list"), Map.of())) {
      heartbeat.onCancel(list::destroy);
      AtomicReference<RuntimeException> storeFailure = new AtomicReference<>();
      Thread feeder = new Thread(() -> {
        try (InputStream stored = store.open(key); OutputStream stdin = list.stdin()) {
          stored.transferTo(stdin);
        } catch (StoreException e) {
          storeFailure.set(e);
        } catch (IOException e) {
          // pg_restore stops reading once it has the table of contents: a closed pipe is expected.
        }
      }, "pg_restore-stdin");
      feeder.setDaemon(true);
      feeder.start();
      int entries = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(list.stdout(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (!line.isBlank() && !line.startsWith(";")) {
            entries++;
          }
        }
      }
      int exit = list.waitFor();
      closeQuietly(list.stdin());
      feeder.join(TimeUnit.SECONDS.toMillis(30));
      heartbeat.throwIfCancelled();
      if (storeFailure.get() != null) {
        throw FailureType.STORE_ERROR.failure("reading " + key + " from " + store.describe() + " for pg_restore"
            + " failed: " + storeFailure.get().getMessage());
      }
      if (exit != 0) {
        throw FailureType.UNREADABLE_DUMP.nonRetryableFailure(
            "pg_restore --list cannot read " + key + " (exit status " + exit + "): " + list.stderr()
                + "; the stored dump is not a usable archive, take a new backup");
      }
      return entries;
    } catch (IOException e) {
      throw FailureType.UNREADABLE_DUMP.failure("running pg_restore --list on " + key + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while listing " + key);
    }
  }

  /** The head of the stored archive: which pg_dump wrote it, so a pg_restore that can read it is chosen. */
  private Optional<ArchiveHeader> storedHeader(String key) {
    try (InputStream stored = store.open(key)) {
      return ArchiveHeader.read(stored);
    } catch (NoSuchObjectException e) {
      throw FailureType.DUMP_MISSING.failure("no dump at " + key + " in " + store.describe() + ": take a new backup");
    } catch (StoreException | IOException e) {
      throw FailureType.STORE_ERROR.failure("reading " + key + " from " + store.describe() + " failed: "
          + e.getMessage());
    }
  }

  @Override
  public String writeManifest(BackupManifest committed) {
    String manifestKey = manifestKeyOf(committed.key());
    Optional<DumpClaims.Claim> owner = claims.ownerOf(committed.key());
    if (owner.isPresent() && !owner.get().runId().equals(currentRun.get().runId())) {
      throw FailureType.KEY_TAKEN.failure("will not write manifest " + manifestKey + ": the dump " + committed.key()
          + " belongs to another backup run (" + owner.get().workflowId() + "); take a new backup");
    }
    Optional<StoredObject> dump = statQuietly(committed.key());
    // The manifest is the commit marker: never commit a dump that is not there as described.
    if (dump.isEmpty() || dump.get().sizeBytes() != committed.sizeBytes()) {
      throw FailureType.DUMP_MISSING.failure(
          "will not write manifest " + manifestKey + ": the dump " + committed.key() + " is "
              + dump.map(d -> d.sizeBytes() + " bytes, not " + committed.sizeBytes()).orElse("missing")
              + " in " + store.describe() + "; take a new backup");
    }
    // The workflow passes the manifest without the counts (they stay out of its history): read them from
    // beside the dump. An older worker's workflow passes them inline; those are used as they are.
    BackupManifest manifest = committed.rowCounts() != null ? committed
        : committed.withRowCounts(readCounts(committed.key()).rowCounts());
    try {
      store.put(manifestKey, ManifestCodec.encode(manifest));
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure(e.getMessage());
    }
    log.info("committed {}: {} tables counted", manifestKey, manifest.rowCounts().size());
    return manifestKey;
  }

  private TableCounts readCounts(String dumpKey) {
    String countsKey = BackupKeys.countsKey(dumpKey);
    try {
      return StoredJson.read(store, countsKey, TableCounts.class);
    } catch (NoSuchObjectException e) {
      throw FailureType.DUMP_MISSING.nonRetryableFailure("will not write the manifest of " + dumpKey + ": the row"
          + " counts its dump took are missing at " + countsKey + " in " + store.describe() + "; take a new backup");
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("reading the row counts " + countsKey + " failed: " + e.getMessage());
    }
  }

  @Override
  public PruneReport prune(String targetName) {
    TargetConfig target;
    try {
      target = config.target(targetName);
    } catch (ConfigException e) {
      throw FailureType.UNKNOWN_TARGET.failure(e.getMessage());
    }
    try {
      return new Pruner(store).prune(targetName, target.retention(), clock.instant(), false);
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure(e.getMessage());
    }
  }

  @Override
  public void discardDump(String key) {
    manifestKeyOf(key);
    try {
      List<String> mine = claims.claimedBy(key, currentRun.get().runId());
      for (String own : mine) {
        discard(own, true);
      }
      if (mine.isEmpty() && claims.ownerOf(key).isEmpty() && statQuietly(BackupKeys.manifestKey(key)).isEmpty()) {
        // Dumped by a worker from before claims: an uncommitted dump is never anyone's backup.
        discard(key, false);
      }
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure(e.getMessage());
    }
  }

  private void discard(String key, boolean withClaim) {
    // Manifest first: a crash in between must not leave a commit marker pointing at nothing. The counts
    // before the dump: a crash then leaves an uncommitted dump, which prune removes with its counts.
    store.delete(BackupKeys.manifestKey(key));
    store.delete(BackupKeys.countsKey(key));
    store.delete(BackupKeys.censusKey(key));
    // The dump after them: a crash before it leaves an incomplete dump, which a later prune removes.
    store.delete(key);
    if (withClaim) {
      // The claim last: until the dump is gone the key stays this run's.
      store.delete(BackupKeys.claimKey(key));
    }
    log.info("discarded uncommitted dump {}", key);
  }

  private String claimKey(String requestedKey) {
    try {
      return claims.claim(requestedKey, currentRun.get());
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure("claiming " + requestedKey + " in " + store.describe() + " failed: "
          + e.getMessage());
    }
  }

  /**
   * The workflow run calling: its claims are its own, across attempts and workers. Called outside an
   * activity (a tool or a test driving the steps directly), every call is one and the same run.
   */
  private static DumpClaims.Claim currentRun() {
    try {
      io.temporal.activity.ActivityInfo info = io.temporal.activity.Activity.getExecutionContext().getInfo();
      return new DumpClaims.Claim(info.getRunId(), info.getWorkflowId(), Instant.now());
    } catch (IllegalStateException notInAnActivity) {
      return new DumpClaims.Claim(DIRECT_CALL, DIRECT_CALL, Instant.now());
    }
  }

  @Override
  public void recordBackupMetrics(BackupSucceeded backup) {
    metrics.backupSucceeded(backup);
  }

  private static void requireDumpKey(String key) {
    manifestKeyOf(key);
  }

  private static String manifestKeyOf(String dumpKey) {
    try {
      return BackupKeys.manifestKey(dumpKey);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw FailureType.INVALID_KEY.failure(
          "'" + dumpKey + "' is not a dump key: it must end in " + BackupKeys.DUMP_SUFFIX);
    }
  }

  private Optional<StoredObject> statQuietly(String key) {
    try {
      return store.stat(key);
    } catch (StoreException e) {
      throw FailureType.STORE_ERROR.failure(e.getMessage());
    }
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (StoreException e) {
      log.warn("could not remove {} after a failed dump: {}", key, e.getMessage());
    }
  }

  private static void abortQuietly(Connection connection) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      // Already closed or broken: either way it no longer holds the snapshot.
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // A pipe to a program that has exited.
    }
  }
}
