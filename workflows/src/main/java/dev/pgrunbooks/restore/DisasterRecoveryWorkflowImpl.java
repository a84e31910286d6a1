package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.BackupManifest;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.OperatorActivities;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.StepFailedException;
import dev.pgrunbooks.runbook.StepRecord;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The disaster-recovery runbook, as the wiki page had it:
 *
 * <pre>
 *   resolve backup → download + verify → snapshot live counts
 *   swap:     restore into staging → integrity check → APPROVAL → swap into place (old one kept)
 *   in-place: APPROVAL → terminate + drop → create + restore → integrity check
 *   --into:   restore into a new database → integrity check        (touches nothing else)
 *   → migrations hook → health probe → evidence report
 * </pre>
 *
 * A step that fails after its retries waits for {@code runbook decide} (retry, skip for checks, abort)
 * instead of failing the runbook; bad input found before anything was changed fails at once. Abort
 * and failure clean up what this restore made: the staging database is dropped, a swap is swapped
 * back, so the live database is as it was.
 */
public class DisasterRecoveryWorkflowImpl implements DisasterRecoveryWorkflow {

  static final String RESOLVE_BACKUP = "ResolveBackup";
  static final String DOWNLOAD = "Download";
  static final String SNAPSHOT_LIVE_COUNTS = "SnapshotLiveCounts";
  static final String APPROVAL = "Approval";
  static final String RESTORE = "Restore";
  static final String INTEGRITY_CHECK = "IntegrityCheck";
  static final String TERMINATE_AND_DROP = "TerminateAndDrop";
  static final String SWAP_INTO_PLACE = "SwapIntoPlace";
  static final String MIGRATE = "Migrate";
  static final String HEALTH_PROBE = "HealthProbe";
  static final String WRITE_REPORT = "WriteReport";
  static final String CLEANUP = "Cleanup";
  static final String NOTIFY = "Notify";

  private RunbookSteps steps = new RunbookSteps(RunbookKind.RESTORE, "?", RestoreStepOptions::of);

  // What this restore has done so far: decides what cleanup means.
  private String target;
  private String liveDatabase;
  private String stagingDatabase;
  private String keptDatabase;
  private boolean stagingCreated;
  private boolean swapped;
  private boolean liveDropped;

  // Evidence for the report.
  private Instant startedAt;
  private Instant downtimeStartedAt;
  private BackupManifest backup;
  private LiveCounts before;
  private IntegrityReport integrity;
  private HealthReport health;
  private String approvedBy;

  // Human gates.
  private String awaitingApprovalOf;
  private Approval approval;
  private String awaitingDecisionOn;
  private boolean decisionMaySkip;
  private Decision decision;

