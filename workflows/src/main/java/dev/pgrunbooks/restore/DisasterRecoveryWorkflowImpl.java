package dev.pgrunbooks.restore;

import static dev.pgrunbooks.restore.DisasterRecoveryStep.APPROVAL;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.DOWNLOAD;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.DROP_RESTORED_DATABASE;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.HEALTH_PROBE;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.INTEGRITY_CHECK;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.MIGRATE;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.REMOVE_WORK_FILES;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.RESOLVE_BACKUP;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.RESTORE;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.SNAPSHOT_LIVE_COUNTS;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.SWAP_BACK;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.SWAP_INTO_PLACE;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.TERMINATE_AND_DROP;
import static dev.pgrunbooks.restore.DisasterRecoveryStep.WRITE_REPORT;

import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.DetachedScope;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.RunbookVersions;
import dev.pgrunbooks.runbook.StepFailedException;
import dev.pgrunbooks.runbook.StepState;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The disaster-recovery runbook, as the wiki page had it:
 *
 * <pre>
 *   ResolveBackup → Download (+ verify) → SnapshotLiveCounts
 *   swap:     Restore into staging → IntegrityCheck → APPROVAL → SwapIntoPlace (old one kept)
 *   in-place: APPROVAL → TerminateAndDrop → Restore into staging → IntegrityCheck → SwapIntoPlace (rename)
 *   --into:   Restore into a new database → IntegrityCheck        (touches nothing else)
 *   → Migrate → HealthProbe → WriteReport → RemoveWorkFiles
 *   cleanup on failure or abort: SwapBack, DropRestoredDatabase, RemoveWorkFiles, WriteReport,
 *   RecordStepFailure, Notify
 * </pre>
 *
 * A step that fails after its retries waits for {@code runbook decide} (retry, skip for checks, abort)
 * instead of failing the runbook; bad input found before anything was changed fails at once. Abort
 * and failure clean up what this restore made, and never drop a database that has been live: the
 * staging database (never live) is dropped; after a swap, the original is swapped back and the restored
 * copy kept as {@code <db>__aborted_<id>}. A step that changes databases is recorded as intended before
 * it runs, so a cancellation or a failure that hides whether it committed is cleaned up by looking at
 * the actual databases ({@code SwapBack}), and the report says what is true.
 *
 * <p>Runs started before {@link RunbookVersions#KEEP_LIVE_COPIES} replay the old path: in-place restored
 * under the live name, the swap recorded after it ran, and an abort after the swap dropped the copy.
 */
public class DisasterRecoveryWorkflowImpl implements DisasterRecoveryWorkflow {

  private static final int DEFAULT_APPROVAL_MINUTES = 60;

  private final RunbookSteps<DisasterRecoveryStep> steps;
  private final String target;

  // What this restore has done so far: decides what cleanup means.
  private String liveDatabase;
  private String stagingDatabase;
  private String keptDatabase;
  private boolean stagingCreated;
  private boolean swapped;
  private boolean liveDropped;
  /** Runs since {@link RunbookVersions#KEEP_LIVE_COPIES}: see the class comment. */
  private boolean keepLiveCopies;
  private String abortedAs;
  private String abortedCopy;
  private boolean renamingIntoPlace;
  private boolean renamedIntoPlace;

  // Evidence for the report.
  private Instant startedAt;
  private Instant downtimeStartedAt;
  private ManifestSummary backup;
  private LiveCounts before;
  private IntegrityReport integrity;
  private HealthReport health;
  private ClientTool pgRestore;
  private String approvedBy;

  // Human gates.
  private String awaitingApprovalOf;
  private Approval approval;
  private String awaitingDecisionOn;
  private boolean decisionMaySkip;
  private Decision decision;

  @WorkflowInit
  public DisasterRecoveryWorkflowImpl(RestoreRequest request) {
    target = request.target();
    steps = RunbookSteps.of(RunbookKind.RESTORE, target, DisasterRecoveryStep.class);
  }

  @Override
  public RestoreOutcome restore(RestoreRequest request) {
    startedAt = now();
    steps.begin();
    keepLiveCopies = RunbookVersions.KEEP_LIVE_COPIES.isOn();
    String restoreId = BackupKeys.stamp(startedAt).toLowerCase(Locale.ROOT);
    try {
      ResolvedBackup resolved = step(RESOLVE_BACKUP, "Find the " + request.backup() + " verified backup of " + target,
          a -> a.resolveBackup(target, request.backup()));
      backup = resolved.manifest();
      liveDatabase = resolved.liveDatabase();
      step(DOWNLOAD, "Download " + backup.key() + ", check SHA-256 and pg_restore --list",
          a -> a.download(target, backup.key(), backup.sha256(), workflowId(), request.createMissingRoles()));

      String database = switch (request.effectiveMode()) {
        case INTO -> restoreIntoNewDatabase(DatabaseNames.checked(request.intoDatabase()),
            request.createMissingRoles());
        case IN_PLACE -> keepLiveCopies ? restoreInPlaceUnderPrivateName(request, restoreId) : restoreInPlace(request);
        case SWAP -> restoreBySwap(request, restoreId);
      };

      migrate(database);
      probeHealth(request.effectiveMode() == RestoreMode.INTO);
      long rtoMillis = now().toEpochMilli() - startedAt.toEpochMilli();
      String reportKey = writeReport(request, database, RestoreResult.SUCCEEDED, null, rtoMillis);
      removeWorkFiles();
      if (RunbookVersions.SUCCESS_NOTICE.isOn()) {
        steps.tellOperators(NoticeOutcome.SUCCEEDED, null, "restored " + backup.key() + " as " + database
            + (keptDatabase == null ? "" : "; the replaced database is kept as " + keptDatabase));
      }
      steps.succeeded();
      return new RestoreOutcome(target, database, request.effectiveMode(), backup.key(), keptDatabase, approvedBy,
          reportKey, downtimeMillis(), rtoMillis, steps.records());
    } catch (RestoreStopped stop) {
      return failWithCleanup(request, stop.result, stop.step, stop.getMessage());
    } catch (StepFailedException failure) {
      return failWithCleanup(request, RestoreResult.FAILED, failure.step(), failure.step() + " failed: " + failure.reason());
    } catch (IllegalArgumentException badInput) {
      return failWithCleanup(request, RestoreResult.FAILED, null, badInput.getMessage());
    } catch (CanceledFailure cancelled) {
      DetachedScope.run(() -> {
        String cleanedUp = cleanUp("the restore was cancelled");
        if (keepLiveCopies) {
          // The report says what is true after a cancel too.
          String reason = "the restore was cancelled" + (cleanedUp.isEmpty() ? "" : "; " + cleanedUp);
          if (backup != null) {
            writeReport(request, liveDatabase, RestoreResult.ABORTED, reason,
                now().toEpochMilli() - startedAt.toEpochMilli());
          }
          steps.tellOperators(NoticeOutcome.ABORTED, null, reason);
        }
        return cleanedUp;
      });
      throw cancelled;
    }
  }

  /** swap: the live database keeps serving until the restored copy has passed its checks. */
  private String restoreBySwap(RestoreRequest request, String restoreId) {
    stagingDatabase = DatabaseNames.staging(liveDatabase, restoreId);
    String keepAs = DatabaseNames.keptBefore(liveDatabase, restoreId);
    if (keepLiveCopies) {
      // Checked now, before anything is changed: a name too long is bad input, not a cleanup failure.
      abortedAs = DatabaseNames.aborted(liveDatabase, restoreId);
    }
    snapshotLiveCounts();
    stagingCreated = true;
    restored(operatorStep(RESTORE, false, () -> step(RESTORE, "pg_restore " + backup.key() + " into " + stagingDatabase,
        a -> a.restore(target, backup.key(), backup.sha256(), stagingDatabase, workflowId(), false,
            request.createMissingRoles()))));
    checkIntegrity(stagingDatabase);

    awaitApproval(request, "swap " + stagingDatabase + " in as " + liveDatabase + ", keeping the current one as " + keepAs);
    downtimeStartedAt = now();
    if (keepLiveCopies) {
      // The intent, before the step: a cancellation or a lost answer may hide that the swap committed.
      swapped = true;
      keptDatabase = keepAs;
    }
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

  /**
   * in-place: the classic runbook; the database is down from the drop until the health probe passes.
   * pg_restore writes into the private staging name, renamed to the live name only after the integrity
   * check passed: no application and no backup ever connects to a half-restored database.
   */
  private String restoreInPlaceUnderPrivateName(RestoreRequest request, String restoreId) {
    stagingDatabase = DatabaseNames.staging(liveDatabase, restoreId);
    // Only used if a database appeared under the live name meanwhile: it is kept, not dropped.
    String keepAs = DatabaseNames.keptBefore(liveDatabase, restoreId);
    dropTheLiveDatabaseOnceApproved(request);
    stagingCreated = true;
    restored(operatorStep(RESTORE, false, () -> step(RESTORE, "CREATE DATABASE " + stagingDatabase + ", pg_restore "
        + backup.key() + " (renamed to " + liveDatabase + " once checked)",
        a -> a.restore(target, backup.key(), backup.sha256(), stagingDatabase, workflowId(), false,
            request.createMissingRoles()))));
    checkIntegrity(stagingDatabase);
    renamingIntoPlace = true;
    operatorStep(SWAP_INTO_PLACE, false, () -> step(SWAP_INTO_PLACE,
        "Rename the checked " + stagingDatabase + " → " + liveDatabase,
        a -> {
          a.swapIntoPlace(target, liveDatabase, stagingDatabase, keepAs, workflowId());
          return null;
        }));
    stagingCreated = false;
    stagingDatabase = null;
    renamingIntoPlace = false;
    renamedIntoPlace = true;
    return liveDatabase;
  }

  /** in-place, both versions: reference counts, the approval, then the live database goes. */
  private void dropTheLiveDatabaseOnceApproved(RestoreRequest request) {
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
  }

  /** in-place before {@link RunbookVersions#KEEP_LIVE_COPIES}: pg_restore under the live name. */
  private String restoreInPlace(RestoreRequest request) {
    dropTheLiveDatabaseOnceApproved(request);
    restored(operatorStep(RESTORE, false, () -> step(RESTORE, "CREATE DATABASE " + liveDatabase + ", pg_restore " + backup.key(),
        a -> a.restore(target, backup.key(), backup.sha256(), liveDatabase, workflowId(), true,
            request.createMissingRoles()))));
    checkIntegrity(liveDatabase);
    return liveDatabase;
  }

  /** --into: a new database beside everything else; no approval, nothing replaced. */
  private String restoreIntoNewDatabase(String into, boolean createMissingRoles) {
    stagingDatabase = into;
    stagingCreated = true;
    steps.skipped(SNAPSHOT_LIVE_COUNTS, "--into " + into + ": no live database is replaced");
    restored(operatorStep(RESTORE, false, () -> step(RESTORE, "CREATE DATABASE " + into + ", pg_restore " + backup.key(),
        a -> a.restore(target, backup.key(), backup.sha256(), into, workflowId(), false, createMissingRoles))));
    checkIntegrity(into);
    stagingCreated = false;
    stagingDatabase = null;
    return into;
  }

  /** Keeps which pg_restore ran, for the report (null when the step was skipped). */
  private void restored(RestoredDatabase restored) {
    if (restored != null) {
      pgRestore = restored.pgRestore();
    }
  }

  private void snapshotLiveCounts() {
    if (!keepLiveCopies) {
      before = step(SNAPSHOT_LIVE_COUNTS, "Row counts of " + liveDatabase + " before anything changes",
          a -> a.snapshotLiveCounts(target, liveDatabase));
      return;
    }
    // For reference only: a failure after its retries asks the operator, who may skip it.
    before = operatorStep(SNAPSHOT_LIVE_COUNTS, true, () -> step(SNAPSHOT_LIVE_COUNTS,
        "Row counts of " + liveDatabase + " before anything changes (exact within a per-table budget, else estimated)",
        a -> a.snapshotLiveCounts(target, liveDatabase)));
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
    int minutes = request.approvalTimeoutMinutes() > 0 ? request.approvalTimeoutMinutes() : DEFAULT_APPROVAL_MINUTES;
    int gate = steps.startManual(APPROVAL, "Approve: " + whatHappensNext);
    awaitingApprovalOf = liveDatabase;
    steps.waitingFor("approval to " + whatHappensNext + ": runbook approve " + workflowId() + " --database "
        + liveDatabase + " --by YOUR_NAME", RunbookStatus.AWAITING_APPROVAL);
    steps.tellOperators(NoticeOutcome.NEEDS_APPROVAL, APPROVAL.stepName(),
        "waiting up to " + minutes + " min for approval to " + whatHappensNext);
    boolean approved = Workflow.await(Duration.ofMinutes(minutes), () -> approval != null);
    awaitingApprovalOf = null;
    steps.stopWaiting();
    if (!approved) {
      steps.finishManual(gate, StepState.FAILED, "no approval within " + minutes + " min");
      throw new RestoreStopped(RestoreResult.ABORTED, APPROVAL.stepName(),
          "no approval within " + minutes + " min; nothing was changed");
    }
    approvedBy = approval.by();
    steps.finishManual(gate, StepState.SUCCEEDED, "approved by " + approvedBy);
  }

  /**
   * Runs a step; when it fails after its retries, asks the operator. Before anything was changed, a
   * failure retrying cannot fix (bad input, corrupt backup) stops the runbook at once instead.
   */
  private <R> R operatorStep(DisasterRecoveryStep step, boolean skippable, Supplier<R> run) {
    while (true) {
      try {
        return run.get();
      } catch (StepFailedException failure) {
        boolean forReference = keepLiveCopies && step == SNAPSHOT_LIVE_COUNTS;
        if (!failure.retryable() && !destructiveStepTaken() && !forReference) {
          throw failure;
        }
        Decision answer = askOperator(failure, skippable);
        switch (answer.choice()) {
          case RETRY -> { }
          case SKIP -> {
            steps.skipped(step, "skipped by " + answer.by() + " after: " + failure.reason());
            return null;
          }
          case ABORT -> throw new RestoreStopped(RestoreResult.ABORTED, step.stepName(), "aborted by " + answer.by()
              + " after " + step.stepName() + " failed: " + failure.reason());
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
    steps.tellOperators(NoticeOutcome.NEEDS_OPERATOR, failure.step(), failure.reason()
        + " — answer with: runbook decide " + workflowId() + " " + choices);
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
          + steps.status() + "); approve when 'runbook status' shows " + RunbookStatus.AWAITING_APPROVAL);
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
          + steps.status() + ")");
    }
    if (candidate == null || candidate.choice() == null) {
      throw new IllegalArgumentException("decide takes retry, skip or abort");
    }
    if (candidate.choice() == Decision.Choice.SKIP && !decisionMaySkip) {
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

  private RestoreOutcome failWithCleanup(RestoreRequest request, RestoreResult result, String failedStep, String reason) {
    String cleanedUp = cleanUp(reason);
    steps.failed();
    String fullReason = reason + (cleanedUp.isEmpty() ? "" : "; " + cleanedUp);
    if (backup != null) {
      writeReport(request, liveDatabase, result, fullReason, now().toEpochMilli() - startedAt.toEpochMilli());
    }
    String noticeStep = RunbookVersions.FAILURE_NOTICE_NAMES_STEP.isOn() ? failedStep : null;
    steps.tellOperators(result == RestoreResult.ABORTED ? NoticeOutcome.ABORTED : NoticeOutcome.FAILED, noticeStep,
        fullReason);
    FailureType type = result == RestoreResult.ABORTED ? FailureType.RESTORE_ABORTED : FailureType.RESTORE_FAILED;
    throw type.nonRetryableFailure("restore of " + target + " " + result + ": " + fullReason);
  }

  /** Undo what this restore made, so the live database is as it was. Returns what was done. */
  private String cleanUp(String why) {
    if (keepLiveCopies) {
      return cleanUpKeepingLiveCopies(why);
    }
    String done = "";
    try {
      if (swapped) {
        // The restored copy is live: put the original back, then drop the restored copy.
        step(SWAP_INTO_PLACE, "Swap back: " + keptDatabase + " → " + liveDatabase, a -> {
          a.swapIntoPlace(target, liveDatabase, keptDatabase, stagingDatabase, workflowId());
          return null;
        });
        swapped = false;
        keptDatabase = null;
        done = liveDatabase + " swapped back to the original; ";
      }
      if (stagingCreated && stagingDatabase != null) {
        boolean dropped = step(DROP_RESTORED_DATABASE, "Drop " + stagingDatabase + " if this restore created it ("
            + why + ")", a -> a.dropRestoredDatabase(target, stagingDatabase, workflowId()));
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

  /**
   * Cleanup that never drops a database that has been live, and says what the databases actually are:
   * after an intended swap, SwapBack looks before it renames.
   */
  private String cleanUpKeepingLiveCopies(String why) {
    StringBuilder done = new StringBuilder();
    try {
      if (swapped) {
        SwapBackResult back = step(SWAP_BACK, "Swap back if the swap happened: " + keptDatabase + " → " + liveDatabase
            + ", the restored copy kept as " + abortedAs, a -> a.swapBack(target, liveDatabase, keptDatabase, abortedAs,
                workflowId()));
        swapped = false;
        keptDatabase = null;
        if (back.swapHappened()) {
          // The staging database became the restored copy that was live: kept, never dropped.
          stagingCreated = false;
          abortedCopy = back.restoredCopy();
          done.append(liveDatabase).append(" swapped back to the original; the restored copy, live since the swap "
              + "(it may hold the application's writes), is kept as ").append(abortedCopy)
              .append(": inspect it with psql -d ").append(abortedCopy).append(", drop it when done with DROP DATABASE \"")
              .append(abortedCopy).append("\"; ");
        } else {
          done.append("the swap had not happened; ");
        }
      }
      if (renamingIntoPlace && stagingCreated) {
        // Restored and checked: whichever name holds it now, it is the backup, and nothing else remains.
        done.append(stagingDatabase).append(" passed its integrity check and was being renamed to ").append(liveDatabase)
            .append(": it was kept (look for either name) and nothing was dropped; ");
        stagingCreated = false;
      }
      if (stagingCreated && stagingDatabase != null) {
        boolean dropped = step(DROP_RESTORED_DATABASE, "Drop " + stagingDatabase + " if this restore created it ("
            + why + ")", a -> a.dropRestoredDatabase(target, stagingDatabase, workflowId()));
        done.append(stagingDatabase).append(dropped ? " (never live) dropped; "
            : " not dropped: it does not exist or this restore did not create it; ");
        stagingCreated = false;
      }
      if (liveDropped && renamedIntoPlace) {
        done.append(liveDatabase).append(" holds the restored backup (checked before it was renamed live); ");
      } else if (liveDropped && !renamingIntoPlace) {
        done.append(liveDatabase).append(" was dropped before the failure: restore it again or from another backup; ");
      } else if (liveDatabase != null && abortedCopy == null && !liveDropped) {
        done.append(liveDatabase).append(" untouched");
      }
      removeWorkFiles();
    } catch (StepFailedException cleanupFailed) {
      done.append("cleanup failed (").append(cleanupFailed.reason()).append("): nothing was dropped; check which of ")
          .append(liveDatabase).append(keptDatabase == null ? "" : ", " + keptDatabase)
          .append(stagingDatabase == null ? "" : ", " + stagingDatabase).append(" exist by hand");
    }
    return done.toString().replaceAll("; $", "");
  }

  private String writeReport(RestoreRequest request, String database, RestoreResult result, String reason,
      long rtoMillis) {
    RestoreReport report = new RestoreReport(workflowId(), target, request.effectiveMode(), database, backup.key(),
        backup.finishedAt(), result, reason, approvedBy, startedAt, now(), downtimeMillis(), rtoMillis,
        before, integrity, health, steps.records(), pgRestore, abortedCopy);
    return steps.bestEffort(WRITE_REPORT, "Store the evidence report under " + BackupKeys.reportsPrefix(target),
        RestoreActivities.class, a -> a.writeReport(report));
  }

  /** A leftover work file wastes disk but harms nothing; the journal shows a failure. */
  private void removeWorkFiles() {
    steps.bestEffort(REMOVE_WORK_FILES, "Remove the downloaded work file", RestoreActivities.class, a -> {
      a.removeWorkFiles(workflowId());
      return null;
    });
  }

  private boolean destructiveStepTaken() {
    return downtimeStartedAt != null;
  }

  private long downtimeMillis() {
    return downtimeStartedAt == null ? 0 : now().toEpochMilli() - downtimeStartedAt.toEpochMilli();
  }

  private <R> R step(DisasterRecoveryStep step, String summary, Function<RestoreActivities, R> call) {
    return steps.run(step, summary, RestoreActivities.class, call);
  }

  private static String workflowId() {
    return Workflow.getInfo().getWorkflowId();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The runbook stops on purpose: abort by an operator, or no approval in time. */
  private static final class RestoreStopped extends RuntimeException {
    final RestoreResult result;
    final String step;

    RestoreStopped(RestoreResult result, String step, String message) {
      super(message);
      this.result = result;
      this.step = step;
    }
  }
}
