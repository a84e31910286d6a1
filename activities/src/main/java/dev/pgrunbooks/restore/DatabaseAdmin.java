package dev.pgrunbooks.restore;

import dev.pgrunbooks.postgres.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  /** The database's comment (where a restore leaves its marker), if it has one. */
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
    execute("CREATE DATABASE " + SqlText.quoteIdentifier(database) + " OWNER " + SqlText.quoteIdentifier(owner)
        + " TEMPLATE template0");
  }

  void setComment(String database, String comment) throws SQLException {
    execute("COMMENT ON DATABASE " + SqlText.quoteIdentifier(database) + " IS " + SqlText.quoteLiteral(comment));
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

  private void execute(String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
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
