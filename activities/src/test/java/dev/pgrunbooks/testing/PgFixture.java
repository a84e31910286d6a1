package dev.pgrunbooks.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Real PostgreSQL for tests: uniquely named databases and roles that {@link #close()} drops again,
 * SQL, row counts and content hashes per table to prove two databases hold the same data, pg_restore
 * into a fresh database. Configurations pointing at its databases come from {@link TestConfig}.
 *
 * <p>Server from {@code PGRB_TEST_PGHOST} / {@code PGRB_TEST_PGPORT} / {@code PGRB_TEST_PGUSER}, by
 * default 127.0.0.1:5432 as postgres with trust authentication. Use one per test:
 * {@code try (PgFixture pg = new PgFixture()) { String db = pg.createDatabase(); ... }}.
 */
public final class PgFixture implements AutoCloseable {
  public static final String HOST = env("PGRB_TEST_PGHOST", "127.0.0.1");
  public static final int PORT = Integer.parseInt(env("PGRB_TEST_PGPORT", "5432"));
  public static final String USER = env("PGRB_TEST_PGUSER", "postgres");

  private final List<String> databases = Collections.synchronizedList(new ArrayList<>());
  private final List<String> roles = Collections.synchronizedList(new ArrayList<>());

  /** A fresh empty database {@code t_<random>}, dropped by {@link #close()}. */
  public String createDatabase() {
    return createDatabase("t");
  }

  /** A fresh empty database {@code <prefix>_<random>}, dropped by {@link #close()}. */
  public String createDatabase(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("postgres", "CREATE DATABASE " + quote(name));
    databases.add(name);
    return name;
  }

  /** Remember a database created some other way (e.g. by a restore under test) so close() drops it. */
  public void dropLater(String database) {
    databases.add(database);
  }

  public void dropDatabase(String database) {
    execute("postgres", "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    databases.remove(database);
  }

  /** A fresh role {@code r_<random>}, dropped by {@link #close()}. */
  public String createRole(boolean canLogin) {
    String name = "r_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("postgres", "CREATE ROLE " + quote(name) + (canLogin ? " LOGIN" : " NOLOGIN"));
    roles.add(name);
    return name;
  }

  public boolean databaseExists(String database) {
    return queryLong("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'") > 0;
  }

  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("ApplicationName", "pg-runbooks-tests");
    return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/"
        + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8), props);
  }

  /** Runs each statement in {@code database}, autocommit. */
  public void execute(String database, String... statements) {
    try (Connection c = connect(database); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("in " + database + ": " + e.getMessage(), e);
    }
  }

  public long queryLong(String database, String sql) {
    try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("in " + database + ": " + e.getMessage(), e);
    }
  }

  /** Every user table (incl. leaf partitions), keyed {@code format('%I.%I')}, sorted. */
  public List<String> tables(String database) {
    List<String> tables = new ArrayList<>();
    try (Connection c = connect(database); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("""
            SELECT format('%I.%I', n.nspname, c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1""")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("in " + database + ": " + e.getMessage(), e);
    }
    return tables;
  }

  /** Rows per table. */
  public Map<String, Long> rowCounts(String database) {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tables(database)) {
      counts.put(table, queryLong(database, "SELECT count(*) FROM ONLY " + table));
    }
    return counts;
  }

  /** md5 of every table's rows as text, in a fixed order: equal hashes, equal data. */
  public Map<String, String> contentHashes(String database) {
    Map<String, String> hashes = new TreeMap<>();
    try (Connection c = connect(database); Statement st = c.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
      for (String table : tables(database)) {
        try (ResultSet rs = st.executeQuery("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
            + " FROM ONLY " + table + " t")) {
          rs.next();
          hashes.put(table, rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("in " + database + ": " + e.getMessage(), e);
    }
    return hashes;
  }

  /** pg_restore a dump file into a new database; returns its name. */
  public String restore(Path dumpFile) {
    try (InputStream in = Files.newInputStream(dumpFile)) {
      return restore(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dumpFile, e);
    }
  }

  /** pg_restore a dump streamed on pg_restore's stdin into a new database; returns its name. */
  public String restore(InputStream dump) {
    String database = createDatabase("restored");
    restoreInto(database, dump);
    return database;
  }

  public void restoreInto(String database, InputStream dump) {
    ProcessBuilder builder = new ProcessBuilder("pg_restore", "--no-owner", "--exit-on-error", "-d", database);
    builder.environment().putAll(Map.of("PGHOST", HOST, "PGPORT", String.valueOf(PORT), "PGUSER", USER));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = builder.start();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      try (OutputStream stdin = p.getOutputStream()) {
        dump.transferTo(stdin);
      } catch (IOException e) {
        // pg_restore stopped reading: its exit status and stderr say why.
      }
      int exit = p.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("pg_restore into " + database + " failed (" + exit + "): " + stderr.join());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run pg_restore", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Databases on this server whose name starts with {@code prefix}, sorted: what a runbook under test made
   * by a naming rule (scratch databases of rehearsals, copies kept beside a restored database).
   */
  public List<String> databasesStartingWith(String prefix) {
    List<String> names = new ArrayList<>();
    try (Connection c = connect("postgres");
        var st = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY 1")) {
      st.setString(1, prefix);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** Databases named {@code <database>__…}: the staging and kept copies restores and rollbacks make beside it. */
  public List<String> databasesBeside(String database) {
    return databasesStartingWith(database + "__");
  }

  /** Leaves every database whose name starts with {@code prefix} for {@link #close()} to drop. */
  public void dropLaterAllStartingWith(String prefix) {
    databasesStartingWith(prefix).forEach(this::dropLater);
  }

  /**
   * Adds {@code public.big} ({@code rows} rows of about 70 bytes) to {@code database}: large enough that
   * dumping or restoring it takes seconds, so a kill lands inside the step being tested.
   */
  public void addBigTable(String database, long rows) {
    execute(database, "CREATE TABLE public.big AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload "
        + "FROM generate_series(1, " + rows + ") g");
  }

  /**
   * Several schemas, an enum, a partitioned table with three partitions, non-ASCII identifiers and data,
   * a sequence, a view, a materialized view, an empty table; about six thousand rows.
   */
  public void loadRichSchema(String database) {
    execute(database,
        "SET TIME ZONE 'UTC'",
        "CREATE SCHEMA sales",
        "CREATE SCHEMA audit",
        "CREATE SCHEMA \"Zürich\"",
        "CREATE TYPE sales.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled')",
        "CREATE SEQUENCE audit.event_no START 1000",
        """
        CREATE TABLE sales.customers (
          id bigint PRIMARY KEY,
          name text NOT NULL,
          email text UNIQUE,
          created_at timestamptz NOT NULL)""",
        """
        CREATE TABLE sales.orders (
          id bigint NOT NULL,
          customer_id bigint NOT NULL REFERENCES sales.customers (id),
          status sales.order_status NOT NULL,
          placed_on date NOT NULL,
          amount numeric(12, 2),
          PRIMARY KEY (id, placed_on)) PARTITION BY RANGE (placed_on)""",
        "CREATE TABLE sales.orders_2025 PARTITION OF sales.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "CREATE TABLE sales.orders_2026 PARTITION OF sales.orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "CREATE TABLE sales.orders_other PARTITION OF sales.orders DEFAULT",
        """
        CREATE TABLE "Zürich"."Bestellungen" (
          nr integer PRIMARY KEY,
          "Grußtext" text,
          payload jsonb,
          tags text[])""",
        """
        CREATE TABLE audit.events (
          id bigint PRIMARY KEY DEFAULT nextval('audit.event_no'),
          at timestamptz NOT NULL,
          detail jsonb,
          raw bytea)""",
        "CREATE TABLE public.\"Line Items\" (order_id bigint, line int, qty int, note text)",
        "CREATE TABLE public.empty_table (id int)",
        """
        INSERT INTO sales.customers
        SELECT g, 'Customer ' || g, 'c' || g || '@example.org',
               timestamptz '2025-01-01 00:00:00+00' + g * interval '1 hour'
          FROM generate_series(1, 500) g""",
        """
        INSERT INTO sales.orders
        SELECT g, 1 + g % 500,
               (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + g % 4]::sales.order_status,
               date '2024-06-01' + (g % 900),
               round((g * 7.31)::numeric % 1000, 2)
          FROM generate_series(1, 3000) g""",
        """
        INSERT INTO "Zürich"."Bestellungen"
        SELECT g, 'Grüße 日本語 ' || g || ' — ½ € ✓',
               jsonb_build_object('n', g, 'stadt', 'Zürich', 'note', 'naïve café'),
               ARRAY['ä', 'ö', 'ü', g::text]
          FROM generate_series(1, 300) g""",
        """
        INSERT INTO audit.events (at, detail, raw)
        SELECT timestamptz '2025-03-01 00:00:00+00' + g * interval '1 minute',
               CASE WHEN g % 10 = 0 THEN NULL ELSE jsonb_build_object('event', g) END,
               decode(md5(g::text), 'hex')
          FROM generate_series(1, 1000) g""",
        """
        INSERT INTO public."Line Items"
        SELECT 1 + g / 3, g % 3, g % 7, CASE WHEN g % 5 = 0 THEN NULL ELSE 'line ' || g END
          FROM generate_series(1, 1200) g""",
        """
        CREATE VIEW sales.order_totals AS
        SELECT customer_id, count(*) AS orders, sum(amount) AS total FROM sales.orders GROUP BY customer_id""",
        """
        CREATE MATERIALIZED VIEW sales.status_counts AS
        SELECT status, count(*) AS n FROM sales.orders GROUP BY status""");
  }

  /** Drops every database and role this fixture created. */
  @Override
  public void close() {
    List<String> failures = new ArrayList<>();
    for (String db : new ArrayList<>(databases)) {
      try {
        dropDatabase(db);
      } catch (RuntimeException e) {
        failures.add(db + ": " + e.getMessage());
      }
    }
    for (String role : new ArrayList<>(roles)) {
      try {
        execute("postgres", "DROP ROLE IF EXISTS " + quote(role));
        roles.remove(role);
      } catch (RuntimeException e) {
        failures.add(role + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cleanup failed: " + failures);
    }
  }

  /** Double-quotes an identifier. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String readAll(InputStream in) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
