package dev.pgrunbooks.rehearsal;

import static dev.pgrunbooks.rehearsal.RehearsalStep.DROP_SCRATCH;
import static dev.pgrunbooks.rehearsal.RehearsalStep.FRESH_BACKUP;
import static dev.pgrunbooks.rehearsal.RehearsalStep.INTEGRITY_CHECK;
import static dev.pgrunbooks.rehearsal.RehearsalStep.MARK_BACKUP;
import static dev.pgrunbooks.rehearsal.RehearsalStep.MEASURE;
import static dev.pgrunbooks.rehearsal.RehearsalStep.MIGRATE;
import static dev.pgrunbooks.rehearsal.RehearsalStep.PICK_BACKUP;
import static dev.pgrunbooks.rehearsal.RehearsalStep.RECORD_REHEARSAL_METRICS;
import static dev.pgrunbooks.rehearsal.RehearsalStep.REMOVE_WORK_FILES;
import static dev.pgrunbooks.rehearsal.RehearsalStep.RESTORE;
import static dev.pgrunbooks.rehearsal.RehearsalStep.SMOKE_QUERIES;
import static dev.pgrunbooks.rehearsal.RehearsalStep.WRITE_REHEARSAL_REPORT;

import dev.pgrunbooks.backup.BackupRehearsal;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.ManifestSummary;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.restore.IntegrityReport;
import dev.pgrunbooks.restore.RestoreActivities;
import dev.pgrunbooks.restore.RestoredDatabase;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.DetachedScope;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.NoticeOutcome;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStep;
import dev.pgrunbooks.runbook.RunbookSteps;
import dev.pgrunbooks.runbook.RunbookVersions;
import dev.pgrunbooks.runbook.StepFailedException;
import dev.pgrunbooks.runbook.StepState;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The monthly restore rehearsal, as the wiki page had it ("restore a random weekly backup into staging,
 * log duration and any errors; a corrupted dump found this way: escalate and capture a fresh dump"):
 *
 * <pre>
 *   PickBackup → Restore (scratch database rehearsal_&lt;target&gt;_&lt;yyyymmdd&gt;) → IntegrityCheck
 *   → SmokeQueries → Migrate → Measure (RTO, RPO against the objectives)
 *   → DropScratch (always: also on failure and cancellation) → RemoveWorkFiles
 *   → on failure: MarkBackup + FreshBackup (a child backup that outlives the rehearsal)
 *   → WriteRehearsalReport → RecordRehearsalMetrics → on failure: RecordStepFailure + Notify
 * </pre>
 *
 * Restore, integrity check and migrations are the disaster-recovery runbook's own activities, so a
 * rehearsal exercises exactly what a real recovery would run. The scratch database is dropped before
 * the report is written, so the report can say it is gone.
 */
public class RehearsalWorkflowImpl implements RehearsalWorkflow {

  private final RunbookSteps<RehearsalStep> steps;
  private final String target;

  private String trigger;
  private Instant startedAt;
  private Instant rehearsalTime;
  private String stamp;
  private String reportKey;
  private String pick;
  private ManifestSummary backup;
  private String scratch;
  private boolean scratchMayExist;

  // Evidence.
  private Instant restoreStartedAt;
  private IntegrityReport integrity;
  private ClientTool pgRestore;
  private SmokeReport smoke;
  private String migration;
  private RecoveryPoint objectives;
  private Long rtoMillis;
  private Long rpoMillis;

  @WorkflowInit
  public RehearsalWorkflowImpl(RehearsalRequest request) {
    target = request.target();
    steps = RunbookSteps.of(RunbookKind.REHEARSAL, target, RehearsalStep.class);
  }

  @Override
  public RehearsalOutcome rehearse(RehearsalRequest request) {
    trigger = request.trigger();
    startedAt = now();
    rehearsalTime = request.requestedAt() != null ? request.requestedAt() : startedAt;
    stamp = BackupKeys.stamp(rehearsalTime);
    reportKey = RehearsalNames.reportKey(target, stamp);
    steps.begin();

    Verdict verdict;
    try {
      rehearseChosenBackup(request.backup());
      verdict = Verdict.PASSED;
    } catch (StepFailedException failure) {
      verdict = cancelRequested() ? Verdict.onCancel() : Verdict.of(failure);
    } catch (CanceledFailure cancelled) {
      verdict = Verdict.onCancel();
    } catch (IllegalArgumentException badInput) {
      verdict = new Verdict(PICK_BACKUP.stepName(), badInput.getMessage(), false, false);
    }

    // Cleanup, evidence and escalation run even when the rehearsal was cancelled.
    Verdict finalVerdict = verdict;
    return DetachedScope.run(() -> finish(finalVerdict));
  }

  @Override
  public RunbookProgress progress() {
    return steps.progress();
  }

  // ---- the rehearsal proper -------------------------------------------------------------------

  private void rehearseChosenBackup(String requestedPick) {
    RehearsalCandidates candidates = rehearsalStep(PICK_BACKUP, "Choose the backup of " + target + " to rehearse ("
        + (requestedPick == null ? "as configured" : requestedPick) + ")",
        a -> a.pickBackup(target, requestedPick, rehearsalTime));
    List<ManifestSummary> choices = candidates.candidates();
    // The workflow's own random: replays draw the same backup.
    backup = choices.size() == 1 ? choices.get(0) : choices.get(Workflow.newRandom().nextInt(choices.size()));
    pick = candidates.pick() + " (one of " + candidates.description() + ")";
    scratch = RunbookVersions.SCRATCH_DATABASE_PER_RUN.isOn()
        // Drawn from the workflow's own random: replays and resets of this run name the same database.
        ? RehearsalNames.scratchDatabase(target, rehearsalTime, Workflow.randomUUID().toString().substring(0, 8))
        : RehearsalNames.scratchDatabaseOfDay(target, rehearsalTime);

    restoreStartedAt = now();
    restoreIntoScratch();
    integrity = restoreStep(INTEGRITY_CHECK, "Row and object counts of " + scratch + " against the manifest of "
        + backup.key(), a -> a.integrityCheck(target, scratch, backup));
    steps.require(INTEGRITY_CHECK, integrity.passed(), "restored data differs from the backup: "
        + String.join("; ", integrity.differences().subList(0, Math.min(10, integrity.differences().size()))));
    smoke = rehearsalStep(SMOKE_QUERIES, "Run the target's smoke queries against " + scratch,
        a -> a.smokeQueries(target, scratch));
    steps.require(SMOKE_QUERIES, smoke.passed(), "smoke queries did not return true: " + describe(smoke.failures()));
    rtoMillis = now().toEpochMilli() - restoreStartedAt.toEpochMilli();

    migration = restoreStep(MIGRATE, "Run the target's migrateCommand against " + scratch,
        a -> a.migrate(target, scratch));
    objectives = rehearsalStep(MEASURE, "RTO (restore to checks passed) and RPO (age of the newest verified backup)",
        a -> a.measure(target, rehearsalTime));
    rpoMillis = objectives.newestTakenAt() == null ? null
        : Math.max(0, rehearsalTime.toEpochMilli() - objectives.newestTakenAt().toEpochMilli());
    Long rtoObjective = objectives.rtoObjectiveMillis();
    steps.require(MEASURE, rtoObjective == null || rtoMillis <= rtoObjective, "RTO objective missed: restore and"
        + " checks took " + human(rtoMillis) + ", the objective (objectives.rto) is " + objectives.rtoObjective());
  }

  /**
   * The scratch database may exist from the moment the restore starts. A name already taken (a rehearsal
   * that started before names were per run, or one left behind) is refused by the restore; the cleanup then leaves it alone, as it drops only what
   * this rehearsal created.
   */
  private void restoreIntoScratch() {
    scratchMayExist = true;
    try {
      RestoredDatabase restored = restoreStep(RESTORE, "pg_restore " + backup.key() + " into scratch database " + scratch,
          a -> a.restore(target, backup.key(), backup.sha256(), scratch, workflowId(), false, false));
      pgRestore = restored == null ? null : restored.pgRestore();
    } catch (StepFailedException failure) {
      if (FailureType.of(failure).orElse(null) == FailureType.DATABASE_EXISTS) {
        throw new StepFailedException(RESTORE.stepName(), "scratch database " + scratch + " already exists and is not this"
            + " rehearsal's (another rehearsal of " + target + " today, or one left behind): drop it with"
            + " DROP DATABASE " + scratch + " once no rehearsal uses it, then rehearse again", false, failure);
      }
      throw failure;
    }
  }

  // ---- after the rehearsal: always ------------------------------------------------------------

  private RehearsalOutcome finish(Verdict verdict) {
    String scratchDropped = dropScratch();
    if (backup != null) {
      removeWorkFiles();
    }
    boolean marked = false;
    String freshBackup = null;
    if (verdict.backupAtFault() && backup != null) {
      marked = markBackup(new BackupRehearsal(BackupRehearsal.Verdict.FAILED, workflowId(), now(), verdict.reason(), reportKey));
      freshBackup = startFreshBackup();
    } else if (verdict == Verdict.PASSED && backup.failedRehearsal()) {
      // Rehearsed again by key and passed this time: the backup counts as good again.
      markBackup(new BackupRehearsal(BackupRehearsal.Verdict.PASSED, workflowId(), now(), null, reportKey));
    }

    RehearsalResult outcome = verdict == Verdict.PASSED ? RehearsalResult.PASSED
        : verdict.cancelled() ? RehearsalResult.CANCELLED : RehearsalResult.FAILED;
    String reason = verdict == Verdict.PASSED ? null : verdict.step() + " failed: " + verdict.reason();
    String storedReport = writeReport(outcome, reason, marked, freshBackup, scratchDropped);

    if (verdict.cancelled()) {
      steps.failed();
      throw new CanceledFailure("rehearsal of " + target + " cancelled; scratch database " + scratchDropped);
    }
    recordMetrics(verdict == Verdict.PASSED);
    if (verdict == Verdict.PASSED) {
      if (RunbookVersions.SUCCESS_NOTICE.isOn()) {
        steps.tellOperators(NoticeOutcome.SUCCEEDED, null, "rehearsal of " + backup.key() + " passed; report: "
            + (storedReport == null ? "(could not be stored)" : storedReport));
      }
      steps.succeeded();
      return new RehearsalOutcome(target, backup.key(), scratch, storedReport, rtoMillis, rpoMillis,
          met(rtoMillis, objectives.rtoObjectiveMillis()), met(rpoMillis, objectives.rpoObjectiveMillis()),
          now().toEpochMilli() - startedAt.toEpochMilli(), steps.records());
    }

    StringBuilder message = new StringBuilder("rehearsal of ").append(target).append(" failed at ")
        .append(verdict.step()).append(": ").append(verdict.reason());
    if (marked) {
      message.append("; backup ").append(backup.key()).append(" is marked as failing rehearsal");
    }
    if (freshBackup != null) {
      message.append("; fresh backup ").append(freshBackup).append(" started");
    }
    message.append("; scratch database ").append(scratchDropped);
    message.append("; report: ").append(storedReport == null ? "(could not be stored)" : storedReport);
    steps.failed();
    steps.tellOperators(NoticeOutcome.FAILED, verdict.step(), message.toString());
    throw FailureType.REHEARSAL_FAILED.failure(message.toString());
  }

  /** Returns what became of the scratch database, for the report and the failure message. */
  private String dropScratch() {
    if (!scratchMayExist) {
      steps.skipped(DROP_SCRATCH, "no scratch database was created");
      return scratch == null ? "not created" : scratch + " not created by this rehearsal";
    }
    try {
      boolean dropped = rehearsalStep(DROP_SCRATCH, "DROP DATABASE " + scratch + " WITH (FORCE), if this rehearsal"
          + " created it", a -> a.dropScratch(target, scratch, workflowId()));
      scratchMayExist = false;
      return scratch + (dropped ? " dropped" : " not created by this rehearsal");
    } catch (StepFailedException failure) {
      return scratch + " could NOT be dropped (" + failure.reason() + "): drop it by hand";
    }
  }

  /** A leftover work file wastes disk but harms nothing; the journal shows a failure. */
  private void removeWorkFiles() {
    steps.bestEffort(REMOVE_WORK_FILES, "Remove the downloaded work file", RestoreActivities.class, a -> {
      a.removeWorkFiles(workflowId());
      return null;
    });
  }

  private boolean markBackup(BackupRehearsal verdict) {
    return steps.bestEffort(MARK_BACKUP, "Record in the manifest of " + backup.key() + " that its rehearsal "
        + verdict.status(), RehearsalActivities.class, a -> {
          a.markBackup(target, backup.key(), verdict);
          return true;
        }) != null;
  }

  /**
   * A backup that failed its rehearsal leaves the target without a proven one: take a fresh backup at
   * once, as a child that outlives the rehearsal (which fails as soon as the child has started).
   */
  private String startFreshBackup() {
    Instant at = now();
    String childId = RunbookKind.BACKUP + "-" + target + "-" + BackupKeys.stamp(at);
    int index = steps.startManual(FRESH_BACKUP, "Start a fresh backup of " + target + ": " + childId);
    try {
      BackupWorkflow child = Workflow.newChildWorkflowStub(BackupWorkflow.class, ChildWorkflowOptions.newBuilder()
          .setWorkflowId(childId)
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
          .build());
      Async.function(child::backup, new BackupRequest(target, "rehearsal-failure", at));
      Workflow.getWorkflowExecution(child).get();
      steps.finishManual(index, StepState.SUCCEEDED, "started " + childId);
      return childId;
    } catch (TemporalFailure notStarted) {
      steps.finishManual(index, StepState.FAILED, "could not start " + childId + ": " + notStarted.getMessage()
          + "; run 'runbook backup " + target + "'");
      return null;
    }
  }

  private String writeReport(RehearsalResult outcome, String reason, boolean marked, String freshBackup, String scratchDropped) {
    RehearsalReport report = new RehearsalReport(reportKey, workflowId(), target, trigger, pick,
        backup == null ? null : backup.key(), backup == null ? null : backupTakenAt(), scratch, outcome, reason,
        startedAt, now(), checksPassed() ? rtoMillis : null, rpoMillis, objectives, integrity, smoke, migration,
        marked, freshBackup, scratchDropped, steps.records(), pgRestore);
    return steps.bestEffort(WRITE_REHEARSAL_REPORT, "Store the evidence report " + reportKey,
        RehearsalActivities.class, a -> a.writeReport(report));
  }

  private void recordMetrics(boolean passed) {
    RehearsalMeasured measured = new RehearsalMeasured(target, passed, now(),
        now().toEpochMilli() - startedAt.toEpochMilli(), checksPassed() ? rtoMillis : null, rpoMillis,
        objectives == null ? null : objectives.rtoObjectiveMillis(),
        objectives == null ? null : objectives.rpoObjectiveMillis());
    // Metrics are not evidence; the report is.
    steps.bestEffort(RECORD_REHEARSAL_METRICS, "Rehearsal duration, RTO, RPO, last passed", RehearsalActivities.class,
        a -> {
          a.recordMetrics(measured);
          return null;
        });
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** When the backup was taken: its key's stamp, the time the catalog and the RPO go by. */
  private Instant backupTakenAt() {
    return BackupKeys.takenAt(backup.key()).orElse(backup.startedAt());
  }

  /** Restore, checks and smoke queries passed (RTO was measured there). */
  private boolean checksPassed() {
    return rtoMillis != null;
  }

  private <R> R rehearsalStep(RehearsalStep step, String summary, Function<RehearsalActivities, R> call) {
    return steps.run(step, summary, RehearsalActivities.class, call);
  }

  private <R> R restoreStep(RehearsalStep step, String summary, Function<RestoreActivities, R> call) {
    return steps.run(step, summary, RestoreActivities.class, call);
  }

  private static boolean cancelRequested() {
    return CancellationScope.current().isCancelRequested();
  }

  private static Boolean met(Long measured, Long objective) {
    return measured == null || objective == null ? null : measured <= objective;
  }

  private static String describe(List<SmokeReport.SmokeQuery> failures) {
    StringBuilder s = new StringBuilder();
    for (SmokeReport.SmokeQuery q : failures.subList(0, Math.min(5, failures.size()))) {
      if (s.length() > 0) {
        s.append("; ");
      }
      String sql = q.sql().replaceAll("\\s+", " ");
      s.append("#").append(q.number()).append(" ").append(sql.length() > 120 ? sql.substring(0, 119) + "…" : sql)
          .append(" → ").append(q.result());
    }
    return s.toString();
  }

  static String human(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return d.toSeconds() + "." + (d.toMillisPart() / 100) + " s";
  }

  private static String workflowId() {
    return Workflow.getInfo().getWorkflowId();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /**
   * How the rehearsal ended. {@code backupAtFault}: the failure convicts the backup (it could not be
   * restored because of its content, its data differs, or the smoke queries said false). A missed RTO
   * objective or a tool problem fails the rehearsal without convicting the backup.
   */
  private record Verdict(String step, String reason, boolean backupAtFault, boolean cancelled) {
    static final Verdict PASSED = new Verdict(null, null, false, false);

    static Verdict onCancel() {
      return new Verdict("Cancel", "the rehearsal was cancelled", false, true);
    }

    static Verdict of(StepFailedException failure) {
      boolean judged = failure.getCause() == null; // steps.require: the activity measured, the runbook judged
      RehearsalStep step = RunbookStep.named(RehearsalStep.class, failure.step());
      boolean atFault = step != null && switch (step) {
        // Tool problems (pg_restore missing or too old, server unreachable) are not the backup's types.
        case RESTORE -> FailureType.convictsBackup(failure);
        case INTEGRITY_CHECK, SMOKE_QUERIES -> judged;
        // The RTO includes queueing, worker restarts and retries: it fails the rehearsal, not the backup.
        case MEASURE -> judged && !RunbookVersions.RTO_MISS_SPARES_BACKUP.isOn();
        default -> false;
      };
      return new Verdict(failure.step(), failure.reason(), atFault, false);
    }
  }
}
