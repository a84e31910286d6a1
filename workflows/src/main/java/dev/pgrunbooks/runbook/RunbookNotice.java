package dev.pgrunbooks.runbook;

/**
 * A message for the operators' webhook.
 *
 * @param outcome "failed", "succeeded", "needs-operator", ...
 * @param step the step it concerns, or null
 * @param message one line for a human, never a secret
 */
public record RunbookNotice(
    String kind, String target, String workflowId, String outcome, String step, String message) {}
