package dev.pgrunbooks.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrunbooks.backup.BackupActivitiesImpl;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.backup.BackupMetrics;
import dev.pgrunbooks.backup.DumpResult;
import dev.pgrunbooks.backup.ManifestCodec;
import dev.pgrunbooks.backup.PreflightReport;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.postgres.ArchiveHeader;
import dev.pgrunbooks.postgres.FakeTools;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores of the real server use client tools of its major version: a tool directory holding
 * pg_dump, pg_restore and psql of a newer major (scripts that report 17.2 and fail if run) is passed over
 * for the server's own tools, and when only those are found the restore is refused before it creates or
 * drops anything.
 */
class ClientToolsRestoreTest {
  private static final String TARGET = "orders";
  private static final String WORKFLOW_ID = "restore-orders";
  private static final Instant TAKEN = Instant.parse("2026-11-22T02:00:00Z");

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  private String source;
  private String serverMajor;
  private Path newerTools;
  private Path emptyRoot;
  private LocalBackupStore store;

  @BeforeEach
  void setUp() throws Exception {
    source = pg.createDatabase("clienttools");
    pg.loadRichSchema(source);
    serverMajor = String.valueOf(pg.queryLong("postgres", "SELECT current_setting('server_version_num')::int / 10000"));
    newerTools = FakeTools.all(dir.resolve("pg17/bin"), "17.2");
    emptyRoot = Files.createDirectories(dir.resolve("no-debian-tools"));
    store = new LocalBackupStore(dir.resolve("store"), "");
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  private TestConfig config() {
    return TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, source, t -> t.objectives("24h", "1h"))
        .worker(null, dir.resolve("work"));
  }

  private Path serverTool(String program) {
    return Path.of("/usr/lib/postgresql", serverMajor, "bin", program);
  }

  private RestoreActivitiesImpl restoreActivities(RunbookConfig config, PgTools tools) {
    return new RestoreActivitiesImpl(config, new Credentials(Map.of()), store, Clock.systemUTC(),
        RestoreActivitiesImpl.defaultHttpClient(), RestoreHarness.QUICK_PROBE, tools);
  }

