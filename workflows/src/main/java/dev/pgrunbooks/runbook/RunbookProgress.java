package dev.pgrunbooks.runbook;

import java.util.List;

/**
 * What a runbook has done and what it does now: returned by every runbook's {@code progress} query.
 *
 * @param waitingFor what the runbook waits for (an approval, a decision), or null
 */
public record RunbookProgress(
    String kind,
    String target,
    String status,
    String currentStep,
    String waitingFor,
    List<StepRecord> steps) {}
