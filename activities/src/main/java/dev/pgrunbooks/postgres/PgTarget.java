package dev.pgrunbooks.postgres;

import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A configured target, resolved in the worker together with its password: opens JDBC connections and
 * builds the environment for pg_dump / pg_restore / psql. The password goes to the driver and to the
 * child's passfile (never {@code PGPASSWORD}, never a message); {@link #toString()} does not show it.
 */
public final class PgTarget {
  public static final String APPLICATION_NAME = "pg-runbooks";
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final String name;
  private final TargetConfig config;
  private final Optional<String> password;
  private final Path workDir;

  private PgTarget(String name, TargetConfig config, Optional<String> password, Path workDir) {
    this.name = name;
    this.config = config;
    this.password = password;
    this.workDir = workDir;
  }

  /**
   * @throws ApplicationFailure non-retryable "UnknownTarget" for a name the configuration lacks,
   *     "ConfigurationError" when its password cannot be resolved (e.g. passwordEnv unset)
   */
  public static PgTarget resolve(RunbookConfig runbookConfig, String name, Credentials credentials) {
    TargetConfig target;
    try {
      target = runbookConfig.target(name);
    } catch (ConfigException e) {
      throw FailureType.UNKNOWN_TARGET.failure(e.getMessage());
    }
    try {
      return new PgTarget(name, target, credentials.passwordFor(name, target),
          Path.of(runbookConfig.worker().workDir()));
    } catch (ConfigException e) {
      throw FailureType.CONFIGURATION_ERROR.failure(e.getMessage());
    }
  }

  public String name() {
    return name;
  }

  public TargetConfig config() {
    return config;
  }

  public String database() {
    return config.database();
  }

  public String host() {
    return config.host();
  }

  public int port() {
    return config.port();
  }

  public String user() {
    return config.user();
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host() + ":" + port();
  }

  /** Connects to the target's database. */
  public Connection connect() {
    return connect(database());
  }

  /**
   * Connects to another database on the target's server (e.g. {@code postgres} to create or drop one).
   *
   * @throws ApplicationFailure classified by {@link PgFailures#connectFailure}
   */
  public Connection connect(String databaseName) {
    Properties props = new Properties();
    props.setProperty("user", user());
    password.ifPresent(p -> props.setProperty("password", p));
    props.setProperty("ApplicationName", APPLICATION_NAME);
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 2));
    // A snapshot connection sits idle for the whole dump: keep it alive through firewalls.
    props.setProperty("tcpKeepAlive", "true");
    try {
      return DriverManager.getConnection(jdbcUrl(databaseName), props);
    } catch (SQLException e) {
      throw PgFailures.connectFailure(this, databaseName, e);
    }
  }

  /** Environment for a client program working on the target's database. */
  public ClientEnvironment environment() {
    return environment(database());
  }

  /**
   * Environment for a client program: PGHOST, PGPORT, PGUSER, PGDATABASE, PGAPPNAME and, only when one
   * is configured, the password as a passfile entry written under worker.workDir. Holds the password:
   * hand it to {@link ChildProcess}, never print it.
   */
  public ClientEnvironment environment(String databaseName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host());
    env.put("PGPORT", String.valueOf(port()));
    env.put("PGUSER", user());
    env.put("PGDATABASE", databaseName);
    env.put("PGAPPNAME", APPLICATION_NAME);
    return new ClientEnvironment(env, password.map(p -> PassFile.line(host(), port(), user(), p)), workDir);
  }

  /** Where to look when authentication fails, without revealing anything secret. */
  String passwordHint() {
    if (config.passwordEnv() != null) {
      return "the password in environment variable " + config.passwordEnv() + " (targets." + name + ".passwordEnv)";
    }
    if (config.passwordFile() != null) {
      return "the password in " + config.passwordFile() + " (targets." + name + ".passwordFile)";
    }
    return "the server's pg_hba.conf or the worker's .pgpass (no password is configured for this target)";
  }

  private String jdbcUrl(String databaseName) {
    String h = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
    // pgjdbc URL-decodes the database part, so names with spaces or non-ASCII letters survive.
    return "jdbc:postgresql://" + h + ":" + port() + "/" + URLEncoder.encode(databaseName, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "target " + name + " (database " + database() + " on " + address() + " as " + user() + ")";
  }
}
