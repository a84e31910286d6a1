package dev.pgrunbooks.restore;

import static dev.pgrunbooks.restore.RestoreHarness.TARGET;
import static dev.pgrunbooks.restore.RestoreHarness.WORKFLOW_ID;
import static dev.pgrunbooks.restore.RestoreHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.backup.TableCounts;
import dev.pgrunbooks.store.StoredJson;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.runbook.StepState;
import dev.pgrunbooks.runbook.TransferProgress;
import dev.pgrunbooks.testing.PgFixture;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore steps against real PostgreSQL and real backups: outcomes an SRE relies on. */
class RestoreActivitiesTest {
  /** Quotes, spaces and non-ASCII letters: must be quoted, never spliced. */
  private static final String ODD = "it's \"odd\" Zürich ✓";

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  /** The rich fixture plus the objects whose counting is easy to get wrong. */
  private String richSource() {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    pg.execute(source,
        "CREATE INDEX orders_status_idx ON sales.orders (status)", // partitioned: one parent + three partition indexes
        "CREATE INDEX line_items_order ON public.\"Line Items\" (order_id)",
        "CREATE UNIQUE INDEX status_counts_status ON sales.status_counts (status)",
        "CREATE TABLE public.serials (id serial PRIMARY KEY, ident bigint GENERATED ALWAYS AS IDENTITY, v text)",
        "INSERT INTO public.serials (v) SELECT 'v' || g FROM generate_series(1, 5) g",
        "CREATE FUNCTION sales.double_it(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x * 2'",
        "CREATE PROCEDURE sales.noop() LANGUAGE sql AS 'SELECT 1'",
        "CREATE AGGREGATE sales.total(int) (SFUNC = int4pl, STYPE = int)",
        "ALTER TABLE public.\"Line Items\" ADD CONSTRAINT li_unique UNIQUE (order_id, line)");
    return source;
  }

  @Test
  void richBackupRestoresIntoANewOddlyNamedDatabaseThatEqualsTheSourceAndPassesTheCheck() {
    String source = richSource();
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      BackupManifest manifest = h.backup();
      ResolvedBackup resolved = h.activities.resolveBackup(TARGET, "latest");
      assertThat(resolved.manifest()).isEqualTo(ManifestSummary.of(manifest));
      assertThat(resolved.liveDatabase()).isEqualTo(source);

      DownloadedBackup downloaded = h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false);
      assertThat(downloaded.tocEntries()).isEqualTo(manifest.tocEntries());
      assertThat(Path.of(downloaded.workFile())).exists().hasParent(h.workDir.toAbsolutePath().resolve(WORKFLOW_ID));
      assertThat(h.heartbeats).extracting(TransferProgress::phase).contains("downloaded");

      pg.dropLater(ODD);
      RestoredDatabase restored = h.activities.restore(TARGET, manifest.key(), manifest.sha256(), ODD, WORKFLOW_ID, false, false);
      assertThat(restored.database()).isEqualTo(ODD);
      assertThat(pg.contentHashes(ODD)).isEqualTo(pg.contentHashes(source));

      IntegrityReport report = h.activities.integrityCheck(TARGET, ODD, ManifestSummary.of(manifest));
      assertThat(report.differences()).isEmpty();
      assertThat(report.passed()).isTrue();
      assertThat(report.tablesChecked()).isEqualTo(manifest.rowCounts().size());
      // The per-table comparison is in the store, under the target's reports, not in the result.
      assertThat(report.detailKey()).startsWith(BackupKeys.detailsPrefix(TARGET));
      IntegrityDetail detail = StoredJson.read(h.store, report.detailKey(), IntegrityDetail.class);
      assertThat(detail.actualRows()).isEqualTo(manifest.rowCounts());
      assertThat(detail.expectedRows()).isEqualTo(manifest.rowCounts());
      // The dump's TOC and the database are counted alike: the source itself matches its own dump.
      ObjectCounts objects = report.expectedObjects();
      assertThat(report.actualObjects()).isEqualTo(objects);
      assertThat(objects.tables()).isEqualTo(10); // 6 plain + the partitioned parent + its 3 partitions
      assertThat(objects.views()).isEqualTo(2);
      assertThat(objects.functions()).isEqualTo(1);
      assertThat(objects.indexes()).isEqualTo(6); // not those behind PRIMARY KEY / UNIQUE constraints
      assertThat(objects.sequences()).isEqualTo(3);

