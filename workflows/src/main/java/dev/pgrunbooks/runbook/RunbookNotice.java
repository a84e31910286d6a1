package dev.pgrunbooks.runbook;

/**
 * A message for the operators' webhook.
 *
 * @param step the step it concerns, or null
 * @param message one line for a human, never a secret
 */
public record RunbookNotice(
    RunbookKind kind, String target, String workflowId, NoticeOutcome outcome, String step, String message) {}
