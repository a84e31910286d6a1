package dev.pgrunbooks.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a target's password in the worker, at the moment a step needs it. The password never
 * leaves this process: it goes to the JDBC driver and to pg_dump's environment, nowhere else.
 */
public final class Credentials {
  private final Map<String, String> environment;

  public Credentials(Map<String, String> environment) {
    this.environment = environment;
  }

  public static Credentials fromEnvironment() {
    return new Credentials(System.getenv());
  }

  /**
   * @return the password, or empty when the target names none (trust or .pgpass authentication)
   * @throws ConfigException when the named variable or file is missing
   */
  public Optional<String> passwordFor(String targetName, TargetConfig target) {
    if (target.passwordEnv() != null) {
      String value = environment.get(target.passwordEnv());
      if (value == null) {
        throw new ConfigException("target " + targetName + ": environment variable " + target.passwordEnv()
            + " (passwordEnv) is not set in the worker's environment; export it and restart the worker");
      }
      return Optional.of(value);
    }
    if (target.passwordFile() != null) {
      try {
        return Optional.of(Files.readString(Path.of(target.passwordFile())).strip());
      } catch (IOException e) {
        throw new ConfigException("target " + targetName + ": cannot read passwordFile " + target.passwordFile()
            + " (" + e.getClass().getSimpleName() + "); check the path and its permissions for the worker's user");
      }
    }
    return Optional.empty();
  }
}
