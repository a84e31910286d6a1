package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.RunbookProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The monthly restore rehearsal: pick a backup → restore it into a scratch database → integrity check →
 * smoke queries → migrations hook → measure RTO/RPO → drop the scratch database (always) → report.
 * Workflow id {@code rehearsal-<target>-<yyyyMMdd'T'HHmmss'Z'>} ({@link RehearsalNames#workflowId}).
 */
@WorkflowInterface
public interface RehearsalWorkflow {

  /** Workflow type name, as schedules start it. */
  String TYPE = "Rehearsal";

  @WorkflowMethod(name = TYPE)
  RehearsalOutcome rehearse(RehearsalRequest request);

  @QueryMethod
  RunbookProgress progress();
}
