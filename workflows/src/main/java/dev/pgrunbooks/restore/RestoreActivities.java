package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.ManifestSummary;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The disaster-recovery runbook's steps. Each is idempotent: a restore retried after a crash starts
 * from a freshly created database, a swap that already happened is recognised and not redone.
 * Database names are quoted as identifiers everywhere; nothing from an argument is spliced into SQL.
 */
@ActivityInterface
public interface RestoreActivities {

  /** {@code latest} verified backup of the target, or the named key (only backups with a verified manifest), and the live database it replaces. */
  @ActivityMethod(name = "ResolveBackup")
  ResolvedBackup resolveBackup(String target, String backup);

  /**
   * Copy the dump to the work directory, check SHA-256 against the manifest and {@code pg_restore --list};
   * then check the destination cluster has the roles and collation the backup needs (this runs before the
   * approval and before anything is dropped). Missing roles stop it, unless {@code createMissingRoles}.
   */
  @ActivityMethod(name = "Download")
  DownloadedBackup download(String target, String key, String sha256, String workflowId, boolean createMissingRoles);

  /**
   * Row counts of the live database, if it exists: the reference taken before anything changes. The
   * counts are stored under the target's reports; the result is their summary and key.
   */
  @ActivityMethod(name = "SnapshotLiveCounts")
  LiveCounts snapshotLiveCounts(String target, String database);

  /**
   * Check the roles and collation the backup needs (again: a rehearsal comes here directly), then create
   * {@code database} afresh (dropping a half-restored one left by an earlier attempt) with the source's
   * owner, encoding and collation, {@code pg_restore -j <jobs> --exit-on-error}, and give it the source's
   * settings, grants and comment. With {@code privileges: drop}: owned by the target's user and
   * {@code --no-owner --no-privileges}. Heartbeats bytes read. Refuses to drop a database it did not create
   * unless {@code replaceExisting}.
   */
  @ActivityMethod(name = "Restore")
  RestoredDatabase restore(String target, String key, String sha256, String database, String workflowId,
      boolean replaceExisting, boolean createMissingRoles);

  /**
   * Per-table row counts and object counts of {@code database} against the manifest, which the activity
   * reads from the store by {@code backup}'s key (an older worker's whole manifest is accepted as the
   * summary), and its census (owners, grants, default privileges, settings, encoding and collation,
   * sequence values, constraints and triggers per table) against the one stored beside the dump. Stores
   * the full comparison and returns its summary.
   */
  @ActivityMethod(name = "IntegrityCheck")
  IntegrityReport integrityCheck(String target, String database, ManifestSummary backup);

  /** Terminate connections to {@code database} and {@code DROP DATABASE … WITH (FORCE)}; gone already is fine. */
  @ActivityMethod(name = "TerminateAndDrop")
  void terminateAndDrop(String target, String database);

  /**
   * Cleanup: drop {@code database} only if this restore created it (its marker names this workflow run).
   * A database someone else owns, such as an existing name given to {@code --into}, is left alone.
   *
   * @return true when it dropped the database
   */
  @ActivityMethod(name = "DropRestoredDatabase")
  boolean dropRestoredDatabase(String target, String database, String workflowId);

  /**
   * Terminate connections to {@code live}, rename it to {@code keepAs} and {@code restored} to {@code live},
   * in one transaction. Recognises a swap this workflow already made.
   */
  @ActivityMethod(name = "SwapIntoPlace")
  void swapIntoPlace(String target, String live, String restored, String keepAs, String workflowId);

  /**
   * Cleanup after a swap was started: looks at the actual databases. When {@code kept} exists the swap
   * happened: in one transaction {@code live} (the restored copy, which has been live) is renamed to
   * {@code abortedAs} and {@code kept} back to {@code live}. When {@code kept} is gone and {@code live}
   * exists, the swap never happened (or was already undone) and nothing is renamed. Nothing is dropped.
   */
  @ActivityMethod(name = "SwapBack")
  SwapBackResult swapBack(String target, String live, String kept, String abortedAs, String workflowId);

  /** The target's {@code migrateCommand}, run without a shell, with the restored database's connection in its environment. */
  @ActivityMethod(name = "Migrate")
  String migrate(String target, String database);

  /** GET the target's health URL with retries and backoff until 2xx (and {@code healthExpect} in the body). */
  @ActivityMethod(name = "HealthProbe")
  HealthReport healthProbe(String target);

  /**
   * Store the evidence report (JSON and Markdown) under {@code <target>/reports/}, with the per-table
   * counts read back from the keys its summaries name; returns the JSON key.
   */
  @ActivityMethod(name = "WriteReport")
  String writeReport(RestoreReport report);

  /** Remove the work file of this workflow's download. */
  @ActivityMethod(name = "RemoveWorkFiles")
  void removeWorkFiles(String workflowId);
}
