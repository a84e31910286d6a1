package dev.pgrunbooks.testing;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the fake activities act on, in one place so a test can set it up and check it afterwards:
 * the server's databases, the backup store, the operators, what fails, and the targets' configuration.
 * No I/O: all of it lives in memory.
 */
public final class FakeWorld {
  public final FakeCluster cluster = new FakeCluster();
  public final FakeStore store = new FakeStore();
  public final FailurePlan failures = new FailurePlan();
  public final FakeOperators operators = new FakeOperators(failures);

  private final Map<String, String> liveDatabases = new ConcurrentHashMap<>();
  private final Set<String> workFiles = ConcurrentHashMap.newKeySet();
  private final List<String> migrations = new ArrayList<>();
  private volatile boolean smokeQueriesPass = true;
  private volatile Duration rtoObjective;
  private volatile int backupsToKeep = 3;

  /** A configured target whose live database exists with these rows. */
  public FakeWorld target(String target, String liveDatabase, Map<String, Long> rows) {
    liveDatabases.put(target, liveDatabase);
    cluster.create(liveDatabase, null, rows);
    return this;
  }

  public FakeWorld smokeQueriesPass(boolean pass) {
    smokeQueriesPass = pass;
    return this;
  }

  /** {@code objectives.rto} of every target; null means none configured. */
  public FakeWorld rtoObjective(Duration objective) {
    rtoObjective = objective;
    return this;
  }

  /** Retention: how many of the newest verified backups prune keeps. */
  public FakeWorld backupsToKeep(int count) {
    backupsToKeep = count;
    return this;
  }

  public List<Object> activities() {
    return List.of(new FakeBackupActivities(this), new FakeRestoreActivities(this),
        new FakeRehearsalActivities(this), operators);
  }

  /** Workflow ids whose downloaded work file is still on the worker's disk. */
  public Set<String> workFiles() {
    return Set.copyOf(workFiles);
  }

  /** {@code database} of every migration run, in order. */
  public synchronized List<String> migrations() {
    return List.copyOf(migrations);
  }

  // ---- for the fakes --------------------------------------------------------------------------

  String liveDatabaseOf(String target) {
    String database = liveDatabases.get(target);
    if (database == null) {
      throw ApplicationFailure.newNonRetryableFailure("no target " + target + " in runbooks.yaml", "UnknownTarget");
    }
    return database;
  }

  boolean smokeQueriesPass() {
    return smokeQueriesPass;
  }

  Duration rtoObjective() {
    return rtoObjective;
  }

  int backupsToKeep() {
    return backupsToKeep;
  }

  void addWorkFile(String workflowId) {
    workFiles.add(workflowId);
  }

  void removeWorkFile(String workflowId) {
    workFiles.remove(workflowId);
  }

  synchronized void migrated(String database) {
    migrations.add(database);
  }
}
