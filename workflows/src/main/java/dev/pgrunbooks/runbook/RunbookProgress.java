package dev.pgrunbooks.runbook;

import java.util.List;

/**
 * What a runbook has done and what it does now: returned by every runbook's {@code progress} query.
 *
 * @param waitingFor what the runbook waits for (an approval, a decision), or null
 */
public record RunbookProgress(
    RunbookKind kind,
    String target,
    RunbookStatus status,
    String currentStep,
    String waitingFor,
    List<StepRecord> steps) {}
