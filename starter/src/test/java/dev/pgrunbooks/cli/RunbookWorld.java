package dev.pgrunbooks.cli;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.store.LocalBackupStore;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.TestTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a user of the command line has: a Temporal server (the test's {@link TestCluster#devServer()}), a
 * worker polling a task queue, a local store, real PostgreSQL databases as targets, and a
 * {@code runbooks.yaml} naming them.
 */
final class RunbookWorld implements AutoCloseable {
  final TestCluster temporal;
  final PgFixture pg = new PgFixture();
  final Path dir;
  final Path configFile;
  final RunbookConfig config;
  final LocalBackupStore store;

  /** @param databases makes the test's databases on the fixture; returns target name → database (existing or not) */
  RunbookWorld(TestCluster temporal, Path dir, Function<PgFixture, Map<String, String>> databases) {
    this(temporal, dir, databases, Map.of());
  }

  /** @param settings more of a target's settings, by target name */
  RunbookWorld(TestCluster temporal, Path dir, Function<PgFixture, Map<String, String>> databases,
      Map<String, UnaryOperator<TestTarget>> settings) {
    this.temporal = temporal;
    this.dir = dir;
    TestConfig builder = TestConfig.localStore(dir.resolve("store"))
        .worker("cli-" + dir.getFileName(), dir.resolve("work"));
    databases.apply(pg).forEach((target, database) ->
        builder.target(target, database, settings.getOrDefault(target, t -> t)));
    configFile = builder.writeTo(dir.resolve("runbooks.yaml"));
    config = builder.build();
    store = new LocalBackupStore(dir.resolve("store"), "");
    temporal.runbooks(config);
  }

  /** {@code runbook ARGS --config <this world's file> --address <its server>}. */
  CliRun cli(String... args) {
    return cli(new java.io.StringWriter(), args);
  }

  /** The same, with stdout visible in {@code out} while the command runs. */
  CliRun cli(java.io.StringWriter out, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", configFile.toString(), "--address", temporal.address()));
    return CliRun.of(out, all.toArray(String[]::new));
  }

  /** Databases whose names start with {@code prefix}, e.g. the scratch databases of rehearsals. */
  List<String> databasesStartingWith(String prefix) {
    return pg.databasesStartingWith(prefix);
  }

  /** Databases named {@code <database>__…}: what restores and rollbacks keep beside it. */
  List<String> databasesBeside(String database) {
    return pg.databasesBeside(database);
  }

  /** Row counts of the fixture's tables, in order. */
  Map<String, Long> rows(String database) {
    return new LinkedHashMap<>(pg.rowCounts(database));
  }

  /** The worker and the server stop with the test class's {@link TestCluster}. */
  @Override
  public void close() {
    store.close();
    pg.close();
  }
}
