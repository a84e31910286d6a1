package dev.pgrunbooks.worker;

import static dev.pgrunbooks.worker.RestoreRuns.awaitStatus;
import static dev.pgrunbooks.worker.RestoreRuns.rootMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflow;
import dev.pgrunbooks.restore.RestoreMode;
import dev.pgrunbooks.restore.RestoreOutcome;
import dev.pgrunbooks.restore.RestoreRequest;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.VerifiedBackups;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swap-mode disaster recovery of a database owned by an application role, with grants to a read-write
 * role and one to a role the cluster no longer has: the runbook stops before the approval and before
 * anything is created, naming the role; with --create-missing-roles it completes and the application's
 * role can read and write the restored database.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class PrivilegesDisasterRecoveryTest {
  private static final String TARGET = "orders";
  private static final String WORKFLOW_ID = "restore-orders";

  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.timeSkipping(null);
  private LocalBackupStore store;
  private String live;
  private String owner;
  private String rw;
  private String gone;

  @BeforeEach
  void setUp() {
    owner = pg.createRole(false);
    rw = pg.createRole(false);
    gone = pg.createRole(false);
    live = "pv_dr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    pg.execute("postgres",
        "CREATE DATABASE " + live + " OWNER " + owner + " TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'",
        "ALTER DATABASE " + live + " SET search_path = app, public");
    pg.dropLater(live);
    pg.execute(live,
        "SET ROLE " + owner,
        "CREATE SCHEMA app",
        "CREATE TABLE app.orders (id bigserial PRIMARY KEY, note text)",
        "GRANT USAGE ON SCHEMA app TO " + rw,
        "GRANT SELECT, INSERT ON app.orders TO " + rw,
        "GRANT USAGE ON SEQUENCE app.orders_id_seq TO " + rw,
        "GRANT SELECT ON app.orders TO " + gone,
        "INSERT INTO app.orders (note) SELECT 'n' || g FROM generate_series(1, 10) g",
        "SELECT setval('app.orders_id_seq', 500)",
        "RESET ROLE");
    RunbookConfig config = TestConfig.localStore(dir.resolve("store"))
        .target(TARGET, live, t -> t.objectives("24h", "1h"))
        .worker(null, dir.resolve("work"))
        .build();
    store = new LocalBackupStore(dir.resolve("store"), "");
    temporal.runbooks(config);
    VerifiedBackups.take(config, store, TARGET, Instant.parse("2026-11-22T02:00:00Z"), "backup-orders-test");
    // The role goes away after the backup: the cluster the restore runs on lacks it.
    pg.execute(live, "REVOKE SELECT ON app.orders FROM " + gone);
    pg.execute("postgres", "DROP ROLE " + gone);
  }

  @AfterEach
  void tearDown() {
    pg.databasesBeside(live).forEach(pg::dropLater);
    pg.close();
  }

  @Test
  void aMissingRoleStopsTheRestoreBeforeTheApprovalAndCreateMissingRolesCompletesIt() throws Exception {
    DisasterRecoveryWorkflow refused = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test"));
    Throwable failed = catchThrowable(() -> WorkflowStub.fromTyped(refused).getResult(RestoreOutcome.class));

    assertThat(failed).isInstanceOf(WorkflowFailedException.class);
    assertThat(rootMessage(failed)).contains("lacks the role " + gone).contains("--create-missing-roles")
        .contains("nothing was changed");
    assertThat(pg.databasesBeside(live)).isEmpty();
    assertThat(pg.queryLong("postgres", "SELECT count(*) FROM pg_roles WHERE rolname = '" + gone + "'")).isZero();

    DisasterRecoveryWorkflow run = start(new RestoreRequest(TARGET, "latest", RestoreMode.SWAP, null, 600, "test",
        true));
    awaitStatus(run, RunbookStatus.AWAITING_APPROVAL);
    run.approve(new Approval(live, "alice"));
    RestoreOutcome outcome = WorkflowStub.fromTyped(run).getResult(RestoreOutcome.class);

    assertThat(outcome.database()).isEqualTo(live);
    assertThat(pg.queryLong(live, "SELECT count(*) FROM pg_tables WHERE tablename = 'orders' AND tableowner = '"
        + owner + "'")).isEqualTo(1);
    assertThat(pg.queryLong(live, "SELECT last_value FROM app.orders_id_seq")).isEqualTo(500);
    assertThat(pg.queryLong(live, "SELECT count(*) FROM app.orders WHERE has_table_privilege('" + gone
        + "', 'app.orders', 'SELECT')")).isEqualTo(10);
    try (Connection c = pg.connect(live); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL ROLE " + rw);
      st.execute("INSERT INTO orders (note) VALUES ('after the restore')"); // search_path from the database's settings
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(11);
      }
      c.rollback();
    }
    String report = new String(store.read(outcome.reportKey().replace(".json", ".md")), StandardCharsets.UTF_8);
    assertThat(report).contains("--create-missing-roles").contains(gone);
    pg.dropLater(outcome.keptDatabase());
  }

  private DisasterRecoveryWorkflow start(RestoreRequest request) {
    DisasterRecoveryWorkflow run = temporal.newWorkflow(DisasterRecoveryWorkflow.class, WORKFLOW_ID);
    WorkflowClient.start(run::restore, request);
    return run;
  }
}
