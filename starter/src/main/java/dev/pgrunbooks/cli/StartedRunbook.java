package dev.pgrunbooks.cli;

import dev.pgrunbooks.runbook.RunbookKind;

/** A runbook that was just started: what to follow. */
public record StartedRunbook(RunbookKind kind, String target, String workflowId, String runId, String summary) {}
