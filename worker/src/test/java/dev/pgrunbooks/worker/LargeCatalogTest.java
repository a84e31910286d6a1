package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalOutcome;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.rehearsal.RehearsalWorkflow;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.testing.HistoryPayloads;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema-per-tenant database with tens of thousands of tables: backup, restore {@code --into} and a
 * rehearsal complete, and no payload in their histories comes near Temporal's limits (2 MB refused, 512 KB
 * warned about): per-table counts stay in the store, workflows carry keys and summaries.
 *
 * <p>pg_dump takes an ACCESS SHARE lock on every table in one transaction, and the row counts taken in the
 * dump's snapshot hold as many again until the dump ends. The server's lock table has
 * {@code max_locks_per_transaction × (max_connections + max_prepared_transactions)} slots, shared by every
 * session: 64 × 100 = 6 400 by default, too few for 30 000 tables. An operator with such a catalog raises
 * {@code max_locks_per_transaction} (e.g. to 1024) and restarts PostgreSQL; here the test is skipped, saying
 * so, when the server is not configured for it. {@code -Dpgrunbooks.largeCatalog.tables=N} runs it with
 * fewer tables; the table names are long so that even 2 000 tables would have put over 256 KB into one
 * payload the way the counts used to travel (expected and actual counts in the integrity report).
 */
class LargeCatalogTest {
  private static final int TABLES = Integer.getInteger("pgrunbooks.largeCatalog.tables", 30_000);
  private static final int SCHEMAS = 100;
  private static final int PAYLOAD_LIMIT = 256 * 1024;
  private static final String TARGET = "largecatalog";
  /** 47 characters: {@code tenant_042.tenant_ledger_..._00017} makes a 60-character key per table. */
  private static final String TABLE_PREFIX = "tenant_ledger_entries_with_a_long_name_";

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.inMemory();

  @AfterEach
  void dropDatabases() {
    pg.dropLaterAllStartingWith("rehearsal_" + TARGET);
    pg.close();
  }

  @Test
  void backupRestoreIntoAndRehearsalOfTensOfThousandsOfTablesKeepEveryPayloadSmall() {
    long lockSlots = pg.queryLong("postgres", "SELECT current_setting('max_locks_per_transaction')::bigint"
        + " * (current_setting('max_connections')::bigint + current_setting('max_prepared_transactions')::bigint)");
    // pg_dump's locks and the snapshot's row counts at once, with room left for everybody else's sessions.
    long needed = 2L * TABLES + 2_000;
    System.out.printf("lock table: %d slots (max_locks_per_transaction × (max_connections +"
        + " max_prepared_transactions)); %d tables need about %d%n", lockSlots, TABLES, needed);
    assumeTrue(lockSlots >= needed, "this PostgreSQL server's lock table has " + lockSlots + " slots"
        + " (max_locks_per_transaction × (max_connections + max_prepared_transactions)); dumping " + TABLES
        + " tables needs about " + needed + ": raise max_locks_per_transaction to at least "
        + (needed / 100 + 1) + " (with max_connections 100) and restart PostgreSQL, or run with"
        + " -Dpgrunbooks.largeCatalog.tables=N for fewer tables");

    long started = System.nanoTime();
    String db = pg.createDatabase("catalog");
    createTenantTables(db);
    assertThat(pg.queryLong(db, "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'tenant\\_%'"))
        .isEqualTo(TABLES);
    long created = System.nanoTime();
    System.out.printf("created %d tables in %d schemas in %d s%n", TABLES, SCHEMAS, seconds(started, created));

    RunbookConfig config = TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, db)
        .worker(null, dir.resolve("work"))
        .build();
    temporal.runbooks(config);

    BackupOutcome backup = temporal.newWorkflow(BackupWorkflow.class, "backup-" + TARGET + "-test")
        .backup(new BackupRequest(TARGET, "test"));
    long backedUp = System.nanoTime();
    assertThat(backup.tablesCounted()).isEqualTo(TABLES);
    System.out.printf("backup: %d s, %d bytes, %d tables counted%n", seconds(created, backedUp), backup.sizeBytes(),
        backup.tablesCounted());

    String into = "catalog_into_" + Long.toHexString(System.nanoTime());
    pg.dropLater(into);
    RestoreOutcome restored = temporal.newWorkflow(DisasterRecoveryWorkflow.class, "restore-" + TARGET + "-test")
        .restore(new RestoreRequest(TARGET, "latest", null, into, 600, "test"));
    long restoredAt = System.nanoTime();
    assertThat(restored.database()).isEqualTo(into);
    assertThat(pg.queryLong(into, "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 'tenant\\_%'"))
        .isEqualTo(TABLES);
    System.out.printf("restore --into: %d s (integrity check passed: every table's rows counted)%n",
        seconds(backedUp, restoredAt));

    RehearsalOutcome rehearsal = temporal.newWorkflow(RehearsalWorkflow.class, "rehearsal-" + TARGET + "-test")
        .rehearse(new RehearsalRequest(TARGET, "latest", "test", null));
    long rehearsed = System.nanoTime();
    assertThat(rehearsal.backupKey()).isEqualTo(backup.key());
    System.out.printf("rehearsal: %d s%n", seconds(restoredAt, rehearsed));

    for (String workflowId : new String[] {"backup-" + TARGET + "-test", "restore-" + TARGET + "-test",
        "rehearsal-" + TARGET + "-test"}) {
      HistoryPayloads.Largest largest = HistoryPayloads.largest(temporal.history(workflowId));
      System.out.printf("%s: largest payload %s%n", workflowId, largest);
      assertThat(largest.bytes()).as("largest payload of %s: %s", workflowId, largest).isLessThan(PAYLOAD_LIMIT);
    }
    System.out.printf("large catalog test: %d s in all%n", seconds(started, System.nanoTime()));
  }

  /** One transaction per schema: a few hundred new tables' locks at a time, not tens of thousands. */
  private void createTenantTables(String db) {
    int perSchema = (TABLES + SCHEMAS - 1) / SCHEMAS;
    for (int s = 0; s < SCHEMAS; s++) {
      int first = s * perSchema + 1;
      int last = Math.min(TABLES, first + perSchema - 1);
      if (first > last) {
        break;
      }
      String schema = String.format("tenant_%03d", s);
      pg.execute(db, """
          DO $$
          BEGIN
            CREATE SCHEMA %1$s;
            FOR i IN %2$d..%3$d LOOP
              -- No primary key, no toastable column: one relation per table, as cheap as a table gets.
              EXECUTE format('CREATE TABLE %1$s.%%I (id int, amount bigint)', '%4$s' || lpad(i::text, 5, '0'));
              EXECUTE format('INSERT INTO %1$s.%%I VALUES (1, %%s), (2, %%s)', '%4$s' || lpad(i::text, 5, '0'), i, i * 2);
            END LOOP;
          END $$""".formatted(schema, first, last, TABLE_PREFIX));
    }
  }

  private static long seconds(long from, long to) {
    return TimeUnit.NANOSECONDS.toSeconds(to - from);
  }
}
