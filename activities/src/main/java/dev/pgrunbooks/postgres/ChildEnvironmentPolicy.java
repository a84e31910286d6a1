package dev.pgrunbooks.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which of the worker's environment variables a child process inherits: only what programs need to
 * run (PATH, HOME, locale, time zone, temp dir) and worker-wide TLS settings for libpq. Everything else
 * (other targets' passwords, AWS keys, the webhook URL, the worker's PG* variables) stays behind.
 */
final class ChildEnvironmentPolicy {
  static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
      "PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGSSLCRL", "PGCONNECT_TIMEOUT");

  private ChildEnvironmentPolicy() {}

  static boolean inherits(String name) {
    return INHERITED.contains(name) || name.startsWith("LC_");
  }

  /** The allow-listed part of {@code worker}, plus {@code own} (which wins). */
  static Map<String, String> childEnvironment(Map<String, String> worker, Map<String, String> own) {
    Map<String, String> env = new LinkedHashMap<>();
    worker.forEach((name, value) -> {
      if (inherits(name)) {
        env.put(name, value);
      }
    });
    env.putAll(own);
    return env;
  }
}
