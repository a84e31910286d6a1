package dev.pgrunbooks.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PostgreSQL server as the runbooks see it: databases by name, each with its row counts and the
 * workflow that created it (null for databases that were there before, such as the live one).
 */
public final class FakeCluster {

  /** @param createdBy the workflow id (or marker) of the run that created it; null when pre-existing */
  public record Database(String name, String createdBy, Map<String, Long> rows) {}

  private final Map<String, Database> databases = new LinkedHashMap<>();

  public synchronized void create(String name, String createdBy, Map<String, Long> rows) {
    if (databases.containsKey(name)) {
      throw new IllegalStateException("database " + name + " already exists");
    }
    databases.put(name, new Database(name, createdBy, Map.copyOf(rows)));
  }

  public synchronized boolean drop(String name) {
    return databases.remove(name) != null;
  }

  public synchronized void rename(String from, String to) {
    if (!databases.containsKey(from) || databases.containsKey(to)) {
      throw new IllegalStateException("cannot rename " + from + " to " + to + ": have " + databases.keySet());
    }
    Database db = databases.remove(from);
    databases.put(to, new Database(to, db.createdBy(), db.rows()));
  }

  /** The application writes {@code rows} more rows into {@code table} of {@code name}. */
  public synchronized void insert(String name, String table, long rows) {
    Database db = databases.get(name);
    if (db == null) {
      throw new IllegalStateException("no database " + name + ": have " + databases.keySet());
    }
    Map<String, Long> after = new LinkedHashMap<>(db.rows());
    after.merge(table, rows, Long::sum);
    databases.put(name, new Database(name, db.createdBy(), Map.copyOf(after)));
  }

  public synchronized Optional<Database> database(String name) {
    return Optional.ofNullable(databases.get(name));
  }

  public synchronized boolean exists(String name) {
    return databases.containsKey(name);
  }

  /** The rows a database holds, e.g. to tell the original live database from a restored copy. */
  public synchronized Map<String, Long> rows(String name) {
    Database db = databases.get(name);
    if (db == null) {
      throw new AssertionError("no database " + name + "; have " + databases.keySet());
    }
    return db.rows();
  }

  public synchronized Set<String> names() {
    return new TreeSet<>(databases.keySet());
  }
}
