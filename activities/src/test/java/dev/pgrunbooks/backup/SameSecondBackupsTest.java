package dev.pgrunbooks.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.store.StoredObject;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backup runs stamped the same second (a schedule and a manual run, a reset): each gets its own key,
 * both commit and verify, and a run's cleanup never touches the other's backup.
 */
class SameSecondBackupsTest {
  private static final String KEY = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));

  @TempDir Path storeDir;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void bothRunsCommitVerifiedBackupsAndTheLosersDiscardLeavesTheWinnersAlone() {
    String source = pg.createDatabase();
    pg.execute(source, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 100)");
    RunbookConfig config = TestConfig.localStore(storeDir).target("orders", source).build();

    try (BackupHarness first = BackupHarness.asRun(config, "run-first");
        BackupHarness second = BackupHarness.asRun(config, "run-second")) {
      String winner = commit(first, KEY);
      List<String> winnersObjects = keysOf(first, winner);

      // The second run dumps, then fails before its commit: its DiscardDump, given the stamp's key,
      // removes its own dump only.
      DumpResult lost = second.activities.dump("orders", KEY);
      assertThat(lost.key()).isNotEqualTo(winner);
      second.activities.discardDump(KEY);
      assertThat(second.store.stat(lost.key())).isEmpty();
      assertThat(keysOf(first, winner)).isEqualTo(winnersObjects);
      // A run that wrote nothing discards nothing.
      try (BackupHarness third = BackupHarness.asRun(config, "run-third")) {
        third.activities.discardDump(KEY);
      }
      assertThat(keysOf(first, winner)).isEqualTo(winnersObjects);

      // Run again, the second run commits beside the first: two verified backups, one key each.
      String alsoCommitted = commit(second, KEY);
      assertThat(alsoCommitted).isEqualTo(BackupKeys.laterKey(KEY, 1));
      assertThat(BackupKeys.takenAt(alsoCommitted)).contains(Instant.parse("2026-11-22T02:00:01Z"));
      List<BackupEntry> backups = new BackupCatalog(first.store).list("orders");
      assertThat(backups).extracting(BackupEntry::key).containsExactlyInAnyOrder(winner, alsoCommitted);
      assertThat(backups).allMatch(BackupEntry::verified);
      for (String key : List.of(winner, alsoCommitted)) {
        StoredObject dump = first.store.stat(key).orElseThrow();
        String sha = new BackupCatalog(first.store).find("orders", key).orElseThrow().manifest().sha256();
        assertThat(first.activities.verify(key, sha, dump.sizeBytes()).sha256()).isEqualTo(sha);
      }
    }
  }

  @Test
  void aRetryOfTheSameRunKeepsItsKey() {
    String source = pg.createDatabase();
    RunbookConfig config = TestConfig.localStore(storeDir).target("orders", source).build();
    try (BackupHarness run = BackupHarness.asRun(config, "run-retried")) {
      assertThat(run.activities.dump("orders", KEY).key()).isEqualTo(KEY);
      assertThat(run.activities.dump("orders", KEY).key()).isEqualTo(KEY);
    }
  }

  private static String commit(BackupHarness run, String requested) {
    DumpResult dump = run.activities.dump("orders", requested);
    VerificationResult verified = run.activities.verify(dump.key(), dump.sha256(), dump.sizeBytes());
    run.activities.writeManifest(BackupManifest.of("orders", "orders", dump, verified, "backup-test"));
    return dump.key();
  }

  private static List<String> keysOf(BackupHarness run, String dumpKey) {
    String stem = dumpKey.substring(0, dumpKey.length() - BackupKeys.DUMP_SUFFIX.length());
    return run.store.list(stem).stream().map(o -> o.key() + ":" + o.sizeBytes()).toList();
  }
}