  @Override
  public RestoreOutcome restore(RestoreRequest request) {
    target = request.target();
    startedAt = now();
    steps = new RunbookSteps(RunbookKind.RESTORE, target, RestoreStepOptions::of);
    steps.begin();
    String restoreId = BackupKeys.stamp(startedAt).toLowerCase(Locale.ROOT);
    try {
      ResolvedBackup resolved = step(RESOLVE_BACKUP, "Find the " + request.backup() + " verified backup of " + target,
          a -> a.resolveBackup(target, request.backup()));
      backup = resolved.manifest();
      liveDatabase = resolved.liveDatabase();
      step(DOWNLOAD, "Download " + backup.key() + ", check SHA-256 and pg_restore --list",
          a -> a.download(target, backup.key(), backup.sha256(), workflowId()));

      String database;
      if (request.intoDatabase() != null) {
        database = restoreIntoNewDatabase(DatabaseNames.checked(request.intoDatabase()));
      } else if (RestoreRequest.IN_PLACE.equals(request.mode())) {
        database = restoreInPlace(request);
      } else {
        database = restoreBySwap(request, restoreId);
      }

      migrate(database);
      probeHealth(request.intoDatabase() != null);
      long rtoMillis = now().toEpochMilli() - startedAt.toEpochMilli();
      String reportKey = writeReport(request, database, "succeeded", null, rtoMillis);
      removeWorkFiles();
      steps.succeeded();
      return new RestoreOutcome(target, database, modeOf(request), backup.key(), keptDatabase, approvedBy,
          reportKey, downtimeMillis(), rtoMillis, steps.records());
    } catch (RestoreStopped stop) {
      return failWithCleanup(request, stop.outcome, stop.getMessage());
    } catch (StepFailedException failure) {
      return failWithCleanup(request, "failed", failure.step() + " failed: " + failure.reason());
    } catch (IllegalArgumentException badInput) {
      return failWithCleanup(request, "failed", badInput.getMessage());
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> cleanUp("the restore was cancelled")).run();
      throw cancelled;
    }
  }

  /** swap: the live database keeps serving until the restored copy has passed its checks. */
  private String restoreBySwap(RestoreRequest request, String restoreId) {
    stagingDatabase = DatabaseNames.staging(liveDatabase, restoreId);
    String keepAs = DatabaseNames.keptBefore(liveDatabase, restoreId);
    snapshotLiveCounts();
    stagingCreated = true;
    operatorStep(RESTORE, false, () -> step(RESTORE, "pg_restore " + backup.key() + " into " + stagingDatabase,
        a -> a.restore(target, backup.key(), backup.sha256(), stagingDatabase, workflowId(), false)));
    checkIntegrity(stagingDatabase);

    awaitApproval(request, "swap " + stagingDatabase + " in as " + liveDatabase + ", keeping the current one as " + keepAs);
    downtimeStartedAt = now();
    operatorStep(SWAP_INTO_PLACE, false, () -> step(SWAP_INTO_PLACE,
        "Terminate connections, rename " + liveDatabase + " → " + keepAs + " and " + stagingDatabase + " → " + liveDatabase,
        a -> {
          a.swapIntoPlace(target, liveDatabase, stagingDatabase, keepAs, workflowId());
          return null;
        }));
    swapped = true;
    keptDatabase = keepAs;
    return liveDatabase;
  }

  /** in-place: the classic runbook; the database is down from the drop until the health probe passes. */
  private String restoreInPlace(RestoreRequest request) {
    snapshotLiveCounts();
    awaitApproval(request, "DROP DATABASE " + liveDatabase + " and restore " + backup.key() + " in its place");
    downtimeStartedAt = now();
    liveDropped = true;
    operatorStep(TERMINATE_AND_DROP, false, () -> step(TERMINATE_AND_DROP,
        "Terminate connections, DROP DATABASE " + liveDatabase + " WITH (FORCE)",
        a -> {
          a.terminateAndDrop(target, liveDatabase);
          return null;
        }));
    operatorStep(RESTORE, false, () -> step(RESTORE, "CREATE DATABASE " + liveDatabase + ", pg_restore " + backup.key(),
        a -> a.restore(target, backup.key(), backup.sha256(), liveDatabase, workflowId(), true)));
    checkIntegrity(liveDatabase);
    return liveDatabase;
  }

  /** --into: a new database beside everything else; no approval, nothing replaced. */
  private String restoreIntoNewDatabase(String into) {
    stagingDatabase = into;
    stagingCreated = true;
    steps.skipped(SNAPSHOT_LIVE_COUNTS, "--into " + into + ": no live database is replaced");
    operatorStep(RESTORE, false, () -> step(RESTORE, "CREATE DATABASE " + into + ", pg_restore " + backup.key(),
        a -> a.restore(target, backup.key(), backup.sha256(), into, workflowId(), false)));
    checkIntegrity(into);
    stagingCreated = false;
    stagingDatabase = null;
    return into;
  }

  private void snapshotLiveCounts() {
    before = step(SNAPSHOT_LIVE_COUNTS, "Row counts of " + liveDatabase + " before anything changes",
        a -> a.snapshotLiveCounts(target, liveDatabase));
  }

  private void checkIntegrity(String database) {
    integrity = operatorStep(INTEGRITY_CHECK, false, () -> {
      IntegrityReport report = step(INTEGRITY_CHECK, "Row and object counts of " + database + " against the manifest",
          a -> a.integrityCheck(target, database, backup));
      steps.require(INTEGRITY_CHECK, report.passed(), "restored data differs from the backup: "
          + String.join("; ", report.differences().subList(0, Math.min(10, report.differences().size()))));
      return report;
    });
  }

  private void migrate(String database) {
    operatorStep(MIGRATE, false, () -> step(MIGRATE, "Run the target's migrateCommand against " + database,
        a -> a.migrate(target, database)));
  }

  private void probeHealth(boolean restoredAside) {
    if (restoredAside) {
      steps.skipped(HEALTH_PROBE, "--into: the application still uses the live database");
      return;
    }
    health = operatorStep(HEALTH_PROBE, true, () -> step(HEALTH_PROBE, "GET the target's health URL until it answers OK",
        a -> a.healthProbe(target)));
  }

  // ---- human gates ----------------------------------------------------------------------------

  private void awaitApproval(RestoreRequest request, String whatHappensNext) {
    int minutes = request.approvalTimeoutMinutes() > 0 ? request.approvalTimeoutMinutes() : 60;
    int gate = steps.startManual(APPROVAL, "Approve: " + whatHappensNext);
    awaitingApprovalOf = liveDatabase;
    steps.waitingFor("approval to " + whatHappensNext + ": runbook approve " + workflowId() + " --database "
        + liveDatabase + " --by YOUR_NAME", RunbookStatus.AWAITING_APPROVAL);
    tellOperators("needs-approval", APPROVAL, "waiting up to " + minutes + " min for approval to " + whatHappensNext);
    boolean approved = Workflow.await(Duration.ofMinutes(minutes), () -> approval != null);
    awaitingApprovalOf = null;
    steps.stopWaiting();
    if (!approved) {
      steps.finishManual(gate, StepRecord.FAILED, "no approval within " + minutes + " min");
      throw new RestoreStopped("aborted", "no approval within " + minutes + " min; nothing was changed");
    }
    approvedBy = approval.by();
    steps.finishManual(gate, StepRecord.SUCCEEDED, "approved by " + approvedBy);
  }

  /**
   * Runs a step; when it fails after its retries, asks the operator. Before anything was changed, a
   * failure retrying cannot fix (bad input, corrupt backup) stops the runbook at once instead.
   */
  private <R> R operatorStep(String step, boolean skippable, Supplier<R> run) {
    while (true) {
      try {
        return run.get();
      } catch (StepFailedException failure) {
        if (!failure.retryable() && !destructiveStepTaken()) {
          throw failure;
        }
        Decision answer = askOperator(failure, skippable);
        switch (answer.choice()) {
          case Decision.RETRY -> { }
          case Decision.SKIP -> {
            steps.skipped(step, "skipped by " + answer.by() + " after: " + failure.reason());
            return null;
          }
          default -> throw new RestoreStopped("aborted", "aborted by " + answer.by() + " after " + step
              + " failed: " + failure.reason());
        }
      }
    }
  }

  private Decision askOperator(StepFailedException failure, boolean skippable) {
    awaitingDecisionOn = failure.step();
    decisionMaySkip = skippable;
    decision = null;
    String choices = skippable ? "retry | skip | abort" : "retry | abort";
    steps.waitingFor("a decision on " + failure.step() + " (" + failure.reason() + "): runbook decide "
        + workflowId() + " " + choices, RunbookStatus.NEEDS_OPERATOR);
    tellOperators("needs-operator", failure.step(), failure.reason() + " — answer with: runbook decide "
        + workflowId() + " " + choices);
    Workflow.await(() -> decision != null);
    Decision answer = decision;
    awaitingDecisionOn = null;
    decision = null;
    steps.stopWaiting();
    return answer;
  }

  @Override
  public void validateApprove(Approval candidate) {
    if (awaitingApprovalOf == null) {
      throw new IllegalStateException("restore of " + target + " is not waiting for approval (status "
          + steps.progress().status() + "); approve when 'runbook status' shows AwaitingApproval");
    }
    if (candidate == null || candidate.by() == null || candidate.by().isBlank()) {
      throw new IllegalArgumentException("say who approves: --by YOUR_NAME");
    }
    if (!awaitingApprovalOf.equals(candidate.database())) {
      throw new IllegalArgumentException("this restore replaces database '" + awaitingApprovalOf + "', not '"
          + candidate.database() + "'; approve with --database " + awaitingApprovalOf);
    }
  }

  @Override
  public String approve(Approval granted) {
    approval = granted;
    return "approved by " + granted.by() + ": " + liveDatabase + " will be replaced now";
  }

  @Override
  public void validateDecide(Decision candidate) {
    if (awaitingDecisionOn == null) {
      throw new IllegalStateException("restore of " + target + " is not waiting for a decision (status "
          + steps.progress().status() + ")");
    }
    String choice = candidate == null ? null : candidate.choice();
    if (!Decision.RETRY.equals(choice) && !Decision.SKIP.equals(choice) && !Decision.ABORT.equals(choice)) {
      throw new IllegalArgumentException("decide takes retry, skip or abort, not '" + choice + "'");
    }
    if (Decision.SKIP.equals(choice) && !decisionMaySkip) {
      throw new IllegalArgumentException(awaitingDecisionOn + " cannot be skipped: only checks that change "
          + "nothing (health probe, smoke queries) can; choose retry or abort");
    }
  }

  @Override
  public String decide(Decision answer) {
    decision = answer;
    return answer.choice() + " " + awaitingDecisionOn;
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }

  // ---- cleanup and evidence -------------------------------------------------------------------

  private RestoreOutcome failWithCleanup(RestoreRequest request, String outcome, String reason) {
    String cleanedUp = cleanUp(reason);
    steps.failed();
    String fullReason = reason + (cleanedUp.isEmpty() ? "" : "; " + cleanedUp);
    if (backup != null) {
      writeReport(request, liveDatabase, outcome, fullReason, now().toEpochMilli() - startedAt.toEpochMilli());
    }
    tellOperators(outcome, null, fullReason);
    throw ApplicationFailure.newNonRetryableFailure("restore of " + target + " " + outcome + ": " + fullReason,
        "aborted".equals(outcome) ? "RestoreAborted" : "RestoreFailed");
  }

  /** Undo what this restore made, so the live database is as it was. Returns what was done. */
  private String cleanUp(String why) {
    String done = "";
    try {
      if (swapped) {
        // The restored copy is live: put the original back, then drop the restored copy.
        step(CLEANUP, "Swap back: " + keptDatabase + " → " + liveDatabase, a -> {
          a.swapIntoPlace(target, liveDatabase, keptDatabase, stagingDatabase, workflowId());
          return null;
        });
        swapped = false;
        keptDatabase = null;
        done = liveDatabase + " swapped back to the original; ";
      }
      if (stagingCreated && stagingDatabase != null) {
        boolean dropped = step(CLEANUP, "Drop " + stagingDatabase + " if this restore created it (" + why + ")",
            a -> a.dropRestoredDatabase(target, stagingDatabase, workflowId()));
        done += stagingDatabase + (dropped ? " dropped; " : " left alone: this restore did not create it; ");
      }
      if (liveDropped) {
        done += liveDatabase + " was dropped before the failure: restore it again or from another backup; ";
      } else if (liveDatabase != null) {
        done += liveDatabase + " untouched";
      }
      removeWorkFiles();
    } catch (StepFailedException cleanupFailed) {
      done += "cleanup failed (" + cleanupFailed.reason() + "): check for " + stagingDatabase + " by hand";
    }
    return done.replaceAll("; $", "");
  }

  private String writeReport(RestoreRequest request, String database, String outcome, String reason, long rtoMillis) {
    RestoreReport report = new RestoreReport(workflowId(), target, modeOf(request), database, backup.key(),
        backup.finishedAt(), outcome, reason, approvedBy, startedAt, now(), downtimeMillis(), rtoMillis,
        before, integrity, health, steps.records());
    try {
      return step(WRITE_REPORT, "Store the evidence report under " + BackupKeys.reportsPrefix(target),
          a -> a.writeReport(report));
    } catch (StepFailedException reportFailed) {
      return null;
    }
  }

  private void removeWorkFiles() {
    try {
      step(CLEANUP, "Remove the downloaded work file", a -> {
        a.removeWorkFiles(workflowId());
        return null;
      });
    } catch (StepFailedException ignored) {
      // A leftover work file wastes disk but harms nothing; the journal shows the failure.
    }
  }

  private void tellOperators(String outcome, String step, String message) {
    try {
      steps.run(NOTIFY, "Tell the operators: " + outcome, OperatorActivities.class, a -> {
        if (step != null && !"needs-approval".equals(outcome)) {
          a.recordStepFailure(RunbookKind.RESTORE, target, step);
        }
        a.notifyOperators(new RunbookNotice(RunbookKind.RESTORE, target, workflowId(), outcome, step, message));
        return null;
      });
    } catch (StepFailedException notifyFailed) {
      // The journal shows the failed notification; the restore itself goes on.
    }
  }

  private boolean destructiveStepTaken() {
    return downtimeStartedAt != null;
  }

  private long downtimeMillis() {
    return downtimeStartedAt == null ? 0 : now().toEpochMilli() - downtimeStartedAt.toEpochMilli();
  }

  private <R> R step(String name, String summary, Function<RestoreActivities, R> call) {
    return steps.run(name, summary, RestoreActivities.class, call);
  }

  private static String modeOf(RestoreRequest request) {
    return request.intoDatabase() != null ? "into" : request.mode() == null ? RestoreRequest.SWAP : request.mode();
  }

  private static String workflowId() {
    return Workflow.getInfo().getWorkflowId();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The runbook stops on purpose: abort by an operator, or no approval in time. */
  private static final class RestoreStopped extends RuntimeException {
    final String outcome;

    RestoreStopped(String outcome, String message) {
      super(message);
      this.outcome = outcome;
    }
  }
}
