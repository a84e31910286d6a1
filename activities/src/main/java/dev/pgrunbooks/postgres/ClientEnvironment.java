package dev.pgrunbooks.postgres;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a client program gets to connect: the libpq variables it needs and, when the target has a
 * password, one line for a passfile. {@link ChildProcess} writes that line to a 0600 file for the
 * program's lifetime and names it in {@code PGPASSFILE}: the password is never in the program's
 * environment ({@code /proc/<pid>/environ}) nor on its command line. {@link #toString()} hides it.
 *
 * @param variables added to the allow-listed part of the worker's environment
 * @param passFileLine a {@code host:port:database:user:password} entry, or empty
 * @param passFileDir where the passfile is written (the worker's work dir)
 */
public record ClientEnvironment(Map<String, String> variables, Optional<String> passFileLine, Path passFileDir) {
  public ClientEnvironment {
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** No connection at all (e.g. {@code pg_restore --list}). */
  public static ClientEnvironment none() {
    return new ClientEnvironment(Map.of(), Optional.empty(), Path.of("."));
  }

  /** The same, with one more variable (e.g. {@code DATABASE_URL} for a migration). */
  public ClientEnvironment with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(variables);
    more.put(name, value);
    return new ClientEnvironment(more, passFileLine, passFileDir);
  }

  @Override
  public String toString() {
    return "ClientEnvironment" + variables + (passFileLine.isPresent() ? " with a passfile" : "");
  }
}
