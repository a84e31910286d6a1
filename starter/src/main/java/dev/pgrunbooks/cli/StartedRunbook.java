package dev.pgrunbooks.cli;

/** A runbook that was just started: what to follow. */
public record StartedRunbook(String kind, String target, String workflowId, String runId, String summary) {}
