package dev.pgrunbooks.restore;

import static dev.pgrunbooks.restore.RestoreHarness.TARGET;
import static dev.pgrunbooks.restore.RestoreHarness.WORKFLOW_ID;
import static dev.pgrunbooks.restore.RestoreHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.census.CensusStore;
import dev.pgrunbooks.census.DatabaseCensus;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.rehearsal.RehearsalActivitiesImpl;
import dev.pgrunbooks.rehearsal.RehearsalMetrics;
import dev.pgrunbooks.rehearsal.SmokeReport;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestTarget;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore gives the application back its database: owners, grants, default privileges, settings,
 * collation and sequence values as the source had them at backup time, checked by the integrity check.
 * The source is owned by an application owner role, grants to a read-write role, and uses LC_COLLATE C
 * (the cluster's default is not C).
 */
class PrivilegesRestoreTest {
  @TempDir Path dir;
  private final PgFixture pg = new PgFixture();
  private String owner;
  private String rw;
  private String source;

  @BeforeEach
  void applicationDatabase() {
    owner = pg.createRole(false);
    rw = pg.createRole(false);
    source = "pv_src_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    pg.execute("postgres",
        "CREATE DATABASE " + source + " OWNER " + owner + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
        "ALTER DATABASE " + source + " SET search_path = app, public",
        "ALTER DATABASE " + source + " SET statement_timeout = '17s'",
        "ALTER ROLE " + rw + " IN DATABASE " + source + " SET lock_timeout = '3s'",
        "REVOKE ALL ON DATABASE " + source + " FROM PUBLIC",
        "GRANT CONNECT, TEMPORARY ON DATABASE " + source + " TO " + rw,
        "COMMENT ON DATABASE " + source + " IS 'the shop''s orders'");
    pg.dropLater(source);
    pg.execute(source,
        "SET ROLE " + owner,
        "CREATE SCHEMA app",
        "CREATE TABLE app.orders (id bigserial PRIMARY KEY, note text NOT NULL CHECK (note <> ''))",
        "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
        "CREATE TRIGGER orders_touch BEFORE INSERT ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch()",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT ON TABLES TO " + rw,
        "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE ON SEQUENCES TO " + rw,
        "GRANT USAGE ON SCHEMA app TO " + rw,
        "GRANT SELECT, INSERT ON app.orders TO " + rw,
        "GRANT USAGE ON SEQUENCE app.orders_id_seq TO " + rw,
        "INSERT INTO app.orders (note) SELECT 'n' || g FROM generate_series(1, 20) g",
        "SELECT setval('app.orders_id_seq', 4242)",
        "RESET ROLE");
  }

  @AfterEach
  void dropEverything() {
    pg.close();
  }

  private RestoreHarness harness(UnaryOperator<TestTarget> settings) {
    return new RestoreHarness(dir, source, settings);
  }

  @Test
  void intoSwapAndInPlaceRestoresGiveTheApplicationItsDatabaseBackAndASmokeRoleRehearsalPasses() throws Exception {
    Path smoke = Files.writeString(dir.resolve("smoke.sql"), "SELECT count(*) = 20 FROM app.orders;\n");
    try (RestoreHarness h = harness(t -> t.smokeRole(rw).smokeSql(smoke.toString()))) {
      BackupManifest manifest = h.backup();
      assertThat(h.store.stat(BackupKeys.censusKey(manifest.key()))).isPresent();
      h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false);

      // --into
      String into = source + "_into";
      pg.dropLater(into);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);
      IntegrityReport intoCheck = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));
      assertThat(intoCheck.differences()).isEmpty();
      assertThat(intoCheck.passed()).isTrue();
      assertGivesTheApplicationItsDatabase(into);

      // a rehearsal's smoke queries as the application's role
      RehearsalActivitiesImpl rehearsal = new RehearsalActivitiesImpl(h.config, new Credentials(Map.of()), h.store,
          h.direct, RehearsalMetrics.NONE);
      SmokeReport asApplication = rehearsal.smokeQueries(TARGET, into);
      assertThat(asApplication.passed()).as("%s", asApplication).isTrue();
      pg.execute(into, "REVOKE SELECT ON app.orders FROM " + rw);
      SmokeReport denied = rehearsal.smokeQueries(TARGET, into);
      assertThat(denied.passed()).isFalse();
      assertThat(denied.queries().get(0).result()).contains("permission denied");

      // swap: restore beside the live database, then rename it into place
      String staging = source + "__restore_t";
      String kept = source + "__before_t";
      pg.dropLater(staging);
      pg.dropLater(kept);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), staging, WORKFLOW_ID, false, false);
      assertThat(h.activities.integrityCheck(TARGET, staging, ManifestSummary.of(manifest)).differences()).isEmpty();
      h.activities.swapIntoPlace(TARGET, source, staging, kept, WORKFLOW_ID);
      assertThat(h.activities.integrityCheck(TARGET, source, ManifestSummary.of(manifest)).differences()).isEmpty();
      assertGivesTheApplicationItsDatabase(source);

      // in-place: drop the live database, restore in its place
      h.activities.terminateAndDrop(TARGET, source);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), source, WORKFLOW_ID, true, false);
      assertThat(h.activities.integrityCheck(TARGET, source, ManifestSummary.of(manifest)).differences()).isEmpty();
      assertGivesTheApplicationItsDatabase(source);
    }
  }

  @Test
  void privilegesThatDifferFromTheBackupFailTheCheckNamingTheObject() {
    try (RestoreHarness h = harness(t -> t)) {
      BackupManifest manifest = h.backup();
      String into = source + "_into";
      pg.dropLater(into);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);
      pg.execute(into, "ALTER TABLE app.orders OWNER TO " + PgFixture.USER, "REVOKE INSERT ON app.orders FROM " + rw);

      IntegrityReport report = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));

      assertThat(report.passed()).isFalse();
      assertThat(report.differences())
          .contains("app.orders: owner is " + PgFixture.USER + ", the backup had " + owner)
          .anySatisfy(d -> assertThat(d).startsWith("app.orders: lacks the grants ").contains(rw + "=ar/" + owner));
    }
  }

  @Test
  void aRoleTheClusterLacksStopsTheRestoreBeforeAnythingIsCreatedUnlessItMayCreateIt() {
    String gone = pg.createRole(false);
    String member = pg.createRole(false);
    // member is needed too (a grantee), so its membership in gone is one "among the roles the database needs".
    pg.execute(source, "GRANT SELECT ON app.orders TO " + gone, "GRANT USAGE ON SCHEMA app TO " + member,
        "GRANT " + gone + " TO " + member);
    try (RestoreHarness h = harness(t -> t)) {
      BackupManifest manifest = h.backup();
      pg.execute(source, "REVOKE SELECT ON app.orders FROM " + gone);
      pg.execute("postgres", "DROP ROLE " + gone);
      String into = source + "_into";
      pg.dropLater(into);

      ApplicationFailure atDownload = failureOf(catchThrowable(() ->
          h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false)));
      ApplicationFailure atRestore = failureOf(catchThrowable(() ->
          h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false)));

      for (ApplicationFailure f : new ApplicationFailure[] {atDownload, atRestore}) {
        assertThat(f.getType()).isEqualTo("MissingRoles");
        assertThat(f.getOriginalMessage()).contains("lacks the role " + gone + " ")
            .contains("nothing was changed").contains("--create-missing-roles").contains("privileges: drop");
      }
      assertThat(pg.databaseExists(into)).isFalse();
      assertThat(pg.databasesStartingWith("pgrb_creating_")).isEmpty();

      h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, true);
      RestoredDatabase restored =
          h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, true);
      assertThat(pg.queryLong("postgres", "SELECT count(*) FROM pg_authid WHERE rolname = '" + gone
          + "' AND NOT rolcanlogin AND rolpassword IS NULL")).isEqualTo(1);
      assertThat(pg.queryLong(into, "SELECT count(*) FROM app.orders WHERE has_table_privilege('" + gone
          + "', 'app.orders', 'SELECT')")).isEqualTo(20);
      assertThat(pg.queryLong("postgres", "SELECT count(*) FROM pg_auth_members WHERE roleid = '" + gone
          + "'::regrole AND member = '" + member + "'::regrole")).as("membership").isEqualTo(1);
      IntegrityReport report = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));
      assertThat(report.passed()).as("%s", report.differences()).isTrue();
      assertThat(report.notes()).anySatisfy(n -> assertThat(n).contains("--create-missing-roles").contains(gone));
      assertThat(restored.createdRoles()).isEmpty(); // the Download step created it already
    }
  }

  @Test
  void aCollationTheClusterLacksStopsTheRestoreBeforeAnythingIsCreated() {
    try (RestoreHarness h = harness(t -> t)) {
      BackupManifest manifest = h.backup();
      DatabaseCensus census = CensusStore.read(h.store, manifest.key()).orElseThrow();
      DatabaseCensus.DatabaseFacts f = census.database();
      CensusStore.write(h.store, manifest.key(), new DatabaseCensus(census.version(),
          new DatabaseCensus.DatabaseFacts(f.owner(), f.encoding(), "xx_YY.UTF-8", f.ctype(), f.localeProvider(),
              f.icuLocale(), f.comment(), f.acl(), f.settings()),
          census.roles(), census.objects(), census.defaultPrivileges(), census.sequences(), census.tables()));
      String into = source + "_into";
      pg.dropLater(into);

      ApplicationFailure f1 = failureOf(catchThrowable(() ->
          h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false)));

      assertThat(f1.getType()).isEqualTo("MissingCollation");
      assertThat(f1.getOriginalMessage()).contains("xx_YY.UTF-8").contains("nothing was changed");
      assertThat(pg.databaseExists(into)).isFalse();
    }
  }

  @Test
  void privilegesDropRestoresWithoutOwnersAndGrantsAndSaysWhatItDidNotCompare() {
    try (RestoreHarness h = harness(t -> t.privileges("drop"))) {
      BackupManifest manifest = h.backup();
      String into = source + "_into";
      pg.dropLater(into);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);

      IntegrityReport report = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));

      assertThat(report.passed()).as("%s", report.differences()).isTrue();
      assertThat(report.notes()).anySatisfy(n -> assertThat(n).startsWith("privileges: drop"));
      assertThat(text(into, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
          .isEqualTo(PgFixture.USER);
      assertThat(text(into, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).isEqualTo(PgFixture.USER);
      assertThat(text(into, "SELECT datcollate FROM pg_database WHERE datname = current_database()")).isEqualTo("C");
    }
  }

  @Test
  void aBackupMadeBeforeCensusesIsRestoredAsBeforeAndTheReportSaysWhatWasNotChecked() {
    try (RestoreHarness h = harness(t -> t)) {
      BackupManifest manifest = h.backup();
      h.store.delete(BackupKeys.censusKey(manifest.key()));
      String into = source + "_into";
      pg.dropLater(into);
      h.activities.download(TARGET, manifest.key(), manifest.sha256(), WORKFLOW_ID, false);
      h.activities.restore(TARGET, manifest.key(), manifest.sha256(), into, WORKFLOW_ID, false, false);

      IntegrityReport report = h.activities.integrityCheck(TARGET, into, ManifestSummary.of(manifest));

      assertThat(report.passed()).isTrue();
      assertThat(report.notes()).singleElement().asString()
          .contains("made before backups recorded their privileges").contains("were not checked");
      assertThat(text(into, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).isEqualTo(PgFixture.USER);
    }
  }

  /** What the application and its operators would look at, compared with the source as it was at backup time. */
  private void assertGivesTheApplicationItsDatabase(String db) throws SQLException {
    assertThat(text(db, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
        .isEqualTo(owner);
    assertThat(text(db, "SELECT datcollate || '/' || datctype FROM pg_database WHERE datname = current_database()"))
        .isEqualTo("C/C");
    assertThat(text(db, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"))
        .isEqualTo("the shop's orders");
    assertThat(text(db, "SELECT tableowner FROM pg_tables WHERE schemaname = 'app' AND tablename = 'orders'"))
        .isEqualTo(owner);
    assertThat(text(db, "SELECT last_value::text FROM app.orders_id_seq")).isEqualTo("4242");
    assertThat(text(db, "SHOW search_path")).isEqualTo("app, public");
    assertThat(text(db, "SHOW statement_timeout")).isEqualTo("17s");
    assertThat(text(db, "SELECT string_agg(array_to_string(setconfig, ','), ';') FROM pg_db_role_setting"
        + " WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
        + " AND setrole = '" + rw + "'::regrole")).isEqualTo("lock_timeout=3s");
    assertThat(text(db, "SELECT count(*)::text FROM pg_default_acl WHERE defaclrole = '" + owner + "'::regrole"))
        .isEqualTo("2");
    assertThat(text(db, "SELECT has_database_privilege('" + rw + "', current_database(), 'CONNECT')"
        + " AND NOT has_database_privilege('public', current_database(), 'CONNECT')")).isEqualTo("t");
    // The read-write role can read and write, and a table its owner creates later is granted by default.
    try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL ROLE " + rw);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM app.orders")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(20);
      }
      try (ResultSet rs = st.executeQuery("INSERT INTO app.orders (note) VALUES ('new') RETURNING id")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(4243);
      }
      st.execute("SET LOCAL ROLE " + owner);
      st.execute("CREATE TABLE app.later (id int)");
      st.execute("SET LOCAL ROLE " + rw);
      st.execute("INSERT INTO app.later VALUES (1)");
      c.rollback();
    }
  }

  private String text(String db, String sql) {
    try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