      // Downloading again (a retry) keeps the checked file and does not fetch it again.
      int before = h.heartbeats.size();
      h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false);
      assertThat(h.heartbeats.subList(before, h.heartbeats.size())).extracting(TransferProgress::phase)
          .doesNotContain("downloaded");

      h.activities.removeWorkFiles(WORKFLOW_ID);
      h.activities.removeWorkFiles(WORKFLOW_ID);
      assertThat(h.workDir.resolve(WORKFLOW_ID)).doesNotExist();
    }
  }

  @Test
  void aRetriedRestoreStartsFromAFreshDatabaseAndAForeignOneIsRefused() {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      BackupManifest manifest = h.backup();
      String into = source + "_copy";
      pg.dropLater(into);
      h.direct.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);
      // As if pg_restore had been killed halfway and left some of its own work plus something else.
      pg.execute(into, "DELETE FROM sales.customers WHERE id > 10 AND NOT EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer_id = customers.id)",
          "CREATE TABLE leftover (x int)");

      // The retry (no work file on this "worker": it downloads again) recreates it.
      h.activities.removeWorkFiles(WORKFLOW_ID);
      h.direct.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);
      assertThat(pg.tables(into)).doesNotContain("public.leftover");
      assertThat(pg.contentHashes(into)).isEqualTo(pg.contentHashes(source));
      assertThat(h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest)).passed()).isTrue();

      // Someone else's database of that name is never dropped.
      String foreign = pg.createDatabase("foreign");
      pg.execute(foreign, "CREATE TABLE precious (x int)", "INSERT INTO precious VALUES (1)");
      ApplicationFailure refused = failureOf(catchThrowable(() ->
          h.activities.restore(TARGET, manifest.key(), manifest.sha256(), foreign, WORKFLOW_ID, false, false)));
      assertThat(refused.getType()).isEqualTo("DatabaseExists");
      assertThat(refused.isNonRetryable()).isTrue();
      assertThat(refused.getOriginalMessage()).contains(foreign).contains("choose another name or drop it yourself");
      assertThat(pg.queryLong(foreign, "SELECT count(*) FROM precious")).isEqualTo(1);

      // A restore run by another workflow does not count as ours either.
      ApplicationFailure otherRun = failureOf(catchThrowable(() ->
          h.direct.restore(TARGET, manifest.key(), manifest.sha256(), into, "restore-other", false, false)));
      assertThat(otherRun.getType()).isEqualTo("DatabaseExists");

      // replaceExisting (in-place) does replace it.
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), foreign, WORKFLOW_ID, true, false);
      assertThat(pg.tables(foreign)).doesNotContain("public.precious");
    }
  }

  @Test
  void swapPutsTheRestoredCopyInPlaceKeepsTheOldOneAndSwapsBack() {
    String live = "live " + ODD;
    pg.execute("postgres", "CREATE DATABASE " + PgFixture.quote(live));
    pg.dropLater(live);
    pg.loadRichSchema(live);
    try (RestoreHarness h = new RestoreHarness(dir, live)) {
      BackupManifest manifest = h.backup();
      Map<String, String> atBackup = pg.contentHashes(live);
      pg.execute(live, "INSERT INTO public.empty_table VALUES (42)");
      Map<String, String> afterBackup = pg.contentHashes(live);

      String staging = DatabaseNames.staging(live, "t1");
      String kept = DatabaseNames.keptBefore(live, "t1");
      pg.dropLater(staging);
      pg.dropLater(kept);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), staging, WORKFLOW_ID, false, false);
      LiveCounts before = h.activities.snapshotLiveCounts(TARGET, live);
      assertThat(before.exists()).isTrue();
      assertThat(before.tables()).isPositive();
      assertThat(StoredJson.read(h.store, before.countsKey(), TableCounts.class).rowCounts())
          .containsEntry("public.empty_table", 1L);

      h.activities.swapIntoPlace(TARGET, live, staging, kept, WORKFLOW_ID);
      h.activities.swapIntoPlace(TARGET, live, staging, kept, WORKFLOW_ID); // a retry: already done
      assertThat(pg.databaseExists(staging)).isFalse();
      assertThat(pg.contentHashes(live)).isEqualTo(atBackup);
      assertThat(pg.contentHashes(kept)).isEqualTo(afterBackup);

      // Abort: back the other way; the restored copy goes to the staging name for dropping.
      h.activities.swapIntoPlace(TARGET, live, kept, staging, WORKFLOW_ID);
      h.activities.swapIntoPlace(TARGET, live, kept, staging, WORKFLOW_ID);
      assertThat(pg.contentHashes(live)).isEqualTo(afterBackup);
      assertThat(pg.databaseExists(kept)).isFalse();
      h.activities.terminateAndDrop(TARGET, staging);
      h.activities.terminateAndDrop(TARGET, staging);
      assertThat(pg.databaseExists(staging)).isFalse();
    }
  }

  @Test
  void swapOfALostDatabaseJustRenamesAndSwapsSurviveAnOpenSession() throws Exception {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      BackupManifest manifest = h.backup();
      Map<String, String> hashes = pg.contentHashes(source);
      String staging = DatabaseNames.staging(source, "t2");
      String kept = DatabaseNames.keptBefore(source, "t2");
      pg.dropLater(staging);
      pg.dropLater(kept);
      h.direct.restore(TARGET, manifest.key(), manifest.sha256(), staging, WORKFLOW_ID, false, false);

      // An application session on the live database is cut off by the swap.
      try (var session = pg.connect(source); var st = session.createStatement()) {
        st.execute("SELECT 1");
        h.direct.swapIntoPlace(TARGET, source, staging, kept, WORKFLOW_ID);
      }
      assertThat(pg.databaseExists(kept)).isTrue();

      // The database was lost: only the restored copy is renamed into place.
      pg.dropDatabase(kept);
      pg.dropDatabase(source);
      assertThat(h.direct.snapshotLiveCounts(TARGET, source).exists()).isFalse();
      pg.dropLater(source);
      h.direct.restore(TARGET, manifest.key(), manifest.sha256(), staging, WORKFLOW_ID, false, false);
      h.direct.swapIntoPlace(TARGET, source, staging, kept, WORKFLOW_ID);
      h.direct.swapIntoPlace(TARGET, source, staging, kept, WORKFLOW_ID);
      assertThat(pg.contentHashes(source)).isEqualTo(hashes);
      assertThat(pg.databaseExists(kept)).isFalse();
    }
  }

  @Test
  void aDamagedOrTruncatedBackupIsRefusedBeforeAnythingIsCreated() throws Exception {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      BackupManifest manifest = h.backup();
      byte[] dump = h.store.read(manifest.key());

      byte[] flipped = dump.clone();
      flipped[flipped.length / 2] ^= 0x5a;
      h.store.put(manifest.key(), flipped);
      ApplicationFailure mismatch = failureOf(catchThrowable(() ->
          h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false)));
      assertThat(mismatch.getType()).isEqualTo("ChecksumMismatch");
      assertThat(mismatch.isNonRetryable()).isTrue();
      assertThat(mismatch.getOriginalMessage()).contains(manifest.key()).contains(manifest.sha256());
      assertThat(filesUnder(h.workDir)).isEmpty();

      // A restore step on another worker downloads too, and refuses before creating the database.
      String into = source + "_x";
      ApplicationFailure viaRestore = failureOf(catchThrowable(() ->
          h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false)));
      assertThat(viaRestore.getType()).isEqualTo("ChecksumMismatch");
      assertThat(pg.databaseExists(into)).isFalse();

      // Truncated, with a checksum that matches (the backup was cut short before it was checksummed).
      byte[] truncated = Arrays.copyOf(dump, dump.length / 3);
      String truncatedKey = BackupKeys.dumpKey(TARGET, Instant.parse("2026-11-23T02:00:00Z"));
      h.store.put(truncatedKey, truncated);
      String sha = java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(truncated));
      ApplicationFailure unreadable = failureOf(catchThrowable(() ->
          h.activities.download(TARGET, truncatedKey, sha, WORKFLOW_ID, false)));
      assertThat(unreadable.getType()).isEqualTo("UnreadableDump");
      assertThat(unreadable.isNonRetryable()).isTrue();
      assertThat(unreadable.getOriginalMessage()).contains("pg_restore");
      assertThat(filesUnder(h.workDir)).isEmpty();
    }
  }

  @Test
  void resolveRefusesMissingUnmanifestedAndAbsentBackupsNamingWhatToDo() {
    String source = pg.createDatabase();
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      ApplicationFailure none = failureOf(catchThrowable(() -> h.activities.resolveBackup(TARGET, "latest")));
      assertThat(none.getType()).isEqualTo("NoVerifiedBackup");
      assertThat(none.getOriginalMessage()).contains("runbook backup orders");

      String missing = BackupKeys.dumpKey(TARGET, Instant.parse("2026-01-01T00:00:00Z"));
      ApplicationFailure noSuch = failureOf(catchThrowable(() -> h.activities.resolveBackup(TARGET, missing)));
      assertThat(noSuch.getType()).isEqualTo("NoSuchBackup");
      assertThat(noSuch.getOriginalMessage()).contains(missing).contains("runbook backups orders");
      assertThat(failureOf(catchThrowable(() -> h.activities.resolveBackup(TARGET, "nonsense"))).getType())
          .isEqualTo("NoSuchBackup");

      h.store.put(missing, new byte[] {1, 2, 3});
      ApplicationFailure noManifest = failureOf(catchThrowable(() -> h.activities.resolveBackup(TARGET, missing)));
      assertThat(noManifest.getType()).isEqualTo("NoManifest");
      assertThat(noManifest.isNonRetryable()).isTrue();

      BackupManifest manifest = h.backup();
      assertThat(h.activities.resolveBackup(TARGET, manifest.key()).manifest()).isEqualTo(ManifestSummary.of(manifest));
    }
  }

  @Test
  void integrityCheckListsEachDifference() {
    String source = pg.createDatabase();
    pg.loadRichSchema(source);
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      BackupManifest manifest = h.backup();
      String into = source + "_chk";
      pg.dropLater(into);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);
      pg.execute(into, "DELETE FROM audit.events WHERE id % 2 = 0", "CREATE TABLE public.extra (x int)",
          "CREATE INDEX extra_x ON public.extra (x)", "DROP TABLE public.empty_table");

      IntegrityReport report = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));
      assertThat(report.passed()).isFalse();
      assertThat(report.differences()).containsExactlyInAnyOrder(
          "audit.events: expected 1000 rows, found 500",
          "public.empty_table: missing (the backup has 0 rows)",
          "public.extra: not in the backup (found 0 rows)",
          "indexes: the backup has 0, the restored database 1");
    }
  }

  @Test
  void migrateRunsTheCommandWithoutAShellAgainstTheRestoredDatabase() {
    String source = pg.createDatabase();
    String other = pg.createDatabase("mig");
    List<String> command = List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-At",
        "-c", "CREATE TABLE migrated (x int)", "-c", "SELECT current_database() || ' $HOME; `id`'");
    try (RestoreHarness h = new RestoreHarness(dir, source, t -> t.migrateCommand(command))) {
      String output = h.activities.migrate(TARGET, other);
      assertThat(output).contains(other + " $HOME; `id`");
      assertThat(pg.tables(other)).contains("public.migrated");
      assertThat(pg.tables(source)).doesNotContain("public.migrated");

      ApplicationFailure failed = failureOf(catchThrowable(() -> h.activities.migrate(TARGET, other)));
      assertThat(failed.getType()).isEqualTo("MigrationFailed");
      assertThat(failed.getOriginalMessage()).contains("already exists").contains("exit status");
    }
    try (RestoreHarness h = new RestoreHarness(dir.resolve("b"), source)) {
      assertThat(h.activities.migrate(TARGET, other)).isEqualTo("no migrateCommand configured");
    }
  }

  @Test
  void writeReportStoresJsonAndMarkdownBesideTheBackups() throws Exception {
    String source = pg.createDatabase();
    try (RestoreHarness h = new RestoreHarness(dir, source)) {
      Instant start = Instant.parse("2026-11-22T03:00:00Z");
      // The workflow hands over summaries; the per-table counts are in the store, where the report reads them.
      String detailKey = BackupKeys.detailsPrefix(TARGET) + "integrity.json";
      String liveKey = BackupKeys.detailsPrefix(TARGET) + "live.json";
      ObjectCounts objects = new ObjectCounts(1, 0, 0, 0, 0);
      StoredJson.put(h.store, detailKey, new IntegrityDetail(source, "orders/2026/11/x.dump", Map.of("public.t", 5L),
          Map.of("public.t", 5L), objects, objects, List.of()));
      StoredJson.put(h.store, liveKey, new TableCounts(source, start, Map.of("public.t", 7L)));
      IntegrityReport integrity = IntegrityReport.of(source, 1, objects, objects, List.of(), List.of(), detailKey);
      RestoreReport report = new RestoreReport(WORKFLOW_ID, TARGET, RestoreMode.SWAP, source, "orders/2026/11/x.dump",
          start.minusSeconds(3600), RestoreResult.SUCCEEDED, null, "alice", start, start.plusSeconds(90), 20_000, 90_000,
          new LiveCounts(source, true, 1, 7, start, liveKey), integrity,
          new HealthReport("http://app/health", true, "HTTP/1.1 200", "{\"status\":\"ok\"}", 2),
          List.of(new StepRecord("Restore", "pg_restore", StepState.SUCCEEDED, start, start.plusSeconds(30), null)),
          new ClientTool("pg_restore", "15.20", "/usr/lib/postgresql/15/bin/pg_restore"));
      String key = h.activities.writeReport(report);
      assertThat(key).startsWith(BackupKeys.reportsPrefix(TARGET)).endsWith(".json");

      JsonNode json = RestoreReportWriter.JSON.readTree(h.store.read(key));
      assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-22T03:00:00Z");
      assertThat(json.get("approvedBy").asText()).isEqualTo("alice");
      assertThat(json.get("rtoObjective").asText()).isEqualTo("1h");
      assertThat(json.get("rtoMet").asBoolean()).isTrue();
      assertThat(json.at("/before/rowCounts/public.t").asLong()).isEqualTo(7);
      assertThat(json.at("/integrity/expectedRows/public.t").asLong()).isEqualTo(5);
      assertThat(json.at("/integrity/actualRows/public.t").asLong()).isEqualTo(5);
      String md = new String(h.store.read(key.replace(".json", ".md")), StandardCharsets.UTF_8);
      assertThat(md).contains("orders/2026/11/x.dump").contains("alice").contains("| public.t | 7 | 5 | 5 |")
          .contains("RTO measured").contains("met").contains("HTTP/1.1 200").contains("| Restore | succeeded |");
    }
  }

  private static List<Path> filesUnder(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (var s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
