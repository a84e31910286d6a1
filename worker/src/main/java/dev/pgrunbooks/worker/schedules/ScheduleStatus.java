package dev.pgrunbooks.worker.schedules;

import java.time.Instant;

/**
 * A schedule as {@code runbook schedule list} shows it.
 *
 * @param cron what the server has, or null when it is absent (or cannot say)
 * @param state "scheduled", "paused", "absent" (configured, not applied) or "not-in-configuration"
 * @param nextRun the next time it fires, when the server says
 * @param fallback kept as a cron workflow (server without Schedules), not as a Schedule
 */
public record ScheduleStatus(
    String id, String target, String kind, String cron, String state, Instant nextRun, boolean fallback) {}
