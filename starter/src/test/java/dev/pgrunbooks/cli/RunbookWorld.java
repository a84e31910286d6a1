package dev.pgrunbooks.cli;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.worker.DevServer;
import dev.pgrunbooks.worker.RunbookWorker;
import dev.pgrunbooks.worker.TemporalConnection;
import dev.pgrunbooks.worker.WorkerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a user of the command line has: the embedded dev server, a worker (in this JVM) polling a task
 * queue, a local store, real PostgreSQL databases as targets, and a {@code runbooks.yaml} naming them.
 */
final class RunbookWorld implements AutoCloseable {
  final DevServer server = DevServerCommand.start(0);
  final TemporalConnection temporal = TemporalConnection.open(server.address(), TemporalConnection.DEFAULT_NAMESPACE);
  final PgFixture pg = new PgFixture();
  final Path dir;
  final Path configFile;
  final RunbookConfig config;
  final LocalBackupStore store;
  private final RunbookWorker worker;

  /** @param databases makes the test's databases on the fixture; returns target name → database (existing or not) */
  RunbookWorld(Path dir, java.util.function.Function<PgFixture, Map<String, String>> databases) {
    this(dir, databases, Map.of());
  }

  /**
   * @param settings more of a target's settings, as inline YAML ({@code "backup: { cron: '0 2 * * *' }"}),
   *     by target name
   */
  RunbookWorld(Path dir, java.util.function.Function<PgFixture, Map<String, String>> databases,
      Map<String, String> settings) {
    this.dir = dir;
    Map<String, String> targets = databases.apply(pg);
    this.configFile = dir.resolve("runbooks.yaml");
    String yaml = "storage: { type: local, path: '" + dir.resolve("store") + "' }\n"
        + "targets:\n"
        + targets.entrySet().stream()
            .map(t -> "  " + t.getKey() + ": { database: '" + t.getValue().replace("'", "''") + "', host: "
                + PgFixture.HOST + ", port: " + PgFixture.PORT + ", user: " + PgFixture.USER
                + (settings.containsKey(t.getKey()) ? ", " + settings.get(t.getKey()) : "") + " }\n")
            .collect(Collectors.joining())
        + "worker: { taskQueue: cli-" + dir.getFileName() + ", metricsPort: 0, workDir: '" + dir.resolve("work") + "' }\n";
    try {
      Files.writeString(configFile, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config = ConfigLoader.load(configFile);
    store = new LocalBackupStore(dir.resolve("store"), "");
    worker = RunbookWorker.start(config, temporal.client(), new Credentials(Map.of()),
        new WorkerMetrics(new MetricRegistry(), Clock.systemUTC()));
  }

  /** {@code runbook ARGS --config <this world's file> --address <its server>}. */
  CliRun cli(String... args) {
    return cli(new java.io.StringWriter(), args);
  }

  /** The same, with stdout visible in {@code out} while the command runs. */
  CliRun cli(java.io.StringWriter out, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", configFile.toString(), "--address", server.address()));
    return CliRun.of(out, all.toArray(String[]::new));
  }

  /** Databases whose names start with {@code prefix}, e.g. the scratch databases of rehearsals. */
  List<String> databasesStartingWith(String prefix) {
    List<String> names = new ArrayList<>();
    try (var c = pg.connect("postgres"); var st = c.createStatement();
        var rs = st.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith(prefix)) {
          names.add(rs.getString(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  /** Databases named {@code <database>__…}: what restores and rollbacks keep beside it. */
  List<String> databasesBeside(String database) {
    return databasesStartingWith(database + "__");
  }

  /** Row counts of the fixture's tables, in order. */
  Map<String, Long> rows(String database) {
    return new LinkedHashMap<>(pg.rowCounts(database));
  }

  @Override
  public void close() {
    worker.shutdown(5);
    temporal.close();
    server.close();
    store.close();
    pg.close();
  }
}
