package dev.pgrunbooks.testing;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgrunbooks.config.NotifyConfig;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.config.WorkerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one way tests build a {@link RunbookConfig}: a store, targets on the {@link PgFixture} server, and
 * only the settings the test is about. {@link #writeTo} gives the same configuration as a runbooks.yaml
 * for what reads a file (the command line, a worker JVM).
 *
 * <pre>{@code
 * RunbookConfig config = TestConfig.localStore(dir.resolve("store"))
 *     .target("orders", db, t -> t.passwordEnv("ORDERS_PGPASSWORD"))
 *     .worker("crash-test", dir.resolve("work"))
 *     .build();
 * }</pre>
 */
public final class TestConfig {
  // Fields, not accessors: the records' other public methods are not keys of runbooks.yaml.
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final StorageConfig storage;
  private final Map<String, TargetConfig> targets = new LinkedHashMap<>();
  private WorkerConfig worker;
  private NotifyConfig notify;
  private String binDir;
  private String searchRoot;
  private Boolean allowNewerPgDump;

  private TestConfig(StorageConfig storage) {
    this.storage = storage;
  }

  /** Backups in a local directory. */
  public static TestConfig localStore(Path dir) {
    return new TestConfig(new StorageConfig(StorageConfig.LOCAL, dir.toString(), null, "", null, null, null, null,
        null, null));
  }

  /** Backups in another store, e.g. {@code S3MockServer.storageConfig(...)}. */
  public static TestConfig store(StorageConfig storage) {
    return new TestConfig(storage);
  }

  /** For tests that never touch a store: the default one of runbooks.yaml. */
  public static TestConfig defaultStore() {
    return new TestConfig(null);
  }

  /** Target {@code name} on {@code database} of the fixture's server, everything else by default. */
  public TestConfig target(String name, String database) {
    return target(name, database, t -> t);
  }

  public TestConfig target(String name, String database, UnaryOperator<TestTarget> settings) {
    targets.put(name, settings.apply(new TestTarget(database)).build());
    return this;
  }

  /** The worker's task queue and work directory; no metrics port, so tests never collide on one. */
  public TestConfig worker(String taskQueue, Path workDir) {
    this.worker = new WorkerConfig(taskQueue, 0, workDir == null ? null : workDir.toString());
    return this;
  }

  /** {@code worker.liveCountTableBudget}: short in tests that hold a lock on a live table. */
  public TestConfig liveCountTableBudget(String budget) {
    WorkerConfig w = worker == null ? WorkerConfig.defaults() : worker;
    this.worker = new WorkerConfig(w.taskQueue(), 0, w.workDir(), budget);
    return this;
  }

  public TestConfig webhook(String url) {
    this.notify = new NotifyConfig(url, false);
    return this;
  }

  /** {@code tools.searchRoot}: the root of the per-major {@code <major>/bin} directories. */
  public TestConfig toolsSearchRoot(Path root) {
    this.searchRoot = root.toString();
    return this;
  }

  /** {@code tools.allowNewerPgDump: true}. */
  public TestConfig allowNewerPgDump() {
    this.allowNewerPgDump = true;
    return this;
  }

  /** {@code tools.binDir}: where pg_dump and friends are looked for first. */
  public TestConfig binDir(Path dir) {
    this.binDir = dir.toString();
    return this;
  }

  public RunbookConfig build() {
    return new RunbookConfig(storage, targets, notify, worker, new ToolsConfig(binDir, searchRoot, allowNewerPgDump));
  }

  /** Writes the configuration as a runbooks.yaml to {@code file}; returns the file. */
  public Path writeTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      YAML.writeValue(file.toFile(), build());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
