package dev.pgrunbooks.restore;

import dev.pgrunbooks.census.DatabaseCensus.DatabaseFacts;
import dev.pgrunbooks.census.RestoreMarkerSetting;
import dev.pgrunbooks.postgres.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creating, dropping, marking and renaming databases, over a connection to the server's maintenance
 * database (a database cannot be dropped or renamed from a session connected to it). Names are passed
 * as parameters where PostgreSQL takes them, and quoted as identifiers where it does not.
 */
final class DatabaseAdmin implements AutoCloseable {
  static final String MAINTENANCE_DATABASE = "postgres";
  /** SQLSTATE 55006 object_in_use: "database … is being accessed by other users". */
  static final String OBJECT_IN_USE = "55006";

  private final Connection connection;

  private DatabaseAdmin(Connection connection) {
    this.connection = connection;
  }

  static DatabaseAdmin open(PgTarget target) {
    return new DatabaseAdmin(target.connect(MAINTENANCE_DATABASE));
  }

  dev.pgrunbooks.postgres.ServerVersion serverVersion() throws SQLException {
    return dev.pgrunbooks.postgres.ServerVersion.of(connection);
  }

  boolean exists(String database) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The database's comment, if it has one. */
  Optional<String> comment(String database) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
      st.setString(1, database);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Ends every other session on {@code database}. */
  void terminateConnections(String database) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
      st.setString(1, database);
      st.executeQuery().close();
    }
  }

  /** Terminates its sessions and drops it; gone already is fine. */
  void drop(String database) throws SQLException {
    terminateConnections(database);
    execute("DROP DATABASE IF EXISTS " + SqlText.quoteIdentifier(database) + " WITH (FORCE)");
  }

  /** An empty database from template0, so nothing a template1 carries can clash with the dump. */
  void create(String database, String owner) throws SQLException {
    create(database, owner, null);
  }

  /**
   * An empty database from template0 with the source's encoding and locale ({@code facts}; null: the
   * cluster's defaults, for a backup that did not record them).
   */
  void create(String database, String owner, DatabaseFacts facts) throws SQLException {
    StringBuilder sql = new StringBuilder("CREATE DATABASE " + SqlText.quoteIdentifier(database) + " OWNER "
        + SqlText.quoteIdentifier(owner) + " TEMPLATE template0");
    if (facts != null) {
      sql.append(" ENCODING ").append(SqlText.quoteLiteral(facts.encoding()))
          .append(" LC_COLLATE ").append(SqlText.quoteLiteral(facts.collate()))
          .append(" LC_CTYPE ").append(SqlText.quoteLiteral(facts.ctype()));
      if ("icu".equals(facts.localeProvider())) {
        sql.append(" LOCALE_PROVIDER icu ICU_LOCALE ").append(SqlText.quoteLiteral(facts.icuLocale()));
      }
    }
    execute(sql.toString());
  }

  /** Leaves this restore's mark on {@code database}; see {@link RestoreMarkerSetting} for why it is not the comment. */
  void mark(String database, String markerValue) throws SQLException {
    execute("ALTER ROLE CURRENT_USER IN DATABASE " + SqlText.quoteIdentifier(database) + " SET "
        + RestoreMarkerSetting.NAME + " TO " + SqlText.quoteLiteral(markerValue));
  }

  /**
   * Whether {@code database} carries the mark {@code markerValue} (for any role), or, as restores before the
   * census marked theirs, the comment {@code legacyMarker}.
   */
  boolean isMarked(String database, String markerValue, String legacyMarker) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("""
        SELECT EXISTS (SELECT 1 FROM pg_db_role_setting s, unnest(s.setconfig) AS entry
                        WHERE s.setdatabase = d.oid AND entry = ?)
               OR shobj_description(d.oid, 'pg_database') = ?
          FROM pg_database d WHERE d.datname = ?""")) {
      st.setString(1, RestoreMarkerSetting.NAME + "=" + markerValue);
      st.setString(2, legacyMarker);
      st.setString(3, database);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Those of {@code roles} the cluster does not have, sorted. */
  List<String> missingRoles(List<String> roles) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(
        "SELECT r FROM unnest(?::text[]) AS r WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) ORDER BY 1")) {
      st.setArray(1, connection.createArrayOf("text", roles.toArray()));
      List<String> missing = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          missing.add(rs.getString(1));
        }
      }
      return missing;
    }
  }

  /** A role that cannot log in and has no password, commented with why it is there. */
  void createRole(String role, String comment) throws SQLException {
    execute("CREATE ROLE " + SqlText.quoteIdentifier(role) + " NOLOGIN");
    execute("COMMENT ON ROLE " + SqlText.quoteIdentifier(role) + " IS " + SqlText.quoteLiteral(comment));
  }

  /** Those of {@code roles} whose comment starts with {@code commentPrefix}, sorted. */
  List<String> rolesCommented(List<String> roles, String commentPrefix) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname = ANY (?::text[])"
        + " AND starts_with(coalesce(shobj_description(oid, 'pg_authid'), ''), ?) ORDER BY 1")) {
      st.setArray(1, connection.createArrayOf("text", roles.toArray()));
      st.setString(2, commentPrefix);
      List<String> found = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    }
  }

  /** {@code GRANT role TO member}; one already granted is fine. */
  void grantMembership(String role, String member) throws SQLException {
    execute("GRANT " + SqlText.quoteIdentifier(role) + " TO " + SqlText.quoteIdentifier(member));
  }

  /**
   * Why the cluster cannot create a database with this locale, or empty when it can. Probed by creating a
   * temporary collation in a transaction that is rolled back: nothing stays behind.
   */
  Optional<String> localeProblem(DatabaseFacts facts) throws SQLException {
    String definition = "icu".equals(facts.localeProvider())
        ? "provider = icu, locale = " + SqlText.quoteLiteral(facts.icuLocale())
        : "provider = libc, lc_collate = " + SqlText.quoteLiteral(facts.collate())
            + ", lc_ctype = " + SqlText.quoteLiteral(facts.ctype());
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE COLLATION pg_temp.pgrb_locale_probe (" + definition + ")");
      return Optional.empty();
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("08")) {
        throw e;
      }
      return Optional.of(e.getMessage());
    } finally {
      rollbackQuietly();
      connection.setAutoCommit(true);
    }
  }

  Connection connection() {
    return connection;
  }

  void setComment(String database, String comment) throws SQLException {
    execute("COMMENT ON DATABASE " + SqlText.quoteIdentifier(database) + " IS " + SqlText.quoteLiteral(comment));
  }

  void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  void rename(String from, String to) throws SQLException {
    execute("ALTER DATABASE " + SqlText.quoteIdentifier(from) + " RENAME TO " + SqlText.quoteIdentifier(to));
  }

  /**
   * In one transaction: end the sessions on both, rename {@code live} (if given) to {@code keepAs}, then
   * {@code restored} to {@code live}. Either both renames happen or neither.
   */
  void swap(String live, String restored, String keepAs, boolean liveExists) throws SQLException {
    connection.setAutoCommit(false);
    try {
      if (liveExists) {
        terminateConnections(live);
      }
      terminateConnections(restored);
      if (liveExists) {
        rename(live, keepAs);
      }
      rename(restored, live);
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is broken: the server rolls the transaction back itself.
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing is pending on it.
    }
  }
}
