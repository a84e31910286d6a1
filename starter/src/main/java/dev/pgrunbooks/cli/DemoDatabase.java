package dev.pgrunbooks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's sample application database on the local PostgreSQL, reached with the standard
 * {@code PGHOST}/{@code PGPORT}/{@code PGUSER}/{@code PGPASSWORD} variables. Recreated on every run
 * so the demo can run again and again.
 */
final class DemoDatabase {
  static final String NAME = "pgrunbooks_demo";
  static final List<String> TABLES = List.of("users", "masters", "availability_blocks", "bookings");
  private static final String SCHEMA = "sample-data.sql";

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;

  DemoDatabase(String host, int port, String user, String password, String database) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  static DemoDatabase fromEnvironment(Map<String, String> env, String database) {
    String host = env.getOrDefault("PGHOST", "127.0.0.1");
    // A socket directory is libpq's; JDBC and the worker's connection need TCP.
    if (host.isBlank() || host.startsWith("/")) {
      host = "127.0.0.1";
    }
    String port = env.getOrDefault("PGPORT", "5432");
    try {
      return new DemoDatabase(host, Integer.parseInt(port.trim()), env.getOrDefault("PGUSER", "postgres"),
          env.get("PGPASSWORD"), database);
    } catch (NumberFormatException e) {
      throw CliException.badInput("PGPORT='" + port + "' is not a port number; set it to e.g. 5432");
    }
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  String user() {
    return user;
  }

  boolean hasPassword() {
    return password != null;
  }

  String database() {
    return database;
  }

  String describe() {
    return database + " on " + host + ":" + port + " as " + user;
  }

  /** Drops the database if it exists, creates it and loads the sample schema and rows. */
  Map<String, Long> recreate() {
    try (Connection admin = connect("postgres"); Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
      sql.execute("CREATE DATABASE " + quoted(database));
    } catch (SQLException e) {
      throw unreachable(e);
    }
    try (Connection db = connect(database); Statement sql = db.createStatement()) {
      sql.execute(schema());
      return rowCounts(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("loading the sample data into " + database + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Drops what earlier demos' restores left beside the sample database: the old database a swap keeps
   * ({@code <db>__before_<id>}) and a staging copy an interrupted restore left ({@code <db>__restore_<id>}).
   * Only names of exactly that shape are touched.
   *
   * @return the databases dropped
   */
  List<String> dropRestoreLeftovers() {
    List<String> dropped = new ArrayList<>();
    try (Connection admin = connect("postgres"); Statement sql = admin.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = sql.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        if (isRestoreLeftover(name)) {
          sql.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
          dropped.add(name);
        }
      }
    } catch (SQLException e) {
      throw unreachable(e);
    }
    return dropped;
  }

  boolean isRestoreLeftover(String name) {
    return name.startsWith(database + "__before_") || name.startsWith(database + "__restore_");
  }

  /** Drops the database; used by tests. */
  void drop() {
    try (Connection admin = connect("postgres"); Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
    } catch (SQLException e) {
      throw unreachable(e);
    }
  }

  private static Map<String, Long> rowCounts(Statement sql) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        counts.put(table, rs.getLong(1));
      }
    }
    return counts;
  }

  private Connection connect(String db) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "pg-runbooks demo");
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, props);
  }

  private CliException unreachable(SQLException e) {
    return CliException.badInput("cannot prepare the demo database on PostgreSQL at " + host + ":" + port
        + " as " + user + " (" + FailureHandler.oneLine(e.getMessage()) + "); start PostgreSQL or set "
        + "PGHOST/PGPORT/PGUSER/PGPASSWORD");
  }

  private static String schema() {
    try (InputStream in = DemoDatabase.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing from the classpath; rebuild with mvn package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