  @Test
  void newerToolsInBinDirArePassedOverForTheServersOwnAndTheRestoreEqualsTheSource() throws Exception {
    RunbookConfig config = config().binDir(newerTools).build();
    BackupActivitiesImpl backup = new BackupActivitiesImpl(config, new Credentials(Map.of()), store,
        BackupMetrics.NONE, Clock.systemUTC());

    PreflightReport preflight = backup.preflight(TARGET);
    BackupManifest manifest = VerifiedBackups.take(config, store, TARGET, TAKEN, "backup-test");

    assertThat(preflight.tools()).extracting(ClientTool::path)
        .containsExactly(serverTool("pg_dump").toString(), serverTool("pg_restore").toString());
    assertThat(manifest.pgDumpPath()).isEqualTo(serverTool("pg_dump").toString());
    assertThat(manifest.pgDumpVersion()).startsWith(serverMajor + ".");
    try (InputStream stored = store.open(manifest.key())) {
      BackupManifest committed = ManifestCodec.read(store, BackupKeys.manifestKey(manifest.key()));
      assertThat(committed.pgDumpPath()).as("the stored manifest records pg_dump's path")
          .isEqualTo(serverTool("pg_dump").toString());
      assertThat(ArchiveHeader.read(stored).orElseThrow().pgDumpMajor()).isEqualTo(serverMajor);
    }

    RestoreActivitiesImpl restore = restoreActivities(config, PgTools.of(config));
    restore.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false);
    String into = "clienttools_into_" + UUID.randomUUID().toString().substring(0, 8);
    pg.dropLater(into);
    RestoredDatabase restored = restore.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);

    assertThat(restored.pgRestore().path()).isEqualTo(serverTool("pg_restore").toString());
    assertThat(pg.contentHashes(into)).isEqualTo(pg.contentHashes(source));
    assertThat(restore.integrityCheck(TARGET, into, ManifestSummary.of(manifest)).passed()).isTrue();
  }

  @Test
  void withOnlyNewerToolsTheRestoreIsRefusedBeforeAnythingIsCreatedOrDropped() {
    BackupManifest manifest = VerifiedBackups.take(config().build(), store, TARGET, TAKEN, "backup-test");
    Map<String, String> sourceBefore = pg.contentHashes(source);
    RunbookConfig config = config().binDir(newerTools).toolsSearchRoot(emptyRoot).build();
    // PATH holds only the newer tools too: nothing of the server's major is installed anywhere looked.
    RestoreActivitiesImpl restore = restoreActivities(config, new PgTools(config.tools(), newerTools.toString()));
    String prefix = "clienttools_refused_" + UUID.randomUUID().toString().substring(0, 8);
    pg.dropLaterAllStartingWith(prefix);

    ApplicationFailure atDownload = catchThrowableOfType(
        () -> restore.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false), ApplicationFailure.class);
    ApplicationFailure intoNew = catchThrowableOfType(
        () -> restore.restore(TARGET, manifest.key(), manifest.sha256(), prefix, WORKFLOW_ID, false, false),
        ApplicationFailure.class);
    ApplicationFailure inPlace = catchThrowableOfType(
        () -> restore.restore(TARGET, manifest.key(), manifest.sha256(), source, WORKFLOW_ID, true, false),
        ApplicationFailure.class);

    for (ApplicationFailure refused : new ApplicationFailure[] {atDownload, intoNew, inPlace}) {
      assertThat(refused.getType()).isEqualTo("ClientToolsMismatch");
      assertThat(refused.isNonRetryable()).isTrue();
      assertThat(refused.getOriginalMessage())
          .doesNotContain("\n")
          .contains("is PostgreSQL " + serverMajor + " and needs pg_restore " + serverMajor)
          .contains("found pg_restore 17.2 (" + newerTools.resolve("pg_restore") + ")")
          .contains("looked in tools.binDir " + newerTools + ", " + emptyRoot.resolve(serverMajor + "/bin")
              + ", PATH " + newerTools);
    }
    assertThat(pg.databasesStartingWith(prefix)).as("no database created").isEmpty();
    for (String db : new String[] {prefix, source}) {
      String scratch = RestoreActivitiesImpl.scratchName(RestoreActivitiesImpl.marker(WORKFLOW_ID), db);
      assertThat(pg.databaseExists(scratch)).as("no half-made database for " + db).isFalse();
    }
    assertThat(pg.contentHashes(source)).as("the live database untouched").isEqualTo(sourceBefore);
  }

  @Test
  void aNewerPgDumpIsUsedOnlyWithTheOptInAndItsBackupIsNotRestoredIntoTheOlderServer() throws Exception {
    Path dumpTools = dir.resolve("pg17-dump/bin");
    // Report 17.2 but do the work with the server's own tools, so the dump really happens.
    FakeTools.delegating(dumpTools, "pg_dump", "17.2", serverTool("pg_dump"));
    FakeTools.delegating(dumpTools, "pg_restore", "17.2", serverTool("pg_restore"));
    RunbookConfig refusing = config().binDir(dumpTools).toolsSearchRoot(emptyRoot).build();
    RunbookConfig optedIn = config().binDir(dumpTools).toolsSearchRoot(emptyRoot).allowNewerPgDump().build();

    ApplicationFailure refused = catchThrowableOfType(
        () -> backupActivities(refusing, dumpTools).preflight(TARGET), ApplicationFailure.class);
    BackupActivitiesImpl backup = backupActivities(optedIn, dumpTools);
    PreflightReport preflight = backup.preflight(TARGET);
    String key = BackupKeys.dumpKey(TARGET, TAKEN);
    DumpResult dump = backup.dump(TARGET, key);
    ApplicationFailure restoreRefused = catchThrowableOfType(
        () -> restoreActivities(optedIn, new PgTools(optedIn.tools(), dumpTools.toString()))
            .download(TARGET, key, dump.sha256(), WORKFLOW_ID, false),
        ApplicationFailure.class);

    assertThat(refused.getType()).isEqualTo("ClientToolsMismatch");
    assertThat(refused.getOriginalMessage()).contains("found pg_dump 17.2").endsWith("set tools.allowNewerPgDump: true");
    assertThat(preflight.tools()).extracting(ClientTool::version).containsExactly("17.2", "17.2");
    assertThat(dump.pgDumpVersion()).isEqualTo("17.2");
    assertThat(dump.pgDumpPath()).isEqualTo(dumpTools.resolve("pg_dump").toString());
    assertThat(restoreRefused.getType()).as("pg_restore 17 is never used for the older server")
        .isEqualTo("ClientToolsMismatch");
  }

  private BackupActivitiesImpl backupActivities(RunbookConfig config, Path path) {
    return new BackupActivitiesImpl(config, new Credentials(Map.of()), store, BackupMetrics.NONE, Clock.systemUTC(),
        new PgTools(config.tools(), path.toString()));
  }
}
